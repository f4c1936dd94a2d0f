import type { Catalogue } from "../src/catalogue/index.ts";
import type { Device, RiskLevel } from "../src/model/report.ts";
import type { Sample } from "./samples.ts";

const FLAGGED = new Set<RiskLevel>(["covered", "oem"]);
const norm = (s: string | undefined): string => (s ?? "").trim().replace(/\s+/g, " ").toLowerCase();

export interface SampleResult {
  id: string;
  expected: Sample["expect"];
  found: boolean;
  vendor?: string;
  model?: string;
  level?: RiskLevel;
  makerRight: boolean;
  /** Undefined when no reply of the sample states a model. */
  modelRight?: boolean;
  levelRight: boolean;
  requests: number;
}

export interface CorpusScore {
  results: SampleResult[];
  /** Devices of a covered maker (covered or oem expected). */
  covered: number;
  coveredMakerRight: number;
  /** Devices of a covered maker reported clear: the failure that matters most. */
  falseClear: number;
  coveredNotFlagged: number;
  withModel: number;
  modelRight: number;
  /** Devices expected clear that came out covered or oem. */
  falseFlag: number;
  makerRight: number;
  requests: { median: number; max: number };
}

/** Score a scan of the sample lab: each sample's device (by its lab address) against what the sample says it is. */
export function scoreCorpus(samples: Sample[], deviceOf: (id: string) => Device | undefined, requestsOf: (id: string) => number, catalogue?: Catalogue): CorpusScore {
  // "Axis" in a sample and "Axis Communications" in the catalogue are one maker.
  // "Sony" and "Sony Corporation" too, for makers the catalogue does not list.
  const legal = /[\s,]+(corporation|corp\.?|incorporated|inc\.?|co\.?,? ?ltd\.?|ltd\.?|limited|ab|gmbh|ag)$/i;
  const canonical = (name: string | undefined): string => norm(catalogue?.lookupName(name ?? "")?.vendor?.name ?? name).replace(legal, "");
  const results = samples.map((s): SampleResult => {
    const d = deviceOf(s.id);
    const vendorNames = [d?.vendor, ...(d?.vendorChain ?? [])].map(canonical);
    const makerRight = Boolean(d) && vendorNames.includes(canonical(s.expect.vendor));
    return {
      id: s.id,
      expected: s.expect,
      found: Boolean(d),
      ...(d?.vendor ? { vendor: d.vendor } : {}),
      ...(d?.model ? { model: d.model } : {}),
      ...(d ? { level: d.risk.level } : {}),
      makerRight,
      ...(s.expect.model ? { modelRight: norm(d?.model) === norm(s.expect.model) } : {}),
      levelRight: Boolean(d) && s.expect.levels.includes(d!.risk.level),
      requests: requestsOf(s.id),
    };
  });
  const covered = results.filter((r) => r.expected.levels.some((l) => FLAGGED.has(l)));
  const req = results.map((r) => r.requests).sort((a, b) => a - b);
  return {
    results,
    covered: covered.length,
    coveredMakerRight: covered.filter((r) => r.makerRight).length,
    falseClear: covered.filter((r) => r.level === "clear").length,
    coveredNotFlagged: covered.filter((r) => !r.level || !FLAGGED.has(r.level)).length,
    withModel: results.filter((r) => r.modelRight !== undefined).length,
    modelRight: results.filter((r) => r.modelRight).length,
    falseFlag: results.filter((r) => r.expected.levels.every((l) => !FLAGGED.has(l)) && r.level && FLAGGED.has(r.level)).length,
    makerRight: results.filter((r) => r.makerRight).length,
    requests: { median: req[Math.floor(req.length / 2)] ?? 0, max: req[req.length - 1] ?? 0 },
  };
}
