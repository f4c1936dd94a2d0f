import type { Observation } from "../../src/model/observation.ts";
import { normaliseMac } from "../../src/model/mac-address.ts";
import { isStandInSerial } from "../../src/model/device-identity.ts";
import { ipToInt, isIpv4 } from "../../src/net/scope.ts";

export const PROBE_NAME = "sadp";

/** SADP ProbeMatch element → evidence field. */
const FIELDS: Record<string, string> = {
  DeviceType: "sadp.deviceType",
  DeviceDescription: "sadp.model",
  DeviceSN: "sadp.serial",
  MAC: "sadp.mac",
  IPv4Address: "sadp.ipv4",
  IPv4SubnetMask: "sadp.mask",
  IPv4Gateway: "sadp.gateway",
  HttpPort: "sadp.httpPort",
  CommandPort: "sadp.commandPort",
  SoftwareVersion: "sadp.firmware",
  DSPVersion: "sadp.dspVersion",
  Activated: "sadp.activated",
  OEMInfo: "sadp.oemInfo",
  DHCP: "sadp.dhcp",
  // Hik-Connect, Hikvision's cloud: whether the firmware has it, and whether it is switched on ("flase" happens).
  SupportHCPlatform: "sadp.hcPlatformSupport",
  HCPlatformEnable: "sadp.hcPlatformEnable",
};
export const SADP_EMITS = ["sadp.reply", ...Object.values(FIELDS)];

export interface SadpMatch {
  fields: Record<string, string>;
}

/**
 * Read a ProbeMatch. Element by element, not as a whole document: real replies come truncated, with comments
 * and typos ("flase"), and Hikvision's own tools read them line by line for that reason. Never throws.
 */
export function parseSadp(text: string): SadpMatch | undefined {
  if (!/<ProbeMatch>/.test(text.slice(0, 4096))) return undefined;
  const fields: Record<string, string> = {};
  for (const m of text.slice(0, 64 * 1024).matchAll(/<([A-Za-z0-9]+)>([^<]{0,256})<\/\1>/g)) {
    const [, name, value] = m;
    if (name && value !== undefined && !(name in fields)) fields[name] = value.trim();
  }
  // A ProbeMatch tag and nothing a device says about itself is not a Hikvision reply, only its shape.
  if (!Object.keys(FIELDS).some((k) => fields[k] && fields[k] !== "N/A")) return undefined;
  return { fields };
}

/** Observations from one ProbeMatch received from `ip`. Pure. */
export function sadpObservations(ip: string, match: SadpMatch): Observation[] {
  const f = match.fields;
  const serial = f.DeviceSN;
  const mac = f.MAC ? normaliseMac(f.MAC) : undefined;
  const keys = [...(serial && !isStandInSerial(serial) ? [`serial:${serial.toUpperCase()}`] : []), ...(mac ? [`mac:${mac}`] : [])];
  const out: Observation[] = [{ ip, probe: PROBE_NAME, field: "sadp.reply", value: "ProbeMatch", ...(keys.length ? { keys } : {}) }];
  for (const [el, field] of Object.entries(FIELDS)) {
    const v = f[el];
    if (v && v !== "N/A") out.push({ ip, probe: PROBE_NAME, field, value: v });
  }
  return out;
}

/** Is `ip` inside the network given by `address`/`mask`? For the misconfigured-device warning. */
export function sameSubnet(ip: string, address: string, mask: string): boolean {
  if (![ip, address, mask].every(isIpv4)) return true;
  return ((ipToInt(ip) & ipToInt(mask)) >>> 0) === ((ipToInt(address) & ipToInt(mask)) >>> 0);
}
