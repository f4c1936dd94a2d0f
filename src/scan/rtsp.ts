import type { Observation } from "../model/observation.ts";
import { exchange } from "../net/tcp.ts";
import { hostForUrl } from "../net/scope.ts";
import { buildRtspRequest, takeRtspResponse, type RtspResponse } from "../../probes/rtsp/message.ts";
import { rtspObservations } from "../../probes/rtsp/observe.ts";

/** OPTIONS then an unauthenticated DESCRIBE on one connection: the Server header, the 401 realm, SDP hints. */
export async function probeRtsp(ip: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<{ observations: Observation[]; warning?: string }> {
  const url = `rtsp://${hostForUrl(ip)}:${port}/`;
  const replies = (buf: Buffer): RtspResponse[] => {
    const out: RtspResponse[] = [];
    let rest = buf;
    for (let t = takeRtspResponse(rest); t; t = takeRtspResponse(rest)) {
      out.push(t.response);
      rest = t.rest;
      if (t.response.status === 0) break;
    }
    return out;
  };
  const { data, error } = await exchange(ip, port, [buildRtspRequest("OPTIONS", url, 1), buildRtspRequest("DESCRIBE", url, 2)], (b) => replies(b).length >= 2, { timeoutMs, maxBytes: 64 * 1024, ...(signal ? { signal } : {}) });
  const got = replies(data);
  const observations = rtspObservations(ip, url, got);
  if (got.length === 0) return error ? { observations, warning: `rtsp: ${url}: ${error}` } : { observations };
  return { observations };
}
