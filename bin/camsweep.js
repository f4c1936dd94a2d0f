#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx registers its loader for this process only.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
