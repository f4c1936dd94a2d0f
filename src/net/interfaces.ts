import os from "node:os";

export interface NetInterface {
  name: string;
  address: string;
  cidr: string;
  internal: boolean;
  /** The interface's IPv6 addresses: link-local ones carry the interface as their zone ("fe80::1%eth0"). */
  ipv6?: { address: string; cidr: string }[];
}

export class InterfaceError extends Error {}

/**
 * IPv4 interfaces of this host (the ones that carry an address, so are up), each with its IPv6 addresses. Loopback's
 * ::1 is left out: IPv6 discovery is link-local multicast, which a loopback interface does not carry.
 */
export function listInterfaces(table = os.networkInterfaces()): NetInterface[] {
  const out: NetInterface[] = [];
  for (const [name, addrs] of Object.entries(table)) {
    const ipv6 = (addrs ?? [])
      .filter((a) => a.family === "IPv6" && a.cidr && !a.internal)
      .map((a) => (isLinkLocal6(a.address) ? { address: `${a.address}%${name}`, cidr: `${a.cidr}%${name}` } : { address: a.address, cidr: a.cidr! }));
    for (const a of addrs ?? []) {
      if (a.family !== "IPv4" || !a.cidr) continue;
      out.push({ name, address: a.address, cidr: a.cidr, internal: a.internal, ...(ipv6.length ? { ipv6 } : {}) });
    }
  }
  return out;
}

/** fe80::/10: reachable only on its own link, so written with the interface as its zone. */
export function isLinkLocal6(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}

/** The interface's link-local IPv6 address ("fe80::1%eth0"), the source of IPv6 discovery on it. */
export function linkLocal6(i: NetInterface): string | undefined {
  return i.ipv6?.find((a) => a.address.includes("%"))?.address;
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
