// The fleet's history: the same model in PostgreSQL (the pg client), for many sites and many scanners at once.
// Each scan is one transaction that holds its site's advisory lock, so two scanners at one site never both add
// the same new device, and a scan sent twice is found and left alone.
import pg from "pg";
import type { DeviceSummary } from "../model/device-identity.ts";
import type { Report, RiskLevel } from "../model/report.ts";
import { HistoryError, scopeKey, type HistoryStore, type InventoryRow, type RecordResult, type ScanRow } from "./history.ts";
import { PG_MIGRATIONS } from "./pg-migrations.ts";
import { identityColumns, planRecord, rowSummary } from "./record-plan.ts";

type Row = Record<string, unknown>;

/** Advisory lock keys: one for migrations, one per site (hashed by the server). */
const MIGRATION_LOCK = 0x63616d73; // "cams"

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));


/** The address without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "the PostgreSQL store";
  }
}

export class PostgresHistory implements HistoryStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly where: string,
  ) {}

  /** Connect and bring the schema up to date (one migrator at a time). Throws a one-line HistoryError. */
  static async open(url: string): Promise<PostgresHistory> {
    const where = redactUrl(url);
    const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 });
    pool.on("error", () => undefined); // an idle client's error; the next query reports it
    const h = new PostgresHistory(pool, where);
    try {
      await h.migrate();
      return h;
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw h.oneLine(e);
    }
  }

  private oneLine(e: unknown): HistoryError {
    return e instanceof HistoryError ? e : new HistoryError(`history ${this.where}: ${(e as Error).message.split("\n")[0]}`);
  }

  private async guard<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw this.oneLine(e);
    }
  }

  private async transaction<T>(f: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const out = await f(c);
      await c.query("COMMIT");
      return out;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await c.query("CREATE TABLE IF NOT EXISTS camsweep_schema (version INTEGER NOT NULL)");
      const at = Number((await c.query("SELECT max(version) AS v FROM camsweep_schema")).rows[0]?.v ?? 0);
      if (at > PG_MIGRATIONS.length) throw new HistoryError(`history ${this.where}: the database is from a newer camsweep (schema ${at}; this one knows ${PG_MIGRATIONS.length})`);
      for (let v = at; v < PG_MIGRATIONS.length; v++) {
        await c.query(PG_MIGRATIONS[v]!);
        await c.query("INSERT INTO camsweep_schema (version) VALUES ($1)", [v + 1]);
      }
    });
  }

  async record(report: Report, site: string): Promise<RecordResult> {
    const key = scopeKey(report.scope);
    return this.guard(() =>
      this.transaction(async (c): Promise<RecordResult> => {
        await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`camsweep site ${site}`]);
        const existing = await c.query("SELECT id FROM scans WHERE site = $1 AND scope_key = $2 AND started_at = $3", [site, key, report.startedAt]);
        if (existing.rows[0]) return { scanId: Number(existing.rows[0].id), added: false, newDevices: 0 };
        const scanId = Number(
          (
            await c.query(
              "INSERT INTO scans (site, scope_key, scope, started_at, finished_at, tool_version, catalogue_version, partial, device_count, errors) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
              [site, key, JSON.stringify(report.scope), report.startedAt, report.finishedAt, report.tool.version, report.catalogue?.version ?? null, report.partial, report.devices.length, report.errors.length],
            )
          ).rows[0].id,
        );
        const known = (await c.query("SELECT * FROM devices WHERE site = $1", [site])).rows.map((r: Row) => ({ ...rowSummary(r), rowId: Number(r.id) }));
        const plan = planRecord(report.devices, known);
        let newDevices = 0;
        const ids: number[] = [];
        for (const { device: d, rowId } of plan) {
          if (rowId !== undefined) {
            ids.push(rowId);
            continue;
          }
          const r = await c.query(
            "INSERT INTO devices (site, report_id, ip, mac, serial, vendor, brand, model, firmware, level, first_seen, last_seen, first_scan, last_scan) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $12) RETURNING id",
            [site, d.id, d.ip, ...identityColumns(d), d.risk.level, report.startedAt, scanId],
          );
          ids.push(Number(r.rows[0].id));
          newDevices++;
        }
        // The rest in a few statements, whatever the number of devices: arrays unnested by the server.
        const col = (f: (p: (typeof plan)[number], i: number) => unknown): unknown[] => plan.map(f);
        const seen = plan.map((p, i) => ({ p, id: ids[i]! })).filter(({ p }) => p.rowId !== undefined);
        if (seen.length) {
          const cols = seen.map(({ p }) => identityColumns(p.device));
          await c.query(
            `UPDATE devices SET report_id = u.report_id, ip = u.ip, mac = coalesce(u.mac, devices.mac), serial = coalesce(u.serial, devices.serial),
               vendor = coalesce(u.vendor, devices.vendor), brand = coalesce(u.brand, devices.brand), model = coalesce(u.model, devices.model),
               firmware = coalesce(u.firmware, devices.firmware), level = u.level, last_seen = $10, last_scan = $11
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $12::text[])
               AS u(id, report_id, ip, mac, serial, vendor, brand, model, firmware, level)
             WHERE devices.id = u.id`,
            [
              seen.map((s) => s.id),
              seen.map((s) => s.p.device.id),
              seen.map((s) => s.p.device.ip),
              ...[0, 1, 2, 3, 4, 5].map((k) => cols.map((x) => x[k])),
              report.startedAt,
              scanId,
              seen.map((s) => s.p.device.risk.level),
            ],
          );
        }
        const changed = plan.map((p, i) => ({ p, id: ids[i]! })).filter(({ p }) => p.levelBefore);
        if (changed.length) {
          await c.query("INSERT INTO level_changes (device_id, scan_id, at, before, after) SELECT u.id, $2, $3, u.before, u.after FROM unnest($1::bigint[], $4::text[], $5::text[]) AS u(id, before, after)", [
            changed.map((x) => x.id),
            scanId,
            report.startedAt,
            changed.map((x) => x.p.levelBefore),
            changed.map((x) => x.p.device.risk.level),
          ]);
        }
        if (plan.length) {
          const cols = plan.map((p) => identityColumns(p.device));
          await c.query(
            `INSERT INTO sightings (scan_id, device_id, report_id, ip, mac, serial, vendor, brand, model, firmware, device_type, level, seq)
             SELECT $1, u.* FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[]) AS u`,
            [scanId, ids, col((p) => p.device.id), col((p) => p.device.ip), ...[0, 1, 2, 3, 4, 5].map((k) => cols.map((x) => x[k])), col((p) => p.device.deviceType ?? null), col((p) => p.device.risk.level), col((_, i) => i)],
          );
          const obs = plan.flatMap((p, i) => p.device.evidence.map((e) => [ids[i], e.source, e.field, e.value, e.url ?? null] as const));
          await c.query("INSERT INTO observations (scan_id, device_id, source, field, value, url) SELECT $1, u.* FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u", [
            scanId,
            ...[0, 1, 2, 3, 4].map((k) => obs.map((o) => o[k])),
          ]);
          const acc = plan.map((p, i) => ({ a: p.device.accepted, id: ids[i] })).filter((x) => x.a);
          if (acc.length) {
            await c.query("INSERT INTO accepted (scan_id, device_id, matched_by, reason, expires) SELECT $1, u.* FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS u", [
              scanId,
              acc.map((x) => x.id),
              acc.map((x) => x.a!.by),
              acc.map((x) => x.a!.reason),
              acc.map((x) => x.a!.expires),
            ]);
          }
        }
        return { scanId, added: true, newDevices };
      }),
    );
  }

  private async devicesOf(scanId: number): Promise<DeviceSummary[]> {
    return (await this.pool.query("SELECT * FROM sightings WHERE scan_id = $1 ORDER BY seq", [scanId])).rows.map(rowSummary);
  }

  async previous(site: string, key: string, before: string): Promise<{ id: number; startedAt: string; devices: DeviceSummary[] } | undefined> {
    return this.guard(async () => {
      const r = (await this.pool.query("SELECT id, started_at FROM scans WHERE site = $1 AND scope_key = $2 AND NOT partial AND started_at < $3 ORDER BY started_at DESC, id DESC LIMIT 1", [site, key, before])).rows[0] as Row | undefined;
      return r ? { id: Number(r.id), startedAt: iso(r.started_at), devices: await this.devicesOf(Number(r.id)) } : undefined;
    });
  }

  async scan(id: number): Promise<{ id: number; startedAt: string; devices: DeviceSummary[] } | undefined> {
    return this.guard(async () => {
      const r = (await this.pool.query("SELECT id, started_at FROM scans WHERE id = $1", [id])).rows[0] as Row | undefined;
      return r ? { id, startedAt: iso(r.started_at), devices: await this.devicesOf(id) } : undefined;
    });
  }

  async scans(filter: { site?: string; limit?: number }): Promise<ScanRow[]> {
    return this.guard(async () => {
      const rows = (
        await this.pool.query(
          `SELECT s.*, (SELECT count(*) FROM devices d WHERE d.first_scan = s.id) AS new_count,
             (SELECT coalesce(json_object_agg(level, n), '{}') FROM (SELECT level, count(*) AS n FROM sightings WHERE scan_id = s.id GROUP BY level) l) AS by_level
           FROM scans s WHERE ($1::text IS NULL OR s.site = $1) ORDER BY s.started_at DESC, s.id DESC LIMIT $2`,
          [filter.site ?? null, filter.limit ?? null],
        )
      ).rows as Row[];
      return rows.map((r) => ({
        id: Number(r.id),
        site: String(r.site),
        scopeKey: String(r.scope_key),
        startedAt: iso(r.started_at),
        finishedAt: iso(r.finished_at),
        toolVersion: String(r.tool_version),
        partial: Boolean(r.partial),
        devices: Number(r.device_count),
        new: Number(r.new_count),
        byLevel: Object.fromEntries(Object.entries(r.by_level as Record<string, unknown>).map(([k, v]) => [k, Number(v)])),
      }));
    });
  }

  async devices(filter: { site?: string; since?: string; level?: RiskLevel }): Promise<InventoryRow[]> {
    return this.guard(async () =>
      (
        await this.pool.query(
          "SELECT * FROM devices WHERE ($1::text IS NULL OR site = $1) AND ($2::timestamptz IS NULL OR last_seen >= $2) AND ($3::text IS NULL OR level = $3) ORDER BY site, id",
          [filter.site ?? null, filter.since ?? null, filter.level ?? null],
        )
      ).rows.map((r: Row) => {
        const s = rowSummary(r);
        const row: InventoryRow = { id: Number(r.id), site: String(r.site), ip: s.ip, level: s.risk.level, firstSeen: iso(r.first_seen), lastSeen: iso(r.last_seen) };
        for (const k of ["mac", "serial", "vendor", "brand", "model", "firmware"] as const) if (s[k]) row[k] = s[k];
        return row;
      }),
    );
  }

  /**
   * Hold the lock of one site and scope for as long as the scan runs (a session advisory lock on its own
   * connection); undefined when another run holds it.
   */
  async tryLock(site: string, key: string): Promise<(() => Promise<void>) | undefined> {
    return this.guard(async () => {
      const c = await this.pool.connect();
      const name = `camsweep scan ${site}\n${key}`;
      const got = (await c.query("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [name])).rows[0]?.ok === true;
      if (!got) {
        c.release();
        return undefined;
      }
      return async () => {
        await c.query("SELECT pg_advisory_unlock(hashtext($1))", [name]).catch(() => undefined);
        c.release();
      };
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
