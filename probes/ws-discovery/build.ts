import { randomUUID } from "node:crypto";

export const WSD_PORT = 3702;
export const WSD_GROUP = "239.255.255.250";
/** WS-Discovery 1.1 §3.1.1: the IPv6 multicast address, link-local scope. */
export const WSD_GROUP6 = "ff02::c";
export const NS_DISCOVERY_2005 = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
export const NS_DISCOVERY_11 = "http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01";
const NS_ADDRESSING_2004 = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
const NS_ADDRESSING_2005 = "http://www.w3.org/2005/08/addressing";

export type ProbeType = "dn:NetworkVideoTransmitter" | "tds:Device" | undefined;

export interface BuildProbeOptions {
  messageId?: string;
  /** undefined: untyped probe, which also draws PCs and printers (filtered later). */
  type?: ProbeType;
  /** 2005: what ONVIF devices speak; 1.1: WS-Discovery 1.1 (2009/01). */
  version?: "2005" | "1.1";
}

/** A WS-Discovery Probe in the ONVIF Device Manager shape (wsa:To and ReplyTo present; some cameras need both). */
export function buildProbe(opts: BuildProbeOptions = {}): string {
  const id = opts.messageId ?? `uuid:${randomUUID()}`;
  const v11 = opts.version === "1.1";
  const d = v11 ? NS_DISCOVERY_11 : NS_DISCOVERY_2005;
  const wsa = v11 ? NS_ADDRESSING_2005 : NS_ADDRESSING_2004;
  const to = v11 ? "urn:docs-oasis-open-org:ws-dd:ns:discovery:2009:01" : "urn:schemas-xmlsoap-org:ws:2005:04:discovery";
  const anon = v11 ? `${NS_ADDRESSING_2005}/anonymous` : `${NS_ADDRESSING_2004}/role/anonymous`;
  const types = opts.type
    ? `<d:Types xmlns:d="${d}" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">${opts.type}</d:Types>`
    : "";
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="${wsa}" xmlns:d="${d}">` +
    `<s:Header><a:MessageID>${id}</a:MessageID>` +
    `<a:ReplyTo s:mustUnderstand="true"><a:Address>${anon}</a:Address></a:ReplyTo>` +
    `<a:To s:mustUnderstand="true">${to}</a:To>` +
    `<a:Action s:mustUnderstand="true">${d}/Probe</a:Action></s:Header>` +
    `<s:Body><d:Probe>${types}</d:Probe></s:Body></s:Envelope>`
  );
}
