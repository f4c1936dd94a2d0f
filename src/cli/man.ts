// The manual page, generated from the program itself (commands, options, help texts) so it never drifts from
// --help. `camsweep man > man/camsweep.1`; a test checks the copy in the repository is current.
import type { Command, Option } from "commander";

/** Text as roff reads it literally: backslashes, dashes, and a dot or quote at the start of a line. */
function roff(s: string): string {
  return s
    .replace(/\\/g, "\\e")
    .replace(/-/g, "\\-")
    .split("\n")
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join("\n");
}

function options(c: Command): string[] {
  return (c.options as Option[]).flatMap((o) => [".TP", `.B ${roff(o.flags)}`, roff(o.description + (o.defaultValue !== undefined && typeof o.defaultValue !== "boolean" ? ` (default ${String(o.defaultValue)})` : ""))]);
}

export function manPage(program: Command, version: string, exitCodes: string, environment: [string, string][]): string {
  const out = [
    `.TH CAMSWEEP 1 "" "camsweep ${roff(version)}" "User Commands"`,
    ".SH NAME",
    `camsweep \\- ${roff(program.description())}`,
    ".SH SYNOPSIS",
    ...program.commands.filter((c) => c.name() !== "help").flatMap((c) => [".B camsweep", `${roff(c.name())} ${roff(c.usage())}`, ".br"]),
    ".SH DESCRIPTION",
    roff(
      "camsweep finds the surveillance devices on a network (IP cameras, NVRs, DVRs, intercoms) by WS-Discovery, SSDP, mDNS, Hikvision SADP, Dahua DHIP and a TCP sweep of the targets, asks each one what it is, and classifies its maker against the vendor-risk rules of the chosen jurisdictions, each flag citing its rule and date. Nothing is sent to an address outside the targets.",
    ),
    ".SH COMMANDS",
  ];
  for (const c of program.commands.filter((x) => x.name() !== "help")) {
    out.push(`.SS "${roff(c.name())} ${roff(c.usage())}"`, roff(c.description()), ...options(c));
  }
  out.push(".SH EXIT STATUS", ".nf", roff(exitCodes.trim()), ".fi", ".SH ENVIRONMENT");
  for (const [k, v] of environment) out.push(".TP", `.B ${roff(k)}`, roff(v));
  out.push(".SH SEE ALSO", "nmap(1), masscan(8)");
  return `${out.join("\n")}\n`;
}
