// A silent routed range: most addresses of a routed /20 (or /16) swallow every packet, as on a real site where the
// scanner sits behind a router and most of the range is empty. camsweep's TCP sweep, nmap (-sT and -sS, with the host
// discovery a user gets by default) and masscan scan it side by side; wall time, peak RSS and the open ports found.
// Root only; run inside a private network namespace (BENCH_FULL=1 for the /16):
//   ../shared/bin/offline node --import tsx bench/sweep-routed.ts
//
// Topology, built in the current namespace (the scanner's):
//   csw-rt0 10.200.255.1/30  <-veth->  csw-rt0p 10.200.255.2/30 in namespace csw-rt-site
//   route 10.77.0.0/20 (or /16) via 10.200.255.2
// In csw-rt-site, ip_forward is off, so a packet for an address that is not local there is dropped without a word: the
// kernel's ip_error() sends no ICMP unreachable when the input interface does not forward (it only counts
// IpInAddrErrors). No firewall rule is needed (and neither nft nor iptables is installed here); startRoutedRange()
// checks the silence before it returns and the run checks the site sent no ICMP unreachable at the end.
// 10.77.1.0/24, 10.77.5.0/24 and 10.77.9.0/24 are local routes on the site's loopback: live hosts, which answer RST on
// closed ports and ICMP echo. One HTTP server listens on 10.77.5.80:80, the only open port.
import { execFile, spawn } from "node:child_process";
import dgram from "node:dgram";
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { notPrivateNamespace } from "../mock-devices/netns-lab.ts";

const exec = promisify(execFile);

/** Every namespace this bench makes starts with this. Namespace names are machine-wide: teardown finds them by it. */
export const PREFIX = "csw-rt-";
const SITE_NS = `${PREFIX}site`;
const HOST_IF = "csw-rt0";
const SITE_IF = "csw-rt0p";
const HOST_MAC = "02:77:ff:00:00:01";
/** Fixed, so masscan (which does its own Ethernet framing) can be told the next hop's MAC. */
export const SITE_MAC = "02:77:ff:00:00:02";
const HOST_ADDR = "10.200.255.1";
const SITE_ADDR = "10.200.255.2";
const LIVE = ["10.77.1.0/24", "10.77.5.0/24", "10.77.9.0/24"];
const WEB = "10.77.5.80";
const SILENT = "10.77.3.3";
const PORTS = [80, 554, 8000];
const RANGES = ["10.77.0.0/20", "10.77.0.0/16"];

export interface RoutedRange {
  range: string;
  ports: number[];
  /** "ip:port" */
  expectedOpen: string[];
  /** The scanner-side interface and the MAC of the next hop on it (for raw-packet tools like masscan). */
  interface: string;
  routerMac: string;
  /** An address of the range that drops everything (for the masscan nudge). */
  silentAddress: string;
  /** ICMP destination-unreachable messages the site namespace has sent so far: 0 while the range is silent. */
  icmpUnreachablesSent(): Promise<number>;
  close(): Promise<void>;
}

async function ip(...args: string[]): Promise<string> {
  return (await exec("ip", args)).stdout;
}

/** Remove what an earlier run left: the site namespace's name and, in this namespace, the veth and the routes. */
export async function cleanupRoutedRange(): Promise<void> {
  const list = JSON.parse((await ip("-j", "netns", "list").catch(() => "")) || "[]") as { name: string }[];
  for (const n of list) if (n.name.startsWith(PREFIX)) await ip("netns", "del", n.name).catch(() => undefined);
  for (const r of RANGES) await ip("route", "del", r).catch(() => undefined);
  await ip("link", "del", HOST_IF).catch(() => undefined);
}

