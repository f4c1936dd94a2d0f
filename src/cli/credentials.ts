import { statSync } from "node:fs";
import { z } from "zod";
import type { Credentials } from "../scan/enrich.ts";
import { readValidated } from "./json-file.ts";

const FileSchema = z.object({ username: z.string().min(1), password: z.string() }).strict();

/**
 * Credentials come from CAMSWEEP_USERNAME/CAMSWEEP_PASSWORD or a JSON file {"username","password"};
 * never from a command-line value, which other users can read in the process list.
 */
export function loadCredentials(env: NodeJS.ProcessEnv, file?: string, warn: (s: string) => void = () => undefined): Credentials | undefined {
  if (file) {
    const creds = readValidated(file, "credentials file", FileSchema);
    try {
      const mode = statSync(file).mode & 0o777;
      if (mode & 0o077) warn(`credentials file ${file} can be read by other users (mode ${mode.toString(8).padStart(4, "0")}); chmod 600 it`);
    } catch {
      /* read a moment ago; nothing to add */
    }
    return creds;
  }
  const username = env.CAMSWEEP_USERNAME;
  if (!username) return undefined;
  return { username, password: env.CAMSWEEP_PASSWORD ?? "" };
}
