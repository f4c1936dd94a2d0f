import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// V8's young generation is the process's: each case runs in its own node, which churns through short- and
// medium-lived objects (as a scan does) and prints the young generation's size in MB.
const dir = mkdtempSync(path.join(tmpdir(), "camsweep-heap-"));
function youngMb(setup: string): number {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(
    file,
    `import v8 from "node:v8";
import { tuneHeap } from ${JSON.stringify(new URL("../../src/runtime/heap.ts", import.meta.url).href)};
import { prewarmUdpThread } from ${JSON.stringify(new URL("../../src/net/udp-thread.ts", import.meta.url).href)};
void tuneHeap; void prewarmUdpThread;
async function churn() {
  const keep = [];
  for (let round = 0; round < 200; round++) {
    for (let i = 0; i < 10_000; i++) {
      const o = { i, s: "x" + i, a: [i] };
      if (i % 3 === 0) keep.push(o);
      if (keep.length > 20_000) keep.length = 0;
    }
    await new Promise((r) => setImmediate(r)); // the collections are reported between turns
  }
}
${setup}
await churn();
console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size / 2 ** 20);
`,
  );
  const r = spawnSync(process.execPath, ["--import", "tsx", file], { encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return Number(r.stdout.trim());
}

describe("tuneHeap", () => {
  it("lets V8 grow the young generation to 16 MB a semi-space when not called (the control)", () => {
    expect(youngMb("")).toBeGreaterThanOrEqual(32);
  });

  // Two semi-spaces of 4 MB, or one doubling more: the collections are reported between turns, and a long turn can
  // collect (and grow) twice before the report that stops it.
  it("stops the young generation at two semi-spaces of 4 MB, give or take a doubling", () => {
    expect(youngMb("tuneHeap();")).toBeLessThanOrEqual(16);
  });

  it("keeps it there when a thread starts (Node sets V8's flags anew for each thread, growth among them)", () => {
    // Grown to its size and stopped, then a thread starts, then the churn goes on.
    expect(youngMb("tuneHeap();\nawait churn();\nawait prewarmUdpThread();")).toBeLessThanOrEqual(16);
  });
});
