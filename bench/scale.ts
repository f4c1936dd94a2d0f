// Scale, three parts side by side in one run (root, inside a private network namespace):
//   ../shared/bin/offline npm run bench:scale
// (a) the 1,000-device loopback lab scanned with the defaults, as a user runs it (the CLI in its own process):
//     devices found (in all and by WS-Discovery), identified, identified as their persona is when the personas are
//     scanned alone, wall, CPU, peak RSS and the replies the kernel dropped on camsweep's sockets;
// (b) a silent routed /20 (the /16 with BENCH_FULL=1) × 3 ports: camsweep against nmap -sT, nmap -sS and masscan
//     (bench/sweep-routed.ts, run as its own process);
// (c) a loopback /16 × 3 ports, where every address refuses at once but one: camsweep against nmap -sT.
// BENCH_PARTS=a,c runs some of them.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import net from "node:net";
import { ReportSchema } from "../src/model/report.ts";
import { runTool } from "./sweep-routed.ts";

const PARTS = new Set((process.env.BENCH_PARTS ?? "a,b,c").split(","));

const COUNT = Number(process.env.BENCH_DEVICES ?? 1000);
const LISTEN_MS = Number(process.env.BENCH_LISTEN_MS ?? 3000);
const FIRST = "127.64.0.10";
const BIN = new URL("../bin/camsweep.js", import.meta.url).pathname;

/** What identification made of a device: maker, model and level. */
function identity(d: { vendor?: string; model?: string; risk: { level: string } }): string {
  return `${d.vendor ?? "-"}|${d.model ?? "-"}|${d.risk.level}`;
}

