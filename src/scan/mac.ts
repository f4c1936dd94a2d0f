import type { Observation } from "../model/observation.ts";
import { macFromUuid, normaliseMac } from "../model/mac-address.ts";

export interface MacClaim {
  mac: string;
  /** The evidence field it came from. */
  from: string;
}

/** A field named "<source>.mac" states the replying device's own MAC: a convention of the evidence vocabulary. */
const statesMac = (field: string): boolean => field.endsWith(".mac");

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
    if (statesMac(o.field)) push(stated, normaliseMac(o.value), o.field);
    else if (o.field === "mdns.txt") push(stated, normaliseMac(/\bmacaddress=([0-9A-Fa-f:-]{12,17})$/.exec(o.value)?.[1] ?? ""), o.field);
  }
  for (const o of observations) if (o.field === "wsd.endpoint" || o.field === "upnp.udn") push(inferred, macFromUuid(o.value), o.field);
  return [...stated, ...inferred];
}
