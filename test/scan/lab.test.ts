import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import { ReportSchema, type Report } from "../../src/model/report.ts";
import { scanLoopback } from "../lab.ts";
import { evidenceVocabulary, isKnownField } from "../../probes/evidence-fields.ts";

let lab: Lab;
let report: Report;
let contacted: string[];

beforeAll(async () => {
  lab = await startLab({ personas: loadPersonas(), firstAddress: "127.77.0.10" });
  // The range runs past the last device: silent addresses must not become devices.
  ({ report, contacted } = await scanLoopback(["127.77.0.1-60"]));
});
afterAll(async () => lab?.close());

describe("a scan of the full loopback lab", () => {
  it("produces a report that matches the schema", () => {
    expect(ReportSchema.safeParse(report).success).toBe(true);
    expect(report.errors).toEqual([]);
  });

  it("emits only evidence fields that its probes and endpoints declare", () => {
    const fields = new Set(report.devices.flatMap((d) => d.evidence.map((e) => e.field)));
    expect([...fields].filter((f) => !isKnownField(evidenceVocabulary(), f))).toEqual([]);
  });

  it("finds every persona exactly once, at its own address", () => {
    const ips = report.devices.map((d) => d.ip).sort();
    expect(ips).toEqual(lab.members.map((m) => m.ip).sort());
  });

  it("names maker and model of every camera persona, and only cameras are surveillance devices", () => {
    for (const m of lab.members) {
      const d = report.devices.find((x) => x.ip === m.ip)!;
      expect(d.isSurveillance, `${m.persona.id} surveillance`).toBe(m.persona.expect.surveillance);
      if (m.persona.expect.vendor) expect(d.vendor, `${m.persona.id} vendor`).toBe(m.persona.expect.vendor);
      if (m.persona.expect.model) expect(d.model, `${m.persona.id} model`).toBe(m.persona.expect.model);
      if (m.persona.expect.brand) expect(d.brand, `${m.persona.id} brand`).toBe(m.persona.expect.brand);
      expect(d.risk.level, `${m.persona.id} level`).toBe(m.persona.expect.level);
    }
  });

  it("keeps evidence with its source and URL, and says which evidence decided the maker", () => {
    const dahua = report.devices.find((d) => d.model === "IPC-HFW2228M-I1-V2")!;
    expect(dahua.evidence).toContainEqual(expect.objectContaining({ source: "upnp-description", field: "upnp.serialNumber", value: "3K058D5PAG00056", url: expect.stringContaining("/upnp_device_desc.xml") }));
    expect(dahua.serial).toBe("3K058D5PAG00056");
    expect(dahua.firmware).toMatch(/^2\.800/);
    expect(dahua.decisions.some((x) => x.field === "vendor")).toBe(true);
    expect(dahua.foundBy.sort()).toEqual(["dhip", "ssdp", "tcp", "ws-discovery"]);
  });

  it("records that the Hikvision camera wants credentials, as evidence", () => {
    const hik = report.devices.find((d) => d.model === "DS-2CD2146G2-ISU")!;
    expect(hik.evidence).toContainEqual(expect.objectContaining({ field: "onvif.auth", value: expect.stringContaining("NotAuthorized") }));
    expect(hik.evidence).toContainEqual(expect.objectContaining({ field: "http.server", value: "App-webs/" }));
    expect(hik.evidence).toContainEqual(expect.objectContaining({ field: "onvif.namespace", value: "http://www.hikvision.com/2011/event/topics" }));
    expect(hik.firmware).toBeUndefined();
  });

  it("reads ISAPI, RPC2 and VAPIX device-info endpoints the evidence points to, unauthenticated", () => {
    const hik = report.devices.find((d) => d.model === "DS-2CD2146G2-ISU")!;
    expect(hik.evidence).toContainEqual(expect.objectContaining({ field: "http.pathStatus", value: "/ISAPI/System/deviceInfo 401" }));
    const dahua = report.devices.find((d) => d.model === "IPC-HFW2228M-I1-V2")!;
    expect(dahua.evidence).toContainEqual(expect.objectContaining({ field: "dahua.rpc2.realm", value: "Login to 3K058D5PAG00056" }));
    expect(dahua.mac).toBe("bc:32:5f:71:9b:03");
    expect(dahua.evidence).toContainEqual(expect.objectContaining({ field: "mac.oui", value: "Zhejiang Dahua Technology Co., Ltd." }));
    const axis = report.devices.find((d) => d.model === "M1065-LW")!;
    expect(axis.firmware).toBe("9.80.3.8");
    // A maker known from discovery is asked its own endpoints only: Axis VAPIX, never ISAPI; Hikvision ISAPI, never VAPIX.
    expect(contacted.filter((u) => u.includes(axis.ip) && u.includes("/ISAPI/"))).toEqual([]);
    expect(contacted.filter((u) => u.includes(hik.ip) && u.includes("/axis-cgi/"))).toEqual([]);
  });

  it("explains covered and OEM verdicts with the rules, their dates and sources", () => {
    const lts = report.devices.find((d) => d.brand === "LTS")!;
    expect(lts.vendor).toBe("Hikvision");
    expect(lts.risk.level).toBe("oem");
    const ndaa = lts.risk.regulations.find((r) => r.id === "us-ndaa-889")!;
    expect(ndaa).toMatchObject({ jurisdiction: "US", date: "2019-08-13", source: expect.stringMatching(/^https:/) });
    expect(ndaa.reason).toMatch(/LTS, an OEM relabel/);
    const ezviz = report.devices.find((d) => d.vendor === "EZVIZ")!;
    expect(ezviz.risk.regulations.find((r) => r.id === "us-ndaa-889")?.reason).toMatch(/parent of EZVIZ/);
    // Canada's order does not reach Hikvision's subsidiaries abroad.
    expect(ezviz.risk.regulations.some((r) => r.jurisdiction === "CA")).toBe(false);
  });

  it("finds Hikvision-family devices by SADP and Dahua-family ones by DHIP, with serial, firmware and activation", () => {
    const nvr = report.devices.find((d) => d.model === "DS-7608NXI-I2")!;
    expect(nvr.foundBy).toContain("sadp");
    expect(nvr.evidence).toContainEqual(expect.objectContaining({ field: "sadp.activated", value: "true" }));
    const ezviz = report.devices.find((d) => d.vendor === "EZVIZ")!;
    expect(ezviz.foundBy).toContain("sadp");
    expect(ezviz.mac).toBe("0c:a6:4c:11:22:33");
    const dahua = report.devices.find((d) => d.model === "IPC-HFW2228M-I1-V2")!;
    expect(dahua.foundBy).toContain("dhip");
    expect(dahua.evidence).toContainEqual(expect.objectContaining({ field: "dhip.serial", value: "3K058D5PAG00056" }));
    const amcrest = report.devices.find((d) => d.brand === "Amcrest")!;
    expect(amcrest.foundBy).toContain("dhip");
  });

  it("finds a misaddressed, unactivated Hikvision camera by SADP alone and flags both", () => {
    const d = report.devices.find((x) => x.model === "DS-2CD2043G2-I")!;
    expect(d.foundBy).toEqual(["sadp"]);
    expect(d.serial).toBe("DS-2CD2043G2-I20220301AAWRJ55667788");
    expect(d.warnings.join("\n")).toMatch(/misconfigured address: the device reports 192\.168\.1\.64/);
    expect(d.warnings.join("\n")).toMatch(/not activated/);
  });

  it("sweeps TCP ports and reads RTSP servers: Server header, 401 realm, SDP", () => {
    const dahua = report.devices.find((d) => d.model === "IPC-HFW2228M-I1-V2")!;
    expect(dahua.evidence).toContainEqual(expect.objectContaining({ field: "tcp.open", value: String(lab.members.find((m) => m.persona.id === "dahua-ipc")!.httpPort) }));
    expect(dahua.evidence).toContainEqual(expect.objectContaining({ source: "rtsp", field: "rtsp.server", value: "Rtsp Server/3.0" }));
    expect(dahua.evidence).toContainEqual(expect.objectContaining({ source: "rtsp", field: "rtsp.realm", value: "Login to 3K058D5PAG00056" }));
    const axis = report.devices.find((d) => d.model === "M1065-LW")!;
    expect(axis.evidence.find((e) => e.field === "rtsp.sdp")?.value).toMatch(/m=video 0 RTP\/AVP 96/);
  });

  it("tells the NVR from the cameras", () => {
    expect(report.devices.find((d) => d.model === "DS-7608NXI-I2")?.deviceType).toBe("nvr");
  });

  it("never sent ONVIF requests to the printer or the PC", () => {
    const notOnvif = lab.members.filter((m) => m.persona.id.startsWith("wsd-")).map((m) => m.ip);
    expect(contacted.filter((u) => notOnvif.some((ip) => u.includes(`//${ip}`)) && u.includes("/onvif/"))).toEqual([]);
  });
});
