import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import { targetWords } from "../../src/cli/targets.ts";
import { ReportSchema } from "../../src/model/report.ts";
import { Scope } from "../../src/net/scope.ts";

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;

function run(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    child.stdin?.end(input ?? "");
  });
}

describe("targets files", () => {
  it("take several targets a line, commas or spaces, and # comments", () => {
    expect(targetWords("# site A\n10.0.0.1-5, 10.0.0.9\n\n10.0.1.0/28   # printers\n  cam-1.lan\n")).toEqual(["10.0.0.1-5", "10.0.0.9", "10.0.1.0/28", "cam-1.lan"]);
  });
});

describe("Scope.without", () => {
  it("takes addresses out, still leaving out a block's network and broadcast addresses", () => {
    const s = Scope.parse(["10.0.0.0/24"]).without(Scope.parse(["10.0.0.5", "10.0.0.100-199"]));
    expect(s.hostCount()).toBe(254 - 1 - 100);
    expect([...s.hosts()]).not.toContain("10.0.0.5");
    expect([...s.hosts()]).not.toContain("10.0.0.0");
    expect([...s.hosts()]).not.toContain("10.0.0.255");
    expect(s.contains("10.0.0.150")).toBe(false);
    expect(s.contains("10.0.0.4")).toBe(true);
    expect([s.toStrings(), s.excluded]).toEqual([["10.0.0.0/24"], ["10.0.0.5", "10.0.0.100-199"]]);
  });
  it("leaves a block it does not touch as it was, and empties one it covers", () => {
    const s = Scope.parse(["10.0.0.0/30", "10.0.1.0/24"]).without(Scope.parse(["10.0.1.0/24"]));
    expect(s.ranges.map((r) => r.text)).toEqual(["10.0.0.0/30"]);
    expect(s.hostCount()).toBe(2);
  });
});

describe("the plan, without sending", () => {
  it("--dry-run with -iL, stdin, --exclude and a hostname: the plan on stdout, exit 0", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-targets-"));
    writeFileSync(path.join(dir, "hosts.txt"), "# lobby\n127.79.0.10-14, 127.79.0.20\n127.79.0.30 # printer\n");
    const r = await run(["scan", "-i", "lo", "-iL", path.join(dir, "hosts.txt"), "--targets-file", "-", "localhost", "--exclude", "127.79.0.12", "--dry-run", "-o", path.join(dir, "out", "r.json")], "127.79.0.40\n");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("plan (--dry-run: nothing sent)");
    expect(lines).toContain("  targets: 127.0.0.1 127.79.0.10-14 127.79.0.20 127.79.0.30 127.79.0.40; excluded: 127.79.0.12");
    expect(lines).toContain("  localhost = 127.0.0.1");
    expect(lines).toContain("  addresses to ask by unicast: 8");
    expect(lines).toContain("  TCP sweep: 64 connects (8 addresses × ports 80,443,554,8000,8080,8443,8554,37777), at most 1,024 in flight");
    expect(lines).toContain(`  outputs: ${path.join(dir, "out", "r.json")} (json)`);
  });

  it("a targets file that cannot be read is one line, exit 2", async () => {
    const r = await run(["scan", "-i", "lo", "-iL", "/nonexistent/hosts.txt"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: "camsweep: cannot read targets file /nonexistent/hosts.txt: ENOENT\n" });
  });
});

describe("--exclude in a real scan", () => {
  let lab: Lab;
  const asked = new Set<string>();
  beforeAll(async () => {
    const personas = loadPersonas().filter((p) => ["axis-camera", "hanwha-camera", "hikvision-ipc"].includes(p.id));
    lab = await startLab({ personas, firstAddress: "127.79.1.10", maxReplyDelayMs: 50, onHttpRequest: (ip) => asked.add(ip) });
  });
  afterAll(async () => lab?.close());

  it("never contacts an excluded address; a device there that answers multicast is listed as outside", async () => {
    const excluded = lab.members.find((m) => m.persona.id === "hikvision-ipc")!.ip;
    const r = await run(["scan", "-i", "lo", "127.79.1.10-19", "--exclude", excluded, "--listen", "800", "--format", "json", "--no-db"]);
    expect(r.code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    expect(report.scope.exclude).toEqual([excluded]);
    expect(asked.has(excluded)).toBe(false);
    expect([...asked].sort()).toEqual(lab.members.filter((m) => m.ip !== excluded).map((m) => m.ip).sort());
    expect(report.devices.find((d) => d.ip === excluded)?.inScope).toBe(false);
  });
});
