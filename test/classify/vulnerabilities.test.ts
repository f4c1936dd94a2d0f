import { describe, expect, it } from "vitest";
import { BUILT_IN_DATA, builtInCatalogue } from "../../src/catalogue/index.ts";
import { parseCatalogue } from "../../src/catalogue/parse.ts";
import { selfTest } from "../../src/catalogue/self-test.ts";
import type { CatalogueData } from "../../src/catalogue/schema.ts";
import { compareVersions, parseVersion } from "../../src/classify/firmware-version.ts";
import { matchVulnerabilities, productPattern } from "../../src/classify/vulnerabilities.ts";

describe("firmware versions as each maker writes them", () => {
  it("reads Hikvision's version and build date in every spelling the advisories and devices use", () => {
    for (const [text, parts, build] of [
      ["V5.5.0 build 170725", [5, 5, 0], 20170725],
      ["V5.3.0build 211230", [5, 3, 0], 20211230],
      ["V5.7.13_230822", [5, 7, 13], 20230822],
      ["IPC_R2_EN_STD_V5.4.81_180203", [5, 4, 81], 20180203],
      ["IPC_G3_EN_STD_5.5.160_210416", [5, 5, 160], 20210416],
    ] as const) {
      expect(parseVersion("hikvision", text), text).toEqual({ parts, build });
    }
    const v = (t: string) => parseVersion("hikvision", t)!;
    expect(compareVersions(v("V5.5.0 build 170725"), v("V5.5.0 build 170914"))).toBeLessThan(0);
    expect(compareVersions(v("V5.5.800 build 210628"), v("V5.5.160 build 210416"))).toBeGreaterThan(0);
    // A bound with a build date against a version without one and the same numbers cannot be ordered.
    expect(compareVersions(v("V5.5.0"), v("V5.5.0 build 170725"))).toBeUndefined();
  });
  it("reads Dahua's baseline, revision and build date, written after the version or appended to it", () => {
    expect(parseVersion("dahua", "V2.800.0000018.0.R, Build Date: 2021-07-07")).toEqual({ parts: [2, 800, 0], build: 20210707 });
    expect(parseVersion("dahua", "4.300.0000003.0.R,build:2020-03-11")).toEqual({ parts: [4, 300, 0], build: 20200311 });
    expect(parseVersion("dahua", "2.800.0000000.29.R.210630")).toEqual({ parts: [2, 800, 29], build: 20210630 });
    expect(parseVersion("dahua", "V2.420.AC00.18.R.20200217")).toEqual({ parts: [2, 420, 18], build: 20200217 });
    expect(parseVersion("dahua", "IPC_G6103-B0005P12D1907")).toBeUndefined();
  });
  it("reads dotted versions, with a build date after an underscore", () => {
    expect(parseVersion("dotted", "V2.3.8-6")).toEqual({ parts: [2, 3, 8, 6] });
    expect(parseVersion("dotted", "2.21.02_20230605")).toEqual({ parts: [2, 21, 2], build: 20230605 });
  });
});

describe("advisories' product names", () => {
  it("match the models a device states, variants included only when named", () => {
    expect(productPattern("hikvision", "DS-2CD2xx2F-I").test("DS-2CD2532F-IWS")).toBe(true);
    expect(productPattern("hikvision", "DS-2CD2xx2F-I").test("DS-2CD2542FWD-I")).toBe(false);
    expect(productPattern("hikvision", "DS-76xxNI-Q2(/xP)").test("DS-7616NI-Q2/16P")).toBe(true);
    expect(productPattern("hikvision", "DS-76xxNXI-Ix/S").test("DS-7608NXI-I2/8P/S")).toBe(true);
    expect(productPattern("hikvision", "DS-76xxNXI-Ix/S").test("DS-7608NXI-I2")).toBe(false);
    expect(productPattern("dahua", "IPC-HX3XXX").test("DH-IPC-HDBW3441R-ZS")).toBe(true);
    expect(productPattern("dahua", "IPC-HX3XXX").test("IPC-HFW5541E-SE")).toBe(false);
  });
});

describe("known-vulnerable firmware", () => {
  const vulns = builtInCatalogue().data.vulnerabilities;
  it("flags a device by its own model and firmware, says which evidence matched, and marks the KEV entries", () => {
    const found = matchVulnerabilities({ vendorId: "hikvision", model: "DS-2CD2532F-IWS", firmware: [{ field: "isapi.firmware", value: "V5.2.0 build 140721" }] }, vulns);
    expect(found.map((v) => [v.id, v.kev])).toEqual([
      ["CVE-2017-7921", true],
      ["CVE-2017-7923", false],
    ]);
    expect(found[0]!.why).toBe("DS-2CD2532F-IWS V5.2.0 build 140721 (isapi.firmware): DS-2CD2xx2F-I, from V5.2.0 build 140721, through V5.4.0 build 160530");
    expect(found[0]!.kevAdded).toBe("2026-03-05");
  });
  it("lets the build date decide where the version is the same before and after the fix (Amcrest, on Dahua firmware)", () => {
    const amcrest = (firmware: string) => matchVulnerabilities({ vendorId: "dahua", model: "IP2M-841", firmware: [{ field: "onvif.firmware", value: firmware }] }, vulns).map((v) => v.id);
    expect(amcrest("V2.420.AC00.18.R, Build Date: 2019-07-29")).toEqual(["CVE-2020-5735"]);
    expect(amcrest("V2.420.AC00.18.R, Build Date: 2020-02-17")).toEqual([]);
    // The same version without a build date cannot be placed: no claim.
    expect(amcrest("V2.420.AC00.18.R")).toEqual([]);
  });
  it("claims nothing without the maker, the model or a firmware the device stated", () => {
    const fw = [{ field: "isapi.firmware", value: "V5.2.0 build 140721" }];
    expect(matchVulnerabilities({ model: "DS-2CD2532F-IWS", firmware: fw }, vulns)).toEqual([]);
    expect(matchVulnerabilities({ vendorId: "dahua", model: "DS-2CD2532F-IWS", firmware: fw }, vulns)).toEqual([]);
    expect(matchVulnerabilities({ vendorId: "hikvision", model: "DS-2CD2532F-IWS", firmware: [] }, vulns)).toEqual([]);
    expect(matchVulnerabilities({ vendorId: "hikvision", firmware: fw }, vulns)).toEqual([]);
  });
  it("has every entry's real examples on the side of its ranges they say, and the self-test catches one that is not", () => {
    expect(vulns.length).toBeGreaterThanOrEqual(4);
    const data = structuredClone(BUILT_IN_DATA) as unknown as CatalogueData;
    expect(selfTest(parseCatalogue(data)).filter((f) => f.rule.startsWith("CVE-"))).toEqual([]);
    data.vulnerabilities[1]!.examples[0]!.affected = false;
    expect(selfTest(parseCatalogue(data)).filter((f) => f.rule.startsWith("CVE-"))).toEqual([
      { rule: data.vulnerabilities[1]!.id, example: `${data.vulnerabilities[1]!.examples[0]!.model} ${data.vulnerabilities[1]!.examples[0]!.firmware}`, problem: "example is not affected but a range matches it" },
    ]);
  });
});
