import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import { ssdpMxMs } from "../../mock-devices/responders/ssdp.ts";
import { buildProbe } from "../../probes/ws-discovery/build.ts";
import { buildMSearch } from "../../probes/ssdp/build.ts";

// The lab answers as a network of real devices would: each request once, only at the addresses that speak it.
let lab: Lab;
beforeAll(async () => {
  const personas = loadPersonas().filter((p) => p.id === "hikvision-ipc" || p.id === "upnp-media-server");
  lab = await startLab({ personas, firstAddress: "127.77.3.10", maxReplyDelayMs: 50 });
});
afterAll(async () => lab?.close());

/** Send datagrams from one socket and collect what comes back within `ms`. */
async function exchange(sends: { payload: string; port: number; address: string }[], ms = 600): Promise<{ from: string; text: string }[]> {
  const s = dgram.createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", r));
  s.setMulticastInterface("127.0.0.1");
  const got: { from: string; text: string }[] = [];
  s.on("message", (b, r) => got.push({ from: r.address, text: b.toString("utf8") }));
  for (const x of sends) s.send(x.payload, x.port, x.address);
  await new Promise((r) => setTimeout(r, ms));
  s.close();
  return got;
}

describe("the lab", () => {
  it("answers a repeated WS-Discovery Probe (same MessageID) once, as SOAP-over-UDP duplicate detection asks", async () => {
    const probe = buildProbe({ type: "dn:NetworkVideoTransmitter" });
    const twice = await exchange([0, 1].map(() => ({ payload: probe, port: 3702, address: "239.255.255.250" })));
    // A new Probe (another MessageID) is answered again; the one already answered is not.
    const again = await exchange([buildProbe({ type: "dn:NetworkVideoTransmitter" }), probe].map((payload) => ({ payload, port: 3702, address: "239.255.255.250" })));
    const camera = lab.members.find((m) => m.persona.id === "hikvision-ipc")!.ip;
    expect(twice.filter((g) => g.from === camera)).toHaveLength(1);
    expect(again.filter((g) => g.from === camera)).toHaveLength(1);
  });

  it("answers a unicast request only at an address that speaks the protocol", async () => {
    // The camera speaks WS-Discovery but not SSDP; the media server speaks SSDP.
    const camera = lab.members.find((m) => m.persona.id === "hikvision-ipc")!.ip;
    const server = lab.members.find((m) => m.persona.id === "upnp-media-server")!.ip;
    const toCamera = await exchange([{ payload: buildMSearch("ssdp:all", 1, `${camera}:1900`), port: 1900, address: camera }]);
    const toServer = await exchange([{ payload: buildMSearch("ssdp:all", 1, `${server}:1900`), port: 1900, address: server }]);
    expect(toCamera).toEqual([]);
    expect(toServer.length).toBeGreaterThan(0);
    expect(new Set(toServer.map((g) => g.from))).toEqual(new Set([server]));
  });
});

describe("ssdpMxMs", () => {
  it("waits up to MX seconds, at most 5, and 1 s when MX is missing", () => {
    expect(ssdpMxMs(buildMSearch("ssdp:all", 2))).toBe(2000);
    expect(ssdpMxMs(buildMSearch("ssdp:all", 120))).toBe(5000);
    expect(ssdpMxMs("M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n")).toBe(1000);
  });
});
