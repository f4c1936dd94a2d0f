import type { Observation } from "../../src/model/observation.ts";
import { declaredNamespaces, findAll, findText, parseXml } from "../../src/net/xml.ts";

export const ISAPI_DEVICE_INFO = "/ISAPI/System/deviceInfo";

const FIELDS: [string, string][] = [
  ["model", "isapi.model"],
  ["serialNumber", "isapi.serial"],
  ["macAddress", "isapi.mac"],
  ["deviceType", "isapi.deviceType"],
  ["deviceDescription", "isapi.deviceDescription"],
  ["manufacturer", "isapi.manufacturer"],
  ["deviceName", "isapi.deviceName"],
  ["systemContact", "isapi.systemContact"],
  ["OEMCode", "isapi.oemCode"],
];
/** Evidence fields the ISAPI parser emits. */
export const ISAPI_FIELDS = [...FIELDS.map(([, f]) => f), "isapi.firmware", "isapi.namespace"];

/** ISAPI <DeviceInfo>: Hikvision and the OEM firmware built on it (namespaces hikvision.com, isapi.org, std-cgi.com). */
export function parseIsapiDeviceInfo(ip: string, url: string, xml: string): { observations: Observation[]; error?: string } {
  const { doc, error } = parseXml(xml);
  const info = findAll(doc, "DeviceInfo")[0];
  if (!info || typeof info !== "object" || Array.isArray(info)) return { observations: [], error: error ?? "no <DeviceInfo> element" };
  const obs: Observation[] = [];
  const add = (field: string, value: string | undefined): void => {
    if (value?.trim()) obs.push({ ip, probe: "isapi", field, value: value.trim(), url });
  };
  for (const [el, field] of FIELDS) add(field, findText(info, el));
  const fw = [findText(info, "firmwareVersion"), findText(info, "firmwareReleasedDate")].filter(Boolean).join(" ");
  add("isapi.firmware", fw);
  // The parser drops xmlns attributes; read them from the text.
  for (const ns of declaredNamespaces(xml)) add("isapi.namespace", ns);
  return error ? { observations: obs, error } : { observations: obs };
}
