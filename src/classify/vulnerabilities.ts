import type { Vulnerability } from "../catalogue/schema.ts";
import { compareVersions, parseVersion, type ParsedVersion, type VersionScheme } from "./firmware-version.ts";

/** What a device matched in the catalogue's vulnerabilities, and the version evidence that matched. */
export interface DeviceVulnerability {
  id: string;
  kev: boolean;
  kevAdded?: string;
  cvss: number | null;
  fixedIn: string;
  source: string;
  why: string;
}

/** The firmware a device stated, each with the evidence field it came in (several may: ISAPI, ONVIF, SADP). */
export interface FirmwareEvidence {
  field: string;
  value: string;
}

/**
 * A product name in an advisory's own notation as a pattern on the model a device states: the stem is a prefix
 * ("DS-7616NI-Q2/16P" is a "DS-76xxNI-Q2"), a variant written after "/" must be there too ("DS-76xxNXI-Ix/S" is
 * not a plain DS-7608NXI-I2), and what is in parentheses is optional. Hikvision writes a wildcard character as "x";
 * Dahua as "X", with "HX" for the letters of a housing (HFW, HDBW) and an optional "DH-"/"DHI-" before the model.
 * "*" is every product of the maker.
 */
export function productPattern(scheme: VersionScheme, product: string): RegExp {
  // Compiled once per product: every device of a maker is checked against the same hundred names.
  const key = `${scheme}\u0000${product}`;
  let re = compiled.get(key);
  if (!re) compiled.set(key, (re = compileProduct(scheme, product)));
  return re;
}

const compiled = new Map<string, RegExp>();

function compileProduct(scheme: VersionScheme, product: string): RegExp {
  // "*": every product of the maker (an advisory for a whole operating system, such as AXIS OS).
  if (product === "*") return /^/;
  const [stem = "", ...variants] = product.split(/[(\s]/)[0]!.split("/");
  const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  const wild = (text: string): string => {
    let body = "";
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (scheme === "dahua" && c === "X" && /(?:^|-)H$/.test(text.slice(0, i))) body += "[A-Z]+";
      else if ((scheme === "dahua" && c === "X") || (scheme !== "dahua" && c === "x")) body += "[0-9A-Z]";
      else body += escape(c);
    }
    return body;
  };
  const needs = variants.filter(Boolean).map((v) => `(?=.*/${wild(v)}(?:/|$))`).join("");
  return new RegExp(`^${needs}${scheme === "dahua" ? "(?:DHI?-)?" : ""}${wild(stem)}`, "i");
}

/** Does this parsed version fall in the range? Undefined bounds hold; a bound that cannot be compared fails. */
function inRange(scheme: VersionScheme, v: ParsedVersion, r: Vulnerability["affected"][number]): boolean {
  const cmp = (bound: string): number | undefined => {
    const b = parseVersion(scheme, bound);
    return b ? compareVersions(v, b) : undefined;
  };
  const date = (d: string): number => Number(d.replace(/-/g, "").padEnd(8, "0"));
  if (r.from !== undefined && !((cmp(r.from) ?? -1) >= 0)) return false;
  if (r.through !== undefined && !((cmp(r.through) ?? 1) <= 0)) return false;
  if (r.below !== undefined && !((cmp(r.below) ?? 0) < 0)) return false;
  if (r.buildFrom !== undefined && !(v.build !== undefined && v.build >= date(r.buildFrom))) return false;
  if (r.buildBefore !== undefined && !(v.build !== undefined && v.build < date(r.buildBefore))) return false;
  return true;
}

function describeRange(r: Vulnerability["affected"][number]): string {
  const parts = [r.from && `from ${r.from}`, r.through && `through ${r.through}`, r.below && `below ${r.below}`, r.buildFrom && `built from ${r.buildFrom}`, r.buildBefore && `built before ${r.buildBefore}`];
  return parts.filter(Boolean).join(", ");
}

/**
 * Which of the catalogue's vulnerabilities a device's own version evidence falls in. Pure; nothing is sent. A device
 * whose maker, model or firmware is unknown matches nothing: only what it stated counts.
 */
export function matchVulnerabilities(device: { vendorId?: string; model?: string; firmware: FirmwareEvidence[] }, vulnerabilities: readonly Vulnerability[]): DeviceVulnerability[] {
  const out: DeviceVulnerability[] = [];
  if (!device.vendorId || !device.model || device.firmware.length === 0) return out;
  for (const v of vulnerabilities) {
    if (v.vendor !== device.vendorId) continue;
    const why = whyAffected(v, device.model, device.firmware);
    if (why) out.push({ id: v.id, kev: v.kev !== null, ...(v.kev ? { kevAdded: v.kev } : {}), cvss: v.cvss, fixedIn: v.fixedIn, source: v.advisory, why });
  }
  return out;
}

/**
 * Why a device is affected (the model and version evidence that fell in a range), or undefined. A range's products
 * are checked against the model when there is one; a model-less check (the catalogue's own examples of a firmware
 * string) reads the version alone.
 */
export function whyAffected(v: Vulnerability, model: string | undefined, firmware: readonly FirmwareEvidence[]): string | undefined {
  for (const r of v.affected) {
    const product = model === undefined ? r.products[0] : r.products.find((p) => productPattern(v.scheme, p).test(model));
    if (!product) continue;
    for (const f of firmware) {
      const parsed = parseVersion(v.scheme, f.value);
      if (parsed && inRange(v.scheme, parsed, r)) return `${model ?? "firmware"} ${f.value} (${f.field}): ${product}, ${describeRange(r)}`;
    }
  }
  return undefined;
}
