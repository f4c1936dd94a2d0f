import { describe, expect, it } from "vitest";
import { BUILT_IN_DATA, builtInCatalogue, CatalogueError } from "../../src/catalogue/index.ts";
import { parseCatalogue } from "../../src/catalogue/parse.ts";
import { selfTest } from "../../src/catalogue/self-test.ts";
import { validateCatalogueData, validateOverride } from "../../src/catalogue/validate.ts";
import type { CatalogueData } from "../../src/catalogue/schema.ts";
import { fixture } from "../helpers.ts";
import { evidenceVocabulary } from "../../probes/evidence-fields.ts";

const base = BUILT_IN_DATA as unknown as CatalogueData;

describe("catalogue self-test", () => {
  it("passes on the built-in catalogue, which has rules and examples", () => {
    const c = builtInCatalogue();
    expect(c.rules.length).toBeGreaterThan(30);
    expect(selfTest(c)).toEqual([]);
    expect(validateCatalogueData(base)).toEqual([]);
  });

  it("reads no field that nothing emits: every rule's field is in the probes' and endpoints' declared vocabulary", () => {
    expect(selfTest(builtInCatalogue(), evidenceVocabulary())).toEqual([]);
  });

  it("rejects a rule on a field nothing emits, and one that matches its counter-example", () => {
    const rule = { id: "typo", description: "misspelt field", field: "onvif.manufactuer", pattern: "^Acme$", yields: { vendor: "axis" }, strength: 0.5, examples: [{ value: "Acme" }] };
    const { issues } = validateOverride({ fingerprints: [rule] }, base, evidenceVocabulary());
    expect(issues).toEqual([{ path: "fingerprints.0", message: 'rule "typo": field "onvif.manufactuer" is emitted by no probe or endpoint' }]);
    const counter = validateOverride({ fingerprints: [{ ...rule, id: "greedy-ns", field: "onvif.namespace", pattern: "^http://www\\.axis\\.com/2009/", examples: [{ value: "http://www.axis.com/2009/event/topics" }], counterExamples: [{ value: "http://www.axis.com/2009/event/topics", source: "360 Vision camera" }] }] }, base, evidenceVocabulary());
    expect(counter.issues.map((i) => i.message)).toContain("rule \"greedy-ns\": matches a counter-example (another maker's device) (example \"http://www.axis.com/2009/event/topics\")");
  });

  it("fails on a deliberately broken catalogue, naming each broken rule with its path", () => {
    const issues = validateCatalogueData(JSON.parse(fixture("catalogue/broken-catalogue.json")));
    expect(issues).toEqual([
      { path: "fingerprints.0.examples.0", message: 'rule "no-match": example does not match the pattern (example "Acme/2.0")' },
      { path: "fingerprints.1.examples.0", message: 'rule "wrong-yield": yields model="DS-2CD", expected "DS-2CD2146G2-ISU" (example "DS-2CD2146G2-ISU")' },
      { path: "fingerprints.3.examples.0", message: 'rule "shadowed": caught first by earlier rule "greedy" (example "WEB SERVICE")' },
    ]);
  });

  it("rejects data that breaks the schema or its own references, with the path", () => {
    expect(() => parseCatalogue({ ...base, vendors: [{ id: "Bad Id", name: "x", aliases: [], surveillanceMaker: true, ouiOrganisations: [], infoEndpoints: [] }] })).toThrow(CatalogueError);
    const refs = validateCatalogueData({ ...base, brands: [{ name: "Ghost", aliases: [], maker: "nobody", relation: "oem", confidence: 0.5, source: "x" }] });
    expect(refs).toEqual([{ path: "brands.0.maker", message: 'unknown vendor "nobody"' }]);
  });
});

describe("user overrides", () => {
  it("accepts a sound override and puts user rules first", () => {
    const { issues, data } = validateOverride(
      {
        brands: [{ name: "SiteCam", aliases: [], maker: "dahua", relation: "oem", confidence: 0.9, source: "our purchase records" }],
        fingerprints: [{ id: "sitecam-title", description: "SiteCam web UI", field: "http.title", pattern: "^SiteCam Web$", yields: { brand: "SiteCam" }, strength: 0.8, examples: [{ value: "SiteCam Web", expect: { brand: "SiteCam" } }] }],
      },
      base,
    );
    expect(issues).toEqual([]);
    expect(data?.fingerprints[0]?.id).toBe("sitecam-title");
    expect(data?.brands.some((b) => b.name === "SiteCam")).toBe(true);
  });

  it("names every error in a bad override by path, and rejects the old shape (one date, one source, research-list ids)", () => {
    const { issues } = validateOverride({ regulations: [{ id: "x", jurisdiction: "Mars", title: "", date: "soon", effect: "ban", scope: "s", vendors: [], includesSubsidiaries: true, source: "nope", sourceIds: ["S1"] }], extra: 1 }, base);
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["regulations.0.jurisdiction", "regulations.0.title", "regulations.0.made", "regulations.0.inForce", "regulations.0.vendors", "regulations.0.sources", "(root)"]));
    expect(issues.find((i) => i.path === "regulations.0")?.message).toMatch(/sourceIds/);
  });
});
