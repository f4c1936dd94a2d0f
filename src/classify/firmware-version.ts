/**
 * Firmware versions as each maker writes them, parsed for comparison against advisories' ranges. Pure.
 *
 * - hikvision: "V5.5.0 build 170725", "V5.3.0build 211230", "IPC_E0_CN_STD_5.4.6_180112": a dotted version and a
 *   build date (YYMMDD). Advisories draw their lines by both ("V5.5.800 build 210628").
 * - dahua: "2.800.0000000.24.R", "V2.622.0000000.31.R, Build Date: 2019-12-11": baseline (2.800), an OEM or
 *   customisation code, a revision and a release letter; advisories draw their lines by build date, or by version.
 * - dotted: "9.80.3.8", "8.71.0066", "V2.3.8-6", "2.21.02_20230605": numbers in order, a build date after "_".
 */
export const VERSION_SCHEMES = ["hikvision", "dahua", "dotted"] as const;
export type VersionScheme = (typeof VERSION_SCHEMES)[number];

export interface ParsedVersion {
  /** The numeric parts that order versions, most significant first. */
  parts: number[];
  /** The build date as YYYYMMDD, when the string carries one. */
  build?: number;
}

const num = (s: string): number => Number.parseInt(s, 10);

/** A build date as YYYYMMDD from "170725" (YYMMDD) or "2019-12-11" / "20191211". */
function buildDate(text: string): number | undefined {
  const digits = text.replace(/-/g, "");
  if (/^\d{6}$/.test(digits)) return 20_000_000 + num(digits);
  if (/^(19|20)\d{6}$/.test(digits)) return num(digits);
  return undefined;
}

export function parseVersion(scheme: VersionScheme, text: string): ParsedVersion | undefined {
  const t = text.trim();
  if (scheme === "hikvision") {
    // "V5.5.0 build 170725", "V5.3.0build 211230", "V5.7.13_230822", "IPC_R2_EN_STD_V5.4.81_180203".
    const m = /V?(\d+(?:\.\d+){1,3})(?:\s*build\s*|_)(\d{6})\b/i.exec(t);
    if (m) return { parts: m[1]!.split(".").map(num), build: buildDate(m[2]!) };
    const v = /^V?(\d+(?:\.\d+){1,3})\b/i.exec(t);
    return v ? { parts: v[1]!.split(".").map(num) } : undefined;
  }
  if (scheme === "dahua") {
    // Baseline, customisation code ("0000000", "00AC000", "AC00"), revision, release letter, and the build date:
    // written after it ("Build Date: 2021-07-07", ",build:2020-03-11") or appended (NVD's "....29.R.210630").
    const m = /V?(\d+)\.(\d+)\.([0-9A-Z]{4,7})\.(\d+)(?:\.[A-Z]+(?:\.(\d{6}|\d{8})\b)?)?/i.exec(t);
    if (!m) return undefined;
    const date = /build(?:\s*date)?\s*:?\s*(\d{4}-?\d{2}-?\d{2})/i.exec(t) ?? /\b((?:19|20)\d{2}-\d{2}-\d{2})\b/.exec(t);
    const build = date ? buildDate(date[1]!) : m[5] ? buildDate(m[5]) : undefined;
    return { parts: [num(m[1]!), num(m[2]!), num(m[4]!)], ...(build ? { build } : {}) };
  }
  // The first run of numbers: "9.80.3.8", "V2.3.8-6", "FullImg-1023-1007-1011-1009"; a date after "_" is the build.
  const m = /(\d+(?:[.-]\d+)*)/.exec(t);
  if (!m) return undefined;
  const date = /_((?:19|20)\d{6})\b/.exec(t);
  return { parts: m[1]!.split(/[.-]/).map(num), ...(date ? { build: num(date[1]!) } : {}) };
}

/** Order of two versions by their parts (a missing part counts as 0). */
export function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Order of two versions: by parts, then by build date when both have one. Undefined when they cannot be ordered:
 * a bound with a build date against a version without one and the same parts.
 */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number | undefined {
  const byParts = compareParts(a.parts, b.parts);
  if (byParts !== 0) return byParts;
  if (a.build === undefined && b.build === undefined) return 0;
  if (a.build === undefined || b.build === undefined) return undefined;
  return a.build - b.build;
}
