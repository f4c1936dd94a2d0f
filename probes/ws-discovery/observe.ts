import type { Observation } from "../../src/model/observation.ts";
import { parseScope, type WsdMessage } from "./parse.ts";

export const PROBE_NAME = "ws-discovery";
/** ONVIF scopes become onvif.scope.<category> (hardware, name, type, location, mac, …). */
export const WSD_EMITS = ["wsd.fault", "wsd.message", "wsd.endpoint", "wsd.version", "wsd.types", "wsd.scope", "onvif.scope.*", "wsd.xaddr", "wsd.metadataVersion"] as const;

/** Turn one parsed WS-Discovery message from `ip` into observations. Pure. */
export function wsdObservations(ip: string, msg: WsdMessage): Observation[] {
  const out: Observation[] = [];
  const add = (field: string, value: string | undefined, keys?: string[]): void => {
    if (value === undefined || value === "") return;
    out.push(keys ? { ip, probe: PROBE_NAME, field, value, keys } : { ip, probe: PROBE_NAME, field, value });
  };
  if (msg.kind === "Fault") add("wsd.fault", msg.fault || "SOAP fault");
  for (const m of msg.matches) {
    const keys = m.endpoint ? [`endpoint:${m.endpoint.toLowerCase().replace(/^urn:/, "")}`] : undefined;
    add("wsd.message", msg.kind, keys);
    add("wsd.endpoint", m.endpoint, keys);
    add("wsd.version", msg.version);
    add("wsd.types", m.types.join(" "));
    for (const s of m.scopes) {
      const sc = parseScope(s);
      if (sc.category === "other") add("wsd.scope", sc.value);
      else add(`onvif.scope.${sc.category.toLowerCase()}`, sc.value);
    }
    for (const x of m.xaddrs) add("wsd.xaddr", x);
    add("wsd.metadataVersion", m.metadataVersion);
  }
  return out;
}
