import { BUILT_IN_DATA, type Catalogue, type CatalogueData } from "../catalogue/index.ts";
import { parseCatalogue } from "../catalogue/parse.ts";
import { validateOverride } from "../catalogue/validate.ts";
import { appliesOn, citedSource, inForceFrom, namesVendorOn, reachesAffiliatesOn, staleRegulations } from "../catalogue/regulations.ts";
import { evidenceVocabulary } from "../../probes/evidence-fields.ts";
import { terminalSafe } from "../report/escape.ts";
import { CliError, EXIT } from "./errors.ts";
import { readJsonFile } from "./json-file.ts";
import type { Io } from "./scan-command.ts";

/** The built-in catalogue, amended by the user's override file when one is given. */
export function loadCatalogue(file?: string): Catalogue {
  // The built-in catalogue is checked against its schema here too: `camsweep catalogue` says whether it is sound.
  if (!file) return parseCatalogue(BUILT_IN_DATA);
  const { issues, data } = validateOverride(readJsonFile(file, "catalogue file"), BUILT_IN_DATA as unknown as CatalogueData, evidenceVocabulary());
  if (!data) throw new CliError(`catalogue file ${file}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  return parseCatalogue(data);
}

/** `camsweep catalogue`: vendors and regulations; `--validate FILE` checks an override file and names every error. */
export function catalogueCommand(flags: { validate?: string; catalogue?: string; asOf?: string; stale?: number }, io: Io): number {
  if (flags.validate) {
    const { issues, data } = validateOverride(readJsonFile(flags.validate, "catalogue file"), BUILT_IN_DATA as unknown as CatalogueData, evidenceVocabulary());
    if (!data) {
      for (const i of issues) io.stderr.write(`${flags.validate}: ${i.path}: ${terminalSafe(i.message)}\n`);
      io.stderr.write(`${flags.validate}: ${issues.length} error${issues.length === 1 ? "" : "s"}\n`);
      return EXIT.usage;
    }
    io.stdout.write(`${flags.validate}: ok (${data.vendors.length} vendors, ${data.brands.length} brands, ${data.regulations.length} regulations, ${data.fingerprints.length} fingerprint rules after merging)\n`);
    return EXIT.ok;
  }
  const c = loadCatalogue(flags.catalogue);
  const today = new Date().toISOString().slice(0, 10);
  if (flags.stale !== undefined) {
    const stale = staleRegulations(c.data, today, flags.stale);
    for (const r of stale) io.stdout.write(`${r.id.padEnd(32)} ${r.checked ? `checked ${r.checked}` : "never checked"}  ${terminalSafe(citedSource(r))}\n`);
    io.stdout.write(`${stale.length} of ${c.data.regulations.length} rules not checked against their source in ${flags.stale} days (catalogue ${c.data.meta.version})\n`);
    return stale.length ? EXIT.findings : EXIT.ok;
  }
  const out: string[] = [`camsweep catalogue ${c.data.meta.version}, reviewed ${c.data.meta.reviewed}`, "", "VENDORS", `${"id".padEnd(18)} ${"name".padEnd(24)} ${"country".padEnd(7)} part of`];
  for (const v of c.data.vendors) {
    const parent = v.parent ? `${c.vendor(v.parent)?.name ?? v.parent} (${v.relation ?? "part"})` : "";
    out.push(`${v.id.padEnd(18)} ${v.name.padEnd(24)} ${(v.country ?? "").padEnd(7)} ${parent}`.trimEnd());
  }
  out.push("", "BRANDS (name on the box → maker)");
  for (const b of c.data.brands) out.push(`${b.name.padEnd(18)} ${(c.vendor(b.maker)?.name ?? b.maker).padEnd(24)} ${b.relation}, confidence ${b.confidence}${b.modelLines ? `; ${b.modelLines}` : ""}`);
  // As of a date: only the rules in force then, naming only the vendors they named by then.
  const asOf = flags.asOf;
  const regs = c.data.regulations
    .filter((r) => !asOf || appliesOn(r, asOf))
    .sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || inForceFrom(a).localeCompare(inForceFrom(b)));
  out.push("", asOf ? `REGULATIONS IN FORCE ON ${asOf} (${regs.length} of ${c.data.regulations.length})` : "REGULATIONS", `${"where".padEnd(6)} ${"in force".padEnd(10)} ${"effect".padEnd(6)} rule`);
  for (const r of regs) {
    const vendors = asOf ? r.vendors.filter((v) => namesVendorOn(r, v, asOf)) : r.vendors;
    const affiliates = asOf ? reachesAffiliatesOn(r, asOf) : r.includesSubsidiaries;
    out.push(`${r.jurisdiction.padEnd(6)} ${inForceFrom(r).padEnd(10)} ${r.effect.padEnd(6)} ${r.title}${r.status === "in-force" ? "" : ` [${r.status}]`}`);
    out.push(`${"".padEnd(25)}names: ${vendors.map((v) => c.vendor(v)?.name ?? v).join(", ")}${affiliates ? " (and subsidiaries)" : ""}`);
    out.push(`${"".padEnd(25)}${r.meaning}`);
    out.push(`${"".padEnd(25)}${citedSource(r)}${r.checked ? ` (checked ${r.checked})` : " (not yet checked against it)"}`);
  }
  out.push("", `${c.rules.length} fingerprint rules. ban: a national rule against buying, using or authorising; watch: a list, a state's or province's rule, or one institution's decision. Not legal advice.`);
  io.stdout.write(`${out.join("\n")}\n`);
  return EXIT.ok;
}
