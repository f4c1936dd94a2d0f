import type { Brand, CatalogueData, FingerprintRule, Platform, Vendor } from "./schema.ts";
import vendors from "./data/vendors.json" with { type: "json" };
import brands from "./data/brands.json" with { type: "json" };
import regulations from "./data/regulations.json" with { type: "json" };
import fingerprints from "./data/fingerprints.json" with { type: "json" };
import platforms from "./data/platforms.json" with { type: "json" };
import placeholderNames from "./data/placeholder-names.json" with { type: "json" };
import meta from "./data/meta.json" with { type: "json" };
import vulnerabilities from "./data/vulnerabilities.json" with { type: "json" };
import exposureSignals from "./data/exposure-signals.json" with { type: "json" };
import { regulationIssues } from "./regulations.ts";

export type { Brand, CatalogueData, ExposureSignal, FingerprintRule, Platform, Regulation, Vendor, Vulnerability } from "./schema.ts";

/** A compiled fingerprint: the rule plus its regex, built once. A platform signal compiles to one too. */
export interface CompiledRule {
  rule: FingerprintRule;
  fields: string[];
  regex: RegExp;
  /** Set when the rule is a platform signal: the firmware family it shows. */
  platform?: Platform;
}

/** What a name a device used for its maker turned out to be. */
export interface NameMatch {
  vendor?: Vendor;
  brand?: Brand;
}

export function normaliseName(s: string): string {
  return s.trim().replace(/\s+/g, " ").toLowerCase();
}

/** A problem with catalogue data, named by its path ("brands.3.maker"). */
export interface CatalogueIssue {
  path: string;
  message: string;
}

/** References between parts of the catalogue that the schema alone cannot check. */
export function crossCheck(data: CatalogueData): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const ids = new Set<string>();
  data.vendors.forEach((v, i) => {
    if (ids.has(v.id)) issues.push({ path: `vendors.${i}.id`, message: `duplicate vendor id "${v.id}"` });
    ids.add(v.id);
  });
  data.vendors.forEach((v, i) => {
    if (v.parent && !ids.has(v.parent)) issues.push({ path: `vendors.${i}.parent`, message: `unknown vendor "${v.parent}"` });
  });
  data.brands.forEach((b, i) => {
    if (!ids.has(b.maker)) issues.push({ path: `brands.${i}.maker`, message: `unknown vendor "${b.maker}"` });
  });
  data.regulations.forEach((r, i) =>
    r.vendors.forEach((v, j) => {
      if (!ids.has(v)) issues.push({ path: `regulations.${i}.vendors.${j}`, message: `unknown vendor "${v}"` });
    }),
  );
  data.platforms.forEach((p, i) => {
    if (!ids.has(p.maker)) issues.push({ path: `platforms.${i}.maker`, message: `unknown vendor "${p.maker}"` });
    p.signals.forEach((s, k) => {
      try {
        new RegExp(s.pattern, s.flags ?? "");
      } catch (e) {
        issues.push({ path: `platforms.${i}.signals.${k}.pattern`, message: (e as Error).message });
      }
    });
  });
  data.fingerprints.forEach((f, i) => {
    const v = f.yields.vendor;
    if (v && !v.startsWith("@") && !ids.has(v)) issues.push({ path: `fingerprints.${i}.yields.vendor`, message: `unknown vendor "${v}"` });
    try {
      new RegExp(f.pattern, f.flags ?? "");
    } catch (e) {
      issues.push({ path: `fingerprints.${i}.pattern`, message: (e as Error).message });
    }
  });
  data.vulnerabilities.forEach((v, i) => {
    if (!ids.has(v.vendor)) issues.push({ path: `vulnerabilities.${i}.vendor`, message: `unknown vendor "${v.vendor}"` });
  });
  // A parent chain must end: a loop would make every look-up spin.
  for (const v of data.vendors) {
    const seen = new Set<string>();
    for (let cur: string | undefined = v.id; cur; cur = data.vendors.find((x) => x.id === cur)?.parent) {
      if (seen.has(cur)) {
        issues.push({ path: `vendors.${data.vendors.indexOf(v)}.parent`, message: `parent chain loops through "${cur}"` });
        break;
      }
      seen.add(cur);
    }
  }
  issues.push(...regulationIssues(data));
  return issues;
}

