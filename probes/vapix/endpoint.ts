import type { InfoEndpointRecord } from "../info-endpoint.ts";
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
