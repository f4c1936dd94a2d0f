// Compile what ships to dist/ and copy beside it what the compiled code reads at run time: the lab's personas and
// real device samples, and the discovery sockets' worker (plain JavaScript). Run by `npm run build`, and by `prepare` during `npm ci`.
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

const root = new URL("../", import.meta.url);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
for (const dir of ["mock-devices/personas", "mock-devices/samples", "src/net/udp-receiver.worker.js"]) {
  rmSync(new URL(`dist/${dir}`, root), { recursive: true, force: true });
  cpSync(new URL(dir, root), new URL(`dist/${dir}`, root), { recursive: true });
}
