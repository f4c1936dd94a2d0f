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

const ioText = (io: [number, number]): string => `${io[0]} in, ${io[1]} out`;
const ioOf = (text: string | undefined): [number, number] | undefined => {
  const m = text && /^(\d+) in, (\d+) out$/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
};

/** A group's capabilities joined with one more device's: the union, and the largest of each. */
function join(g: Omit<PlanGroup, "replacement">, caps: Capabilities): void {
  g.onvifProfiles = [...new Set([...g.onvifProfiles, ...caps.profiles])].sort();
  if (caps.ptz) g.ptz = true;
  if (caps.audio) g.audio = true;
  const resolution = larger(g.resolution, caps.resolution);
  if (resolution) g.resolution = resolution;
  const codecs = [...new Set([...(g.codecs ?? []), ...(caps.codecs ?? [])])].sort();
  if (codecs.length) g.codecs = codecs;
  const had = ioOf(g.io);
  if (caps.io) g.io = ioText(had ? [Math.max(had[0], caps.io[0]), Math.max(had[1], caps.io[1])] : caps.io);
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
      const group: Omit<PlanGroup, "replacement"> = {
        ...(site ? { site } : {}),
        maker: d.vendor ?? "unknown",
        ...(d.brand && d.brand !== d.vendor ? { brand: d.brand } : {}),
        model: d.model ?? "unknown",
        deviceType: d.deviceType ?? (d.isSurveillance ? "camera" : "other"),
        level: d.risk.level,
        count: 1,
        addresses: [d.ip],
        onvifProfiles: [],
      };
      join(group, caps);
      groups.set(key, { ...group, replacement: "" });
      continue;
    }
    g.count++;
    g.addresses.push(d.ip);
    join(g, caps);
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
