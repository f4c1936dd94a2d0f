import type { Catalogue, CompiledRule } from "../catalogue/index.ts";
import type { Decision, DeviceType, Evidence } from "../model/report.ts";
import { DEVICE_TYPES } from "../model/constants.ts";
import { isStandInSerial } from "../model/device-identity.ts";
import { hasUnsafeText } from "../report/escape.ts";

const SURVEILLANCE_TYPES = new Set<DeviceType>(["camera", "nvr", "dvr", "intercom", "thermal", "encoder"]);
/** Regexes run on at most this much of one evidence value: device strings are hostile. */
const MAX_VALUE = 1024;
type Field = "vendor" | "brand" | "model" | "firmware" | "serial" | "deviceType";
const FIELDS: Field[] = ["vendor", "brand", "model", "firmware", "serial", "deviceType"];

export interface Identity {
  /** Catalogue vendor id when the maker is in the catalogue. */
  vendorId?: string;
  vendor?: string;
  /** The maker and its parents, nearest first, as the catalogue names them. */
  vendorChain?: string[];
  /** Catalogue platform id: the firmware family the device's protocols show. */
  platform?: string;
  brand?: string;
  model?: string;
  firmware?: string;
  serial?: string;
  deviceType?: DeviceType;
  isSurveillance: boolean;
  confidence: number;
  /** How sure the model is (0 when none): a firmware-line name is a weaker model than the device's own model field. */
  modelConfidence: number;
  decisions: Decision[];
  conflicts: Decision[];
}

interface Candidate {
  value: string;
  strengths: number[];
  decisions: Decision[];
  seen: Set<string>;
}

/** One rule applied to one value: what it yields, after $n substitution. Pure; used by the catalogue self-test too. */
export function applyRule(rule: CompiledRule, value: string): Partial<Record<Field, string>> | undefined {
  const m = rule.regex.exec(value.slice(0, MAX_VALUE));
  if (!m) return undefined;
  const out: Partial<Record<Field, string>> = {};
  for (const f of FIELDS) {
    const template = rule.rule.yields[f];
    if (template === undefined) continue;
    const v = template.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? "").trim();
    if (v) out[f] = v;
  }
  return out;
}

