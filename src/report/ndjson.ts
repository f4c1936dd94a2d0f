import { safeJson } from "./escape.ts";
import type { Device, Report } from "../model/report.ts";

/** One line for one device, written as soon as it is identified. */
export function ndjsonDevice(d: Device): string {
  return `${safeJson({ type: "device", ...d })}\n`;
}

/** The closing line: counts, scope, timing, errors and changes. */
export function ndjsonSummary(r: Report): string {
  const byLevel: Record<string, number> = {};
  for (const d of r.devices) byLevel[d.risk.level] = (byLevel[d.risk.level] ?? 0) + 1;
  const { devices, ...rest } = r;
  return `${safeJson({ type: "summary", ...rest, deviceCount: devices.length, byLevel })}\n`;
}

export function renderNdjson(r: Report): string {
  return r.devices.map(ndjsonDevice).join("") + ndjsonSummary(r);
}
