import { readFile } from "node:fs/promises";

export interface Neighbour {
  ip: string;
  mac: string;
  device: string;
}

/**
 * Parse /proc/net/arp. Only complete entries (flags 0x2) count: incomplete ones carry 00:00:00:00:00:00.
 * Pure: the text comes from the caller.
 */
export function parseProcNetArp(text: string): Neighbour[] {
  const out: Neighbour[] = [];
  for (const line of text.split("\n").slice(1)) {
    const [ip, , flags, mac, , device] = line.trim().split(/\s+/);
    if (!ip || !mac || !device || !flags) continue;
    if ((Number.parseInt(flags, 16) & 0x2) === 0 || mac === "00:00:00:00:00:00") continue;
    out.push({ ip, mac: mac.toLowerCase(), device });
  }
  return out;
}

/** The kernel's IPv4 neighbour table of this network namespace; empty where it cannot be read. */
export async function readNeighbours(path = "/proc/net/arp"): Promise<Neighbour[]> {
  try {
    return parseProcNetArp(await readFile(path, "utf8"));
  } catch {
    return [];
  }
}
