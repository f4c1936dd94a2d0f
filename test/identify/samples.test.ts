import { describe, expect, it } from "vitest";
import { builtInCatalogue } from "../../src/catalogue/index.ts";
import { classify, DEFAULT_JURISDICTIONS } from "../../src/classify/classify.ts";
import { identify } from "../../src/identify/identify.ts";
import type { Observation } from "../../src/model/observation.ts";
import type { Evidence } from "../../src/model/report.ts";
import { declaredNamespaces } from "../../src/net/xml.ts";
import { parseWsdMessage } from "../../probes/ws-discovery/parse.ts";
import { wsdObservations } from "../../probes/ws-discovery/observe.ts";
import { parseDescription, parseSsdp } from "../../probes/ssdp/parse.ts";
import { descriptionObservations, ssdpObservations } from "../../probes/ssdp/observe.ts";
import { parseIsapiDeviceInfo } from "../../probes/isapi/parse.ts";
import { parseMagicBox, parseRpc2Challenge } from "../../probes/dahua-http/parse.ts";
import { parseVapixBasicDeviceInfo } from "../../probes/vapix/parse.ts";
import { readMdnsResponse } from "../../probes/mdns/parse.ts";
import { parseRealm } from "../../probes/http/parse.ts";
import { payloadMacs } from "../../src/scan/mac.ts";
import { ouiOrganisation } from "../../src/scan/oui.ts";
import { fixture } from "../helpers.ts";

const IP = "192.0.2.10";
const cat = builtInCatalogue();
const ev = (obs: Observation[]): Evidence[] => obs.map((o) => ({ source: o.probe, field: o.field, value: o.value }));

/** What camsweep concludes from a set of observations, MAC and OUI included. */
async function verdict(obs: Observation[]) {
  const mac = payloadMacs(obs)[0]?.mac;
  const org = mac ? await ouiOrganisation(mac) : undefined;
  const all = org ? [...obs, { ip: IP, probe: "oui", field: "mac.oui", value: org }] : obs;
  const id = identify(ev(all), cat);
  return { ...id, mac, level: classify(id, cat, DEFAULT_JURISDICTIONS).level };
}

function xmlFromXmltodict(j: Record<string, unknown>): string {
  const [root, body] = Object.entries(j)[0]! as [string, Record<string, string>];
  const attrs = Object.entries(body).filter(([k]) => k.startsWith("@")).map(([k, v]) => ` ${k.slice(1)}="${v}"`).join("");
  const kids = Object.entries(body).filter(([k]) => !k.startsWith("@")).map(([k, v]) => `<${k}>${v}</${k}>`).join("");
  return `<?xml version="1.0" encoding="UTF-8"?><${root}${attrs}>${kids}</${root}>`;
}

