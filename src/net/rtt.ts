/**
 * How long to wait for a connect, learned from the connects that were answered (SYN-ACK or RST), the way TCP and
 * nmap do it: smoothed RTT plus four deviations, never under `minMs` nor over `maxMs`. Until a few answers have
 * come, the full `maxMs`. Pure state, no I/O.
 */
export class RttTimeout {
  private srtt = 0;
  private rttvar = 0;
  private samples = 0;

  constructor(
    readonly minMs: number,
    readonly maxMs: number,
    private readonly warmup = 8,
  ) {}

  /** An answer came after `ms`. */
  observe(ms: number): void {
    if (this.samples++ === 0) {
      this.srtt = ms;
      this.rttvar = ms / 2;
      return;
    }
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - ms);
    this.srtt = 0.875 * this.srtt + 0.125 * ms;
  }

  get timeoutMs(): number {
    if (this.samples < this.warmup) return this.maxMs;
    return Math.round(Math.min(this.maxMs, Math.max(this.minMs, this.srtt + 4 * this.rttvar)));
  }

  get smoothedMs(): number | undefined {
    return this.samples ? this.srtt : undefined;
  }
}
