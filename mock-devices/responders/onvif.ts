import { timingSafeEqual } from "node:crypto";
import { passwordDigest } from "../../probes/onvif/soap.ts";
import { findAll, findText, parseXml, xmlEscape, type XmlNode } from "../../src/net/xml.ts";
import { fill, type Persona, type PersonaContext } from "../persona.ts";

export interface MockHttpReply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Send the body one byte every this many milliseconds (a tarpit). */
  trickleMs?: number;
}

const XMLNS: Record<string, { open: string; p: string; decl: string }> = {
  hikvision: {
    p: "env",
    decl: '<?xml version="1.0" encoding="UTF-8"?>\n',
    open:
      'xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:ter="http://www.onvif.org/ver10/error" xmlns:tnshik="http://www.hikvision.com/2011/event/topics" xmlns:hikwsd="http://www.onvifext.com/onvif/ext/ver10/wsdl" xmlns:hikxsd="http://www.onvifext.com/onvif/ext/ver10/schema"',
  },
  dahua: {
    p: "s",
    decl: '<?xml version="1.0" encoding="utf-8" standalone="yes" ?>',
    open: 'xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:sc="http://www.w3.org/2003/05/soap-encoding" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:ter="http://www.onvif.org/ver10/error"',
  },
  axis: {
    p: "SOAP-ENV",
    decl: '<?xml version="1.0" encoding="UTF-8"?>\n',
    open:
      'xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:ter="http://www.onvif.org/ver10/error" xmlns:acert="http://www.axis.com/vapix/ws/cert" xmlns:aev="http://www.axis.com/vapix/ws/event1" xmlns:tnsaxis="http://www.axis.com/2009/event/topics"',
  },
  generic: {
    p: "SOAP-ENV",
    decl: '<?xml version="1.0" encoding="UTF-8"?>\n',
    open: 'xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:ter="http://www.onvif.org/ver10/error"',
  },
};

function envelope(style: string, inner: string): string {
  const x = XMLNS[style] ?? XMLNS.generic!;
  return `${x.decl}<${x.p}:Envelope ${x.open}><${x.p}:Body>${inner}</${x.p}:Body></${x.p}:Envelope>`;
}

function fault(style: string, subcode: string, reason: string): string {
  const p = (XMLNS[style] ?? XMLNS.generic!).p;
  return envelope(
    style,
    `<${p}:Fault><${p}:Code><${p}:Value>${p}:Sender</${p}:Value><${p}:Subcode><${p}:Value>${subcode}</${p}:Value></${p}:Subcode></${p}:Code>` +
      `<${p}:Reason><${p}:Text xml:lang="en">${reason}</${p}:Text></${p}:Reason></${p}:Fault>`,
  );
}

/** Check a WS-Security UsernameToken PasswordDigest against the persona's credentials and clock (±5 min). */
export function checkUsernameToken(doc: XmlNode, creds: { username: string; password: string } | undefined, now: Date): boolean {
  if (!creds) return false;
  const token = findAll(doc, "UsernameToken")[0];
  const user = findText(token, "Username");
  const digest = findText(token, "Password");
  const nonce = findText(token, "Nonce");
  const created = findText(token, "Created");
  if (!user || !digest || !nonce || !created || user !== creds.username) return false;
  const skew = Math.abs(new Date(created).getTime() - now.getTime());
  if (!(skew < 5 * 60_000)) return false;
  const expected = Buffer.from(passwordDigest(Buffer.from(nonce, "base64"), created, creds.password));
  const got = Buffer.from(digest);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

function action(doc: XmlNode): string | undefined {
  const body = findAll(doc, "Body")[0];
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  return Object.keys(body).find((k) => !k.startsWith("@_") && k !== "#text");
}

/** The persona's ONVIF device service. */
export function respondOnvif(persona: Persona, ctx: PersonaContext, requestBody: string, now = new Date()): MockHttpReply {
  const o = persona.onvif;
  const headers = { "content-type": "application/soap+xml; charset=utf-8" };
  if (!o) return { status: 404, headers: { "content-type": "text/plain" }, body: "not found" };
  const { doc } = parseXml(requestBody);
  const act = doc ? action(doc) : undefined;
  if (!doc || !act) return { status: 400, headers, body: fault(o.style, "ter:WellFormed", "the xml format error") };
  const authorised = checkUsernameToken(doc, persona.credentials, now);
  const needsAuth = o.requiresAuth && (act === "GetDeviceInformation" || act === "GetScopes");
  if (needsAuth && !authorised) {
    return { status: o.faultStatus ?? 400, headers, body: fault(o.style, "ter:NotAuthorized", "Sender not Authorized") };
  }
  switch (act) {
    case "GetSystemDateAndTime": {
      const d = now;
      const dt = `<tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date>`;
      return {
        status: 200,
        headers,
        body: envelope(
          o.style,
          `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>CST-8:00:00</tt:TZ></tt:TimeZone><tt:UTCDateTime>${dt}</tt:UTCDateTime><tt:LocalDateTime>${dt}</tt:LocalDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`,
        ),
      };
    }
    case "GetDeviceInformation":
      return {
        status: 200,
        headers,
        body: envelope(
          o.style,
          `<tds:GetDeviceInformationResponse><tds:Manufacturer>${xmlEscape(o.manufacturer)}</tds:Manufacturer><tds:Model>${xmlEscape(o.model)}</tds:Model>` +
            `<tds:FirmwareVersion>${xmlEscape(o.firmware)}</tds:FirmwareVersion><tds:SerialNumber>${xmlEscape(o.serial)}</tds:SerialNumber><tds:HardwareId>${xmlEscape(o.hardwareId)}</tds:HardwareId></tds:GetDeviceInformationResponse>`,
        ),
      };
    case "GetScopes": {
      const scopes = (persona.wsDiscovery?.scopes ?? []).map((s) => fill(s, ctx));
      return {
        status: 200,
        headers,
        body: envelope(o.style, `<tds:GetScopesResponse>${scopes.map((s) => `<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>${xmlEscape(s)}</tt:ScopeItem></tds:Scopes>`).join("")}</tds:GetScopesResponse>`),
      };
    }
    case "GetCapabilities":
      return {
        status: 200,
        headers,
        body: envelope(
          o.style,
          `<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device><tt:XAddr>http://${ctx.ip}${ctx.httpPort === 80 ? "" : `:${ctx.httpPort}`}${o.path}</tt:XAddr></tt:Device></tds:Capabilities></tds:GetCapabilitiesResponse>`,
        ),
      };
    default:
      return { status: 400, headers, body: fault(o.style, "ter:ActionNotSupported", "Optional Action Not Implemented") };
  }
}