describe("every real sample that names a maker", () => {
  it("Hikvision WS-Discovery ProbeMatches → Hikvision DS-2CD3955FWD-IWS, covered, MAC from the v1 endpoint UUID", async () => {
    const v = await verdict(wsdObservations(IP, parseWsdMessage(fixture("samples/hikvision-wsd-probematch-1-ds2cd3955fwd-iws.xml"))));
    expect([v.vendor, v.model, v.deviceType, v.level]).toEqual(["Hikvision", "DS-2CD3955FWD-IWS", "camera", "covered"]);
    expect(v.mac).toBe("b4:a3:82:0f:d9:2d");
  });

  it("Dahua WS-Discovery Hello → Dahua IPC-HFW2228M-I1-V2, covered", async () => {
    const v = await verdict(wsdObservations(IP, parseWsdMessage(fixture("samples/dahua-wsd-hello-1.xml"))));
    expect([v.vendor, v.model, v.level]).toEqual(["Dahua", "IPC-HFW2228M-I1-V2", "covered"]);
  });

  it("TP-Link ProbeMatches cut inside Scopes → a camera whose maker the reply does not name: unidentified", async () => {
    const v = await verdict(wsdObservations(IP, parseWsdMessage(fixture("samples/tplink-wsd-probematch-1-tl-sc3130g.xml"))));
    expect([v.vendor, v.isSurveillance, v.level]).toEqual([undefined, true, "unidentified"]);
  });

  it("Axis SSDP response → Axis, clear", async () => {
    const v = await verdict(ssdpObservations(IP, parseSsdp(fixture("samples/axis-ssdp-msearch-response-1.txt"))!));
    expect([v.vendor, v.level]).toEqual(["Axis Communications", "clear"]);
  });

  it("Axis UPnP description → Axis M1014, serial, clear", async () => {
    const v = await verdict(descriptionObservations(IP, "http://192.0.2.10/rootdesc1.xml", parseDescription(fixture("samples/axis-upnp-rootdesc-1-m1014.xml"))));
    expect([v.vendor, v.model, v.serial, v.level]).toEqual(["Axis Communications", "M1014", "ACCC8E270AD8", "clear"]);
  });

  it("Axis VAPIX basicdeviceinfo → Axis M1065-LW, firmware, clear", async () => {
    const parsed = parseVapixBasicDeviceInfo(IP, "u", fixture("samples/axis-vapix-basicdeviceinfo-1-m1065-lw.json"));
    const v = await verdict(parsed.observations);
    expect([v.vendor, v.model, v.firmware, v.serial, v.deviceType, v.level]).toEqual(["Axis Communications", "M1065-LW", "9.80.1", "ACCC12345678", "camera", "clear"]);
  });

  it("Axis GetSystemDateAndTime envelope namespaces → Axis, clear", async () => {
    const ns = declaredNamespaces(fixture("samples/axis-onvif-getsystemdateandtime-1.xml")).map((value) => ({ ip: IP, probe: "onvif", field: "onvif.namespace", value }));
    const v = await verdict(ns);
    expect([v.vendor, v.level]).toEqual(["Axis Communications", "clear"]);
  });

  it("Dahua magicBox getSystemInfo → Dahua IPC-HDW5831R-ZE, covered", async () => {
    const obs = [{ ip: IP, probe: "dahua-magicbox", field: "http.pathStatus", value: "/cgi-bin/magicBox.cgi?action=getSystemInfo 200" }, ...parseMagicBox(IP, "u", fixture("samples/dahua-http-magicbox-getsysteminfo-1.txt"))];
    const v = await verdict(obs);
    expect([v.vendor, v.model, v.serial, v.level]).toEqual(["Dahua", "IPC-HDW5831R-ZE", "4X7C5A1ZAG21L3F", "covered"]);
  });

  it("Dahua RPC2_Login challenge → Dahua, serial from the realm, MAC with a Dahua OUI, covered", async () => {
    const v = await verdict(parseRpc2Challenge(IP, "u", fixture("samples/dahua-rpc2-login-challenge-1.json")).observations);
    expect([v.vendor, v.serial, v.mac, v.level]).toEqual(["Dahua", "4H01D66PAJ2FA64", "38:af:29:bb:bc:ab", "covered"]);
    expect(v.decisions.some((d) => d.rule === "mac-oui")).toBe(true);
  });

  it("Dahua and Amcrest SSDP responses → Dahua covered; the Amcrest unit is Dahua-made under the Amcrest brand: oem", async () => {
    const [dahua, , amcrest] = fixture("samples/dahua-ssdp-msearch-responses-1.jsonl").trim().split("\n");
    const headers = JSON.parse(dahua!) as Record<string, string>;
    const raw = `HTTP/1.1 200 OK\r\n${Object.entries(headers).map(([k, x]) => `${k}: ${x}`).join("\r\n")}\r\n\r\n`;
    const d = await verdict(ssdpObservations(IP, parseSsdp(raw)!));
    expect([d.vendor, d.serial, d.level]).toEqual(["Dahua", "3K058D5PAG00056", "covered"]);
    // The third record is cut in the source; what is left still carries SERVER and the USN.
    const server = /"SERVER": "([^"]+)"/.exec(amcrest!)![1]!;
    const usn = /"USN": "(uuid:\S+)/.exec(amcrest!)![1]!;
    const a = await verdict(ssdpObservations(IP, parseSsdp(`HTTP/1.1 200 OK\r\nSERVER: ${server}\r\nUSN: ${usn}\r\n\r\n`)!));
    expect([a.vendor, a.brand, a.serial, a.level]).toEqual(["Dahua", "Amcrest", "AMC047530045", "oem"]);
  });

  it.each([
    ["DS-2CD2146G2-ISU", "camera"],
    ["DS-2CD2346G2-ISU", "camera"],
    ["DS-2CD2443G0-IW", "camera"],
    ["DS-2CD2532F-IWS", "camera"],
    ["DS-2CD2T46G2-ISU", "camera"],
    ["DS-7608NXI-I2", "nvr"],
    ["DS-7616NI-K2", "nvr"],
    ["iDS-7204HUHI-M1", "dvr"],
  ])("Hikvision ISAPI deviceInfo %s → Hikvision, %s, covered", async (name, type) => {
    const xml = xmlFromXmltodict(JSON.parse(fixture(`samples/hikvision-isapi-deviceinfo-${name}.json`)) as Record<string, unknown>);
    const parsed = parseIsapiDeviceInfo(IP, "u", xml);
    expect(parsed.error).toBeUndefined();
    const v = await verdict(parsed.observations);
    expect(v.vendor).toBe("Hikvision");
    expect(v.model?.startsWith(name.replace(/-I2$/, ""))).toBe(true);
    expect(v.deviceType).toBe(type);
    expect(v.level).toBe("covered");
  });

  it("Hikvision Bonjour _CGI._tcp answer → Hikvision DS-2CD2722FWD-IZS with its full serial, covered", async () => {
    const sample = JSON.parse(fixture("samples/hikvision-mdns-cgi-tcp-1.json")) as { packet: { answers: { name: string; type: string; rdata: unknown }[]; additionals: { name: string; type: string; rdata: unknown }[] } };
    const records = [...sample.packet.answers, ...sample.packet.additionals].map((r) => ({ name: r.name, type: r.type, data: r.type === "TXT" ? Object.entries(r.rdata as Record<string, string>).map(([k, x]) => `${k}=${x}`) : r.rdata }));
    const v = await verdict(readMdnsResponse(IP, records).observations);
    expect([v.vendor, v.model, v.serial, v.level]).toEqual(["Hikvision", "DS-2CD2722FWD-IZS", "DS-2CD2722FWD-IZS20170321BBWR733050075", "covered"]);
  });

  it("Hikvision RTSP session: the 401 realm and the IMKH SDP header → Hikvision, covered", async () => {
    const text = fixture("samples/hikvision-rtsp-session-1.txt");
    const realm = parseRealm(/WWW-Authenticate:\s*(.+)/i.exec(text)![1]);
    const sdp = text.split(/\r?\n/).find((l) => l.startsWith("a=Media_header"))!;
    const v = await verdict([
      { ip: IP, probe: "rtsp", field: "rtsp.realm", value: realm! },
      { ip: IP, probe: "rtsp", field: "rtsp.sdp", value: sdp },
    ]);
    expect([v.vendor, v.level]).toEqual(["Hikvision", "covered"]);
  });

  it("decoded scope lists: TP-Link VIGI is on a state list only (watch); the Hikvision PTZ is covered", async () => {
    const scopes = (list: string[]): Observation[] => wsdObservations(IP, { kind: "ProbeMatches", matches: [{ types: ["dn:NetworkVideoTransmitter"], scopes: list, xaddrs: [] }] });
    const vigi = await verdict(scopes(["onvif://www.onvif.org/name/VIGI-C350", "onvif://www.onvif.org/hardware/VIGI-C350", "onvif://www.onvif.org/location/Hong Kong"]));
    expect([vigi.vendor, vigi.level]).toEqual(["TP-Link", "watch"]);
    const hik = await verdict(scopes(["onvif://www.onvif.org/hardware/DS-2DC4223IW-D", "onvif://www.onvif.org/name/HIKVISION%20DS-2DC4223IW-D"]));
    expect([hik.vendor, hik.model, hik.level]).toEqual(["Hikvision", "DS-2DC4223IW-D", "covered"]);
    // Xiongmai OEM firmware fills every scope with placeholders: a camera, maker unknown.
    const xm = await verdict(scopes(["onvif://www.onvif.org/hardware/IPC-model", "onvif://www.onvif.org/name/NVT", "onvif://www.onvif.org/location/country/china"]));
    expect([xm.vendor, xm.model, xm.level]).toEqual([undefined, undefined, "unidentified"]);
    // HeroSpeed names itself; it is in no rule's list.
    const hs = await verdict(scopes(["onvif://www.onvif.org/manufacturer/HeroSpeed", "onvif://www.onvif.org/hardware/HeroSpeed"]));
    expect([hs.vendor, hs.level]).toEqual(["HeroSpeed", "clear"]);
  });
});

