import { fill, type Persona, type PersonaContext } from "../persona.ts";

/** The M-SEARCH replies of a persona (one datagram per matching notification type). */
export function respondSsdp(persona: Persona, ctx: PersonaContext, text: string, now = new Date()): string[] {
  const p = persona.ssdp;
  if (!p || !/^M-SEARCH \* HTTP\/1\.1/i.test(text) || !/^MAN:\s*"ssdp:discover"/im.test(text)) return [];
  const st = /^ST:\s*(.+?)\s*$/im.exec(text)?.[1];
  if (!st) return [];
  const matching = st === "ssdp:all" ? p.nts : p.nts.filter((nt) => nt.toLowerCase() === st.toLowerCase());
  return matching.map((nt) => {
    const usn = nt.startsWith("uuid:") ? nt : `${p.udn}::${nt}`;
    const headers: [string, string][] = [
      ["CACHE-CONTROL", "max-age=1800"],
      ["DATE", now.toUTCString()],
      ["EXT", ""],
      ["LOCATION", fill(p.location, ctx)],
      ["SERVER", p.server],
      ["ST", nt],
      ["USN", usn],
      ...Object.entries(p.extraHeaders ?? {}),
    ];
    return `HTTP/1.1 200 OK\r\n${headers.map(([k, v]) => `${k}: ${v}`.replace(/: $/, ":")).join("\r\n")}\r\n\r\n`;
  });
}

/**
 * How long a device may wait before answering a multicast M-SEARCH: MX seconds, at most 5 (UPnP Device
 * Architecture 1.1 §1.3.2); 1 s when MX is missing or unreadable.
 */
export function ssdpMxMs(text: string): number {
  const mx = Number(/^MX:\s*(\d+)\s*$/im.exec(text)?.[1]);
  return Number.isFinite(mx) && mx >= 1 ? Math.min(mx, 5) * 1000 : 1000;
}
