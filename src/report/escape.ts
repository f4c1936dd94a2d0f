// Controls (C0 but tab and newline, DEL, C1) rewrite a terminal or a log line; bidirectional overrides, isolates and
// marks make "Hikvision" read as something else. Nothing a device says may carry either to a person.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The one sanitiser for device-supplied text on its way to a person: each unsafe character becomes U+FFFD. */
export function cleanText(s: string, opts: { keepNewlines?: boolean } = {}): string {
  return s.replace(opts.keepNewlines ? UNSAFE : UNSAFE_OR_BREAK, (c) => (opts.keepNewlines && c === "\t" ? c : "\uFFFD"));
}

/** A device string on one terminal line: no controls, no line breaks, no bidi overrides. */
export const terminalSafe = (s: string): string => cleanText(s);

/** Does the text still hold a character no person should be shown raw? (Used by tests and the hostile suite.) */
export function hasUnsafeText(s: string, opts: { keepNewlines?: boolean } = {}): boolean {
  return (opts.keepNewlines ? UNSAFE : UNSAFE_OR_BREAK).test(s);
}

// JSON.stringify escapes C0 controls but leaves DEL, C1 and bidi characters raw; escaping them is lossless.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** JSON text with every control and bidi character as a \\u escape: the data intact, nothing raw for a viewer. */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
