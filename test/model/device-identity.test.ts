import { describe, expect, it } from "vitest";
import { idFromKeys, isStandInSerial } from "../../src/model/device-identity.ts";

describe("idFromKeys", () => {
  // A Hikvision camera heard by SADP (serial and MAC keys) and by WS-Discovery (its endpoint), in either order.
  const sadp = ["serial:DS-2CD2042WD20150101AAWR123456789", "mac:bc:ad:28:4f:d0:7b"];
  const wsd = ["endpoint:uuid:4a414c4c-0000-1000-8000-bcad284fd07b"];

  it("gives the same id whichever reply came first: the endpoint, then the UDN, Bonjour host, P2P id, serial, MAC", () => {
    expect(idFromKeys([...sadp, ...wsd], undefined, "192.0.2.7")).toBe(wsd[0]);
    expect(idFromKeys([...wsd, ...sadp], undefined, "192.0.2.7")).toBe(wsd[0]);
    expect(idFromKeys(["mac:bc:ad:28:4f:d0:7b", "mdns-host:axis-accc8e270ad8.local", "udn:uuid:abc"], undefined, "192.0.2.7")).toBe("udn:uuid:abc");
    expect(idFromKeys(sadp, undefined, "192.0.2.7")).toBe(sadp[0]);
    expect(idFromKeys(["endpoint:uuid:b", "endpoint:uuid:a"], undefined, "192.0.2.7")).toBe("endpoint:uuid:a");
  });

  it("falls back on the serial identification found, then on the address", () => {
    expect(idFromKeys([], "ABC123", "192.0.2.7")).toBe("serial:ABC123");
    expect(idFromKeys([], undefined, "192.0.2.7")).toBe("ip:192.0.2.7");
  });
});

describe("isStandInSerial", () => {
  it("calls stand-ins stand-ins, and real serials (masked ones too) serials", () => {
    // MiniDLNA's default, DD-WRT's UPnP serialNumber and SADP's empty value (test/fixtures/samples), then blank and all-F.
    for (const s of ["00000000", "Not Available", "N/A", "  ", "FFFFFFFF"]) expect(isStandInSerial(s), s).toBe(true);
    for (const s of ["ACCC8E270AD8", "3K058D5PAG00056", "DS-2CD2155FWD-XXXXXXXXXXXXXXXXXXXXX", "0067120380000304"]) expect(isStandInSerial(s), s).toBe(false);
  });
});
