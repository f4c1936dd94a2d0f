import type { Observation } from "../src/model/observation.ts";

/** A key=value text reply (Dahua CGI, Hanwha SUNAPI): the listed keys as observations, first 200 lines only. */
export function readKeyValues(ip: string, url: string, text: string, probe: string, map: Record<string, string>): Observation[] {
  const obs: Observation[] = [];
  for (const line of text.split(/\r?\n/).slice(0, 200)) {
    const m = /^([A-Za-z][\w.]*)=(.*)$/.exec(line.trim());
    const field = m?.[1] ? map[m[1]] : undefined;
    if (field && m?.[2]?.trim()) obs.push({ ip, probe, field, value: m[2].trim().slice(0, 200), url });
  }
  return obs;
}
