import { challengeHeader } from "./digest.ts";
import { fill, type Persona, type PersonaContext } from "../persona.ts";

/** The persona's answers to the complete RTSP requests in `text`, as real servers give them. */
export function respondRtsp(persona: Persona, ctx: PersonaContext, text: string): string {
  const r = persona.rtsp;
  if (!r) return "";
  const sdp = r.sdp ? fill(r.sdp, ctx) : undefined;
  const out: string[] = [];
  for (const req of text.split("\r\n\r\n").filter((x) => x.trim())) {
    const method = /^(\w+)\s/.exec(req)?.[1];
    const cseq = /^CSeq:\s*(\d+)/im.exec(req)?.[1] ?? "0";
    const head = [`CSeq: ${cseq}`, ...(r.server ? [`Server: ${r.server}`] : []), `Date: ${new Date().toUTCString()}`];
    if (method === "OPTIONS") out.push(["RTSP/1.0 200 OK", ...head, `Public: ${r.public}`].join("\r\n") + "\r\n\r\n");
    else if (method === "DESCRIBE" && r.realm) out.push(["RTSP/1.0 401 Unauthorized", ...head, `WWW-Authenticate: ${challengeHeader(r.realm)}`].join("\r\n") + "\r\n\r\n");
    else if (method === "DESCRIBE" && sdp) out.push(["RTSP/1.0 200 OK", ...head, "Content-Type: application/sdp", `Content-Length: ${Buffer.byteLength(sdp)}`].join("\r\n") + `\r\n\r\n${sdp}`);
    else out.push(["RTSP/1.0 405 Method Not Allowed", ...head].join("\r\n") + "\r\n\r\n");
  }
  return out.join("");
}
