import type { Catalogue, Regulation } from "../catalogue/index.ts";
import type { RegulationRef, Risk, RiskLevel } from "../model/report.ts";
import { RISK_LEVELS } from "../options/constants.ts";
import type { Identity } from "../identify/identify.ts";
import { citedSource, inForceFrom, namesVendorOn, reachesAffiliatesOn } from "../catalogue/regulations.ts";

export { DEFAULT_JURISDICTIONS, JURISDICTIONS } from "../options/constants.ts";

/** Levels from worst to best; `atLeast("oem", "covered")` is true. */
export function atLeast(level: RiskLevel, threshold: RiskLevel): boolean {
  return RISK_LEVELS.indexOf(level) <= RISK_LEVELS.indexOf(threshold);
}

function selected(r: Regulation, jurisdictions: readonly string[]): boolean {
  return jurisdictions.includes(r.jurisdiction.split("-")[0]!.toLowerCase());
}

/** Is this name the maker itself, one of its parents, or one of its own brands? Then the box is not a relabel. */
function ownName(catalogue: Catalogue, lineage: readonly { id: string }[], brand: string): boolean {
  const hit = catalogue.lookupName(brand);
  if (hit?.vendor) return lineage.some((v) => v.id === hit.vendor?.id) || catalogue.lineage(hit.vendor.id).some((v) => v.id === lineage[0]?.id);
  if (hit?.brand) return hit.brand.relation === "own-brand" && lineage.some((v) => v.id === hit.brand?.maker);
  return false;
}

/**
 * Identity → risk, under the chosen jurisdictions.
 * covered: the maker, or a parent a rule reaches through "subsidiaries and affiliates", is named by a ban;
 * oem: the same, for a device sold under another company's name (a relabel in the catalogue, or any brand on the
 * maker's firmware); watch: only export, investment, state or single-institution lists name it; unidentified: looks
 * like surveillance, maker unknown; unknown: answered, nothing says what it is; clear: an identified maker no
 * selected rule names, or a device positively not surveillance. `answered` says what the device did answer, for
 * the summary of a device that could not be identified. Only rules in force on `asOf` (YYYY-MM-DD, default today)
 * count, with the vendors they named by then: a report for an earlier date never cites a later rule.
 */
export function classify(id: Identity, catalogue: Catalogue, jurisdictions: readonly string[], answered?: string, asOf: string = new Date().toISOString().slice(0, 10)): Risk {
  const brandEntry = id.brand ? catalogue.lookupName(id.brand)?.brand : undefined;
  const why = answered ? `: ${answered}` : "";
  if (!id.vendorId && brandEntry) {
    const maker = catalogue.vendor(brandEntry.maker)?.name ?? brandEntry.maker;
    return { level: "unidentified", regulations: [], summary: `${brandEntry.name} brand: ${brandEntry.modelLines ?? "some lines"}; maker may be ${maker} (link confidence ${brandEntry.confidence}); check the model` };
  }
  if (!id.vendorId) {
    if (id.vendor) return { level: "clear", regulations: [], summary: `made by ${id.vendor}, a maker in no rule of the catalogue` };
    if (id.deviceType === "other") return { level: "clear", regulations: [], summary: `not a surveillance device${why}` };
    if (id.isSurveillance) return { level: "unidentified", regulations: [], summary: `looks like a surveillance device; maker unknown${why}` };
    return { level: "unknown", regulations: [], summary: `not identified${why}` };
  }
  const lineage = catalogue.lineage(id.vendorId);
  const maker = lineage[0]!;
  const relabel = id.brand && !ownName(catalogue, lineage, id.brand) ? id.brand : undefined;
  const platform = id.platform ? catalogue.platform(id.platform) : undefined;

  const refs: RegulationRef[] = [];
  let ban = false;
  for (const r of catalogue.data.regulations) {
    if (!selected(r, jurisdictions)) continue;
    const hit = lineage.findIndex((v, depth) => namesVendorOn(r, v.id, asOf) && (depth === 0 || reachesAffiliatesOn(r, asOf)));
    if (hit < 0) continue;
    const named = lineage[hit]!;
    let reason = hit === 0 ? `names ${named.name}, the maker` : `names ${named.name}, parent of ${maker.name}; reaches subsidiaries and affiliates`;
    if (relabel) reason += brandEntry ? `; sold as ${brandEntry.name}, an OEM relabel (maker link confidence ${brandEntry.confidence})` : `; sold as ${relabel}`;
    if (r.namedInText === false) reason += "; the text names a category, not the company";
    refs.push({ id: r.id, jurisdiction: r.jurisdiction, title: r.title, date: inForceFrom(r), effect: r.effect, scope: r.scope, meaning: r.meaning, source: citedSource(r), reason });
    if (r.effect === "ban") ban = true;
  }
  const level: RiskLevel = ban ? (relabel ? "oem" : "covered") : refs.length ? "watch" : "clear";
  const where = [...new Set(refs.map((r) => r.jurisdiction))].join(", ");
  // "subsidiary of X", "part of X", but "controlled by X".
  const relation = maker.relation ?? "part";
  const chain = lineage.length > 1 ? ` (${relation}${/\bby$/.test(relation) ? "" : " of"} ${lineage.slice(1).map((v) => v.name).join(" < ")})` : "";
  const runs = platform && relabel ? `; runs ${platform.name}` : "";
  if (level === "clear") return { level, regulations: refs, summary: `made by ${maker.name}${chain}: in no selected rule` };
  const who = relabel ? `${relabel} brand, made by ${maker.name}` : `made by ${maker.name}`;
  return { level, regulations: refs, summary: `${who}${chain}${runs}: ${refs.length} rule${refs.length === 1 ? "" : "s"} (${where})` };
}
