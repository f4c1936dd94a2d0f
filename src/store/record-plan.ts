// What recording a scan changes in a site's inventory, worked out before any write: the same for every store.
import { pairDevices, type DeviceSummary } from "../model/device-identity.ts";
import type { Device, RiskLevel } from "../model/report.ts";

/** A device the history already holds for the site. */
export type KnownDevice = DeviceSummary & { rowId: number };

export interface PlannedDevice {
  device: Device;
  /** The inventory row it is; undefined for a device seen for the first time. */
  rowId?: number;
  /** Its level in the inventory before this scan, when that differs from now. */
  levelBefore?: RiskLevel;
}

/**
 * Match a scan's devices to the site's inventory (MAC, serial, endpoint, then address; see pairDevices). A row
 * matched twice in one scan (two addresses the pairing could not join) is recorded once. Pure.
 */
export function planRecord(devices: readonly Device[], known: readonly KnownDevice[]): PlannedDevice[] {
  const paired = pairDevices(known, devices);
  const taken = new Set<number>();
  const out: PlannedDevice[] = [];
  for (const device of devices) {
    const match = paired.get(device);
    if (!match) {
      out.push({ device });
      continue;
    }
    if (taken.has(match.rowId)) continue;
    taken.add(match.rowId);
    out.push({ device, rowId: match.rowId, ...(match.risk.level !== device.risk.level ? { levelBefore: match.risk.level } : {}) });
  }
  return out;
}

/** The columns a device gives its inventory row and its sighting, in this order. */
export function identityColumns(d: Device): (string | null)[] {
  return [d.mac ?? null, d.serial ?? null, d.vendor ?? null, d.brand ?? null, d.model ?? null, d.firmware ?? null];
}

/** A device as a store's row holds it (a sighting or an inventory row; NULL or "" for what was not known). */
export function rowSummary(r: Record<string, unknown>): DeviceSummary {
  const d: DeviceSummary = { id: String(r.report_id), ip: String(r.ip), risk: { level: r.level as RiskLevel } };
  for (const k of ["mac", "serial", "vendor", "brand", "model", "firmware"] as const) {
    const v = r[k];
    if (typeof v === "string" && v !== "") d[k] = v;
  }
  return d;
}