describe("no false covered", () => {
  it("a Shanghai Dahua Scale Factory MAC is not Dahua, and a locally administered MAC says nothing", async () => {
    expect(cat.lookupOuiOrganisation("Shanghai Dahua Scale Factory")).toBeUndefined();
    expect(await ouiOrganisation("02:00:00:12:34:56")).toBeUndefined();
  });
  it("no non-covered maker's sample or persona evidence ends covered or oem", async () => {
    const samples = [
      descriptionObservations(IP, "u", parseDescription(fixture("samples/axis-upnp-rootdesc-1-m1014.xml"))),
      parseVapixBasicDeviceInfo(IP, "u", fixture("samples/axis-vapix-basicdeviceinfo-1-m1065-lw.json")).observations,
      ssdpObservations(IP, parseSsdp(fixture("samples/axis-ssdp-msearch-response-1.txt"))!),
      [{ ip: IP, probe: "onvif", field: "onvif.manufacturer", value: "Bosch" }, { ip: IP, probe: "onvif", field: "onvif.scope.name", value: "BOSCH-044123456789" }],
      [{ ip: IP, probe: "onvif", field: "onvif.manufacturer", value: "Hanwha Vision" }, { ip: IP, probe: "http", field: "http.title", value: "Hanwha Techwin" }],
    ];
    for (const s of samples) expect(["clear", "watch", "unidentified"]).toContain((await verdict(s)).level);
  });
});

