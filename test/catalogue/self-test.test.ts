import { describe, expect, it } from "vitest";
import { builtInCatalogue, parseCatalogue } from "../../src/catalogue/index.ts";
import { selfTest } from "../../src/catalogue/self-test.ts";
import { fixture } from "../helpers.ts";

describe("catalogue self-test", () => {
  it("passes on the built-in catalogue, which has rules and examples", () => {
    const c = builtInCatalogue();
    expect(c.rules.length).toBeGreaterThan(30);
    expect(selfTest(c)).toEqual([]);
  });

  it("fails on a deliberately broken catalogue, naming each broken rule", () => {
    const broken = parseCatalogue(JSON.parse(fixture("catalogue/broken-catalogue.json")));
    const problems = selfTest(broken).map((f) => `${f.rule}: ${f.problem}`);
    expect(problems).toEqual([
      "no-match: example does not match the pattern",
      "wrong-yield: yields model=\"DS-2CD\", expected \"DS-2CD2146G2-ISU\"",
      "shadowed: caught first by earlier rule \"greedy\"",
      "ghost-vendor: names unknown vendor \"nobody\"",
    ]);
  });

  it("rejects a catalogue whose data breaks the schema, with the path", () => {
    expect(() => parseCatalogue({ vendors: [{ id: "Bad Id", name: "x", aliases: [], surveillanceMaker: true }], fingerprints: [] })).toThrow(/vendors.*0.*id/s);
  });
});
