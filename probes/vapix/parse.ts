import type { Observation } from "../../src/model/observation.ts";

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

export function parseVapixBasicDeviceInfo(ip: string, url: string, body: string): { observations: Observation[]; error?: string } {
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch {
    return { observations: [], error: "basicdeviceinfo reply is not JSON" };
  }
  const list = (j as { data?: { propertyList?: Record<string, unknown> } })?.data?.propertyList;
  if (!list || typeof list !== "object") return { observations: [], error: "basicdeviceinfo reply has no propertyList" };
  const obs: Observation[] = [];
  for (const [k, field] of Object.entries(FIELDS)) {
    const v = list[k];
    if (typeof v === "string" && v.trim()) obs.push({ ip, probe: "vapix", field, value: v.trim().slice(0, 200), url });
  }
  return { observations: obs };
}
