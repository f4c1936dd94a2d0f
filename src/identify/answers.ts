import type { Evidence } from "../model/report.ts";

/**
 * What a device answered, in one line, for a device that could not be identified: the web servers and their status
 * at "/", the open ports, an RTSP server, and how many device-info endpoints were asked. Pure.
 */
export function describeAnswers(evidence: readonly Evidence[]): string {
  const parts: string[] = [];
  const web = new Map<string, string>();
  for (const e of evidence) {
    if (e.field !== "http.status" || !e.url) continue;
    try {
      const u = new URL(e.url);
      web.set(u.port || (u.protocol === "https:" ? "443" : "80"), e.value);
    } catch {
      /* not a URL */
    }
  }
  for (const [port, status] of web) parts.push(`web server on port ${port} (HTTP ${status} at /)`);
  const open = [...new Set(evidence.filter((e) => e.field === "tcp.open").map((e) => e.value))].filter((p) => !web.has(p));
  if (open.length) parts.push(`open port${open.length === 1 ? "" : "s"} ${open.join(", ")}`);
  if (evidence.some((e) => e.field.startsWith("rtsp."))) parts.push("an RTSP server");
  const asked = evidence.filter((e) => e.field === "http.pathStatus");
  if (asked.length) {
    const answered = asked.filter((e) => !e.value.endsWith(" 404"));
    parts.push(`asked ${asked.length} device-info endpoint${asked.length === 1 ? "" : "s"}: ${answered.length ? answered.map((e) => e.value).join(", ") : "all 404"}, none identified it`);
  } else if (web.size) parts.push("no known device-info endpoint answered");
  if (parts.length === 0) {
    const by = [...new Set(evidence.map((e) => e.source))];
    return by.length ? `answered ${by.join(", ")} only` : "nothing answered";
  }
  return parts.join("; ");
}
