import { findAll, findText, parseXml } from "../../src/net/xml.ts";

export interface SsdpMessage {
  /** "response" to an M-SEARCH, "notify" (alive/byebye), or "search" (someone else's M-SEARCH). */
  kind: "response" | "notify" | "search";
  headers: Record<string, string>;
  location?: string;
  server?: string;
  usn?: string;
  st?: string;
  nts?: string;
  /** The UDN part of USN ("uuid:..."), the device's stable id. */
  udn?: string;
}

/** Parse an SSDP datagram (HTTPU). Header names are case-insensitive. Returns undefined for anything else. */
export function parseSsdp(text: string): SsdpMessage | undefined {
  const lines = text.split(/\r?\n/);
  const first = lines[0]?.trim() ?? "";
  let kind: SsdpMessage["kind"];
  if (/^HTTP\/1\.[01]\s+200/i.test(first)) kind = "response";
  else if (/^NOTIFY\s+\*\s+HTTP\/1\.[01]/i.test(first)) kind = "notify";
  else if (/^M-SEARCH\s+\*\s+HTTP\/1\.[01]/i.test(first)) kind = "search";
  else return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1, 64)) {
    const idx = line.indexOf(":");
    if (idx <= 0) continue;
    headers[line.slice(0, idx).trim().toLowerCase()] = line.slice(idx + 1).trim();
  }
  const msg: SsdpMessage = { kind, headers };
  const set = (k: "location" | "server" | "usn" | "st" | "nts", h: string): void => {
    const v = headers[h];
    if (v) msg[k] = v;
  };
  set("location", "location");
  set("server", "server");
  set("usn", "usn");
  set("st", kind === "notify" ? "nt" : "st");
  set("nts", "nts");
  const udn = msg.usn?.split("::")[0]?.trim();
  if (udn && /^uuid:/i.test(udn)) msg.udn = udn;
  return msg;
}

export interface UpnpDescription {
  deviceType?: string;
  friendlyName?: string;
  manufacturer?: string;
  manufacturerURL?: string;
  modelDescription?: string;
  modelName?: string;
  modelNumber?: string;
  serialNumber?: string;
  UDN?: string;
  presentationURL?: string;
  serviceTypes: string[];
  error?: string;
}

export const DESCRIPTION_FIELDS = [
  "deviceType",
  "friendlyName",
  "manufacturer",
  "manufacturerURL",
  "modelDescription",
  "modelName",
  "modelNumber",
  "serialNumber",
  "UDN",
  "presentationURL",
] as const;

/** Parse a UPnP root device description (the root device only; embedded devices add little for identification). */
export function parseDescription(xml: string): UpnpDescription {
  const { doc, error } = parseXml(xml);
  const device = findAll(doc, "device")[0];
  const out: UpnpDescription = { serviceTypes: [] };
  if (error) out.error = error;
  if (!device) {
    out.error ??= "no <device> element";
    return out;
  }
  for (const f of DESCRIPTION_FIELDS) {
    // Only direct children of the root device: embedded devices have their own names.
    const v = typeof device === "object" && !Array.isArray(device) ? device[f] : undefined;
    const t = typeof v === "string" ? v : findText(v, "#text");
    if (t) out[f] = t.trim();
  }
  out.serviceTypes = findAll(device, "serviceType").map((s) => (typeof s === "string" ? s : "")).filter(Boolean);
  return out;
}