export class CatalogueError extends Error {
  readonly issues: CatalogueIssue[];
  constructor(issues: CatalogueIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    this.issues = issues;
  }
}

/** The catalogue, validated and indexed for look-ups. */
export class Catalogue {
  readonly data: CatalogueData;
  readonly rules: CompiledRule[];
  /** Platform signals, compiled as rules that yield the platform's maker. */
  readonly platformRules: CompiledRule[];
  private readonly vendorById = new Map<string, Vendor>();
  private readonly names = new Map<string, NameMatch>();
  private readonly ouiOrgs = new Map<string, NameMatch>();
  private readonly byField = new Map<string, CompiledRule[]>();
  private readonly placeholders: Set<string>;

  constructor(data: CatalogueData) {
    this.data = data;
    this.placeholders = new Set(data.placeholderNames.map((p) => normaliseName(p.name)));
    for (const v of data.vendors) {
      this.vendorById.set(v.id, v);
      for (const a of [v.name, ...v.aliases]) this.names.set(normaliseName(a), { vendor: v });
      for (const o of v.ouiOrganisations) this.ouiOrgs.set(o, { vendor: v });
    }
    for (const b of data.brands) {
      for (const a of [b.name, ...b.aliases]) this.names.set(normaliseName(a), { brand: b });
      for (const o of b.ouiOrganisations ?? []) this.ouiOrgs.set(o, { brand: b });
    }
    this.rules = data.fingerprints.map((rule) => ({
      rule,
      fields: Array.isArray(rule.field) ? rule.field : [rule.field],
      regex: new RegExp(rule.pattern, rule.flags ?? ""),
    }));
    this.platformRules = data.platforms.flatMap((p) =>
      p.signals.map((s) => ({
        rule: { id: `platform:${s.id}`, description: s.description, field: s.field, pattern: s.pattern, flags: s.flags, yields: { vendor: p.maker }, strength: s.strength, examples: s.examples, counterExamples: s.counterExamples },
        fields: Array.isArray(s.field) ? s.field : [s.field],
        regex: new RegExp(s.pattern, s.flags ?? ""),
        platform: p,
      })),
    );
    for (const r of [...this.rules, ...this.platformRules]) for (const f of r.fields) this.byField.set(f, [...(this.byField.get(f) ?? []), r]);
  }

  vendor(id: string): Vendor | undefined {
    return this.vendorById.get(id);
  }

  /** Exact (case- and space-insensitive) look-up of a maker or brand name a device used. */
  lookupName(name: string): NameMatch | undefined {
    return this.names.get(normaliseName(name));
  }

  /** Is this a stand-in a device gives instead of a name ("NONE", "General")? */
  isPlaceholderName(name: string): boolean {
    return this.placeholders.has(normaliseName(name));
  }

  /** Exact look-up of an IEEE registry organisation name: "Shanghai Dahua Scale Factory" is not Dahua. */
  lookupOuiOrganisation(org: string): NameMatch | undefined {
    return this.ouiOrgs.get(org.trim());
  }

  /** The vendor and its parents, nearest first. */
  lineage(id: string): Vendor[] {
    const out: Vendor[] = [];
    for (let v = this.vendor(id); v && !out.includes(v); v = v.parent ? this.vendor(v.parent) : undefined) out.push(v);
    return out;
  }

  platform(id: string): Platform | undefined {
    return this.data.platforms.find((p) => p.id === id);
  }

  /** Fingerprint rules and platform signals on one evidence field, fingerprints first. */
  rulesFor(field: string): CompiledRule[] {
    return this.byField.get(field) ?? [];
  }
}

export const BUILT_IN_DATA = { meta, vendors, brands, platforms, regulations, fingerprints, placeholderNames, vulnerabilities, exposureSignals } as const;

let builtIn: Catalogue | undefined;

/**
 * The catalogue shipped with camsweep. Its schema is checked by the tests (test/catalogue/built-in.test.ts) and by
 * `camsweep catalogue`, not at every scan: zod is a sixth of a scan's start-up. Its cross-references are checked here.
 */
export function builtInCatalogue(): Catalogue {
  if (builtIn) return builtIn;
  const data = BUILT_IN_DATA as unknown as CatalogueData;
  const issues = crossCheck(data);
  if (issues.length) throw new CatalogueError(issues);
  builtIn = new Catalogue(data);
  return builtIn;
}
