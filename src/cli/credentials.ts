import { z } from "zod";
import type { Credentials } from "../scan/enrich.ts";
import { readValidated } from "./json-file.ts";

const FileSchema = z.object({ username: z.string().min(1), password: z.string() }).strict();

/**
 * Credentials come from CAMSWEEP_USERNAME/CAMSWEEP_PASSWORD or a JSON file {"username","password"};
 * never from a command-line value, which other users can read in the process list.
 */
export function loadCredentials(env: NodeJS.ProcessEnv, file?: string): Credentials | undefined {
  if (file) return readValidated(file, "credentials file", FileSchema);
  const username = env.CAMSWEEP_USERNAME;
  if (!username) return undefined;
  return { username, password: env.CAMSWEEP_PASSWORD ?? "" };
}
