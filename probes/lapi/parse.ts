import type { Observation } from "../../src/model/observation.ts";

export const LAPI_DEVICE_INFO = "/LAPI/V1.0/System/DeviceBasicInfo";

const FIELDS: Record<string, string> = {
  Manufacturer: "lapi.manufacturer",
  DeviceModel: "lapi.model",
  SerialNumber: "lapi.serial",
  FirmwareVersion: "lapi.firmware",
  MAC: "lapi.mac",
};

/** Uniview LAPI {"Response": {"ResponseCode": 0, "Data": {...}}}. */
export function parseLapiDeviceInfo(ip: string, url: string, body: string): { observations: Observation[]; error?: string } {
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch {
    return { observations: [], error: "LAPI reply is not JSON" };
  }
  const data = (j as { Response?: { Data?: Record<string, unknown> } })?.Response?.Data;
  if (!data || typeof data !== "object") return { observations: [], error: "LAPI reply has no Response.Data" };
  const obs: Observation[] = [];
  for (const [k, field] of Object.entries(FIELDS)) {
    const v = data[k];
    if (typeof v === "string" && v.trim()) obs.push({ ip, probe: "lapi", field, value: v.trim().slice(0, 200), url });
  }
  return { observations: obs };
}
