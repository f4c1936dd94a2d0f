import { setMaxListeners } from "node:events";

/**
 * A signal that aborts when `parent` does or after `ms`, whichever comes first; `clear()` when the work is done.
 * Not AbortSignal.any([parent, AbortSignal.timeout(ms)]): Node holds a timeout signal inside a composite weakly,
 * and after a garbage collection it may never fire (nodejs/node#57736): a request would then wait forever.
 */
export function deadline(ms: number, parent?: AbortSignal): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent?.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${ms} ms`, "TimeoutError")), ms);
  if (parent?.aborted) controller.abort(parent.reason);
  else if (parent) {
    // One scan's signal is the parent of a deadline per device and per request in flight, each removed when done:
    // many listeners at once is the design, not a leak (Node warns past 10).
    setMaxListeners(0, parent);
    parent.addEventListener("abort", onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onAbort);
    },
  };
}
