// XML reading beside fast-xml-parser (its validator and parser, set as camsweep once used them), on real device
// replies from test/fixtures/samples: time and bytes allocated per document.
//   npm run bench:xml
// Allocation is counted as young-generation collections times the semi-space size, which the script fixes at 1 MB
// (package.json runs it with --min/--max-semi-space-size=1). No packets are sent.
import { readFileSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
import { XMLValidator } from "fast-xml-parser";
import { parseXml } from "../src/net/xml.ts";
import { referenceXmlParser as reference } from "../test/net/xml-reference.ts";

const SAMPLES = ["hikvision-wsd-probematch-1-ds2cd3955fwd-iws.xml", "tplink-wsd-probematch-1-tl-sc3130g.xml"];
const N = 5000;

let minor = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === 1) minor++;
}).observe({ entryTypes: ["gc"] });
const turn = (): Promise<void> => new Promise((r) => setTimeout(r, 10));

async function measure(f: () => unknown): Promise<{ us: number; kb: number }> {
  for (let i = 0; i < 200; i++) f();
  await turn();
  minor = 0;
  const t = performance.now();
  for (let i = 0; i < N; i++) f();
  const us = ((performance.now() - t) / N) * 1000;
  await turn();
  return { us, kb: (minor * 1024) / N };
}

console.log("| sample | bytes | camsweep parseXml | fast-xml-parser validate + parse |");
console.log("|---|---|---|---|");
for (const name of SAMPLES) {
  const text = readFileSync(new URL(`../test/fixtures/samples/${name}`, import.meta.url), "utf8");
  const ours = await measure(() => parseXml(text));
  const theirs = await measure(() => {
    XMLValidator.validate(text);
    return reference.parse(text);
  });
  const cell = (m: { us: number; kb: number }): string => `${m.us.toFixed(0)} µs, ~${m.kb.toFixed(0)} KB`;
  console.log(`| ${name} | ${text.length} | ${cell(ours)} | ${cell(theirs)} |`);
}
