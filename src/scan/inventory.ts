import type { Observation, ProbeWarning } from "../model/observation.ts";

/** One device as discovery saw it: every observation that shares an address or a device key. */
export interface InventoryEntry {
  /** The address the device answered from first; others (second NIC, link-local) follow. */
  ips: string[];
  keys: string[];
  observations: Observation[];
  warnings: string[];
}

/**
 * Merge observations into devices: same IP, or same endpoint UUID / UDN / serial / MAC key.
 * Pure and order-preserving; duplicate facts (same field, value, source) are kept once.
 */
export function buildInventory(observations: Observation[], warnings: ProbeWarning[] = []): InventoryEntry[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const o of observations) {
    const ipNode = `ip:${o.ip}`;
    union(ipNode, ipNode);
    for (const k of o.keys ?? []) union(ipNode, k);
  }
  const groups = new Map<string, InventoryEntry>();
  const seen = new Set<string>();
  for (const o of observations) {
    const root = find(`ip:${o.ip}`);
    let g = groups.get(root);
    if (!g) {
      g = { ips: [], keys: [], observations: [], warnings: [] };
      groups.set(root, g);
    }
    if (!g.ips.includes(o.ip)) g.ips.push(o.ip);
    for (const k of o.keys ?? []) if (!g.keys.includes(k)) g.keys.push(k);
    const dedupe = `${root}|${o.probe}|${o.field}|${o.value}|${o.url ?? ""}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    g.observations.push(o);
  }
  const byIp = new Map<string, InventoryEntry>();
  for (const g of groups.values()) for (const ip of g.ips) byIp.set(ip, g);
  for (const w of warnings) {
    const g = byIp.get(w.ip);
    const text = `${w.probe}: ${w.message}`;
    if (g && !g.warnings.includes(text)) g.warnings.push(text);
  }
  return [...groups.values()];
}
