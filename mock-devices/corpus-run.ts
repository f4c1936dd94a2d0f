// The real-sample corpus scanned on both paths, for bench:identify and the corpus tests:
//   loopback — every sample on its own 127.66.0.x address, no MAC: the scanner on another subnet.
//   layer 2  — one network namespace per sample on a bridge with the scanner, a MAC from the IEEE block of the
//              brand it states or of its maker (needs root and `ip netns`).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Catalogue } from "../src/catalogue/index.ts";
import { DEFAULT_JURISDICTIONS } from "../src/classify/classify.ts";
import type { Device } from "../src/model/report.ts";
import { listInterfaces } from "../src/net/interfaces.ts";
import { Scope, intToIp, ipToInt } from "../src/net/scope.ts";
import { SCAN_DEFAULTS } from "../src/scan/defaults.ts";
import { runScan } from "../src/scan/run.ts";
import { ALL_PROBES } from "../probes/index.ts";
import { startLab } from "./lab.ts";
import { startNetnsLab } from "./netns-lab.ts";
import { sampleMac } from "./sample-mac.ts";
import { SAMPLE_PREFIX, samplePersona, type Sample } from "./samples.ts";
import { scoreCorpus, type CorpusScore } from "./score.ts";

const run = promisify(execFile);

export interface CorpusRun {
  devices: Device[];
  contacted: string[];
  /** Sample id → the address its device had. */
  ipOf: Map<string, string>;
  seconds: number;
}

export async function scanCorpusLoopback(samples: Sample[], catalogue: Catalogue, first = "127.66.0.10"): Promise<CorpusRun> {
  const lab = await startLab({ personas: samples.map((s) => samplePersona(s)), firstAddress: first, highPorts: true, maxReplyDelayMs: 50 });
  const lo = listInterfaces().find((i) => i.internal && i.address === "127.0.0.1");
  if (!lo) throw new Error("no loopback interface");
  const t0 = performance.now();
  try {
    const { report, contacted } = await runScan({
      interfaces: [lo],
      scope: Scope.parse([`${first}-${intToIp(ipToInt(first) + samples.length - 1)}`]),
      sweep: true,
      probes: ALL_PROBES,
      ...SCAN_DEFAULTS,
      ports: [8080, 8554],
      listenMs: 1500,
      catalogue,
      jurisdictions: [...DEFAULT_JURISDICTIONS],
      tool: { name: "camsweep", version: "corpus" },
    });
    const ipOf = new Map(samples.map((s, i) => [s.id, intToIp(ipToInt(first) + i)]));
    return { devices: report.devices, contacted, ipOf, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await lab.close();
  }
}

export async function scanCorpusLayer2(samples: Sample[], catalogue: Catalogue): Promise<CorpusRun> {
  if (samples.length > 240) throw new Error("the layer-2 corpus lab holds at most 240 samples on one /24");
  const a = await Promise.all(samples.map(async (s, i) => ({ id: `${SAMPLE_PREFIX}${s.id}`, host: 10 + i, mac: await sampleMac(s, catalogue, i) })));
  const lab = await startNetnsLab({ a, b: [], routed: [] });
  const t0 = performance.now();
  try {
    const range = `10.77.1.10-10.77.1.${10 + samples.length - 1}`;
    const worker = new URL("./corpus-scan.ts", import.meta.url).pathname;
    const { stdout } = await run("ip", ["netns", "exec", lab.scannerNs, process.execPath, "--import", "tsx", worker, "lab-a", range], { maxBuffer: 64 << 20 });
    const out = JSON.parse(stdout) as { devices: Device[]; contacted: string[] };
    const ipOf = new Map(samples.map((s, i) => [s.id, `10.77.1.${10 + i}`]));
    return { ...out, ipOf, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await lab.close();
  }
}

/** Score a corpus run: each sample's device, and the requests its address received. */
export function scoreRun(samples: Sample[], r: CorpusRun, catalogue: Catalogue): CorpusScore {
  const perHost = new Map<string, number>();
  for (const u of r.contacted) perHost.set(new URL(u).hostname, (perHost.get(new URL(u).hostname) ?? 0) + 1);
  return scoreCorpus(samples, (id) => r.devices.find((d) => d.ip === r.ipOf.get(id)), (id) => perHost.get(r.ipOf.get(id) ?? "") ?? 0, catalogue);
}
