import { describe, expect, it } from "vitest";
import { quantity } from "../../src/report/words.ts";

describe("quantity", () => {
  it("writes a count with its noun, singular for one, with thousands separated", () => {
    expect([quantity(0, "device"), quantity(1, "device"), quantity(2, "device"), quantity(1000, "device"), quantity(1, "reply", "replies"), quantity(3, "reply", "replies")]).toEqual([
      "0 devices",
      "1 device",
      "2 devices",
      "1,000 devices",
      "1 reply",
      "3 replies",
    ]);
  });
});
