import { z } from "zod";
import { RISK_LEVELS } from "../src/model/report.ts";

/** Strings in a persona may use {ip}, {httpPort}, {descriptionPort} and {mac}; the lab fills them in. */
export const PersonaSchema = z.object({
  id: z.string(),
  description: z.string(),
  /** What camsweep should conclude: the lab test checks these. */
  expect: z.object({
    vendor: z.string().optional(),
    brand: z.string().optional(),
    model: z.string().optional(),
    surveillance: z.boolean(),
    level: z.enum(RISK_LEVELS),
  }),
  mac: z.string().optional(),
  credentials: z.object({ username: z.string(), password: z.string() }).optional(),
  http: z
    .object({
      port: z.number().optional(),
      server: z.string().optional(),
      /** When set, GET / answers 401 with this Digest realm. */
      realm: z.string().optional(),
      title: z.string().optional(),
      /** Extra paths served verbatim: path → { status, contentType, body }. */
      paths: z
        .record(
          z.string(),
          z.object({
            status: z.number(),
            contentType: z.string(),
            body: z.string(),
            method: z.enum(["GET", "POST"]).optional(),
            /** Ask for HTTP Digest with this realm; the body is served only to the persona's credentials. */
            digestRealm: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  onvif: z
    .object({
      path: z.string(),
      /** Envelope style of the vendor's SOAP stack. */
      style: z.enum(["hikvision", "dahua", "axis", "generic"]),
      manufacturer: z.string(),
      model: z.string(),
      firmware: z.string(),
      serial: z.string(),
      hardwareId: z.string(),
      /** GetDeviceInformation and GetScopes need WS-Security credentials. */
      requiresAuth: z.boolean(),
      /** HTTP status of a NotAuthorized fault (vendors differ: 400 or 401). */
      faultStatus: z.number().optional(),
    })
    .optional(),
  wsDiscovery: z
    .object({
      style: z.enum(["hikvision", "dahua", "generic"]),
      endpoint: z.string(),
      types: z.string(),
      scopes: z.array(z.string()),
      xaddrs: z.array(z.string()),
      metadataVersion: z.string(),
      /** Some firmware (Intelbras DVRs) ignores probes without Types. */
      answersUntyped: z.boolean().optional(),
    })
    .optional(),
  ssdp: z
    .object({
      server: z.string(),
      /** Notification types answered; USN is "<udn>::<nt>" (or the UDN itself for a uuid nt). */
      udn: z.string(),
      nts: z.array(z.string()),
      location: z.string(),
      extraHeaders: z.record(z.string(), z.string()).optional(),
      /** Serve the description on its own port, as libupnp does. */
      descriptionPort: z.number().optional(),
      descriptionPath: z.string(),
      description: z.string().describe("the device description XML"),
    })
    .optional(),
  rtsp: z
    .object({ server: z.string().optional(), realm: z.string().optional(), public: z.string(), sdp: z.string().optional() })
    .optional(),
  sadp: z
    .object({
      deviceType: z.string(),
      model: z.string(),
      serial: z.string(),
      firmware: z.string(),
      dspVersion: z.string().optional(),
      activated: z.boolean(),
      oemInfo: z.string().optional(),
      /** Hik-Connect (Hikvision's cloud) switched on or off, as SADP's HCPlatformEnable says; absent: not reported. */
      hcPlatformEnable: z.boolean().optional(),
      /** Report this address instead of the real one: a device left in the wrong subnet. */
      reportedAddress: z.string().optional(),
      mask: z.string().optional(),
      gateway: z.string().optional(),
    })
    .optional(),
  dhip: z
    .object({ deviceClass: z.string(), model: z.string(), serial: z.string(), firmware: z.string(), vendor: z.string(), manufacturer: z.string(), initialised: z.boolean() })
    .optional(),
  /** CS2 P2P (PPPP): the device id its PunchPkt answers a LAN search with. */
  cs2: z.object({ did: z.string().regex(/^[A-Z]{1,8}-\d{1,10}-[A-Z]{1,8}$/) }).optional(),
  /**
   * A real device's replies, served verbatim (a sample persona): HTTP replies by method and path, datagrams by
   * protocol. Whatever they do not cover answers a plain 404 with no Server header.
   */
  raw: z
    .object({
      http: z.array(
        z.object({
          method: z.enum(["GET", "POST"]),
          path: z.string(),
          /** For a SOAP POST: the request it answers, found in the request body. */
          soapAction: z.string().optional(),
          status: z.number(),
          headers: z.record(z.string(), z.string()),
          body: z.instanceof(Buffer),
          /** A tarpit: the body is sent one byte every this many milliseconds. */
          trickleMs: z.number().int().positive().optional(),
        }),
      ),
      /** One datagram per request, or several (a flood, junk of every kind). "mdns" answers any query on 5353. */
      udp: z.partialRecord(z.enum(["ws-discovery", "ssdp", "sadp", "dhip", "cs2", "mdns"]), z.union([z.instanceof(Buffer), z.array(z.instanceof(Buffer))])),
      /** TCP ports that accept a connection and never answer (an RTSP or web tarpit). */
      silentPorts: z.array(z.number().int().min(1).max(65535)).optional(),
      /** More ports the device served its web replies on (a LOCATION URL's port), beside the lab's HTTP port. */
      httpPorts: z.array(z.number().int().min(1).max(65535)).optional(),
    })
    .optional(),
  /** A UPnP Internet gateway's port-mapping table, served at its WAN connection control URL. */
  igd: z
    .object({
      controlPath: z.string(),
      serviceType: z.string(),
      mappings: z.array(z.object({ protocol: z.enum(["TCP", "UDP"]), externalPort: z.number().int(), internalClient: z.string(), internalPort: z.number().int(), description: z.string() })),
    })
    .optional(),
  mdns: z
    .object({
      hostname: z.string(),
      services: z.array(z.object({ type: z.string(), instance: z.string(), port: z.union([z.number(), z.literal("http")]).describe('"http": the persona\'s web port'), txt: z.record(z.string(), z.string()).optional() })),
    })
    .optional(),
});
export type Persona = z.infer<typeof PersonaSchema>;

export interface PersonaContext {
  ip: string;
  /** The device's IPv6 addresses, when it answers over IPv6 too (link-local ones with their zone). */
  ipv6?: string[];
  httpPort: number;
  descriptionPort: number;
  mac: string;
  /** Another lab member's address by persona id (a gateway's mapping to a camera). */
  lookup?: (personaId: string) => string | undefined;
}

/** Fill {ip}, {httpPort}, {descriptionPort}, {mac}, {port} placeholders. */
export function fill(template: string, ctx: PersonaContext): string {
  return template
    .replaceAll("{ip}", ctx.ip)
    .replaceAll("{httpPort}", String(ctx.httpPort))
    .replaceAll("{port}", ctx.httpPort === 80 ? "" : `:${ctx.httpPort}`)
    .replaceAll("{descriptionPort}", String(ctx.descriptionPort))
    .replaceAll("{mac}", ctx.mac);
}
