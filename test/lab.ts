import { builtInCatalogue } from "../src/catalogue/index.ts";
import { SCAN_DEFAULTS } from "../src/scan/defaults.ts";
import { listInterfaces } from "../src/net/interfaces.ts";
import { Scope } from "../src/net/scope.ts";
import { runScan, type ScanOptions, type ScanResult } from "../src/scan/run.ts";
import { ALL_PROBES } from "../probes/index.ts";

/** The loopback interface the tests discover on (tests never touch another interface). */
export function loopback() {
  const lo = listInterfaces().find((i) => i.internal && i.address === "127.0.0.1");
  if (!lo) throw new Error("no loopback interface with 127.0.0.1");
  return lo;
}

/** Scan loopback targets with the real probes, as the CLI would. */
export function scanLoopback(targets: string[], overrides: Partial<ScanOptions> = {}): Promise<ScanResult> {
  return runScan({
    interfaces: [loopback()],
    scope: Scope.parse(targets),
    sweep: true,
    probes: ALL_PROBES,
    ...SCAN_DEFAULTS,
    listenMs: 1200,
    catalogue: builtInCatalogue(),
    tool: { name: "camsweep", version: "test" },
    ...overrides,
  });
}
