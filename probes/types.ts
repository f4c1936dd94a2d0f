import type { Observation, ProbeWarning } from "../src/model/observation.ts";
import type { NetInterface } from "../src/net/interfaces.ts";

/** What every probe runner is handed: where to send, how long to listen, where to put what it learns. */
export interface ProbeContext {
  interfaces: NetInterface[];
  /** Unicast targets, streamed; each is inside the scope. */
  targets: () => Iterable<string>;
  /** How many addresses `targets` yields, when known: the sweep sizes its threads by it. */
  targetCount?: number;
  /** Is this address inside the scan scope? Replies from outside are recorded but never contacted. */
  inScope: (ip: string) => boolean;
  listenMs: number;
  /** TCP ports the unicast sweep connects to on every target. */
  ports: number[];
  /** Connections in flight during the sweep, and how long one may take. */
  sweepConcurrency: number;
  connectTimeoutMs: number;
  emit: (obs: Observation) => void;
  warn: (w: ProbeWarning) => void;
  log: (msg: string) => void;
  /** A fault of the scan as a whole, not of one device (replies the kernel dropped): in the report's errors. */
  fault: (msg: string) => void;
  signal: AbortSignal;
}

/** A probe as a small declarative record plus a thin runner. */
export interface Probe {
  name: string;
  description: string;
  transport: "udp-multicast+unicast" | "udp-broadcast+unicast" | "tcp-unicast";
  port: number;
  defaultOn: boolean;
  /** passive: listens only; polite: standard discovery requests a device expects. */
  intrusiveness: "passive" | "polite";
  /** Evidence fields the probe can emit; "onvif.scope.*" stands for every field under that prefix. */
  emits: readonly string[];
  run: (ctx: ProbeContext) => Promise<void>;
}

/** Wait `ms` or until aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
