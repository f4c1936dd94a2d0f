import { tmpdir } from "node:os";
import path from "node:path";
import { cleanText } from "../report/escape.ts";
import { DEFAULT_JURISDICTIONS, JURISDICTIONS } from "../classify/classify.ts";
import { applyExceptions, failing, type DeviceException } from "../classify/exceptions.ts";
import type { RiskLevel } from "../model/report.ts";
import { builtInCatalogue, type Catalogue } from "../catalogue/index.ts";
import { readValidated } from "./json-file.ts";
import { DEFAULT_HTTP_OPTIONS } from "../net/http.ts";
import { SCAN_DEFAULTS } from "../scan/defaults.ts";
import { InterfaceError, resolveInterfaces, type NetInterface } from "../net/interfaces.ts";
import { Scope, TargetError } from "../net/scope.ts";
import { runScan, type ScanEvent } from "../scan/run.ts";
import type { Report } from "../model/report.ts";
import { TOOL } from "../version.ts";
import { ALL_PROBES } from "../../probes/index.ts";
import { prewarmUdpThread } from "../net/udp-thread.ts";
import { loadCredentials } from "./credentials.ts";
import { CliError, EXIT } from "./errors.ts";
import { checkWritable, formatFromFile, render, renderChunks, writeFileAtomic, type Format } from "./output.ts";
import { diffReports, renderChanges } from "../report/diff.ts";
import { ndjsonDevice, ndjsonSummary } from "../report/ndjson.ts";
import { renderPrometheus } from "../report/prometheus.ts";
import { buildReplacementPlan, renderPlanCsv } from "../report/replacement-plan.ts";
import { ProgressLine } from "./progress.ts";
import { gatherTargets } from "./targets.ts";
import { acquireLock, defaultHistoryFile, LockedError, scopeLockFile } from "./lock.ts";
import { openStore, type StoreLocation } from "../store/open.ts";
import { HistoryError, scopeKey, type HistoryStore } from "../store/history.ts";
import { quantity } from "../report/words.ts";

export interface ScanFlags {
  interface?: string[];
  format?: Format;
  output?: string[];
  baseline?: string;
  failOnNew?: boolean;
  failOnKev?: boolean;
  /** The history file; false: none (--no-db); undefined: the default place. */
  db?: string | false;
  /** A PostgreSQL URL: the history goes there instead of the SQLite file. */
  store?: string;
  site?: string;
  customer?: string;
  operator?: string;
  lock?: string;
  prom?: string;
  plan?: string;
  listen: number;
  ports?: number[];
  sweepConcurrency?: number;
  concurrency: number;
  perHost: number;
  timeout: number;
  deviceBudget?: number;
  probes?: string[];
  credentialsFile?: string;
  jurisdiction?: string[];
  verbose?: boolean;
  quiet?: boolean;
  failOn?: RiskLevel;
  failOnOutside?: boolean;
  targetsFile?: string[];
  exclude?: string[];
  excludeFile?: string[];
  dryRun?: boolean;
  exceptions?: string;
  catalogue?: string;
  asOf?: string;
  allowLarge?: boolean;
}

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}


