#!/usr/bin/env node
// `--version` answers from package.json without loading anything else: scripts and package managers call it often.
import { readFileSync } from "node:fs";
import v8 from "node:v8";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
} else {
  // A scan makes garbage fast (a socket and a parsed reply per request) and holds little; by default V8 lets the heap
  // grow to about twice what it holds before it collects. Half as much again keeps a 1,000-device scan about 20 MB
  // smaller at the same CPU (npm run bench:scale).
  v8.setFlagsFromString("--heap-growing-percent=50");
  // The compiled code (npm run build; npm ci builds it through `prepare`).
  const { main } = await import("../dist/src/cli/main.js").catch((e) => {
    if (e?.code !== "ERR_MODULE_NOT_FOUND") throw e;
    process.stderr.write("camsweep: dist/ is missing: run `npm run build` (npm ci does it)\n");
    process.exit(3);
  });
  process.exitCode = await main(args, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
