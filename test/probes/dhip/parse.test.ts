import { describe, expect, it } from "vitest";
import { buildDhipFrame, buildDhipSearch } from "../../../probes/dhip/build.ts";
import { dhipJson, dhipObservations } from "../../../probes/dhip/parse.ts";
import { fixture, fixtureBytes } from "../../helpers.ts";

describe("DHIP", () => {
  it("builds the 32-byte header as the protocol notes give it", () => {
    const f = buildDhipSearch();
    expect(f.subarray(0, 8).toString("hex")).toBe("2000000044484950");
    const len = f.readUInt32LE(16);
    expect(f.readUInt32LE(24)).toBe(len);
    expect(f.length).toBe(32 + len);
    expect(JSON.parse(f.subarray(32).toString())).toEqual({ method: "DHDiscover.search", params: { mac: "", uni: 1 } });
  });

  it("reads the IPC-HDW5421S notifyDevInfo, framed as a device sends it", () => {
    const frame = buildDhipFrame(fixture("samples/dahua-dhip-notifydevinfo-1.json"));
    const obs = dhipObservations("192.0.2.140", dhipJson(frame))!;
    const get = (f: string): string | undefined => obs.find((o) => o.field === f)?.value;
    expect(get("dhip.model")).toBe("IPC-HDW5421S");
    expect(get("dhip.serial")).toBe("1F006E4PAX00075");
    expect(get("dhip.vendor")).toBe("Dahua");
    expect(get("dhip.firmware")).toBe("2.400.0.8");
    expect(get("dhip.deviceClass")).toBe("IPC");
    expect(get("dhip.mac")).toBe("4c:11:bf:c2:0b:9d");
    expect(get("dhip.ipv4")).toBe("218.5.136.140");
  });

  it("finds the JSON of the real TCP/37777 login-challenge frame by its first brace", () => {
    const j = dhipJson(fixtureBytes("samples/dahua-dhip-tcp37777-login-challenge-1.bin")) as { error?: { code?: number } };
    expect(j.error?.code).toBe(268632079);
    // Not a notifyDevInfo: no observations.
    expect(dhipObservations("192.0.2.1", j)).toBeUndefined();
  });

  it("never throws on junk", () => {
    expect(dhipJson(Buffer.from("DHIP{not json"))).toBeUndefined();
    expect(dhipObservations("192.0.2.1", undefined)).toBeUndefined();
    expect(dhipObservations("192.0.2.1", { method: "client.notifyDevInfo", params: { deviceInfo: "x" } })).toBeUndefined();
  });
});
