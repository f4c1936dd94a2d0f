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
    // Compress the whole path, so later look-ups are near constant.
    for (let c = x; c !== r; ) {
      const next = parent.get(c) ?? r;
      parent.set(c, r);
      c = next;
    }
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
  // Sets beside each group's arrays: a flood of distinct keys from one address must not make merging quadratic.
  const groups = new Map<string, { entry: InventoryEntry; ips: Set<string>; keys: Set<string> }>();
  const seen = new Set<string>();
  for (const o of observations) {
    const root = find(`ip:${o.ip}`);
    let g = groups.get(root);
    if (!g) {
      g = { entry: { ips: [], keys: [], observations: [], warnings: [] }, ips: new Set(), keys: new Set() };
      groups.set(root, g);
    }
    if (!g.ips.has(o.ip)) {
      g.ips.add(o.ip);
      g.entry.ips.push(o.ip);
    }
    for (const k of o.keys ?? []) {
      if (g.keys.has(k)) continue;
      g.keys.add(k);
      g.entry.keys.push(k);
    }
    const dedupe = `${root}|${o.probe}|${o.field}|${o.value}|${o.url ?? ""}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    g.entry.observations.push(o);
  }
  const byIp = new Map<string, InventoryEntry>();
  for (const g of groups.values()) for (const ip of g.ips) byIp.set(ip, g.entry);
  const said = new Set<string>();
  for (const w of warnings) {
    const g = byIp.get(w.ip);
    const text = `${w.probe}: ${w.message}`;
    if (!g || said.has(`${w.ip}|${text}`)) continue;
    said.add(`${w.ip}|${text}`);
    if (!g.warnings.includes(text)) g.warnings.push(text);
  }
  return [...groups.values()].map((g) => g.entry);
}
