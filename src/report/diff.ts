import { cleanText } from "./escape.ts";
import type { Change, Changes, Device, DeviceRef, Report } from "../model/report.ts";

export function deviceRef(d: Device): DeviceRef {
  const ref: DeviceRef = { id: d.id, ip: d.ip, level: d.risk.level };
  if (d.mac) ref.mac = d.mac;
  if (d.serial) ref.serial = d.serial;
  if (d.vendor) ref.vendor = d.vendor;
  if (d.model) ref.model = d.model;
  return ref;
}

/** Same device? By MAC, then serial, then discovery endpoint id, and only then by address (addresses move). */
const KEY_KINDS: ((d: Device) => string | undefined)[] = [
  (d) => (d.mac ? `mac:${d.mac}` : undefined),
  (d) => (d.serial ? `serial:${d.serial.toUpperCase()}` : undefined),
  (d) => (d.id.startsWith("ip:") || d.id.startsWith("serial:") ? undefined : `id:${d.id}`),
  (d) => `ip:${d.ip}`,
];

/** Two records whose MACs or serials differ are two devices, whatever address they shared. */
function contradicts(a: Device, b: Device): boolean {
  return Boolean((a.mac && b.mac && a.mac !== b.mac) || (a.serial && b.serial && a.serial.toUpperCase() !== b.serial.toUpperCase()));
}

const TRACKED: [Change["field"], (d: Device) => string | undefined][] = [
  ["ip", (d) => d.ip],
  ["firmware", (d) => d.firmware],
  ["risk", (d) => d.risk.level],
  ["vendor", (d) => d.vendor],
  ["brand", (d) => d.brand],
  ["model", (d) => d.model],
  ["serial", (d) => d.serial],
];

/** New, gone and changed devices between two reports. Pure. */
export function diffReports(before: Report, after: Report): Changes {
  const unmatched = new Set(before.devices);
  const paired = new Map<Device, Device>();
  // Every device tries the strongest key first, so an address reused by another device does not steal a match.
  for (const key of KEY_KINDS) {
    for (const d of after.devices) {
      const k = key(d);
      if (paired.has(d) || !k) continue;
      const match = [...unmatched].find((o) => key(o) === k && !contradicts(o, d));
      if (match) {
        paired.set(d, match);
        unmatched.delete(match);
      }
    }
  }
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
  for (const o of unmatched) changes.gone.push(deviceRef(o));
  return changes;
}

/** The changes, one line each, for terminals and logs. */
export function renderChanges(c: Changes): string {
  const who = (r: DeviceRef): string => cleanText(`${r.ip} ${[r.vendor, r.model].filter(Boolean).join(" ") || "(unknown)"} [${r.level}]`);
  const lines = [`since ${c.baseline.startedAt} (${c.baseline.devices} devices): ${c.new.length} new, ${c.gone.length} gone, ${c.changed.length} changes`];
  for (const r of c.new) lines.push(`+ new      ${who(r)}`);
  for (const r of c.gone) lines.push(`- gone     ${who(r)}`);
  for (const ch of c.changed) lines.push(`~ ${ch.field.padEnd(8)} ${who(ch.device)}: ${cleanText(ch.before) || "(none)"} → ${cleanText(ch.after) || "(none)"}`);
  return `${lines.join("\n")}\n`;
}
