import { cleanText } from "./escape.ts";
import { pairDevices, type DeviceSummary } from "../model/device-identity.ts";
import type { Change, Changes, DeviceRef } from "../model/report.ts";
import { quantity } from "./words.ts";

/** Two scans compared: a report, or a scan recalled from the history. */
export interface ScanSummary {
  startedAt: string;
  devices: readonly DeviceSummary[];
}

export function deviceRef(d: DeviceSummary): DeviceRef {
  const ref: DeviceRef = { id: d.id, ip: d.ip, level: d.risk.level };
  if (d.mac) ref.mac = d.mac;
  if (d.serial) ref.serial = d.serial;
  if (d.vendor) ref.vendor = d.vendor;
  if (d.model) ref.model = d.model;
  return ref;
}

const TRACKED: [Change["field"], (d: DeviceSummary) => string | undefined][] = [
  ["ip", (d) => d.ip],
  ["firmware", (d) => d.firmware],
  ["risk", (d) => d.risk.level],
  ["vendor", (d) => d.vendor],
  ["brand", (d) => d.brand],
  ["model", (d) => d.model],
  ["serial", (d) => d.serial],
];

/** New, gone and changed devices between two reports. Pure. */
export function diffReports(before: ScanSummary, after: ScanSummary): Changes {
  const paired = pairDevices(before.devices, after.devices);
  const matched = new Set(paired.values());
  const changes: Changes = { baseline: { startedAt: before.startedAt, devices: before.devices.length }, new: [], gone: [], changed: [] };
  for (const d of after.devices) {
    const old = paired.get(d);
    if (!old) {
      changes.new.push(deviceRef(d));
      continue;
    }
    for (const [field, get] of TRACKED) {
      const was = get(old);
      const now = get(d);
      if (was !== now && (was !== undefined || field === "ip")) changes.changed.push({ device: deviceRef(d), field, before: was ?? "", after: now ?? "" });
    }
  }
  for (const o of before.devices) if (!matched.has(o)) changes.gone.push(deviceRef(o));
  return changes;
}

/** The changes, one line each, for terminals and logs. */
export function renderChanges(c: Changes): string {
  const who = (r: DeviceRef): string => cleanText(`${r.ip} ${[r.vendor, r.model].filter(Boolean).join(" ") || "(unknown)"} [${r.level}]`);
  const lines = [`since ${c.baseline.startedAt} (${quantity(c.baseline.devices, "device")}): ${c.new.length} new, ${c.gone.length} gone, ${c.changed.length} changes`];
  for (const r of c.new) lines.push(`+ new      ${who(r)}`);
  for (const r of c.gone) lines.push(`- gone     ${who(r)}`);
  for (const ch of c.changed) lines.push(`~ ${ch.field.padEnd(8)} ${who(ch.device)}: ${cleanText(ch.before) || "(none)"} → ${cleanText(ch.after) || "(none)"}`);
  return `${lines.join("\n")}\n`;
}
