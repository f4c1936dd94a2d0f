// One share of the TCP sweep on its own thread: a connect costs the calling thread tens of microseconds of kernel and
// socket work, so a /16 sweep on one thread is bound by that thread; and off the main thread, the sweep does not slow
// the discovery replies and device requests there. Hosts arrive in batches, whole (all ports of a host on one thread,
// which is what the sweep's per-host learning needs); open ports go back in batches.
import { parentPort, workerData } from "node:worker_threads";
import { sweep, type SweepOptions } from "./sweep.ts";
import { applyHeapFlags } from "../../src/runtime/heap.ts";

// A refused connect is the sweep's commonest answer, and Node builds an Error for each: no stack is ever shown from
// this thread, and capturing one cost about 6% of the thread's time on a loopback /16 (CPU profile).
Error.stackTraceLimit = 0;

const port = parentPort!;
const { heapFlags, ...opts } = workerData as Omit<SweepOptions, "signal"> & { heapFlags: string[] };
// Node reset V8's flags, which are the process's, as this thread started: the CLI's heap settings are set again.
applyHeapFlags(heapFlags);
const controller = new AbortController();
const queue: string[] = [];
let ended = false;
let wake: (() => void) | undefined;
let asked = false;

async function* hosts(): AsyncGenerator<string> {
  for (;;) {
    if (queue.length < 512 && !ended && !asked) {
      asked = true;
      port.postMessage({ op: "more" });
    }
    const h = queue.shift();
    if (h !== undefined) {
      yield h;
      continue;
    }
    if (ended) return;
    await new Promise<void>((r) => (wake = r));
  }
}

let opens: [string, number][] = [];
let flushing: NodeJS.Timeout | undefined;
const flush = (): void => {
  flushing = undefined;
  if (opens.length) port.postMessage({ op: "open", opens });
  opens = [];
};

port.on("message", (m: { op: "hosts"; hosts: string[]; end: boolean } | { op: "abort" }) => {
  if (m.op === "abort") controller.abort();
  else {
    queue.push(...m.hosts);
    ended ||= m.end;
    asked = false;
  }
  wake?.();
  wake = undefined;
});

const stats = await sweep({ ...opts, signal: controller.signal }, hosts(), (ip, p) => {
  opens.push([ip, p]);
  flushing ??= setTimeout(flush, 5);
});
clearTimeout(flushing);
flush();
port.postMessage({ op: "done", stats });
port.close();
