#!/usr/bin/env node
// `--version` answers from package.json without loading anything else: scripts and package managers call it often.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
} else {
  // Runs the TypeScript sources directly: tsx registers its loader for this process only.
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../src/cli/main.ts");
  process.exitCode = await main(args, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
