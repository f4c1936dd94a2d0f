import { execFile } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab } from "../../mock-devices/lab.ts";
import { ReportSchema, type Report } from "../../src/model/report.ts";
import { diffReports } from "../../src/report/diff.ts";
import { scopeKey } from "../../src/store/history.ts";
import { PostgresHistory, redactUrl } from "../../src/store/postgres.ts";
import { fixture } from "../helpers.ts";
import { startPostgres } from "./pg-server.ts";

// A real PostgreSQL server, private to this test (a Unix socket in a temporary folder); skipped, saying why, where
// none can be started.
const server = await startPostgres();
const skip = "skip" in server ? server.skip : undefined;
afterAll(async () => {
  if (!("skip" in server)) await server.stop();
});

const first = ReportSchema.parse(JSON.parse(fixture("report/lab-report.json")));
let databases = 0;

/** A fresh database on the server, as its own URL. */
async function freshDatabase(): Promise<string> {
  if ("skip" in server) throw new Error(server.skip);
  const name = `t${++databases}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return server.url.replace(/\/postgres$/, `/${name}`);
}

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

/** Night n of a site: the fixture's devices, plus n new cameras, started n hours later. */
function night(n: number, base: Report = first): Report {
  const r: Report = structuredClone(base);
  r.startedAt = new Date(Date.parse(first.startedAt) + n * 3_600_000).toISOString();
  r.finishedAt = new Date(Date.parse(r.startedAt) + 9000).toISOString();
  const model = r.devices.find((d) => d.ip === "127.77.0.16")!;
  for (let k = 1; k <= n; k++) r.devices.push({ ...structuredClone(model), id: `endpoint:uuid:night-${k}`, ip: `127.77.1.${k}`, mac: `bc:ad:28:00:01:${k.toString(16).padStart(2, "0")}` });
  return r;
}

describe.skipIf(skip)(`the PostgreSQL history${skip ? ` (skipped: ${skip})` : ""}`, () => {
  it("keeps the same model as the embedded history: what is new since the last scan, the inventory, a scan sent twice", async () => {
    const h = await PostgresHistory.open(await freshDatabase());
    try {
      expect(await h.record(first, "hq")).toEqual({ scanId: 1, added: true, newDevices: 14 });
      const second = night(1);
      const previous = await h.previous("hq", scopeKey(first.scope), second.startedAt);
      expect(previous?.startedAt).toBe(first.startedAt);
      expect(diffReports(previous!, second)).toEqual(diffReports(first, second));
      expect(await h.record(second, "hq")).toEqual({ scanId: 2, added: true, newDevices: 1 });
      expect(await h.record(second, "hq")).toEqual({ scanId: 2, added: false, newDevices: 0 });
      const scans = await h.scans({ site: "hq" });
      expect(scans.map((s) => [s.id, s.devices, s.new, s.byLevel.covered])).toEqual([
        [2, 15, 1, 7],
        [1, 14, 14, 6],
      ]);
      const inventory = await h.devices({ site: "hq" });
      expect(inventory).toHaveLength(15);
      expect(inventory.find((d) => d.ip === "127.77.1.1")).toMatchObject({ firstSeen: second.startedAt, lastSeen: second.startedAt, level: "covered" });
      expect(inventory.find((d) => d.ip === "127.77.0.10")).toMatchObject({ firstSeen: first.startedAt, lastSeen: second.startedAt });
      expect((await h.scan(1))?.devices).toHaveLength(14);
    } finally {
      await h.close();
    }
  });

  it("takes three scanners at once (three sites, two scanners at one of them, a scan sent twice) and loses or doubles no row", async () => {
    const url = await freshDatabase();
    // Each scanner is its own client, as each site's scanner would be.
    const sites = ["north", "south", "east"];
    const jobs: [string, Report][] = [];
    for (const site of sites) for (let n = 0; n < 4; n++) jobs.push([site, night(n)]);
    // A second scanner at "north", scanning another scope, and the same scan of "south" sent again.
    const other: Report = { ...structuredClone(night(2)), scope: { ...first.scope, targets: ["127.77.0.0/24"] } };
    jobs.push(["north", other], ["south", night(3)]);
    const stores = await Promise.all(jobs.map(() => PostgresHistory.open(url)));
    try {
      const results = await Promise.all(jobs.map(([site, r], i) => stores[i]!.record(r, site)));
      expect(results.filter((r) => !r.added)).toHaveLength(1);
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const count = async (sql: string): Promise<number> => Number((await db.query(sql)).rows[0].n);
        expect(await count("SELECT count(*) AS n FROM scans")).toBe(jobs.length - 1);
        // Every site's inventory: the fixture's 14 devices and the 3 cameras of the later nights, each once.
        expect((await db.query("SELECT site, count(*)::int AS n FROM devices GROUP BY site ORDER BY site")).rows).toEqual([
          { site: "east", n: 17 },
          { site: "north", n: 17 },
          { site: "south", n: 17 },
        ]);
        expect(await count("SELECT count(*) AS n FROM (SELECT site, mac FROM devices WHERE mac IS NOT NULL GROUP BY site, mac HAVING count(*) > 1) d")).toBe(0);
        const expected = jobs.slice(0, -1).reduce((a, [, r]) => a + r.devices.reduce((b, d) => b + d.evidence.length, 0), 0);
        expect(await count("SELECT count(*) AS n FROM observations")).toBe(expected);
        // The dashboard's view: every covered or OEM device across the sites, first seen.
        expect(await count("SELECT count(*) AS n FROM flagged_devices WHERE level = 'covered'")).toBe(3 * 9);
      } finally {
        await db.end();
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it("holds one lock per site and scope for as long as a scan runs", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresHistory.open(url), PostgresHistory.open(url)]);
    try {
      const release = await a.tryLock("hq", "scope-1");
      expect(release).toBeDefined();
      expect(await b.tryLock("hq", "scope-1")).toBeUndefined();
      const otherScope = await b.tryLock("hq", "scope-2");
      expect(otherScope).toBeDefined();
      await otherScope!();
      await release!();
      const again = await b.tryLock("hq", "scope-1");
      expect(again).toBeDefined();
      await again!();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("through the CLI: scans recorded with CAMSWEEP_STORE and --site, read back with --store; the store's lock keeps runs apart", async () => {
    const url = await freshDatabase();
    const personas = (id: string) => loadPersonas().filter((p) => p.id === id);
    const labs = [await startLab({ personas: personas("axis-camera"), firstAddress: "127.78.1.10", maxReplyDelayMs: 50 })];
    try {
      const scan = ["scan", "-i", "lo", "127.78.1.10-20", "--listen", "800", "--site", "hq", "--quiet", "--fail-on-new", "--format", "json"];
      expect((await cli(scan, { CAMSWEEP_STORE: url })).code).toBe(0);
      labs.push(await startLab({ personas: personas("hikvision-ipc"), firstAddress: "127.78.1.12", maxReplyDelayMs: 50 }));
      const second = await cli(scan, { CAMSWEEP_STORE: url });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/^camsweep: new since \S+: 127\.78\.1\.12 Hikvision DS-2CD2146G2-ISU \[covered\]\n$/);
      const history = await cli(["history", "--store", url, "--site", "hq", "--format", "json"], {});
      expect((JSON.parse(history.stdout) as { new: number; site: string }[]).map((s) => [s.site, s.new])).toEqual([
        ["hq", 1],
        ["hq", 1],
      ]);
      const devices = JSON.parse((await cli(["devices", "--store", url, "--level", "covered", "--format", "json"], {})).stdout) as { ip: string }[];
      expect(devices.map((d) => d.ip)).toEqual(["127.78.1.12"]);
      // Another run of the same job holds the lock: this one exits 4 at once.
      const other = await PostgresHistory.open(url);
      const release = await other.tryLock("hq", scopeKey({ interfaces: [{ cidr: "127.0.0.1/8" }], targets: ["127.78.1.10-20"] }));
      try {
        const held = await cli(scan, { CAMSWEEP_STORE: url });
        expect(held).toMatchObject({ code: 4, stdout: "", stderr: "camsweep: another camsweep scan of this scope at hq is running (it holds the store's lock)\n" });
      } finally {
        await release?.();
        await other.close();
      }
    } finally {
      await Promise.all(labs.map((l) => l.close()));
    }
  });

  it("says in one line, without the password, when the server cannot be reached", async () => {
    const url = server && "url" in server ? server.url.replace("camsweep@", "camsweep:s3cret@").replace(/\/postgres$/, "/nosuchdb") : "";
    await expect(PostgresHistory.open(url)).rejects.toThrow(/^history postgres:\/\/camsweep:\*\*\*@.*nosuchdb: database "nosuchdb" does not exist$/);
    expect(redactUrl("postgres://u:pw@db.example/x")).toBe("postgres://u:***@db.example/x");
  });
});
