import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";

/**
 * V8 settings for the command-line process, set at run time (a shebang cannot carry node's flags everywhere).
 * A scan makes garbage fast (a socket and a parsed reply per request) and holds little:
 * - by default V8 lets the old generation grow to about twice what it holds before it collects; half as much again
 *   keeps a 1,000-device scan about 50 MB smaller (at 80%, about 40 MB);
 * - the young generation starts at 1 MB per semi-space and doubles under that allocation rate up to 16 MB: about
 *   25 MB of resident memory that a scan does not need. It is stopped at 4 MB (npm run bench:scale prints the
 *   scan with and without these settings: together they cost about 7% more CPU; kept at 1 MB, 12%).
 */
const ALWAYS = ["--heap-growing-percent=50"];
const STOP_GROWING = "--semi-space-growth-factor=1";
// Two semi-spaces of 4 MB: at 2 MB a 1,000-device scan took about 0.4 s more CPU for the same peak; at 8 MB it
// peaked 8 MB higher for no CPU the bench could see.
const YOUNG_BYTES = 8 << 20;

let tuned = false;
let capped = false;

function youngBytes(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
}

/** Tune this process's heap (the CLI does; a program using the library keeps its own settings). */
export function tuneHeap(): void {
  if (tuned) return;
  tuned = true;
  applyHeapFlags(ALWAYS);
  // V8 has no run-time limit on the young generation, only on how fast it grows: it is stopped once it has grown
  // to the size wanted, as the young collections report (between turns of the event loop: a long turn can grow it
  // once more).
  const watch = new PerformanceObserver(() => {
    if (youngBytes() < YOUNG_BYTES) return;
    capped = true;
    applyHeapFlags([STOP_GROWING]);
    watch.disconnect();
  });
  watch.observe({ entryTypes: ["gc"] });
}

/**
 * The flags a worker thread must set again as it starts: V8's flags are the process's, and Node sets them anew
 * whenever a thread starts, undoing `tuneHeap` (set from the main thread once the thread is up, they come too late
 * when the main thread is busy: the heap has grown in between).
 */
export function threadHeapFlags(): string[] {
  return tuned ? [...ALWAYS, ...(capped ? [STOP_GROWING] : [])] : [];
}

export function applyHeapFlags(flags: readonly string[]): void {
  for (const f of flags) v8.setFlagsFromString(f);
}
