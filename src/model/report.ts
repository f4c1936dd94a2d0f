import { z } from "zod";

import { DEVICE_TYPES } from "./constants.ts";
export { DEVICE_TYPES, SCHEMA_VERSION } from "./constants.ts";

export const EvidenceSchema = z.object({
  source: z.string().describe("probe or enrichment step that saw it, e.g. ws-discovery, onvif, http"),
  field: z.string().describe("evidence field, e.g. onvif.scope.name, http.server"),
  value: z.string(),
  url: z.string().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const DeviceTypeSchema = z.enum(DEVICE_TYPES);
export type DeviceType = z.infer<typeof DeviceTypeSchema>;

/**
 * Worst first. unidentified: looks like surveillance, maker unknown; unknown: answered, but nothing says what it is;
 * clear: only on positive evidence (an identified maker no selected rule names, or a device positively not surveillance).
 */
import { RISK_LEVELS } from "../options/constants.ts";
export { FAIL_ON_LEVELS, RISK_LEVELS } from "../options/constants.ts";
export const RiskLevelSchema = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevelSchema>;
/** Levels `--fail-on` takes: every one but clear. */

export const RegulationRefSchema = z.object({
  id: z.string(),
  jurisdiction: z.string(),
  title: z.string(),
  date: z.string().describe("when the rule first applied"),
  effect: z.enum(["ban", "watch"]).optional(),
  scope: z.string(),
  meaning: z.string().optional().describe("what the rule means for the reader, in one sentence; not legal advice"),
  source: z.string(),
  reason: z.string().describe("why it applies to this device"),
});
export type RegulationRef = z.infer<typeof RegulationRefSchema>;

export const RiskSchema = z.object({
  level: RiskLevelSchema,
  regulations: z.array(RegulationRefSchema),
  summary: z.string().optional(),
});
export type Risk = z.infer<typeof RiskSchema>;

export const IDENTITY_FIELDS = ["vendor", "brand", "model", "firmware", "serial", "deviceType"] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const DecisionSchema = z.object({
  field: z.string(),
  value: z.string(),
  rule: z.string(),
  evidence: EvidenceSchema,
});
export type Decision = z.infer<typeof DecisionSchema>;

export const DeviceSchema = z.object({
  id: z.string().describe("stable key: endpoint uuid, UDN, serial or MAC when known, else the IP"),
  ip: z.string().describe("the address the device is reported and asked at: IPv4 when it has one; a link-local IPv6 address carries its interface (fe80::1%eth0)"),
  addresses: z.array(z.string()).optional().describe("every address the device answered from, when more than one (IPv4 and IPv6)"),
  mac: z.string().optional(),
  interface: z.string().optional().describe("the chosen interface whose subnet holds the device"),
  hostname: z.string().optional(),
  vendor: z.string().optional().describe("maker (who built it)"),
  vendorChain: z.array(z.string()).optional().describe("the maker and its corporate parents, nearest first (EZVIZ, Hikvision, CETC)"),
  platform: z.string().optional().describe("the firmware family the device's protocols show, when they show one (a catalogue platform id)"),
  brand: z.string().optional().describe("name on the box"),
  model: z.string().optional(),
  firmware: z.string().optional(),
  serial: z.string().optional(),
  deviceType: DeviceTypeSchema.optional(),
  isSurveillance: z.boolean().describe("camera, recorder or other video device, as opposed to a PC, printer or media server"),
  confidence: z.number().min(0).max(1),
  decisions: z.array(DecisionSchema).describe("which evidence decided each identity field"),
  conflicts: z.array(DecisionSchema).describe("evidence that disagreed with the chosen value"),
  foundBy: z.array(z.string()),
  inScope: z.boolean().describe("false when the device answered discovery from outside the scan scope; it was not contacted"),
  evidence: z.array(EvidenceSchema),
  risk: RiskSchema,
  vulnerabilities: z
    .array(
      z.object({
        id: z.string().describe("CVE id"),
        kev: z.boolean().describe("in CISA's Known Exploited Vulnerabilities catalogue"),
        kevAdded: z.string().optional().describe("when CISA added it there"),
        cvss: z.number().nullable(),
        fixedIn: z.string(),
        source: z.string().describe("the advisory"),
        why: z.string().describe("the model and version evidence that fell in the advisory's range"),
      }),
    )
    .optional()
    .describe("known vulnerabilities its own firmware version evidence falls in (nothing is sent to check them)"),
  exposure: z
    .array(
      z.object({
        kind: z.string().describe("hik-connect, ..."),
        title: z.string(),
        evidence: z.string().describe("the evidence that shows it"),
        why: z.string().describe("why it matters"),
        source: z.string(),
      }),
    )
    .optional()
    .describe("ways the device reaches outside the site: its maker's cloud, a P2P service, a port the router opened for it"),
  accepted: z
    .object({ by: z.enum(["mac", "serial", "ip"]), reason: z.string(), expires: z.string() })
    .optional()
    .describe("the user accepted this device in an exceptions file; it does not fail the run until the expiry"),
  warnings: z.array(z.string()),
});
export type Device = z.infer<typeof DeviceSchema>;

export const PlanGroupSchema = z.object({
  site: z.string().optional(),
  maker: z.string(),
  brand: z.string().optional(),
  model: z.string(),
  deviceType: z.string(),
  level: z.enum(["covered", "oem"]),
  count: z.number().int().min(1),
  addresses: z.array(z.string()),
  onvifProfiles: z.array(z.string()).describe("the ONVIF profiles the devices announce (S, T, G, M, ...)"),
  ptz: z.boolean().optional().describe("a device of the group announces PTZ"),
  audio: z.boolean().optional().describe("a device of the group announces an audio encoder or states audio inputs or outputs"),
  resolution: z.string().optional().describe("the largest main-stream resolution a device of the group states, WIDTHxHEIGHT"),
  codecs: z.array(z.string()).optional().describe("the video codecs the devices' main streams use, as they name them"),
  io: z.string().optional().describe("the most alarm inputs and outputs a device of the group states, as 'N in, M out'"),
  replacement: z.string().describe("left empty: the replacement the integrator chooses"),
});
export type PlanGroup = z.infer<typeof PlanGroupSchema>;

export const ScopeSchema = z.object({
  interfaces: z.array(z.object({ name: z.string(), address: z.string(), cidr: z.string() })),
  targets: z.array(z.string()),
  exclude: z.array(z.string()).optional().describe("addresses taken out of the targets (--exclude)"),
  probes: z.array(z.string()),
  listenMs: z.number(),
  jurisdictions: z.array(z.string()),
});
export type ScopeSummary = z.infer<typeof ScopeSchema>;

export const DeviceRefSchema = z.object({
  id: z.string(),
  ip: z.string(),
  mac: z.string().optional(),
  serial: z.string().optional(),
  vendor: z.string().optional(),
  model: z.string().optional(),
  level: RiskLevelSchema,
});
export type DeviceRef = z.infer<typeof DeviceRefSchema>;

export const ChangeSchema = z.object({
  device: DeviceRefSchema,
  field: z.enum(["ip", "firmware", "risk", "vendor", "brand", "model", "serial"]),
  before: z.string(),
  after: z.string(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const ChangesSchema = z.object({
  baseline: z.object({ startedAt: z.string(), devices: z.number() }),
  new: z.array(DeviceRefSchema),
  gone: z.array(DeviceRefSchema),
  changed: z.array(ChangeSchema),
});
export type Changes = z.infer<typeof ChangesSchema>;

export const ReportSchema = z.object({
  schemaVersion: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  catalogue: z
    .object({ version: z.string(), reviewed: z.string(), asOf: z.string().describe("the date whose rules classified the devices") })
    .optional()
    .describe("the catalogue the devices were classified against"),
  site: z.string().optional().describe("the site the scan covers (--site)"),
  customer: z.string().optional().describe("whom the report is for (--customer), for a handover"),
  operator: z.string().optional().describe("who ran the scan (--operator), for a handover"),
  startedAt: z.string(),
  finishedAt: z.string(),
  partial: z.boolean(),
  scope: ScopeSchema,
  devices: z.array(DeviceSchema),
  errors: z.array(z.string()),
  changes: ChangesSchema.optional().describe("differences from the baseline report, when one was given"),
  replacementPlan: z.array(PlanGroupSchema).optional().describe("the covered and OEM devices grouped by site, maker, model and type, for a like-for-like replacement"),
});
export type Report = z.infer<typeof ReportSchema>;
