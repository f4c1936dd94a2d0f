import { describe, expect, it } from "vitest";
import { ReportSchema } from "../../src/model/report.ts";
import { buildReplacementPlan, renderPlanCsv } from "../../src/report/replacement-plan.ts";
import { fixture } from "../helpers.ts";

const report = ReportSchema.parse(JSON.parse(fixture("report/lab-report.json")));

describe("the replacement plan", () => {
  it("groups the covered and OEM devices by maker, model and type, with the ONVIF profiles and PTZ they announce", () => {
    const plan = buildReplacementPlan(report.devices, "Lobby");
    const flagged = report.devices.filter((d) => d.risk.level === "covered" || d.risk.level === "oem");
    expect(plan.reduce((a, g) => a + g.count, 0)).toBe(flagged.length);
    const hik = plan.find((g) => g.model === "DS-2CD2146G2-ISU")!;
    expect(hik).toEqual({ site: "Lobby", maker: "Hikvision", model: "DS-2CD2146G2-ISU", deviceType: "camera", level: "covered", count: 1, addresses: ["127.77.0.16"], onvifProfiles: ["G", "S", "T"], ptz: true, replacement: "" });
    // A relabel keeps its brand beside the maker; a device that announced no profile says so by an empty list.
    expect(plan.find((g) => g.model === "IP4M-1041B")).toMatchObject({ maker: "Dahua", brand: "Amcrest", level: "oem", onvifProfiles: ["S"] });
    expect(plan.find((g) => g.model === "DS-2CD2043G2-I")!.onvifProfiles).toEqual([]);
    expect(plan.find((g) => g.model === "DS-7608NXI-I2")!.deviceType).toBe("nvr");
  });
  it("counts devices of one model together, and leaves out clear devices and those outside the targets", () => {
    const twin = structuredClone(report.devices.find((d) => d.model === "DS-2CD2146G2-ISU")!);
    twin.ip = "127.77.0.99";
    const outside = { ...structuredClone(twin), ip: "192.0.2.9", inScope: false };
    const plan = buildReplacementPlan([...report.devices, twin, outside]);
    const g = plan.find((x) => x.model === "DS-2CD2146G2-ISU")!;
    expect([g.count, g.addresses]).toEqual([2, ["127.77.0.16", "127.77.0.99"]]);
    expect(plan[0]).toBe(g);
    expect(plan.some((x) => x.maker === "Axis Communications")).toBe(false);
  });
  it("adds what the cameras' ISAPI states: the largest main stream, every codec, audio, and the most alarm ports", () => {
    const base = report.devices.find((d) => d.model === "DS-2CD2146G2-ISU")!;
    const stated = (ip: string, fields: [string, string][]): typeof base => ({ ...structuredClone(base), ip, evidence: [...base.evidence, ...fields.map(([field, value]) => ({ source: "isapi-stream", field, value }))] });
    const a = stated("127.77.0.97", [["isapi.stream.resolution", "2688x1520"], ["isapi.stream.codec", "H.265"], ["isapi.cap.ioInputs", "0"], ["isapi.cap.ioOutputs", "0"], ["isapi.cap.audioInputs", "0"], ["isapi.cap.audioOutputs", "0"]]);
    const b = stated("127.77.0.98", [["isapi.stream.resolution", "3840x2160"], ["isapi.stream.codec", "H.264"], ["isapi.cap.ioInputs", "1"], ["isapi.cap.ioOutputs", "1"], ["isapi.cap.audioInputs", "1"]]);
    const only = (devices: (typeof base)[]) => buildReplacementPlan(devices).find((g) => g.model === "DS-2CD2146G2-ISU")!;
    expect(only([a])).toMatchObject({ resolution: "2688x1520", codecs: ["H.265"], io: "0 in, 0 out" });
    expect(only([a]).audio).toBeUndefined();
    expect(only([a, b])).toMatchObject({ count: 2, resolution: "3840x2160", codecs: ["H.264", "H.265"], io: "1 in, 1 out", audio: true });
    expect(only([b, a])).toMatchObject({ resolution: "3840x2160", io: "1 in, 1 out" });
    // A camera that stated none of it has none of the keys.
    expect(Object.keys(only([base])).sort()).toEqual(["addresses", "count", "deviceType", "level", "maker", "model", "onvifProfiles", "ptz", "replacement"]);
    const csv = renderPlanCsv(buildReplacementPlan([a, b])).split("\r\n");
    expect(csv).toContain(",Hikvision,,DS-2CD2146G2-ISU,camera,covered,2,G;S;T,yes,yes,3840x2160,H.264;H.265,\"1 in, 1 out\",127.77.0.97;127.77.0.98,");
  });
  it("writes CSV with an empty replacement column for the integrator", () => {
    const lines = renderPlanCsv(buildReplacementPlan(report.devices)).split("\r\n");
    expect(lines[0]).toBe("site,maker,brand,model,device_type,level,count,onvif_profiles,ptz,audio,resolution,codecs,io,addresses,replacement");
    expect(lines).toContain(",Hikvision,,DS-2CD2146G2-ISU,camera,covered,1,G;S;T,yes,,,,,127.77.0.16,");
  });
});
