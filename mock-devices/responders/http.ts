import { fill, type Persona, type PersonaContext } from "../persona.ts";
import { respondOnvif, type MockHttpReply } from "./onvif.ts";
import { challengeHeader, checkDigest } from "./digest.ts";
import { respondIgd } from "./igd.ts";

/** Everything a persona serves over HTTP: ONVIF device service, UPnP description, web UI root, extra paths. */
export function respondHttp(persona: Persona, ctx: PersonaContext, method: string, path: string, body: string, authorization?: string): MockHttpReply {
  if (persona.raw) return respondRaw(persona.raw.http, method, path, body);
  const server: Record<string, string> = persona.http?.server ? { server: persona.http.server } : {};
  const reply = (r: MockHttpReply): MockHttpReply => ({ ...r, headers: { ...server, ...r.headers } });
  const pathOnly = path.split("?")[0] ?? path;
  if (persona.onvif && pathOnly === persona.onvif.path && method === "POST") return reply(respondOnvif(persona, ctx, body));
  if (persona.igd && pathOnly === persona.igd.controlPath && method === "POST") {
    const igd = respondIgd(persona, ctx, body);
    if (igd) return reply(igd);
  }
  if (persona.ssdp && pathOnly === persona.ssdp.descriptionPath && method === "GET") {
    return reply({ status: 200, headers: { "content-type": 'text/xml; charset="utf-8"' }, body: fill(persona.ssdp.description, ctx) });
  }
  const extra = persona.http?.paths?.[path] ?? persona.http?.paths?.[pathOnly];
  if (extra && (extra.method ?? "GET") === method) {
    if (extra.digestRealm && !checkDigest(authorization, extra.digestRealm, persona.credentials, method, path)) {
      return reply({ status: 401, headers: { "content-type": "text/html", "www-authenticate": challengeHeader(extra.digestRealm) }, body: "<html><head><title>401 Unauthorized</title></head></html>" });
    }
    return reply({ status: extra.status, headers: { "content-type": extra.contentType }, body: fill(extra.body, ctx) });
  }
  if (pathOnly === "/" && persona.http) {
    if (persona.http.realm) {
      return reply({
        status: 401,
        headers: { "content-type": "text/html", "www-authenticate": challengeHeader(persona.http.realm) },
        body: "<!DOCTYPE html><html><head><title>Document Error: Unauthorized</title></head><body><h2>Access Error: 401 -- Unauthorized</h2></body></html>",
      });
    }
    return reply({ status: 200, headers: { "content-type": "text/html" }, body: `<!DOCTYPE html><html><head><title>${persona.http.title ?? ""}</title></head><body></body></html>` });
  }
  return reply({ status: 404, headers: { "content-type": "text/html" }, body: "<html><head><title>404 Not Found</title></head></html>" });
}

type RawReply = NonNullable<Persona["raw"]>["http"][number];

/** A sample persona: the recorded reply for this method, path (with query) and SOAP action, else a bare 404. */
export function respondRaw(replies: RawReply[], method: string, path: string, body: string): MockHttpReply {
  // "*" answers every path the device was not given a reply for (a hostile device says the same thing everywhere).
  const match = (x: RawReply): boolean => x.method === method && (!x.soapAction || body.includes(x.soapAction));
  const r = replies.find((x) => match(x) && x.path === path) ?? replies.find((x) => match(x) && x.path === "*");
  if (!r) return { status: 404, headers: {}, body: "" };
  return { status: r.status, headers: r.headers, body: r.body, ...(r.trickleMs ? { trickleMs: r.trickleMs } : {}) };
}
