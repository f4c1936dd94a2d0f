import { statSync } from "node:fs";
import type { Credentials } from "../scan/enrich.ts";
import { readValidated } from "./json-file.ts";

/**
 * Credentials come from CAMSWEEP_USERNAME/CAMSWEEP_PASSWORD or a JSON file {"username","password"};
 * never from a command-line value, which other users can read in the process list.
 */
export async function loadCredentials(env: NodeJS.ProcessEnv, file?: string, warn: (s: string) => void = () => undefined): Promise<Credentials | undefined> {
  if (file) {
    // zod loads only when a file is given.
    const { z } = await import("zod");
    const creds = readValidated(file, "credentials file", z.object({ username: z.string().min(1), password: z.string() }).strict());
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
