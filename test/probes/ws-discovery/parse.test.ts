import { describe, expect, it } from "vitest";
import { buildProbe } from "../../../probes/ws-discovery/build.ts";
import { wsdObservations } from "../../../probes/ws-discovery/observe.ts";
import { parseScope, parseWsdMessage, splitScopes } from "../../../probes/ws-discovery/parse.ts";
import { fixture } from "../../helpers.ts";

const field = (obs: { field: string; value: string }[], f: string): string[] => obs.filter((o) => o.field === f).map((o) => o.value);

describe("WS-Discovery parsing on real device messages", () => {
  it("reads a Hikvision ProbeMatches: endpoint, types, scopes with newlines, two XAddrs", () => {
    const msg = parseWsdMessage(fixture("samples/hikvision-wsd-probematch-1-ds2cd3955fwd-iws.xml"));
    expect(msg.kind).toBe("ProbeMatches");
    expect(msg.version).toBe("2005");
    expect(msg.relatesTo).toBe("uuid:bfe8bb88-03a2-4e1a-904a-59a7d2882649");
    expect(msg.matches).toHaveLength(1);
    const m = msg.matches[0]!;
    expect(m.endpoint).toBe("urn:uuid:18ec6401-3aa0-11b5-83f6-b4a3820fd92d");
    expect(m.types).toEqual(["dn:NetworkVideoTransmitter", "tds:Device"]);
    expect(m.scopes).toHaveLength(8);
    expect(m.xaddrs).toEqual(["http://192.168.0.218/onvif/device_service", "http://[fe80::b6a3:82ff:fe0f:d92d]/onvif/device_service"]);
    expect(m.metadataVersion).toBe("10");
    const obs = wsdObservations("192.0.2.218", msg);
    expect(field(obs, "onvif.scope.name")).toEqual(["HIKVISION DS-2CD3955FWD-IWS"]);
    expect(field(obs, "onvif.scope.hardware")).toEqual(["DS-2CD3955FWD-IWS"]);
    expect(field(obs, "onvif.scope.location")).toEqual(["city/hangzhou"]);
    expect(field(obs, "onvif.scope.profile")).toEqual(["Streaming", "G"]);
    expect(obs.every((o) => o.ip === "192.0.2.218")).toBe(true);
    expect(obs[0]?.keys).toEqual(["endpoint:uuid:18ec6401-3aa0-11b5-83f6-b4a3820fd92d"]);
  });

  it("reads a Dahua Hello (uuid: without urn:, standalone decl)", () => {
    const msg = parseWsdMessage(fixture("samples/dahua-wsd-hello-1.xml"));
    expect(msg.kind).toBe("Hello");
    expect(msg.matches[0]?.endpoint).toBe("uuid:503b687a-b9d7-474f-a2d0-a18c8b25a464");
    const obs = wsdObservations("192.0.2.45", msg);
    expect(field(obs, "onvif.scope.name")).toEqual(["Dahua"]);
    expect(field(obs, "onvif.scope.hardware")).toEqual(["IPC-HFW2228M-I1-V2"]);
    expect(field(obs, "onvif.scope.extension")).toEqual(["unique_identifier"]);
    expect(field(obs, "wsd.xaddr")).toEqual(["http://192.168.1.45/onvif/device_service"]);
  });

  it("keeps what it can of a TP-Link reply truncated inside Scopes, and says it was malformed", () => {
    const msg = parseWsdMessage(fixture("samples/tplink-wsd-probematch-1-tl-sc3130g.xml"));
    expect(msg.error).toMatch(/malformed/);
    expect(msg.kind).toBe("ProbeMatches");
    expect(msg.matches[0]?.endpoint).toBe("uuid:B926EB6A-CB4B-54DB-3130-0023CDE05FA7");
    expect(msg.matches[0]?.types).toEqual(["dn:NetworkVideoTransmitter"]);
  });

  it("does not throw on a Hanwha reply cut after the header", () => {
    const msg = parseWsdMessage(fixture("samples/hanwha-wsd-probematch-1-header.xml"));
    expect(msg.matches).toEqual([]);
    expect(msg.error).toBeDefined();
  });

  it("does not throw on garbage, empty input or a billion-laughs document", () => {
    expect(parseWsdMessage("\u0000\u00ff garbage").kind).toBe("Unknown");
    expect(parseWsdMessage("").error).toBeDefined();
    const bomb = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Envelope><Body><ProbeMatches><ProbeMatch><Scopes>&b;</Scopes></ProbeMatch></ProbeMatches></Body></Envelope>`;
    const msg = parseWsdMessage(bomb);
    expect(JSON.stringify(msg)).not.toContain("aaaaaaaaaa");
  });

  it("accepts the WS-Discovery 1.1 (2009/01) namespace", () => {
    const xml = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:d="http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01"><s:Header><a:Action>http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01/ProbeMatches</a:Action></s:Header><s:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:1</a:Address></a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types><d:XAddrs>http://192.0.2.5/onvif/device_service</d:XAddrs></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>`;
    const msg = parseWsdMessage(xml);
    expect(msg.version).toBe("1.1");
    expect(msg.matches[0]?.xaddrs).toEqual(["http://192.0.2.5/onvif/device_service"]);
  });

  it("reads a SOAP fault as a fault, with its subcode", () => {
    const xml = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>d:MatchingRuleNotSupported</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">the xml format error</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>`;
    const msg = parseWsdMessage(xml);
    expect(msg.kind).toBe("Fault");
    expect(msg.fault).toContain("the xml format error");
    expect(wsdObservations("192.0.2.9", msg).map((o) => o.field)).toEqual(["wsd.fault"]);
  });
});

describe("scopes", () => {
  it("rejoins values with unescaped spaces (TP-Link VIGI 'location/Hong Kong')", () => {
    const scopes = splitScopes("onvif://www.onvif.org/name/VIGI-C350 onvif://www.onvif.org/location/Hong Kong onvif://www.onvif.org/Profile/T");
    expect(scopes).toEqual(["onvif://www.onvif.org/name/VIGI-C350", "onvif://www.onvif.org/location/Hong Kong", "onvif://www.onvif.org/Profile/T"]);
  });
  it("percent-decodes, keeps junk escapes as sent and tolerates empty values", () => {
    expect(parseScope("onvif://www.onvif.org/name/HIKVISION%20DS-2DC4223IW-D")).toEqual({ category: "name", value: "HIKVISION DS-2DC4223IW-D" });
    expect(parseScope("onvif://www.onvif.org/name/50%ZZ")).toEqual({ category: "name", value: "50%ZZ" });
    expect(parseScope("onvif://www.onvif.org/location/")).toEqual({ category: "location", value: "" });
    expect(parseScope("http://schemas.xmlsoap.org/ws/2006/02/devprof/device").category).toBe("other");
  });
});

describe("probe builder", () => {
  it("builds typed and untyped probes that our own parser reads as Probes", () => {
    const typed = buildProbe({ type: "dn:NetworkVideoTransmitter", messageId: "uuid:abc" });
    expect(typed).toContain("<d:Types");
    expect(typed).toContain("dn:NetworkVideoTransmitter</d:Types>");
    expect(typed).toContain("<a:MessageID>uuid:abc</a:MessageID>");
    expect(typed).toContain("urn:schemas-xmlsoap-org:ws:2005:04:discovery");
    expect(parseWsdMessage(typed).kind).toBe("Probe");
    const untyped = buildProbe({});
    expect(untyped).not.toContain("Types");
    expect(parseWsdMessage(untyped).kind).toBe("Probe");
    expect(buildProbe({ version: "1.1" })).toContain("http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01/Probe");
  });
});