export function pickInterfaces(names: string[] | undefined): NetInterface[] {
  try {
    const found = resolveInterfaces(names ?? []);
    if (found.length === 0) throw new CliError("no usable IPv4 interface is up; name one with --interface", EXIT.usage);
    return found;
  } catch (e) {
    if (e instanceof InterfaceError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
}

/** With no targets, an interface's own subnet is swept only up to this size. */
export const AUTO_SWEEP_MAX_PREFIX = 22;

/**
 * The fence and the sweep. Targets given: they are both. None: the chosen interfaces' subnets are the fence, and
 * each is swept when it is no larger than a /22 (loopback never); the plan says which.
 */
export function parseScope(targets: string[], interfaces: NetInterface[], excludes: string[] = []): { scope: Scope; sweep: boolean; sweepScope: Scope; notes: string[] } {
  try {
    const ex = Scope.parse(excludes);
    if (targets.length > 0) {
      const scope = Scope.parse(targets).without(ex);
      return { scope, sweep: true, sweepScope: scope, notes: [] };
    }
    const notes: string[] = [];
    const swept: string[] = [];
    for (const i of interfaces) {
      const bits = Number(i.cidr.split("/")[1]);
      if (i.internal) notes.push(`${i.name}: loopback, multicast only`);
      else if (bits < AUTO_SWEEP_MAX_PREFIX) notes.push(`${i.name} (${i.cidr}): larger than a /${AUTO_SWEEP_MAX_PREFIX}, multicast only; name targets to sweep it`);
      else swept.push(i.cidr);
    }
    // The interfaces' IPv6 prefixes (link-local ones on their own link) fence in what answers over IPv6; they are
    // too large to sweep, and the plan's labels stay the IPv4 subnets.
    const v4 = Scope.parse(interfaces.map((i) => i.cidr));
    const v6 = Scope.parse(interfaces.flatMap((i) => (i.internal ? [] : (i.ipv6 ?? []).map((a) => a.cidr))), true);
    const scope = new Scope([...v4.ranges], [...v4.labels], [], [...v6.ranges6]).without(ex);
    const sweepScope = Scope.parse(swept).without(ex);
    if (swept.length) notes.push(`sweeping the interfaces' own subnets: ${sweepScope.toStrings().join(", ")}`);
    return { scope, sweep: swept.length > 0, sweepScope, notes };
  } catch (e) {
    if (e instanceof TargetError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
}

/** A sweep larger than a /16 is asked for explicitly: a typo in a prefix length should not start a week-long scan. */
export const LARGE_SCOPE = 65_536;

/** Run a scan as the CLI does and write its outputs. Returns the exit code. */
export async function scanCommand(given: string[], flags: ScanFlags, io: Io, signal?: AbortSignal): Promise<{ code: number; report?: Report }> {
  if (flags.quiet && flags.verbose) throw new CliError("--quiet and --verbose contradict each other: give one");
  const resolved = await gatherTargets(given, flags);
  const targets = resolved.targets;
  const interfaces = pickInterfaces(flags.interface);
  const parsed = parseScope(targets, interfaces, resolved.excludes);
  const { scope, sweep, sweepScope } = parsed;
  const notes = [...resolved.notes, ...parsed.notes];
  if (sweep && sweepScope.hostCount() > LARGE_SCOPE && !flags.allowLarge) {
    throw new CliError(`${sweepScope.hostCount().toLocaleString("en")} addresses to sweep (${sweepScope.toStrings().slice(0, 3).join(", ")}); more than ${LARGE_SCOPE.toLocaleString("en")} needs --allow-large`);
  }
  const probeNames = flags.probes ?? ALL_PROBES.filter((p) => p.defaultOn).map((p) => p.name);
  const unknown = probeNames.filter((n) => !ALL_PROBES.some((p) => p.name === n));
  if (unknown.length) throw new CliError(`unknown probe "${unknown[0]}" (probes: ${ALL_PROBES.map((p) => p.name).join(", ")})`);
  // The discovery sockets' thread boots while the files given are read: in a busy first second (a sweep starting a
  // thousand connects beside it) it took 0.3-0.4 s to open them, and the listen window waits for that.
  const threadUp = !flags.dryRun && ALL_PROBES.some((p) => probeNames.includes(p.name) && p.transport.startsWith("udp")) ? prewarmUdpThread() : undefined;
  const jurisdictions = flags.jurisdiction ?? [...DEFAULT_JURISDICTIONS];
  const badJ = jurisdictions.find((j) => !(JURISDICTIONS as readonly string[]).includes(j));
  if (badJ) throw new CliError(`unknown jurisdiction "${badJ}" (choose from ${JURISDICTIONS.join(", ")})`);
  const credentials = await loadCredentials(io.env, flags.credentialsFile, (w) => io.stderr.write(`camsweep: warning: ${w}\n`));
  // The schemas (zod) load only for the files given: a plain scan starts without them.
  const exceptions = flags.exceptions ? readValidated(flags.exceptions, "exceptions file", (await import("../classify/exceptions-schema.ts")).ExceptionsFileSchema).exceptions : [];
  // A thread's start resets V8's flags, the CLI's heap settings among them, until it runs and sets them again: the
  // catalogue (the start's largest allocation) loads after that, or the young generation grows for the whole scan.
  await threadUp;
  const catalogue = flags.catalogue ? (await import("./catalogue-command.ts")).loadCatalogue(flags.catalogue) : builtInCatalogue();
  const outputs = (flags.output ?? []).map((file) => ({ file, format: formatFromFile(file, flags.format) }));
  const format: Format = flags.format ?? "table";
  const baseline = flags.baseline ? readValidated(flags.baseline, "baseline report", (await import("../model/report.ts")).ReportSchema) : undefined;
  if (flags.dryRun) {
    io.stdout.write(renderPlan({ interfaces, scope, sweep, sweepScope, notes, probeNames, ports: flags.ports ?? SCAN_DEFAULTS.ports, flags, outputs }));
    return { code: EXIT.ok };
  }
  const site = flags.site ?? "";
  const storeUrl = flags.store ?? io.env.CAMSWEEP_STORE;
  const historyFile = storeUrl || flags.db === false ? undefined : (flags.db ?? defaultHistoryFile(io.env));
  const where: StoreLocation | undefined = storeUrl ? { url: storeUrl } : historyFile ? { file: historyFile } : undefined;
  if (flags.failOnNew && !baseline && !where) throw new CliError("--fail-on-new needs the scan history (--db FILE; there is no home directory for the default one) or --baseline PREVIOUS.json");
  for (const file of [...outputs.map((o) => o.file), ...(flags.prom ? [flags.prom] : []), ...(flags.plan ? [flags.plan] : [])]) checkWritable(file);
  // The same key the recorded report's scope gives (interfaces, targets, exclusions): the last scan is found by it.
  const key = scopeKey({ interfaces, targets: scope.toStrings(), exclude: scope.excluded });
  const say = (s: string): void => void io.stderr.write(`camsweep: ${cleanText(s)}\n`);
  // The history is opened first: a PostgreSQL store holds the lock itself. When it cannot be opened, the scan runs
  // without it, says so in one line, writes its reports and exits 3.
  // A history the user named (--db, --store) that cannot be opened fails the run (exit 3); the default one only says
  // so: a user without a writable home still gets a scan and its exit code.
  const asked = Boolean(storeUrl || flags.db);
  const history = where ? await openHistory(where, say) : undefined;
  try {
    const defaultLock = !flags.lock && history && historyFile ? scopeLockFile(historyFile, site, key) : undefined;
    const release = await lock(flags.lock ?? defaultLock, history, site, key, defaultLock ? say : undefined);
    try {
      return await scanLocked({ targets, flags, io, signal, interfaces, scope, sweep, sweepScope, notes, probeNames, jurisdictions, credentials, exceptions, catalogue, outputs, format, baseline, site, history, historyFailed: Boolean(where && !history && asked), key });
    } finally {
      await release();
    }
  } finally {
    await history?.close();
  }
}

/**
 * Take the lock file, or else the store's own lock; exit 4 in one line when another run holds it. A default lock
 * file (`warn` given) that cannot be written is said and skipped; a --lock FILE that cannot be is an error.
 */
async function lock(file: string | undefined, history: HistoryStore | undefined, site: string, key: string, warn?: (s: string) => void): Promise<() => void | Promise<void>> {
  if (file) {
    try {
      const l = acquireLock(file);
      return () => l.release();
    } catch (e) {
      if (e instanceof LockedError) throw new CliError(e.message, EXIT.locked);
      const why = `cannot take the lock ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      if (!warn) throw new CliError(why);
      warn(`${why}; scanning without it`);
      return () => undefined;
    }
  }
  if (!history?.tryLock) return () => undefined;
  const release = await history.tryLock(site, key);
  if (!release) throw new CliError(`another camsweep scan of this scope${site ? ` at ${site}` : ""} is running (it holds the store's lock)`, EXIT.locked);
  return release;
}

interface Plan {
  targets: string[];
  flags: ScanFlags;
  io: Io;
  signal: AbortSignal | undefined;
  interfaces: NetInterface[];
  scope: Scope;
  sweep: boolean;
  sweepScope: Scope;
  notes: string[];
  probeNames: string[];
  jurisdictions: string[];
  credentials: Awaited<ReturnType<typeof loadCredentials>>;
  exceptions: DeviceException[];
  catalogue: Catalogue;
  outputs: { file: string; format: Format }[];
  format: Format;
  baseline: Report | undefined;
  site: string;
  history: HistoryStore | undefined;
  /** A history was asked for and could not be opened: the scan runs, and exits 3. */
  historyFailed: boolean;
  key: string;
}

/** Open the history; when it cannot be, say so in one line and scan without it (the reports are still written). */
async function openHistory(where: StoreLocation, say: (s: string) => void): Promise<HistoryStore | undefined> {
  try {
    return await openStore(where);
  } catch (e) {
    if (!(e instanceof HistoryError)) throw e;
    say(`${e.message}; scanning without history`);
    return undefined;
  }
}

async function scanLocked(plan: Plan): Promise<{ code: number; report: Report }> {
  const { flags, io, signal, interfaces, scope, sweep, sweepScope, notes, probeNames, jurisdictions, credentials, exceptions, catalogue, outputs, format, baseline, site, history, historyFailed, key } = plan;
  const today = new Date().toISOString().slice(0, 10);
  // NDJSON on stdout streams: one line per device as soon as it is identified.
  // stdout gets the report when no -o is given, or when --format asks for it beside the files.
  const toStdout = outputs.length === 0 || flags.format !== undefined;
  const streaming = toStdout && format === "ndjson";

  // Log lines carry device strings (an SSDP ST header, a model name): cleaned before they reach the terminal.
  const log = (s: string): void => {
    if (!flags.quiet) io.stderr.write(`${cleanText(s, { keepNewlines: true })}\n`);
  };
  // Why the exit code is not 0: said even with --quiet (a cron job mails what is printed, and only that).
  const tell = (s: string): void => void io.stderr.write(`camsweep: ${cleanText(s)}\n`);

  if (!flags.quiet) {
    log(
      `camsweep ${TOOL.version}: ${interfaces.map((i) => `${i.name} (${i.cidr})`).join(", ")}; ` +
        (sweep ? `${sweepScope.hostCount()} target addresses (${sweepScope.toStrings().slice(0, 4).join(", ")}${sweepScope.ranges.length > 4 ? ", ..." : ""})` : "multicast discovery only") +
        `; listening ${flags.listen} ms`,
    );
    for (const n of notes) log(`  ${n}`);
  }
  const t0 = performance.now();
  const stamp = (): string => `[${((performance.now() - t0) / 1000).toFixed(2)}s]`;
  const progress = !flags.quiet && !flags.verbose && io.stderr.isTTY ? new ProgressLine(io.stderr, flags.listen) : undefined;
  const onEvent = (e: ScanEvent): void => {
    progress?.event(e);
    if (flags.verbose && e.kind === "log") log(`${stamp()}   ${e.message}`);
    else if (flags.verbose && e.kind === "phase") log(`${stamp()} ${e.phase}${e.detail ? `: ${e.detail}` : ""}`);
    if (streaming && e.kind === "device") io.stdout.write(ndjsonDevice(applyExceptions([e.device], exceptions, today)[0]!));
  };

  let report: Report;
  try {
    ({ report } = await runScan({
      interfaces,
      scope,
      sweep,
      sweepScope,
      probes: ALL_PROBES.filter((p) => probeNames.includes(p.name)),
      listenMs: flags.listen,
      ports: flags.ports ?? SCAN_DEFAULTS.ports,
      sweepConcurrency: flags.sweepConcurrency ?? SCAN_DEFAULTS.sweepConcurrency,
      sweepTimeoutMs: SCAN_DEFAULTS.sweepTimeoutMs,
      deviceBudgetMs: flags.deviceBudget ?? SCAN_DEFAULTS.deviceBudgetMs,
      http: { ...DEFAULT_HTTP_OPTIONS, concurrency: flags.concurrency, perHost: flags.perHost, responseTimeoutMs: flags.timeout, connectTimeoutMs: Math.min(flags.timeout, DEFAULT_HTTP_OPTIONS.connectTimeoutMs) },
      ...(credentials ? { credentials } : {}),
      catalogue,
      jurisdictions,
      ...(flags.asOf ? { asOf: flags.asOf } : {}),
      tool: TOOL,
      ...(signal ? { signal } : {}),
      onEvent,
    }));
  } catch (e) {
    throw new CliError(`scan failed: ${(e as Error).message}`, EXIT.scanFailed);
  } finally {
    progress?.done();
  }
  report = { ...report, ...(site ? { site } : {}), ...(flags.customer ? { customer: flags.customer } : {}), ...(flags.operator ? { operator: flags.operator } : {}), devices: applyExceptions(report.devices, exceptions, today) };
  const replacement = buildReplacementPlan(report.devices, site || undefined);
  if (replacement.length) report = { ...report, replacementPlan: replacement };
  if (baseline) report = { ...report, changes: diffReports(baseline, report) };
  else if (history) {
    // No baseline file: the last complete scan of this site and scope is the baseline.
    try {
      const previous = await history.previous(site, key, report.startedAt);
      if (previous) report = { ...report, changes: diffReports(previous, report) };
      else log(`history: the first scan of this scope${site ? ` at ${site}` : ""}; the next one will say what changed`);
    } catch (e) {
      tell((e as Error).message);
    }
  }
  // Every output is written, interrupted or not: a partial report says so in `partial`.
  // One output failing (a disk filling up mid-way) never stops the others; the exit code says it failed.
  const failed: string[] = [];
  const write = (file: string, text: () => string | Iterable<string>, what: string): boolean => {
    try {
      writeFileAtomic(file, text());
      log(`wrote ${file} (${what})`);
      return true;
    } catch (e) {
      failed.push(file);
      io.stderr.write(`camsweep: ${(e as Error).message}\n`);
      return false;
    }
  };
  const written = outputs.filter((o) => write(o.file, () => renderChunks(report, o.format), `${o.format}, ${quantity(report.devices.length, "device")}${report.partial ? ", partial" : ""}`));
  if (outputs.length && !written.length && !toStdout) {
    // Checked before the scan, gone after it (a share unmounted, a disk full): the scan is not lost with them.
    const rescue = path.join(tmpdir(), `camsweep-report-${report.startedAt.replace(/[:.]/g, "-")}-${process.pid}.json`);
    try {
      writeFileAtomic(rescue, renderChunks(report, "json"));
      io.stderr.write(`camsweep: the report is saved in ${rescue} instead\n`);
    } catch (e) {
      io.stderr.write(`camsweep: nor could the report be saved in ${rescue}: ${(e as Error).message}\n`);
    }
  }
  if (flags.prom) write(flags.prom, () => renderPrometheus(report), "metrics");
  if (flags.plan) write(flags.plan, () => renderPlanCsv(report.replacementPlan ?? []), `replacement plan, ${report.replacementPlan?.length ?? 0} groups`);
  if (history) {
    try {
      const r = await history.record(report, site);
      log(r.added ? `history: scan #${r.scanId} recorded (${quantity(r.newDevices, "device")} seen for the first time)` : `history: this scan was recorded before (#${r.scanId})`);
    } catch (e) {
      tell((e as Error).message);
      failed.push("history");
    }
  }
  if (streaming) io.stdout.write(ndjsonSummary(report));
  else if (toStdout) io.stdout.write(render(report, format, Boolean(io.stdout.isTTY) && !io.env.NO_COLOR, io.stdout.columns));
  if (report.changes && !flags.quiet) log(renderChanges(report.changes).trimEnd());
  if (report.partial) {
    tell("interrupted: the reports written are partial");
    return { code: EXIT.scanFailed, report };
  }
  if (failed.length || historyFailed) return { code: EXIT.scanFailed, report };
  const who = (d: { ip: string; vendor?: string; model?: string }): string => `${d.ip} ${[d.vendor, d.model].filter(Boolean).join(" ") || "(unknown)"}`;
  // Targets bound the verdict: a device that answered from outside them counts only with --fail-on-outside. With no
  // targets the interfaces' subnets are the fence, and every device the segment holds counts.
  const counted = (d: { inScope: boolean }): boolean => d.inScope || plan.targets.length === 0 || Boolean(flags.failOnOutside);
  const outsideIds = new Set(report.devices.filter((d) => !counted(d)).map((d) => `${d.id} ${d.ip}`));
  let code: number = EXIT.ok;
  const fresh = (report.changes?.new ?? []).filter((r) => !outsideIds.has(`${r.id} ${r.ip}`));
  if (flags.failOnNew && report.changes && fresh.length) {
    for (const d of fresh) tell(`new since ${report.changes.baseline.startedAt}: ${who(d)} [${d.level}]`);
    code = EXIT.findings;
  }
  if (flags.failOnKev) {
    for (const d of report.devices.filter(counted)) {
      const kev = (d.vulnerabilities ?? []).filter((v) => v.kev);
      if (kev.length === 0) continue;
      tell(`known exploited (CISA KEV): ${who(d)}: ${kev.map((v) => v.id).join(", ")}`);
      code = EXIT.findings;
    }
  }
  if (flags.failOn) {
    const bad = failing(report.devices.filter(counted), flags.failOn);
    for (const d of bad) tell(`${d.risk.level} (at or above --fail-on ${flags.failOn}): ${who(d)}`);
    if (bad.length) code = EXIT.findings;
  }
  return { code, report };
}

/** What a scan would do, and nothing sent: --dry-run. */
function renderPlan(p: { interfaces: NetInterface[]; scope: Scope; sweep: boolean; sweepScope: Scope; notes: string[]; probeNames: string[]; ports: number[]; flags: ScanFlags; outputs: { file: string; format: Format }[] }): string {
  const hosts = p.sweep ? p.sweepScope.hostCount() : 0;
  const udp = p.probeNames.filter((n) => n !== "tcp");
  const lines = [
    "plan (--dry-run: nothing sent)",
    `  interfaces: ${p.interfaces.map((i) => `${i.name} (${[i.cidr, ...(i.internal ? [] : (i.ipv6 ?? []).map((a) => a.cidr))].join(", ")})`).join(", ")}`,
    `  targets: ${p.scope.toStrings().join(" ")}${p.scope.excluded.length ? `; excluded: ${p.scope.excluded.join(" ")}` : ""}`,
    ...p.notes.map((n) => `  ${n}`),
    `  addresses to ask by unicast: ${hosts.toLocaleString("en")}${p.sweep ? "" : " (multicast discovery only)"}`,
    `  probes: ${p.probeNames.join(", ")}`,
    `  multicast: ${udp.length ? `${udp.join(", ")} on each interface${p.interfaces.some((i) => !i.internal && i.ipv6?.some((a) => a.address.includes("%"))) ? " (ws-discovery, ssdp and mdns also on FF02::C and FF02::FB where the interface has a link-local IPv6 address)" : ""}, listening ${p.flags.listen} ms` : "none"}`,
    `  UDP unicast: at most ${(hosts * udp.length).toLocaleString("en")} requests (each address once per protocol; an address that answered the multicast is skipped)`,
    `  TCP sweep: ${p.probeNames.includes("tcp") && p.sweep ? `${(hosts * p.ports.length).toLocaleString("en")} connects (${hosts.toLocaleString("en")} address${hosts === 1 ? "" : "es"} × ports ${p.ports.join(",")}), at most ${(p.flags.sweepConcurrency ?? SCAN_DEFAULTS.sweepConcurrency).toLocaleString("en")} in flight` : "none"}`,
    `  HTTP: at most ${p.flags.concurrency} requests in flight, ${p.flags.perHost} per device, ${p.flags.timeout} ms timeouts; each device's identification at most ${p.flags.deviceBudget ?? SCAN_DEFAULTS.deviceBudgetMs} ms`,
    `  outputs: ${p.outputs.length ? p.outputs.map((o) => `${o.file} (${o.format})`).join(", ") : `stdout (${p.flags.format ?? "table"})`}${p.flags.prom ? `, ${p.flags.prom} (metrics)` : ""}${p.flags.plan ? `, ${p.flags.plan} (replacement plan, CSV)` : ""}`,
  ];
  return `${lines.join("\n")}\n`;
}
