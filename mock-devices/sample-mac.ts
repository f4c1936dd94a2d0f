import type { Catalogue } from "../src/catalogue/index.ts";
import { loadOuiTable, type OuiTable } from "../src/scan/oui.ts";
import type { Sample } from "./samples.ts";


/** The IEEE organisation names a maker or brand registers under: the catalogue's list, else registry names starting with it. */
function organisations(name: string, catalogue: Catalogue, t: OuiTable): Set<string> {
  const m = catalogue.lookupName(name);
  const listed = m?.brand?.ouiOrganisations ?? m?.vendor?.ouiOrganisations ?? [];
  if (listed.length) return new Set(listed);
  const want = name.toLowerCase().replace(/\s+(communications|corporation|incorporated|inc\.?)$/i, "");
  const out = new Set<string>();
  for (const v of Object.values(t)) {
    const org = v.split("\n")[0]!.trim();
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
  const t = await loadOuiTable();
  for (const name of [sample.expect.brand, sample.expect.vendor]) {
    if (!name) continue;
    const orgs = organisations(name, catalogue, t);
    const blocks = new Map<string, string[]>();
    for (const k of Object.keys(t).sort()) {
      const org = t[k]!.split("\n")[0]!.trim();
      if (k.length === 6 && orgs.has(org)) blocks.set(org, [...(blocks.get(org) ?? []), k]);
    }
    // The organisation with the most blocks is the maker's main registration ("Sony Corporation", not a joint venture).
    const prefix = [...blocks.values()].sort((a, b) => b.length - a.length)[0]?.[0];
    if (!prefix) continue;
    const tail = [0x5a, (n >> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, "0"));
    return [...prefix.toLowerCase().match(/../g)!, ...tail].join(":");
  }
  return undefined;
}
