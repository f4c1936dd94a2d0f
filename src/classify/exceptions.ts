import { z } from "zod";
import type { Device, RiskLevel } from "../model/report.ts";
import { atLeast } from "./classify.ts";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "a date that exists (YYYY-MM-DD)");

export const ExceptionSchema = z
  .object({
    mac: z.string().regex(/^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/, "a MAC as aa:bb:cc:dd:ee:ff").optional(),
    serial: z.string().min(1).optional(),
    ip: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, "an IPv4 address").optional(),
    reason: z.string().min(1, "say why the device is accepted"),
    expires: day,
  })
  .strict()
  .refine((e) => e.mac || e.serial || e.ip, { message: "name the device by mac, serial or ip" });

export const ExceptionsFileSchema = z.object({ exceptions: z.array(ExceptionSchema) }).strict();
export type DeviceException = z.infer<typeof ExceptionSchema>;

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
