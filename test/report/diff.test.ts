import { describe, expect, it } from "vitest";
import { ReportSchema, type Device, type Report } from "../../src/model/report.ts";
import { diffReports, renderChanges } from "../../src/report/diff.ts";
import { fixture } from "../helpers.ts";

const base = ReportSchema.parse(JSON.parse(fixture("report/lab-report.json")));
const find = (r: Report, model: string): Device => r.devices.find((d) => d.model === model)!;

describe("baseline diff", () => {
  it("no changes against itself", () => {
    const c = diffReports(base, base);
    expect([c.new, c.gone, c.changed]).toEqual([[], [], []]);
  });

  it("a device that moved address is the same device when MAC or serial match: an ip change, not new + gone", () => {
    const next = structuredClone(base);
    find(next, "DS-2CD2146G2-ISU").ip = "127.77.0.99";
    const c = diffReports(base, next);
    expect(c.new).toEqual([]);
    expect(c.gone).toEqual([]);
    expect(c.changed).toEqual([expect.objectContaining({ field: "ip", before: find(base, "DS-2CD2146G2-ISU").ip, after: "127.77.0.99" })]);
  });

  it("a new device, a gone device, a firmware change, a risk change and an identity change", () => {
    const next = structuredClone(base);
    const gone = next.devices.findIndex((d) => d.model === "XNV-8080R");
    next.devices.splice(gone, 1);
    next.devices.push({ ...structuredClone(find(base, "IPC-HFW2228M-I1-V2")), id: "serial:NEW1", ip: "127.77.0.77", mac: "bc:32:5f:00:00:77", serial: "NEW1" });
    find(next, "M1065-LW").firmware = "11.0.1";
    find(next, "FLEXIDOME indoor 5100i IR").risk = { level: "unidentified", regulations: [] };
    find(next, "CMIP7442W-28SM").brand = "Annke";
    const c = diffReports(base, next);
    expect(c.new.map((d) => d.ip)).toEqual(["127.77.0.77"]);
    expect(c.gone.map((d) => d.model)).toEqual(["XNV-8080R"]);
    expect(c.changed.map((x) => `${x.device.model}:${x.field}:${x.before}->${x.after}`).sort()).toEqual([
      "CMIP7442W-28SM:brand:LTS->Annke",
      "FLEXIDOME indoor 5100i IR:risk:clear->unidentified",
      "M1065-LW:firmware:9.80.3.8->11.0.1",
    ]);
    const text = renderChanges(c);
    expect(text).toMatch(/^\+ new {6}127\.77\.0\.77 Dahua IPC-HFW2228M-I1-V2 \[covered\]$/m);
    expect(text).toMatch(/^- gone {5}\S+ Hanwha Vision XNV-8080R \[clear\]$/m);
  });

  it("an address reused by another device is not a match when the MACs differ", () => {
    const next = structuredClone(base);
    const hik = find(next, "DS-2CD2146G2-ISU");
    Object.assign(hik, { mac: "00:11:22:33:44:55", serial: "OTHER", id: "serial:OTHER" });
    const c = diffReports(base, next);
    expect(c.new.map((d) => d.serial)).toEqual(["OTHER"]);
    expect(c.gone.map((d) => d.model)).toEqual(["DS-2CD2146G2-ISU"]);
  });
});
