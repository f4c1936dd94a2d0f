import { CatalogueSchema, type CatalogueData, type FingerprintRule, type Vendor } from "./schema.ts";
import vendors from "./data/vendors.json" with { type: "json" };
import fingerprints from "./data/fingerprints.json" with { type: "json" };

export type { CatalogueData, FingerprintRule, Vendor } from "./schema.ts";

/** A compiled fingerprint: the rule plus its regex, built once. */
export interface CompiledRule {
  rule: FingerprintRule;
  fields: string[];
  regex: RegExp;
}

/** The catalogue, validated and indexed for look-ups. */
export class Catalogue {
  readonly data: CatalogueData;
  readonly rules: CompiledRule[];
  private readonly vendorById = new Map<string, Vendor>();
  private readonly aliasIndex = new Map<string, string>();

  constructor(data: CatalogueData) {
    this.data = data;
    for (const v of data.vendors) {
      this.vendorById.set(v.id, v);
      for (const a of [v.name, ...v.aliases]) this.aliasIndex.set(normaliseName(a), v.id);
    }
    this.rules = data.fingerprints.map((rule) => ({
      rule,
      fields: Array.isArray(rule.field) ? rule.field : [rule.field],
      regex: new RegExp(rule.pattern, rule.flags ?? ""),
    }));
  }

  vendor(id: string): Vendor | undefined {
    return this.vendorById.get(id);
  }

  /** Exact (case- and space-insensitive) look-up of a name a device used for its maker. */
  lookupVendor(name: string): Vendor | undefined {
    const id = this.aliasIndex.get(normaliseName(name));
    return id ? this.vendorById.get(id) : undefined;
  }

  rulesFor(field: string): CompiledRule[] {
    return this.rules.filter((r) => r.fields.includes(field));
  }
}

export function normaliseName(s: string): string {
  return s.trim().replace(/\s+/g, " ").toLowerCase();
}

/** Validate raw catalogue data; throws a zod error naming each bad path. */
export function parseCatalogue(raw: unknown): Catalogue {
  return new Catalogue(CatalogueSchema.parse(raw));
}

let builtIn: Catalogue | undefined;

/** The catalogue shipped with camsweep. */
export function builtInCatalogue(): Catalogue {
  builtIn ??= parseCatalogue({ vendors, fingerprints });
  return builtIn;
}
