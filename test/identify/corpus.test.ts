import { beforeAll, describe, expect, it } from "vitest";
import { builtInCatalogue } from "../../src/catalogue/index.ts";
import { startLab } from "../../mock-devices/lab.ts";
import { scanCorpusLoopback, scoreRun, type CorpusRun } from "../../mock-devices/corpus-run.ts";
import { evidenceVocabulary, isKnownField } from "../../probes/evidence-fields.ts";
import { loadSamples } from "../../mock-devices/samples.ts";
import type { CorpusScore } from "../../mock-devices/score.ts";
import { tcpProbe } from "../../probes/tcp/index.ts";
import { scanLoopback } from "../lab.ts";

// Every real-device sample runs as its own device on loopback, replayed verbatim; anything a sample does not cover
// answers a bare 404. No MAC addresses: this is the scanner on another subnet, the harder path. The same corpus on
// layer 2, with MACs, is test/netns/corpus.test.ts.
const samples = loadSamples();
let run: CorpusRun;
let score: CorpusScore;

beforeAll(async () => {
  run = await scanCorpusLoopback(samples, builtInCatalogue());
  score = scoreRun(samples, run, builtInCatalogue());
}, 60_000);

describe("the real-sample corpus", () => {
  it("holds real devices from many makers, each reply with its provenance", () => {
    expect(samples.length).toBeGreaterThanOrEqual(60);
    const names = new Set(samples.flatMap((s) => [s.expect.vendor, s.expect.brand ?? s.expect.vendor].map((n) => builtInCatalogue().lookupName(n)?.vendor?.name ?? n.toLowerCase())));
    expect(names.size).toBeGreaterThanOrEqual(15);
    // Devices whose only identifying answer is a device-info endpoint: nothing at "/".
    const infoOnly = samples.filter((s) => s.replies.every((r) => r.protocol === "http" && r.path !== "/"));
    expect(infoOnly.length).toBeGreaterThanOrEqual(20);
  });

  it("names the right maker for every covered and OEM device, and flags every one", () => {
    const wrong = score.results.filter((r) => r.expected.levels.includes("covered") && (!r.makerRight || !r.levelRight)).map((r) => `${r.id}: ${r.vendor ?? "?"} ${r.level ?? "not found"}`);
    expect(wrong).toEqual([]);
    expect(score.falseClear).toBe(0);
    expect(score.covered).toBeGreaterThanOrEqual(30);
  });

  it("emits only evidence fields its probes and endpoints declare (the vocabulary the catalogue is checked against)", () => {
    const fields = new Set(run.devices.flatMap((d) => d.evidence.map((e) => e.field)));
    expect(fields.size).toBeGreaterThan(40);
    expect([...fields].filter((f) => !isKnownField(evidenceVocabulary(), f))).toEqual([]);
  });

  it("flags no device of a maker that no rule names", () => {
    expect(score.falseFlag).toBe(0);
  });

  it("states the model for 95% of the samples whose replies state one", () => {
    expect(score.modelRight / score.withModel).toBeGreaterThanOrEqual(0.95);
  });

  it("never calls a device it could not identify clear", () => {
    for (const r of score.results) if (!r.makerRight && r.level === "clear") throw new Error(`${r.id} came out clear with the wrong maker (${r.vendor ?? "none"})`);
  });
});

describe("requests per device", () => {
  it("stays within the documented bound", () => {
    expect(score.requests.max).toBeLessThanOrEqual(20);
  });

  it("asks a printer and a PC nothing: WS-Discovery already says what they are", async () => {
    const { loadPersonas } = await import("../../mock-devices/lab.ts");
    const pcs = loadPersonas().filter((p) => p.id === "wsd-printer" || p.id === "wsd-computer");
    const small = await startLab({ personas: pcs, firstAddress: "127.66.1.10", highPorts: true });
    try {
      const { report, contacted } = await scanLoopback(["127.66.1.10-127.66.1.11"], { probes: [(await import("../../probes/ws-discovery/index.ts")).wsDiscoveryProbe, tcpProbe] });
      // Only the two are looked at: any other lab still running may answer multicast.
      const mine = report.devices.filter((d) => d.ip.startsWith("127.66.1."));
      expect(mine.map((d) => [d.ip, d.risk.level, d.risk.summary])).toEqual([
        ["127.66.1.10", "clear", expect.stringContaining("not a surveillance device")],
        ["127.66.1.11", "clear", expect.stringContaining("not a surveillance device")],
      ]);
      expect(contacted.filter((u) => u.includes("127.66.1."))).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
