// Hostile devices: what a broken, compromised or malicious box on the network can send a scanner. Each case is one or
// two personas that run beside well-behaved devices in the lab; the hostile suite (test/hostile/) and
// `npm run bench:hostile` scan them and check that the good devices are still found and nothing leaks or escapes.
import { readFileSync } from "node:fs";
import type { Persona } from "./persona.ts";

/** Where the out-of-scope pointers point: a counting server outside every target the suite scans. */
export const SENTINEL = { host: "127.99.0.1", port: 8088 };

const sample = (path: string): Buffer => readFileSync(new URL(`./samples/${path}`, import.meta.url));
const WSD = sample("hik-ds-2cd3955fwd-iws/wsd-probematches.xml");
const SSDP = sample("dahua-3k058d5pag00056/ssdp-response.txt");
const SADP = sample("hik-ds-7804hqh-k1/sadp-probematch.xml");
const DHIP = sample("dahua-ipc-hdw5421s/dhip-notifydevinfo.bin");

/** Deterministic junk: the same bytes every run. */
function junk(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 255;
  }
  return b;
}

/** Strings a device can put where a name belongs, each aimed at a reader: terminal, spreadsheet, browser, log. */
export const INJECTIONS = [
  "\u001b[2J\u001b[HCLEARED",
  "\u001b]0;pwned-title\u0007",
  "\u202eevil\u202c-model",
  "\u2066isolate\u2069",
  '=HYPERLINK("http://attacker.example/","click")',
  "<script>alert(1)</script>",
  "line1\nwarning: 10.0.0.1: forged line",
  "bell\u0007\u0008backspace\u009bcsi",
];

const raw = (path: string, body: string | Buffer, extra: Partial<NonNullable<Persona["raw"]>["http"][number]> = {}): NonNullable<Persona["raw"]>["http"][number] => ({
  method: "GET",
  path,
  status: 200,
  headers: { "content-type": "text/xml" },
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  ...extra,
});
const post = (path: string, body: string | Buffer, soapAction?: string): NonNullable<Persona["raw"]>["http"][number] => ({
  ...raw(path, body, { method: "POST", headers: { "content-type": "application/soap+xml" } }),
  ...(soapAction ? { soapAction } : {}),
});

function hostile(id: string, description: string, r: NonNullable<Persona["raw"]>): Persona {
  return { id: `hostile:${id}`, description, expect: { surveillance: false, level: "unknown" }, raw: r };
}

function ssdpReply(location: string, usn: string, server = "Linux, UPnP/1.0, Hostile/1.0", extra = ""): Buffer {
  return Buffer.from(`HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: ${location}\r\nSERVER: ${server}\r\nST: upnp:rootdevice\r\nUSN: ${usn}::upnp:rootdevice\r\n${extra}\r\n`);
}

