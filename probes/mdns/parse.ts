import type { Observation } from "../../src/model/observation.ts";

export const PROBE_NAME = "mdns";
export const MDNS_EMITS = ["mdns.service", "mdns.instance", "mdns.port", "mdns.hostname", "mdns.txt", "mdns.address"] as const;
export const META_QUERY = "_services._dns-sd._udp.local";

/** Service types asked for directly; the meta-query finds the rest. */
export const CAMERA_SERVICE_TYPES = [
  "_http._tcp.local",
  "_rtsp._tcp.local",
  "_onvif._tcp.local",
  "_axis-video._tcp.local",
  "_axis-nvr._tcp.local",
  "_psia._tcp.local",
  "_CGI._tcp.local",
  "_device-info._tcp.local",
  "_arec._tcp.local",
  "_hap._tcp.local",
];

/** The subset of a DNS record we read; matches dns-packet's shape. */
export interface MdnsRecord {
  name: string;
  type: string;
  data?: unknown;
}

export interface MdnsFollowUp {
  name: string;
  type: "PTR" | "SRV" | "TXT" | "A" | "AAAA";
}

export interface MdnsReading {
  observations: Observation[];
  /** Questions to ask next: PTR for newly seen service types, SRV/TXT for bare instances, A for bare hosts. */
  followUps: MdnsFollowUp[];
}

const lower = (s: string): string => s.toLowerCase().replace(/\.$/, "");

/** "AXIS M1065-LW - ACCC8E..._axis-video._tcp.local" → { instance, service: "_axis-video._tcp" }. */
export function splitInstance(fqdn: string): { instance: string; service: string } | undefined {
  const m = /^(.*)\.(_[^.]+\._(?:tcp|udp))\.local\.?$/i.exec(fqdn);
  return m && m[1] !== undefined && m[2] !== undefined ? { instance: m[1], service: m[2] } : undefined;
}

function txtStrings(data: unknown): string[] {
  const parts = Array.isArray(data) ? data : [data];
  return parts
    .map((p) => (Buffer.isBuffer(p) ? p.toString("utf8") : typeof p === "string" ? p : ""))
    .filter((s) => s.length > 0 && s.length <= 512);
}

/**
 * Read one mDNS response (answers + additionals together) from `ip`. Pure: the runner decides what to ask
 * and what it already asked.
 */
export function readMdnsResponse(ip: string, records: MdnsRecord[]): MdnsReading {
  const observations: Observation[] = [];
  const followUps: MdnsFollowUp[] = [];
  const add = (field: string, value: string): void => {
    if (value) observations.push({ ip, probe: PROBE_NAME, field, value });
  };
  const names = (t: string): Set<string> => new Set(records.filter((r) => r.type === t).map((r) => lower(r.name)));
  const srvNames = names("SRV");
  const txtNames = names("TXT");
  const aNames = names("A");
  const aaaaNames = names("AAAA");
  // A host name is unique on its link (RFC 6762 §9): what names it, from IPv4 or IPv6, is one device.
  const hostKey = (name: string): string[] => [`mdns-host:${lower(name).replace(/\.$/, "")}`];
  const addKeyed = (field: string, value: string, keys: string[]): void => {
    if (value) observations.push({ ip, probe: PROBE_NAME, field, value, keys });
  };

  for (const r of records) {
    if (typeof r.name !== "string") continue;
    if (r.type === "PTR" && typeof r.data === "string") {
      if (lower(r.name) === lower(META_QUERY)) {
        followUps.push({ name: r.data, type: "PTR" });
        continue;
      }
      const inst = splitInstance(r.data);
      if (!inst) continue;
      add("mdns.service", inst.service);
      add("mdns.instance", inst.instance);
      if (!srvNames.has(lower(r.data))) followUps.push({ name: r.data, type: "SRV" });
      if (!txtNames.has(lower(r.data))) followUps.push({ name: r.data, type: "TXT" });
    } else if (r.type === "SRV" && r.data && typeof r.data === "object") {
      const { port, target } = r.data as { port?: number; target?: string };
      const inst = splitInstance(r.name);
      if (inst) {
        add("mdns.service", inst.service);
        add("mdns.instance", inst.instance);
        if (typeof port === "number") add("mdns.port", `${inst.service}:${port}`);
      }
      if (typeof target === "string") {
        addKeyed("mdns.hostname", target.replace(/\.$/, ""), hostKey(target));
        // No address came along: ask both. A responder sends its AAAA records with its A record (RFC 6762 §6.2),
        // so an A alone means the host has no IPv6 address to ask for.
        if (!aNames.has(lower(target)) && !aaaaNames.has(lower(target))) followUps.push({ name: target, type: "A" }, { name: target, type: "AAAA" });
      }
    } else if (r.type === "TXT") {
      const inst = splitInstance(r.name);
      for (const s of txtStrings(r.data)) add("mdns.txt", inst ? `${inst.service} ${s}` : s);
    } else if ((r.type === "A" || r.type === "AAAA") && typeof r.data === "string") {
      addKeyed("mdns.address", r.data, hostKey(r.name));
    }
  }
  return { observations, followUps };
}
