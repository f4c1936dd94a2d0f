import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import type { Report, RiskLevel } from "../model/report.ts";
import { renderJson } from "../report/json.ts";
import { renderTable } from "../report/table.ts";
import { CliError } from "./errors.ts";

export const FORMATS = ["table", "json"] as const;
export type Format = (typeof FORMATS)[number];

const COLOURS: Record<RiskLevel, (s: string) => string> = {
  covered: (s) => pc.bold(pc.red(s)),
  oem: pc.red,
  watch: pc.yellow,
  unidentified: pc.magenta,
  clear: pc.green,
};

export function render(report: Report, format: Format, colour: boolean, width?: number): string {
  if (format === "json") return renderJson(report);
  return renderTable(report, { colour: colour ? (l, t) => COLOURS[l](t) : undefined, ...(width ? { width } : {}) });
}

/** Write atomically: a half-written report must never replace a good one. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 3);
  }
}

export function formatFromFile(file: string): Format | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === ".json" ? "json" : ext === ".txt" ? "table" : undefined;
}
