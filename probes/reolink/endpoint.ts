import type { Observation } from "../../src/model/observation.ts";
import type { EndpointReading, InfoEndpointRecord } from "../info-endpoint.ts";

export const REOLINK_API = "/cgi-bin/api.cgi?cmd=GetDevInfo";
const DEV_INFO: Record<string, string> = { model: "reolink.model", serial: "reolink.serial", firmVer: "reolink.firmware", type: "reolink.type", hardVer: "reolink.hardware" };

/**
 * Reolink's JSON API answers a command array with a result array. Unauthenticated, GetDevInfo comes back as an error
 * object ({"rspCode": -6, "detail": "please login first"}) whose shape is itself the evidence. Never throws.
 */
export function parseReolinkReply(ip: string, url: string, body: string): EndpointReading {
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch {
    return { observations: [], error: "GetDevInfo reply is not JSON" };
  }
  const first = (Array.isArray(j) ? j[0] : undefined) as { cmd?: unknown; code?: unknown; error?: { rspCode?: unknown; detail?: unknown }; value?: { DevInfo?: Record<string, unknown> } } | undefined;
  if (!first || typeof first !== "object" || typeof first.cmd !== "string") return { observations: [], error: "GetDevInfo reply is not a command result array" };
  const obs: Observation[] = [];
  // A command result with its code ("GetDevInfo 0"): the shape of Reolink's API, logged in or not.
  if (typeof first.code === "number") obs.push({ ip, probe: "reolink", field: "reolink.reply", value: `${first.cmd.slice(0, 40)} ${first.code}`, url });
  if (first.error && typeof first.error.rspCode === "number") {
    obs.push({ ip, probe: "reolink", field: "reolink.error", value: `${first.cmd} ${first.error.rspCode} ${String(first.error.detail ?? "").slice(0, 100)}`.trim(), url });
  }
  for (const [k, field] of Object.entries(DEV_INFO)) {
    const v = first.value?.DevInfo?.[k];
    if (typeof v === "string" && v.trim()) obs.push({ ip, probe: "reolink", field, value: v.trim().slice(0, 200), url });
  }
  return { observations: obs };
}

export const reolinkEndpoint: InfoEndpointRecord = {
  name: "reolink-api",
  description: "Reolink api.cgi GetDevInfo (JSON; without a login token it answers an error object)",
  path: REOLINK_API,
  method: "POST",
  identifies: true,
  body: JSON.stringify([{ cmd: "GetDevInfo", action: 0, param: {} }]),
  contentType: "application/json",
  digest: false,
  emits: ["reolink.reply", "reolink.error", ...Object.values(DEV_INFO)],
  parse: (ip, url, body, status) => (status === 200 ? parseReolinkReply(ip, url, body) : { observations: [] }),
};
