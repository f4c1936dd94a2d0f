import { createHash, randomBytes } from "node:crypto";
import { findAll, findText, parseXml, textOf, xmlEscape } from "../../src/net/xml.ts";

const NS_DEVICE = "http://www.onvif.org/ver10/device/wsdl";
const NS_WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
const NS_WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
const PASSWORD_DIGEST = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
const BASE64_BINARY = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

export type DeviceAction = "GetSystemDateAndTime" | "GetDeviceInformation" | "GetScopes" | "GetCapabilities";

export interface UsernameToken {
  username: string;
  password: string;
  /** Device clock (ours plus the offset the device reported): skewed clocks fail authentication. */
  created: Date;
  nonce?: Buffer;
}

/** PasswordDigest = Base64(SHA1(nonce + created + password)). */
export function passwordDigest(nonce: Buffer, created: string, password: string): string {
  return createHash("sha1").update(Buffer.concat([nonce, Buffer.from(created, "utf8"), Buffer.from(password, "utf8")])).digest("base64");
}

export function buildSecurityHeader(t: UsernameToken): string {
  const nonce = t.nonce ?? randomBytes(16);
  const created = t.created.toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    `<wsse:Security xmlns:wsse="${NS_WSSE}" xmlns:wsu="${NS_WSU}"><wsse:UsernameToken>` +
    `<wsse:Username>${xmlEscape(t.username)}</wsse:Username>` +
    `<wsse:Password Type="${PASSWORD_DIGEST}">${passwordDigest(nonce, created, t.password)}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${BASE64_BINARY}">${nonce.toString("base64")}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
  );
}

export function buildDeviceRequest(action: DeviceAction, token?: UsernameToken): string {
  const body = action === "GetCapabilities" ? `<${action} xmlns="${NS_DEVICE}"><Category>All</Category></${action}>` : `<${action} xmlns="${NS_DEVICE}"/>`;
  const header = token ? `<s:Header>${buildSecurityHeader(token)}</s:Header>` : "";
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">${header}<s:Body>${body}</s:Body></s:Envelope>`;
}

export const SOAP_CONTENT_TYPE = "application/soap+xml; charset=utf-8";

export interface SoapFault {
  code?: string;
  subcode?: string;
  reason?: string;
  notAuthorized: boolean;
}

export interface DeviceInformation {
  manufacturer?: string;
  model?: string;
  firmwareVersion?: string;
  serialNumber?: string;
  hardwareId?: string;
}

export interface SoapReply<T> {
  value?: T;
  fault?: SoapFault;
  error?: string;
}

function readFault(doc: unknown): SoapFault | undefined {
  const fault = findAll(doc as never, "Fault")[0];
  if (fault === undefined) return undefined;
  const values = findAll(fault, "Value").map((v) => textOf(v) ?? "");
  const f: SoapFault = { notAuthorized: false };
  if (values[0]) f.code = values[0];
  if (values[1]) f.subcode = values[1];
  const reason = findText(fault, "Text") ?? findText(fault, "faultstring");
  if (reason) f.reason = reason;
  f.notAuthorized = /NotAuthori[sz]ed/i.test(values.join(" ")) || /not authori[sz]ed/i.test(reason ?? "");
  return f;
}

/** Parse a device-service reply: the fault if any, else `pick` over the body. Never throws. */
export function parseSoapReply<T>(xml: string, pick: (body: unknown) => T | undefined): SoapReply<T> {
  const { doc, error } = parseXml(xml);
  if (!doc) return { error: error ?? "empty reply" };
  const fault = readFault(doc);
  if (fault) return { fault };
  const value = pick(findAll(doc, "Body")[0]);
  if (value === undefined) return { error: error ?? "reply has no expected content" };
  return { value };
}

export function parseDeviceInformation(xml: string): SoapReply<DeviceInformation> {
  return parseSoapReply(xml, (body) => {
    const r = findAll(body as never, "GetDeviceInformationResponse")[0];
    if (r === undefined) return undefined;
    const info: DeviceInformation = {};
    const set = (k: keyof DeviceInformation, el: string): void => {
      const v = findText(r, el)?.trim();
      if (v) info[k] = v;
    };
    set("manufacturer", "Manufacturer");
    set("model", "Model");
    set("firmwareVersion", "FirmwareVersion");
    set("serialNumber", "SerialNumber");
    set("hardwareId", "HardwareId");
    return info;
  });
}

/** The device's UTC clock, used to date WS-Security tokens. */
export function parseSystemDateAndTime(xml: string): SoapReply<Date> {
  return parseSoapReply(xml, (body) => {
    const utc = findAll(body as never, "UTCDateTime")[0];
    if (utc === undefined) return undefined;
    const n = (el: string): number => Number(findText(utc, el) ?? NaN);
    const d = new Date(Date.UTC(n("Year"), n("Month") - 1, n("Day"), n("Hour"), n("Minute"), n("Second")));
    return Number.isNaN(d.getTime()) ? undefined : d;
  });
}

export function parseGetScopes(xml: string): SoapReply<string[]> {
  return parseSoapReply(xml, (body) => {
    const r = findAll(body as never, "GetScopesResponse")[0];
    if (r === undefined) return undefined;
    return findAll(r, "ScopeItem").map((s) => (textOf(s) ?? "").trim()).filter(Boolean);
  });
}
