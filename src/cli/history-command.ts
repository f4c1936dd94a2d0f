// Reading the scan history: the scans, the inventory, and the changes between two scans.
import { existsSync } from "node:fs";
import { readValidated } from "./json-file.ts";
import { CliError, EXIT } from "./errors.ts";
import { defaultHistoryFile } from "./lock.ts";
import type { Io } from "./scan-command.ts";
import { ipToInt } from "../net/scope.ts";
import { ReportSchema, type RiskLevel } from "../model/report.ts";
import { diffReports, renderChanges, type ScanSummary } from "../report/diff.ts";
import { cleanText, safeJson } from "../report/escape.ts";
import { RISK_LEVELS } from "../options/constants.ts";
import { HistoryError, type HistoryStore } from "../store/history.ts";
import { openStore } from "../store/open.ts";

interface StoreFlags {
  db?: string;
  store?: string;
}

/** Open the history for reading: a PostgreSQL store, or an SQLite file that must exist (reading never creates one). */
async function openForReading(flags: StoreFlags, io: Io): Promise<HistoryStore> {
  const url = flags.store ?? io.env.CAMSWEEP_STORE;
  const file = flags.db ?? defaultHistoryFile(io.env);
  if (!url) {
    if (!file) throw new CliError("no history: there is no home directory for the default one; name it with --db FILE");
    if (!existsSync(file)) throw new CliError(`no history at ${file} yet: a scan records one (or name it with --db FILE)`);
  }
  try {
    return await openStore(url ? { url } : { file: file! });
  } catch (e) {
    if (e instanceof HistoryError) throw new CliError(e.message, EXIT.scanFailed);
    throw e;
  }
}

async function reading<T>(flags: StoreFlags, io: Io, f: (h: HistoryStore) => Promise<T>): Promise<T> {
  const h = await openForReading(flags, io);
  try {
    return await f(h);
  } catch (e) {
    if (e instanceof HistoryError) throw new CliError(e.message, EXIT.scanFailed);
    throw e;
  } finally {
    await h.close();
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n") + "\n";
}

/** JSON, or a line saying there is nothing: true when written, and the caller's table is not wanted. */
function list(io: Io, format: string, items: readonly unknown[], none: string): boolean {
  if (format === "json") io.stdout.write(`${safeJson(items, 2)}\n`);
  else if (items.length === 0) io.stdout.write(`${none}\n`);
  else return false;
  return true;
}

const levels = (by: Partial<Record<RiskLevel, number>>): string =>
  RISK_LEVELS.filter((l) => by[l])
    .map((l) => `${by[l]} ${l}`)
    .join(", ");

export async function historyCommand(flags: StoreFlags & { site?: string; limit: number; format: string }, io: Io): Promise<number> {
  const scans = await reading(flags, io, (h) => h.scans({ ...(flags.site !== undefined ? { site: flags.site } : {}), limit: flags.limit }));
  if (list(io, flags.format, scans, "no scans recorded")) return EXIT.ok;
  const scope = (k: string): string => {
    const s = JSON.parse(k) as { interfaces: string[]; targets: string[] };
    return s.targets.length ? s.targets.join(" ") : s.interfaces.join(" ");
  };
  const rows = [["scan", "started", "site", "scope", "devices", "new", "levels"]];
  for (const s of scans) rows.push([`#${s.id}`, s.startedAt.replace("T", " ").slice(0, 19), s.site || "-", scope(s.scopeKey), `${s.devices}${s.partial ? " (partial)" : ""}`, String(s.new), levels(s.byLevel)]);
  io.stdout.write(cleanText(table(rows), { keepNewlines: true }));
  return EXIT.ok;
}

export async function devicesCommand(flags: StoreFlags & { site?: string; since?: string; level?: string; format: string }, io: Io): Promise<number> {
  const filter = { ...(flags.site !== undefined ? { site: flags.site } : {}), ...(flags.since ? { since: flags.since } : {}), ...(flags.level ? { level: flags.level as RiskLevel } : {}) };
  const devices = (await reading(flags, io, (h) => h.devices(filter))).sort((a, b) => a.site.localeCompare(b.site) || ipToInt(a.ip) - ipToInt(b.ip));
  if (list(io, flags.format, devices, "no devices match")) return EXIT.ok;
  const day = (t: string): string => t.slice(0, 10);
  const rows = [["site", "ip", "level", "maker", "model", "firmware", "mac", "first seen", "last seen"]];
  for (const d of devices) rows.push([d.site || "-", d.ip, d.level, d.vendor ?? "?", d.model ?? "", d.firmware ?? "", d.mac ?? "", day(d.firstSeen), day(d.lastSeen)]);
  io.stdout.write(cleanText(table(rows), { keepNewlines: true }));
  return EXIT.ok;
}

/** A scan number ("12" or "#12") that is not also a file name. */
function scanNumber(ref: string): number | undefined {
  const m = /^#?(\d+)$/.exec(ref);
  return m && !existsSync(ref) ? Number(m[1]) : undefined;
}

export async function diffCommand(oldRef: string, newRef: string, flags: StoreFlags & { format: string }, io: Io): Promise<number> {
  const ids = [scanNumber(oldRef), scanNumber(newRef)];
  const fromHistory = ids.some((i) => i !== undefined) ? await openForReading(flags, io) : undefined;
  try {
    const load = async (ref: string, id: number | undefined): Promise<ScanSummary> => {
      if (id === undefined) return readValidated(ref, "report", ReportSchema);
      const s = await fromHistory!.scan(id);
      if (!s) throw new CliError(`no scan #${id} in the history (camsweep history lists them)`);
      return s;
    };
    const changes = diffReports(await load(oldRef, ids[0]), await load(newRef, ids[1]));
    io.stdout.write(flags.format === "json" ? `${safeJson(changes, 2)}\n` : renderChanges(changes));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof HistoryError) throw new CliError(e.message, EXIT.scanFailed);
    throw e;
  } finally {
    await fromHistory?.close();
  }
}
