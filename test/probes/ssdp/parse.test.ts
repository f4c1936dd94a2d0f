import { describe, expect, it } from "vitest";
import { buildMSearch } from "../../../probes/ssdp/build.ts";
import { descriptionObservations, ssdpObservations } from "../../../probes/ssdp/observe.ts";
import { parseDescription, parseSsdp } from "../../../probes/ssdp/parse.ts";
import { fixture } from "../../helpers.ts";

describe("SSDP parsing on real device messages", () => {
  it("reads the Axis M-SEARCH response", () => {
    const msg = parseSsdp(fixture("samples/axis-ssdp-msearch-response-1.txt"));
    expect(msg?.kind).toBe("response");
    expect(msg?.location).toBe("http://192.168.1.102:45895/rootdesc1.xml");
    expect(msg?.server).toBe("Linux/2.6.35, UPnP/1.0, Portable SDK for UPnP devices/1.6.18");
    expect(msg?.st).toBe("urn:axis-com:service:BasicService:1");
    expect(msg?.udn).toBe("uuid:Upnp-BasicDevice-1_0-ACCC8E270AD8");
    const obs = ssdpObservations("192.0.2.102", msg!);
    expect(obs.find((o) => o.field === "upnp.header.x-user-agent")?.value).toBe("redsonic");
    expect(obs[0]?.keys).toEqual(["udn:uuid:upnp-basicdevice-1_0-accc8e270ad8"]);
  });

  it("reads NOTIFY byebye but takes no observation from it", () => {
    const msg = parseSsdp(fixture("samples/axis-ssdp-notify-byebye-1.txt"));
    expect(msg?.kind).toBe("notify");
    expect(msg?.nts).toBe("ssdp:byebye");
    expect(ssdpObservations("192.0.2.102", msg!)).toEqual([]);
  });

  it("reads the Dahua and Amcrest responses (serial in USN) and survives the truncated record", () => {
    const lines = fixture("samples/dahua-ssdp-msearch-responses-1.jsonl").trim().split("\n");
    const parsed = lines.map((l) => {
      let headers: Record<string, string>;
      try {
        headers = JSON.parse(l) as Record<string, string>;
      } catch {
        // The third record is cut in the source: rebuild what is left of it as raw header text.
        const text = l.replace(/^\{/, "").replace(/", "/g, '"\n"').replace(/"([^"]+)": "([^"]*)"?/g, "$1: $2");
        return parseSsdp(`HTTP/1.1 200 OK\r\n${text}\r\n\r\n`);
      }
      const raw = Object.entries(headers).filter(([k]) => !k.startsWith("_")).map(([k, v]) => `${k}: ${v}`).join("\r\n");
      return parseSsdp(`HTTP/1.1 200 OK\r\n${raw}\r\n\r\n`);
    });
    expect(parsed[0]?.server).toBe("Linux, UPnP/1.0, Private Upnp SDK");
    expect(parsed[0]?.udn).toBe("uuid:www.dahuatech.com.device_3_0-3K058D5PAG00056");
    expect(parsed[1]?.st).toBe("urn:schemas-upnp-org:service:Dummy:1");
    expect(parsed[2]?.kind).toBe("response");
    expect(parsed[2]?.usn).toContain("uuid:device_3_0-AMC047530045");
  });

  it("returns undefined for datagrams that are not SSDP", () => {
    expect(parseSsdp("GET / HTTP/1.1\r\n\r\n")).toBeUndefined();
    expect(parseSsdp("")).toBeUndefined();
  });

  it("builds an M-SEARCH that ends with an empty line", () => {
    const m = buildMSearch("ssdp:all", 2);
    expect(m.startsWith("M-SEARCH * HTTP/1.1\r\n")).toBe(true);
    expect(m.endsWith("\r\n\r\n")).toBe(true);
    expect(m).toContain('MAN: "ssdp:discover"');
    expect(parseSsdp(m)?.kind).toBe("search");
  });
});

describe("UPnP description", () => {
  it("reads the AXIS M1014 root description", () => {
    const d = parseDescription(fixture("samples/axis-upnp-rootdesc-1-m1014.xml"));
    expect(d.error).toBeUndefined();
    expect(d.manufacturer).toBe("AXIS");
    expect(d.modelName).toBe("AXIS M1014");
    expect(d.modelNumber).toBe("M1014");
    expect(d.serialNumber).toBe("ACCC8E270AD8");
    expect(d.friendlyName).toBe("AXIS M1014 - ACCC8E270AD8");
    expect(d.UDN).toBe("uuid:Upnp-BasicDevice-1_0-ACCC8E270AD8");
    expect(d.presentationURL).toBe("http://192.168.1.102:80/");
    expect(d.serviceTypes).toEqual(["urn:axis-com:service:BasicService:1"]);
    const obs = descriptionObservations("192.0.2.102", "http://192.0.2.102:45895/rootdesc1.xml", d);
    expect(obs.find((o) => o.field === "upnp.manufacturer")).toMatchObject({ value: "AXIS", url: "http://192.0.2.102:45895/rootdesc1.xml" });
  });

  it("keeps serial numbers as strings (no numeric coercion)", () => {
    const d = parseDescription(`<root><device><serialNumber>0012345</serialNumber><modelNumber>1.10</modelNumber></device></root>`);
    expect(d.serialNumber).toBe("0012345");
    expect(d.modelNumber).toBe("1.10");
  });

  it("reports a document without a device", () => {
    expect(parseDescription("<html>nope</html>").error).toBeDefined();
  });
});
