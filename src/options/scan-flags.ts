import { InvalidArgumentError, Option, type Command } from "commander";
import { DEFAULT_JURISDICTIONS, FAIL_ON_LEVELS, FORMATS, JURISDICTIONS, PROBE_NAMES, SCAN_DEFAULTS } from "./constants.ts";

/**
 * The scan's options, declared once: each becomes a command-line flag, a key of the config file (the same name in
 * camelCase) and a field of the flags the scan command reads, with one range and one default.
 */
export type Kind =
  | { type: "int"; min: number; max: number }
  | { type: "ports" }
  | { type: "list"; of?: readonly string[] }
  | { type: "choice"; of: readonly string[] }
  | { type: "path" }
  | { type: "text" }
  | { type: "paths" }
  | { type: "date" }
  | { type: "flag" };

export interface FlagSpec {
  /** Key in the parsed flags and in the config file. */
  key: string;
  flags: string;
  help: string;
  kind: Kind;
  default?: unknown;
  /** May the config file set it? (default yes) */
  config?: boolean;
}

export const DEFAULT_CONFIG_FILE = "camsweep.config.json";

export const SCAN_FLAGS: readonly FlagSpec[] = [
  { key: "targetsFile", flags: "--targets-file <file>", help: "read targets from FILE (one or more per line, # comments; - for stdin), repeatable; -iL FILE as in nmap", kind: { type: "paths" } },
  { key: "exclude", flags: "--exclude <targets>", help: "never send to these addresses, CIDRs, ranges or hostnames (comma-separated, repeatable)", kind: { type: "list" } },
  { key: "excludeFile", flags: "--exclude-file <file>", help: "read exclusions from FILE, like --targets-file", kind: { type: "paths" } },
  { key: "dryRun", flags: "--dry-run", help: "print the plan (interfaces, addresses, probes, request budget) and send nothing", kind: { type: "flag" }, config: false },
  { key: "interface", flags: "-i, --interface <name>", help: "interface to discover on (repeatable or comma-separated); default: every up, non-loopback IPv4 interface", kind: { type: "list" } },
  { key: "format", flags: "-f, --format <format>", help: "output format on stdout, and of -o files without an extension (default table; with -o, stdout gets the report only when --format is given)", kind: { type: "choice", of: FORMATS } },
  { key: "output", flags: "-o, --output <file>", help: "write the report to FILE, repeatable; format from the extension (.json .ndjson .csv .html .txt)", kind: { type: "paths" } },
  { key: "baseline", flags: "--baseline <file>", help: "an earlier JSON report: the report gains its changes (new, gone, changed devices)", kind: { type: "path" } },
  { key: "failOnKev", flags: "--fail-on-kev", help: "exit 1 when a device's own firmware version is one that CISA's Known Exploited Vulnerabilities catalogue lists as exploited", kind: { type: "flag" } },
  { key: "failOnNew", flags: "--fail-on-new", help: "exit 1 when a device appears that the last scan of the same scope (or the baseline) did not see", kind: { type: "flag" } },
  { key: "db", flags: "--db <file>", help: "the scan history, SQLite (default $XDG_STATE_HOME/camsweep/history.db, else ~/.local/state/camsweep/history.db)", kind: { type: "path" } },
  { key: "db", flags: "--no-db", help: "keep no history of this scan", kind: { type: "flag" }, config: false },
  { key: "customer", flags: "--customer <name>", help: "whom the report is for: on the HTML report's first page and in JSON (a handover)", kind: { type: "text" } },
  { key: "operator", flags: "--operator <name>", help: "who ran the scan: on the HTML report's first page and in JSON", kind: { type: "text" } },
  { key: "store", flags: "--store <url>", help: "record the history in PostgreSQL (postgres://...; or CAMSWEEP_STORE, which keeps a password off the command line) instead of the SQLite file", kind: { type: "text" } },
  { key: "site", flags: "--site <name>", help: "the site this scan covers: the history keeps each site's inventory apart", kind: { type: "text" } },
  { key: "lock", flags: "--lock <file>", help: "lock file that keeps two runs of one job apart (default: one per scope beside the history)", kind: { type: "path" } },
  { key: "plan", flags: "--plan <file>", help: "write the replacement plan as CSV: covered and OEM devices grouped by maker, model and type, with their ONVIF profiles and an empty replacement column", kind: { type: "path" } },
  { key: "prom", flags: "--prom <file>", help: "write Prometheus textfile metrics (for node_exporter), atomically", kind: { type: "path" } },
  { key: "config", flags: "--config <file>", help: `defaults for every flag (default ./${DEFAULT_CONFIG_FILE} when present)`, kind: { type: "path" }, config: false },
  { key: "listen", flags: "--listen <ms>", help: "how long to listen for discovery replies", kind: { type: "int", min: 100, max: 60_000 }, default: SCAN_DEFAULTS.listenMs },
  { key: "ports", flags: "--ports <list>", help: `TCP ports swept on every target (default ${SCAN_DEFAULTS.ports.join(",")})`, kind: { type: "ports" } },
  {
    key: "sweepConcurrency",
    flags: "--sweep-concurrency <n>",
    help: `most TCP connects in flight during the sweep (default ${SCAN_DEFAULTS.sweepConcurrency}, kept under the open-file limit)`,
    kind: { type: "int", min: 1, max: 16_384 },
  },
  { key: "concurrency", flags: "--concurrency <n>", help: "HTTP requests in flight across all devices", kind: { type: "int", min: 1, max: 1024 }, default: SCAN_DEFAULTS.http.concurrency },
  { key: "perHost", flags: "--per-host <n>", help: "HTTP requests in flight to one device", kind: { type: "int", min: 1, max: 16 }, default: SCAN_DEFAULTS.http.perHost },
  { key: "timeout", flags: "--timeout <ms>", help: "HTTP header and body timeout, each", kind: { type: "int", min: 100, max: 120_000 }, default: SCAN_DEFAULTS.http.responseTimeoutMs },
  { key: "deviceBudget", flags: "--device-budget <ms>", help: "time one device's identification may take, all requests together", kind: { type: "int", min: 1000, max: 600_000 }, default: SCAN_DEFAULTS.deviceBudgetMs },
  { key: "probes", flags: "--probes <names>", help: `discovery probes to run (${PROBE_NAMES.join(", ")})`, kind: { type: "list", of: PROBE_NAMES } },
  { key: "credentialsFile", flags: "--credentials-file <file>", help: "JSON file with ONVIF credentials", kind: { type: "path" } },
  {
    key: "jurisdiction",
    flags: "--jurisdiction <codes>",
    help: `jurisdictions to classify against (${JURISDICTIONS.join(", ")}; us includes US states); default ${DEFAULT_JURISDICTIONS.join(",")}`,
    kind: { type: "list", of: JURISDICTIONS },
  },
  { key: "failOn", flags: "--fail-on <level>", help: "exit 1 when a device is at or above this risk level", kind: { type: "choice", of: FAIL_ON_LEVELS } },
  { key: "failOnOutside", flags: "--fail-on-outside", help: "let devices that answered from outside the targets decide the exit code too (--fail-on, --fail-on-new)", kind: { type: "flag" } },
  { key: "exceptions", flags: "--exceptions <file>", help: 'JSON {"exceptions": [{"mac"|"serial"|"ip", "reason", "expires": "YYYY-MM-DD"}]}: accepted devices', kind: { type: "path" } },
  { key: "catalogue", flags: "--catalogue <file>", help: "JSON catalogue overrides (vendors, brands, regulations, fingerprints) on top of the built-in one", kind: { type: "path" } },
  { key: "allowLarge", flags: "--allow-large", help: "allow a sweep of more than 65,536 addresses", kind: { type: "flag" } },
  { key: "asOf", flags: "--as-of <date>", help: "classify against the rules in force on this date, YYYY-MM-DD (default: the day of the scan)", kind: { type: "date" } },
  { key: "verbose", flags: "-v, --verbose", help: "log each probe's sends and replies to stderr", kind: { type: "flag" } },
  { key: "quiet", flags: "-q, --quiet", help: "print nothing but the report, and why the exit code is not 0", kind: { type: "flag" } },
];

