import { beforeAll, describe, expect, it } from "vitest";
import { builtInCatalogue } from "../../src/catalogue/index.ts";
import { scanCorpusLayer2, scoreRun } from "../../mock-devices/corpus-run.ts";
import { netnsUnavailable } from "../../mock-devices/netns-lab.ts";
import { loadSamples } from "../../mock-devices/samples.ts";
import type { CorpusScore } from "../../mock-devices/score.ts";

// The real-sample corpus on the same segment as the scanner: one namespace per sample, a MAC from the IEEE block of
// the brand it states or its maker. MAC evidence must not make anything worse than on loopback. Needs root.
const why = await netnsUnavailable();
const samples = loadSamples();
let score: CorpusScore;

describe.skipIf(why !== undefined)(`the real-sample corpus on layer 2${why ? ` (skipped: ${why})` : ""}`, () => {
  beforeAll(async () => {
    score = scoreRun(samples, await scanCorpusLayer2(samples, builtInCatalogue()), builtInCatalogue());
  }, 240_000);

  it("finds every sample's device", () => {
    expect(score.results.filter((r) => !r.found).map((r) => r.id)).toEqual([]);
  });

  it("names the right maker for every covered and OEM device and flags every one", () => {
    const wrong = score.results.filter((r) => r.expected.levels.includes("covered") && (!r.makerRight || !r.levelRight)).map((r) => `${r.id}: ${r.vendor ?? "?"} ${r.level ?? "not found"}`);
    expect(wrong).toEqual([]);
    expect(score.falseClear).toBe(0);
  });

  it("flags no device of a maker that no rule names, and states 95% of the models", () => {
    expect(score.falseFlag).toBe(0);
    expect(score.modelRight / score.withModel).toBeGreaterThanOrEqual(0.95);
  });

  it("never calls a device it could not identify clear", () => {
    expect(score.results.filter((r) => !r.makerRight && r.level === "clear").map((r) => `${r.id}: ${r.vendor ?? "none"}`)).toEqual([]);
  });
});
