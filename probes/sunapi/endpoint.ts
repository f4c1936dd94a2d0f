import type { InfoEndpointRecord } from "../info-endpoint.ts";
import { readKeyValues } from "../key-values.ts";

export const SUNAPI_DEVICE_INFO = "/stw-cgi/system.cgi?msubmenu=deviceinfo&action=view";
const FIELDS: Record<string, string> = {
  Model: "sunapi.model",
  SerialNumber: "sunapi.serial",
  FirmwareVersion: "sunapi.firmware",
  DeviceType: "sunapi.deviceType",
  ConnectedMACAddress: "sunapi.mac",
};

export const sunapiEndpoint: InfoEndpointRecord = {
  name: "hanwha-sunapi",
  description: "Hanwha Vision SUNAPI system.cgi deviceinfo view (key=value text; Digest)",
  path: SUNAPI_DEVICE_INFO,
  method: "GET",
  identifies: true,
  digest: true,
  emits: Object.values(FIELDS),
  parse: (ip, url, body, status) => (status === 200 ? { observations: readKeyValues(ip, url, body, "sunapi", FIELDS) } : { observations: [] }),
};
