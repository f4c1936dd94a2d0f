import { findAll, findText, parseXml } from "../../src/net/xml.ts";
import type { InfoEndpointRecord } from "../info-endpoint.ts";

/** Hik-Connect (EZVIZ cloud) access as ISAPI reports it: switched on, and registered with the servers. */
export const ISAPI_EZVIZ_FIELDS = ["isapi.ezviz.enabled", "isapi.ezviz.registered", "isapi.ezviz.server"];

/**
 * ISAPI's Hik-Connect settings, read-only. The firmware asks for credentials here, so it is asked only when the user
 * gave them: a device that answers without them says nothing the SADP reply does not.
 */
export const isapiEzvizEndpoint: InfoEndpointRecord = {
  name: "isapi-ezviz",
  description: "Hikvision ISAPI /ISAPI/System/Network/EZVIZ: Hik-Connect switched on and registered (with credentials only)",
  path: "/ISAPI/System/Network/EZVIZ",
  method: "GET",
  identifies: false,
  digest: true,
  credentialsOnly: true,
  emits: ISAPI_EZVIZ_FIELDS,
  parse: (ip, url, body, status) => {
    if (status !== 200) return { observations: [] };
    const { doc, error } = parseXml(body);
    const ezviz = findAll(doc, "EZVIZ")[0];
    if (!ezviz) return { observations: [], ...(error ? { error } : {}) };
    const obs = (field: string, value: string | undefined) => (value?.trim() ? [{ ip, probe: "isapi-ezviz", field, value: value.trim(), url }] : []);
    return {
      observations: [
        ...obs("isapi.ezviz.enabled", findText(ezviz, "enabled")),
        ...obs("isapi.ezviz.registered", findText(ezviz, "registerStatus")),
        ...obs("isapi.ezviz.server", findText(ezviz, "hostName") ?? findText(ezviz, "ipAddress")),
      ],
    };
  },
};
