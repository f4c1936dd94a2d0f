// Targets as an admin gives them: on the command line, in files (one or more per line, # comments, - for stdin),
// as hostnames resolved once at the start, and with exclusions.
import { lookup } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { CliError } from "./errors.ts";

export interface TargetFlags {
  targetsFile?: string[];
  exclude?: string[];
  excludeFile?: string[];
}

/** The words of a targets file: whitespace or comma separated, `#` to the end of a line is a comment. */
export function targetWords(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.replace(/#.*/, ""))
    .flatMap((l) => l.split(/[\s,]+/))
    .filter(Boolean);
}

function readList(file: string, what: string, stdin: () => string): string[] {
  try {
    return targetWords(file === "-" ? stdin() : readFileSync(file, "utf8"));
  } catch (e) {
    throw new CliError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** A name to resolve, not an address, CIDR or range (those are checked by the scope parser). */
const HOSTNAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i;

/**
 * Resolve hostnames to their addresses (IPv4 and IPv6), once, before anything is sent; everything else passes through.
 * Returns the targets as addresses and a note per name for the plan.
 */
async function resolveNames(words: string[], resolve: (name: string) => Promise<string[]>): Promise<{ targets: string[]; notes: string[] }> {
  const targets: string[] = [];
  const notes: string[] = [];
  for (const w of words) {
    if (!HOSTNAME.test(w)) {
      targets.push(w);
      continue;
    }
    let addrs: string[];
    try {
      addrs = await resolve(w);
    } catch (e) {
      throw new CliError(`cannot resolve "${w}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (targets are IP addresses, CIDRs, ranges or hostnames)`);
    }
    if (addrs.length === 0) throw new CliError(`"${w}" has no address`);
    targets.push(...addrs);
    notes.push(`${w} = ${addrs.join(", ")}`);
  }
  return { targets, notes };
}

const systemResolve = async (name: string): Promise<string[]> => [...new Set((await lookup(name, { all: true })).map((a) => a.address))];

/** Every target and exclusion the user gave, hostnames resolved. */
export async function gatherTargets(
  positional: string[],
  flags: TargetFlags,
  stdin: () => string = () => readFileSync(0, "utf8"),
  resolve: (name: string) => Promise<string[]> = systemResolve,
): Promise<{ targets: string[]; excludes: string[]; notes: string[] }> {
  const words = [...positional, ...(flags.targetsFile ?? []).flatMap((f) => readList(f, "targets file", stdin))];
  const exWords = [...(flags.exclude ?? []), ...(flags.excludeFile ?? []).flatMap((f) => readList(f, "exclude file", stdin))];
  const t = await resolveNames(words, resolve);
  const x = await resolveNames(exWords, resolve);
  return { targets: t.targets, excludes: x.targets, notes: [...t.notes, ...x.notes.map((n) => `excluded: ${n}`)] };
}
