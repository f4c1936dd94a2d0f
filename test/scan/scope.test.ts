import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLab, type Lab } from "../../mock-devices/lab.ts";
import type { Persona } from "../../mock-devices/persona.ts";
import type { Report } from "../../src/model/report.ts";
import { scanLoopback } from "../lab.ts";

// A device whose SSDP LOCATION and ONVIF XAddrs point at another host: camsweep must record them and never go there.
const OUTSIDE = "127.88.0.1";
const rogue: Persona = {
  id: "rogue",
  description: "camera that points discovery at another host",
  expect: { surveillance: true, level: "unidentified" },
  wsDiscovery: {
    style: "generic",
    endpoint: "urn:uuid:0b0e0000-0000-4000-8000-000000000001",
    types: "dn:NetworkVideoTransmitter tds:Device",
    scopes: ["onvif://www.onvif.org/type/video_encoder"],
    xaddrs: [`http://${OUTSIDE}:8088/onvif/device_service`],
    metadataVersion: "1",
  },
  ssdp: {
    server: "Linux, UPnP/1.0, Private Upnp SDK",
    udn: "uuid:0b0e0000-0000-4000-8000-000000000002",
    nts: ["upnp:rootdevice"],
    location: `http://${OUTSIDE}:8088/desc.xml`,
    descriptionPath: "/desc.xml",
    description: "<root><device><manufacturer>x</manufacturer></device></root>",
  },
};
const honest: Persona = {
  ...rogue,
  id: "honest",
  wsDiscovery: { ...rogue.wsDiscovery!, endpoint: "urn:uuid:0b0e0000-0000-4000-8000-000000000003", xaddrs: ["http://{ip}{port}/onvif/device_service"] },
  ssdp: { ...rogue.ssdp!, udn: "uuid:0b0e0000-0000-4000-8000-000000000004", location: "http://{ip}:{httpPort}/desc.xml" },
};

let lab: Lab;
let trap: http.Server;
const trapHits: string[] = [];
let report: Report;
let contacted: string[];

beforeAll(async () => {
  trap = http.createServer((req, res) => {
    trapHits.push(req.url ?? "");
    res.end();
  });
  await new Promise<void>((r) => trap.listen(8088, OUTSIDE, r));
  // rogue 127.77.1.10, honest 127.77.1.11, and a third device outside the targets at 127.77.1.12.
  lab = await startLab({ personas: [rogue, honest, { ...honest, id: "bystander", wsDiscovery: { ...honest.wsDiscovery!, endpoint: "urn:uuid:0b0e0000-0000-4000-8000-000000000005" }, ssdp: { ...honest.ssdp!, udn: "uuid:0b0e0000-0000-4000-8000-000000000006" } }], firstAddress: "127.77.1.10" });
  ({ report, contacted } = await scanLoopback(["127.77.1.10-11"]));
});
afterAll(async () => {
  await lab?.close();
  await new Promise<void>((r) => trap.close(() => r()));
});

describe("the scope fence", () => {
  it("records out-of-scope LOCATION and XAddrs as evidence, with a warning", () => {
    const d = report.devices.find((x) => x.ip === "127.77.1.10")!;
    expect(d.evidence).toContainEqual(expect.objectContaining({ field: "upnp.location", value: `http://${OUTSIDE}:8088/desc.xml` }));
    expect(d.evidence).toContainEqual(expect.objectContaining({ field: "wsd.xaddr", value: `http://${OUTSIDE}:8088/onvif/device_service` }));
    expect(d.warnings.join("\n")).toContain(`LOCATION http://${OUTSIDE}:8088/desc.xml names ${OUTSIDE}, not the address that answered; asked http://127.77.1.10:8088/desc.xml instead`);
    expect(d.warnings.join("\n")).toMatch(/XAddr .* outside the scan scope; not contacted/);
  });

  it("asks the device that answered for the description its LOCATION names on another host (NAT, a second interface)", () => {
    expect(contacted).toContain("http://127.77.1.10:8088/desc.xml");
  });

  it("never contacts the host they point to", () => {
    expect(trapHits).toEqual([]);
    expect(contacted.filter((u) => u.includes(OUTSIDE))).toEqual([]);
  });

  it("does fetch the in-scope device's own LOCATION and XAddrs (the check above can fail)", () => {
    expect(contacted).toContain(`http://127.77.1.11:${lab.members[1]!.httpPort}/desc.xml`);
    expect(contacted.some((u) => u.startsWith("http://127.77.1.11") && u.includes("/onvif/device_service"))).toBe(true);
  });

  it("lists a device that answered multicast from outside the targets, without contacting it", () => {
    const d = report.devices.find((x) => x.ip === "127.77.1.12");
    expect(d?.inScope).toBe(false);
    expect(d?.warnings.join("\n")).toMatch(/outside the targets/);
    expect(contacted.filter((u) => u.includes("127.77.1.12"))).toEqual([]);
  });
});
