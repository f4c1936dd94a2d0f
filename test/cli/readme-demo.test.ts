import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;
const has = (c: string): Promise<boolean> => new Promise((resolve) => execFile("sh", ["-c", `command -v ${c}`], (err) => resolve(!err)));

/** What changes from one run to the next: the time taken and the day's date. */
const steady = (s: string): string => s.replace(/\(\d+\.\d s\)/, "(T s)").replace(/rules in force on \d{4}-\d{2}-\d{2}/, "rules in force on DAY");

describe("the README's quick start", () => {
  it("shows what `npm run demo` prints", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const quick = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 3));
    const shown = /```\n((?:not identified: [^\n]*\n\n)?ADDRESS[\s\S]*?)```/.exec(quick)?.[1];
    expect(shown).toBeDefined();
    // The demo as a user sees it on a machine with no other lab: in a network namespace of its own where it can
    // have one (root). Other tests' labs on the same loopback answer its multicast too (the same personas, the same
    // UDNs), and their replies would join its devices.
    const own = typeof process.getuid === "function" && process.getuid() === 0 && (await has("unshare"));
    const [cmd, args] = own
      ? ["unshare", ["-n", "sh", "-c", 'ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && exec "$0" "$@"', process.execPath, BIN, "demo"]]
      : [process.execPath, [BIN, "demo"]];
    const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) =>
      execFile(cmd, args, { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, out) => resolve({ stdout: out, code: err ? ((err as { code?: number }).code ?? 1) : 0 })),
    );
    expect(code).toBe(0);
    expect(steady(stdout)).toBe(steady(shown!));
  });
});
