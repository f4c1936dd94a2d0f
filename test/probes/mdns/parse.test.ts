import { describe, expect, it } from "vitest";
import { readMdnsResponse, splitInstance, type MdnsRecord } from "../../../probes/mdns/parse.ts";
import { fixture } from "../../helpers.ts";

interface Decoded {
  answers: { name: string; type: string; rdata: unknown }[];
  additionals: { name: string; type: string; rdata: unknown }[];
}

/** The sample is node-dns-sd's decoding; map it to dns-packet's record shape (rdata → data, TXT as k=v). */
function records(p: Decoded): MdnsRecord[] {
  return [...p.answers, ...p.additionals].map((r) => ({
    name: r.name,
    type: r.type,
    data: r.type === "TXT" ? Object.entries(r.rdata as Record<string, string>).map(([k, v]) => Buffer.from(`${k}=${v}`)) : r.rdata,
  }));
}

describe("mDNS responses", () => {
  it("reads the Hikvision _CGI._tcp answer: instance, port, serial host name, TXT, address", () => {
    const sample = JSON.parse(fixture("samples/hikvision-mdns-cgi-tcp-1.json")) as { packet: Decoded };
    const { observations, followUps } = readMdnsResponse("192.0.2.164", records(sample.packet));
    const get = (f: string): string[] => observations.filter((o) => o.field === f).map((o) => o.value);
    expect(get("mdns.service")).toContain("_CGI._tcp");
    expect(get("mdns.instance")).toContain("HIKVISION DS-2CD2722FWD-IZS - 733050075");
    expect(get("mdns.port")).toEqual(["_CGI._tcp:80"]);
    expect(get("mdns.hostname")).toEqual(["DS-2CD2722FWD-IZS20170321BBWR733050075.local"]);
    expect(get("mdns.txt")).toEqual(["_CGI._tcp path=/"]);
    // The camera announces its IPv6 addresses (a ULA and its link-local one) beside its IPv4 address.
    expect(get("mdns.address")).toEqual(["10.0.1.164", "fd0e:2b24:7e05:0001:1a68:cbff:fe15:b284", "fe80:0000:0000:0000:1a68:cbff:fe15:b284"]);
    // SRV, TXT and A all came along: nothing to ask.
    expect(followUps).toEqual([]);
  });

  it("asks for SRV and TXT when a responder sends PTR only, and PTR for types from the meta-query", () => {
    const { followUps } = readMdnsResponse("192.0.2.7", [
      { name: "_http._tcp.local", type: "PTR", data: "cam7._http._tcp.local" },
      { name: "_services._dns-sd._udp.local", type: "PTR", data: "_axis-video._tcp.local" },
    ]);
    expect(followUps).toEqual([
      { name: "cam7._http._tcp.local", type: "SRV" },
      { name: "cam7._http._tcp.local", type: "TXT" },
      { name: "_axis-video._tcp.local", type: "PTR" },
    ]);
  });

  it("reads AAAA records as addresses, keys them by host name, and asks A and AAAA when no address came along", () => {
    const { observations, followUps } = readMdnsResponse("fe80::aecc:8eff:fe27:ad8%eth0", [
      { name: "axis-accc8e270ad8.local", type: "AAAA", data: "fd77:1::e" },
      { name: "AXIS M1065-LW._axis-video._tcp.local", type: "SRV", data: { port: 80, target: "axis-accc8e270ad8.local" } },
      { name: "Cam._http._tcp.local", type: "SRV", data: { port: 80, target: "cam.local" } },
    ]);
    expect(observations).toContainEqual({ ip: "fe80::aecc:8eff:fe27:ad8%eth0", probe: "mdns", field: "mdns.address", value: "fd77:1::e", keys: ["mdns-host:axis-accc8e270ad8.local"] });
    expect(observations).toContainEqual(expect.objectContaining({ field: "mdns.hostname", value: "axis-accc8e270ad8.local", keys: ["mdns-host:axis-accc8e270ad8.local"] }));
    expect(followUps).toEqual([
      { name: "cam.local", type: "A" },
      { name: "cam.local", type: "AAAA" },
    ]);
  });

  it("ignores malformed records", () => {
    const { observations } = readMdnsResponse("192.0.2.7", [
      { name: "x._http._tcp.local", type: "SRV", data: null },
      { name: "x._http._tcp.local", type: "TXT", data: [Buffer.alloc(0), "a".repeat(2000)] },
      { name: 42 as unknown as string, type: "PTR", data: "y" },
    ]);
    expect(observations).toEqual([]);
  });

  it("splits instance names with dots and spaces", () => {
    expect(splitInstance("AXIS M1065-LW - ACCC8E.1._axis-video._tcp.local")).toEqual({ instance: "AXIS M1065-LW - ACCC8E.1", service: "_axis-video._tcp" });
    expect(splitInstance("_http._tcp.local")).toBeUndefined();
  });
});
