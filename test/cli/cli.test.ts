import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import { ReportSchema } from "../../src/model/report.ts";
import { loopback } from "../lab.ts";

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function oneCleanLine(stderr: string): void {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe("usage errors: one line, exit 2", () => {
  it.each([
    [["scan", "--interface", "lo", "10.0.0.0/33"], /invalid prefix length/],
    [["scan", "--interface", "lo", "cameras.invalid"], /^camsweep: cannot resolve "cameras\.invalid": \w+ \(targets are IP addresses, CIDRs, ranges or hostnames\)\n$/],
    [["scan", "--interface", "lo", "10.0.0.1/24/8"], /invalid CIDR "10.0.0.1\/24\/8"/],
    [["scan", "--interface", "nosuch0", "127.0.0.1"], /unknown interface "nosuch0" \(IPv4 interfaces here: .*lo/],
    [["scan", "--bogus"], /unknown option '--bogus'/],
    [["scan", "--listen", "fast"], /expected a whole number/],
    [["scan", "--interface", "lo", "--credentials-file", "/nonexistent/creds.json", "127.0.0.1"], /cannot read credentials file/],
    [["scan", "--interface", "lo", "--probes", "telepathy", "127.0.0.1"], /unknown probe "telepathy"/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["scan", "--fail-on", "bad"], /argument 'bad' is invalid/],
    [["scan", "--interface", "lo", "--exceptions", "/nonexistent.json", "127.0.0.1"], /cannot read exceptions file/],
    [["scan", "--interface", "lo", "--jurisdiction", "mars", "127.0.0.1"], /unknown jurisdiction "mars"/],
    [["scan", "--interface", "lo", "-q", "-v", "127.0.0.1"], /^camsweep: --quiet and --verbose contradict each other: give one\n$/],
    [["scan", "--interface", "lo", "--format", "json", "-o", "/tmp/camsweep-x.xml", "127.0.0.1"], /cannot write \/tmp\/camsweep-x\.xml: \.xml is not a report format/],
    [["scan", "--interface", "lo", "--format", "json", "-o", "/tmp/camsweep-x.csv", "127.0.0.1"], /its extension says csv but --format says json/],
    [["scan", "--interface", "lo", "-o", "/tmp/camsweep-report", "127.0.0.1"], /cannot tell the format of \/tmp\/camsweep-report: it has no extension/],
  ])("%j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    oneCleanLine(r.stderr);
  });

  it("rejects a malformed credentials file by naming the problem", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-"));
    const file = path.join(dir, "creds.json");
    writeFileSync(file, JSON.stringify({ user: "admin" }));
    const r = await run(["scan", "--interface", "lo", "--credentials-file", file, "127.0.0.1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/username: .*expected string/i);
  });

  it("names every error of a bad catalogue override and exits 2", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-"));
    const file = path.join(dir, "override.json");
    writeFileSync(file, JSON.stringify({ brands: [{ name: "SiteCam", aliases: [], maker: "nobody", relation: "oem", confidence: 2, source: "x" }] }));
    const r = await run(["catalogue", "--validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/brands\.0\.confidence: /);
    const good = path.join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ brands: [{ name: "SiteCam", aliases: [], maker: "dahua", relation: "oem", confidence: 0.9, source: "purchase records" }] }));
    const ok = await run(["catalogue", "--validate", good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/ok \(\d+ vendors, \d+ brands/);
  });

  it("prints the catalogue's vendors and regulations with dates and sources", async () => {
    const r = await run(["catalogue"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hikvision\s+Hikvision\s+CN\s+CETC/m);
    expect(r.stdout).toMatch(/^US\s+2019-08-13 ban\s+NDAA FY2019 §889/m);
    expect(r.stdout).toMatch(/^CA\s+2025-06-27 ban/m);
  });

  it("prints help with the exit codes, exit 0", async () => {
    const r = await run(["scan", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:/);
    expect(r.stdout).toMatch(/--interface/);
  });

  it("help COMMAND is the command's help, exit 0; no command at all is a usage error", async () => {
    const help = await run(["help", "scan"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await run(["scan", "--help"])).stdout);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: camsweep/);
  });
});

describe("a scan through the real CLI", () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ personas: loadPersonas(), firstAddress: "127.77.4.10" });
  });
  afterAll(async () => lab?.close());

  it("writes a JSON report that matches the schema, to stdout and to -o", async () => {
    const last = lab.members[lab.members.length - 1]!.ip.split(".")[3];
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-"));
    const out = path.join(dir, "report.json");
    const r = await run(["scan", "--interface", loopback().name, `127.77.4.10-${last}`, "--listen", "1000", "-o", out, "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const report = ReportSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(report.devices.map((d) => d.ip).sort()).toEqual(lab.members.map((m) => m.ip).sort());
    // -o and an explicit --format together: both honoured, the file and stdout.
    const both = await run(["scan", "--interface", loopback().name, `127.77.4.10-${last}`, "--listen", "1000", "-o", path.join(dir, "both.json"), "--format", "json", "--quiet", "--site", "HQ", "--customer", "Acme", "--operator", "J. Doe", "--no-db"]);
    expect(both.code).toBe(0);
    const shown = ReportSchema.parse(JSON.parse(both.stdout));
    expect(shown.devices).toHaveLength(report.devices.length);
    expect([shown.site, shown.customer, shown.operator]).toEqual(["HQ", "Acme", "J. Doe"]);
    expect(ReportSchema.parse(JSON.parse(readFileSync(path.join(dir, "both.json"), "utf8"))).devices).toHaveLength(report.devices.length);
    // Every persona's verdict, end to end through the CLI's JSON.
    for (const m of lab.members) {
      const d = report.devices.find((x) => x.ip === m.ip)!;
      const e = m.persona.expect;
      expect({ id: m.persona.id, vendor: d.vendor, brand: d.brand, model: d.model, level: d.risk.level, surveillance: d.isSurveillance }).toEqual({
        id: m.persona.id,
        vendor: e.vendor ?? d.vendor,
        brand: e.brand ?? d.brand,
        model: e.model ?? d.model,
        level: e.level,
        surveillance: e.surveillance,
      });
    }
  });

  it("targets bound the verdict: covered devices heard from outside them are listed apart and fail the run only with --fail-on-outside", async () => {
    const clear = lab.members.filter((m) => m.persona.expect.level === "clear" && m.persona.expect.vendor).slice(0, 3).map((m) => m.ip);
    expect(clear).toHaveLength(3);
    const r = await run(["scan", "--interface", loopback().name, ...clear, "--listen", "800", "--fail-on", "watch", "--no-db"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const heading = lines.findIndex((l) => l.startsWith("answered from outside the targets ("));
    expect(heading).toBeGreaterThan(0);
    expect(lines.slice(1, heading).filter((l) => /^127\./.test(l)).map((l) => l.split(" ")[0]).sort()).toEqual([...clear].sort());
    const covered = lab.members.find((m) => m.persona.expect.level === "covered" && m.persona.wsDiscovery)!.ip;
    expect(r.stdout).toContain(`warning: ${covered}: answered from ${covered}, outside the targets (${[...clear].sort().join(", ")}); not contacted`);
    const strict = await run(["scan", "--interface", loopback().name, ...clear, "--listen", "800", "--fail-on", "watch", "--fail-on-outside", "--no-db", "--quiet"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`camsweep: covered (at or above --fail-on watch): ${covered} `);
  });

  it("exits 1 with --fail-on when a covered device is found, and 0 once every such device is accepted", async () => {
    const last = lab.members[lab.members.length - 1]!.ip.split(".")[3];
    const target = `127.77.4.10-${last}`;
    const failed = await run(["scan", "--interface", loopback().name, target, "--listen", "800", "--fail-on", "oem", "--format", "json"]);
    expect(failed.code).toBe(1);
    const report = ReportSchema.parse(JSON.parse(failed.stdout));
    const flagged = report.devices.filter((d) => d.risk.level === "covered" || d.risk.level === "oem");
    expect(flagged.length).toBeGreaterThanOrEqual(7);
    // One line per device that fails the run, naming it.
    const reasons = failed.stderr.split("\n").filter((l) => l.startsWith("camsweep: "));
    expect(reasons.sort()).toEqual(flagged.map((d) => `camsweep: ${d.risk.level} (at or above --fail-on oem): ${d.ip} ${d.vendor} ${d.model}`).sort());
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-"));
    const file = path.join(dir, "exceptions.json");
    writeFileSync(file, JSON.stringify({ exceptions: flagged.map((d) => ({ ip: d.ip, reason: "handover punch list", expires: "2099-01-01" })) }));
    const accepted = await run(["scan", "--interface", loopback().name, target, "--listen", "800", "--fail-on", "oem", "--exceptions", file, "--format", "json", "--quiet"]);
    expect(accepted.code).toBe(0);
    const after = ReportSchema.parse(JSON.parse(accepted.stdout));
    expect(after.devices.filter((d) => d.accepted).length).toBe(flagged.length);
    // Accepted devices stay in the report with their level.
    expect(after.devices.filter((d) => d.risk.level === "covered" || d.risk.level === "oem").length).toBe(flagged.length);
  });

  it("prints a table that fits 80 columns", async () => {
    const r = await run(["scan", "--interface", loopback().name, "127.77.4.10-30", "--listen", "800", "--probes", "ws-discovery,mdns", "--quiet"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => !l.startsWith("warning:") && !l.startsWith("error:"));
    expect(lines[0]).toMatch(/^ADDRESS\s+MAKER \(BRAND\)\s+MODEL\s+TYPE\s+RISK/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/127\.77\.4\.\d+\s+Hikvision\s+DS-2CD2146G2-ISU/);
    expect(r.stdout.includes("\u001b[")).toBe(false);
  });
});