function description(fields: Record<string, string>): string {
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device><deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType>${Object.entries(fields)
    .map(([k, v]) => `<${k}>${esc(v)}</${k}>`)
    .join("")}<UDN>uuid:hostile-0001</UDN></device></root>`;
}

const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><root xmlns="urn:schemas-upnp-org:device-1-0"><device><manufacturer>&lol9;</manufacturer><modelName>laughs</modelName></device></root>`;
const XXE = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://${SENTINEL.host}:${SENTINEL.port}/xxe">]><DeviceInfo xmlns="http://www.hikvision.com/ver20/XMLSchema"><deviceName>&xxe;</deviceName><model>&net;</model></DeviceInfo>`;
const DEEP = `<?xml version="1.0"?>${"<a>".repeat(100_000)}x${"</a>".repeat(100_000)}`;

export interface HostileCase {
  id: string;
  description: string;
  personas: Persona[];
}

/** The hostile cases, for a hostile device at `ip` (in scope), beside the good devices. */
export function hostileCases(ip: string): HostileCase[] {
  const sentinel = `http://${SENTINEL.host}:${SENTINEL.port}`;
  return [
    {
      id: "junk-datagrams",
      description: "junk, truncated and oversized replies to every discovery protocol",
      personas: [
        hostile("junk", "answers every discovery request with junk", {
          http: [],
          udp: {
            "ws-discovery": [junk(512, 1), WSD.subarray(0, 200), Buffer.concat([WSD.subarray(0, 400), Buffer.from("<x>".repeat(15_000))]), Buffer.from([0xff, 0xfe, 0x00, 0x3c])],
            ssdp: [junk(512, 2), SSDP.subarray(0, 40), Buffer.from(`HTTP/1.1 200 OK\r\n${"X-Junk: y\r\n".repeat(5000)}\r\n`), Buffer.from("HTTP/1.1 200 OK\r\nLOCATION: http://\u0000\r\n\r\n")],
            sadp: [junk(512, 3), SADP.subarray(0, 60), Buffer.from(`<?xml version="1.0"?>${"<ProbeMatch>".repeat(20_000)}`)],
            dhip: [junk(512, 4), DHIP.subarray(0, 20), Buffer.concat([DHIP.subarray(0, 32), Buffer.from("{".repeat(60_000))]), Buffer.alloc(0)],
            mdns: [junk(512, 5), Buffer.alloc(12), junk(9000, 6)],
          },
        }),
      ],
    },
    {
      id: "reply-flood",
      description: "10,000 SSDP replies and 2,000 WS-Discovery matches with distinct identities from one address",
      personas: [
        hostile("flood", "floods every discovery request with distinct identities", {
          http: [],
          udp: {
            ssdp: Array.from({ length: 10_000 }, (_, i) => ssdpReply(`http://${ip}:8080/d${i}.xml`, `uuid:flood-${i.toString(16).padStart(8, "0")}`, `Linux, UPnP/1.0, Flood/${i}`, `X-Pad: ${"p".repeat(900)}\r\n`)),
            "ws-discovery": Array.from({ length: 2_000 }, (_, i) => Buffer.from(WSD.toString("utf8").replace(/urn:uuid:[0-9a-f-]+/i, `urn:uuid:00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`))),
          },
        }),
      ],
    },
    {
      id: "xml-attacks",
      description: "billion laughs, external entities, 100,000-deep nesting and a 50 MB body",
      personas: [
        hostile("xml", "answers with XML built to hurt a parser", {
          http: [
            raw("/laughs.xml", BILLION_LAUGHS),
            raw("/ISAPI/System/deviceInfo", XXE, { headers: { "content-type": "application/xml" } }),
            post("/onvif/device_service", DEEP),
            raw("/", Buffer.alloc(50 * 1024 * 1024, "A"), { headers: { "content-type": "text/html" } }),
          ],
          udp: { ssdp: [ssdpReply(`http://${ip}:8080/laughs.xml`, "uuid:xml-attack-1")] },
        }),
      ],
    },
    {
      id: "stall",
      description: "a device built to stall: 4 LOCATIONs, every web path trickled at 1 byte per 200 ms, a silent RTSP port",
      personas: [
        hostile("stall", "answers everything, slowly", {
          http: [raw("*", `<?xml version="1.0"?><root>${"s".repeat(4000)}</root>`, { trickleMs: 200 }), post("*", "<x/>".repeat(1000), undefined)].map((r) => ({ ...r, trickleMs: 200 })),
          httpPorts: [8081, 8082, 8083],
          silentPorts: [8554],
          udp: { ssdp: [8080, 8081, 8082, 8083].map((p, i) => ssdpReply(`http://${ip}:${p}/desc${i}.xml`, `uuid:stall-${i}`)) },
        }),
      ],
    },
    {
      id: "out-of-scope",
      description: "LOCATION, XAddrs and redirects pointing outside the targets: userinfo, IPv6 literal, decimal and hex hosts",
      personas: [
        hostile("pointers", "points everything at another host", {
          http: [
            raw("*", "", { status: 302, headers: { location: `${sentinel}/redirected` } }),
            { ...post("*", ""), status: 307, headers: { location: `${sentinel}/onvif` } },
          ],
          udp: {
            ssdp: [
              ssdpReply(`${sentinel}/desc.xml`, "uuid:oos-1"),
              ssdpReply(`http://admin:admin@${SENTINEL.host}:${SENTINEL.port}/userinfo.xml`, "uuid:oos-2"),
              ssdpReply(`http://[::1]:${SENTINEL.port}/v6.xml`, "uuid:oos-3"),
              ssdpReply(`http://2130706433:${SENTINEL.port}/decimal.xml`, "uuid:oos-4"),
              ssdpReply(`http://0x7f000001:${SENTINEL.port}/hex.xml`, "uuid:oos-5"),
            ],
            "ws-discovery": [Buffer.from(WSD.toString("utf8").replace(/<(\w+:)?XAddrs>[^<]*<\/(\w+:)?XAddrs>/, `<$1XAddrs>${sentinel}/onvif/device_service http://[::1]:${SENTINEL.port}/x</$1XAddrs>`))],
          },
        }),
      ],
    },
    {
      id: "injection",
      description: "names that carry terminal escapes, bidi overrides, spreadsheet formulas, HTML and forged log lines",
      personas: [
        hostile("inject", "names itself with strings aimed at every reader", {
          http: [
            raw("/desc.xml", description({ friendlyName: INJECTIONS[0]!, manufacturer: INJECTIONS[2]!, modelName: INJECTIONS[4]!, modelNumber: INJECTIONS[6]!, serialNumber: INJECTIONS[1]! })),
            post(
              "/onvif/device_service",
              `<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body><tds:GetDeviceInformationResponse><tds:Manufacturer>${INJECTIONS[3]}</tds:Manufacturer><tds:Model>${INJECTIONS[5]!.replace(/</g, "&lt;")}</tds:Model><tds:FirmwareVersion>${INJECTIONS[7]}</tds:FirmwareVersion><tds:SerialNumber>${INJECTIONS[0]}</tds:SerialNumber><tds:HardwareId>x</tds:HardwareId></tds:GetDeviceInformationResponse></s:Body></s:Envelope>`,
              "GetDeviceInformation",
            ),
          ],
          udp: { ssdp: [ssdpReply(`http://${ip}:8080/desc.xml`, "uuid:inject-1", `Linux ${INJECTIONS[0]} ${INJECTIONS[2]}`, `X-User-Agent: ${INJECTIONS[1]}\r\n`)] },
        }),
      ],
    },
    {
      id: "credential-bait",
      description: "asks for Basic credentials on every path and Digest with a hostile realm; credentials are given to the scan",
      personas: [
        hostile("bait", "asks for a password everywhere", {
          http: [
            raw("*", "", { status: 401, headers: { "www-authenticate": 'Basic realm="send me your password"' } }),
            { ...post("*", ""), status: 401, headers: { "www-authenticate": 'Digest realm="admin\u009b2J\u0085realm", nonce="abc", qop="auth"' } },
          ],
          // Its own LOCATION carries credentials: a client that honours them sends Basic, which the suite counts as a leak.
          udp: { ssdp: [ssdpReply(`http://${ip}:8080/desc.xml`, "uuid:bait-1"), ssdpReply(`http://admin:hunter2@${ip}:8080/userinfo.xml`, "uuid:bait-2")] },
        }),
      ],
    },
  ];
}
