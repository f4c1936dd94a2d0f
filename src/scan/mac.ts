import type { Observation } from "../model/observation.ts";

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

export interface MacClaim {
  mac: string;
  /** The evidence field it came from. */
  from: string;
}

const DIRECT_FIELDS = new Set(["onvif.scope.mac", "isapi.mac", "dahua.rpc2.mac", "lapi.mac", "sadp.mac", "dhip.mac"]);

/**
 * MACs that devices give in their own replies: those they state (a MAC field, a Bonjour TXT record) in the order
 * the evidence gives them, then those read from a version-1 UUID's node, which is the MAC of whatever machine made
 * the UUID. Stated before inferred, so that which reply came first never changes the answer. Pure.
 */
export function payloadMacs(observations: Observation[]): MacClaim[] {
  const stated: MacClaim[] = [];
  const inferred: MacClaim[] = [];
  const push = (to: MacClaim[], mac: string | undefined, from: string): void => {
    if (mac && !stated.some((c) => c.mac === mac) && !inferred.some((c) => c.mac === mac)) to.push({ mac, from });
  };
  for (const o of observations) {
    if (DIRECT_FIELDS.has(o.field)) push(stated, normaliseMac(o.value), o.field);
    else if (o.field === "mdns.txt") push(stated, normaliseMac(/\bmacaddress=([0-9A-Fa-f:-]{12,17})$/.exec(o.value)?.[1] ?? ""), o.field);
  }
  for (const o of observations) if (o.field === "wsd.endpoint" || o.field === "upnp.udn") push(inferred, macFromUuid(o.value), o.field);
  return [...stated, ...inferred];
}
