import { declaredNamespaces } from "../../src/net/xml.ts";
import type { InfoEndpointRecord } from "../info-endpoint.ts";
import { ISAPI_DEVICE_INFO, ISAPI_FIELDS, parseIsapiDeviceInfo } from "./parse.ts";

/** ISAPI error bodies (<ResponseStatus>, <userCheck>) carry the firmware's XML namespace. */
const ISAPI_ERROR_ROOT = /<(?:\w+:)?(?:ResponseStatus|userCheck)\b/;

export const isapiEndpoint: InfoEndpointRecord = {
  name: "isapi",
  description: "Hikvision ISAPI /ISAPI/System/deviceInfo (XML; Digest on most firmware)",
  path: ISAPI_DEVICE_INFO,
  method: "GET",
  identifies: true,
  digest: true,
  emits: ISAPI_FIELDS,
  parse: (ip, url, body, status) => {
    if (status === 200) return parseIsapiDeviceInfo(ip, url, body);
    if (!ISAPI_ERROR_ROOT.test(body.slice(0, 4096))) return { observations: [] };
    return { observations: declaredNamespaces(body).map((value) => ({ ip, probe: "isapi", field: "isapi.namespace", value, url })) };
  },
};
