import type { Catalogue } from "../src/catalogue/index.ts";
import { ouiBlocks } from "../src/scan/oui.ts";
import type { Sample } from "./samples.ts";

/** The IEEE organisation names a maker or brand registers under: the catalogue's list, else registry names starting with it. */
function organisations(name: string, catalogue: Catalogue, blocks: [string, string][]): Set<string> {
  const m = catalogue.lookupName(name);
  const listed = m?.brand?.ouiOrganisations ?? m?.vendor?.ouiOrganisations ?? [];
  if (listed.length) return new Set(listed);
  const want = name.toLowerCase().replace(/\s+(communications|corporation|incorporated|inc\.?)$/i, "");
  const out = new Set<string>();
  for (const [, org] of blocks) {
    const o = org.toLowerCase();
    if (o === want || o.startsWith(`${want} `) || o.startsWith(`${want},`)) out.add(org);
  }
  return out;
}

/**
 * A MAC a sample's device could really have on the wire: the first MA-L block registered to the brand it states
 * (Amcrest, Lorex and others register their own), else to its maker; undefined when neither has one. `n` makes each
 * device's address unique within the block.
 */
export async function sampleMac(sample: Sample, catalogue: Catalogue, n: number): Promise<string | undefined> {
  const all: [string, string][] = [];
  for await (const b of ouiBlocks()) all.push(b);
  for (const name of [sample.expect.brand, sample.expect.vendor]) {
    if (!name) continue;
    const orgs = organisations(name, catalogue, all);
    const blocks = new Map<string, string[]>();
    for (const [k, org] of all) if (orgs.has(org)) blocks.set(org, [...(blocks.get(org) ?? []), k]);
    // The organisation with the most blocks is the maker's main registration ("Sony Corporation", not a joint venture).
    const prefix = [...blocks.values()].sort((a, b) => b.length - a.length)[0]?.[0];
    if (!prefix) continue;
    const tail = [0x5a, (n >> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, "0"));
    return [...prefix.toLowerCase().match(/../g)!, ...tail].join(":");
  }
  return undefined;
}
