import type { Observation, ProbeWarning } from "../model/observation.ts";

/** Observations kept per address: far more than any real device gives (a chatty NVR gives ~150). */
export const MAX_OBSERVATIONS_PER_ADDRESS = 512;
/** Observations kept per scan: a bound on memory whatever the network sends (~100 bytes each). */
export const MAX_OBSERVATIONS_PER_SCAN = 200_000;
/** Warnings kept per address: one flooding device must not fill the report with them either. */
export const MAX_WARNINGS_PER_ADDRESS = 32;

/**
 * Where discovery puts what it hears. A fact seen again (same address, probe, field, value, URL) is recognised by its
 * content before it is stored; past the caps, replies are counted, not kept, and the device gets one warning saying
 * how many were dropped. A flood of distinct replies from one address then costs a counter, not memory.
 */
export class EvidenceStore {
  readonly observations: Observation[] = [];
  readonly warnings: ProbeWarning[] = [];
  private readonly seen = new Set<string>();
  private readonly perAddress = new Map<string, number>();
  private readonly warningsPerAddress = new Map<string, number>();
  private readonly dropped = new Map<string, number>();
  private droppedScan = 0;

  constructor(
    private readonly perAddressCap = MAX_OBSERVATIONS_PER_ADDRESS,
    private readonly scanCap = MAX_OBSERVATIONS_PER_SCAN,
  ) {}

  /** Store one observation; false when it was a duplicate or over a cap. */
  add(o: Observation): boolean {
    const key = `${o.ip}\u0000${o.probe}\u0000${o.field}\u0000${o.value}\u0000${o.url ?? ""}\u0000${(o.keys ?? []).join(",")}`;
    if (this.seen.has(key)) return false;
    const n = this.perAddress.get(o.ip) ?? 0;
    if (n >= this.perAddressCap || this.observations.length >= this.scanCap) {
      this.dropped.set(o.ip, (this.dropped.get(o.ip) ?? 0) + 1);
      if (this.observations.length >= this.scanCap) this.droppedScan++;
      return false;
    }
    this.seen.add(key);
    this.perAddress.set(o.ip, n + 1);
    this.observations.push(o);
    return true;
  }

  warn(w: ProbeWarning): void {
    const n = this.warningsPerAddress.get(w.ip) ?? 0;
    this.warningsPerAddress.set(w.ip, n + 1);
    if (n < MAX_WARNINGS_PER_ADDRESS) this.warnings.push(w);
  }

  /** Warnings for what was dropped, one per address, to add after discovery. */
  dropWarnings(): ProbeWarning[] {
    const out: ProbeWarning[] = [];
    for (const [ip, n] of this.dropped) out.push({ ip, probe: "discovery", message: `${n.toLocaleString("en")} further replies dropped: more than ${this.perAddressCap} facts from one address` });
    for (const [ip, n] of this.warningsPerAddress) if (n > MAX_WARNINGS_PER_ADDRESS) out.push({ ip, probe: "discovery", message: `${(n - MAX_WARNINGS_PER_ADDRESS).toLocaleString("en")} further warnings dropped` });
    return out;
  }

  /** Replies dropped because the whole scan's cap was reached (an error for the report, not one device's warning). */
  get droppedForScanCap(): number {
    return this.droppedScan;
  }
}
