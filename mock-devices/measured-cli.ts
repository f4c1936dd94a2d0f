// Run the CLI in this process and, when it ends, write its exit code, wall time and peak RSS to the file named by
// CAMSWEEP_MEASURE_FILE: the hostile suite and its bench measure each scan the way a user would run it.
import { writeFileSync } from "node:fs";

// The compiled CLI, as `bin/camsweep.js` runs it (npm run build writes it; npm test and npm ci build first).
const { main } = (await import(new URL("../dist/src/cli/main.js", import.meta.url).href)) as typeof import("../src/cli/main.ts");

const t0 = performance.now();
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
const out = process.env.CAMSWEEP_MEASURE_FILE;
if (out) writeFileSync(out, JSON.stringify({ code, wallMs: Math.round(performance.now() - t0), maxRssKb: process.resourceUsage().maxRSS }));
process.exitCode = code;
