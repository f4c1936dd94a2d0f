import { execFile, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import { ReportSchema } from "../../src/model/report.ts";
import { interruptHandler } from "../../src/cli/main.ts";

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;
const tmp = (): string => mkdtempSync(path.join(tmpdir(), "camsweep-"));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ personas: loadPersonas().filter((p) => p.id === "hikvision-ipc" || p.id === "dahua-ipc"), firstAddress: "127.72.0.10", highPorts: true });
});
afterAll(async () => lab?.close());

describe.each([
  ["SIGTERM", 143],
  ["SIGHUP", 129],
  ["SIGINT", 130],
] as const)("%s mid-scan", (signal, second) => {
  it("writes the partial report to every output and metrics with partial 1, then exits 3", async () => {
    const dir = tmp();
    const out = (f: string): string => path.join(dir, f);
    const child = spawn(process.execPath, [BIN, "scan", "-i", "lo", "127.72.0.10-11", "--ports", "8080", "--listen", "20000", "-o", out("r.json"), "-o", out("r.csv"), "--prom", out("m.prom")], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    await new Promise((r) => setTimeout(r, 2500));
    const t0 = Date.now();
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    expect(code).toBe(3);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(stderr).toMatch(new RegExp(`interrupted \\(${signal}\\)`));
    expect(ReportSchema.parse(JSON.parse(readFileSync(out("r.json"), "utf8"))).partial).toBe(true);
    expect(readFileSync(out("r.csv"), "utf8")).toMatch(/^ip,/);
    expect(readFileSync(out("m.prom"), "utf8")).toMatch(/^camsweep_scan_partial 1$/m);
  }, 30_000);

  it(`a second ${signal} exits at once with ${second}`, () => {
    // Two signals sent together reach a process as one; the handler is tested directly for the second.
    const exits: number[] = [];
    const stderr: string[] = [];
    const controller = new AbortController();
    const handle = interruptHandler({ io: { stderr: { write: (s: string) => stderr.push(s) } as never }, controller, active: () => true, exit: (c) => exits.push(c) });
    handle(signal);
    expect([controller.signal.aborted, exits]).toEqual([true, []]);
    handle(signal);
    expect(exits).toEqual([second]);
    expect(stderr.join("")).toMatch(/send it again to quit now/);
  });
});

describe("outputs are checked before anything is sent", () => {
  it("an unwritable -o or --prom path is exit 2 before the scan, naming it", async () => {
    const dir = tmp();
    const t0 = Date.now();
    // A folder under a file cannot be created, even by root.
    writeFileSync(path.join(dir, "file"), "");
    const bad = path.join(dir, "file", "sub", "r.json");
    const r = await run(["scan", "-i", "lo", "127.72.0.10", "--listen", "5000", "-o", path.join(dir, "a.json"), "-o", bad, "--prom", path.join(dir, "m.prom")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`camsweep: cannot write ${bad}: cannot create its directory ${path.dirname(bad)} (ENOTDIR)`);
    expect(Date.now() - t0).toBeLessThan(4000); // not after a 5 s listen window
  });
});

describe("outputs that fail", () => {
  it("a folder whose permission bits allow writing but that takes no file (/proc) is exit 2 before the scan", async () => {
    const t0 = Date.now();
    const r = await run(["scan", "-i", "lo", "127.72.0.10", "--listen", "5000", "-o", "/proc/camsweep-r.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^camsweep: cannot write \/proc\/camsweep-r\.json: \S.*$/);
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  /** A scan whose output folder "share" is removed while it listens; extra outputs go in `dir`, beside it. */
  async function scanLosingShare(extra: (dir: string) => string[] = () => []) {
    const dir = tmp();
    const rescueDir = tmp();
    const sub = path.join(dir, "share");
    const args = ["scan", "-i", "lo", "127.72.0.10-11", "--ports", "8080", "--listen", "2500", "--no-db", "-o", path.join(sub, "r.json"), ...extra(dir)];
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TMPDIR: rescueDir }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await new Promise((r) => setTimeout(r, 1000));
    rmSync(sub, { recursive: true });
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    return { code, stderr, dir, rescueDir };
  }

  it("an output gone by the end of the scan (its folder removed) loses no report: it is saved in the temporary folder", async () => {
    const { code, stderr, rescueDir } = await scanLosingShare();
    expect(code).toBe(3);
    expect(stderr).toMatch(/cannot write .*share\/r\.json: ENOENT/);
    const saved = /the report is saved in (\S+) instead/.exec(stderr)?.[1];
    expect(saved && path.dirname(saved)).toBe(rescueDir);
    const report = ReportSchema.parse(JSON.parse(readFileSync(saved!, "utf8")));
    expect(report.devices.map((d) => d.ip).sort()).toEqual(["127.72.0.10", "127.72.0.11"]);
  }, 30_000);

  it("with another output still written, the lost one is named and nothing is copied aside", async () => {
    const { code, stderr, dir, rescueDir } = await scanLosingShare((d) => ["-o", path.join(d, "r.csv")]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/cannot write .*share\/r\.json: ENOENT/);
    expect(stderr).not.toMatch(/saved in/);
    expect(readFileSync(path.join(dir, "r.csv"), "utf8")).toMatch(/^ip,[\s\S]*127\.72\.0\.11/);
    expect(readdirSync(rescueDir)).toEqual([]);
  }, 30_000);
});

describe("targets", () => {
  it.each([
    [["10.0.0.0/8/8"], /invalid CIDR "10.0.0.0\/8\/8"/],
    [["0.0.0.0/0"], /4,294,967,294 addresses to sweep .*needs --allow-large/],
    [["10.0.0.0-10.255.255.255"], /16,777,216 addresses to sweep .*needs --allow-large/],
  ])("%j: one line, exit 2, nothing sent", async (targets, message) => {
    const r = await run(["scan", "-i", "lo", ...targets]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("files the user gives", () => {
  it("a malformed credentials file is named with its line and column, never its contents", async () => {
    const dir = tmp();
    const file = path.join(dir, "creds.json");
    writeFileSync(file, '{"username": "admin",\n "password": "Sup3rSecret!" oops}', { mode: 0o600 });
    const r = await run(["scan", "-i", "lo", "--credentials-file", file, "127.72.0.10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/credentials file .* is not valid JSON at line 2, column \d+/);
    expect(r.stderr).not.toMatch(/Sup3rSecret|oops/);
  });

  it("warns when a credentials file can be read by others", async () => {
    const dir = tmp();
    const file = path.join(dir, "creds.json");
    writeFileSync(file, JSON.stringify({ username: "admin", password: "x" }));
    chmodSync(file, 0o644);
    const r = await run(["scan", "-i", "lo", "--credentials-file", file, "--listen", "200", "--ports", "8080", "127.72.0.250"]);
    expect(r.stderr).toMatch(/warning: credentials file .* can be read by other users \(mode 0644\); chmod 600 it/);
  });

  it("an exception that expires on a date that does not exist is refused", async () => {
    const dir = tmp();
    const file = path.join(dir, "ex.json");
    writeFileSync(file, JSON.stringify({ exceptions: [{ ip: "127.72.0.10", reason: "lab", expires: "2099-13-45" }] }));
    const r = await run(["scan", "-i", "lo", "--exceptions", file, "127.72.0.10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expires: a date that exists/);
  });
});

describe("--version", () => {
  it("answers from package.json, alone, without loading the scanner", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = await run([flag]);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, `${pkg.version}\n`, ""]);
    }
  });
});

describe("lab --workers", () => {
  it("serves one lab from several processes, every device at the address it has in the whole lab", async () => {
    const { sliceOf } = await import("../../src/cli/lab-command.ts");
    const all = loadPersonas();
    const parts = [0, 1, 2].map((i) => sliceOf(all, "127.77.0.10", `${i}/3`));
    expect(parts.flatMap((p) => p.personas.map((x) => x.id))).toEqual(all.map((p) => p.id));
    const size = Math.ceil(all.length / 3);
    expect(parts.map((p) => p.firstAddress)).toEqual(["127.77.0.10", `127.77.0.${10 + size}`, `127.77.0.${10 + 2 * size}`]);
  });
});
