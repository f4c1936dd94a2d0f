import { existsSync } from "node:fs";
import path from "node:path";
import { DEFAULT_CONFIG_FILE, PATH_KEYS, type Config } from "../options/scan-flags.ts";
import { CliError } from "./errors.ts";
import { readJsonFile } from "./json-file.ts";

export { DEFAULT_CONFIG_FILE, type Config } from "../options/scan-flags.ts";

/** Read the config named by --config, or ./camsweep.config.json when it exists. Paths in it are relative to it. */
export async function loadConfig(file: string | undefined, cwd = process.cwd()): Promise<Config> {
  const chosen = file ?? (existsSync(path.join(cwd, DEFAULT_CONFIG_FILE)) ? path.join(cwd, DEFAULT_CONFIG_FILE) : undefined);
  if (!chosen) return {};
  const { ConfigSchema } = await import("../options/config-schema.ts");
  const parsed = ConfigSchema.safeParse(readJsonFile(chosen, "config file"));
  if (!parsed.success) {
    throw new CliError(`config file ${chosen}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  }
  const dir = path.dirname(path.resolve(chosen));
  const c: Config = { ...(parsed.data as Config) };
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
