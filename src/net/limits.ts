import { readFileSync } from "node:fs";

/** The soft limit on open files from /proc/self/limits (Linux); undefined where it cannot be read or is unlimited. */
export function openFileLimit(text?: string): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(text ?? readFileSync("/proc/self/limits", "utf8"));
    return m?.[1] && m[1] !== "unlimited" ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
