import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import { ReportSchema } from "../../src/model/report.ts";

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;
const README = new URL("../../README.md", import.meta.url);
const FIRST = "127.78.0.10";
const TARGETS = "127.78.0.10-20";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

const tmp = (): string => mkdtempSync(path.join(tmpdir(), "camsweep-history-cli-"));
const personas = (...ids: string[]) => loadPersonas().filter((p) => ids.includes(p.id));

const labs: Lab[] = [];
async function lab(ids: string[], first: string): Promise<Lab> {
  const l = await startLab({ personas: personas(...ids), firstAddress: first, maxReplyDelayMs: 50 });
  labs.push(l);
  return l;
}
afterEach(async () => {
  await Promise.all(labs.splice(0).map((l) => l.close()));
});

describe("the scan history through the CLI", () => {
  it("says what is new since the last scan of the same scope, with no baseline file, and lists scans and devices", async () => {
    const dir = tmp();
    const db = path.join(dir, "h.db");
    await lab(["axis-camera", "hanwha-camera"], FIRST);
    const args = ["scan", "-i", "lo", TARGETS, "--listen", "800", "--db", db, "--quiet", "--fail-on-new", "-o", path.join(dir, "r.json")];
    const first = await run(args);
    expect(first).toMatchObject({ code: 0, stdout: "", stderr: "" });
    // A covered camera appears before the second night.
    await lab(["dahua-ipc"], "127.78.0.15");
    const second = await run(args);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(second.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^camsweep: new since \S+: 127\.78\.0\.15 Dahua \S+ \[(covered|oem)\]$/)]);
    const report = ReportSchema.parse(JSON.parse(readFileSync(path.join(dir, "r.json"), "utf8")));
    expect(report.changes?.new.map((d) => d.ip)).toEqual(["127.78.0.15"]);

    const history = await run(["history", "--db", db]);
    expect(history.code).toBe(0);
    expect(history.stdout.split("\n")[0]).toMatch(/^scan\s+started\s+site\s+scope\s+devices\s+new\s+levels$/);
    expect(history.stdout).toMatch(/^#2 .* 127\.78\.0\.10-20\s+3\s+1\s+/m);
    const devices = JSON.parse((await run(["devices", "--db", db, "--format", "json"])).stdout) as { ip: string; firstSeen: string }[];
    expect(devices.map((d) => d.ip)).toEqual(["127.78.0.10", "127.78.0.11", "127.78.0.15"]);
    const diff = await run(["diff", "--db", db, "1", "2"]);
    expect(diff.stdout).toMatch(/: 1 new, 0 gone, 0 changes\n\+ new +127\.78\.0\.15 Dahua/);
    expect((await run(["diff", "--db", db, "1", "9"])).stderr).toBe("camsweep: no scan #9 in the history (camsweep history lists them)\n");
  });

  it("finds the last scan of a scope given with exclusions (the scope's key includes them)", async () => {
    const dir = tmp();
    await lab(["axis-camera"], FIRST);
    const args = ["scan", "-i", "lo", TARGETS, "--exclude", "127.78.0.19", "--listen", "500", "--db", path.join(dir, "h.db"), "-o", path.join(dir, "r.json")];
    expect((await run(args)).stderr).toMatch(/history: the first scan of this scope/);
    const second = await run(args);
    expect(second.stderr).not.toMatch(/first scan/);
    expect(second.stderr).toMatch(/^since \S+ \(1 device\): 0 new, 0 gone, 0 changes$/m);
  });

  it("runs the README's cron line twice under env -i, with no terminal: silent the first night, one line per new device the next", async () => {
    const readme = readFileSync(README, "utf8");
    const section = readme.slice(readme.indexOf("### Scheduled scans"), readme.indexOf("\n## ", readme.indexOf("### Scheduled scans")));
    const line = /^15 2 \* \* \* {2}(\/usr\/local\/bin\/camsweep scan .*)$/m.exec(section)?.[1];
    expect(line).toBeDefined();
    const dir = tmp();
    writeFileSync(path.join(dir, "site.json"), JSON.stringify({ interface: ["lo"], targets: [TARGETS], listen: 800 }));
    const command = line!
      .replace("/usr/local/bin/camsweep", `${process.execPath} ${BIN}`)
      .replace("/etc/camsweep/site.json", path.join(dir, "site.json"))
      .replaceAll("/var/lib/", `${dir}/var/lib/`);
    const cron = (): Promise<Run> =>
      new Promise((resolve) => {
        // What cron gives a job: no terminal, no environment but its own few variables.
        const child = spawn("env", ["-i", "PATH=/usr/bin:/bin", "SHELL=/bin/sh", "/bin/sh", "-c", command], { stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    await lab(["axis-camera"], FIRST);
    expect(await cron()).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(existsSync(path.join(dir, "var/lib/camsweep/latest.json"))).toBe(true);
    await lab(["hikvision-ipc"], "127.78.0.16");
    const second = await cron();
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(second.stderr).toMatch(/^camsweep: new since \S+: 127\.78\.0\.16 Hikvision DS-2CD2146G2-ISU \[covered\]\n$/);
    expect(readFileSync(path.join(dir, "var/lib/node_exporter/textfile/camsweep.prom"), "utf8")).toMatch(/^camsweep_new_devices 1$/m);
  });

  it("keeps two runs of one job apart: the second exits 4 in one line; a dead run's lock is taken over", async () => {
    const dir = tmp();
    const lock = path.join(dir, "scan.lock");
    // A live process holds it: this test's own.
    writeFileSync(lock, `${process.pid} 2026-12-01T02:15:00.000Z\n`);
    const held = await run(["scan", "-i", "lo", TARGETS, "--listen", "300", "--no-db", "--lock", lock, "--format", "json"]);
    expect(held.code).toBe(4);
    expect(held.stdout).toBe("");
    expect(held.stderr).toBe(`camsweep: another camsweep scan of this scope is running (pid ${process.pid}, since 2026-12-01T02:15:00.000Z; lock ${lock})\n`);
    // A pid that has exited: the lock is stale.
    const dead = spawn(process.execPath, ["-e", "0"]);
    await new Promise((r) => dead.once("exit", r));
    writeFileSync(lock, `${dead.pid} 2026-12-01T02:15:00.000Z\n`);
    const taken = await run(["scan", "-i", "lo", TARGETS, "--listen", "300", "--no-db", "--lock", lock, "--format", "json", "--quiet"]);
    expect(taken.code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it("a default history that cannot be made is one line and does not change the exit code", async () => {
    await lab(["axis-camera"], FIRST);
    const dir = tmp();
    // No folder can be made under a file, even by root: as for a user whose home is not writable.
    const state = path.join(dir, "not-a-folder");
    writeFileSync(state, "");
    const r = await run(["scan", "-i", "lo", TARGETS, "--listen", "500", "--quiet", "-o", path.join(dir, "r.json")], { ...process.env, XDG_STATE_HOME: state });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`camsweep: history ${state}/camsweep/history.db: ENOTDIR: not a directory, mkdir '${state}/camsweep'; scanning without history\n`);
    expect(existsSync(path.join(dir, "r.json"))).toBe(true);
  });

  it("`db: false` in the config file keeps no history, as --no-db does; --db on the command line still wins", async () => {
    await lab(["axis-camera"], FIRST);
    const dir = tmp();
    const state = path.join(dir, "state");
    const config = path.join(dir, "site.json");
    writeFileSync(config, JSON.stringify({ db: false, targets: [TARGETS], interface: ["lo"], listen: 500 }));
    const env = { ...process.env, XDG_STATE_HOME: state };
    const none = await run(["scan", "--config", config, "--quiet", "-o", path.join(dir, "r.json")], env);
    expect([none.code, none.stderr]).toEqual([0, ""]);
    expect(existsSync(path.join(dir, "r.json"))).toBe(true);
    expect(existsSync(path.join(state, "camsweep", "history.db"))).toBe(false);
    const named = await run(["scan", "--config", config, "--db", path.join(dir, "h.db"), "--quiet", "--format", "json"], env);
    expect(named.code).toBe(0);
    expect(existsSync(path.join(dir, "h.db"))).toBe(true);
  });

  it("a corrupt history is one line; the scan still runs and writes its report, and exits 3", async () => {
    const dir = tmp();
    const db = path.join(dir, "h.db");
    writeFileSync(db, "not a database ".repeat(200));
    await lab(["axis-camera"], FIRST);
    const r = await run(["scan", "-i", "lo", TARGETS, "--listen", "500", "--db", db, "--quiet", "-o", path.join(dir, "r.json")]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`camsweep: history ${db}: file is not a database; scanning without history\n`);
    expect(ReportSchema.parse(JSON.parse(readFileSync(path.join(dir, "r.json"), "utf8"))).devices.map((d) => d.ip)).toContain(FIRST);
  });
});
