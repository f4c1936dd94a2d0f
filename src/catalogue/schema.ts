import { z } from "zod";
import { DEVICE_TYPES } from "../model/report.ts";

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "ids are lower-case words joined by '-'");

export const VendorSchema = z.object({
  id,
  name: z.string().min(1).describe("display name"),
  legalName: z.string().optional(),
  country: z.string().length(2).optional(),
  /** Exact spellings a device uses for this maker (ONVIF Manufacturer, UPnP manufacturer, ...), case-insensitive. */
  aliases: z.array(z.string().min(1)),
  parent: id.optional(),
  /** Makes video-surveillance equipment: a device by this maker with nothing else known is taken for a camera. */
  surveillanceMaker: z.boolean(),
  notes: z.string().optional(),
});
export type Vendor = z.infer<typeof VendorSchema>;

export const IdentityYieldSchema = z
  .object({
    /** A vendor id, or "@lookup:$1" to look the captured name up among vendor and brand aliases. */
    vendor: z.string().optional(),
    brand: z.string().optional(),
    model: z.string().optional(),
    firmware: z.string().optional(),
    serial: z.string().optional(),
    deviceType: z.enum(DEVICE_TYPES).optional(),
  })
  .strict();
export type IdentityYield = z.infer<typeof IdentityYieldSchema>;

export const FingerprintExampleSchema = z.object({
  value: z.string(),
  /** What the rule must yield for this example (after $n substitution, before alias lookup). */
  expect: IdentityYieldSchema.optional(),
  source: z.string().optional(),
});

export const FingerprintRuleSchema = z.object({
  id,
  description: z.string().min(1),
  /** Evidence field(s) the pattern is tested against, e.g. "http.server", "onvif.scope.name". */
  field: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  pattern: z.string().min(1),
  flags: z.enum(["", "i"]).optional(),
  yields: IdentityYieldSchema,
  /** 0–1: how sure one match makes us. Agreeing matches add up; the strongest value wins. */
  strength: z.number().gt(0).lte(1),
  examples: z.array(FingerprintExampleSchema).min(1, "every rule carries at least one real example"),
  source: z.string().optional(),
});
export type FingerprintRule = z.infer<typeof FingerprintRuleSchema>;

export const CatalogueSchema = z.object({
  vendors: z.array(VendorSchema),
  fingerprints: z.array(FingerprintRuleSchema),
});
export type CatalogueData = z.infer<typeof CatalogueSchema>;
