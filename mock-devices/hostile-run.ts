// Run one hostile case as a user would: the lab (three good devices and the hostile one), a counting sentinel outside
// the targets, and the real CLI in a child process writing every output format, with credentials given. Then read
// what came out. Used by test/hostile/ and bench/hostile.ts; run inside a private network namespace.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { hasUnsafeText } from "../src/report/escape.ts";
import { ReportSchema, type Report } from "../src/model/report.ts";
import { hostileCases, SENTINEL, type HostileCase } from "./hostile.ts";
import { loadPersonas, startLab } from "./lab.ts";

const run = promisify(execFile);
const CLI = new URL("./measured-cli.ts", import.meta.url).pathname;
const FIRST = "127.70.0.10";
/** The good devices beside every hostile one, and the maker each must still be named. */
export const GOOD = [
  { id: "hikvision-ipc", ip: "127.70.0.10", vendor: "Hikvision" },
  { id: "dahua-ipc", ip: "127.70.0.11", vendor: "Dahua" },
  { id: "axis-camera", ip: "127.70.0.12", vendor: "Axis Communications" },
];
export const HOSTILE_IP = "127.70.0.13";
const USER = "admin";
const PASSWORD = "Hostile-Suite-Secret-7f3a";
/** Listen window and device budget of the suite's scans: the bounds below are stated from them. */
export const LISTEN_MS = 1500;
export const DEVICE_BUDGET_MS = 5000;

export interface HostileResult {
  id: string;
  description: string;
  code: number;
  wallMs: number;
  maxRssMb: number;
  goodFound: number;
  goodTotal: number;
  /** Connections the sentinel outside the targets received. */
  outOfScope: number;
  /** Where the scan's password appeared: an output, a terminal line, or a request a device received. */
  leakedSecrets: string[];
  /** Outputs and terminal lines that still hold a raw control or bidi character. */
  rawControl: string[];
  /** With `interruptAfterMs`: from SIGINT to the process's exit. */
  exitAfterSignalMs?: number;
  /** The hostile device as the report shows it. */
  hostile?: { level: string; warnings: number; evidence: number };
}

async function sentinel(): Promise<{ hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const servers: http.Server[] = [];
  for (const host of [SENTINEL.host, "127.0.0.1", "::1"]) {
    const s = http.createServer((req, res) => {
      hits.push(`${host} ${req.method} ${req.url}`);
      res.end("sentinel");
    });
    s.on("connection", (sock) => hits.push(`${host} connect ${sock.remoteAddress}`));
    await new Promise<void>((resolve) => {
      s.once("error", () => resolve()); // no ::1 in this namespace: nothing can reach it there either
      s.listen(SENTINEL.port, host, () => resolve());
    });
    if (s.listening) servers.push(s);
  }
  return { hits, close: async () => void (await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))) };
}

/**
 * `keep`: a directory to copy the case's JSON report into (as <case>.json), to read what the scan made of it.
 * `interruptAfterMs`: send SIGINT that long after the start and measure how long the scan takes to stop.
 */