/** How a TCP connect from here ends: the silence check needs "timeout" apart from refused and unreachable. */
function connectOutcome(host: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (s: string): void => {
      sock.destroy();
      resolve(s);
    };
    sock.setTimeout(timeoutMs, () => done("timeout"));
    sock.once("connect", () => done("open"));
    sock.once("error", (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

// The site's only process: it holds the namespace, then serves HTTP on WEB:80 once told "go" (after the addresses
// exist). It exits when our end of its stdin closes, so a crashed bench leaves nothing keeping the namespace alive.
// Node rather than python's http.server: no dependency beyond the runtime this already uses.
const SERVER = `const s=require("http").createServer((q,r)=>r.end("ok\\n"));
const rl=require("readline").createInterface({input:process.stdin});
rl.on("line",(l)=>{if(l==="go")s.listen(80,${JSON.stringify(WEB)},()=>console.log("ready"))});
rl.on("close",()=>process.exit(0));
console.log("up");`;

export async function startRoutedRange(opts: { full?: boolean } = {}): Promise<RoutedRange> {
  // The routes and links go into the current namespace: never the machine's own.
  if (process.env.CAMSWEEP_OFFLINE !== "1") throw new Error("run inside a private network namespace: ../shared/bin/offline …");
  if (typeof process.getuid !== "function" || process.getuid() !== 0) throw new Error("needs root (network namespaces, veth pairs, routes)");
  const range = opts.full ? RANGES[1]! : RANGES[0]!;
  await cleanupRoutedRange();

  let server: ReturnType<typeof spawn> | undefined;
  let closing = false;
  const close = async (): Promise<void> => {
    closing = true;
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      server.stdin?.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    }
    await cleanupRoutedRange();
  };

  // Namespace names live in /run/netns, shared by the whole machine: another lab's cleanup of "csw-*" can remove
  // ours mid-run (a name vanished mid-run here once). So the name is used once, to start the holder, and the site is reached through the
  // holder's pid from then on; the namespace lives as long as the holder does.
  let netnsPath = "";
  const inSite = async (...args: string[]): Promise<string> => (await exec("nsenter", [`--net=${netnsPath}`, ...args])).stdout;
  const icmpUnreachablesSent = async (): Promise<number> => {
    // /proc/net is the reading process's namespace: cat runs in the site's.
    const lines = (await inSite("cat", "/proc/net/snmp")).split("\n").filter((l) => l.startsWith("Icmp:"));
    const [names, values] = lines.map((l) => l.split(/\s+/).slice(1));
    const i = names?.indexOf("OutDestUnreachs") ?? -1;
    const v = i >= 0 ? values?.[i] : undefined;
    if (v === undefined) throw new Error("no Icmp OutDestUnreachs counter in the site's /proc/net/snmp");
    return Number(v);
  };

  const shared = await notPrivateNamespace();
  if (shared) throw new Error(`bench (b): ${shared}`);
  try {
    await ip("netns", "add", SITE_NS);
    // ip netns exec does not fork: the child's pid is node's, in the site namespace once it prints "up".
    server = spawn("ip", ["netns", "exec", SITE_NS, process.execPath, "-e", SERVER], { stdio: ["pipe", "pipe", "pipe"] });
    let err = "";
    server.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    const lines = createInterface({ input: server.stdout! })[Symbol.asyncIterator]();
    const expectLine = async (want: string): Promise<void> => {
      const r = await lines.next();
      if (r.done || r.value !== want) throw new Error(`site process: wanted "${want}", got ${r.done ? "EOF" : JSON.stringify(r.value)}: ${err.trim()}`);
    };
    await expectLine("up");
    netnsPath = `/proc/${server.pid}/ns/net`;
    // Its death takes the namespace and the veth with it, and every tool then fails oddly: say so when it happens.
    server.once("exit", (code, signal) => {
      if (!closing) console.error(`sweep-routed: the site process ended (${signal ?? `exit ${code}`}): the range is gone`);
    });

    await ip("link", "add", HOST_IF, "address", HOST_MAC, "type", "veth", "peer", "name", SITE_IF, "address", SITE_MAC);
    await ip("link", "set", SITE_IF, "netns", String(server.pid));
    // No IPv6 on the pair: no router solicitations, MLD reports or DAD chatter on the link.
    await exec("sysctl", ["-qw", `net.ipv6.conf.${HOST_IF}.disable_ipv6=1`]);
    await inSite("sysctl", "-qw", `net.ipv6.conf.${SITE_IF}.disable_ipv6=1`);
    await ip("addr", "add", `${HOST_ADDR}/30`, "dev", HOST_IF);
    await ip("link", "set", HOST_IF, "up");
    await inSite("ip", "link", "set", "lo", "up");
    await inSite("ip", "addr", "add", `${SITE_ADDR}/30`, "dev", SITE_IF);
    await inSite("ip", "link", "set", SITE_IF, "up");
    // Off is a new namespace's default; set anyway, since the silence depends on it.
    await inSite("sysctl", "-qw", "net.ipv4.ip_forward=0");
    for (const cidr of LIVE) await inSite("ip", "route", "add", "local", cidr, "dev", "lo");
    await ip("route", "add", range, "via", SITE_ADDR, "dev", HOST_IF);
    server.stdin?.write("go\n");
    await expectLine("ready");

    // The range must be what the bench says it is: open, closed (RST) and silent (no RST, no ICMP).
    const before = await icmpUnreachablesSent();
    const seen = {
      open: await connectOutcome(WEB, 80, 1500),
      closed: await connectOutcome("10.77.1.7", 554, 1500),
      silent: await connectOutcome(SILENT, 80, 1500),
    };
    const unreach = (await icmpUnreachablesSent()) - before;
    if (seen.open !== "open" || seen.closed !== "ECONNREFUSED" || seen.silent !== "timeout" || unreach !== 0) {
      throw new Error(`range not as built: ${JSON.stringify(seen)}, ${unreach} ICMP unreachable sent by the site`);
    }
  } catch (e) {
    await close();
    throw e;
  }

  return {
    range,
    ports: [...PORTS],
    expectedOpen: [`${WEB}:80`],
    interface: HOST_IF,
    routerMac: SITE_MAC,
    silentAddress: SILENT,
    icmpUnreachablesSent,
    close,
  };
}

/**
 * masscan 1.3.2's receive thread looks at its stop flag only when a packet arrives: on a link that has gone quiet it
 * never exits ("waiting -N-secs" forever; upstream issues 144, 718, 813). An empty UDP datagram to a silent address
 * every 100 ms (captured on the way out, dropped by the site, answered by nothing) lets it see the flag; it costs at
 * most 100 ms of its wall time. Returns the stop function.
 */
export function nudgeQuietLink(silentAddress: string, everyMs = 100): () => void {
  const sock = dgram.createSocket("udp4");
  const timer = setInterval(() => sock.send(Buffer.alloc(0), 9, silentAddress), everyMs);
  return () => {
    clearInterval(timer);
    sock.close();
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Running and measuring a tool

export type OutputFormat = "nmap" | "masscan" | "camsweep";
export type OutputParser = (stdout: string) => string[];

export interface ToolResult {
  name: string;
  wallMs: number;
  /** Peak RSS in KiB (GNU time's %M); NaN when /usr/bin/time is missing. */
  maxRssKb: number;
  /** "ip:port" found open, sorted, unique. */
  open: string[];
  exitCode: number | null;
  timedOut: boolean;
  stderrTail: string;
}

/** nmap -oG: `Host: 10.77.5.80 ()\tPorts: 80/open/tcp//http///, 554/closed/tcp//rtsp///` */
export function parseNmapGrepable(stdout: string): string[] {
  const out: string[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^Host: (\S+) .*\tPorts: ([^\t]*)/.exec(line);
    if (!m) continue;
    for (const p of m[2]!.split(", ")) {
      const [port, state] = p.split("/");
      if (state === "open") out.push(`${m[1]}:${port}`);
    }
  }
  return out;
}

/** masscan -oL: `open tcp 80 10.77.5.80 1796164199` */
export function parseMasscanList(stdout: string): string[] {
  const out: string[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^open tcp (\d+) (\S+)/.exec(line);
    if (m) out.push(`${m[2]}:${m[1]}`);
  }
  return out;
}

/** camsweep --format json: devices[].evidence entries with field "tcp.open" (value: the port). */
export function parseCamsweepJson(stdout: string): string[] {
  // Read loosely rather than through ReportSchema: the bench should not break on an unrelated schema change.
  const report = JSON.parse(stdout) as { devices?: { ip: string; evidence?: { field: string; value: string }[] }[] };
  return (report.devices ?? []).flatMap((d) => (d.evidence ?? []).filter((e) => e.field === "tcp.open").map((e) => `${d.ip}:${e.value}`));
}

const PARSERS: Record<OutputFormat, OutputParser> = { nmap: parseNmapGrepable, masscan: parseMasscanList, camsweep: parseCamsweepJson };

function formatOf(cmd: string[]): OutputFormat {
  const exe = path.basename(cmd[0] ?? "");
  if (exe === "nmap" || exe === "masscan") return exe;
  if (cmd.some((a) => a.endsWith("camsweep.js"))) return "camsweep";
  throw new Error(`no output parser for ${cmd.join(" ")}; pass one`);
}

const TIME = "/usr/bin/time";
/** Process groups of the tools running now: an interrupted bench ends them (they are detached from our group). */
const running = new Set<number>();

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // already gone
  }
}

function hasGnuTime(): boolean {
  try {
    accessSync(TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Run one tool to the end and measure it: wall time from spawn to exit (performance.now) and peak RSS from GNU time's
 * %M, i.e. the ru_maxrss wait4() returns for the child: the largest single process of its tree (not a sum), which for
 * these tools is the scanner itself. Node cannot report a child's rusage (process.resourceUsage() is this process
 * only) and polling /proc misses short peaks, so GNU time it is; without it the RSS is NaN.
 */
export async function runTool(
  name: string,
  cmd: string[],
  parse: OutputFormat | OutputParser = formatOf(cmd),
  /** during: started with the tool, its return value called when the tool ends (see nudgeQuietLink). */
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; during?: () => () => void } = {},
): Promise<ToolResult> {
  const parser = typeof parse === "function" ? parse : PARSERS[parse];
  const dir = mkdtempSync(path.join(tmpdir(), `${PREFIX}time-`));
  const rssFile = path.join(dir, "rss");
  const timed = hasGnuTime();
  const argv = timed ? [TIME, "-f", "%M", "-o", rssFile, "--", ...cmd] : cmd;
  try {
    const t0 = performance.now();
    // Its own process group, so a timeout ends the tool and not just GNU time (which does not forward signals).
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"], detached: true, env: opts.env ?? process.env });
    if (child.pid) running.add(child.pid);
    const stopDuring = opts.during?.();
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          if (child.pid) killGroup(child.pid);
        }, opts.timeoutMs)
      : undefined;
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (c) => resolve(c));
    });
    const wallMs = performance.now() - t0;
    clearTimeout(timer);
    stopDuring?.();
    if (child.pid) running.delete(child.pid);
    // GNU time writes "Command exited with non-zero status N" above the figure when the tool fails.
    const rssLine = timed ? readFileSync(rssFile, "utf8").trim().split("\n").pop() : undefined;
    const maxRssKb = rssLine && /^\d+$/.test(rssLine) ? Number(rssLine) : Number.NaN;
    let open: string[] = [];
    try {
      open = [...new Set(parser(Buffer.concat(out).toString()))].sort();
    } catch (e) {
      err += `\n${name}: output not parsed: ${(e as Error).message}`;
    }
    // masscan redraws its status line with \r: keep the last state only.
    const stderrTail = err.split(/[\r\n]/).map((l) => l.trim()).filter(Boolean).slice(-3).join(" | ");
    return { name, wallMs, maxRssKb, open, exitCode, timedOut, stderrTail };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The benchmark

