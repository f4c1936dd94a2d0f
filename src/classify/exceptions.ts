import type { Device, RiskLevel } from "../model/report.ts";
import { atLeast } from "./classify.ts";
import type { DeviceException } from "./exceptions-schema.ts";

export type { DeviceException } from "./exceptions-schema.ts";

function matches(e: DeviceException, d: Device): "mac" | "serial" | "ip" | undefined {
  if (e.mac && d.mac && e.mac.toLowerCase().replace(/-/g, ":") === d.mac) return "mac";
  if (e.serial && d.serial && e.serial === d.serial) return "serial";
  if (e.ip && e.ip === d.ip) return "ip";
  return undefined;
}

/**
 * Mark devices the user has accepted (by MAC, serial or IP, most specific first). An accepted device stays in the
 * report and keeps its level; it just does not fail the run until the exception expires. Pure.
 */
export function applyExceptions(devices: Device[], exceptions: DeviceException[], today: string): Device[] {
  return devices.map((d) => {
    const hits = exceptions.map((e) => ({ e, by: matches(e, d) })).filter((h) => h.by);
    const order = { mac: 0, serial: 1, ip: 2 } as const;
    hits.sort((a, b) => order[a.by!] - order[b.by!]);
    const hit = hits[0];
    if (!hit) return d;
    if (hit.e.expires < today) return { ...d, warnings: [...d.warnings, `exception (${hit.e.reason}) expired on ${hit.e.expires}`] };
    return { ...d, accepted: { by: hit.by!, reason: hit.e.reason, expires: hit.e.expires } };
  });
}

/** Devices that make `--fail-on LEVEL` fail the run: at or above the level, and not accepted. */
export function failing(devices: Device[], level: RiskLevel): Device[] {
  return devices.filter((d) => !d.accepted && atLeast(d.risk.level, level));
}
