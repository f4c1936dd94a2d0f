// Scale: the 1,000-device loopback lab scanned with the defaults, as a user runs it (the CLI in its own process):
// devices found (in all and by WS-Discovery), identified, wall, peak RSS and the replies the kernel dropped on
// camsweep's sockets. Run inside a private network namespace: ../shared/bin/offline npm run bench:scale
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { ReportSchema } from "../src/model/report.ts";

const COUNT = Number(process.env.BENCH_DEVICES ?? 1000);
const LISTEN_MS = Number(process.env.BENCH_LISTEN_MS ?? 3000);
const FIRST = "127.64.0.10";
const BIN = new URL("../bin/camsweep.js", import.meta.url).pathname;
const CLI = new URL("../mock-devices/measured-cli.ts", import.meta.url).pathname;

const WORKERS = Number(process.env.BENCH_LAB_WORKERS ?? 2);
const lab = spawn(process.execPath, [BIN, "lab", "--count", String(COUNT), "--first-address", FIRST, "--workers", String(WORKERS)], { stdio: ["ignore", "pipe", "inherit"] });
let wsd = 0;
let members = 0;
for await (const line of createInterface({ input: lab.stdout })) {
  if (line === "ready") break;
  members++;
  if (line.includes("ws-discovery/")) wsd++;
}
const dir = mkdtempSync(path.join(tmpdir(), "camsweep-scale-"));
const out = (f: string): string => path.join(dir, f);
const scan = spawn(process.execPath, ["--import", "tsx", CLI, "scan", "-i", "lo", "127.64.0.0/22", "--listen", String(LISTEN_MS), "--verbose", "-o", out("r.json"), ...(process.env.BENCH_ARGS ?? "").split(" ").filter(Boolean)], {
  env: { ...process.env, CAMSWEEP_MEASURE_FILE: out("m.json") },
  stdio: ["ignore", "ignore", "pipe"],
});
let log = "";
scan.stderr.on("data", (d: Buffer) => (log += d.toString()));
await new Promise((r) => scan.once("exit", r));
lab.kill("SIGINT");
const m = JSON.parse(readFileSync(out("m.json"), "utf8")) as { wallMs: number; maxRssKb: number };
const report = ReportSchema.parse(JSON.parse(readFileSync(out("r.json"), "utf8")));
const byWsd = report.devices.filter((d) => d.foundBy.includes("ws-discovery")).length;
if (process.env.BENCH_VERBOSE) console.error(log.split("\n").filter((l) => /drop|receive buffer|sent |tcp:/.test(l)).join("\n"));
const drops = [...log.matchAll(/the kernel dropped (\d+) replies/g)].reduce((a, x) => a + Number(x[1]), 0);
const small = [...log.matchAll(/receive buffer (\d+) bytes, not/g)].map((x) => x[1]);
console.log(`| lab | found | found by WS-Discovery | identified (maker) | wall | after the listen window | peak RSS | replies dropped on camsweep's sockets |`);
console.log(`|---|---|---|---|---|---|---|---|`);
console.log(`| ${members} devices (${wsd} speak WS-D), lab in ${WORKERS} processes | ${report.devices.length}/${members} | ${byWsd}/${wsd} | ${report.devices.filter((d) => d.vendor).length} | ${(m.wallMs / 1000).toFixed(1)} s | ${((m.wallMs - LISTEN_MS) / 1000).toFixed(1)} s | ${Math.round(m.maxRssKb / 1024)} MB | ${drops}${small.length ? ` (buffer only ${small[0]} bytes)` : ""} |`);
