// Identification on the real-sample corpus: every sample in mock-devices/samples/ runs as its own device on loopback
// (no MAC, as seen from another subnet), is scanned with the defaults, and is scored against what it really is.
// Run inside a private network namespace: ../shared/bin/offline npm run bench:identify (or unshare -n as root).
import { builtInCatalogue } from "../src/catalogue/index.ts";
import { listInterfaces } from "../src/net/interfaces.ts";
import { Scope, intToIp, ipToInt } from "../src/net/scope.ts";
import { SCAN_DEFAULTS } from "../src/scan/defaults.ts";
import { runScan } from "../src/scan/run.ts";
import { startLab } from "../mock-devices/lab.ts";
import { loadSamples, samplePersona } from "../mock-devices/samples.ts";
import { scoreCorpus } from "../mock-devices/score.ts";
import { ALL_PROBES } from "../probes/index.ts";

const FIRST = "127.66.0.10";
const samples = loadSamples();
const lab = await startLab({ personas: samples.map((s) => samplePersona(s)), firstAddress: FIRST, highPorts: true });
const lo = listInterfaces().find((i) => i.internal && i.address === "127.0.0.1");
if (!lo) throw new Error("no loopback interface");
const ipOf = new Map(samples.map((s, i) => [s.id, intToIp(ipToInt(FIRST) + i)]));
const last = intToIp(ipToInt(FIRST) + samples.length - 1);
const t0 = performance.now();
const { report, contacted } = await runScan({
  interfaces: [lo],
  scope: Scope.parse([`${FIRST}-${last}`]),
  sweep: true,
  probes: ALL_PROBES,
  ...SCAN_DEFAULTS,
  ports: [8080, 8554],
  listenMs: 1500,
  catalogue: builtInCatalogue(),
  jurisdictions: ["us", "ca", "uk", "au", "eu"],
  tool: { name: "camsweep", version: "bench" },
});
const wall = (performance.now() - t0) / 1000;
await lab.close();

const perHost = new Map<string, number>();
for (const u of contacted) {
  const h = new URL(u).hostname;
  perHost.set(h, (perHost.get(h) ?? 0) + 1);
}
const score = scoreCorpus(
  samples,
  (id) => report.devices.find((d) => d.ip === ipOf.get(id)),
  (id) => perHost.get(ipOf.get(id) ?? "") ?? 0,
  builtInCatalogue(),
);
const pct = (a: number, b: number): string => `${a}/${b} (${b ? Math.round((100 * a) / b) : 0}%)`;
const v = (s: string | undefined): string => s ?? "-";
console.log(`${samples.length} samples, scanned in ${wall.toFixed(1)} s (loopback: no MAC addresses)\n`);
console.log(`${"sample".padEnd(34)} ${"expected".padEnd(36)} ${"got".padEnd(44)} req`);
for (const r of score.results) {
  const mark = (ok: boolean | undefined): string => (ok === undefined ? " " : ok ? "✓" : "✗");
  console.log(
    `${r.id.padEnd(34)} ${`${r.expected.vendor} ${v(r.expected.model)}`.slice(0, 35).padEnd(36)} ${`${mark(r.makerRight)}${mark(r.modelRight)}${mark(r.levelRight)} ${v(r.vendor)} ${v(r.model)} ${v(r.level)}`.slice(0, 43).padEnd(44)} ${r.requests}`,
  );
}
console.log(`
| path | maker right (covered/OEM) | covered/OEM reported clear | covered/OEM not flagged | model right | clear device flagged | maker right (all) | requests per device (median / max) |
|---|---|---|---|---|---|---|---|
| loopback (routed, no MAC) | ${pct(score.coveredMakerRight, score.covered)} | ${score.falseClear} | ${score.coveredNotFlagged} | ${pct(score.modelRight, score.withModel)} | ${score.falseFlag} | ${pct(score.makerRight, samples.length)} | ${score.requests.median} / ${score.requests.max} |`);
