import { randomUUID } from "node:crypto";
import { findText, parseXml } from "../../src/net/xml.ts";
import { fill, type Persona, type PersonaContext } from "../persona.ts";

const NS_2005 = "http://schemas.xmlsoap.org/ws/2005/04/discovery";

/** The namespace block of each vendor's SOAP stack, as the real devices send it. */
const HIKVISION_XMLNS =
  'xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:soapenc="http://www.w3.org/2003/05/soap-encoding" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:ter="http://www.onvif.org/ver10/error" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tns1="http://www.onvif.org/ver10/topics" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:wsadis="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:tnshik="http://www.hikvision.com/2011/event/topics" xmlns:hikwsd="http://www.onvifext.com/onvif/ext/ver10/wsdl" xmlns:hikxsd="http://www.onvifext.com/onvif/ext/ver10/schema"';

interface ProbeRequest {
  messageId?: string;
  /** Local names of the requested types; empty for an untyped probe. */
  types: string[];
}

let lastText: string | undefined;
let lastProbe: ProbeRequest | undefined;

/**
 * Read the parts of a Probe a device looks at; undefined when the datagram is not a Probe. The last request is
 * remembered: the lab hands one multicast Probe to hundreds of members, and it is parsed once.
 */
export function readProbe(text: string): ProbeRequest | undefined {
  if (text !== lastText) {
    lastText = text;
    lastProbe = parseProbe(text);
  }
  return lastProbe;
}

/** The MessageID of a Probe: a device ignores a repeat it has already answered (SOAP-over-UDP duplicate detection). */
export function probeMessageId(text: string): string | undefined {
  return readProbe(text)?.messageId;
}

function parseProbe(text: string): ProbeRequest | undefined {
  const { doc } = parseXml(text);
  if (!doc || !/Probe<\/|Probe\s*\/>|Probe>/.test(text) || /ProbeMatches/.test(text)) return undefined;
  const types = (findText(doc, "Types") ?? "").split(/\s+/).filter(Boolean).map((t) => t.replace(/^.*:/, ""));
  const messageId = findText(doc, "MessageID");
  return messageId ? { messageId, types } : { types };
}

/** Does this persona answer this probe? Typed probes match on local type names. */
export function answers(p: NonNullable<Persona["wsDiscovery"]>, req: ProbeRequest): boolean {
  if (req.types.length === 0) return p.answersUntyped !== false;
  const mine = p.types.split(/\s+/).map((t) => t.replace(/^.*:/, ""));
  return req.types.some((t) => mine.includes(t));
}

function body(p: NonNullable<Persona["wsDiscovery"]>, ctx: PersonaContext, d: string, a: string): string {
  return (
    `<${a}:EndpointReference><${a}:Address>${p.endpoint}</${a}:Address></${a}:EndpointReference>` +
    `<${d}:Types>${p.types}</${d}:Types>` +
    `<${d}:Scopes>${p.scopes.map((s) => fill(s, ctx)).join(" ")}</${d}:Scopes>` +
    `<${d}:XAddrs>${p.xaddrs.map((x) => fill(x, ctx)).join(" ")}</${d}:XAddrs>` +
    `<${d}:MetadataVersion>${p.metadataVersion}</${d}:MetadataVersion>`
  );
}

/** A ProbeMatches reply in the persona's vendor style. */
export function renderProbeMatches(persona: Persona, ctx: PersonaContext, relatesTo: string): string | undefined {
  const p = persona.wsDiscovery;
  if (!p) return undefined;
  const action = `${NS_2005}/ProbeMatches`;
  const anon = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
  if (p.style === "hikvision") {
    // Hikvision reuses its endpoint uuid as MessageID and declares its own namespaces.
    return (
      `<?xml version="1.0" encoding="utf-8"?>\n<env:Envelope ${HIKVISION_XMLNS}>\n<env:Header>\n` +
      `<wsadis:MessageID>${p.endpoint}</wsadis:MessageID>\n<wsadis:RelatesTo>${relatesTo}</wsadis:RelatesTo>\n` +
      `<wsadis:To>${anon}</wsadis:To>\n<wsadis:Action>${action}</wsadis:Action>\n` +
      `<d:AppSequence InstanceId="705289" MessageNumber="11682"/>\n</env:Header>\n<env:Body>\n<d:ProbeMatches>\n<d:ProbeMatch>\n` +
      `${body(p, ctx, "d", "wsadis")}\n</d:ProbeMatch>\n</d:ProbeMatches>\n</env:Body>\n</env:Envelope>\n`
    );
  }
  if (p.style === "dahua") {
    return (
      `<?xml version="1.0" encoding="utf-8" standalone="yes" ?>` +
      `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:sc="http://www.w3.org/2003/05/soap-encoding" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:d="${NS_2005}" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">` +
      `<s:Header><a:MessageID>uuid:${randomUUID()}</a:MessageID><a:To>${anon}</a:To><a:Action>${action}</a:Action><a:RelatesTo>${relatesTo}</a:RelatesTo></s:Header>` +
      `<s:Body><d:ProbeMatches><d:ProbeMatch>${body(p, ctx, "d", "a")}</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>`
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="${NS_2005}" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:pub="http://schemas.microsoft.com/windows/pub/2005/07" xmlns:wsdp="http://schemas.xmlsoap.org/ws/2006/02/devprof" xmlns:wprt="http://schemas.microsoft.com/windows/2006/08/wdp/print">\n` +
    `<SOAP-ENV:Header><wsa:MessageID>uuid:${randomUUID()}</wsa:MessageID><wsa:RelatesTo>${relatesTo}</wsa:RelatesTo><wsa:To>${anon}</wsa:To><wsa:Action>${action}</wsa:Action>` +
    `<d:AppSequence InstanceId="${Math.floor(Date.now() / 1000)}" MessageNumber="1"/></SOAP-ENV:Header>\n` +
    `<SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch>${body(p, ctx, "d", "wsa")}</d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}

/** The Hello a device multicasts when it joins the network (Dahua's shape, which real devices send). */
export function renderHello(persona: Persona, ctx: PersonaContext): string | undefined {
  const p = persona.wsDiscovery;
  if (!p) return undefined;
  return (
    `<?xml version="1.0" encoding="utf-8" standalone="yes" ?>` +
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:d="${NS_2005}" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">` +
    `<s:Header><a:MessageID>uuid:${randomUUID()}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To><a:Action>${NS_2005}/Hello</a:Action></s:Header>` +
    `<s:Body><d:Hello>${body(p, ctx, "d", "a")}</d:Hello></s:Body></s:Envelope>`
  );
}

/** The persona's replies to a datagram: none when it stays silent. */
export function respondWsd(persona: Persona, ctx: PersonaContext, text: string): string[] {
  const p = persona.wsDiscovery;
  if (!p) return [];
  const req = readProbe(text);
  if (!req || !answers(p, req)) return [];
  const reply = renderProbeMatches(persona, ctx, req.messageId ?? "uuid:00000000-0000-0000-0000-000000000000");
  return reply ? [reply] : [];
}
