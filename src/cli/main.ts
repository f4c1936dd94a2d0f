import { Command, CommanderError, Option } from "commander";
import { TOOL } from "../version.ts";
import { CliError, EXIT } from "./errors.ts";
import { FORMATS, RISK_LEVELS, SCAN_DEFAULTS } from "../options/constants.ts";
import { addScanOptions, int, isoDay, list } from "../options/scan-flags.ts";
import type { Io, ScanFlags } from "./scan-command.ts";

// Each command loads what it needs when it runs: `camsweep --help` or `catalogue` must not load the scanner.
const EXIT_CODES = `  0  scan done (and nothing at or above --fail-on, nothing new with --fail-on-new, no known-exploited firmware with --fail-on-kev)
  1  findings: a device at or above --fail-on that no exception accepts, a new one with --fail-on-new, or a known-exploited firmware with --fail-on-kev
     (one line per device on stderr, even with --quiet)
  2  usage or configuration error (bad target, unknown interface or flag, invalid file)
  3  the scan could not run, was interrupted, or a report or the history could not be written
     (the reports that could be written are, marked partial when interrupted)
  4  another run of the same scan (same site and scope) holds the lock`;

/** The variables camsweep reads, for the manual page. */
const ENVIRONMENT: [string, string][] = [
  ["CAMSWEEP_USERNAME, CAMSWEEP_PASSWORD", "ONVIF credentials (or --credentials-file); never on the command line"],
  ["CAMSWEEP_STORE", "a PostgreSQL URL for the scan history (as --store), keeping its password off the command line"],
  ["XDG_STATE_HOME", "where the history lives by default: $XDG_STATE_HOME/camsweep/history.db (else ~/.local/state/camsweep/history.db)"],
  ["NO_COLOR", "no colour in the table, even on a terminal"],
];

