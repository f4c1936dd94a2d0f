import type { Device, PlanGroup } from "../model/report.ts";
import { csvCell } from "./csv.ts";

/** ONVIF profile scopes (onvif://www.onvif.org/Profile/<name>) as the profile letters integrators use. */
const PROFILE_LETTERS: Record<string, string> = { streaming: "S", s: "S", t: "T", g: "G", m: "M", c: "C", a: "A", q: "Q", d: "D" };

const values = (d: Device, field: string): string[] => d.evidence.filter((e) => e.field === field).map((e) => e.value);

interface Capabilities {
  profiles: string[];
  ptz?: true;
  audio?: true;
  resolution?: string;
  codecs?: string[];
  io?: [number, number];
}

const pixels = (r: string): number => r.split("x").reduce((a, n) => a * Number(n), 1);
const larger = (a: string | undefined, b: string | undefined): string | undefined => (!a ? b : !b ? a : pixels(b) > pixels(a) ? b : a);
const count = (d: Device, field: string): number => Math.max(0, ...values(d, field).map(Number).filter(Number.isFinite));

/** What a like-for-like replacement must do, as far as the device stated it (its ONVIF scopes, its ISAPI settings). */
function statedCapabilities(d: Device): Capabilities {
  const profiles = [...new Set(values(d, "onvif.scope.profile").map((p) => PROFILE_LETTERS[p.toLowerCase()] ?? p))].sort();
  const types = values(d, "onvif.scope.type").map((t) => t.toLowerCase());
  const audio = types.some((t) => t.startsWith("audio")) || count(d, "isapi.cap.audioInputs") + count(d, "isapi.cap.audioOutputs") > 0;
  const resolution = values(d, "isapi.stream.resolution").reduce<string | undefined>(larger, undefined);
  const codecs = [...new Set(values(d, "isapi.stream.codec"))].sort();
  const io = values(d, "isapi.cap.ioInputs").length + values(d, "isapi.cap.ioOutputs").length ? ([count(d, "isapi.cap.ioInputs"), count(d, "isapi.cap.ioOutputs")] as [number, number]) : undefined;
  return { profiles, ...(types.includes("ptz") ? { ptz: true as const } : {}), ...(audio ? { audio: true as const } : {}), ...(resolution ? { resolution } : {}), ...(codecs.length ? { codecs } : {}), ...(io ? { io } : {}) };
}

/** Two devices' capabilities as one group's: the union, and the largest of each. */
function merge(a: Capabilities, b: Capabilities): Capabilities {
  const resolution = larger(a.resolution, b.resolution);
  const codecs = [...new Set([...(a.codecs ?? []), ...(b.codecs ?? [])])].sort();
  const io = a.io && b.io ? ([Math.max(a.io[0], b.io[0]), Math.max(a.io[1], b.io[1])] as [number, number]) : (a.io ?? b.io);
  return {
    profiles: [...new Set([...a.profiles, ...b.profiles])].sort(),
    ...(a.ptz || b.ptz ? { ptz: true as const } : {}),
    ...(a.audio || b.audio ? { audio: true as const } : {}),
    ...(resolution ? { resolution } : {}),
    ...(codecs.length ? { codecs } : {}),
    ...(io ? { io } : {}),
  };
}

/**
 * The covered and OEM devices inside the scope, grouped by site, maker, model and device type, with what each group
 * supports that a replacement must match, and an empty column for the replacement the integrator chooses. Pure.
 */
export function buildReplacementPlan(devices: readonly Device[], site?: string): PlanGroup[] {
  const groups = new Map<string, { group: Omit<PlanGroup, "onvifProfiles" | "replacement">; caps: Capabilities }>();
  for (const d of devices) {
    if (!d.inScope || (d.risk.level !== "covered" && d.risk.level !== "oem")) continue;
    const key = [site ?? "", d.vendor ?? "", d.brand ?? "", d.model ?? "", d.deviceType ?? ""].join("\u0000");
    const caps = statedCapabilities(d);
    const g = groups.get(key);
    if (g) {
      g.group.count++;
      g.group.addresses.push(d.ip);
      g.caps = merge(g.caps, caps);
      continue;
    }
    groups.set(key, {
      group: {
        ...(site ? { site } : {}),
        maker: d.vendor ?? "unknown",
        ...(d.brand && d.brand !== d.vendor ? { brand: d.brand } : {}),
        model: d.model ?? "unknown",
        deviceType: d.deviceType ?? (d.isSurveillance ? "camera" : "other"),
        level: d.risk.level,
        count: 1,
        addresses: [d.ip],
      },
      caps,
    });
  }
  return [...groups.values()]
    .map(({ group, caps: { profiles, io, ...rest } }): PlanGroup => ({ ...group, onvifProfiles: profiles, ...rest, ...(io ? { io: `${io[0]} in, ${io[1]} out` } : {}), replacement: "" }))
    .sort((a, b) => b.count - a.count || a.maker.localeCompare(b.maker) || a.model.localeCompare(b.model));
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
  ["resolution", (g) => g.resolution ?? ""],
  ["codecs", (g) => (g.codecs ?? []).join(";")],
  ["io", (g) => g.io ?? ""],
  ["addresses", (g) => g.addresses.join(";")],
  ["replacement", (g) => g.replacement],
];

/** The plan as CSV for a spreadsheet: one row per group, the replacement column left for the integrator. */
export function renderPlanCsv(plan: readonly PlanGroup[]): string {
  return `${[PLAN_COLUMNS.map(([h]) => h), ...plan.map((g) => PLAN_COLUMNS.map(([, f]) => f(g)))].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
