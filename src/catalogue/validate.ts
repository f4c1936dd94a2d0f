import { z } from "zod";
import { Catalogue, crossCheck, type CatalogueData, type CatalogueIssue } from "./index.ts";
import { BrandSchema, CatalogueSchema, FingerprintRuleSchema, PlaceholderNameSchema, PlatformSchema, RegulationSchema, VendorSchema, VulnerabilitySchema, ExposureSignalSchema } from "./schema.ts";
import { selfTest } from "./self-test.ts";

/** A user's overrides: any part of the catalogue; entries replace built-in ones with the same id (brands: name). */
export const OverrideSchema = z
  .object({
    vendors: z.array(VendorSchema).optional(),
    brands: z.array(BrandSchema).optional(),
    platforms: z.array(PlatformSchema).optional(),
    regulations: z.array(RegulationSchema).optional(),
    fingerprints: z.array(FingerprintRuleSchema).optional(),
    placeholderNames: z.array(PlaceholderNameSchema).optional(),
    vulnerabilities: z.array(VulnerabilitySchema).optional(),
    exposureSignals: z.array(ExposureSignalSchema).optional(),
  })
  .strict();
export type CatalogueOverride = z.infer<typeof OverrideSchema>;

function mergeBy<T>(base: T[], extra: T[] | undefined, key: (t: T) => string): T[] {
  if (!extra) return base;
  const out = [...base];
  for (const e of extra) {
    const i = out.findIndex((b) => key(b) === key(e));
    if (i >= 0) out[i] = e;
    else out.push(e);
  }
  return out;
}

/** Built-in data with the override applied. User fingerprint rules go first, so they win over built-in ones. */
export function applyOverride(base: CatalogueData, o: CatalogueOverride): CatalogueData {
  const userRules = o.fingerprints ?? [];
  return {
    meta: base.meta,
    vendors: mergeBy(base.vendors, o.vendors, (v) => v.id),
    brands: mergeBy(base.brands, o.brands, (b) => b.name.toLowerCase()),
    platforms: mergeBy(base.platforms, o.platforms, (p) => p.id),
    regulations: mergeBy(base.regulations, o.regulations, (r) => r.id),
    fingerprints: [...userRules, ...base.fingerprints.filter((f) => !userRules.some((u) => u.id === f.id))],
    placeholderNames: mergeBy(base.placeholderNames, o.placeholderNames, (p) => p.name.toLowerCase()),
    vulnerabilities: mergeBy(base.vulnerabilities, o.vulnerabilities, (v) => v.id),
    exposureSignals: mergeBy(base.exposureSignals, o.exposureSignals, (x) => `${x.kind}|${x.field}`),
  };
}

function schemaIssues(e: z.ZodError): CatalogueIssue[] {
  return e.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
}

/** Every problem with catalogue data: schema, cross-references, then the fingerprint self-test. Empty when sound. */
export function validateCatalogueData(raw: unknown, knownFields?: ReadonlySet<string>): CatalogueIssue[] {
  const parsed = CatalogueSchema.safeParse(raw);
  if (!parsed.success) return schemaIssues(parsed.error);
  const refs = crossCheck(parsed.data);
  if (refs.length) return refs;
  const rules = parsed.data.fingerprints;
  const signals = parsed.data.platforms.flatMap((p, i) => p.signals.map((s, k) => ({ s, path: `platforms.${i}.signals.${k}` })));
  return selfTest(new Catalogue(parsed.data), knownFields).map((f) => {
    const i = rules.findIndex((r) => r.id === f.rule);
    const sig = signals.find((x) => `platform:${x.s.id}` === f.rule);
    const examples = sig ? sig.s.examples : (rules[i]?.examples ?? []);
    const at = sig ? sig.path : `fingerprints.${i}`;
    const j = examples.findIndex((x) => x.value === f.example);
    return { path: j >= 0 ? `${at}.examples.${j}` : at, message: `rule "${f.rule}": ${f.problem}${f.example ? ` (example ${JSON.stringify(f.example)})` : ""}` };
  });
}

/** Validate a user's override file against the built-in catalogue it amends. */
export function validateOverride(raw: unknown, base: CatalogueData, knownFields?: ReadonlySet<string>): { issues: CatalogueIssue[]; data?: CatalogueData } {
  const parsed = OverrideSchema.safeParse(raw);
  if (!parsed.success) return { issues: schemaIssues(parsed.error) };
  const merged = applyOverride(base, parsed.data);
  const issues = validateCatalogueData(merged, knownFields);
  return issues.length ? { issues } : { issues, data: merged };
}
