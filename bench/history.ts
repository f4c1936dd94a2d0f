// The scan history at fleet size: time to record a 1,000-device scan (the first night, every device new; the
// second, every device matched) in SQLite and in PostgreSQL, and the space it takes.
//   ../shared/bin/offline npm run bench:history            (BENCH_REPORT=r.json records a real report instead)
// PostgreSQL runs in a throwaway cluster on a Unix socket (as in the tests), when one can be started.
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { ReportSchema, type Report } from "../src/model/report.ts";
import { intToIp } from "../src/net/scope.ts";
import type { HistoryStore } from "../src/store/history.ts";
import { PostgresHistory } from "../src/store/postgres.ts";
import { SqliteHistory } from "../src/store/sqlite.ts";
import { startPostgres } from "../test/store/pg-server.ts";

const COUNT = Number(process.env.BENCH_DEVICES ?? 1000);

/** A report of COUNT devices: a real one, or the 14 real lab devices of the fixture, each repeated at new addresses. */
function report(): Report {
  if (process.env.BENCH_REPORT) return ReportSchema.parse(JSON.parse(readFileSync(process.env.BENCH_REPORT, "utf8")));
  const base = ReportSchema.parse(JSON.parse(readFileSync(new URL("../test/fixtures/report/lab-report.json", import.meta.url), "utf8")));
  const devices = Array.from({ length: COUNT }, (_, i) => {
    const d = structuredClone(base.devices[i % base.devices.length]!);
    const hex = (i + 1).toString(16).padStart(6, "0");
    return { ...d, id: `endpoint:uuid:bench-${i}`, ip: intToIp(0x0a000000 + i + 10), mac: `02:00:00:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4)}`, ...(d.serial ? { serial: `${d.serial}-${i}` } : {}) };
  });
  return { ...base, devices };
}

function nextNight(r: Report): Report {
  const t = (s: string): string => new Date(Date.parse(s) + 86_400_000).toISOString();
  return { ...r, startedAt: t(r.startedAt), finishedAt: t(r.finishedAt) };
}

async function time(store: HistoryStore, r: Report): Promise<number> {
  const t0 = performance.now();
  await store.record(r, "bench");
  return performance.now() - t0;
}

const first = report();
const observations = first.devices.reduce((a, d) => a + d.evidence.length, 0);
console.log(`recording a scan of ${first.devices.length} devices (${observations} observations)\n`);
console.log("| store | first scan (all new) | next scan (all matched) | size after two scans |");
console.log("|---|---|---|---|");

const file = path.join(mkdtempSync(path.join(tmpdir(), "camsweep-bench-")), "history.db");
const lite = SqliteHistory.open(file);
const l1 = await time(lite, first);
const l2 = await time(lite, nextNight(first));
await lite.close();
const size = (f: string): number => {
  try {
    return statSync(f).size;
  } catch {
    return 0;
  }
};
console.log(`| SQLite (better-sqlite3, WAL) | ${l1.toFixed(0)} ms | ${l2.toFixed(0)} ms | ${((size(file) + size(`${file}-wal`)) / 1048576).toFixed(1)} MB |`);

const server = await startPostgres();
if ("skip" in server) console.log(`| PostgreSQL | skipped: ${server.skip} | | |`);
else {
  try {
    const store = await PostgresHistory.open(server.url);
    const p1 = await time(store, first);
    const p2 = await time(store, nextNight(first));
    await store.close();
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    const bytes = Number((await c.query("SELECT sum(pg_total_relation_size(c.oid)) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'")).rows[0].n);
    await c.end();
    console.log(`| PostgreSQL 15 (pg, Unix socket) | ${p1.toFixed(0)} ms | ${p2.toFixed(0)} ms | ${(bytes / 1048576).toFixed(1)} MB (tables and indexes) |`);
  } finally {
    await server.stop();
  }
}
