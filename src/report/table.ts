import type { Report, RiskLevel } from "../model/report.ts";
import { RISK_LEVELS } from "../options/constants.ts";
import { terminalSafe } from "./escape.ts";
import { quantity } from "./words.ts";

export interface TableOptions {
  /** Colour a risk level (identity when colours are off). */
  colour?: (level: RiskLevel, text: string) => string;
  width?: number;
}

function fit(s: string, n: number): string {
  const t = terminalSafe(s);
  return t.length > n ? `${t.slice(0, Math.max(0, n - 1))}…` : t.padEnd(n);
}

const BASE = { address: 15, maker: 18, model: 18, type: 8, risk: 12 };
/** The found-by column is shown only when the terminal leaves it this much room. */
const MIN_FOUND_BY = 10;
/** Short probe names for the "found by" column. */
const SHORT: Record<string, string> = { "ws-discovery": "wsd" };

/** The device table: fits an 80-column terminal; the "found by" column takes what is left. */
export function renderTable(report: Report, opts: TableOptions = {}): string {
  const colour = opts.colour ?? ((_l, t) => t);
  const width = Math.max(80, opts.width ?? 80);
  // Wider terminals give the extra room to maker and model.
  const extra = Math.min(width - 80, 40);
  // An IPv6 address is wider than an IPv4 one: the address column grows to fit it, and the found-by column gives way.
  const longest = Math.max(0, ...report.devices.map((d) => terminalSafe(d.ip).length));
  const w = { ...BASE, address: Math.min(42, Math.max(BASE.address, longest)), maker: BASE.maker + Math.floor(extra / 3), model: BASE.model + Math.floor(extra / 3) };
  const rest = width - (w.address + w.maker + w.model + w.type + w.risk + 5) - 1;
  const lines: string[] = [];
  // What could not be identified comes first: a report that hides its unknowns reads as cleaner than it is.
  const count = (l: RiskLevel): number => report.devices.filter((d) => d.risk.level === l).length;
  if (count("unidentified") + count("unknown") > 0) lines.push(`not identified: ${count("unidentified")} unidentified (surveillance, maker unknown), ${count("unknown")} unknown`, "");
  const found = rest >= MIN_FOUND_BY;
  lines.push([fit("ADDRESS", w.address), fit("MAKER (BRAND)", w.maker), fit("MODEL", w.model), fit("TYPE", w.type), fit("RISK", w.risk), ...(found ? [fit("FOUND BY", rest)] : [])].join(" ").trimEnd());
  // Devices that answered from outside the targets get their own section: they were not asked anything and do not
  // decide the exit code unless --fail-on-outside says so.
  const outside = report.devices.filter((d) => !d.inScope);
  const rows = [...report.devices.filter((d) => d.inScope), ...(outside.length ? [undefined, ...outside] : [])];
  for (const d of rows) {
    if (!d) {
      lines.push("", `answered from outside the targets (${outside.length}; not contacted, and not counted in the exit code unless --fail-on-outside):`);
      continue;
    }
    const type = d.deviceType ?? (d.isSurveillance ? "camera" : "-");
    const risk = colour(d.risk.level, fit(d.risk.level, w.risk));
    const by = d.foundBy.map((p) => SHORT[p] ?? p).join(",");
    // A subsidiary shows its parent maker (EZVIZ < Hikvision); the state owner above them stays in JSON and HTML.
    const made = d.vendorChain && d.vendorChain.length >= 3 ? d.vendorChain.slice(0, 2).join(" < ") : d.vendor;
    const maker = made ? (d.brand && d.brand !== d.vendor ? `${made} (${d.brand})` : made) : "unknown";
    const cells = [fit(d.ip, w.address), fit(maker, w.maker), fit(d.model ?? "-", w.model), fit(type, w.type), risk, ...(found ? [fit(by, rest)] : [])];
    lines.push(cells.join(" ").trimEnd());
    const also = (d.addresses ?? []).filter((a) => a !== d.ip);
    if (also.length) lines.push(`  also at ${terminalSafe(also.join(", "))}`);
    if (d.exposure?.length) lines.push(`  exposure: ${d.exposure.map((x) => x.title).join(", ")}`);
    if (d.vulnerabilities?.length) lines.push(`  vulnerable firmware: ${d.vulnerabilities.map((v) => `${v.id}${v.kev ? " (known exploited)" : ""}`).join(", ")}`);
  }
  const cams = report.devices.filter((d) => d.isSurveillance).length;
  const byLevel = new Map<string, number>();
  for (const l of RISK_LEVELS) if (count(l)) byLevel.set(l, count(l));
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  lines.push("");
  const levels = [...byLevel].map(([l, n]) => `${n} ${l}`).join(", ");
  lines.push(`${quantity(report.devices.length, "device")}, ${cams} surveillance${levels ? `; ${levels}` : ""} (${seconds.toFixed(1)} s${report.partial ? ", partial: interrupted" : ""})`);
  if (report.catalogue) lines.push(`rules in force on ${report.catalogue.asOf}; catalogue ${report.catalogue.version} (reviewed ${report.catalogue.reviewed})`);
  for (const d of report.devices) for (const w of d.warnings) lines.push(`warning: ${fit(d.ip, 15).trimEnd()}: ${terminalSafe(w)}`);
  for (const e of report.errors) lines.push(`error: ${terminalSafe(e)}`);
  return `${lines.join("\n")}\n`;
}
