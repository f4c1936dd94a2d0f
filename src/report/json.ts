import type { Report } from "../model/report.ts";
import { safeJson } from "./escape.ts";

/**
 * The report as `safeJson(report, 2)` writes it, in pieces: one per device, between the report's head and tail.
 * A scan of thousands of devices is never held as one string (tens of megabytes, and V8 caps a string's length).
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  const whole = safeJson({ ...report, devices: [] }, 2);
  // Top-level keys are the only ones indented by exactly two spaces; strings cannot hold a raw newline.
  const at = whole.indexOf('\n  "devices": []');
  const cut = at + '\n  "devices": ['.length;
  if (at < 0 || report.devices.length === 0) {
    yield `${whole}\n`;
    return;
  }
  yield whole.slice(0, cut);
  // Each device stringified where it sits, already indented: no second pass over its text to indent it.
  const head = '{\n  "devices": [\n'.length;
  const tail = "\n  ]\n}".length;
  for (const [i, d] of report.devices.entries()) {
    const text = safeJson({ devices: [d] }, 2);
    yield `${i ? "," : ""}\n${text.slice(head, text.length - tail)}`;
  }
  yield `\n  ${whole.slice(cut)}\n`;
}

export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join("");
}
