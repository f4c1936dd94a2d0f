import { describe, expect, it } from "vitest";
import { openFileLimit } from "../../src/net/limits.ts";
import { RttTimeout } from "../../src/net/rtt.ts";
import { sweepWidth } from "../../probes/tcp/index.ts";

describe("the sweep's learned connect timeout", () => {
  it("waits the full timeout until a few answers have come, then follows their RTT within its bounds", () => {
    const t = new RttTimeout(200, 1000, 4);
    expect(t.timeoutMs).toBe(1000);
    for (let i = 0; i < 3; i++) t.observe(0.2);
    expect(t.timeoutMs).toBe(1000);
    t.observe(0.2);
    expect(t.timeoutMs).toBe(200); // a LAN's sub-millisecond RTT: the floor, not 1 ms
    for (let i = 0; i < 50; i++) t.observe(i % 2 ? 150 : 450); // a slow, jittery path
    expect(t.timeoutMs).toBeGreaterThan(450);
    expect(t.timeoutMs).toBeLessThanOrEqual(1000);
  });

  it("keeps connects in flight under the open-file limit", () => {
    expect(sweepWidth(1024, 20_000)).toBe(1024);
    expect(sweepWidth(1024, 1024)).toBe(768);
    expect(sweepWidth(1024, 100)).toBe(1);
    expect(sweepWidth(64, undefined)).toBe(64);
  });

  it("reads the soft open-file limit from /proc/self/limits", () => {
    const text = "Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 524288               files\n";
    expect(openFileLimit(text)).toBe(1024);
    expect(openFileLimit("Max open files            unlimited            unlimited            files\n")).toBeUndefined();
    expect(openFileLimit("garbage")).toBeUndefined();
  });
});
