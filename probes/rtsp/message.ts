/** An RTSP request as cameras expect it: CSeq on every request, an empty line at the end. */
export function buildRtspRequest(method: "OPTIONS" | "DESCRIBE", url: string, cseq: number): string {
  const extra = method === "DESCRIBE" ? "Accept: application/sdp\r\n" : "";
  return `${method} ${url} RTSP/1.0\r\nCSeq: ${cseq}\r\nUser-Agent: camsweep\r\n${extra}\r\n`;
}

export interface RtspResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Split a buffer into one complete RTSP response and the rest; undefined while incomplete.
 * Header names are case-insensitive; a body is read by Content-Length.
 */
export function takeRtspResponse(buf: Buffer): { response: RtspResponse; rest: Buffer } | undefined {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
  const m = /^RTSP\/1\.\d\s+(\d{3})/.exec(lines[0] ?? "");
  if (!m) return { response: { status: 0, headers: {}, body: "" }, rest: Buffer.alloc(0) };
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(":");
    if (i > 0) {
      const k = l.slice(0, i).trim().toLowerCase();
      headers[k] = headers[k] ? `${headers[k]}, ${l.slice(i + 1).trim()}` : l.slice(i + 1).trim();
    }
  }
  const len = Math.min(Number(headers["content-length"] ?? 0) || 0, 64 * 1024);
  const bodyStart = end + 4;
  if (buf.length < bodyStart + len) return undefined;
  return { response: { status: Number(m[1]), headers, body: buf.subarray(bodyStart, bodyStart + len).toString("utf8") }, rest: buf.subarray(bodyStart + len) };
}
