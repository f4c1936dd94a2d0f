import { RttTimeout } from "../../src/net/rtt.ts";
import { SweepWindow } from "../../src/net/sweep-window.ts";
import { probePort } from "../../src/net/tcp.ts";
import { sleep } from "../types.ts";

export interface SweepOptions {
  ports: number[];
  /** Most connects in flight. */
  width: number;
  connectTimeoutMs: number;
  signal: AbortSignal;
}

export interface SweepStats {
  connects: number;
  peak: number;
  max: number;
  cuts: number;
  rttMs?: number;
  timeoutMs: number;
  alive: number;
  retried: number;
}

/** File descriptors left for everything else while the sweep runs (HTTP, UDP sockets, the report). */
const FD_RESERVE = 256;
/** Shortest connect timeout the sweep learns: far above any LAN's RTT, so a slow camera is not taken for silence. */
const MIN_TIMEOUT_MS = 200;

/** Every (host, port) pair, lazily: a /16 sweep holds one pair per connect in flight in memory, not 65,534 hosts. */
async function* pairs(hosts: Iterable<string> | AsyncIterable<string>, ports: number[]): AsyncGenerator<[string, number]> {
  for await (const h of hosts) for (const p of ports) yield [h, p];
}

/** Connects in flight: what was asked, under the open-file limit. */
export function sweepWidth(asked: number, fdLimit: number | undefined): number {
  return Math.max(1, Math.min(asked, fdLimit ? fdLimit - FD_RESERVE : asked));
}

/**
 * The sweep learns as it goes. The connect timeout follows the RTT of the answers (a silent address costs a few
 * hundred milliseconds, not the full timeout); the number in flight grows while connects complete and halves when a
 * host that answered leaves a SYN unanswered (its queue overflowed) or this machine runs short (file descriptors,
 * ports); a host that answered on any port is alive, and its ports that timed out are tried once more at the full
 * timeout at the end; a host that answered nothing is not waited for again.
 */
export async function sweep(ctx: SweepOptions, hosts: Iterable<string> | AsyncIterable<string>, onOpen: (ip: string, port: number) => void): Promise<SweepStats> {
  const window = new SweepWindow(Math.max(1, ctx.width));
  const rtt = new RttTimeout(Math.min(MIN_TIMEOUT_MS, ctx.connectTimeoutMs), ctx.connectTimeoutMs);
  // Per host with connects still out: how many, whether it has answered, and its ports that stayed silent. Settled
  // hosts leave the map, so whatever the range, the sweep keeps state for the hosts in flight only (and the ports of
  // live hosts to try again).
  const open = new Map<string, { pending: number; answered: boolean; silent: number[] }>();
  const retry: [string, number][] = [];
  const retryHosts = new Set<string>();
  const alive = (host: string): boolean => open.get(host)?.answered === true || retryHosts.has(host);
  let aliveHosts = 0;
  let connects = 0;

  const connect = async (host: string, port: number, timeoutMs: number): Promise<"filtered" | "answered"> => {
    for (;;) {
      await window.acquire();
      const r = await probePort(host, port, timeoutMs);
      connects++;
      if (r.state === "local") {
        // This machine, not the target: fewer in flight, and the same pair again shortly.
        window.release("shortage");
        await sleep(50, ctx.signal);
        if (ctx.signal.aborted) return "filtered";
        continue;
      }
      if (r.state === "filtered") {
        window.release(alive(host) ? "congestion" : "ok");
        return "filtered";
      }
      window.release("ok", performance.now(), r.ms);
      rtt.observe(r.ms);
      const h = open.get(host);
      if (h && !h.answered) {
        h.answered = true;
        aliveHosts++;
      }
      // Hosts that answer nothing are not devices: only open ports are reported.
      if (r.state === "open") onOpen(host, port);
      return "answered";
    }
  };

  const track = (host: string): void => {
    const h = open.get(host);
    if (h) h.pending++;
    else open.set(host, { pending: 1, answered: false, silent: [] });
  };
  const settle = (host: string, port: number, result: "filtered" | "answered"): void => {
    const h = open.get(host);
    if (!h) return;
    if (result === "filtered") h.silent.push(port);
    if (--h.pending > 0) return;
    open.delete(host);
    // Silence from a live host is worth a second, patient look (a lost SYN, a slow camera); from the rest it is not.
    if (h.answered && h.silent.length) {
      retryHosts.add(host);
      for (const p of h.silent) retry.push([host, p]);
    }
  };

  // As many workers as the window may ever allow; the window decides how many are connecting.
  const pool = async (work: Iterator<[string, number]> | AsyncIterator<[string, number]>, timeout: () => number, first: boolean): Promise<void> => {
    const worker = async (): Promise<void> => {
      for (let next = await work.next(); !next.done && !ctx.signal.aborted; next = await work.next()) {
        const [host, port] = next.value;
        if (first) track(host);
        const result = await connect(host, port, timeout());
        if (first) settle(host, port, result);
      }
    };
    await Promise.all(Array.from({ length: window.max }, worker));
  };

  await pool(pairs(hosts, ctx.ports), () => rtt.timeoutMs, true);
  if (retry.length && !ctx.signal.aborted) await pool(retry.values(), () => ctx.connectTimeoutMs, false);
  return { connects, peak: window.peak, max: window.max, cuts: window.cuts, ...(rtt.smoothedMs !== undefined ? { rttMs: rtt.smoothedMs } : {}), timeoutMs: rtt.timeoutMs, alive: aliveHosts, retried: retry.length };
}
