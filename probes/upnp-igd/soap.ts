import { findAll, findText, parseXml } from "../../src/net/xml.ts";

/** Evidence a gateway's table adds: each mapping on the gateway, and on the device it points to. */
export const UPNP_IGD_EMITS = ["upnp.portMapping", "upnp.portMappedHere"] as const;

/** The WAN connection services a gateway maps ports on (UPnP IGD 1 and 2). */
const WAN_CONNECTION = /^urn:schemas-upnp-org:service:WAN(?:IP|PPP)Connection:[12]$/;

export interface WanService {
  serviceType: string;
  /** Absolute, resolved against the description's URL (or its URLBase). */
  controlURL: string;
}

/**
 * The WAN connection services of a gateway's description, embedded devices included (they sit in
 * WANDevice/WANConnectionDevice), each with its control URL made absolute. Pure; never throws.
 */
export function wanServices(xml: string, descriptionUrl: string): WanService[] {
  const { doc } = parseXml(xml);
  const base = findText(doc, "URLBase")?.trim() || descriptionUrl;
  const out: WanService[] = [];
  for (const s of findAll(doc, "service")) {
    const type = findText(s, "serviceType")?.trim() ?? "";
    const control = findText(s, "controlURL")?.trim();
    if (!WAN_CONNECTION.test(type) || !control) continue;
    try {
      out.push({ serviceType: type, controlURL: new URL(control, base).href });
    } catch {
      /* a control URL that does not resolve is no service */
    }
  }
  return out;
}

/** The SOAP request for one entry of the port-mapping table (read-only). */
export function getGenericPortMappingEntry(serviceType: string, index: number): { body: string; soapAction: string } {
  return {
    soapAction: `"${serviceType}#GetGenericPortMappingEntry"`,
    body:
      `<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">` +
      `<s:Body><u:GetGenericPortMappingEntry xmlns:u="${serviceType}"><NewPortMappingIndex>${index}</NewPortMappingIndex></u:GetGenericPortMappingEntry></s:Body></s:Envelope>\r\n`,
  };
}

export interface PortMapping {
  protocol: string;
  externalPort: number;
  internalClient: string;
  internalPort: number;
  enabled: boolean;
  description: string;
  remoteHost: string;
}

/**
 * One GetGenericPortMappingEntry answer: the mapping, or the end of the table (UPnP error 713,
 * SpecifiedArrayIndexInvalid, or any other fault), or undefined when it is neither. Pure.
 */
export function parsePortMappingEntry(xml: string): { mapping: PortMapping } | { end: string } | undefined {
  const { doc } = parseXml(xml);
  const fault = findText(doc, "errorCode") ?? (findAll(doc, "Fault").length ? "fault" : undefined);
  if (fault !== undefined) return { end: String(fault).trim() };
  const text = (name: string): string => String(findText(doc, name) ?? "").trim();
  const externalPort = Number(text("NewExternalPort"));
  const internalPort = Number(text("NewInternalPort"));
  const internalClient = text("NewInternalClient");
  if (!internalClient || !(externalPort > 0) || !(internalPort > 0)) return undefined;
  return {
    mapping: {
      protocol: text("NewProtocol").toUpperCase(),
      externalPort,
      internalClient,
      internalPort,
      enabled: text("NewEnabled") !== "0",
      description: text("NewPortMappingDescription"),
      remoteHost: text("NewRemoteHost"),
    },
  };
}

/** A mapping as one line of evidence. */
export function describeMapping(m: PortMapping, gateway: string): string {
  return `${m.protocol} ${m.externalPort} on the gateway ${gateway} to ${m.internalClient}:${m.internalPort}${m.enabled ? "" : " (disabled)"}${m.description ? ` ("${m.description}")` : ""}`;
}
