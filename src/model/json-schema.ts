import { z } from "zod";
import { ReportSchema, SCHEMA_VERSION } from "./report.ts";

/** The published JSON Schema of `--format json`, generated from the zod schema (schema/report.schema.json). */
export function reportJsonSchema(): string {
  const schema = z.toJSONSchema(ReportSchema, { target: "draft-2020-12" }) as Record<string, unknown>;
  const out = { $id: `urn:camsweep:report:${SCHEMA_VERSION}`, title: `camsweep report ${SCHEMA_VERSION}`, ...schema };
  return `${JSON.stringify(out, null, 2)}\n`;
}
