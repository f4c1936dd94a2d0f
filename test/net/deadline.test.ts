import { describe, expect, it } from "vitest";
import { deadline } from "../../src/net/deadline.ts";

describe("deadline", () => {
  it("aborts when its time is up, with a TimeoutError", async () => {
    const d = deadline(20);
    await new Promise((r) => d.signal.addEventListener("abort", r, { once: true }));
    expect((d.signal.reason as DOMException).name).toBe("TimeoutError");
  });

  it("aborts with its parent, and at once when the parent already has", () => {
    const parent = new AbortController();
    const d = deadline(60_000, parent.signal);
    parent.abort(new Error("stop"));
    expect(d.signal.aborted).toBe(true);
    expect((d.signal.reason as Error).message).toBe("stop");
    d.clear();
    expect(deadline(60_000, parent.signal).signal.aborted).toBe(true);
  });

  it("stays quiet once cleared", async () => {
    const parent = new AbortController();
    const d = deadline(10, parent.signal);
    d.clear();
    parent.abort();
    await new Promise((r) => setTimeout(r, 30));
    expect(d.signal.aborted).toBe(false);
  });

  it("lets many deadlines share one parent without a listener-leak warning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const parent = new AbortController();
      const all = Array.from({ length: 40 }, () => deadline(10_000, parent.signal));
      await new Promise((r) => setTimeout(r, 10));
      expect(warnings).toEqual([]);
      parent.abort();
      expect(all.every((d) => d.signal.aborted)).toBe(true);
      all.forEach((d) => d.clear());
    } finally {
      process.off("warning", onWarning);
    }
  });
});
