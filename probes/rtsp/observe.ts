import type { Observation } from "../../src/model/observation.ts";
import { parseRealm } from "../http/parse.ts";
import type { RtspResponse } from "./message.ts";

/** Observations from the OPTIONS and DESCRIBE replies of one RTSP server. Pure. */
export const RTSP_EMITS = ["rtsp.status", "rtsp.server", "rtsp.public", "rtsp.realm", "rtsp.sdp"] as const;

export function rtspObservations(ip: string, url: string, replies: RtspResponse[]): Observation[] {
  const out: Observation[] = [];
  const add = (field: (typeof RTSP_EMITS)[number], value: string | undefined): void => {
    if (value?.trim() && !out.some((o) => o.field === field && o.value === value.trim())) out.push({ ip, probe: "rtsp", field, value: value.trim().slice(0, 4096), url });
  };
  for (const r of replies) {
    if (r.status === 0) continue;
    add("rtsp.status", String(r.status));
    add("rtsp.server", r.headers["server"]);
    add("rtsp.public", r.headers["public"]);
    add("rtsp.realm", parseRealm(r.headers["www-authenticate"]));
    if (r.body && (r.headers["content-type"] ?? "").includes("sdp")) add("rtsp.sdp", r.body.replace(/\r\n/g, "\n"));
  }
  return out;
}
