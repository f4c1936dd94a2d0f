import type { Observation } from "../../src/model/observation.ts";

export const MAGICBOX_SYSTEM_INFO = "/cgi-bin/magicBox.cgi?action=getSystemInfo";
export const RPC2_LOGIN = "/RPC2_Login";

/** The unauthenticated login request whose challenge names the device (realm "Login to <serial>") on Dahua firmware. */
export function buildRpc2Login(): string {
  return JSON.stringify({ method: "global.login", params: { userName: "admin", password: "", clientType: "Web3.0", loginType: "Direct" }, id: 1 });
}

/** magicBox.cgi key=value body (getSystemInfo): deviceType is the model on cameras. */
export function parseMagicBox(ip: string, url: string, text: string): Observation[] {
  const map: Record<string, string> = { deviceType: "dahua.model", serialNumber: "dahua.serial", hardwareVersion: "dahua.hardwareVersion", processor: "dahua.processor", updateSerial: "dahua.updateSerial" };
  const obs: Observation[] = [];
  for (const line of text.split(/\r?\n/).slice(0, 200)) {
    const m = /^([A-Za-z][\w.]*)=(.*)$/.exec(line.trim());
    const field = m?.[1] ? map[m[1]] : undefined;
    if (field && m?.[2]?.trim()) obs.push({ ip, probe: "dahua-http", field, value: m[2].trim(), url });
  }
  return obs;
}

/** The RPC2_Login challenge: realm "Login to <serial>", the MAC, and the encryption scheme. */
export function parseRpc2Challenge(ip: string, url: string, body: string): { observations: Observation[]; error?: string } {
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch {
    return { observations: [], error: "RPC2_Login reply is not JSON" };
  }
  const params = (j as { params?: Record<string, unknown> })?.params;
  const err = (j as { error?: { code?: unknown } })?.error;
  if (!params || typeof params !== "object") return { observations: [], error: "RPC2_Login reply has no params" };
  const obs: Observation[] = [];
  const add = (field: string, v: unknown): void => {
    if (typeof v === "string" && v.trim()) obs.push({ ip, probe: "dahua-http", field, value: v.trim().slice(0, 200), url });
  };
  add("dahua.rpc2.realm", params.realm);
  add("dahua.rpc2.mac", params.mac);
  add("dahua.rpc2.encryption", params.encryption);
  if (typeof err?.code === "number") add("dahua.rpc2.error", String(err.code));
  return { observations: obs };
}
