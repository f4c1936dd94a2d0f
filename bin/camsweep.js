#!/usr/bin/env node
// `--version` answers from package.json without loading anything else: scripts and package managers call it often.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
} else {
  // The compiled code (npm run build; npm ci builds it through `prepare`). The heap is tuned before the rest loads.
  const loaded = (m) => m.catch((e) => {
    if (e?.code !== "ERR_MODULE_NOT_FOUND") throw e;
    process.stderr.write("camsweep: dist/ is missing: run `npm run build` (npm ci does it)\n");
    process.exit(3);
  });
  (await loaded(import("../dist/src/runtime/heap.js"))).tuneHeap();
  const { main } = await loaded(import("../dist/src/cli/main.js"));
  process.exitCode = await main(args, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
