import type { ExposureSignal } from "../catalogue/schema.ts";
import type { Evidence } from "../model/report.ts";

/** One way a device reaches outside the site, with the evidence that shows it. */
export interface DeviceExposure {
  kind: string;
  title: string;
  evidence: string;
  why: string;
  source: string;
}

/** Does this evidence value show the signal? Pure. */
export function signalMatches(signal: ExposureSignal, value: string): boolean {
  let re = compiled.get(signal.pattern);
  if (!re) compiled.set(signal.pattern, (re = new RegExp(signal.pattern, "i")));
  return re.test(value.trim());
}

/** Patterns compiled once: every device's evidence is read against the same few. */
const compiled = new Map<string, RegExp>();

/** The exposure signals a device's evidence shows, each kind once. Pure. */
export function exposureOf(evidence: readonly Evidence[], signals: readonly ExposureSignal[]): DeviceExposure[] {
  const out: DeviceExposure[] = [];
  for (const s of signals) {
    if (out.some((x) => x.kind === s.kind)) continue;
    const hit = evidence.find((e) => e.field === s.field && signalMatches(s, e.value));
    if (hit) out.push({ kind: s.kind, title: s.title, evidence: `${hit.field} = ${hit.value} (${hit.source})`, why: s.why, source: s.source });
  }
  return out;
}
