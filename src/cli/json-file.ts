import { readFileSync } from "node:fs";
import type { z } from "zod";
import { CliError } from "./errors.ts";

/** Read a JSON file the user named; any problem is one CliError line naming the file. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${what} ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

export function zodIssues(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** Read and validate; every schema error is named with its path. */
export function readValidated<T>(file: string, what: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(readJsonFile(file, what));
  if (!parsed.success) throw new CliError(`${what} ${file}: ${zodIssues(parsed.error)}`);
  return parsed.data;
}
