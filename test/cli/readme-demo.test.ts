import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;

/** What changes from one run to the next: the time taken and the day's date. */
const steady = (s: string): string => s.replace(/\(\d+\.\d s\)/, "(T s)").replace(/rules in force on \d{4}-\d{2}-\d{2}/, "rules in force on DAY");

describe("the README's quick start", () => {
  it("shows what `npm run demo` prints", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const quick = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 3));
    const shown = /```\n(ADDRESS[\s\S]*?)```/.exec(quick)?.[1];
    expect(shown).toBeDefined();
    const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) =>
      execFile(process.execPath, [BIN, "demo"], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, out) => resolve({ stdout: out, code: err ? ((err as { code?: number }).code ?? 1) : 0 })),
    );
    expect(code).toBe(0);
    expect(steady(stdout)).toBe(steady(shown!));
  });
});
