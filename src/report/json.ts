import type { Report } from "../model/report.ts";
import { safeJson } from "./escape.ts";

export function renderJson(report: Report): string {
  return `${safeJson(report, 2)}\n`;
}
