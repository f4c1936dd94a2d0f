import { describe, expect, it } from "vitest";
import { builtInCatalogue } from "../../src/catalogue/index.ts";
import { atLeast, classify, DEFAULT_JURISDICTIONS } from "../../src/classify/classify.ts";
import { identify } from "../../src/identify/identify.ts";
import type { Evidence } from "../../src/model/report.ts";

const cat = builtInCatalogue();
const e = (field: string, value: string): Evidence => ({ source: "test", field, value });
const verdict = (evidence: Evidence[], j: readonly string[] = DEFAULT_JURISDICTIONS) => {
  const id = identify(evidence, cat);
  return { id, risk: classify(id, cat, j) };
};
const hik = [e("onvif.manufacturer", "HIKVISION"), e("onvif.model", "DS-2CD2146G2-ISU"), e("wsd.types", "dn:NetworkVideoTransmitter")];

describe("jurisdictions", () => {
  it("Hikvision is covered in the US, Canada, the UK and Taiwan; one institution's removal (Australian Defence, European Parliament) is watch", () => {
    for (const j of ["us", "ca", "uk", "tw"]) expect(verdict(hik, [j]).risk.level, j).toBe("covered");
    for (const [j, id] of [["au", "au-defence-2023"], ["eu", "eu-ep-2021"]] as const) {
      const r = verdict(hik, [j]).risk;
      expect([r.level, r.regulations.map((x) => x.id)], j).toEqual(["watch", [id]]);
    }
  });

  it("says when a rule names a category rather than the company", () => {
    const uk = verdict(hik, ["uk"]).risk.regulations[0]!;
    expect(uk.id).toBe("uk-wms-2022-11-24");
    expect(uk.reason).toMatch(/names a category/);
  });

  it("EZVIZ is covered through its parent where rules reach subsidiaries; Canada's federal measures do not, Québec's order (related companies) puts it on watch", () => {
    const ez = [e("onvif.manufacturer", "EZVIZ"), e("wsd.types", "dn:NetworkVideoTransmitter")];
    expect(verdict(ez, ["us"]).risk.level).toBe("covered");
    const ca = verdict(ez, ["ca"]).risk;
    expect([ca.level, ca.regulations.map((r) => r.id)]).toEqual(["watch", ["ca-qc-2023"]]);
  });

  it("in the US an export-list-only maker is watch, not covered; the UK statement's category (PRC National Intelligence Law) covers it: Uniview, Tiandy", () => {
    for (const name of ["Uniview", "Tiandy"]) {
      const ev = [e("onvif.manufacturer", name), e("wsd.types", "dn:NetworkVideoTransmitter")];
      const us = verdict(ev, ["us"]).risk;
      expect(us.level, name).toBe("watch");
      expect(us.regulations.every((x) => x.jurisdiction.startsWith("US")), name).toBe(true);
      const uk = verdict(ev, ["uk"]).risk;
      expect([uk.level, uk.regulations.map((x) => x.id)], name).toEqual(["covered", ["uk-wms-2022-11-24"]]);
      expect(uk.regulations[0]!.reason).toMatch(/names a category/);
    }
  });

  it("a state list alone is watch (TP-Link, Texas)", () => {
    const r = verdict([e("onvif.scope.name", "TP-IPC")]).risk;
    expect(r.level).toBe("watch");
    expect(r.regulations.map((x) => x.jurisdiction)).toEqual(["US-TX"]);
  });
});

describe("brands", () => {
  it("an Amcrest camera with Dahua traits is Dahua-made, Amcrest-branded: oem", () => {
    const { id, risk } = verdict([e("onvif.manufacturer", "Amcrest"), e("upnp.server", "Linux, UPnP/1.0, Private Upnp SDK")]);
    expect([id.vendor, id.brand, risk.level]).toEqual(["Dahua", "Amcrest", "oem"]);
    expect(risk.summary).toMatch(/Amcrest brand, made by Dahua/);
  });

  it("a weak OEM link (some Honeywell lines) decides nothing on its own: unidentified, with the reason", () => {
    const { id, risk } = verdict([e("onvif.manufacturer", "Honeywell"), e("wsd.types", "dn:NetworkVideoTransmitter")]);
    expect([id.vendor, id.brand, risk.level]).toEqual([undefined, "Honeywell", "unidentified"]);
    expect(risk.summary).toMatch(/maker may be Dahua/);
  });

  it("a Honeywell box with Hikvision firmware traits is a Hikvision OEM", () => {
    const { id, risk } = verdict([e("onvif.manufacturer", "Honeywell"), e("http.server", "App-webs/"), e("mac.oui", "Hangzhou Hikvision Digital Technology Co.,Ltd.")]);
    expect([id.vendor, id.brand, risk.level]).toEqual(["Hikvision", "Honeywell", "oem"]);
  });

  it("keeps conflicting evidence and shows it", () => {
    const { id } = verdict([e("onvif.manufacturer", "Bosch"), e("http.server", "App-webs/")]);
    expect(id.vendor).toBe("Bosch Security Systems");
    expect(id.conflicts.map((c) => c.rule)).toContain("hikvision-http-server-app-webs");
  });

  it("agreeing evidence raises confidence", () => {
    const one = verdict([e("http.server", "App-webs/")]).id.confidence;
    const two = verdict([e("http.server", "App-webs/"), e("onvif.namespace", "http://www.hikvision.com/2011/event/topics")]).id.confidence;
    expect(two).toBeGreaterThan(one);
  });
});

describe("levels", () => {
  it("orders covered > oem > watch > unidentified > clear", () => {
    expect(atLeast("covered", "oem")).toBe(true);
    expect(atLeast("watch", "oem")).toBe(false);
    expect(atLeast("unidentified", "unidentified")).toBe(true);
    expect(atLeast("clear", "unidentified")).toBe(false);
  });
  it("a printer with no maker is clear, a camera with no maker is unidentified", () => {
    expect(verdict([e("wsd.types", "wsdp:Device wprt:PrintDeviceType")]).risk.level).toBe("clear");
    expect(verdict([e("wsd.types", "dn:NetworkVideoTransmitter")]).risk.level).toBe("unidentified");
  });
});
