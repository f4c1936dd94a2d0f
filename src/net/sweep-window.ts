/**
 * How many connects the sweep keeps in flight, found the way TCP finds its congestion window: start small, double
 * while connects complete, halve (once per `holdMs`) on a sign of congestion, then grow by one per window. Signs: a
 * host that has answered lets a SYN go unanswered (its queue overflowed), this machine runs short (descriptors,
 * ports), or answers take `queueMs` longer than the fastest one did (a queue is building, here or on the way: on a
 * busy event loop the discovery replies would be the next thing lost). Silent addresses let it open to `max`.
 * I/O-free state; the caller connects.
 */
export class SweepWindow {
  private cwnd: number;
  private ssthresh = Number.POSITIVE_INFINITY;
  private lastCut = Number.NEGATIVE_INFINITY;
  private inFlight = 0;
  private minRtt = Number.POSITIVE_INFINITY;
  private readonly waiters: (() => void)[] = [];
  cuts = 0;
  peak = 0;

  constructor(
    readonly max: number,
    initial = 64,
    readonly min = 8,
    private readonly holdMs = 250,
    private readonly queueMs = 100,
  ) {
    this.cwnd = Math.max(1, Math.min(initial, max));
    this.min = Math.min(min, max);
  }

  get width(): number {
    return Math.floor(this.cwnd);
  }

  /** Wait for a slot. */
  async acquire(): Promise<void> {
    while (this.inFlight >= this.width) await new Promise<void>((r) => this.waiters.push(r));
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
  }

  /**
   * A connect is done: "ok" (answered, with its RTT; or silence from a host never heard), "congestion" or "shortage".
   */
  release(outcome: "ok" | "congestion" | "shortage", now = performance.now(), rttMs?: number): void {
    this.inFlight--;
    if (rttMs !== undefined) {
      this.minRtt = Math.min(this.minRtt, rttMs);
      if (rttMs - this.minRtt > this.queueMs) outcome = "congestion";
    }
    if (outcome === "ok") {
      this.cwnd = Math.min(this.max, this.cwnd < this.ssthresh ? this.cwnd + 1 : this.cwnd + 1 / this.cwnd);
    } else if (now - this.lastCut >= this.holdMs) {
      this.ssthresh = Math.max(this.min, this.cwnd / 2);
      this.cwnd = this.ssthresh;
      this.lastCut = now;
      this.cuts++;
    }
    for (let free = this.width - this.inFlight; free > 0 && this.waiters.length; free--) this.waiters.shift()!();
  }
}
