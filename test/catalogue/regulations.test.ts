import { describe, expect, it } from "vitest";
import { BUILT_IN_DATA, builtInCatalogue } from "../../src/catalogue/index.ts";
import { appliesOn, inForceFrom, namesVendorOn, reachesAffiliatesOn, regulationIssues, staleRegulations } from "../../src/catalogue/regulations.ts";
import type { CatalogueData, Regulation } from "../../src/catalogue/schema.ts";
import { classify } from "../../src/classify/classify.ts";
import { identify } from "../../src/identify/identify.ts";

const data = builtInCatalogue().data;
const reg = (id: string): Regulation => {
  const r = data.regulations.find((x) => x.id === id);
  if (!r) throw new Error(`no regulation ${id}`);
  return r;
};
const dates = (r: Regulation): string[] => r.inForce.map((x) => x.date);
const hosts = (r: Regulation): string[] => r.sources.filter((s) => s.kind === "primary").map((s) => new URL(s.url).hostname);

describe("every regulation", () => {
  it("passes the offline fact checks: official primary source, dates in order, effect by reach", () => {
    expect(regulationIssues(data)).toEqual([]);
    for (const r of data.regulations) expect(hosts(r).length > 0 || Boolean(r.secondaryOnly), r.id).toBe(true);
  });

  it("carries no research-list ids and no 'to verify' left in its text; vendors and brands neither", () => {
    expect(JSON.stringify(BUILT_IN_DATA.regulations)).not.toMatch(/"sourceIds"|\[S\d+|\(verify\)|to verify/);
    expect(JSON.stringify([BUILT_IN_DATA.vendors, BUILT_IN_DATA.brands])).not.toMatch(/\[(?:catalogue )?S\d+|catalogue S\d+/);
  });

  it("Lorex: sold by Dahua (agreed 2022-11-23), so the name alone no longer decides the maker; Imou's stake sale is dated", () => {
    const lorex = data.brands.find((b) => b.name === "Lorex")!;
    expect([lorex.maker, lorex.until, lorex.confidence < 0.5]).toEqual(["dahua", "2022-11-23", true]);
    expect(data.vendors.find((v) => v.id === "imou")!.notes).toMatch(/2025-03-03/);
    expect(data.vendors.find((v) => v.id === "cetc")!.sources?.length).toBeGreaterThan(0);
  });

  it("is a ban exactly when it is a national prohibition", () => {
    for (const r of data.regulations) expect([r.id, r.effect], r.id).toEqual([r.id, r.reach === "national" ? "ban" : "watch"]);
  });
});

describe("corrected entries", () => {
  it("§889: agency ban 2019-08-13; contractor use and §889(b) grants and loans 2020-08-13; statute on congress.gov or govinfo", () => {
    const r = reg("us-ndaa-889");
    expect([r.made, dates(r)[0]]).toEqual(["2018-08-13", "2019-08-13"]);
    expect(r.inForce.some((x) => x.date === "2020-08-13" && /889\(b\)|200\.216/.test(x.what))).toBe(true);
    expect(hosts(r)).toEqual(expect.arrayContaining([expect.stringMatching(/congress\.gov|govinfo\.gov/)]));
  });

  it("FCC 22-84: in force 2023-02-06, remanded in part by the D.C. Circuit on 2024-04-02", () => {
    const r = reg("us-fcc-22-84");
    expect([dates(r)[0], r.status, r.effect]).toEqual(["2023-02-06", "remanded", "ban"]);
    expect(r.statusNote).toMatch(/2024-04-02/);
    expect(r.statusNote).toMatch(/23-1032/);
  });

  it("the 2025 Covered List entry reaches DJI's and Autel's video-surveillance equipment generally, not drones only", () => {
    const r = reg("us-fcc-covered-list-uas-2025");
    expect(r.vendors).toEqual(["dji", "autel"]);
    expect(`${r.scope} ${r.prohibits}`).toMatch(/video[- ]surveillance/);
    expect(JSON.stringify(r)).toMatch(/2026-01-07/);
  });

  it("BIS: Tiandy in force 2022-12-16; affiliates reached by the 50% rule from 2025-09-29, suspended from 2025-11-10", () => {
    const t = reg("us-bis-entity-list-2022-12");
    expect(dates(t)[0]).toBe("2022-12-16");
    for (const id of ["us-bis-entity-list-2019-10", "us-bis-entity-list-2022-12", "us-bis-entity-list-2024-12"]) {
      const r = reg(id);
      expect([reachesAffiliatesOn(r, "2025-06-01"), reachesAffiliatesOn(r, "2025-10-15"), reachesAffiliatesOn(r, "2026-01-15")], id).toEqual([false, true, false]);
    }
  });

  it("DoD list: first §1260H list June 2021; Dahua and DJI from 2022-10-05, Autel from 2025-01-07; a list, so watch", () => {
    const r = reg("us-dod-1260h");
    expect([dates(r)[0], r.reach, r.effect]).toEqual(["2021-06", "list", "watch"]);
    expect(r.listedSince).toMatchObject({ dahua: "2022-10-05", dji: "2022-10-05", autel: "2025-01-07" });
    expect(JSON.stringify(r)).toMatch(/1237/);
    expect([namesVendorOn(r, "dahua", "2022-06-01"), namesVendorOn(r, "dahua", "2022-10-05"), namesVendorOn(r, "autel", "2024-12-31")]).toEqual([false, true, false]);
  });

  it("FY2024 NDAA §805: DoD direct contracts barred from 2026-06-30, indirect from 2027-06-30: a ban", () => {
    const r = reg("us-ndaa-fy2024-805");
    expect([r.made, dates(r), r.effect]).toEqual(["2023-12-22", ["2026-06-30", "2027-06-30"], "ban"]);
    expect([appliesOn(r, "2026-06-29"), appliesOn(r, "2026-06-30")]).toEqual([false, true]);
  });

  it("OFAC: EO 14032 signed 2021-06-03, prohibitions from 2021-08-02; Hikvision and Huawei in the annex, DJI from 2021-12-16", () => {
    const r = reg("us-ofac-ns-cmic");
    expect([r.made, dates(r)[0]]).toEqual(["2021-06-03", "2021-08-02"]);
    expect(r.vendors).toEqual(expect.arrayContaining(["hikvision", "huawei", "dji"]));
    expect(r.listedSince?.dji).toBe("2021-12-16");
  });

  it("Louisiana: schools from 2021-01-01 (SB30), every public entity from 2021-08-01 (SB15), cited on legis.la.gov", () => {
    const r = reg("us-la-39-1753-1");
    expect(dates(r).slice(0, 2)).toEqual(["2021-01-01", "2021-08-01"]);
    expect(r.inForce[1]!.what).toMatch(/SB ?15/);
    expect(hosts(r).length).toBeGreaterThan(0);
    expect(hosts(r).every((h) => h === "legis.la.gov")).toBe(true);
    expect(r.effect).toBe("watch");
  });

  it("Canada: the Investment Canada Act wind-up order (watch) and the federal purchase ban (ban) are separate; the stay refusal 2025 FC 1527 is noted", () => {
    const order = reg("ca-ica-hikvision-2025");
    const ban = reg("ca-gc-hikvision-procurement-2025");
    expect([order.reach, order.effect, ban.reach, ban.effect]).toEqual(["list", "watch", "national", "ban"]);
    expect(JSON.stringify(order)).toMatch(/2025 FC 1527/);
    expect(hosts(order)).toContain("decisions.fct-cf.gc.ca");
  });

  it("Québec's order of December 2023 (Hikvision, Dahua, related companies) is carried, as a province's rule: watch", () => {
    const r = reg("ca-qc-2023");
    expect([r.jurisdiction, r.made.slice(0, 7), r.effect, r.includesSubsidiaries]).toEqual(["CA-QC", "2023-12", "watch", true]);
    expect(r.vendors).toEqual(expect.arrayContaining(["hikvision", "dahua"]));
  });

  it("UK statement: reaches makers subject to the PRC National Intelligence Law, named by category; the decision is written down", () => {
    const r = reg("uk-wms-2022-11-24");
    expect([r.namedInText, r.effect]).toEqual([false, "ban"]);
    expect(r.vendors).toEqual(expect.arrayContaining(["hikvision", "dahua", "uniview", "tiandy", "tvt", "milesight", "xiongmai", "ezviz"]));
    expect(r.oemNote).toMatch(/National Intelligence Law/);
    expect(r.oemNote).toMatch(/Huawei/);
  });

  it("Australian Defence and the European Parliament are each one institution's estate: both watch, for the same stated reason", () => {
    for (const id of ["au-defence-2023", "eu-ep-2021"]) expect([reg(id).reach, reg(id).effect], id).toEqual(["one-institution", "watch"]);
    expect(reg("eu-ep-2021").made).toBe("2021-04-28");
    expect(reg("eu-ep-2021").instrument).toMatch(/P9_TA\(2021\)0165/);
    expect(hosts(reg("au-defence-2023"))).toContain("www.minister.defence.gov.au");
  });

  it("the Secure Equipment Act and Taiwan's PRC-brand rule are carried", () => {
    expect(reg("us-secure-equipment-act").instrument).toMatch(/117-55/);
    expect([reg("tw-prc-ict-ban").namedInText, reg("tw-prc-ict-ban").jurisdiction]).toEqual([false, "TW"]);
  });
});

describe("the self-test catches", () => {
  const base = data as CatalogueData;
  const broken = (patch: Partial<Regulation>): string[] => regulationIssues({ ...base, regulations: [{ ...reg("us-ndaa-889"), ...patch }] }).map((i) => i.message);

  it("a primary source off the official domains, and a rule with no primary source and no reason", () => {
    expect(broken({ sources: [{ url: "https://www.lexology.com/x", kind: "primary", what: "law firm" }] })).toEqual([expect.stringMatching(/not an official domain/)]);
    expect(broken({ sources: [{ url: "https://www.lexology.com/x", kind: "secondary", what: "law firm" }] })).toEqual([expect.stringMatching(/no primary source/)]);
  });

  it("an effect the reach does not give, dates out of order, a vendor added before the rule", () => {
    expect(broken({ reach: "list" })).toEqual([expect.stringMatching(/effect "ban" for reach "list"/)]);
    expect(broken({ made: "2020-01-01" })).toEqual([expect.stringMatching(/before it was made/)]);
    expect(broken({ inForce: [{ date: "2020-08-13", what: "b" }, { date: "2019-08-13", what: "a" }] })).toEqual([expect.stringMatching(/out of order/)]);
    expect(broken({ listedSince: { dahua: "2019-01-01" } })).toEqual([expect.stringMatching(/before the rule was in force/)]);
  });

  it("lists entries not checked in N days", () => {
    const old = { ...base, regulations: [{ ...reg("us-ndaa-889"), checked: "2025-01-01" }, { ...reg("eu-ep-2021"), checked: undefined }, reg("us-fcc-22-84")] };
    expect(staleRegulations(old, "2026-12-01", 180).map((r) => r.id)).toEqual(["us-ndaa-889", "eu-ep-2021"]);
  });
});

describe("classification on a date", () => {
  const dahua = identify([{ source: "t", field: "onvif.manufacturer", value: "Dahua" }, { source: "t", field: "wsd.types", value: "dn:NetworkVideoTransmitter" }], builtInCatalogue());
  const ids = (asOf: string): string[] => classify(dahua, builtInCatalogue(), ["us"], undefined, asOf).regulations.map((r) => r.id);

  it("never cites a rule that was not yet in force, nor a listing not yet made", () => {
    expect(ids("2019-01-01")).toEqual([]);
    expect(ids("2022-06-01")).not.toContain("us-dod-1260h");
    expect(ids("2023-01-01")).toContain("us-dod-1260h");
    expect(ids("2026-06-29")).not.toContain("us-ndaa-fy2024-805");
    expect(ids("2026-07-01")).toContain("us-ndaa-fy2024-805");
  });

  it("gives each cited rule's first in-force date and what it means for the reader", () => {
    const refs = classify(dahua, builtInCatalogue(), ["us"], undefined, "2026-12-01").regulations;
    const r889 = refs.find((r) => r.id === "us-ndaa-889")!;
    expect([r889.date, r889.effect]).toEqual([inForceFrom(reg("us-ndaa-889")), "ban"]);
    expect(r889.meaning).toMatch(/contractor/);
  });
});

describe("the README", () => {
  it("lists every rule with its first in-force date, effect and meaning", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const r of data.regulations) expect(readme, r.id).toContain(`| \`${r.id}\` | ${r.jurisdiction} | ${inForceFrom(r)} | ${r.effect} | ${r.meaning.replace(/\|/g, "/")} |`);
  });
});
