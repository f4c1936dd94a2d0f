import { describe, expect, it } from "vitest";
import { applyExceptions, failing } from "../../src/classify/exceptions.ts";
import { ExceptionsFileSchema } from "../../src/classify/exceptions-schema.ts";
import type { Device } from "../../src/model/report.ts";

const device = (ip: string, level: Device["risk"]["level"], extra: Partial<Device> = {}): Device => ({
  id: `ip:${ip}`, ip, isSurveillance: true, confidence: 0.9, decisions: [], conflicts: [], foundBy: [], inScope: true, evidence: [], warnings: [],
  risk: { level, regulations: [] }, ...extra,
});

describe("exceptions", () => {
  const devices = [device("192.0.2.1", "covered", { mac: "bc:ad:28:4f:d0:7b" }), device("192.0.2.2", "oem", { serial: "AMC047530045" }), device("192.0.2.3", "covered")];
  it("accepts by MAC, serial or IP until expiry; an expired one is a warning and fails again", () => {
    const out = applyExceptions(
      devices,
      [
        { mac: "BC-AD-28-4F-D0-7B", reason: "replacement ordered", expires: "2027-03-31" },
        { serial: "AMC047530045", reason: "lobby camera, isolated VLAN", expires: "2026-12-31" },
        { ip: "192.0.2.3", reason: "old", expires: "2026-01-01" },
      ],
      "2026-11-29",
    );
    expect(out[0]?.accepted).toEqual({ by: "mac", reason: "replacement ordered", expires: "2027-03-31" });
    expect(out[1]?.accepted?.by).toBe("serial");
    expect(out[2]?.accepted).toBeUndefined();
    expect(out[2]?.warnings).toEqual(["exception (old) expired on 2026-01-01"]);
    expect(failing(out, "oem").map((d) => d.ip)).toEqual(["192.0.2.3"]);
    expect(failing(devices, "oem").map((d) => d.ip)).toEqual(["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
    expect(failing(devices, "covered").map((d) => d.ip)).toEqual(["192.0.2.1", "192.0.2.3"]);
  });
  it("rejects entries that name no device or no reason", () => {
    const r = ExceptionsFileSchema.safeParse({ exceptions: [{ reason: "x", expires: "2027-01-01" }, { ip: "192.0.2.1", reason: "", expires: "soon" }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["exceptions.0", "exceptions.1.reason", "exceptions.1.expires"]));
  });
});
