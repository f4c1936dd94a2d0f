import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { JURISDICTIONS } from "../classify/classify.ts";
import { FAIL_ON_LEVELS } from "../model/report.ts";
import { CliError } from "./errors.ts";
import { readJsonFile } from "./json-file.ts";
import { FORMATS } from "./output.ts";

export const DEFAULT_CONFIG_FILE = "camsweep.config.json";

/** Defaults for every scan flag; flags on the command line override them. */
export const ConfigSchema = z
  .object({
    targets: z.array(z.string()),
    interface: z.array(z.string()),
    format: z.enum(FORMATS),
    output: z.array(z.string()),
    listen: z.number().int().min(100).max(60_000),
    ports: z.array(z.number().int().min(1).max(65535)),
    sweepConcurrency: z.number().int().min(1).max(4096),
    concurrency: z.number().int().min(1).max(1024),
    perHost: z.number().int().min(1).max(16),
    timeout: z.number().int().min(100).max(120_000),
    deviceBudget: z.number().int().min(1000).max(600_000),
    probes: z.array(z.string()),
    credentialsFile: z.string(),
    jurisdiction: z.array(z.enum(JURISDICTIONS)),
    failOn: z.enum(FAIL_ON_LEVELS),
    failOnNew: z.boolean(),
    exceptions: z.string(),
    catalogue: z.string(),
    baseline: z.string(),
    prom: z.string(),
    verbose: z.boolean(),
    quiet: z.boolean(),
  })
  .partial()
  .strict();
export type Config = z.infer<typeof ConfigSchema>;

const PATH_KEYS = ["output", "credentialsFile", "exceptions", "catalogue", "baseline", "prom"] as const;

/** Read the config named by --config, or ./camsweep.config.json when it exists. Paths in it are relative to it. */
export function loadConfig(file: string | undefined, cwd = process.cwd()): Config {
  const chosen = file ?? (existsSync(path.join(cwd, DEFAULT_CONFIG_FILE)) ? path.join(cwd, DEFAULT_CONFIG_FILE) : undefined);
  if (!chosen) return {};
  const parsed = ConfigSchema.safeParse(readJsonFile(chosen, "config file"));
  if (!parsed.success) {
    throw new CliError(`config file ${chosen}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  }
  const dir = path.dirname(path.resolve(chosen));
  const c: Config = { ...parsed.data };
  for (const k of PATH_KEYS) {
    const v = c[k];
    if (typeof v === "string") (c as Record<string, unknown>)[k] = path.resolve(dir, v);
    else if (Array.isArray(v)) (c as Record<string, unknown>)[k] = v.map((x) => path.resolve(dir, x));
  }
  return c;
}

/** Flags typed on the command line win; then the config; then the built-in defaults. */
export function mergeConfig<T extends object>(flags: T, config: Config, fromCli: (key: string) => boolean): T {
  const out = { ...flags } as Record<string, unknown>;
  for (const [k, v] of Object.entries(config)) if (k !== "targets" && !fromCli(k)) out[k] = v;
  return out as T;
}
