// The names and defaults the command line shows in its help, in a module that loads nothing else: `camsweep --help`
// and the config-file check must not load the scanner. The modules that use them re-export them.

export const RISK_LEVELS = ["covered", "oem", "watch", "unidentified", "unknown", "clear"] as const;
export const FAIL_ON_LEVELS = RISK_LEVELS.filter((l) => l !== "clear");

export const JURISDICTIONS = ["us", "ca", "uk", "au", "eu", "tw"] as const;
/** The jurisdictions a scan classifies against unless told otherwise; Taiwan's rules are asked for by name. */
export const DEFAULT_JURISDICTIONS: readonly string[] = ["us", "ca", "uk", "au", "eu"];

export const FORMATS = ["table", "json", "ndjson", "csv", "html"] as const;
export type Format = (typeof FORMATS)[number];

/** Discovery probes, in the order they are listed to users (probes/index.ts checks it holds every probe, once). */
export const PROBE_NAMES = ["ws-discovery", "ssdp", "mdns", "sadp", "dhip", "cs2", "tcp"] as const;

/** The camera ports of the unicast TCP sweep. */
export const DEFAULT_PORTS = [80, 443, 554, 8000, 8080, 8443, 8554, 37777];

export const DEFAULT_HTTP_OPTIONS = {
  concurrency: 32,
  perHost: 2,
  connectTimeoutMs: 2000,
  responseTimeoutMs: 4000,
  maxResponseBytes: 1024 * 1024,
};

/** Scan settings a user does not have to give. */
export const SCAN_DEFAULTS = {
  listenMs: 3000,
  ports: DEFAULT_PORTS,
  /** Upper bound of connects in flight; the sweep also stays under the process's file-descriptor limit. */
  sweepConcurrency: 1024,
  /** Per connect in the sweep at most: a LAN answers in milliseconds; the sweep shortens it as it learns the RTT. */
  sweepTimeoutMs: 1000,
  http: DEFAULT_HTTP_OPTIONS,
  /** One device's enrichment, every round together: a slow or hostile device cannot hold the scan. */
  deviceBudgetMs: 20_000,
  jurisdictions: [...DEFAULT_JURISDICTIONS],
};
