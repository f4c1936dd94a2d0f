// Memory of the TCP sweep does not grow with the range: sweep a /24 and a /18 of loopback addresses (all local on
// Linux, so every connect is refused at once) and print wall time and RSS beside nmap's connect scan of the same.
// Run inside a private network namespace:  ../shared/bin/offline npm run bench:sweep
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { tcpProbe } from "../probes/tcp/index.ts";
import { listInterfaces } from "../src/net/interfaces.ts";
import { Scope } from "../src/net/scope.ts";

const run = promisify(execFile);
const lo = listInterfaces().find((i) => i.internal && i.address === "127.0.0.1")!;

async function sweep(cidr: string): Promise<{ ms: number; rssGrowthMiB: number; retainedMiB: number; hosts: number }> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const scope = Scope.parse([cidr]);
  const t = performance.now();
  await tcpProbe.run({
    interfaces: [lo],
    targets: () => scope.hosts(),
    inScope: (ip) => scope.contains(ip),
    listenMs: 0,
    ports: [80],
    sweepConcurrency: Number(process.env.SWEEP_CONCURRENCY ?? 256),
    connectTimeoutMs: 1000,
    emit: () => undefined,
    warn: () => undefined,
    log: () => undefined,
    fault: (m: string) => console.error(m),
    signal: new AbortController().signal,
  });
  clearInterval(timer);
  const ms = performance.now() - t;
  global.gc?.();
  // Peak RSS includes garbage the collector had not reclaimed yet; what the sweep keeps is the heap after a GC.
  return { ms, rssGrowthMiB: (peak - before) / 1048576, retainedMiB: (process.memoryUsage().heapUsed - heapBefore) / 1048576, hosts: scope.hostCount() };
}

async function nmap(cidr: string): Promise<string> {
  try {
    const t = performance.now();
    await run("nmap", ["-n", "-Pn", "-sT", "-p", "80", "--max-retries", "0", "-oG", "-", cidr], { maxBuffer: 256 << 20 });
    return `${((performance.now() - t) / 1000).toFixed(2)} s`;
  } catch (e) {
    return `not run (${(e as Error).message.split("\n")[0]})`;
  }
}

const rows = [["range", "hosts", "camsweep tcp sweep", "peak RSS growth", "heap kept after GC", "nmap -sT -Pn -p80"]];
for (const cidr of ["127.78.0.0/24", "127.78.0.0/18", "127.78.0.0/16"]) {
  const s = await sweep(cidr);
  rows.push([cidr, String(s.hosts), `${(s.ms / 1000).toFixed(2)} s`, `${s.rssGrowthMiB.toFixed(1)} MiB`, `${s.retainedMiB.toFixed(2)} MiB`, await nmap(cidr)]);
}
const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i]!)).join("  "));
