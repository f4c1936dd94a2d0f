// What the scan history holds and answers, whatever keeps it (embedded SQLite, or PostgreSQL for a fleet).
import type { DeviceSummary } from "../model/device-identity.ts";
import type { Report, RiskLevel } from "../model/report.ts";

export interface ScanRow {
  id: number;
  site: string;
  scopeKey: string;
  startedAt: string;
  finishedAt: string;
  toolVersion: string;
  partial: boolean;
  devices: number;
  /** Devices first seen (on this site) by this scan. */
  new: number;
  byLevel: Partial<Record<RiskLevel, number>>;
}

export interface InventoryRow {
  id: number;
  site: string;
  ip: string;
  mac?: string;
  serial?: string;
  vendor?: string;
  brand?: string;
  model?: string;
  firmware?: string;
  level: RiskLevel;
  firstSeen: string;
  lastSeen: string;
}

export interface RecordResult {
  scanId: number;
  /** False when this scan (same site, scope and start) was recorded before: nothing changed. */
  added: boolean;
  newDevices: number;
}

export interface HistoryStore {
  /** Record a finished (or partial) scan; the devices are matched to the site's inventory by MAC, serial, endpoint, address. */
  record(report: Report, site: string): Promise<RecordResult>;
  /** The last complete scan of the same site and scope that started before `before`. */
  previous(site: string, scopeKey: string, before: string): Promise<{ id: number; startedAt: string; devices: DeviceSummary[] } | undefined>;
  /** One scan's devices, as the history recalls them. */
  scan(id: number): Promise<{ id: number; startedAt: string; devices: DeviceSummary[] } | undefined>;
  scans(filter: { site?: string; limit?: number }): Promise<ScanRow[]>;
  devices(filter: { site?: string; since?: string; level?: RiskLevel }): Promise<InventoryRow[]>;
  /** A lock of one site and scope held in the store itself, for as long as a scan runs; undefined when taken. */
  tryLock?(site: string, scopeKey: string): Promise<(() => Promise<void>) | undefined>;
  close(): Promise<void>;
}

/** A history that cannot be opened, read or written: one line for the user. */
export class HistoryError extends Error {}

/** The scan's scope as a key: the interfaces' subnets and the targets, sorted. Two runs of one cron line share it. */
export function scopeKey(scope: { interfaces: readonly { cidr: string }[]; targets: readonly string[]; exclude?: readonly string[] | undefined }): string {
  const key: { interfaces: string[]; targets: string[]; exclude?: string[] } = { interfaces: scope.interfaces.map((i) => i.cidr).sort(), targets: [...scope.targets].sort() };
  if (scope.exclude?.length) key.exclude = [...scope.exclude].sort();
  return JSON.stringify(key);
}
