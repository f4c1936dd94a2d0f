import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { ALL_PROBES } from "../../probes/index.ts";
import { PROBE_NAMES, SCAN_DEFAULTS } from "../../src/options/constants.ts";
import { addScanOptions, SCAN_FLAGS } from "../../src/options/scan-flags.ts";
import { ConfigSchema } from "../../src/options/config-schema.ts";

describe("the scan options table", () => {
  it("names every probe camsweep has, in its order", () => {
    expect(ALL_PROBES.map((p) => p.name)).toEqual([...PROBE_NAMES]);
  });

  it("gives the command line and the config file the same keys and ranges", () => {
    const cmd = addScanOptions(new Command().exitOverride());
    const cliKeys = cmd.options.map((o) => o.attributeName());
    expect(cliKeys).toEqual(SCAN_FLAGS.map((f) => f.key));
    for (const f of SCAN_FLAGS.filter((x) => x.kind.type === "int")) {
      const k = f.kind as { min: number; max: number };
      const flag = f.flags.split(" ").find((w) => w.startsWith("--"))!;
      // One past each end is refused in both places; each end is accepted in both.
      expect(() => addScanOptions(new Command().exitOverride().configureOutput({ writeErr: () => undefined })).parse([flag, String(k.max + 1)], { from: "user" })).toThrow();
      expect(ConfigSchema.safeParse({ [f.key]: k.max + 1 }).success).toBe(false);
      expect(ConfigSchema.safeParse({ [f.key]: k.min }).success).toBe(true);
      const parsed = addScanOptions(new Command()).parse([flag, String(k.min)], { from: "user" }).opts();
      expect(parsed[f.key]).toBe(k.min);
    }
    expect(ConfigSchema.safeParse({ config: "x.json" }).success).toBe(false);
    // An option with a "--no-" form takes false (no history), and only false.
    expect(ConfigSchema.safeParse({ db: false }).success).toBe(true);
    expect(ConfigSchema.safeParse({ db: true }).success).toBe(false);
    expect(ConfigSchema.safeParse({ listen: false }).success).toBe(false);
    expect(ConfigSchema.safeParse({ probes: ["ws-discovery", "nope"] }).success).toBe(false);
  });

  it("keeps every default inside its own range", () => {
    for (const f of SCAN_FLAGS) if (f.default !== undefined) expect(ConfigSchema.safeParse({ [f.key]: f.default }).success, f.key).toBe(true);
    const sweep = SCAN_FLAGS.find((f) => f.key === "sweepConcurrency")!;
    expect(ConfigSchema.safeParse({ sweepConcurrency: SCAN_DEFAULTS.sweepConcurrency }).success, sweep.key).toBe(true);
  });
});
