import type { Catalogue, Regulation } from "../catalogue/index.ts";
import type { RegulationRef, Risk, RiskLevel } from "../model/report.ts";
import { RISK_LEVELS } from "../model/report.ts";
import type { Identity } from "../identify/identify.ts";

export const JURISDICTIONS = ["us", "ca", "uk", "au", "eu"] as const;

/** Levels from worst to best; `atLeast("oem", "covered")` is true. */
export function atLeast(level: RiskLevel, threshold: RiskLevel): boolean {
  return RISK_LEVELS.indexOf(level) <= RISK_LEVELS.indexOf(threshold);
}

function selected(r: Regulation, jurisdictions: readonly string[]): boolean {
  return jurisdictions.includes(r.jurisdiction.split("-")[0]!.toLowerCase());
}

/**
 * Identity → risk, under the chosen jurisdictions.
 * covered: the maker, or a parent a rule reaches through "subsidiaries and affiliates", is named by a ban;
 * oem: the same, for a device sold under another company's brand; watch: only export, investment, state or
 * single-institution lists name it; unidentified: a surveillance device whose maker is unknown; clear: the rest.
 */
export function classify(id: Identity, catalogue: Catalogue, jurisdictions: readonly string[]): Risk {
  const brandEntry = id.brand ? catalogue.lookupName(id.brand)?.brand : undefined;
  if (!id.vendorId && brandEntry) {
    const maker = catalogue.vendor(brandEntry.maker)?.name ?? brandEntry.maker;
    return { level: "unidentified", regulations: [], summary: `${brandEntry.name} brand: ${brandEntry.modelLines ?? "some lines"}; maker may be ${maker} (link confidence ${brandEntry.confidence}); check the model` };
  }
  if (!id.vendorId) {
    if (id.vendor) return { level: "clear", regulations: [], summary: `${id.vendor} is in no rule of the catalogue` };
    return id.isSurveillance ? { level: "unidentified", regulations: [], summary: "looks like a surveillance device; maker unknown" } : { level: "clear", regulations: [] };
  }
  const lineage = catalogue.lineage(id.vendorId);
  const maker = lineage[0]!;
  const oem = brandEntry?.relation === "oem" && lineage.some((v) => v.id === brandEntry.maker) ? brandEntry : undefined;

  const refs: RegulationRef[] = [];
  let ban = false;
  for (const r of catalogue.data.regulations) {
    if (!selected(r, jurisdictions)) continue;
    const hit = lineage.findIndex((v, depth) => r.vendors.includes(v.id) && (depth === 0 || r.includesSubsidiaries));
    if (hit < 0) continue;
    const named = lineage[hit]!;
    let reason = hit === 0 ? `names ${named.name}, the maker` : `names ${named.name}, parent of ${maker.name}; reaches subsidiaries and affiliates`;
    if (oem) reason += `; sold as ${oem.name}, an OEM relabel (maker link confidence ${oem.confidence})`;
    if (r.namedInText === false) reason += "; the text names a category, not the company";
    refs.push({ id: r.id, jurisdiction: r.jurisdiction, title: r.title, date: r.date, scope: r.scope, source: r.source, reason });
    if (r.effect === "ban") ban = true;
  }
  const level: RiskLevel = ban ? (oem ? "oem" : "covered") : refs.length ? "watch" : "clear";
  const where = [...new Set(refs.map((r) => r.jurisdiction))].join(", ");
  const summary =
    level === "clear"
      ? undefined
      : `${level === "oem" ? `${oem?.name} brand, made by ${maker.name}` : `made by ${maker.name}`}${maker.parent && lineage[1] ? ` (${maker.relation ?? "part"} of ${lineage[1].name})` : ""}: ${refs.length} rule${refs.length === 1 ? "" : "s"} (${where})`;
  return summary ? { level, regulations: refs, summary } : { level, regulations: refs };
}
