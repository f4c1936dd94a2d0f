// Identification on the real-sample corpus, on both paths: every sample in mock-devices/samples/ runs as its own
// device, is scanned with the defaults and is scored against what it really is.
//   loopback  — the scanner on another subnet: no MAC addresses.
//   layer 2   — one network namespace per sample on a bridge with the scanner, a MAC from its brand's or maker's
//               IEEE block (needs root: ../shared/bin/offline gives it; skipped with the reason otherwise).
// Run inside a private network namespace: ../shared/bin/offline npm run bench:identify
import { builtInCatalogue } from "../src/catalogue/index.ts";
import { scanCorpusLayer2, scanCorpusLoopback, scoreRun } from "../mock-devices/corpus-run.ts";
import { netnsUnavailable } from "../mock-devices/netns-lab.ts";
import { loadSamples, type Sample } from "../mock-devices/samples.ts";
import type { CorpusScore } from "../mock-devices/score.ts";

const catalogue = builtInCatalogue();
const samples = loadSamples();

function printRows(title: string, s: CorpusScore): void {
  const v = (x: string | undefined): string => x ?? "-";
  const mark = (ok: boolean | undefined): string => (ok === undefined ? " " : ok ? "✓" : "✗");
  console.log(`\n${title}\n${"sample".padEnd(34)} ${"expected".padEnd(36)} ${"got".padEnd(44)} req`);
  for (const r of s.results) {
    const got = `${mark(r.makerRight)}${mark(r.modelRight)}${mark(r.levelRight)} ${v(r.vendor)} ${v(r.model)} ${v(r.level)}`;
    console.log(`${r.id.padEnd(34)} ${`${r.expected.vendor} ${v(r.expected.model)}`.slice(0, 35).padEnd(36)} ${got.slice(0, 43).padEnd(44)} ${r.requests}`);
  }
}

const pct = (a: number, b: number): string => `${a}/${b} (${b ? Math.round((100 * a) / b) : 0}%)`;
const row = (path: string, s: CorpusScore, n: number): string =>
  `| ${path} | ${pct(s.coveredMakerRight, s.covered)} | ${s.falseClear} | ${s.coveredNotFlagged} | ${pct(s.modelRight, s.withModel)} | ${s.falseFlag} | ${pct(s.makerRight, n)} | ${s.requests.median} / ${s.requests.max} |`;

const makers = new Set(samples.map((x: Sample) => x.expect.vendor.toLowerCase())).size;
const brands = new Set(samples.map((x: Sample) => (x.expect.brand ?? x.expect.vendor).toLowerCase())).size;
const infoOnly = samples.filter((x) => x.replies.every((r) => r.protocol === "http" && r.path !== "/")).length;
console.log(`${samples.length} samples: ${makers} makers, ${brands} brands; ${infoOnly} answer only at a device-info endpoint`);

const rows: string[] = [];
const lo = await scanCorpusLoopback(samples, catalogue);
const loScore = scoreRun(samples, lo, catalogue);
printRows(`loopback (routed, no MAC), scanned in ${lo.seconds.toFixed(1)} s`, loScore);
rows.push(row("loopback (routed, no MAC)", loScore, samples.length));

const why = await netnsUnavailable();
if (why) console.log(`\nlayer 2: skipped (${why})`);
else {
  const l2 = await scanCorpusLayer2(samples, catalogue);
  const l2Score = scoreRun(samples, l2, catalogue);
  printRows(`layer 2 (same segment, MACs from the brand's or maker's IEEE block), scanned in ${l2.seconds.toFixed(1)} s`, l2Score);
  rows.push(row("layer 2 (same segment, MACs)", l2Score, samples.length));
}
console.log(`
| path | maker right (covered/OEM) | covered/OEM reported clear | covered/OEM not flagged | model right | clear device flagged | maker right (all) | requests per device (median / max) |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}`);
