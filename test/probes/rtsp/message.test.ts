import { describe, expect, it } from "vitest";
import { buildRtspRequest, takeRtspResponse } from "../../../probes/rtsp/message.ts";
import { rtspObservations } from "../../../probes/rtsp/observe.ts";
import { builtInCatalogue } from "../../../src/catalogue/index.ts";
import { identify } from "../../../src/identify/identify.ts";
import { fixture } from "../../helpers.ts";

/** The OPTIONS and DESCRIBE replies of the Hikvision transcript (blocks starting "RTSP/1.0"), as wire bytes. */
function hikvisionReplies(): Buffer {
  const blocks = fixture("samples/hikvision-rtsp-session-1.txt").split(/\r?\n\r?\n/);
  const replies = blocks.filter((b) => b.startsWith("RTSP/1.0") && !/Content-Length/i.test(b)).map((b) => `${b.replace(/\r?\n/g, "\r\n")}\r\n\r\n`);
  return Buffer.from(replies.join(""), "latin1");
}

describe("RTSP", () => {
  it("builds requests with CSeq and an empty line", () => {
    const r = buildRtspRequest("DESCRIBE", "rtsp://192.0.2.1:554/", 2);
    expect(r).toBe("DESCRIBE rtsp://192.0.2.1:554/ RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: camsweep\r\nAccept: application/sdp\r\n\r\n");
  });

  it("reads the Hikvision session: no Server header, the IP Camera realm; camsweep names Hikvision", () => {
    const buf = hikvisionReplies();
    const first = takeRtspResponse(buf);
    expect(first?.response.status).toBe(200);
    expect(first?.response.headers.server).toBeUndefined();
    const replies = [];
    let rest = buf;
    for (let t = takeRtspResponse(rest); t && t.response.status; t = takeRtspResponse(rest)) {
      replies.push(t.response);
      rest = t.rest;
    }
    expect(replies.map((r) => r.status)).toContain(401);
    const obs = rtspObservations("192.0.2.64", "rtsp://192.0.2.64:554/", replies);
    expect(obs.find((o) => o.field === "rtsp.realm")?.value).toBe("IP Camera(C2875)");
    const id = identify(obs.map((o) => ({ source: o.probe, field: o.field, value: o.value })), builtInCatalogue());
    expect(id.vendor).toBe("Hikvision");
  });

  it("waits for a body announced by Content-Length", () => {
    const head = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: 10\r\n\r\n";
    expect(takeRtspResponse(Buffer.from(`${head}v=0\r\n`))).toBeUndefined();
    expect(takeRtspResponse(Buffer.from(`${head}v=0\r\nm=x\r\n`))?.response.body).toBe("v=0\r\nm=x\r\n");
    expect(takeRtspResponse(Buffer.from("HTTP/1.1 400 Bad Request\r\n\r\n"))?.response.status).toBe(0);
  });
});
