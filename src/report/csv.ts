import { cleanText } from "./escape.ts";
import type { Device, Report } from "../model/report.ts";

/** Stable column order: new columns are only ever appended. */
export const CSV_COLUMNS: [string, (d: Device) => string][] = [
  ["ip", (d) => d.ip],
  ["mac", (d) => d.mac ?? ""],
  ["interface", (d) => d.interface ?? ""],
  ["vendor", (d) => d.vendor ?? ""],
  ["brand", (d) => d.brand ?? ""],
  ["model", (d) => d.model ?? ""],
  ["firmware", (d) => d.firmware ?? ""],
  ["serial", (d) => d.serial ?? ""],
  ["device_type", (d) => d.deviceType ?? ""],
  ["surveillance", (d) => (d.isSurveillance ? "yes" : "no")],
  ["confidence", (d) => d.confidence.toFixed(2)],
  ["risk", (d) => d.risk.level],
  ["regulations", (d) => d.risk.regulations.map((r) => r.id).join(";")],
  ["accepted", (d) => (d.accepted ? `${d.accepted.reason} (until ${d.accepted.expires})` : "")],
  ["found_by", (d) => d.foundBy.join(";")],
  ["warnings", (d) => d.warnings.join(" | ")],
  ["vendor_chain", (d) => (d.vendorChain ?? []).join(";")],
  ["risk_summary", (d) => d.risk.summary ?? ""],
  ["in_scope", (d) => (d.inScope ? "yes" : "no")],
  ["addresses", (d) => (d.addresses ?? [d.ip]).join(";")],
  ["vulnerabilities", (d) => (d.vulnerabilities ?? []).map((v) => `${v.id}${v.kev ? " (KEV)" : ""}`).join(";")],
  ["exposure", (d) => (d.exposure ?? []).map((x) => x.kind).join(";")],
];

/**
 * A cell as RFC 4180 wants it, neutralised against formula injection: a device may call itself
 * "=HYPERLINK(...)"; a spreadsheet must show that as text.
 */
export function csvCell(value: string): string {
  // Line breaks and tabs are data inside a quoted cell; every other control or bidi character is not.
  let v = value
    .split(/(\r\n|\n|\t)/)
    .map((part, i) => (i % 2 ? part : cleanText(part)))
    .join("");
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export function renderCsv(report: Report): string {
  const rows = [CSV_COLUMNS.map(([h]) => h), ...report.devices.map((d) => CSV_COLUMNS.map(([, get]) => get(d)))];
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
