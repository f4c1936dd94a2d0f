import type { Observation } from "../../src/model/observation.ts";
import { readJsonFields, type JsonReading } from "../json-reply.ts";
import { readKeyValues } from "../key-values.ts";

export const MAGICBOX_SYSTEM_INFO = "/cgi-bin/magicBox.cgi?action=getSystemInfo";
export const RPC2_LOGIN = "/RPC2_Login";

/** The unauthenticated login request whose challenge names the device (realm "Login to <serial>") on Dahua firmware. */
export function buildRpc2Login(): string {
  return JSON.stringify({ method: "global.login", params: { userName: "admin", password: "", clientType: "Web3.0", loginType: "Direct" }, id: 1 });
}

const MAGICBOX_MAP: Record<string, string> = { deviceType: "dahua.model", serialNumber: "dahua.serial", hardwareVersion: "dahua.hardwareVersion", processor: "dahua.processor", updateSerial: "dahua.updateSerial" };
export const MAGICBOX_FIELDS = Object.values(MAGICBOX_MAP);
export const RPC2_FIELDS = ["dahua.rpc2.realm", "dahua.rpc2.mac", "dahua.rpc2.encryption", "dahua.rpc2.error"];

/** magicBox.cgi key=value body (getSystemInfo): deviceType is the model on cameras. */
export function parseMagicBox(ip: string, url: string, text: string): Observation[] {
  return readKeyValues(ip, url, text, "dahua-http", MAGICBOX_MAP);
}

/** The RPC2_Login challenge: realm "Login to <serial>", the MAC, and the encryption scheme. */
export function parseRpc2Challenge(ip: string, url: string, body: string): JsonReading {
  const r = readJsonFields(ip, url, body, "dahua-http", "RPC2_Login", (j) => (j as { params?: unknown })?.params, {
    realm: "dahua.rpc2.realm",
    mac: "dahua.rpc2.mac",
    encryption: "dahua.rpc2.encryption",
  });
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } })?.error?.code;
    if (typeof code === "number") r.observations.push({ ip, probe: "dahua-http", field: "dahua.rpc2.error", value: String(code), url });
  } catch {
    /* already reported by readJsonFields */
  }
  return r;
}
