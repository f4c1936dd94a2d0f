import { describe, expect, it } from "vitest";
import { describeMapping, getGenericPortMappingEntry, parsePortMappingEntry, wanServices } from "../../../probes/upnp-igd/soap.ts";
import { fixture } from "../../helpers.ts";

describe("a gateway's port-mapping table, read over UPnP IGD (read-only)", () => {
  it("finds the WAN connection services in real gateways' descriptions, embedded devices included", () => {
    expect(wanServices(fixture("samples/upnp-igd-ddwrt-x86-rootdesc.xml"), "http://192.168.1.1:5431/dyndev/uuid:deadbeef")).toEqual([
      { serviceType: "urn:schemas-upnp-org:service:WANIPConnection:1", controlURL: "http://192.168.1.1:5431/uuid:dead-beef-deadbeef0000/WANIPConnection:1" },
      { serviceType: "urn:schemas-upnp-org:service:WANPPPConnection:1", controlURL: "http://192.168.1.1:5431/uuid:dead-beef-deadbeef0000/WANPPPConnection:1" },
    ]);
    expect(wanServices(fixture("samples/upnp-igd-livebox-rootdesc.xml"), "http://192.168.1.1:49152/rootDesc.xml").map((s) => s.serviceType)).toContain("urn:schemas-upnp-org:service:WANPPPConnection:2");
    expect(wanServices("<root><device/></root>", "http://192.0.2.1/")).toEqual([]);
  });
  it("reads a real mapping entry, and the 713 fault that ends the table", () => {
    const entry = parsePortMappingEntry(fixture("samples/upnp-igd-actiontec-gt784wn-ggpme-0.xml"));
    expect(entry).toEqual({ mapping: { protocol: "UDP", externalPort: 3658, internalClient: "192.168.0.10", internalPort: 3658, enabled: true, description: "192.168.0.10:3658 to 3658 (UDP)", remoteHost: "" } });
    expect(describeMapping((entry as { mapping: never }).mapping, "192.168.0.1")).toBe('UDP 3658 on the gateway 192.168.0.1 to 192.168.0.10:3658 ("192.168.0.10:3658 to 3658 (UDP)")');
    expect(parsePortMappingEntry(fixture("samples/upnp-igd-actiontec-gt784wn-ggpme-1-fault713.xml"))).toEqual({ end: "713" });
    expect(parsePortMappingEntry("<html>not soap</html>")).toBeUndefined();
  });
  it("asks for one entry by index, with the action in the SOAPAction header", () => {
    const r = getGenericPortMappingEntry("urn:schemas-upnp-org:service:WANIPConnection:1", 3);
    expect(r.soapAction).toBe('"urn:schemas-upnp-org:service:WANIPConnection:1#GetGenericPortMappingEntry"');
    expect(r.body).toContain("<NewPortMappingIndex>3</NewPortMappingIndex>");
  });
});
