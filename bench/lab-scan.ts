// Benchmark: scan a 50-device loopback lab with camsweep, and the same lab with the onvif npm package's
// WS-Discovery probe as a peer. Prints wall time, peak RSS and devices found, side by side.
// Run inside a private network namespace:  ../shared/bin/offline npm run bench
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import onvif from "onvif";
import { builtInCatalogue } from "../src/catalogue/index.ts";
import { SCAN_DEFAULTS } from "../src/scan/defaults.ts";
import { listInterfaces } from "../src/net/interfaces.ts";
import { Scope } from "../src/net/scope.ts";
import { runScan } from "../src/scan/run.ts";
import { ALL_PROBES } from "../probes/index.ts";

const COUNT = Number(process.env.BENCH_DEVICES ?? 50);
const LISTEN_MS = Number(process.env.BENCH_LISTEN_MS ?? 1500);
const FIRST = "127.77.10.10";

async function startLabProcess(): Promise<{ ips: string[]; wsd: number; stop: () => void }> {
  const child = spawn(process.execPath, [new URL("../bin/camsweep.js", import.meta.url).pathname, "lab", "--count", String(COUNT), "--first-address", FIRST], { stdio: ["ignore", "pipe", "inherit"] });
  const ips: string[] = [];
  let wsd = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === "ready") break;
    ips.push(line.split(/\s+/)[0] ?? "");
    if (line.includes("ws-discovery/")) wsd++;
  }
  return { ips, wsd, stop: () => child.kill("SIGINT") };
}

function onvifPeer(timeout: number): Promise<number> {
  return new Promise((resolve) => {
    const found = new Set<string>();
    onvif.Discovery.on("error", () => undefined);
    onvif.Discovery.probe({ timeout, resolve: false }, (_err, cams) => {
      for (const c of cams ?? []) found.add(JSON.stringify((c as { probeMatches?: unknown }).probeMatches ?? c));
      resolve(found.size);
    });
  });
}

const lab = await startLabProcess();
const lo = listInterfaces().find((i) => i.internal && i.address === "127.0.0.1");
if (!lo) throw new Error("no loopback interface");
const last = lab.ips[lab.ips.length - 1]!;

const phases: string[] = [];
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const { report } = await runScan({
  interfaces: [lo],
  scope: Scope.parse([`${FIRST}-${last}`]),
  sweep: true,
  probes: ALL_PROBES,
  ...SCAN_DEFAULTS,
  listenMs: LISTEN_MS,
  catalogue: builtInCatalogue(),
  tool: { name: "camsweep", version: "bench" },
  onEvent: (e) => {
    if (e.kind === "phase") phases.push(`${e.phase} at ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  },
});
const camsweepMs = performance.now() - t0;
const peakKb = process.resourceUsage().maxRSS;
const identified = report.devices.filter((d) => d.vendor).length;

const t1 = performance.now();
const peerFound = await onvifPeer(LISTEN_MS);
const peerMs = performance.now() - t1;
lab.stop();

const rows = [
  ["tool", "protocols", "wall time", "devices found", "identified (maker)", "peak RSS"],
  ["camsweep", "WS-D, SSDP, mDNS, SADP, DHIP, TCP sweep; ONVIF, UPnP, HTTP, RTSP, device-info", `${(camsweepMs / 1000).toFixed(2)} s`, `${report.devices.length}/${lab.ips.length}`, String(identified), `${(peakKb / 1024).toFixed(0)} MiB (start ${(rssBefore / 1048576).toFixed(0)} MiB)`],
  ["onvif 0.8.3 Discovery.probe", "WS-Discovery only", `${(peerMs / 1000).toFixed(2)} s`, `${peerFound}/${lab.wsd} (WS-D devices)`, "-", "(same process)"],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
console.log(`\nphases: ${phases.join(", ")}`);
console.log(`listen window ${LISTEN_MS} ms; camsweep finished ${((camsweepMs - LISTEN_MS) / 1000).toFixed(2)} s after it (aim: under 1 s)`);
