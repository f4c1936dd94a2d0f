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
    // The parser's message quotes the text around the error: in a credentials file, part of the password. Say where only.
    const at = /position (\d+)/.exec((e as Error).message);
    const where = at ? ((n: number) => { const before = text.slice(0, n).split("\n"); return ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`; })(Number(at[1])) : "";
    throw new CliError(`${what} ${file} is not valid JSON${where}`);
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
