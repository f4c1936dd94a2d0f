import type { Device, PlanGroup } from "../model/report.ts";
import { csvCell } from "./csv.ts";

/** ONVIF profile scopes (onvif://www.onvif.org/Profile/<name>) as the profile letters integrators use. */
const PROFILE_LETTERS: Record<string, string> = { streaming: "S", s: "S", t: "T", g: "G", m: "M", c: "C", a: "A", q: "Q", d: "D" };

const values = (d: Device, field: string): string[] => d.evidence.filter((e) => e.field === field).map((e) => e.value);

/** What a like-for-like replacement must do, as far as the device stated it (its ONVIF scopes). */
function statedCapabilities(d: Device): { profiles: string[]; ptz?: true; audio?: true } {
  const profiles = [...new Set(values(d, "onvif.scope.profile").map((p) => PROFILE_LETTERS[p.toLowerCase()] ?? p))].sort();
  const types = values(d, "onvif.scope.type").map((t) => t.toLowerCase());
  return { profiles, ...(types.includes("ptz") ? { ptz: true as const } : {}), ...(types.some((t) => t.startsWith("audio")) ? { audio: true as const } : {}) };
}

/**
 * The covered and OEM devices inside the scope, grouped by site, maker, model and device type, with what each group
 * supports that a replacement must match, and an empty column for the replacement the integrator chooses. Pure.
 */
export function buildReplacementPlan(devices: readonly Device[], site?: string): PlanGroup[] {
  const groups = new Map<string, PlanGroup>();
  for (const d of devices) {
    if (!d.inScope || (d.risk.level !== "covered" && d.risk.level !== "oem")) continue;
    const key = [site ?? "", d.vendor ?? "", d.brand ?? "", d.model ?? "", d.deviceType ?? ""].join("\u0000");
    const caps = statedCapabilities(d);
    const g = groups.get(key);
    if (!g) {
      groups.set(key, {
        ...(site ? { site } : {}),
        maker: d.vendor ?? "unknown",
        ...(d.brand && d.brand !== d.vendor ? { brand: d.brand } : {}),
        model: d.model ?? "unknown",
        deviceType: d.deviceType ?? (d.isSurveillance ? "camera" : "other"),
        level: d.risk.level,
        count: 1,
        addresses: [d.ip],
        onvifProfiles: caps.profiles,
        ...(caps.ptz ? { ptz: true } : {}),
        ...(caps.audio ? { audio: true } : {}),
        replacement: "",
      });
      continue;
    }
    g.count++;
    g.addresses.push(d.ip);
    g.onvifProfiles = [...new Set([...g.onvifProfiles, ...caps.profiles])].sort();
    if (caps.ptz) g.ptz = true;
    if (caps.audio) g.audio = true;
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.maker.localeCompare(b.maker) || a.model.localeCompare(b.model));
}

const PLAN_COLUMNS: [string, (g: PlanGroup) => string][] = [
  ["site", (g) => g.site ?? ""],
  ["maker", (g) => g.maker],
  ["brand", (g) => g.brand ?? ""],
  ["model", (g) => g.model],
  ["device_type", (g) => g.deviceType],
  ["level", (g) => g.level],
  ["count", (g) => String(g.count)],
  ["onvif_profiles", (g) => g.onvifProfiles.join(";")],
  ["ptz", (g) => (g.ptz ? "yes" : "")],
  ["audio", (g) => (g.audio ? "yes" : "")],
  ["addresses", (g) => g.addresses.join(";")],
  ["replacement", (g) => g.replacement],
];

/** The plan as CSV for a spreadsheet: one row per group, the replacement column left for the integrator. */
export function renderPlanCsv(plan: readonly PlanGroup[]): string {
  return `${[PLAN_COLUMNS.map(([h]) => h), ...plan.map((g) => PLAN_COLUMNS.map(([, f]) => f(g)))].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