describe("stand-ins where a UPnP description's model and serial belong (real descriptions)", () => {
  const described = (file: string) => verdict(descriptionObservations(IP, "http://192.0.2.10/rootDesc.xml", parseDescription(fixture(`samples/${file}`))));

  it("MiniDLNA 1.3.0: its version is no model and its default serial no serial; not surveillance, clear", async () => {
    for (const file of ["upnp-minidlna-1.3.0-rootdesc.xml", "upnp-minidlna-1.3.0-rootdesc-xbox.xml"]) {
      const v = await described(file);
      expect([v.model, v.serial, v.deviceType, v.isSurveillance, v.level], file).toEqual(["Windows Media Connect compatible (MiniDLNA)", undefined, "other", false, "clear"]);
    }
  });

  it("a router whose modelNumber is its generation is named by its modelName (Orange Livebox: '3')", async () => {
    expect((await described("upnp-igd-livebox-rootdesc.xml")).model).toBe("Residential Livebox,(DSL,WAN Ethernet)");
  });

  it("'Not Available' is no serial (DD-WRT); a real serial is kept (Axis M1014)", async () => {
    expect((await described("upnp-igd-ddwrt-x86-rootdesc.xml")).serial).toBeUndefined();
    expect((await described("axis-upnp-rootdesc-1-m1014.xml")).serial).toBe("ACCC8E270AD8");
  });
});
