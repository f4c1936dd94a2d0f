import type { Observation } from "../model/observation.ts";
import { describeHttpError, type HttpClient } from "../net/http.ts";
import { describeMapping, getGenericPortMappingEntry, parsePortMappingEntry, wanServices, type PortMapping } from "../../probes/upnp-igd/soap.ts";

/** Entries of one gateway's table read at most: a router holds a few dozen; a hostile one must not hold the scan. */
const MAX_ENTRIES = 64;
const IGD = /InternetGatewayDevice|WAN(?:IP|PPP)Connection/;

/** Did this device announce itself as a UPnP Internet gateway (SSDP search target, notification or description)? */
export function isGateway(observations: readonly Observation[]): boolean {
  return observations.some((o) => (o.field === "upnp.st" || o.field === "upnp.nt" || o.field === "upnp.usn" || o.field === "upnp.deviceType") && IGD.test(o.value));
}

export interface GatewayReading {
  /** On the gateway: each mapping of its table. */
  own: Observation[];
  /** On each device a mapping points to, by its address. */
  mapped: Map<string, Observation[]>;
  warnings: string[];
}

/**
 * Read an in-scope gateway's port-mapping table over UPnP IGD, read-only: its description, then
 * GetGenericPortMappingEntry by index until the table ends (UPnP error 713). Nothing is added, changed or removed.
 */
export async function readGateway(http: HttpClient, ip: string, locations: readonly string[], signal?: AbortSignal): Promise<GatewayReading> {
  const out: GatewayReading = { own: [], mapped: new Map(), warnings: [] };
  for (const location of locations.slice(0, 2)) {
    let services;
    try {
      const res = await http.fetch(location, { ...(signal ? { signal } : {}) });
      services = res.status === 200 ? wanServices(res.body, location) : [];
    } catch (e) {
      out.warnings.push(`upnp-igd: ${location} failed: ${describeHttpError(e)}`);
      continue;
    }
    for (const s of services) {
      for (let index = 0; index < MAX_ENTRIES && !signal?.aborted; index++) {
        const req = getGenericPortMappingEntry(s.serviceType, index);
        let entry;
        try {
          const res = await http.fetch(s.controlURL, { method: "POST", body: req.body, headers: { "content-type": 'text/xml; charset="utf-8"', soapaction: req.soapAction }, ...(signal ? { signal } : {}) });
          entry = parsePortMappingEntry(res.body);
        } catch (e) {
          out.warnings.push(`upnp-igd: ${s.controlURL} failed: ${describeHttpError(e)}`);
          break;
        }
        if (!entry || "end" in entry) break;
        record(out, ip, s.controlURL, entry.mapping);
      }
      if (out.own.length) return out;
    }
  }
  return out;
}

function record(out: GatewayReading, gateway: string, url: string, m: PortMapping): void {
  const line = describeMapping(m, gateway);
  out.own.push({ ip: gateway, probe: "upnp-igd", field: "upnp.portMapping", value: line, url });
  const list = out.mapped.get(m.internalClient) ?? [];
  list.push({ ip: m.internalClient, probe: "upnp-igd", field: "upnp.portMappedHere", value: line, url });
  out.mapped.set(m.internalClient, list);
}
