import { accessSync, closeSync, constants, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import type { Report, RiskLevel } from "../model/report.ts";
import { renderCsv } from "../report/csv.ts";
import { renderHtml } from "../report/html.ts";
import { renderJson, renderJsonChunks } from "../report/json.ts";
import { ndjsonDevice, ndjsonSummary, renderNdjson } from "../report/ndjson.ts";
import { renderTable } from "../report/table.ts";
import { CliError } from "./errors.ts";

import type { Format } from "../options/constants.ts";
export { FORMATS, type Format } from "../options/constants.ts";

const COLOURS: Record<RiskLevel, (s: string) => string> = {
  covered: (s) => pc.bold(pc.red(s)),
  oem: pc.red,
  watch: pc.yellow,
  unidentified: pc.magenta,
  unknown: pc.dim,
  clear: pc.green,
};

/** A report for a file, in pieces: JSON and NDJSON a device at a time, the other formats whole. */
export function renderChunks(report: Report, format: Format): Iterable<string> {
  switch (format) {
    case "json":
      return renderJsonChunks(report);
    case "ndjson":
      return [...report.devices.map(ndjsonDevice), ndjsonSummary(report)];
    default:
      return [render(report, format)];
  }
}

export function render(report: Report, format: Format, colour = false, width?: number): string {
  switch (format) {
    case "json":
      return renderJson(report);
    case "ndjson":
      return renderNdjson(report);
    case "csv":
      return renderCsv(report);
    case "html":
      return renderHtml(report);
    case "table":
      return renderTable(report, { colour: colour ? (l, t) => COLOURS[l](t) : undefined, ...(width ? { width } : {}) });
  }
}

/** Write atomically: a half-written report must never replace a good one (cron jobs read these). */
export function writeFileAtomic(file: string, text: string | Iterable<string>): void {
  const tmp = tempBeside(file);
  try {
    if (typeof text === "string") writeFileSync(tmp, text);
    else writeChunks(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never written */
    }
    throw new CliError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 3);
  }
}

/** Write the pieces in blocks of about 1 MB, so that no more than one block is held as bytes at a time. */
function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = openSync(file, "w");
  try {
    let block: string[] = [];
    let size = 0;
    const flush = (): void => {
      if (block.length) writeSync(fd, block.join(""));
      block = [];
      size = 0;
    };
    for (const c of chunks) {
      block.push(c);
      size += c.length;
      if (size >= 1 << 20) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
}

/**
 * Can `file` be written (atomically, through a temporary file beside it)? Checked before a scan sends anything:
 * an unwritable output found after a long scan loses the scan. Its folder is created when missing. Throws a
 * one-line CliError (exit 2).
 */
export function checkWritable(file: string): void {
  const dir = path.dirname(path.resolve(file));
  const why = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  try {
    // A missing folder is made (a cron job's first night); one that cannot be is a one-line error before the scan.
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError(`cannot write ${file}: cannot create its directory ${dir} (${why(e)})`);
  }
  try {
    if (!statSync(dir).isDirectory()) throw new CliError(`cannot write ${file}: ${dir} is not a directory`);
    accessSync(dir, constants.W_OK);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot write ${file}: its directory ${dir} ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `is not writable (${why(e)})`}`);
  }
  try {
    if (statSync(file).isDirectory()) throw new CliError(`cannot write ${file}: it is a directory`);
  } catch (e) {
    if (e instanceof CliError) throw e; // a file that does not exist yet is fine
  }
  // Permission bits do not bind root, and say nothing of /proc, a read-only mount or a squashed share: the write
  // itself is tried, with the temporary file the report will go through ("w": one a crashed run left is ours to reuse).
  const probe = tempBeside(path.resolve(file));
  try {
    closeSync(openSync(probe, "w"));
    unlinkSync(probe);
  } catch (e) {
    throw new CliError(`cannot write ${file}: files cannot be created in ${dir} (${why(e)})`);
  }
}

/** The temporary file an atomic write goes through: beside the target, hidden, this process's own. */
function tempBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

const EXTENSIONS: Record<string, Format> = { ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson", ".csv": "csv", ".html": "html", ".htm": "html", ".txt": "table" };

/**
 * The format of an output file: its extension's, else `explicit` (--format) for a file without one. An extension
 * that is no report format (x.xml), or that names another format than an explicit --format, is an error: a file
 * whose name says one thing and holds another is worse than none.
 */
export function formatFromFile(file: string, explicit?: Format): Format {
  const ext = path.extname(file).toLowerCase();
  const byExt = EXTENSIONS[ext];
  const known = "use .json, .ndjson, .csv, .html or .txt";
  if (ext && !byExt) throw new CliError(`cannot write ${file}: ${ext} is not a report format (${known}; a file without an extension takes --format)`);
  if (byExt && explicit && byExt !== explicit) throw new CliError(`cannot write ${file}: its extension says ${byExt} but --format says ${explicit} (drop --format, or name the file for it)`);
  const f = byExt ?? explicit;
  if (!f) throw new CliError(`cannot tell the format of ${file}: it has no extension (${known}, or give --format)`);
  return f;
}
