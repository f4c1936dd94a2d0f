import type { Observation } from "../src/model/observation.ts";

export interface JsonReading {
  observations: Observation[];
  error?: string;
}

/**
 * Read a device's JSON reply: parse it, pick the object that holds the facts, and turn the listed string keys into
 * observations (values capped at 200 characters). Never throws.
 */
export function readJsonFields(
  ip: string,
  url: string,
  body: string,
  probe: string,
  what: string,
  pick: (j: unknown) => unknown,
  fields: Record<string, string>,
): JsonReading {
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch {
    return { observations: [], error: `${what} reply is not JSON` };
  }
  const obj = pick(j);
  if (!obj || typeof obj !== "object") return { observations: [], error: `${what} reply lacks the expected object` };
  const observations: Observation[] = [];
  for (const [key, field] of Object.entries(fields)) {
    const v = (obj as Record<string, unknown>)[key];
    if (typeof v === "string" && v.trim()) observations.push({ ip, probe, field, value: v.trim().slice(0, 200), url });
  }
  return { observations };
}