export function int(min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`expected a whole number, got "${v}"`);
    const n = Number(v);
    if (n < min || n > max) throw new InvalidArgumentError(`expected ${min}–${max}, got ${n}`);
    return n;
  };
}

function portList(v: string): number[] {
  const ports = v.split(",").map((s) => s.trim()).filter(Boolean);
  if (ports.length === 0 || !ports.every((p) => /^\d+$/.test(p) && Number(p) >= 1 && Number(p) <= 65535)) throw new InvalidArgumentError(`expected ports 1–65535, comma-separated, got "${v}"`);
  return [...new Set(ports.map(Number))];
}

/** A calendar date, YYYY-MM-DD, that exists. */
export function isoDay(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) throw new InvalidArgumentError(`expected a date as YYYY-MM-DD, got "${v}"`);
  return v;
}

export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
export const list = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];

function option(spec: FlagSpec): Option {
  const o = new Option(spec.flags, spec.help);
  const k = spec.kind;
  switch (k.type) {
    case "int":
      o.argParser(int(k.min, k.max));
      break;
    case "ports":
      o.argParser(portList);
      break;
    case "list":
      o.argParser(list);
      break;
    case "choice":
      o.choices([...k.of]);
      break;
    case "paths":
      o.argParser(collect);
      break;
    case "date":
      o.argParser(isoDay);
      break;
  }
  if (spec.default !== undefined) o.default(spec.default);
  return o;
}

/** Add every scan option to a command. */
export function addScanOptions(cmd: Command): Command {
  for (const spec of SCAN_FLAGS) cmd.addOption(option(spec));
  return cmd;
}

export type Config = { targets?: string[] } & Record<string, unknown>;

/** Config keys that name files: relative to the config file, not to where the scan runs. */
export const PATH_KEYS = SCAN_FLAGS.filter((f) => f.config !== false && (f.kind.type === "path" || f.kind.type === "paths")).map((f) => f.key);
