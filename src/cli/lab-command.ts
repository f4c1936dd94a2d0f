import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import type { Persona } from "../../mock-devices/persona.ts";
import { SAMPLE_PREFIX } from "../../mock-devices/samples.ts";
import { replicate } from "../../mock-devices/replicate.ts";
import { CliError } from "./errors.ts";
import { listInterfaces } from "../net/interfaces.ts";
import { intToIp, ipToInt } from "../net/scope.ts";
import type { Io } from "./scan-command.ts";

export interface LabFlags {
  personas?: string[];
  count?: number;
  firstAddress: string;
  highPorts?: boolean;
  workers?: number;
  /** "i/n": this process serves the i-th of n equal parts of the devices, at their own addresses. */
  slice?: string;
}

/** The devices of part `i` of `n`, and the address of its first one (every device keeps the address it has in the whole lab). */
export function sliceOf(all: Persona[], firstAddress: string, slice: string): { personas: Persona[]; firstAddress: string } {
  const m = /^(\d+)\/(\d+)$/.exec(slice);
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || i >= n) throw new CliError(`--slice must be i/n with 0 <= i < n, not "${slice}"`);
  const size = Math.ceil(all.length / n);
  return { personas: all.slice(i * size, (i + 1) * size), firstAddress: intToIp(ipToInt(firstAddress) + i * size) };
}

export function choosePersonas(flags: Pick<LabFlags, "personas" | "count">): Persona[] {
  // Sample personas (real devices replayed) are chosen by name; the default lab is the built-in personas.
  const wantsSamples = flags.personas?.some((id) => id.startsWith(SAMPLE_PREFIX)) ?? false;
  const all = loadPersonas({ samples: wantsSamples });
  let chosen = all.filter((p) => !p.id.startsWith(SAMPLE_PREFIX));
  if (flags.personas?.length) {
    chosen = flags.personas.map((id) => {
      const p = all.find((x) => x.id === id);
      if (!p) throw new CliError(`unknown persona "${id}" (personas: ${all.filter((x) => !x.id.startsWith(SAMPLE_PREFIX)).map((x) => x.id).join(", ")}, or ${SAMPLE_PREFIX}<sample> for a real-device sample)`);
      return p;
    });
  }
  return flags.count ? replicate(chosen, flags.count) : chosen;
}

export async function openLab(flags: LabFlags): Promise<Lab> {
  const { personas, firstAddress } = flags.slice ? sliceOf(choosePersonas(flags), flags.firstAddress, flags.slice) : { personas: choosePersonas(flags), firstAddress: flags.firstAddress };
  // Loopback, or an address this host already holds (inside a lab network namespace): the lab never claims others.
  const loopback = /^127\.\d+\.\d+\.\d+$/.test(firstAddress);
  const local = listInterfaces().find((i) => i.address === firstAddress && !i.internal);
  if (!loopback && !local) throw new CliError(`--first-address must be in 127.0.0.0/8 or an address of this host's interfaces, not "${flags.firstAddress}"`);
  try {
    return await startLab({
      personas,
      firstAddress,
      ...(local ? { multicastInterface: local.address } : {}),
      // One device on an interface with IPv6 (the namespace lab): it answers over IPv6 too, as such a camera does.
      ...(local?.ipv6 && personas.length === 1 ? { ipv6: { interface: local.name, addresses: local.ipv6.map((a) => a.address) } } : {}),
      ...(flags.highPorts ? { highPorts: true } : {}),
    });
  } catch (e) {
    if (e instanceof CliError) throw e;
    const err = e as NodeJS.ErrnoException;
    const hint = err.code === "EACCES" ? " (ports below 1024 need root; try --high-ports)" : err.code === "EADDRINUSE" ? " (another lab is running?)" : "";
    throw new CliError(`cannot start the lab: ${err.message}${hint}`, 3);
  }
}

export function describeLab(lab: Lab): string[] {
  const rows = lab.members.map((m) => [m.ip, m.persona.id, m.persona.expect.vendor ?? "-", m.persona.expect.model ?? (m.persona.expect.surveillance ? "(model unknown)" : "(not a camera)"), m.ports.join(" ")]);
  // Columns as wide as their widest cell: a long maker or model never pushes its row out of line.
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join("  "));
}

/** `camsweep lab`: start personas, print one line each and "ready", run until interrupted. */
export async function labCommand(flags: LabFlags, io: Io): Promise<number> {
  if ((flags.workers ?? 1) > 1 && !flags.slice) return labWorkers(flags, io);
  const lab = await openLab(flags);
  for (const line of describeLab(lab)) io.stdout.write(`${line}\n`);
  io.stdout.write("ready\n");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await lab.close();
  return 0;
}

/**
 * A big lab from several processes: each serves an equal part of the devices at the addresses they have in the
 * whole lab (every process hears the multicast requests and answers for its own). One line per device, then
 * "ready" once all are up; a stop signal stops them all.
 */
async function labWorkers(flags: LabFlags, io: Io): Promise<number> {
  const n = flags.workers ?? 1;
  const bin = process.argv[1] ?? "";
  const args = (i: number): string[] => [
    bin,
    "lab",
    "--slice",
    `${i}/${n}`,
    "--first-address",
    flags.firstAddress,
    ...(flags.count ? ["--count", String(flags.count)] : []),
    ...(flags.personas?.length ? ["--personas", flags.personas.join(",")] : []),
    ...(flags.highPorts ? ["--high-ports"] : []),
  ];
  const children = Array.from({ length: n }, (_, i) => spawn(process.execPath, args(i), { stdio: ["ignore", "pipe", "inherit"] }));
  const stop = (): void => children.forEach((c) => c.kill("SIGTERM"));
  const lines = await Promise.all(
    children.map(async (c) => {
      const out: string[] = [];
      for await (const line of createInterface({ input: c.stdout! })) {
        if (line === "ready") return out;
        out.push(line);
      }
      stop();
      throw new CliError("a lab worker stopped before it was ready", 3);
    }),
  );
  for (const l of lines.flat()) io.stdout.write(`${l}\n`);
  io.stdout.write("ready\n");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  stop();
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(undefined) : c.once("exit", r)))));
  return 0;
}
