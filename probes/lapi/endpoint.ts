import type { InfoEndpointRecord } from "../info-endpoint.ts";
import { LAPI_DEVICE_INFO, LAPI_FIELDS, parseLapiDeviceInfo } from "./parse.ts";

export const lapiEndpoint: InfoEndpointRecord = {
  name: "uniview-lapi",
  description: "Uniview LAPI /LAPI/V1.0/System/DeviceBasicInfo (JSON; Digest)",
  path: LAPI_DEVICE_INFO,
  method: "GET",
  identifies: true,
  digest: true,
  emits: LAPI_FIELDS,
  parse: (ip, url, body, status) => (status === 200 ? parseLapiDeviceInfo(ip, url, body) : { observations: [] }),
};
