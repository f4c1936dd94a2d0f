import type { InfoEndpointRecord } from "../info-endpoint.ts";
import { readKeyValues } from "../key-values.ts";
import { parseVapixBasicDeviceInfo, VAPIX_BASIC_DEVICE_INFO, VAPIX_FIELDS, VAPIX_REQUEST } from "./parse.ts";

export const vapixEndpoint: InfoEndpointRecord = {
  name: "axis-vapix",
  description: "Axis VAPIX basicdeviceinfo.cgi getAllUnrestrictedProperties (JSON; answered without credentials)",
  path: VAPIX_BASIC_DEVICE_INFO,
  method: "POST",
  identifies: true,
  body: VAPIX_REQUEST,
  contentType: "application/json",
  digest: false,
  emits: VAPIX_FIELDS,
  parse: (ip, url, body, status) => (status === 200 ? parseVapixBasicDeviceInfo(ip, url, body) : { observations: [] }),
};

const PARAM_BRAND: Record<string, string> = {
  "root.Brand.Brand": "vapix.brand",
  "root.Brand.ProdNbr": "vapix.model",
  "root.Brand.ProdFullName": "vapix.fullName",
  "root.Brand.ProdType": "vapix.type",
};

/** Older Axis firmware (before basicdeviceinfo) names itself in the Brand parameter group. */
export const vapixParamEndpoint: InfoEndpointRecord = {
  name: "axis-param",
  description: "Axis VAPIX param.cgi list of the root.Brand group (key=value)",
  path: "/axis-cgi/param.cgi?action=list&group=root.Brand",
  method: "GET",
  identifies: true,
  digest: true,
  emits: Object.values(PARAM_BRAND),
  parse: (ip, url, body, status) => (status === 200 ? { observations: readKeyValues(ip, url, body, "vapix", PARAM_BRAND) } : { observations: [] }),
};
