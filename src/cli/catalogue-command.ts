import { BUILT_IN_DATA, builtInCatalogue, parseCatalogue, type Catalogue, type CatalogueData } from "../catalogue/index.ts";
import { validateOverride } from "../catalogue/validate.ts";
import { terminalSafe } from "../report/escape.ts";
import { CliError, EXIT } from "./errors.ts";
import { readJsonFile } from "./json-file.ts";
import type { Io } from "./scan-command.ts";

/** The built-in catalogue, amended by the user's override file when one is given. */
export function loadCatalogue(file?: string): Catalogue {
  if (!file) return builtInCatalogue();
  const { issues, data } = validateOverride(readJsonFile(file, "catalogue file"), BUILT_IN_DATA as unknown as CatalogueData);
  if (!data) throw new CliError(`catalogue file ${file}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  return parseCatalogue(data);
}

/** `camsweep catalogue`: vendors and regulations; `--validate FILE` checks an override file and names every error. */
export function catalogueCommand(flags: { validate?: string; catalogue?: string }, io: Io): number {
  if (flags.validate) {
    const { issues, data } = validateOverride(readJsonFile(flags.validate, "catalogue file"), BUILT_IN_DATA as unknown as CatalogueData);
    if (!data) {
      for (const i of issues) io.stderr.write(`${flags.validate}: ${i.path}: ${terminalSafe(i.message)}\n`);
      io.stderr.write(`${flags.validate}: ${issues.length} error${issues.length === 1 ? "" : "s"}\n`);
      return EXIT.usage;
    }
    io.stdout.write(`${flags.validate}: ok (${data.vendors.length} vendors, ${data.brands.length} brands, ${data.regulations.length} regulations, ${data.fingerprints.length} fingerprint rules after merging)\n`);
    return EXIT.ok;
  }
  const c = loadCatalogue(flags.catalogue);
  const out: string[] = ["VENDORS", `${"id".padEnd(18)} ${"name".padEnd(24)} ${"country".padEnd(7)} part of`];
  for (const v of c.data.vendors) {
    const parent = v.parent ? `${c.vendor(v.parent)?.name ?? v.parent} (${v.relation ?? "part"})` : "";
    out.push(`${v.id.padEnd(18)} ${v.name.padEnd(24)} ${(v.country ?? "").padEnd(7)} ${parent}`.trimEnd());
  }
  out.push("", "BRANDS (name on the box → maker)");
  for (const b of c.data.brands) out.push(`${b.name.padEnd(18)} ${(c.vendor(b.maker)?.name ?? b.maker).padEnd(24)} ${b.relation}, confidence ${b.confidence}${b.modelLines ? `; ${b.modelLines}` : ""}`);
  out.push("", "REGULATIONS", `${"where".padEnd(6)} ${"in force".padEnd(10)} ${"effect".padEnd(6)} rule`);
  for (const r of [...c.data.regulations].sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || a.date.localeCompare(b.date))) {
    out.push(`${r.jurisdiction.padEnd(6)} ${r.date.padEnd(10)} ${r.effect.padEnd(6)} ${r.title}`);
    out.push(`${"".padEnd(25)}names: ${r.vendors.map((v) => c.vendor(v)?.name ?? v).join(", ")}${r.includesSubsidiaries ? " (and subsidiaries)" : ""}`);
    out.push(`${"".padEnd(25)}${r.source}`);
  }
  out.push("", `${c.rules.length} fingerprint rules. ban: restricts buying, using or authorising; watch: export, investment or state lists, or one institution. Not legal advice.`);
  io.stdout.write(`${out.join("\n")}\n`);
  return EXIT.ok;
}
