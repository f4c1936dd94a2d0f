import type { CatalogueIssue as Issue } from "./index.ts";
import { effectForReach } from "./regulation-terms.ts";
import type { CatalogueData, Regulation } from "./schema.ts";

/** When the rule first applies. */
export const inForceFrom = (r: Regulation): string => r.inForce[0]!.date;

/** "2020-06" is June 2020: compared as its last day would be too generous, so a month counts from its first day. */
const day = (d: string): string => (d.length === 7 ? `${d}-01` : d);

/** Did the rule apply on `date` (YYYY-MM-DD)? In force by then, and not ended before it. */
export function appliesOn(r: Regulation, date: string): boolean {
  return day(inForceFrom(r)) <= date && !(r.ended && day(r.ended.date) <= date);
}

/** Was `vendor` named by the rule on `date`? Vendors added later carry their own date. */
export function namesVendorOn(r: Regulation, vendor: string, date: string): boolean {
  if (!r.vendors.includes(vendor) || !appliesOn(r, date)) return false;
  const since = r.listedSince?.[vendor];
  return !since || day(since) <= date;
}

/** Did the rule reach subsidiaries and affiliates on `date`? A dated period decides; "unknown" counts as reached. */
export function reachesAffiliatesOn(r: Regulation, date: string): boolean {
  const p = r.affiliates?.find((a) => day(a.from) <= date && (!a.to || date <= day(a.to)));
  return p ? p.reached !== false : r.includesSubsidiaries;
}

/** The source a report cites: the first primary one, else the first. */
export const citedSource = (r: Regulation): string => (r.sources.find((s) => s.kind === "primary") ?? r.sources[0]!).url;

const official = (host: string, domains: readonly string[]): boolean => domains.some((d) => host === d || host.endsWith(`.${d}`));

/**
 * Facts about the regulations that can be checked offline: a primary source on an official domain (or a stated
 * reason why none is public), dates in order, vendors added no earlier than the rule, and the effect the documented
 * rule gives its reach (a national prohibition is a ban; a state's, one institution's or a list is to watch).
 */
export function regulationIssues(data: CatalogueData): Issue[] {
  const issues: Issue[] = [];
  const ids = new Set<string>();
  data.regulations.forEach((r, i) => {
    const at = `regulations.${i}`;
    if (ids.has(r.id)) issues.push({ path: `${at}.id`, message: `duplicate regulation id "${r.id}"` });
    ids.add(r.id);
    const primary = r.sources.filter((s) => s.kind === "primary");
    r.sources.forEach((s, k) => {
      if (s.kind === "primary" && !official(new URL(s.url).hostname, data.meta.officialDomains)) {
        issues.push({ path: `${at}.sources.${k}.url`, message: `primary source on ${new URL(s.url).hostname}, which is not an official domain (meta.officialDomains)` });
      }
    });
    if (!primary.length && !r.secondaryOnly) issues.push({ path: `${at}.sources`, message: "no primary source, and no secondaryOnly reason why none is public" });
    if (primary.length && r.secondaryOnly) issues.push({ path: `${at}.secondaryOnly`, message: "says no primary source is public, but cites one" });
    if (r.effect !== effectForReach(r.reach)) issues.push({ path: `${at}.effect`, message: `effect "${r.effect}" for reach "${r.reach}": the rule is ${effectForReach(r.reach)}` });
    if (day(r.made) > day(inForceFrom(r))) issues.push({ path: `${at}.inForce.0.date`, message: `in force ${inForceFrom(r)} before it was made (${r.made})` });
    r.inForce.forEach((x, k) => {
      if (k > 0 && day(x.date) < day(r.inForce[k - 1]!.date)) issues.push({ path: `${at}.inForce.${k}.date`, message: "in-force dates out of order" });
    });
    if (r.ended && day(r.ended.date) <= day(inForceFrom(r))) issues.push({ path: `${at}.ended.date`, message: "ended before it was in force" });
    if (r.ended && r.status === "in-force") issues.push({ path: `${at}.status`, message: `status in-force, but ended ${r.ended.date}` });
    for (const [v, d] of Object.entries(r.listedSince ?? {})) {
      if (!r.vendors.includes(v)) issues.push({ path: `${at}.listedSince.${v}`, message: `"${v}" is not among the rule's vendors` });
      if (day(d) < day(inForceFrom(r))) issues.push({ path: `${at}.listedSince.${v}`, message: `listed ${d}, before the rule was in force (${inForceFrom(r)})` });
    }
    (r.affiliates ?? []).forEach((a, k) => {
      if (a.to && day(a.to) < day(a.from)) issues.push({ path: `${at}.affiliates.${k}.to`, message: "period ends before it starts" });
      const prev = r.affiliates?.[k - 1];
      if (prev && (!prev.to || day(prev.to) >= day(a.from))) issues.push({ path: `${at}.affiliates.${k}.from`, message: "periods overlap or are out of order" });
    });
    if (r.checked && day(r.checked) > day(data.meta.reviewed)) issues.push({ path: `${at}.checked`, message: `checked ${r.checked}, after the catalogue's review date ${data.meta.reviewed}` });
  });
  return issues;
}

/** Entries not checked within `days` of `today` (or never). */
export function staleRegulations(data: CatalogueData, today: string, days: number): Regulation[] {
  const cutoff = new Date(Date.parse(today) - days * 86_400_000).toISOString().slice(0, 10);
  return data.regulations.filter((r) => !r.checked || day(r.checked) < cutoff);
}
