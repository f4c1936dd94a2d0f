import { z } from "zod";
import { VERSION_SCHEMES } from "../classify/firmware-version.ts";
import { DEVICE_TYPES } from "../model/report.ts";

/** Names of the device-info endpoints camsweep can ask (each is a record under probes/). */
export const INFO_ENDPOINTS = ["isapi", "isapi-ezviz", "isapi-stream", "isapi-capabilities", "dahua-magicbox", "dahua-rpc2", "dahua-devicetype", "dahua-vendor", "dahua-p2p", "axis-vapix", "axis-param", "uniview-lapi", "hanwha-sunapi", "reolink-api", "avtech-capability"] as const;
export type InfoEndpoint = (typeof INFO_ENDPOINTS)[number];

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "ids are lower-case words joined by '-'");

const isoDate = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "a date as YYYY-MM-DD (or YYYY-MM when the day is not known)");

export const VendorSchema = z.object({
  id,
  name: z.string().min(1).describe("display name"),
  legalName: z.string().optional(),
  country: z.string().length(2).optional(),
  /** Exact spellings a device uses for this maker (ONVIF Manufacturer, UPnP manufacturer, ...), case-insensitive. */
  aliases: z.array(z.string().min(1)),
  parent: id.optional(),
  /** How the parent holds it ("subsidiary", "joint venture", "controlled by"). */
  relation: z.string().optional(),
  /** Makes video-surveillance equipment: a device by this maker with nothing else known is taken for a camera. */
  surveillanceMaker: z.boolean(),
  /** IEEE registry organisation names, matched exactly (never as substrings). */
  ouiOrganisations: z.array(z.string().min(1)),
  /** Device-info endpoints worth asking a device of this maker (names of camsweep fetchers). */
  infoEndpoints: z.array(z.enum(INFO_ENDPOINTS)),
  notes: z.string().optional(),
  /** Where the ownership and relation facts come from. */
  sources: z.array(z.object({ url: z.string().url(), what: z.string().min(1) }).strict()).optional(),
});
export type Vendor = z.infer<typeof VendorSchema>;

export const BrandSchema = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)),
  /** Vendor id of the company that makes the hardware. */
  maker: id,
  relation: z.enum(["own-brand", "oem"]),
  /** What kind of source shows the link. */
  evidence: z.enum(["maker-statement", "brand-statement", "fcc-id", "firmware-analysis", "public-reporting", "court-or-regulator"]).optional(),
  /** How sure the maker link is for a device of this brand (OEM links often hold for some model lines only). */
  confidence: z.number().gt(0).lte(1),
  modelLines: z.string().optional(),
  ouiOrganisations: z.array(z.string().min(1)).optional(),
  source: z.string().min(1),
  note: z.string().optional(),
  /** The maker link holds for products made up to this date (a brand sold on by its maker); later ones need their own evidence. */
  until: isoDate.optional(),
});
export type Brand = z.infer<typeof BrandSchema>;


import { REGULATION_REACH, REGULATION_STATUS } from "./regulation-terms.ts";
export { effectForReach, REGULATION_REACH, REGULATION_STATUS } from "./regulation-terms.ts";

export const RegulationSourceSchema = z
  .object({
    url: z.string().url(),
    /** primary: the instrument itself or its issuer's own page (an official domain); secondary: anything else. */
    kind: z.enum(["primary", "secondary"]),
    what: z.string().min(1),
  })
  .strict();

export const RegulationSchema = z
  .object({
    id,
    /** ISO-style: US, CA, UK, AU, EU, TW; a state or province as US-TX, CA-QC. */
    jurisdiction: z.string().regex(/^(US|CA|UK|AU|EU|TW)(-[A-Z]{2})?$/),
    title: z.string().min(1),
    /** The legal instrument: statute and section, rule with its Federal Register citation, order, notice, statement. */
    instrument: z.string().min(1),
    issuedBy: z.string().min(1),
    /** Signed, published or announced. */
    made: isoDate,
    /** Ascending: each date a part took effect. The first is when the rule first applies. */
    inForce: z.array(z.object({ date: isoDate, what: z.string().min(1) }).strict()).min(1),
    status: z.enum(REGULATION_STATUS),
    statusNote: z.string().optional(),
    /** When it stopped applying (suspended, superseded, withdrawn). */
    ended: z.object({ date: isoDate, why: z.string().min(1) }).strict().optional(),
    /** When the entry was last checked against its primary source. */
    checked: isoDate.optional(),
    reach: z.enum(REGULATION_REACH),
    effect: z.enum(["ban", "watch"]),
    /** Who must comply. */
    bound: z.string().min(1),
    prohibits: z.string().min(1),
    /** One line for the report. */
    scope: z.string().min(1),
    /** One sentence on what the rule means for the reader of a report; not legal advice. */
    meaning: z.string().min(1),
    vendors: z.array(id).min(1),
    /** A vendor added to the rule later than it first applied. */
    listedSince: z.record(z.string(), isoDate).optional(),
    /** Whether the rule reaches the named companies' subsidiaries and affiliates (see `affiliates` for dated changes). */
    includesSubsidiaries: z.boolean(),
    affiliates: z
      .array(z.object({ from: isoDate, to: isoDate.optional(), reached: z.union([z.boolean(), z.literal("unknown")]), why: z.string().min(1) }).strict())
      .optional(),
    /** false when the text names a category and the vendors come from official or press readings of it. */
    namedInText: z.boolean().optional(),
    oemNote: z.string().optional(),
    sources: z.array(RegulationSourceSchema).min(1),
    /** Why no primary source is cited: only when none is public. */
    secondaryOnly: z.string().optional(),
  })
  .strict();
