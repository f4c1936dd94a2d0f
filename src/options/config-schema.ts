import { z } from "zod";
import { isoDay, SCAN_FLAGS, type Kind } from "./scan-flags.ts";

// Apart from the flags themselves: zod loads only when a config file is read (a scan without one never needs it).

function schemaOf(k: Kind): z.ZodType {
  switch (k.type) {
    case "int":
      return z.number().int().min(k.min).max(k.max);
    case "ports":
      return z.array(z.number().int().min(1).max(65535));
    case "list":
      return z.array(k.of ? z.enum(k.of as [string, ...string[]]) : z.string());
    case "choice":
      return z.enum(k.of as [string, ...string[]]);
    case "path":
    case "text":
      return z.string();
    case "paths":
      return z.array(z.string());
    case "date":
      return z.string().refine((v) => {
        try {
          return isoDay(v) === v;
        } catch {
          return false;
        }
      }, "expected a date as YYYY-MM-DD");
    case "flag":
      return z.boolean();
  }
}

/** Options with a "--no-" form (`--no-db`) take `false` in the file too: a cron job's config can say it. */
const negatable = new Set(SCAN_FLAGS.filter((f) => f.flags.startsWith("--no-")).map((f) => f.key));

/** The config file: defaults for every scan option (plus the targets); flags on the command line override them. */
export const ConfigSchema = z
  .object({
    targets: z.array(z.string()),
    ...Object.fromEntries(SCAN_FLAGS.filter((f) => f.config !== false).map((f) => [f.key, negatable.has(f.key) ? schemaOf(f.kind).or(z.literal(false)) : schemaOf(f.kind)])),
  })
  .partial()
  .strict();
