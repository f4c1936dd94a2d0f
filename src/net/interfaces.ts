import os from "node:os";

export interface NetInterface {
  name: string;
  address: string;
  cidr: string;
  internal: boolean;
}

export class InterfaceError extends Error {}

/** IPv4 interfaces of this host (the ones that carry an address, so are up). */
export function listInterfaces(table = os.networkInterfaces()): NetInterface[] {
  const out: NetInterface[] = [];
  for (const [name, addrs] of Object.entries(table)) {
    for (const a of addrs ?? []) {
      if (a.family !== "IPv4" || !a.cidr) continue;
      out.push({ name, address: a.address, cidr: a.cidr, internal: a.internal });
    }
  }
  return out;
}

/**
 * Resolve the user's interface names. No names → every non-loopback IPv4 interface.
 * Unknown name → InterfaceError naming the valid ones.
 */
export function resolveInterfaces(names: string[], table = os.networkInterfaces()): NetInterface[] {
  const all = listInterfaces(table);
  if (names.length === 0) return all.filter((i) => !i.internal);
  return names.map((n) => {
    const found = all.find((i) => i.name === n);
    if (!found) {
      const valid = [...new Set(all.map((i) => i.name))].join(", ") || "none";
      throw new InterfaceError(`unknown interface "${n}" (IPv4 interfaces here: ${valid})`);
    }
    return found;
  });
}
