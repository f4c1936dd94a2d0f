import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import { ReportSchema } from "../../src/model/report.ts";
import { loopback } from "../lab.ts";

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;
function run(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let lab: Lab;
let dir: string;
let target: string;
beforeAll(async () => {
  lab = await startLab({ personas: loadPersonas().filter((p) => ["hikvision-ipc", "axis-camera", "amcrest-ipc", "wsd-printer"].includes(p.id)), firstAddress: "127.77.6.10" });
  dir = mkdtempSync(path.join(tmpdir(), "camsweep-reports-"));
  target = "127.77.6.10-13";
});
afterAll(async () => lab?.close());

describe("reports for people and machines, through the real CLI", () => {
  it("writes several formats at once, by extension, plus Prometheus metrics", async () => {
    const files = ["r.json", "r.csv", "r.html", "r.ndjson", "r.txt"].map((f) => path.join(dir, f));
    const prom = path.join(dir, "camsweep.prom");
    const r = await run(["scan", "-i", loopback().name, target, "--listen", "800", "--quiet", ...files.flatMap((f) => ["-o", f]), "--prom", prom]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const report = ReportSchema.parse(JSON.parse(readFileSync(files[0]!, "utf8")));
    expect(report.devices).toHaveLength(4);
    expect(readFileSync(files[1]!, "utf8").split("\r\n")[0]).toMatch(/^ip,mac,interface,vendor,brand,model/);
    expect(readFileSync(files[2]!, "utf8")).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(files[3]!, "utf8").trimEnd().split("\n")).toHaveLength(5);
    expect(readFileSync(files[4]!, "utf8")).toMatch(/^ADDRESS/);
    expect(readFileSync(prom, "utf8")).toMatch(/^camsweep_devices\{level="oem"\} 1$/m);
  });

  it("streams NDJSON on stdout: device lines, then the summary", async () => {
    const r = await run(["scan", "-i", loopback().name, target, "--listen", "800", "--quiet", "--format", "ndjson"]);
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(["device", "device", "device", "device", "summary"]);
  });

  it("with a baseline, reports changes; --fail-on-new exits 1 when a device is new, 0 when not", async () => {
    const baseline = path.join(dir, "baseline.json");
    await run(["scan", "-i", loopback().name, target, "--listen", "800", "--quiet", "-o", baseline]);
    const same = await run(["scan", "-i", loopback().name, target, "--listen", "800", "--baseline", baseline, "--fail-on-new", "--format", "json"]);
    expect(same.code).toBe(0);
    expect(ReportSchema.parse(JSON.parse(same.stdout)).changes).toMatchObject({ new: [], gone: [] });
    // A baseline from before the printer was plugged in.
    const old = ReportSchema.parse(JSON.parse(readFileSync(baseline, "utf8")));
    old.devices = old.devices.filter((d) => d.isSurveillance);
    const older = path.join(dir, "older.json");
    writeFileSync(older, JSON.stringify(old));
    const grown = await run(["scan", "-i", loopback().name, target, "--listen", "800", "--baseline", older, "--fail-on-new", "--format", "json"]);
    expect(grown.code).toBe(1);
    expect(grown.stderr).toMatch(/^camsweep: new since \S+: 127\.77\.6\.13 \(unknown\) \[\w+\]$/m);
    expect(grown.stderr).toMatch(/^\+ new {6}127\.77\.6\.13 /m);
    const diff = await run(["diff", older, baseline]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/1 new, 0 gone, 0 changes/);
  });

  it("takes defaults from camsweep.config.json, lets flags override, and names every config error", async () => {
    const cfgDir = mkdtempSync(path.join(tmpdir(), "camsweep-config-"));
    writeFileSync(path.join(cfgDir, "camsweep.config.json"), JSON.stringify({ interface: [loopback().name], targets: [target], listen: 800, quiet: true, output: ["site.json"], failOn: "covered" }));
    const r = await run(["scan"], cfgDir);
    expect(r.code).toBe(1); // the Hikvision camera is covered
    expect(existsSync(path.join(cfgDir, "site.json"))).toBe(true);
    const overridden = await run(["scan", "--fail-on", "oem", "--jurisdiction", "eu"], cfgDir);
    expect(overridden.code).toBe(0); // under EU rules alone Hikvision is only on watch
    writeFileSync(path.join(cfgDir, "bad.json"), JSON.stringify({ listen: "fast", failOn: "everything", colour: true }));
    const bad = await run(["scan", "--config", path.join(cfgDir, "bad.json")], cfgDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/listen: .*number/);
    expect(bad.stderr).toMatch(/failOn: /);
    expect(bad.stderr).toMatch(/colour/);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("Ctrl-C stops the scan and still writes the partial report to every output", async () => {
    const a = path.join(dir, "partial.json");
    const b = path.join(dir, "partial.csv");
    const child = spawn(process.execPath, [BIN, "scan", "-i", loopback().name, target, "--listen", "30000", "-o", a, "-o", b], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await new Promise((r) => setTimeout(r, 2500));
    const t = Date.now();
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(code).toBe(3);
    expect(stderr).toMatch(/interrupted/);
    const report = ReportSchema.parse(JSON.parse(readFileSync(a, "utf8")));
    expect(report.partial).toBe(true);
    expect(existsSync(b)).toBe(true);
  }, 40_000);

  it("prints the JSON Schema", async () => {
    const r = await run(["schema"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" });
  });
});