const ROOT = new URL("../", import.meta.url).pathname;

/** Newest modification time under dir of the files whose name ends in ext (0 when none). */
function newest(dir: string, ext: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith(ext)) t = Math.max(t, statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/**
 * How to start camsweep. By default bin/camsweep.js, as a user runs it: it runs the compiled dist/, so a dist/ older
 * than the sources measures the last build (said under the table; `npm run build` refreshes it). BENCH_CAMSWEEP_FROM=
 * source runs src/cli/main.ts through tsx instead (its RSS then includes tsx and esbuild compiling the sources).
 */
function camsweepCommand(): { cmd: string[]; label: string; warning?: string } {
  if (process.env.BENCH_CAMSWEEP_FROM === "source") {
    const main = path.join(ROOT, "src/cli/main.ts");
    const code = `import { main } from ${JSON.stringify(main)}; process.exitCode = await main(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr, env: process.env });`;
    return { cmd: [process.execPath, "--import", import.meta.resolve("tsx"), "--input-type=module", "-e", code], label: " (sources, tsx)" };
  }
  const cmd = [process.execPath, path.join(ROOT, "bin/camsweep.js")];
  let built = 0;
  try {
    built = newest(path.join(ROOT, "dist"), ".js");
  } catch {
    return { cmd, label: "", warning: "camsweep: no dist/ (npm run build)." };
  }
  const sources = Math.max(...["src", "probes"].map((d) => newest(path.join(ROOT, d), ".ts")));
  const stale = sources > built ? `Note: dist/ (built ${new Date(built).toISOString()}) is older than the sources (changed ${new Date(sources).toISOString()}): the camsweep row measures the last build.` : undefined;
  return stale ? { cmd, label: " (dist)", warning: stale } : { cmd, label: " (dist)" };
}

async function main(): Promise<void> {
  const full = process.env.BENCH_FULL === "1";
  const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 60 * 60 * 1000);
  const site = await startRoutedRange({ full });
  const stop = (signal: NodeJS.Signals): void => {
    console.error(`sweep-routed: ${signal}, stopping`);
    for (const pgid of running) killGroup(pgid);
    void site.close().finally(() => process.exit(130));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const { range, ports } = site;
    const list = ports.join(",");
    const extra = (process.env.BENCH_CAMSWEEP_ARGS ?? "").split(" ").filter(Boolean);
    const camsweep = camsweepCommand();
    // nmap runs as a user would, without -Pn: as root it first sends ICMP echo, TCP SYN 443, TCP ACK 80 and ICMP
    // timestamp to every address and port-scans only the hosts that answered. On a silent range that discovery is
    // what keeps nmap fast; a host that answers none of those probes would be skipped (here every live host answers
    // echo). -n: no reverse DNS, which camsweep and masscan do not do either. BENCH_NMAP_PN=1 adds -Pn runs.
    const tools: [string, string[], (() => () => void)?][] = [
      [`camsweep${camsweep.label} --probes tcp${extra.length ? ` ${extra.join(" ")}` : ""}`, [...camsweep.cmd, "scan", range, "--probes", "tcp", "--ports", list, "--format", "json", "--quiet", ...extra]],
      ["nmap -sT -T4", ["nmap", "-n", "-sT", "-T4", "-p", list, range, "-oG", "-"]],
      ["nmap -sS -T4", ["nmap", "-n", "-sS", "-T4", "-p", list, range, "-oG", "-"]],
    ];
    if (process.env.BENCH_NMAP_PN === "1") {
      tools.push(["nmap -Pn -sT -T4", ["nmap", "-n", "-Pn", "-sT", "-T4", "-p", list, range, "-oG", "-"]]);
      tools.push(["nmap -Pn -sS -T4", ["nmap", "-n", "-Pn", "-sS", "-T4", "-p", list, range, "-oG", "-"]]);
    }
    // masscan frames its own packets through libpcap: it needs the interface and the next hop's MAC (there is no
    // default route here for it to ARP for). Its default --wait 10 (seconds listening after the last SYN) is kept. It
    // sends from csw-rt0's own address, so this namespace's kernel answers the web server's SYN-ACK with a RST: harmless,
    // masscan has seen the SYN-ACK by then.
    tools.push([
      "masscan --rate 10000",
      ["masscan", "--rate", "10000", `-p${list}`, range, "-oL", "-", "--interface", site.interface, "--router-mac", site.routerMac],
      () => nudgeQuietLink(site.silentAddress),
    ]);

    // BENCH_TOOLS=camsweep,masscan (names as in the table, by prefix) runs a subset: on the /16, nmap takes over an hour.
    const only = (process.env.BENCH_TOOLS ?? "").split(",").filter(Boolean);
    const chosen = only.length ? tools.filter(([name]) => only.some((o) => name.startsWith(o))) : tools;
    const expected = [...site.expectedOpen].sort();
    const rows: string[] = [];
    for (const [name, cmd, during] of chosen) {
      let r: ToolResult;
      try {
        r = await runTool(name, cmd, name.startsWith("camsweep") ? "camsweep" : undefined, during ? { timeoutMs, during } : { timeoutMs });
      } catch (e) {
        rows.push(`| ${name} | - | - | not run: ${(e as Error).message.split("\n")[0]} |`);
        continue;
      }
      const same = r.open.length === expected.length && r.open.every((x, i) => x === expected[i]);
      const missing = expected.filter((x) => !r.open.includes(x));
      const extraFound = r.open.filter((x) => !expected.includes(x));
      const verdict = same ? "= expected" : `≠ expected${missing.length ? `, missing ${missing.join(" ")}` : ""}${extraFound.length ? `, extra ${extraFound.slice(0, 5).join(" ")}` : ""}`;
      const failed = r.timedOut ? ` (timed out after ${timeoutMs / 1000} s)` : r.exitCode !== 0 ? ` (exit ${r.exitCode}: ${r.stderrTail})` : "";
      rows.push(`| ${name} | ${(r.wallMs / 1000).toFixed(2)} s | ${Number.isNaN(r.maxRssKb) ? "n/a" : `${(r.maxRssKb / 1024).toFixed(1)} MiB`} | ${r.open.length} (${verdict})${failed} |`);
      console.error(`${name}: ${(r.wallMs / 1000).toFixed(2)} s`);
    }
    const unreach = await site.icmpUnreachablesSent().then(String, (e: Error) => `unknown (${e.message.split("\n")[0]})`);
    console.log(`Silent routed range ${range}, ports ${list}: live /24s ${LIVE.join(", ")} (RST on closed ports), one open port ${site.expectedOpen.join(" ")}; the rest drops everything.\n`);
    console.log("| tool | wall | peak RSS | open ports found |");
    console.log("|---|---|---|---|");
    for (const r of rows) console.log(r);
    if (camsweep.warning && chosen.some(([name]) => name.startsWith("camsweep"))) console.log(`\n${camsweep.warning}`);
    console.log(`\nICMP unreachables sent by the site since it was built: ${unreach}.`);
  } finally {
    await site.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) await main();
