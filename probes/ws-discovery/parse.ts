import { findAll, findText, parseXml, textOf, type XmlValue } from "../../src/net/xml.ts";

export type WsdKind = "ProbeMatches" | "Hello" | "Bye" | "Probe" | "ResolveMatches" | "Fault" | "Unknown";

export interface WsdMatch {
  /** EndpointReference/Address: the device's stable id. */
  endpoint?: string;
  types: string[];
  scopes: string[];
  xaddrs: string[];
  metadataVersion?: string;
}

export interface WsdMessage {
  kind: WsdKind;
  messageId?: string;
  relatesTo?: string;
  /** Namespace of the discovery elements: 2005/04 or 1.1. */
  version?: "2005" | "1.1";
  matches: WsdMatch[];
  fault?: string;
  error?: string;
}

/** Parse any WS-Discovery datagram. Never throws; a bad datagram comes back with `error`. */
export function parseWsdMessage(text: string): WsdMessage {
  const { doc, error } = parseXml(text);
  if (!doc) return { kind: "Unknown", matches: [], error: error ?? "empty message" };
  const version = text.includes("ws-dd/ns/discovery/2009/01") ? "1.1" : text.includes("ws/2005/04/discovery") ? "2005" : undefined;
  const action = findText(doc, "Action") ?? "";
  const body = findAll(doc, "Body")[0];
  const has = (n: string): boolean => findAll(body ?? doc, n).length > 0;
  let kind: WsdKind = "Unknown";
  if (has("ProbeMatches") || action.endsWith("/ProbeMatches")) kind = "ProbeMatches";
  else if (has("Hello") || action.endsWith("/Hello")) kind = "Hello";
  else if (has("Bye") || action.endsWith("/Bye")) kind = "Bye";
  else if (has("ResolveMatches")) kind = "ResolveMatches";
  else if (has("Fault")) kind = "Fault";
  else if (has("Probe")) kind = "Probe";

  const containers: XmlValue[] =
    kind === "ProbeMatches" ? findAll(body, "ProbeMatch") : kind === "ResolveMatches" ? findAll(body, "ResolveMatch") : kind === "Hello" ? findAll(body, "Hello") : kind === "Bye" ? findAll(body, "Bye") : [];
  const matches = containers.map(parseMatch);
  const msg: WsdMessage = { kind, matches };
  const messageId = findText(doc, "MessageID");
  const relatesTo = findText(doc, "RelatesTo");
  if (messageId) msg.messageId = messageId;
  if (relatesTo) msg.relatesTo = relatesTo;
  if (version) msg.version = version;
  if (kind === "Fault") msg.fault = [findText(body, "Subcode") ?? findText(body, "Value"), findText(body, "Text")].filter(Boolean).join(": ");
  if (error) msg.error = error;
  return msg;
}

function parseMatch(node: XmlValue): WsdMatch {
  const ref = findAll(node, "EndpointReference")[0];
  const endpoint = findText(ref, "Address");
  const words = (s: string | undefined): string[] => (s ?? "").split(/\s+/).filter(Boolean);
  const m: WsdMatch = {
    types: words(textOf(findAll(node, "Types")[0])),
    scopes: splitScopes(textOf(findAll(node, "Scopes")[0]) ?? ""),
    xaddrs: words(textOf(findAll(node, "XAddrs")[0])),
  };
  if (endpoint) m.endpoint = endpoint;
  const mv = findText(node, "MetadataVersion");
  if (mv) m.metadataVersion = mv;
  return m;
}

/**
 * Split a Scopes list. Scopes are space-separated URIs, but real devices put unescaped spaces inside values
 * ("onvif://www.onvif.org/location/Hong Kong"): a token that does not start a URI continues the previous one.
 */
export function splitScopes(text: string): string[] {
  const out: string[] = [];
  for (const tok of text.split(/\s+/).filter(Boolean)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(tok) || out.length === 0) out.push(tok);
    else out[out.length - 1] += ` ${tok}`;
  }
  return out;
}

export interface OnvifScope {
  /** name, hardware, location, type, Profile, MAC, manufacturer, ... as the device spelled it. */
  category: string;
  value: string;
}

const ONVIF_SCOPE_PREFIX = /^onvif:\/\/www\.onvif\.org\//i;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // junk percent-escapes are kept as sent
  }
}

/** onvif://www.onvif.org/<category>/<value...>; non-ONVIF scopes come back as category "other". */
export function parseScope(scope: string): OnvifScope {
  if (!ONVIF_SCOPE_PREFIX.test(scope)) return { category: "other", value: scope };
  const rest = scope.replace(ONVIF_SCOPE_PREFIX, "");
  const slash = rest.indexOf("/");
  if (slash < 0) return { category: decode(rest), value: "" };
  return { category: decode(rest.slice(0, slash)), value: decode(rest.slice(slash + 1)).trim() };
}
