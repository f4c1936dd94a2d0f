import { readJsonFields, type JsonReading } from "../json-reply.ts";

export const VAPIX_BASIC_DEVICE_INFO = "/axis-cgi/basicdeviceinfo.cgi";
/** Axis answers this without authentication. */
export const VAPIX_REQUEST = JSON.stringify({ apiVersion: "1.0", method: "getAllUnrestrictedProperties" });

const FIELDS: Record<string, string> = {
  Brand: "vapix.brand",
  ProdNbr: "vapix.model",
  ProdFullName: "vapix.fullName",
  ProdType: "vapix.type",
  SerialNumber: "vapix.serial",
  Version: "vapix.firmware",
  HardwareID: "vapix.hardwareId",
};

export const VAPIX_FIELDS = Object.values(FIELDS);

export function parseVapixBasicDeviceInfo(ip: string, url: string, body: string): JsonReading {
  return readJsonFields(ip, url, body, "vapix", "basicdeviceinfo", (j) => (j as { data?: { propertyList?: unknown } })?.data?.propertyList, FIELDS);
}
