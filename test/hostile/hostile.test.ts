import { afterAll, describe, expect, it } from "vitest";
import { allHostileCases, DEVICE_BUDGET_MS, LISTEN_MS, runHostileCase, type HostileResult } from "../../mock-devices/hostile-run.ts";
import { cleanText, hasUnsafeText } from "../../src/report/escape.ts";

// Each hostile device runs beside three good ones (Hikvision, Dahua, Axis) and is scanned by the real CLI in a child
// process, with credentials, writing every output format. These are safety bounds (a hang or a blow-up fails them),
// not speed goals: `npm run bench:hostile` prints the figures.
const WALL_BOUND_MS = LISTEN_MS + DEVICE_BUDGET_MS + 8000;
const RSS_BOUND_MB = 450;
const results: HostileResult[] = [];

describe("the unsafe-text check itself", () => {
  it("sees every kind of character the suite looks for, and the sanitiser removes them", () => {
    for (const s of ["\u001b[2J", "a\u0007", "\u009b", "\u202e", "\u2066", "\r"]) {
      expect(hasUnsafeText(`x${s}y`, { keepNewlines: true }), JSON.stringify(s)).toBe(true);
      expect(hasUnsafeText(cleanText(`x${s}y`), { keepNewlines: true })).toBe(false);
    }
    expect(hasUnsafeText("line\nnext\ttab", { keepNewlines: true })).toBe(false);
  });
});

describe.each(allHostileCases().map((c) => [c.id, c] as const))("hostile device: %s", (_id, c) => {
  let r: HostileResult;
  it(`${c.description}: the scan ends within bounds and the good devices are still found`, async () => {
    r = await runHostileCase(c);
    results.push(r);
    expect(r.code).toBe(0);
    expect(r.goodFound).toBe(r.goodTotal);
    expect(r.wallMs).toBeLessThan(WALL_BOUND_MS);
    expect(r.maxRssMb).toBeLessThan(RSS_BOUND_MB);
  }, 60_000);

  it("contacts nothing outside the targets, leaks no secret, and lets no raw control or bidi character through", () => {
    expect(r.outOfScope).toBe(0);
    expect(r.leakedSecrets).toEqual([]);
    expect(r.rawControl).toEqual([]);
  });

  it("is never called clear on junk", () => {
    if (c.id === "junk-datagrams" || c.id === "xml-attacks" || c.id === "injection") expect(r.hostile?.level ?? "unknown").not.toBe("clear");
  });
});

afterAll(() => {
  for (const r of results) console.log(`${r.id.padEnd(16)} wall ${(r.wallMs / 1000).toFixed(1)} s, peak RSS ${r.maxRssMb} MB, good ${r.goodFound}/${r.goodTotal}, out of scope ${r.outOfScope}`);
});