function usableName(name: string, catalogue: Catalogue): boolean {
  return !catalogue.isPlaceholderName(name) && !hasUnsafeText(name) && !/&[#\w]+;/.test(name) && /[\p{L}\p{N}]/u.test(name);
}

/** A serial worth reporting and keying a device by: not a stand-in, nothing hostile in it. */
function usableSerial(serial: string, catalogue: Catalogue): boolean {
  return usableName(serial, catalogue) && !isStandInSerial(serial);
}

/** Fields identification itself feeds back to the rules: the chosen model, for model-family rules. */
export const DERIVED_FIELDS = ["model"];

/** Below this, a brand's maker link holds for some model lines only and is shown, not used. */
export const MIN_BRAND_LINK = 0.5;

const combine = (strengths: number[]): number => 1 - strengths.reduce((acc, s) => acc * (1 - s), 1);

/**
 * Family traits (a web server, a SOAP stack) say "Hikvision family"; a subsidiary's own name says which member.
 * When a candidate is a descendant of the winner and is itself well supported, the descendant is the maker.
 */
function mostSpecificVendor(top: Candidate | undefined, all: Map<string, Candidate> | undefined, catalogue: Catalogue): Candidate | undefined {
  if (!top || !all) return top;
  let pick = top;
  for (const c of all.values()) {
    if (c === pick || combine(c.strengths) < 0.5) continue;
    if (catalogue.lineage(c.value).slice(1).some((v) => v.id === pick.value)) pick = c;
  }
  if (pick !== top) pick = { ...pick, strengths: [...pick.strengths, ...top.strengths], decisions: [...pick.decisions, ...top.decisions] };
  return pick;
}

/** A platform shown this surely decides the maker, whatever name the device gives. */
export const MIN_PLATFORM = 0.6;

function bestPlatform(platforms: Map<string, Candidate>): Candidate | undefined {
  let top: Candidate | undefined;
  for (const c of platforms.values()) if (combine(c.strengths) >= MIN_PLATFORM && (!top || combine(c.strengths) > combine(top.strengths))) top = c;
  return top;
}

/**
 * The firmware decides the maker: a name the device states (a brand, an unknown company) loses to the platform's
 * maker, unless that name is the maker itself or one of its subsidiaries (EZVIZ on Hikvision firmware stays EZVIZ).
 */
function platformMaker(top: Candidate | undefined, platform: Candidate, catalogue: Catalogue): Candidate {
  const maker = catalogue.platform(platform.value)?.maker ?? "";
  if (top && catalogue.lineage(top.value).some((v) => v.id === maker)) return { ...top, strengths: [...top.strengths, ...platform.strengths] };
  return { value: maker, strengths: platform.strengths, decisions: [], seen: new Set() };
}

/**
 * "<path> <status>" answers that paths of several makers' firmware gave alike (a web server that asks for a password,
 * or serves its start page, on every path) say nothing about which firmware it is.
 */
function ambiguousPathAnswers(evidence: Evidence[], catalogue: Catalogue): Set<string> {
  const byStatus = new Map<string, { platforms: Set<string>; values: string[] }>();
  for (const e of evidence) {
    if (e.field !== "http.pathStatus") continue;
    for (const r of catalogue.rulesFor(e.field)) {
      if (!r.platform || !r.regex.test(e.value)) continue;
      const status = e.value.slice(e.value.lastIndexOf(" ") + 1);
      const g = byStatus.get(status) ?? { platforms: new Set(), values: [] };
      g.platforms.add(r.platform.id);
      g.values.push(e.value);
      byStatus.set(status, g);
    }
  }
  const out = new Set<string>();
  for (const g of byStatus.values()) if (g.platforms.size > 1) g.values.forEach((v) => out.add(v));
  return out;
}

/**
 * Evidence → identity. Every matching rule adds its strength to the value it yields; agreeing evidence
 * raises the score, the strongest value wins and the losers are kept as conflicts. Pure.
 */
export function identify(evidence: Evidence[], catalogue: Catalogue): Identity {
  const cands = new Map<Field, Map<string, Candidate>>(FIELDS.map((f) => [f, new Map()]));

  const offer = (field: Field, key: string, value: string, strength: number, rule: string, ev: Evidence): void => {
    const byValue = cands.get(field);
    if (!byValue) return;
    let c = byValue.get(key);
    if (!c) {
      c = { value, strengths: [], decisions: [], seen: new Set() };
      byValue.set(key, c);
    }
    // The same rule saying the same thing twice (scope seen in discovery and in GetScopes) counts once.
    const once = `${rule}|${ev.value}`;
    if (c.seen.has(once)) return;
    c.seen.add(once);
    c.strengths.push(strength);
    c.decisions.push({ field, value, rule, evidence: ev });
  };

  const platforms = new Map<string, Candidate>();
  const ambiguous = ambiguousPathAnswers(evidence, catalogue);
  const run = (ev: Evidence): void => {
    for (const r of catalogue.rulesFor(ev.field)) {
      const y = applyRule(r, ev.value);
      if (!y) continue;
      if (r.platform) {
        if (ev.field === "http.pathStatus" && ambiguous.has(ev.value)) continue;
        let c = platforms.get(r.platform.id);
        if (!c) platforms.set(r.platform.id, (c = { value: r.platform.id, strengths: [], decisions: [], seen: new Set() }));
        if (c.seen.has(r.rule.id)) continue;
        c.seen.add(r.rule.id);
        c.strengths.push(r.rule.strength);
        c.decisions.push({ field: "platform", value: r.platform.id, rule: r.rule.id, evidence: ev });
        continue;
      }
      for (const f of FIELDS) {
        const v = y[f];
        if (v === undefined) continue;
        // "NONE", "General", "MODEL": a stand-in where the name belongs says nothing; nor does a "name" made of
        // control or bidi characters, or an entity reference a document never defined ("&lol9;").
        if ((f === "vendor" || f === "brand" || f === "model") && !usableName(v.replace(/^@(?:lookup|oui):/, ""), catalogue)) continue;
        if (f === "serial" && !usableSerial(v, catalogue)) continue;
        if (f === "vendor" && (v.startsWith("@lookup:") || v.startsWith("@oui:"))) {
          const byOui = v.startsWith("@oui:");
          const name = v.slice(v.indexOf(":") + 1);
          const hit = byOui ? catalogue.lookupOuiOrganisation(name) : catalogue.lookupName(name);
          const s = r.rule.strength;
          if (hit?.vendor) {
            offer("vendor", hit.vendor.id, hit.vendor.id, s, r.rule.id, ev);
            if (!byOui) offer("brand", hit.vendor.name.toLowerCase(), hit.vendor.name, s, r.rule.id, ev);
          } else if (hit?.brand) {
            // A brand names the box, not always the factory: the maker link is only as sure as the catalogue says,
            // and a weak link (some model lines only) decides nothing on its own.
            offer("brand", hit.brand.name.toLowerCase(), hit.brand.name, s, r.rule.id, ev);
            if (hit.brand.confidence >= MIN_BRAND_LINK) offer("vendor", hit.brand.maker, hit.brand.maker, s * hit.brand.confidence, `${r.rule.id}+brand:${hit.brand.name}`, ev);
          } else if (!byOui) {
            // A maker we do not know is still a maker: keep the name as the device gave it, a little weaker.
            offer("vendor", `raw:${name.toLowerCase()}`, name, s * 0.8, r.rule.id, ev);
            offer("brand", name.toLowerCase(), name, s * 0.8, r.rule.id, ev);
          }
        } else if (f === "deviceType" && !(DEVICE_TYPES as readonly string[]).includes(v)) {
          continue;
        } else {
          offer(f, f === "model" || f === "serial" ? v.toUpperCase() : v.toLowerCase(), v, r.rule.strength, r.rule.id, ev);
          const brand = f === "brand" ? catalogue.lookupName(v)?.brand : undefined;
          if (brand && brand.confidence >= MIN_BRAND_LINK) offer("vendor", brand.maker, brand.maker, r.rule.strength * brand.confidence, `${r.rule.id}+brand:${brand.name}`, ev);
        }
      }
    }
  };

  evidence.forEach(run);
  const best = (f: Field): Candidate | undefined => {
    let top: Candidate | undefined;
    for (const c of cands.get(f)?.values() ?? []) if (!top || combine(c.strengths) > combine(top.strengths)) top = c;
    return top;
  };
  // Second pass: rules on the chosen model (model-number families tell NVR from camera).
  const model = best("model");
  if (model?.decisions[0]) run({ source: "identify", field: DERIVED_FIELDS[0]!, value: model.value });

  const id: Identity = { isSurveillance: false, confidence: 0, modelConfidence: 0, decisions: [], conflicts: [] };
  const platform = bestPlatform(platforms);
  for (const f of FIELDS) {
    let top = f === "vendor" ? mostSpecificVendor(best(f), cands.get("vendor"), catalogue) : best(f);
    if (f === "vendor" && platform) top = platformMaker(top, platform, catalogue);
    if (!top) continue;
    id.decisions.push(...top.decisions);
    const used = new Set(top.decisions);
    for (const c of cands.get(f)?.values() ?? []) for (const d of c.decisions) if (!used.has(d)) id.conflicts.push(d);
    if (f === "vendor") {
      const v = catalogue.vendor(top.value);
      if (v) {
        id.vendorId = v.id;
        id.vendor = v.name;
      } else id.vendor = top.value;
      id.confidence = Math.round(combine(top.strengths) * 100) / 100;
    } else if (f === "deviceType") id.deviceType = top.value as DeviceType;
    else {
      id[f] = top.value;
      if (f === "model") id.modelConfidence = Math.round(combine(top.strengths) * 100) / 100;
    }
  }
  if (platform) {
    id.platform = platform.value;
    id.decisions.push(...platform.decisions);
  }
  const vendor = id.vendorId ? catalogue.vendor(id.vendorId) : undefined;
  if (vendor) id.vendorChain = catalogue.lineage(vendor.id).map((v) => v.name);
  if (!id.deviceType && vendor?.surveillanceMaker) {
    id.deviceType = "camera";
    const ev = id.decisions.find((d) => d.field === "vendor")?.evidence;
    if (ev) id.decisions.push({ field: "deviceType", value: "camera", rule: "maker-makes-surveillance-equipment", evidence: ev });
  }
  // A name neither the catalogue nor a rule knows is kept as the maker only where the device may be surveillance
  // equipment: on a device positively not (a media server, a printer), a manufacturer field is no maker worth
  // naming (minidlna's UPnP "manufacturer" is its author, "Justin Maggard"). The name stays in the evidence.
  if (id.vendor && !id.vendorId && id.deviceType === "other") {
    const named = id.vendor;
    id.decisions = id.decisions.filter((d) => d.field !== "vendor" && !(d.field === "brand" && d.value === named));
    delete id.vendor;
    if (id.brand === named) delete id.brand;
    id.confidence = 0;
  }
  if (!id.brand && id.vendor) id.brand = vendor?.name ?? id.vendor;
  id.isSurveillance = id.deviceType !== undefined && SURVEILLANCE_TYPES.has(id.deviceType);
  return id;
}
