import { describe, expect, it } from "vitest";
import { SweepWindow } from "../../src/net/sweep-window.ts";

describe("the sweep's window of connects in flight", () => {
  it("doubles while connects complete, up to its maximum", async () => {
    const w = new SweepWindow(1024, 64);
    for (let i = 0; i < 64; i++) await w.acquire();
    for (let i = 0; i < 64; i++) w.release("ok", 0);
    expect(w.width).toBe(128);
    for (let round = 0; round < 10; round++) {
      const n = w.width;
      for (let i = 0; i < n; i++) await w.acquire();
      for (let i = 0; i < n; i++) w.release("ok", 0);
    }
    expect(w.width).toBe(1024);
  });

  it("halves once per hold time on congestion, then grows by about one per window", async () => {
    const w = new SweepWindow(1024, 512, 8, 250);
    for (let i = 0; i < 10; i++) await w.acquire();
    w.release("congestion", 1000);
    w.release("congestion", 1100); // the same burst: not cut again
    expect(w.width).toBe(256);
    w.release("shortage", 1300);
    expect(w.width).toBe(128);
    expect(w.cuts).toBe(2);
    for (let i = 0; i < 7; i++) w.release("ok", 2000);
    expect(w.width).toBe(128); // 7/128 of a connect more, past the threshold
  });

  it("makes the extra connects wait and lets them go as slots free", async () => {
    const w = new SweepWindow(2, 2);
    await w.acquire();
    await w.acquire();
    let third = false;
    const waiting = w.acquire().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    w.release("ok", 0);
    await waiting;
    expect(third).toBe(true);
    expect(w.peak).toBe(2);
  });

  it("never goes under its floor", () => {
    const w = new SweepWindow(64, 16, 8, 0);
    for (let i = 0; i < 10; i++) w.release("congestion", i);
    expect(w.width).toBe(8);
  });
});

describe("the sweep's window and queueing delay", () => {
  it("takes answers that come far slower than the fastest as congestion", async () => {
    const w = new SweepWindow(1024, 256, 8, 250, 100);
    for (let i = 0; i < 4; i++) await w.acquire();
    w.release("ok", 0, 0.3);
    w.release("ok", 10, 60); // some queueing: still fine
    expect(w.width).toBe(258);
    w.release("ok", 20, 180); // 180 ms where 0.3 ms was seen: a queue is building
    expect(w.width).toBe(129);
    expect(w.cuts).toBe(1);
  });
});