export async function runHostileCase(c: HostileCase, opts: { keep?: string; interruptAfterMs?: number } = {}): Promise<HostileResult> {
  const personas = loadPersonas();
  const good = GOOD.map((g) => personas.find((p) => p.id === g.id)!);
  const authorizations: string[] = [];
  const lab = await startLab({
    personas: [...good, ...c.personas],
    firstAddress: FIRST,
    highPorts: true,
    maxReplyDelayMs: 50,
    onHttpRequest: (_ip, _m, _u, headers) => {
      if (headers.authorization) authorizations.push(headers.authorization);
    },
  });
  const fence = await sentinel();
  // The fence must be able to count: one request of our own, then start from zero.
  await fetch(`http://${SENTINEL.host}:${SENTINEL.port}/self-check`).then((r) => r.text());
  if (!fence.hits.some((h) => h.includes("/self-check"))) throw new Error("the sentinel outside the targets does not count requests");
  fence.hits.length = 0;
  const dir = mkdtempSync(path.join(tmpdir(), "camsweep-hostile-"));
  const out = (f: string): string => path.join(dir, f);
  try {
    const args = ["scan", "-i", "lo", "127.70.0.0/24", "--ports", "8080,8554", "--listen", String(LISTEN_MS), "--device-budget", String(DEVICE_BUDGET_MS), "--verbose"];
    for (const f of ["r.json", "r.ndjson", "r.csv", "r.html", "r.txt"]) args.push("-o", out(f));
    args.push("--prom", out("r.prom"));
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      env: { ...process.env, CAMSWEEP_USERNAME: USER, CAMSWEEP_PASSWORD: PASSWORD, CAMSWEEP_MEASURE_FILE: out("measure.json"), NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    let signalledAt = 0;
    const interrupt = opts.interruptAfterMs ? setTimeout(() => ((signalledAt = performance.now()), child.kill("SIGINT")), opts.interruptAfterMs) : undefined;
    await new Promise((resolve) => child.once("exit", resolve));
    const exitedAt = performance.now();
    clearTimeout(interrupt);
    const measure = JSON.parse(readFileSync(out("measure.json"), "utf8")) as { code: number; wallMs: number; maxRssKb: number };
    const report: Report = ReportSchema.parse(JSON.parse(readFileSync(out("r.json"), "utf8")));
    if (opts.keep) copyFileSync(out("r.json"), path.join(opts.keep, `${c.id}.json`));

    // The change list of `diff` prints device names to the terminal too: against an empty baseline, all are new.
    writeFileSync(out("empty.json"), JSON.stringify({ ...report, devices: [] }));
    const diff = await run(process.execPath, ["--import", "tsx", CLI, "diff", out("empty.json"), out("r.json")], { maxBuffer: 64 << 20 });

    const texts: Record<string, string> = {
      "table (r.txt)": readFileSync(out("r.txt"), "utf8"),
      "JSON": readFileSync(out("r.json"), "utf8"),
      "NDJSON": readFileSync(out("r.ndjson"), "utf8"),
      "CSV": readFileSync(out("r.csv"), "utf8").replace(/\r\n/g, "\n"),
      "HTML": readFileSync(out("r.html"), "utf8"),
      "Prometheus": readFileSync(out("r.prom"), "utf8"),
      "stdout": stdout,
      "stderr (verbose log)": stderr,
      "diff": diff.stdout + diff.stderr,
    };
    const secrets = [PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString("base64")];
    const leakedSecrets = [
      ...Object.entries(texts).filter(([, t]) => secrets.some((s) => t.includes(s))).map(([k]) => k),
      ...authorizations.filter((a) => /^basic /i.test(a) || a.includes(PASSWORD)).map((a) => `sent to a device: ${a.split(" ")[0]}`),
    ];
    const rawControl = Object.entries(texts)
      .filter(([, t]) => hasUnsafeText(t, { keepNewlines: true }))
      .map(([k]) => k);
    const goodFound = GOOD.filter((g) => report.devices.some((d) => d.ip === g.ip && d.vendor === g.vendor)).length;
    const h = report.devices.find((d) => d.ip === HOSTILE_IP);
    return {
      id: c.id,
      description: c.description,
      code: measure.code,
      wallMs: measure.wallMs,
      maxRssMb: Math.round(measure.maxRssKb / 1024),
      goodFound,
      goodTotal: GOOD.length,
      outOfScope: fence.hits.length,
      leakedSecrets,
      rawControl,
      ...(h ? { hostile: { level: h.risk.level, warnings: h.warnings.length, evidence: h.evidence.length } } : {}),
      ...(signalledAt ? { exitAfterSignalMs: Math.round(exitedAt - signalledAt) } : {}),
    };
  } finally {
    await fence.close();
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const allHostileCases = (): HostileCase[] => hostileCases(HOSTILE_IP);
