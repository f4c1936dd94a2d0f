import type { ScanEvent } from "../scan/run.ts";

/** One line on a terminal's stderr: phase, counts and a rough time left. Only ever built for a TTY. */
export class ProgressLine {
  private phase = "discovery";
  private readonly start = Date.now();
  private phaseStart = Date.now();
  private observations = 0;
  private devices = 0;
  private total = 0;
  private timer: NodeJS.Timeout;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly listenMs: number,
  ) {
    this.timer = setInterval(() => this.draw(), 200);
    this.timer.unref();
  }

  event(e: ScanEvent): void {
    if (e.kind === "phase") {
      this.phase = e.phase;
      this.phaseStart = Date.now();
      const n = /^(\d+) devices/.exec(e.detail ?? "");
      if (n) this.total = Number(n[1]);
    } else if (e.kind === "observation") this.observations++;
    else if (e.kind === "device") this.devices++;
  }

  private draw(): void {
    const elapsed = (Date.now() - this.start) / 1000;
    let detail: string;
    let left: number | undefined;
    if (this.phase === "discovery") {
      detail = `${this.observations} replies`;
      left = Math.max(0, (this.listenMs + 500 - (Date.now() - this.phaseStart)) / 1000);
    } else {
      detail = `${this.devices}/${this.total} devices`;
      const rate = this.devices / Math.max(0.001, (Date.now() - this.phaseStart) / 1000);
      left = this.devices > 0 ? (this.total - this.devices) / rate : undefined;
    }
    const width = 24;
    const frac = this.phase === "discovery" ? Math.min(1, (Date.now() - this.phaseStart) / (this.listenMs + 500)) : this.total ? this.devices / this.total : 0;
    const bar = "#".repeat(Math.round(frac * width)).padEnd(width, "-");
    this.out.write(`\r\u001b[2K${this.phase.padEnd(9)} [${bar}] ${detail}, ${elapsed.toFixed(1)} s${left !== undefined ? `, about ${left.toFixed(0)} s left` : ""}`);
  }

  done(): void {
    clearInterval(this.timer);
    this.out.write("\r\u001b[2K");
  }
}