const EXIT_HELP = `
Exit codes:
${EXIT_CODES}

Credentials (optional, for ONVIF WS-Security): CAMSWEEP_USERNAME and CAMSWEEP_PASSWORD,
or --credentials-file FILE with {"username": "...", "password": "..."}. Never on the command line.`;

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

  addScanOptions(
    program
      .command("scan")
      .description("discover devices by multicast on the chosen interfaces and by unicast to the targets")
      .argument("[targets...]", "IPv4 addresses, CIDRs (10.0.0.0/24) or ranges (10.0.0.1-50), IPv6 addresses or prefixes up to a /112, or hostnames, to sweep; they also fence every request"),
  )
    .addHelpText("after", `\nExample:\n  camsweep scan --interface eth0 192.0.2.0/24 --format json -o site.json\n${EXIT_HELP}`)
    .action(async (targets: string[], flags: ScanFlags & { config?: string }, cmd: Command) => {
      const [{ loadConfig, mergeConfig }, { scanCommand }] = await Promise.all([import("./config.ts"), import("./scan-command.ts")]);
      const config = await loadConfig(flags.config);
      const merged = mergeConfig(flags, config, (k) => cmd.getOptionValueSource(k) === "cli");
      setCode((await scanCommand(targets.length ? targets : (config.targets ?? []), merged, io, signal)).code);
    });

  program
    .command("diff")
    .description("compare two scans: new, gone and changed devices (matched by MAC, serial, endpoint, then address)")
    .argument("<old>", "the earlier scan: a JSON report, or a scan number from `camsweep history`")
    .argument("<new>", "the later scan, likewise")
    .option("--db <file>", "the history the scan numbers are in (default: as for scan)")
    .option("--store <url>", "read a PostgreSQL history (or CAMSWEEP_STORE)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (oldRef: string, newRef: string, flags: { format: string; db?: string; store?: string }) => {
      const { diffCommand } = await import("./history-command.ts");
      setCode(await diffCommand(oldRef, newRef, flags, io));
    });

  program
    .command("history")
    .description("list the recorded scans, newest first: devices, levels, and how many were new")
    .option("--db <file>", "the history file (default: as for scan)")
    .option("--store <url>", "read a PostgreSQL history (or CAMSWEEP_STORE)")
    .option("--site <name>", "only this site's scans")
    .option("--limit <n>", "at most this many scans", int(1, 1_000_000), 20)
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (flags: { db?: string; store?: string; site?: string; limit: number; format: string }) => {
      const { historyCommand } = await import("./history-command.ts");
      setCode(await historyCommand(flags, io));
    });

  program
    .command("devices")
    .description("the inventory the history keeps: every device seen, with its first and last sighting")
    .option("--db <file>", "the history file (default: as for scan)")
    .option("--store <url>", "read a PostgreSQL history (or CAMSWEEP_STORE)")
    .option("--site <name>", "only this site's devices")
    .option("--since <date>", "only devices seen on or after this date (YYYY-MM-DD)", isoDay)
    .addOption(new Option("--level <level>", "only devices at this risk level").choices([...RISK_LEVELS]))
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (flags: { db?: string; store?: string; site?: string; since?: string; level?: string; format: string }) => {
      const { devicesCommand } = await import("./history-command.ts");
      setCode(await devicesCommand(flags, io));
    });

  program
    .command("schema")
    .description("print the JSON Schema of the report (--format json)")
    .action(async () => {
      const { reportJsonSchema } = await import("../model/json-schema.ts");
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
    .action(async (flags: { validate?: string; catalogue?: string; asOf?: string; stale?: number }) => {
      const { catalogueCommand } = await import("./catalogue-command.ts");
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
      const { labCommand } = await import("./lab-command.ts");
      setCode(await labCommand(flags, io));
    });

  program
    .command("demo")
    .description("start the built-in lab on loopback, scan it and print what camsweep finds")
    .addOption(new Option("-f, --format <format>", "output format").choices([...FORMATS]).default("table"))
    // As long as a scan listens by default. The lab's devices run in this process and wait up to SSDP's MX (1 s)
    // before answering, as real ones do: on a busy machine a reply near the end of a shorter window was missed (the
    // media server or the router, at 1.5 s and at 2 s, beside the test suite).
    .option("--listen <ms>", "how long to listen for discovery replies", int(100, 60_000), SCAN_DEFAULTS.listenMs)
    .action(async (flags: { format: ScanFlags["format"]; listen: number }) => {
      const [{ describeLab, openLab }, { scanCommand }, { listInterfaces }] = await Promise.all([import("./lab-command.ts"), import("./scan-command.ts"), import("../net/interfaces.ts")]);
      const lab = await openLab({ firstAddress: "127.77.0.10" });
      try {
        io.stderr.write(`lab: ${lab.members.length} mock devices on loopback\n${describeLab(lab).map((l) => `  ${l}`).join("\n")}\n`);
        const loopback = listInterfaces().find((i) => i.internal && i.address.startsWith("127."));
        if (!loopback) throw new CliError("no loopback interface with an IPv4 address; the demo needs one", EXIT.scanFailed);
        const first = lab.members[0]?.ip ?? "127.77.0.10";
        const last = lab.members[lab.members.length - 1]?.ip ?? first;
        const result = await scanCommand(
          [`${first}-${last.split(".")[3]}`],
          { interface: [loopback.name], db: false, format: flags.format ?? "table", listen: flags.listen, concurrency: SCAN_DEFAULTS.http.concurrency, perHost: SCAN_DEFAULTS.http.perHost, timeout: SCAN_DEFAULTS.http.responseTimeoutMs },
          io,
          signal,
        );
        setCode(result.code);
      } finally {
        await lab.close();
      }
    });

  program
    .command("man")
    .description("print the manual page (roff): camsweep man | man -l -")
    .action(async () => {
      const { manPage } = await import("./man.ts");
      io.stdout.write(manPage(program, TOOL.version, EXIT_CODES, ENVIRONMENT));
      setCode(EXIT.ok);
    });

  program
    .command("completion")
    .description("print a shell completion script: eval \"$(camsweep completion bash)\" (bash, zsh or fish)")
    .argument("<shell>", "bash, zsh or fish")
    .action(async (shell: string) => {
      const { completionScript, SHELLS } = await import("./completion.ts");
      if (!(SHELLS as readonly string[]).includes(shell)) throw new CliError(`no completion for "${shell}" (choose from ${SHELLS.join(", ")})`);
      io.stdout.write(completionScript(program, shell as (typeof SHELLS)[number]));
      setCode(EXIT.ok);
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
    // nmap's -iL (a two-letter short option, which the parser does not know) is --targets-file.
    await program.parseAsync(
      argv.map((a) => (a === "-iL" ? "--targets-file" : a)),
      { from: "user" },
    );
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return EXIT.ok;
      // Help asked for (`help scan`) is exit 0; help shown because no command was given is a usage error.
      if (e.code === "commander.help") return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
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
