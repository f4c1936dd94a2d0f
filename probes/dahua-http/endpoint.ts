import type { InfoEndpointRecord } from "../info-endpoint.ts";
import { readKeyValues } from "../key-values.ts";
import { buildRpc2Login, MAGICBOX_FIELDS, MAGICBOX_SYSTEM_INFO, parseMagicBox, parseRpc2Challenge, RPC2_FIELDS, RPC2_LOGIN } from "./parse.ts";

export const magicBoxEndpoint: InfoEndpointRecord = {
  name: "dahua-magicbox",
  description: "Dahua CGI magicBox.cgi?action=getSystemInfo (key=value text; Digest on most firmware)",
  path: MAGICBOX_SYSTEM_INFO,
  method: "GET",
  identifies: true,
  digest: true,
  emits: MAGICBOX_FIELDS,
  parse: (ip, url, body, status) => (status === 200 ? { observations: parseMagicBox(ip, url, body) } : { observations: [] }),
};

export const rpc2Endpoint: InfoEndpointRecord = {
  name: "dahua-rpc2",
  description: "Dahua RPC2_Login with an empty login: the challenge names the serial and MAC (no credentials sent)",
  path: RPC2_LOGIN,
  method: "POST",
  identifies: true,
  body: buildRpc2Login(),
  contentType: "application/json",
  digest: false,
  emits: RPC2_FIELDS,
  parse: (ip, url, body, status) => (status === 200 ? parseRpc2Challenge(ip, url, body) : { observations: [] }),
};

/** Follow-ups for Dahua-family firmware: getSystemInfo gives a number for deviceType on recorders, and says no brand. */
export const deviceTypeEndpoint: InfoEndpointRecord = {
  name: "dahua-devicetype",
  description: "Dahua CGI magicBox.cgi?action=getDeviceType (type=<model>; Digest on most firmware)",
  path: "/cgi-bin/magicBox.cgi?action=getDeviceType",
  method: "GET",
  identifies: false,
  digest: true,
  emits: ["dahua.deviceType"],
  parse: (ip, url, body, status) => (status === 200 ? { observations: readKeyValues(ip, url, body, "dahua-http", { type: "dahua.deviceType" }) } : { observations: [] }),
};

export const vendorEndpoint: InfoEndpointRecord = {
  name: "dahua-vendor",
  description: "Dahua CGI magicBox.cgi?action=getVendor (vendor=<brand>: OEM firmware names its brand here)",
  path: "/cgi-bin/magicBox.cgi?action=getVendor",
  method: "GET",
  identifies: false,
  digest: true,
  emits: ["dahua.vendor"],
  parse: (ip, url, body, status) => (status === 200 ? { observations: readKeyValues(ip, url, body, "dahua-http", { vendor: "dahua.vendor" }) } : { observations: [] }),
};