export type Regulation = z.infer<typeof RegulationSchema>;

export const IdentityYieldSchema = z
  .object({
    /** A vendor id; "@lookup:$1" looks the captured name up among vendor and brand names; "@oui:$1" among IEEE organisations. */
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

/** A real value from another maker's device that a rule must not match, with where it was seen. */
const CounterExampleSchema = z.object({ value: z.string(), source: z.string() });

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
  /** Real values from other makers' devices the rule must not match: a rule that once caught them, kept from doing it again. */
  counterExamples: z.array(CounterExampleSchema).optional(),
  source: z.string().optional(),
});
export type FingerprintRule = z.infer<typeof FingerprintRuleSchema>;

/** One piece of evidence that shows a firmware family: a pattern on one evidence field, with real examples. */
export const PlatformSignalSchema = z.object({
  id,
  description: z.string().min(1),
  field: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  pattern: z.string().min(1),
  flags: z.enum(["", "i"]).optional(),
  strength: z.number().gt(0).lte(1),
  examples: z.array(z.object({ value: z.string(), source: z.string().optional() })).min(1, "every signal carries at least one real example"),
  counterExamples: z.array(CounterExampleSchema).optional(),
});

/**
 * A maker's firmware family: the protocols and endpoints only that firmware speaks. A device that shows one runs
 * that maker's firmware whatever name is on the box.
 */
export const PlatformSchema = z.object({
  id,
  /** Vendor id of the company whose firmware it is. */
  maker: id,
  name: z.string().min(1),
  source: z.string().url(),
  signals: z.array(PlatformSignalSchema).min(1),
});
export type Platform = z.infer<typeof PlatformSchema>;

/** A value devices put where a name belongs ("NONE", "General"): it names no company and no model. */
export const PlaceholderNameSchema = z.object({
  name: z.string().min(1),
  seen: z.string().min(1),
  source: z.string().url(),
});

/** The catalogue's own version, the date its facts were last reviewed as a whole, and the domains whose pages count as primary sources. */
export const CatalogueMetaSchema = z
  .object({
    version: z.string().min(1),
    reviewed: isoDate,
    officialDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).min(1),
  })
  .strict();
export type CatalogueMeta = z.infer<typeof CatalogueMetaSchema>;

/**
 * A known vulnerability matched by version evidence only: the products as the advisory names them (its own
 * wildcard notation: Hikvision "DS-2CD2xx2F-I", Dahua "IPC-HX3XXX"), and the affected versions or build dates.
 */
export const VulnerabilityRangeSchema = z
  .object({
    /** In the advisory's notation; "*" for every product of the maker (an operating system's advisory). */
    products: z.array(z.union([z.literal("*"), z.string().min(2)])).min(1),
    from: z.string().optional(),
    through: z.string().optional(),
    below: z.string().optional(),
    buildFrom: isoDate.optional(),
    buildBefore: isoDate.optional(),
  })
  .strict()
  .refine((r) => r.from || r.through || r.below || r.buildFrom || r.buildBefore, "a range needs at least one bound");

export const VulnerabilitySchema = z
  .object({
    id: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
    title: z.string().min(1),
    vendor: z.string().min(1),
    cvss: z.number().min(0).max(10).nullable(),
    cvssSource: z.string().min(1),
    /** The date CISA added it to its Known Exploited Vulnerabilities catalogue; null when it is not there. */
    kev: isoDate.nullable(),
    advisory: z.string().url(),
    nvd: z.string().url(),
    sources: z.array(z.string().url()).min(1),
    scheme: z.enum(VERSION_SCHEMES),
    affected: z.array(VulnerabilityRangeSchema).min(1),
    fixedIn: z.string().min(1),
    note: z.string().optional(),
    examples: z
      .array(z.object({ model: z.string().optional(), firmware: z.string().min(1), affected: z.boolean(), source: z.string().min(1) }).strict())
      .refine((xs) => xs.some((x) => x.affected) && xs.some((x) => !x.affected), "real examples on both sides: at least one affected and one not"),
  })
  .strict();
export type Vulnerability = z.infer<typeof VulnerabilitySchema>;

/** Evidence that a device talks to its maker's cloud or a P2P service, or asked the router to open a port to it. */
export const ExposureSignalSchema = z
  .object({
    kind: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    field: z.string().min(1),
    pattern: z.string().min(1),
    why: z.string().min(1),
    source: z.string().url(),
    examples: z
      .array(z.object({ value: z.string(), exposed: z.boolean(), source: z.string().min(1) }).strict())
      .refine((xs) => xs.some((x) => x.exposed) && xs.some((x) => !x.exposed), "examples on both sides: one exposed, one not"),
  })
  .strict();
export type ExposureSignal = z.infer<typeof ExposureSignalSchema>;

export const CatalogueSchema = z.object({
  meta: CatalogueMetaSchema,
  vendors: z.array(VendorSchema),
  brands: z.array(BrandSchema),
  platforms: z.array(PlatformSchema),
  regulations: z.array(RegulationSchema),
  fingerprints: z.array(FingerprintRuleSchema),
  placeholderNames: z.array(PlaceholderNameSchema).default([]),
  vulnerabilities: z.array(VulnerabilitySchema).default([]),
  exposureSignals: z.array(ExposureSignalSchema).default([]),
});
export type CatalogueData = z.infer<typeof CatalogueSchema>;
