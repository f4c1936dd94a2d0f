import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import type { Persona } from "../../mock-devices/persona.ts";
import { SAMPLE_PREFIX } from "../../mock-devices/samples.ts";
import { replicate } from "../../mock-devices/replicate.ts";
import { CliError } from "./errors.ts";
import { listInterfaces } from "../net/interfaces.ts";
import type { Io } from "./scan-command.ts";

export interface LabFlags {
  personas?: string[];
  count?: number;
  firstAddress: string;
  highPorts?: boolean;
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
  // Loopback, or an address this host already holds (inside a lab network namespace): the lab never claims others.
  const loopback = /^127\.\d+\.\d+\.\d+$/.test(flags.firstAddress);
  const local = listInterfaces().find((i) => i.address === flags.firstAddress && !i.internal);
  if (!loopback && !local) throw new CliError(`--first-address must be in 127.0.0.0/8 or an address of this host's interfaces, not "${flags.firstAddress}"`);
  try {
    return await startLab({
      personas: choosePersonas(flags),
      firstAddress: flags.firstAddress,
      ...(local ? { multicastInterface: local.address } : {}),
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
  return lab.members.map((m) => {
    const maker = m.persona.expect.vendor ?? "-";
    const model = m.persona.expect.model ?? "(not a camera)";
    return `${m.ip.padEnd(15)} ${m.persona.id.padEnd(24)} ${maker.padEnd(20)} ${model.padEnd(20)} ${m.ports.join(" ")}`;
  });
}

/** `camsweep lab`: start personas, print one line each and "ready", run until interrupted. */
export async function labCommand(flags: LabFlags, io: Io): Promise<number> {
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
