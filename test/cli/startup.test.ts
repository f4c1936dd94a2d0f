import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// What a command loads, as the built CLI runs: a module hook in the child prints every module it resolves.
const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), "camsweep-startup-"));
const HOOK = path.join(dir, "hook.mjs");
writeFileSync(
  HOOK,
  `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("LOADED " + r.url + "\\\\n"); return r; }\`));
`,
);

function loaded(args: string[]): Promise<{ code: number; modules: string[]; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", HOOK, BIN, ...args], { encoding: "utf8" }, (e, _stdout, stderr) => {
      const modules = stderr.split("\n").filter((l) => l.startsWith("LOADED ")).map((l) => l.slice(7));
      resolve({ code: e ? Number(e.code ?? 1) : 0, modules, stderr });
    });
  });
}

const zod = (m: string[]): string[] => m.filter((u) => u.includes("/node_modules/zod/"));

describe("start-up", () => {
  it("--version loads nothing of camsweep's own", async () => {
    const r = await loaded(["--version"]);
    expect(r.code).toBe(0);
    expect(r.modules.filter((u) => u.includes("/dist/"))).toEqual([]);
  });

  it("a scan loads no schema library (zod) unless a file it reads needs one", async () => {
    const plain = await loaded(["scan", "--dry-run", "-i", "lo", "127.0.0.1"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.modules.some((u) => u.endsWith("/dist/src/cli/scan-command.js"))).toBe(true);
    expect(zod(plain.modules)).toEqual([]);
    // The control: an exceptions file is checked against its schema, and zod loads for it.
    const file = path.join(dir, "exceptions.json");
    writeFileSync(file, JSON.stringify({ exceptions: [{ ip: "127.0.0.1", reason: "lab", expires: "2099-01-01" }] }));
    const withFile = await loaded(["scan", "--dry-run", "-i", "lo", "--exceptions", file, "127.0.0.1"]);
    expect(withFile.code, withFile.stderr).toBe(0);
    expect(zod(withFile.modules).length).toBeGreaterThan(0);
  });
});
