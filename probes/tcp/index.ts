import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { openFileLimit } from "../../src/net/limits.ts";
import { threadHeapFlags } from "../../src/runtime/heap.ts";
import type { Probe, ProbeContext } from "../types.ts";
import { sweep, sweepWidth, type SweepStats } from "./sweep.ts";

export { sweepWidth } from "./sweep.ts";
export { DEFAULT_PORTS } from "../../src/options/constants.ts";

/** Hosts handed to a sweep thread at a time, at most. */
const HOST_BATCH = 1024;

/**
 * Connects one thread is given before another is worth starting: a thread costs about 10 MB and its start-up, and
 * a few thousand connects are over in well under a second on one.
 */
const CONNECTS_PER_THREAD = 32_768;

/**
 * Connects the main thread makes itself: through the bare TCP handle a connect costs it about 25 µs of CPU, so a /20
 * on 3 ports is half a second spread over the sweep, less than a thread's start-up and memory (about 10 MB).
 */
const IN_PROCESS_CONNECTS = 16_384;

/**
 * Threads the sweep runs on: none for a small known sweep, else one per core (the main thread mostly waits while
 * they connect), at most 4, and no more than the work calls for when the number of connects is known.
 */
export function sweepThreads(cores = availableParallelism(), connects?: number): number {
  if (connects !== undefined && connects <= IN_PROCESS_CONNECTS) return 0;
  const byWork = connects === undefined ? Infinity : Math.ceil(connects / CONNECTS_PER_THREAD);
  return Math.max(1, Math.min(4, cores, byWork));
}

/** Hosts per batch: small enough that every thread gets a share of a range it is started for. */
export function hostBatch(threads: number, hosts?: number): number {
  return hosts === undefined ? HOST_BATCH : Math.max(16, Math.min(HOST_BATCH, Math.ceil(hosts / (threads * 4))));
}

/**
 * Sweep every target on every port, on worker threads, each with a share of the connects in flight; hosts are dealt
 * out in batches as the threads ask. The sweep itself (probes/tcp/sweep.ts) learns the RTT, the window and which hosts
 * are alive. In the sources (tests) a thread loads the TypeScript through tsx; the compiled package runs dist/ as is.
 */
async function run(ctx: ProbeContext): Promise<void> {
  if (ctx.ports.length === 0) return;
  const fdLimit = openFileLimit();
  const width = sweepWidth(ctx.sweepConcurrency, fdLimit);
  const n = Math.min(sweepThreads(availableParallelism(), ctx.targetCount === undefined ? undefined : ctx.targetCount * ctx.ports.length), width);
  if (n === 0) {
    const stats = await sweep({ ports: ctx.ports, width, connectTimeoutMs: ctx.connectTimeoutMs, signal: ctx.signal }, ctx.targets(), (ip, port) => ctx.emit({ ip, probe: "tcp", field: "tcp.open", value: String(port) }));
    return report(ctx, [stats], "in the main thread", fdLimit);
  }
  const batch = hostBatch(n, ctx.targetCount);
  const targets = ctx.targets()[Symbol.iterator]();
  let exhausted = false;
  const take = (count: number): string[] => {
    const out: string[] = [];
    while (out.length < count && !exhausted) {
      const t = targets.next();
      if (t.done) exhausted = true;
      else out.push(t.value);
    }
    return out;
  };
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(`./sweep-worker.${fromSource ? "ts" : "js"}`, import.meta.url);
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const share = Math.floor(width / n) + (i < width % n ? 1 : 0);
      const workerData = { ports: ctx.ports, width: share, connectTimeoutMs: ctx.connectTimeoutMs, heapFlags: threadHeapFlags() };
      // Small heaps: each connect leaves a socket's worth of garbage, and by default V8 lets the heap grow before it
      // collects (a loopback /16 grew the process to 230 MB). What a thread keeps is the hosts it has in flight.
      const resourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 32 };
      const worker = fromSource
        ? new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, workerData, resourceLimits })
        : new Worker(entry, { workerData, resourceLimits });
      const onAbort = (): void => worker.postMessage({ op: "abort" });
      ctx.signal.addEventListener("abort", onAbort, { once: true });
      return new Promise<SweepStats>((resolve, reject) => {
        worker.on("message", (m: { op: "more" } | { op: "open"; opens: [string, number][] } | { op: "done"; stats: SweepStats }) => {
          if (m.op === "more") {
            const hosts = take(batch);
            worker.postMessage({ op: "hosts", hosts, end: exhausted });
          } else if (m.op === "open") {
            for (const [ip, port] of m.opens) ctx.emit({ ip, probe: "tcp", field: "tcp.open", value: String(port) });
          } else resolve(m.stats);
        });
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`sweep thread ended (exit ${code})`)));
      }).finally(() => ctx.signal.removeEventListener("abort", onAbort));
    }),
  );
  report(ctx, results, `on ${n} thread${n === 1 ? "" : "s"}`, fdLimit);
}

/** One --verbose line for the whole sweep: what it learned, summed over its threads. */
function report(ctx: ProbeContext, results: SweepStats[], where: string, fdLimit: number | undefined): void {
  const sum = (k: "connects" | "peak" | "max" | "cuts" | "alive" | "retried"): number => results.reduce((a, r) => a + r[k], 0);
  const rtts = results.filter((r) => r.rttMs !== undefined);
  const learned = rtts.length ? `, RTT ${(rtts.reduce((a, r) => a + r.rttMs!, 0) / rtts.length).toFixed(1)} ms → timeout ${Math.max(...rtts.map((r) => r.timeoutMs))} ms` : "";
  ctx.log(
    `tcp: ${sum("connects")} connects to ports ${ctx.ports.join(",")} ${where}, up to ${sum("peak")} in flight (at most ${sum("max")}; open-file limit ${fdLimit ?? "unknown"}; ` +
      `${sum("cuts")} times halved)${learned}; ${sum("alive")} hosts answered, ${sum("retried")} silent ports of live hosts tried again`,
  );
}

export const tcpProbe: Probe = {
  name: "tcp",
  description: "TCP connect sweep of the camera ports on every target address",
  transport: "tcp-unicast",
  port: 0,
  defaultOn: true,
  intrusiveness: "polite",
  emits: ["tcp.open"],
  run,
};
