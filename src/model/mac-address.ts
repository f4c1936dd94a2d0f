// MAC address helpers below the probes and the scan: pure, no vendor facts.

/** "AC-CC-8E-27-0A-D8", "accc8e270ad8", "ac:cc:8e:27:0a:d8" → "ac:cc:8e:27:0a:d8"; undefined for anything else. */
export function normaliseMac(s: string): string | undefined {
  const hex = s.trim().replace(/[:\-.]/g, "").toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex) || /^0{12}$|^f{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(":");
}

/** Locally administered (bit 1 of the first octet): randomised or assigned by software, no maker behind it. */
export function isLocallyAdministered(mac: string): boolean {
  return (Number.parseInt(mac.slice(0, 2), 16) & 0x02) !== 0;
}

/** The node of a version-1 (time-based) UUID is the MAC of the machine that made it, unless its multicast bit is set. */
export function macFromUuid(uuid: string): string | undefined {
  const m = /([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(uuid.trim());
  if (!m || m[3]![0] !== "1") return undefined;
  const node = m[5]!.toLowerCase();
  if ((Number.parseInt(node.slice(0, 2), 16) & 0x01) !== 0) return undefined;
  return normaliseMac(node);
}
