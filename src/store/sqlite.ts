// The embedded scan history: one SQLite file (better-sqlite3), written in one transaction per scan.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { DeviceSummary } from "../model/device-identity.ts";
import type { Report, RiskLevel } from "../model/report.ts";
import { identityColumns, planRecord, rowSummary } from "./record-plan.ts";
import { HistoryError, scopeKey, type HistoryStore, type InventoryRow, type RecordResult, type ScanRow } from "./history.ts";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations.ts";

type Row = Record<string, unknown>;

/** Bring a database up to the current schema, one step per version, each in its own transaction. */
export function migrate(db: Database.Database, upTo = SQLITE_MIGRATIONS.length): number {
  const at = db.pragma("user_version", { simple: true }) as number;
  if (at > SQLITE_MIGRATIONS.length) throw new HistoryError(`the history database is from a newer camsweep (schema ${at}; this one knows ${SQLITE_MIGRATIONS.length})`);
  for (let v = at; v < upTo; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db.pragma("user_version", { simple: true }) as number;
}

function oneLine(file: string, e: unknown): HistoryError {
  const msg = (e as Error).message.split("\n")[0];
  return e instanceof HistoryError ? e : new HistoryError(`history ${file}: ${msg}`);
}



export class SqliteHistory implements HistoryStore {
  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {}

  /** Open (creating the file and its folder) and migrate. Throws a HistoryError with one line. */
  static open(file: string): SqliteHistory {
    try {
      if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      const db = new Database(file, { timeout: 10_000 });
      try {
        db.pragma("journal_mode = WAL");
        db.pragma("foreign_keys = ON");
        migrate(db);
      } catch (e) {
        db.close();
        throw e;
      }
      return new SqliteHistory(db, file);
    } catch (e) {
      throw oneLine(file, e);
    }
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw oneLine(this.file, e);
    }
  }

  async record(report: Report, site: string): Promise<RecordResult> {
    return this.guard(() => this.recordNow(report, site));
  }

  private recordNow(report: Report, site: string): RecordResult {
    const db = this.db;
    const key = scopeKey(report.scope);
    return db.transaction((): RecordResult => {
      const existing = db.prepare("SELECT id FROM scans WHERE site = ? AND scope_key = ? AND started_at = ?").get(site, key, report.startedAt) as Row | undefined;
      if (existing) return { scanId: Number(existing.id), added: false, newDevices: 0 };
      const scanId = Number(
        db
          .prepare("INSERT INTO scans (site, scope_key, scope, started_at, finished_at, tool_version, catalogue_version, partial, device_count, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .run(site, key, JSON.stringify(report.scope), report.startedAt, report.finishedAt, report.tool.version, report.catalogue?.version ?? null, report.partial ? 1 : 0, report.devices.length, report.errors.length).lastInsertRowid,
      );
      // The site's inventory, matched by the same rules as a baseline diff.
      const known = (db.prepare("SELECT * FROM devices WHERE site = ?").all(site) as Row[]).map((r) => ({ ...rowSummary(r), rowId: Number(r.id) }));
      const insertDevice = db.prepare(
        "INSERT INTO devices (site, report_id, ip, mac, serial, vendor, brand, model, firmware, level, first_seen, last_seen, first_scan, last_scan) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      const updateDevice = db.prepare(
        "UPDATE devices SET report_id = ?, ip = ?, mac = coalesce(?, mac), serial = coalesce(?, serial), vendor = coalesce(?, vendor), brand = coalesce(?, brand), model = coalesce(?, model), firmware = coalesce(?, firmware), level = ?, last_seen = ?, last_scan = ? WHERE id = ?",
      );
      const insertSighting = db.prepare(
        "INSERT INTO sightings (scan_id, device_id, report_id, ip, mac, serial, vendor, brand, model, firmware, device_type, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      const insertObservation = db.prepare("INSERT INTO observations (scan_id, device_id, source, field, value, url) VALUES (?, ?, ?, ?, ?, ?)");
      const insertChange = db.prepare("INSERT INTO level_changes (device_id, scan_id, at, before, after) VALUES (?, ?, ?, ?, ?)");
      const insertAccepted = db.prepare("INSERT INTO accepted (scan_id, device_id, matched_by, reason, expires) VALUES (?, ?, ?, ?, ?)");
      let newDevices = 0;
      for (const { device: d, rowId, levelBefore } of planRecord(report.devices, known)) {
        let deviceId: number;
        if (rowId !== undefined) {
          deviceId = rowId;
          updateDevice.run(d.id, d.ip, ...identityColumns(d), d.risk.level, report.startedAt, scanId, deviceId);
          if (levelBefore) insertChange.run(deviceId, scanId, report.startedAt, levelBefore, d.risk.level);
        } else {
          deviceId = Number(insertDevice.run(site, d.id, d.ip, ...identityColumns(d), d.risk.level, report.startedAt, report.startedAt, scanId, scanId).lastInsertRowid);
          newDevices++;
        }
        insertSighting.run(scanId, deviceId, d.id, d.ip, ...identityColumns(d), d.deviceType ?? null, d.risk.level);
        for (const e of d.evidence) insertObservation.run(scanId, deviceId, e.source, e.field, e.value, e.url ?? null);
        if (d.accepted) insertAccepted.run(scanId, deviceId, d.accepted.by, d.accepted.reason, d.accepted.expires);
      }
      return { scanId, added: true, newDevices };
    })();
  }

  private devicesOf(scanId: number): DeviceSummary[] {
    return (this.db.prepare("SELECT * FROM sightings WHERE scan_id = ? ORDER BY rowid").all(scanId) as Row[]).map(rowSummary);
  }

  async previous(site: string, key: string, before: string): Promise<{ id: number; startedAt: string; devices: DeviceSummary[] } | undefined> {
    return this.guard(() => {
      const r = this.db.prepare("SELECT id, started_at FROM scans WHERE site = ? AND scope_key = ? AND partial = 0 AND started_at < ? ORDER BY started_at DESC, id DESC LIMIT 1").get(site, key, before) as Row | undefined;
      return r ? { id: Number(r.id), startedAt: String(r.started_at), devices: this.devicesOf(Number(r.id)) } : undefined;
    });
  }

  async scan(id: number): Promise<{ id: number; startedAt: string; devices: DeviceSummary[] } | undefined> {
    return this.guard(() => {
      const r = this.db.prepare("SELECT id, started_at FROM scans WHERE id = ?").get(id) as Row | undefined;
      return r ? { id, startedAt: String(r.started_at), devices: this.devicesOf(id) } : undefined;
    });
  }

  async scans(filter: { site?: string; limit?: number }): Promise<ScanRow[]> {
    return this.guard(() => {
      const rows = this.db
        .prepare(
          `SELECT s.*, (SELECT count(*) FROM devices d WHERE d.first_scan = s.id) AS new_count
           FROM scans s WHERE (? IS NULL OR s.site = ?) ORDER BY s.started_at DESC, s.id DESC LIMIT ?`,
        )
        .all(filter.site ?? null, filter.site ?? null, filter.limit ?? -1) as Row[];
      const levels = this.db.prepare("SELECT level, count(*) AS n FROM sightings WHERE scan_id = ? GROUP BY level");
      return rows.map((r) => ({
        id: Number(r.id),
        site: String(r.site),
        scopeKey: String(r.scope_key),
        startedAt: String(r.started_at),
        finishedAt: String(r.finished_at),
        toolVersion: String(r.tool_version),
        partial: Boolean(r.partial),
        devices: Number(r.device_count),
        new: Number(r.new_count),
        byLevel: Object.fromEntries((levels.all(r.id) as Row[]).map((l) => [String(l.level), Number(l.n)])),
      }));
    });
  }

  async devices(filter: { site?: string; since?: string; level?: RiskLevel }): Promise<InventoryRow[]> {
    return this.guard(() =>
      (
        this.db
          .prepare("SELECT * FROM devices WHERE (? IS NULL OR site = ?) AND (? IS NULL OR last_seen >= ?) AND (? IS NULL OR level = ?) ORDER BY site, ip")
          .all(filter.site ?? null, filter.site ?? null, filter.since ?? null, filter.since ?? null, filter.level ?? null, filter.level ?? null) as Row[]
      ).map((r) => {
        const s = rowSummary(r);
        const row: InventoryRow = { id: Number(r.id), site: String(r.site), ip: s.ip, level: s.risk.level, firstSeen: String(r.first_seen), lastSeen: String(r.last_seen) };
        for (const k of ["mac", "serial", "vendor", "brand", "model", "firmware"] as const) if (s[k]) row[k] = s[k];
        return row;
      }),
    );
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
