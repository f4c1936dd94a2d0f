import type { Persona, PersonaContext } from "../persona.ts";

export interface MockRecord {
  name: string;
  type: "PTR" | "SRV" | "TXT" | "A" | "AAAA";
  ttl: number;
  data: unknown;
  flush?: boolean;
}

const eq = (a: string, b: string): boolean => a.toLowerCase().replace(/\.$/, "") === b.toLowerCase().replace(/\.$/, "");

/** Answers and additionals of a persona for a list of questions, as a Bonjour responder gives them. */
export function respondMdns(persona: Persona, ctx: PersonaContext, questions: { name: string; type: string }[]): { answers: MockRecord[]; additionals: MockRecord[] } {
  const m = persona.mdns;
  const answers: MockRecord[] = [];
  const additionals: MockRecord[] = [];
  if (!m) return { answers, additionals };
  const host = `${m.hostname}.local`;
  // An IPv6 host announces its addresses as AAAA records beside the A record (RFC 6762 §6.2); zones stay local.
  const aaaa: MockRecord[] = (ctx.ipv6 ?? []).map((addr) => ({ name: host, type: "AAAA", ttl: 120, data: addr.replace(/%.*$/, ""), flush: true }));
  const a: MockRecord = { name: host, type: "A", ttl: 120, data: ctx.ip, flush: true };
  for (const q of questions) {
    for (const s of m.services) {
      const typeName = `${s.type}.local`;
      const fqdn = `${s.instance}.${typeName}`;
      const srv: MockRecord = { name: fqdn, type: "SRV", ttl: 120, data: { priority: 0, weight: 0, port: s.port === "http" ? ctx.httpPort : s.port, target: host }, flush: true };
      const txt: MockRecord = { name: fqdn, type: "TXT", ttl: 4500, data: Object.entries(s.txt ?? {}).map(([k, v]) => `${k}=${v}`), flush: true };
      if ((q.type === "PTR" || q.type === "ANY") && eq(q.name, "_services._dns-sd._udp.local")) {
        answers.push({ name: "_services._dns-sd._udp.local", type: "PTR", ttl: 4500, data: typeName });
      } else if ((q.type === "PTR" || q.type === "ANY") && eq(q.name, typeName)) {
        answers.push({ name: typeName, type: "PTR", ttl: 4500, data: fqdn });
        additionals.push(txt, srv, a, ...aaaa);
      } else if (q.type === "SRV" && eq(q.name, fqdn)) {
        answers.push(srv);
        additionals.push(a, ...aaaa);
      } else if (q.type === "TXT" && eq(q.name, fqdn)) {
        answers.push(txt);
      }
    }
    if ((q.type === "A" || q.type === "ANY") && eq(q.name, host)) answers.push(a);
    if ((q.type === "AAAA" || q.type === "ANY") && eq(q.name, host)) answers.push(...aaaa);
  }
  const uniq = (rs: MockRecord[]): MockRecord[] => rs.filter((r, i) => rs.findIndex((x) => x.name === r.name && x.type === r.type) === i);
  return { answers: uniq(answers), additionals: uniq(additionals).filter((r) => !answers.some((x) => x.name === r.name && x.type === r.type)) };
}
