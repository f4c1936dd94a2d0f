import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { listInterfaces } from "../net/interfaces.ts";
import { TOOL } from "../version.ts";
import { SCAN_DEFAULTS } from "../scan/defaults.ts";
import { ALL_PROBES } from "../../probes/index.ts";
import { CliError, EXIT } from "./errors.ts";
import { describeLab, labCommand, openLab } from "./lab-command.ts";
import { catalogueCommand } from "./catalogue-command.ts";
import { DEFAULT_CONFIG_FILE, loadConfig, mergeConfig } from "./config.ts";
import { readValidated } from "./json-file.ts";
import { FAIL_ON_LEVELS, ReportSchema } from "../model/report.ts";
import { reportJsonSchema } from "../model/json-schema.ts";
import { diffReports, renderChanges } from "../report/diff.ts";
import { FORMATS } from "./output.ts";
import { scanCommand, type Io, type ScanFlags } from "./scan-command.ts";
import { safeJson } from "../report/escape.ts";
import { DEFAULT_JURISDICTIONS, JURISDICTIONS } from "../classify/classify.ts";

const EXIT_HELP = `
Exit codes:
  0  scan done (and nothing at or above --fail-on, nothing new with --fail-on-new)
  1  findings: a device at or above --fail-on that no exception accepts, or a new one with --fail-on-new
  2  usage or configuration error (bad target, unknown interface or flag, invalid file)
  3  the scan could not run, or was interrupted (the partial report is still written)

Credentials (optional, for ONVIF WS-Security): CAMSWEEP_USERNAME and CAMSWEEP_PASSWORD,
or --credentials-file FILE with {"username": "...", "password": "..."}. Never on the command line.`;

function int(min: number, max: number) {
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
function isoDay(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) throw new InvalidArgumentError(`expected a date as YYYY-MM-DD, got "${v}"`);
  return v;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

const list = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];

function scanOptions(cmd: Command): Command {
  return cmd
    .option("-i, --interface <name>", "interface to discover on (repeatable or comma-separated); default: every up, non-loopback IPv4 interface", list)
    .addOption(new Option("-f, --format <format>", "output format on stdout (default table)").choices([...FORMATS]))
    .option("-o, --output <file>", "write the report to FILE, repeatable; format from the extension (.json .ndjson .csv .html .txt)", collect)
    .option("--baseline <file>", "an earlier JSON report: the report gains its changes (new, gone, changed devices)")
    .option("--fail-on-new", "exit 1 when a device not in the baseline appears")
    .option("--prom <file>", "write Prometheus textfile metrics (for node_exporter), atomically")
    .option("--config <file>", `defaults for every flag (default ./${DEFAULT_CONFIG_FILE} when present)`)
    .option("--listen <ms>", "how long to listen for discovery replies", int(100, 60_000), 3000)
    .option("--ports <list>", `TCP ports swept on every target (default ${SCAN_DEFAULTS.ports.join(",")})`, portList)
    .option("--sweep-concurrency <n>", "TCP connects in flight during the sweep", int(1, 4096), SCAN_DEFAULTS.sweepConcurrency)
    .option("--concurrency <n>", "HTTP requests in flight across all devices", int(1, 1024), 32)
    .option("--per-host <n>", "HTTP requests in flight to one device", int(1, 16), 2)
    .option("--timeout <ms>", "HTTP header and body timeout, each", int(100, 120_000), 4000)
    .option("--device-budget <ms>", "time one device's identification may take, all requests together", int(1000, 600_000), SCAN_DEFAULTS.deviceBudgetMs)
    .option("--probes <names>", `discovery probes to run (${ALL_PROBES.map((p) => p.name).join(", ")})`, list)
    .option("--credentials-file <file>", "JSON file with ONVIF credentials")
    .option("--jurisdiction <codes>", `jurisdictions to classify against (${JURISDICTIONS.join(", ")}; us includes US states); default ${DEFAULT_JURISDICTIONS.join(",")}`, list)
    .addOption(new Option("--fail-on <level>", "exit 1 when a device is at or above this risk level").choices(FAIL_ON_LEVELS))
    .option("--exceptions <file>", 'JSON {"exceptions": [{"mac"|"serial"|"ip", "reason", "expires": "YYYY-MM-DD"}]}: accepted devices')
    .option("--catalogue <file>", "JSON catalogue overrides (vendors, brands, regulations, fingerprints) on top of the built-in one")
    .option("--allow-large", "allow a sweep of more than 65,536 addresses")
    .option("--as-of <date>", "classify against the rules in force on this date, YYYY-MM-DD (default: the day of the scan)", isoDay)
    .option("-v, --verbose", "log each probe's sends and replies to stderr")
    .option("-q, --quiet", "print nothing but the report");
}