if (PARTS.has("a")) {
  const WORKERS = Number(process.env.BENCH_LAB_WORKERS ?? 2);
  const lab = spawn(process.execPath, [BIN, "lab", "--count", String(COUNT), "--first-address", FIRST, "--workers", String(WORKERS)], { stdio: ["ignore", "pipe", "inherit"] });
  let wsd = 0;
  let members = 0;
  // Each device's persona: the lab's first copies are the personas themselves, then the cycle repeats.
  const personaAt = new Map<string, string>();
  const originals: string[] = [];
  for await (const line of createInterface({ input: lab.stdout })) {
    if (line === "ready") break;
    const [ip, id] = line.trim().split(/\s+/);
    if (personaAt.size === originals.length && id !== `${originals[0]}-1`) originals.push(id!);
    personaAt.set(ip!, originals[personaAt.size % originals.length]!);
    members++;
    if (line.includes("ws-discovery/")) wsd++;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "camsweep-scale-"));
  const out = (f: string): string => path.join(dir, f);

  // "Identified as well as the personas alone": the personas, once each, scanned by themselves; each device of the
  // big lab must come out with its persona's maker, model and level.
  const alone = new Map<string, string>();
  {
    const small = spawn(process.execPath, [BIN, "lab", "--count", String(originals.length), "--first-address", "127.65.0.10"], { stdio: ["ignore", "pipe", "inherit"] });
    const at = new Map<string, string>();
    for await (const line of createInterface({ input: small.stdout })) {
      if (line === "ready") break;
      const [ip, id] = line.trim().split(/\s+/);
      at.set(ip!, id!);
    }
    const scan = spawn(process.execPath, [BIN, "scan", "-i", "lo", "127.65.0.0/24", "--listen", String(LISTEN_MS), "--no-db", "-o", out("alone.json")], { stdio: "ignore" });
    await new Promise((r) => scan.once("exit", r));
    small.kill("SIGINT");
    for (const d of ReportSchema.parse(JSON.parse(readFileSync(out("alone.json"), "utf8"))).devices) if (at.has(d.ip)) alone.set(at.get(d.ip)!, identity(d));
  }
  console.log(`${originals.length} personas scanned alone first: ${alone.size} found, ${[...alone.values()].filter((v) => !v.startsWith("-|")).length} with a maker`);
  console.log(`| lab | scan | found | found by WS-Discovery | identified (maker) | identified as its persona alone | wall | after the listen window | CPU (user + system) | peak RSS | replies dropped on camsweep's sockets |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
  // As a user runs it (bin/camsweep.js, which tunes V8's heap: src/runtime/heap.ts), and the same code with V8's
  // defaults, to show what the tuning costs and saves. Alternated, BENCH_RUNS times each: this machine's speed
  // drifts from minute to minute.
  const MAIN = new URL("../dist/src/cli/main.js", import.meta.url).href;
  // (A file, not `node -e`: worker threads inherit the process's exec arguments.)
  writeFileSync(out("untuned.mjs"), `const { main } = await import(${JSON.stringify(MAIN)});\nprocess.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });\n`);
  const untuned = [out("untuned.mjs")];
  const runs = Number(process.env.BENCH_RUNS ?? 2);
  for (let run = 0; run < runs; run++) {
    for (const [label, entry] of [
      ["defaults", [BIN]],
      ["V8's heap defaults", untuned],
    ] as const) {
      // The shipped CLI, timed by GNU time: wall, CPU and peak RSS of the whole process.
      const scan = spawn("/usr/bin/time", ["-f", "%e %M %U %S", "-o", out("m.txt"), "--", process.execPath, ...entry, "scan", "-i", "lo", "127.64.0.0/22", "--listen", String(LISTEN_MS), ...(process.env.BENCH_VERBOSE ? ["--verbose"] : []), "-o", out("r.json"), ...(process.env.BENCH_ARGS ?? "").split(" ").filter(Boolean)], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let log = "";
      scan.stderr.on("data", (d: Buffer) => (log += d.toString()));
      await new Promise((r) => scan.once("exit", r));
      const [wallS, rssKb, userS, sysS] = readFileSync(out("m.txt"), "utf8").trim().split("\n").pop()!.split(" ").map(Number);
      const report = ReportSchema.parse(JSON.parse(readFileSync(out("r.json"), "utf8")));
      const byWsd = report.devices.filter((d) => d.foundBy.includes("ws-discovery")).length;
      if (process.env.BENCH_VERBOSE) console.error(log.split("\n").filter((l) => /drop|receive buffer|sent |tcp:|\] (enrich|done|discovery)/.test(l)).join("\n"));
      // Replies the kernel dropped are in the report's errors (and the log, with --verbose).
      const drops = report.errors.flatMap((e) => [...e.matchAll(/the kernel dropped (\d+) replies/g)]).reduce((a, x) => a + Number(x[1]), 0);
      const small = [...log.matchAll(/receive buffer (\d+) bytes, not/g)].map((x) => x[1]);
      console.log(
        `| ${members} devices (${wsd} speak WS-D), lab in ${WORKERS} processes | ${label} | ${report.devices.length}/${members} | ${byWsd}/${wsd} | ${report.devices.filter((d) => d.vendor).length} | ${report.devices.filter((d) => personaAt.has(d.ip) && alone.get(personaAt.get(d.ip)!) === identity(d)).length}/${members} | ${wallS!.toFixed(1)} s | ${(wallS! - LISTEN_MS / 1000).toFixed(1)} s | ${(userS! + sysS!).toFixed(1)} s | ${Math.round(rssKb! / 1024)} MB | ${drops}${small.length ? ` (buffer only ${small[0]} bytes)` : ""} |`,
      );
    }
  }
  lab.kill("SIGINT");
}

if (PARTS.has("b")) {
  // The routed range builds its own namespace and prints its own table.
  console.log("\n(b) silent routed range");
  const b = spawn(process.execPath, ["--import", "tsx", new URL("./sweep-routed.ts", import.meta.url).pathname], { stdio: ["ignore", "inherit", "inherit"] });
  await new Promise((r) => b.once("exit", r));
}

if (PARTS.has("c")) {
  const RANGE = "127.80.0.0/16";
  const OPEN = "127.80.5.80";
  const ports = [80, 554, 8000];
  const server = net.createServer((sock) => sock.destroy());
  await new Promise<void>((r) => server.listen(80, OPEN, r));
  console.log(`\n(c) loopback ${RANGE}, ports ${ports.join(",")}: every address refuses at once, but ${OPEN}:80 is open\n`);
  console.log("| tool | wall | peak RSS | open ports found |");
  console.log("|---|---|---|---|");
  try {
    for (const [name, cmd] of [
      ["camsweep --probes tcp", [process.execPath, BIN, "scan", "-i", "lo", RANGE, "--probes", "tcp", "--ports", ports.join(","), "--format", "json", "--quiet"]],
      ["nmap -sT -T4", ["nmap", "-n", "-sT", "-T4", "-p", ports.join(","), RANGE, "-oG", "-"]],
    ] as const) {
      const r = await runTool(name, [...cmd], name.startsWith("camsweep") ? "camsweep" : "nmap");
      console.log(`| ${name} | ${(r.wallMs / 1000).toFixed(2)} s | ${(r.maxRssKb / 1024).toFixed(0)} MB | ${r.open.join(" ") || "none"}${r.exitCode ? ` (exit ${r.exitCode}: ${r.stderrTail})` : ""} |`);
    }
  } finally {
    server.close();
  }
}
