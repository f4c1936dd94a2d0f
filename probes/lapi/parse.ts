import { readJsonFields, type JsonReading } from "../json-reply.ts";

export const LAPI_DEVICE_INFO = "/LAPI/V1.0/System/DeviceBasicInfo";

const FIELDS: Record<string, string> = {
  Manufacturer: "lapi.manufacturer",
  DeviceModel: "lapi.model",
  SerialNumber: "lapi.serial",
  FirmwareVersion: "lapi.firmware",
  MAC: "lapi.mac",
};

export const LAPI_FIELDS = Object.values(FIELDS);

/** Uniview LAPI {"Response": {"ResponseCode": 0, "Data": {...}}}. */
export function parseLapiDeviceInfo(ip: string, url: string, body: string): JsonReading {
  return readJsonFields(ip, url, body, "lapi", "LAPI", (j) => (j as { Response?: { Data?: unknown } })?.Response?.Data, FIELDS);
}
