import type { Observation } from "../../src/model/observation.ts";
import { normaliseMac } from "../../src/model/mac-address.ts";
import { isStandInSerial } from "../../src/model/device-identity.ts";

export const PROBE_NAME = "dhip";

/** The JSON of a DHIP frame, found by its first "{": header lengths differ between firmware. Never throws. */
export function dhipJson(buf: Buffer): unknown {
  const start = buf.indexOf(0x7b);
  const end = buf.lastIndexOf(0x7d);
  if (start < 0 || end <= start || end - start > 64 * 1024) return undefined;
  try {
    return JSON.parse(buf.subarray(start, end + 1).toString("utf8"));
  } catch {
    return undefined;
  }
}

const FIELDS: Record<string, string> = {
  DeviceType: "dhip.model",
  DeviceClass: "dhip.deviceClass",
  SerialNo: "dhip.serial",
  Version: "dhip.firmware",
  Vendor: "dhip.vendor",
  Manufacturer: "dhip.manufacturer",
  MachineName: "dhip.machineName",
};
export const DHIP_EMITS = ["dhip.reply", ...Object.values(FIELDS), "dhip.mac", "dhip.httpPort", "dhip.port", "dhip.ipv4", "dhip.mask", "dhip.init"];

/** Observations from a client.notifyDevInfo reply, or undefined for anything else (our own searches included). */
export function dhipObservations(ip: string, json: unknown): Observation[] | undefined {
  const j = json as { method?: unknown; mac?: unknown; params?: { deviceInfo?: Record<string, unknown> } };
  if (j?.method !== "client.notifyDevInfo" || !j.params?.deviceInfo || typeof j.params.deviceInfo !== "object") return undefined;
  const info = j.params.deviceInfo;
  const serial = typeof info.SerialNo === "string" ? info.SerialNo : undefined;
  const mac = typeof j.mac === "string" ? normaliseMac(j.mac) : undefined;
  const keys = [...(serial && !isStandInSerial(serial) ? [`serial:${serial.toUpperCase()}`] : []), ...(mac ? [`mac:${mac}`] : [])];
  const out: Observation[] = [{ ip, probe: PROBE_NAME, field: "dhip.reply", value: "client.notifyDevInfo", ...(keys.length ? { keys } : {}) }];
  const add = (field: string, v: unknown): void => {
    if ((typeof v === "string" && v.trim()) || typeof v === "number") out.push({ ip, probe: PROBE_NAME, field, value: String(v).trim().slice(0, 200) });
  };
  for (const [k, field] of Object.entries(FIELDS)) add(field, info[k]);
  if (mac) add("dhip.mac", mac);
  add("dhip.httpPort", info.HttpPort);
  add("dhip.port", info.Port);
  const v4 = info.IPv4Address as { IPAddress?: unknown; SubnetMask?: unknown } | undefined;
  add("dhip.ipv4", v4?.IPAddress);
  add("dhip.mask", v4?.SubnetMask);
  if (typeof info.Init === "number" || typeof info.Init === "boolean") add("dhip.init", String(info.Init));
  return out;
}
