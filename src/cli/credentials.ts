import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Credentials } from "../scan/enrich.ts";
import { CliError } from "./errors.ts";

const FileSchema = z.object({ username: z.string().min(1), password: z.string() }).strict();

/**
 * Credentials come from CAMSWEEP_USERNAME/CAMSWEEP_PASSWORD or a JSON file {"username","password"};
 * never from a command-line value, which other users can read in the process list.
 */
export function loadCredentials(env: NodeJS.ProcessEnv, file?: string): Credentials | undefined {
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new CliError(`cannot read credentials file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new CliError(`credentials file ${file} is not JSON; expected {"username": "...", "password": "..."}`);
    }
    const parsed = FileSchema.safeParse(raw);
    if (!parsed.success) throw new CliError(`credentials file ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    return parsed.data;
  }
  const username = env.CAMSWEEP_USERNAME;
  if (!username) return undefined;
  return { username, password: env.CAMSWEEP_PASSWORD ?? "" };
}