export function buildProgram(io: Io, signal: AbortSignal, setCode: (n: number) => void, onLab: () => void = () => undefined): Command {
  const program = new Command();
  program
    .name("camsweep")
    .description("Find the IP cameras, NVRs and DVRs on a network and say who made them.")
    .version(TOOL.version)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText("after", EXIT_HELP);

  scanOptions(
    program
      .command("scan")
      .description("discover devices by multicast on the chosen interfaces and by unicast to the targets")
      .argument("[targets...]", "IPv4 addresses, CIDRs (10.0.0.0/24) or ranges (10.0.0.1-50) to sweep; they also fence every request"),
  )
    .addHelpText("after", `\nExample:\n  camsweep scan --interface eth0 192.0.2.0/24 --format json -o site.json\n${EXIT_HELP}`)
    .action(async (targets: string[], flags: ScanFlags & { config?: string }, cmd: Command) => {
      const config = loadConfig(flags.config);
      const merged = mergeConfig(flags, config, (k) => cmd.getOptionValueSource(k) === "cli");
      setCode((await scanCommand(targets.length ? targets : (config.targets ?? []), merged, io, signal)).code);
    });

  program
    .command("diff")
    .description("compare two JSON reports: new, gone and changed devices (matched by MAC, serial, endpoint, then address)")
    .argument("<old>", "the earlier report")
    .argument("<new>", "the later report")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action((oldFile: string, newFile: string, flags: { format: string }) => {
      const changes = diffReports(readValidated(oldFile, "report", ReportSchema), readValidated(newFile, "report", ReportSchema));
      io.stdout.write(flags.format === "json" ? `${safeJson(changes, 2)}\n` : renderChanges(changes));
      setCode(EXIT.ok);
    });

  program
    .command("schema")
    .description("print the JSON Schema of the report (--format json)")
    .action(() => {
      io.stdout.write(reportJsonSchema());
      setCode(EXIT.ok);
    });

  program
    .command("catalogue")
    .description("print the vendor-risk catalogue: vendors, brands and the rules that name them")
    .option("--validate <file>", "check a catalogue override file and name every error with its path")
    .option("--catalogue <file>", "show the catalogue with these overrides applied")
    .option("--as-of <date>", "show only the rules in force on this date (YYYY-MM-DD), with the vendors they named by then", isoDay)
    .option("--stale <days>", "list the rules not checked against their source in this many days; exit 1 when there are any", int(0, 36_500))
    .action((flags: { validate?: string; catalogue?: string; asOf?: string; stale?: number }) => {
      setCode(catalogueCommand(flags, io));
    });

  program
    .command("lab")
    .description("start mock cameras and other devices on loopback addresses, for trying camsweep and other tools")
    .option("--personas <ids>", "personas to start (comma-separated); default all", list)
    .option("--count <n>", "start N devices, cycling through the personas", int(1, 1000))
    .option("--first-address <ip>", "address of the first device; the rest follow", "127.77.0.10")
    .option("--high-ports", "serve HTTP on 8080 instead of 80 (automatic when not root)")
    .option("--workers <n>", "answer from this many processes (a big lab outgrows one event loop)", int(1, 64), 1)
    .addOption(new Option("--slice <i/n>", "serve the i-th of n equal parts of the devices (used by --workers)").hideHelp())
    .action(async (flags) => {
      onLab();
      setCode(await labCommand(flags, io));
    });

  program
    .command("demo")
    .description("start the built-in lab on loopback, scan it and print what camsweep finds")
    .addOption(new Option("-f, --format <format>", "output format").choices([...FORMATS]).default("table"))
    .option("--listen <ms>", "how long to listen for discovery replies", int(100, 60_000), 1500)
    .action(async (flags: { format: ScanFlags["format"]; listen: number }) => {
      const lab = await openLab({ firstAddress: "127.77.0.10" });
      try {
        io.stderr.write(`lab: ${lab.members.length} mock devices on loopback\n${describeLab(lab).map((l) => `  ${l}`).join("\n")}\n`);
        const loopback = listInterfaces().find((i) => i.internal && i.address.startsWith("127."));
        if (!loopback) throw new CliError("no loopback interface with an IPv4 address; the demo needs one", EXIT.scanFailed);
        const first = lab.members[0]?.ip ?? "127.77.0.10";
        const last = lab.members[lab.members.length - 1]?.ip ?? first;
        const result = await scanCommand(
          [`${first}-${last.split(".")[3]}`],
          { interface: [loopback.name], format: flags.format ?? "table", listen: flags.listen, concurrency: 32, perHost: 2, timeout: 4000 },
          io,
          signal,
        );
        setCode(result.code);
      } finally {
        await lab.close();
      }
    });

  return program;
}

/** Ctrl-C, and what cron's timeout, systemd and docker stop send; the number gives the exit code 128 + n. */
export const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * The first stop signal aborts the scan, which then finishes with what was found and writes every output marked
 * partial; a second exits at once with 128 + the signal's number.
 */
export function interruptHandler(o: { io: Pick<Io, "stderr">; controller: AbortController; active: () => boolean; exit: (code: number) => void }): (name: StopSignal) => void {
  let count = 0;
  return (name) => {
    if (!o.active()) return; // the lab stops on its own handler
    if (++count > 1) return o.exit(128 + STOP_SIGNALS[name]);
    o.io.stderr.write(`interrupted (${name}): finishing with what was found (send it again to quit now)\n`);
    o.controller.abort();
  };
}

/** Run the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  const controller = new AbortController();
  let scanning = true;
  const onSignal = interruptHandler({ io, controller, active: () => scanning, exit: (code) => process.exit(code) });
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((name) => [name, () => onSignal(name)] as const);
  for (const [name, h] of handlers) process.on(name, h);
  let code: number = EXIT.ok;
  const program = buildProgram(io, controller.signal, (n) => (code = n), () => (scanning = false));
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return EXIT.ok;
      if (e.code === "commander.help") return EXIT.usage; // help shown because no command was given
      if (e.code === "commander.executeSubCommandAsync") return EXIT.usage;
      return EXIT.usage; // commander already printed its one-line error
    }
    if (e instanceof CliError) {
      io.stderr.write(`camsweep: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr.write(`camsweep: unexpected error: ${(e as Error).message}\n`);
    return EXIT.scanFailed;
  } finally {
    for (const [name, h] of handlers) process.off(name, h);
  }
}
