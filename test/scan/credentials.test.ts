import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import { scanLoopback } from "../lab.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ personas: loadPersonas().filter((p) => p.id === "hikvision-ipc"), firstAddress: "127.77.3.10" });
});
afterAll(async () => lab?.close());

describe("ONVIF with credentials", () => {
  it("reads firmware and serial with WS-Security when the credentials are right", async () => {
    const creds = lab.members[0]!.persona.credentials!;
    // Found by the TCP sweep alone: no XAddr, so the web UI's realm names the maker and its endpoints are asked.
    const { report } = await scanLoopback(["127.77.3.10"], { credentials: creds, probes: [(await import("../../probes/tcp/index.ts")).tcpProbe] });
    const d = report.devices[0]!;
    // ISAPI answered the Digest challenge with the same credentials; ONVIF at its standard path took the WS-Security token.
    expect(d.evidence).toContainEqual(expect.objectContaining({ source: "isapi", field: "isapi.serial", value: "DS-2CD2146G2-ISU20240101AAWRG12345678" }));
    expect(d.evidence).toContainEqual(expect.objectContaining({ field: "http.pathStatus", value: "/ISAPI/System/deviceInfo 200" }));
    expect(d.firmware).toBe("V5.7.17 build 240606");
    expect(d.serial).toBe("DS-2CD2146G2-ISU20240101AAWRG12345678");
    expect(d.evidence).toContainEqual(expect.objectContaining({ source: "onvif", field: "onvif.manufacturer", value: "HIKVISION" }));
    expect(d.evidence).toContainEqual(expect.objectContaining({ field: "onvif.deviceService", value: expect.stringContaining("/onvif/device_service") }));
    // The password never appears in the report.
    expect(JSON.stringify(report)).not.toContain(creds.password);
  });

  it("keeps the refusal as evidence when they are wrong, and goes on", async () => {
    const { report } = await scanLoopback(["127.77.3.10"], { credentials: { username: "admin", password: "nope" } });
    const d = report.devices[0]!;
    expect(d.firmware).toBeUndefined();
    expect(d.vendor).toBe("Hikvision");
    expect(d.evidence.filter((e) => e.field === "onvif.auth").length).toBeGreaterThanOrEqual(2);
    expect(d.evidence).toContainEqual(expect.objectContaining({ field: "http.pathStatus", value: "/ISAPI/System/deviceInfo 401" }));
  });
});
