import type { Observation } from "../../src/model/observation.ts";
import type { SsdpMessage, UpnpDescription } from "./parse.ts";
import { DESCRIPTION_FIELDS } from "./parse.ts";

export const PROBE_NAME = "ssdp";
export const SSDP_EMITS = ["upnp.server", "upnp.location", "upnp.usn", "upnp.st", "upnp.udn", "upnp.header.x-user-agent"] as const;

function udnKey(udn: string): string {
  return `udn:${udn.toLowerCase()}`;
}

/** Observations from one SSDP response or NOTIFY. Pure. */
export function ssdpObservations(ip: string, msg: SsdpMessage): Observation[] {
  if (msg.kind === "search" || msg.nts === "ssdp:byebye") return [];
  const keys = msg.udn ? [udnKey(msg.udn)] : undefined;
  const out: Observation[] = [];
  const add = (field: string, value: string | undefined): void => {
    if (value) out.push(keys ? { ip, probe: PROBE_NAME, field, value, keys } : { ip, probe: PROBE_NAME, field, value });
  };
  add("upnp.server", msg.server);
  add("upnp.location", msg.location);
  add("upnp.usn", msg.usn);
  add("upnp.st", msg.st);
  add("upnp.udn", msg.udn);
  add("upnp.header.x-user-agent", msg.headers["x-user-agent"]);
  return out;
}

export const UPNP_DESCRIPTION_EMITS = [...DESCRIPTION_FIELDS.map((f) => `upnp.${f}`), "upnp.serviceType"];

/** Observations from a fetched device description. Pure. */
export function descriptionObservations(ip: string, url: string, d: UpnpDescription): Observation[] {
  const keys = d.UDN ? [udnKey(d.UDN)] : undefined;
  const out: Observation[] = [];
  for (const f of DESCRIPTION_FIELDS) {
    const v = d[f];
    if (v) out.push({ ip, probe: "upnp-description", field: `upnp.${f}`, value: v, url, ...(keys ? { keys } : {}) });
  }
  for (const s of d.serviceTypes) out.push({ ip, probe: "upnp-description", field: "upnp.serviceType", value: s, url });
  return out;
}
