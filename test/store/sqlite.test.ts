import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ReportSchema, type Report } from "../../src/model/report.ts";
import { diffReports } from "../../src/report/diff.ts";
import { HistoryError, scopeKey } from "../../src/store/history.ts";
import { migrate, SqliteHistory } from "../../src/store/sqlite.ts";
import { SQLITE_MIGRATIONS } from "../../src/store/sqlite-migrations.ts";
import { fixture } from "../helpers.ts";

const first = ReportSchema.parse(JSON.parse(fixture("report/lab-report.json")));
const dbFile = (): string => path.join(mkdtempSync(path.join(tmpdir(), "camsweep-history-")), "h.db");

/** The next night: the Dahua at .13 is gone, the EZVIZ moved to .40 and its firmware changed, the Axis is now "watch", one new camera. */
function secondNight(): Report {
  const r: Report = structuredClone(first);
  r.startedAt = "2026-11-30T09:00:00.000Z";
  r.finishedAt = "2026-11-30T09:00:09.000Z";
  r.devices = r.devices.filter((d) => d.ip !== "127.77.0.13");
  const ezviz = r.devices.find((d) => d.ip === "127.77.0.14")!;
  ezviz.ip = "127.77.0.40";
  ezviz.firmware = "V5.3.2build 230101";
  r.devices.find((d) => d.ip === "127.77.0.11")!.risk.level = "watch";
  const fresh = structuredClone(r.devices.find((d) => d.ip === "127.77.0.16")!);
  Object.assign(fresh, { id: "endpoint:uuid:new-camera", ip: "127.77.0.41", mac: "bc:ad:28:00:00:41" });
  r.devices.push(fresh);
  return r;
}

describe("the SQLite history", () => {
  it("knows, without a baseline file, what is new, gone and changed since the last scan of the same scope", async () => {
    const h = SqliteHistory.open(dbFile());
    try {
      const key = scopeKey(first.scope);
      expect(await h.previous("", key, first.startedAt)).toBeUndefined();
      expect(await h.record(first, "")).toEqual({ scanId: 1, added: true, newDevices: 14 });
      const second = secondNight();
      const previous = await h.previous("", key, second.startedAt);
      expect(previous?.id).toBe(1);
      const changes = diffReports(previous!, second);
      expect(changes.new.map((d) => d.ip)).toEqual(["127.77.0.41"]);
      expect(changes.gone.map((d) => d.ip)).toEqual(["127.77.0.13"]);
      expect(changes.changed.map((c) => `${c.device.ip} ${c.field} ${c.before} → ${c.after}`).sort()).toEqual([
        "127.77.0.11 risk clear → watch",
        "127.77.0.40 firmware V5.3.0build 211230 → V5.3.2build 230101",
        "127.77.0.40 ip 127.77.0.14 → 127.77.0.40",
      ]);
      // The same answer from a diff of the two reports themselves.
      expect(changes).toEqual(diffReports(first, second));
      expect(await h.record(second, "")).toEqual({ scanId: 2, added: true, newDevices: 1 });

      const inventory = await h.devices({});
      expect(inventory).toHaveLength(15);
      const ezviz = inventory.find((d) => d.mac === "0c:a6:4c:11:22:33")!;
      expect([ezviz.ip, ezviz.firmware, ezviz.firstSeen, ezviz.lastSeen]).toEqual(["127.77.0.40", "V5.3.2build 230101", first.startedAt, "2026-11-30T09:00:00.000Z"]);
      const gone = inventory.find((d) => d.ip === "127.77.0.13")!;
      expect(gone.lastSeen).toBe(first.startedAt);
      expect((await h.devices({ since: "2026-11-30" })).map((d) => d.ip)).not.toContain("127.77.0.13");
      expect((await h.devices({ level: "watch" })).map((d) => d.ip)).toEqual(["127.77.0.11"]);

      const scans = await h.scans({});
      expect(scans.map((s) => [s.id, s.devices, s.new])).toEqual([
        [2, 14, 1],
        [1, 14, 14],
      ]);
      expect(scans[1]!.byLevel.covered).toBe(6);
    } finally {
      await h.close();
    }
  });

  it("records every observation, and each level change when it happens", async () => {
    const file = dbFile();
    const h = SqliteHistory.open(file);
    await h.record(first, "");
    await h.record(secondNight(), "");
    await h.close();
    const db = new Database(file, { readonly: true });
    try {
      const evidence = first.devices.reduce((a, d) => a + d.evidence.length, 0);
      expect((db.prepare("SELECT count(*) AS n FROM observations WHERE scan_id = 1").get() as { n: number }).n).toBe(evidence);
      expect(db.prepare("SELECT before, after FROM level_changes").all()).toEqual([{ before: "clear", after: "watch" }]);
    } finally {
      db.close();
    }
  });

  it("records the same scan once, however often it is sent", async () => {
    const h = SqliteHistory.open(dbFile());
    try {
      await h.record(first, "hq");
      expect(await h.record(first, "hq")).toEqual({ scanId: 1, added: false, newDevices: 0 });
      expect(await h.scans({})).toHaveLength(1);
      expect(await h.devices({})).toHaveLength(14);
    } finally {
      await h.close();
    }
  });

  it("keeps each site's inventory apart", async () => {
    const h = SqliteHistory.open(dbFile());
    try {
      await h.record(first, "hq");
      expect(await h.record(first, "branch")).toMatchObject({ added: true, newDevices: 14 });
      expect(await h.devices({ site: "hq" })).toHaveLength(14);
      expect(await h.previous("branch", scopeKey(first.scope), "2027-01-01")).toMatchObject({ id: 2 });
    } finally {
      await h.close();
    }
  });

  it("upgrades a database of the previous schema, keeping its scans", async () => {
    const file = dbFile();
    const old = new Database(file);
    expect(migrate(old, SQLITE_MIGRATIONS.length - 1)).toBe(SQLITE_MIGRATIONS.length - 1);
    old.prepare("INSERT INTO scans (site, scope_key, scope, started_at, finished_at, tool_version, partial, device_count) VALUES ('', ?, '{}', ?, ?, '0.1.0', 0, 0)").run(scopeKey(first.scope), "2026-11-01T00:00:00.000Z", "2026-11-01T00:00:05.000Z");
    old.close();
    const h = SqliteHistory.open(file);
    try {
      const scans = await h.scans({});
      expect(scans.map((s) => s.startedAt)).toEqual(["2026-11-01T00:00:00.000Z"]);
      await h.record(first, "");
      expect((await h.scans({})).map((s) => s.id)).toEqual([2, 1]);
    } finally {
      await h.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    db.close();
  });

  it("refuses a file that is not a history, or one from a newer camsweep, in one line", () => {
    const junk = dbFile();
    writeFileSync(junk, "this is not a database, it is a report someone renamed ".repeat(100));
    expect(() => SqliteHistory.open(junk)).toThrow(HistoryError);
    expect(() => SqliteHistory.open(junk)).toThrow(/^history .*h\.db: file is not a database$/);
    const newer = dbFile();
    const db = new Database(newer);
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    db.close();
    expect(() => SqliteHistory.open(newer)).toThrow(/from a newer camsweep/);
  });
});
