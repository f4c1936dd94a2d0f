import { describe, expect, it } from "vitest";
import { BUILT_IN_DATA, builtInCatalogue } from "../../src/catalogue/index.ts";
import { CatalogueSchema } from "../../src/catalogue/schema.ts";

// A scan trusts the shipped catalogue as it is, without its schema (src/catalogue/index.ts): this is where it is held
// to the schema.
describe("the built-in catalogue", () => {
  it("is exactly what its schema makes of it: valid, with every default written out and nothing stripped", () => {
    const parsed = CatalogueSchema.safeParse(BUILT_IN_DATA);
    expect(parsed.success, parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")).toBe(true);
    expect(parsed.data).toEqual(BUILT_IN_DATA);
  });

  it("loads with its cross-references sound", () => {
    expect(builtInCatalogue().data.vendors.length).toBeGreaterThan(0);
  });
});
