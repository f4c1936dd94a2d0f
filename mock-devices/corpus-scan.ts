// Scan the sample lab from inside a network namespace and print what the scoring needs as JSON: the report's devices
// and every URL contacted. corpus-run.ts runs this in the layer-2 lab's scanner namespace.
// Usage: node --import tsx mock-devices/corpus-scan.ts <interface> <first-last>
import { builtInCatalogue } from "../src/catalogue/index.ts";
import { DEFAULT_JURISDICTIONS } from "../src/classify/classify.ts";
import { listInterfaces } from "../src/net/interfaces.ts";
import { Scope } from "../src/net/scope.ts";
import { SCAN_DEFAULTS } from "../src/scan/defaults.ts";
import { runScan } from "../src/scan/run.ts";
import { ALL_PROBES } from "../probes/index.ts";

const [name, range] = process.argv.slice(2);
const iface = listInterfaces().find((i) => i.name === name);
if (!iface || !range) {
  console.error(`usage: corpus-scan.ts <interface> <first-last> (interfaces: ${listInterfaces().map((i) => i.name).join(", ")})`);
  process.exit(2);
}
const { report, contacted } = await runScan({
  interfaces: [iface],
  scope: Scope.parse([range]),
  sweep: true,
  probes: ALL_PROBES,
  ...SCAN_DEFAULTS,
  listenMs: 2000,
  catalogue: builtInCatalogue(),
  jurisdictions: [...DEFAULT_JURISDICTIONS],
  tool: { name: "camsweep", version: "bench" },
});
process.stdout.write(JSON.stringify({ devices: report.devices, contacted }));
