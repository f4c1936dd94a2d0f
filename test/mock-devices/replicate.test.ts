import { describe, expect, it } from "vitest";
import { loadPersonas } from "../../mock-devices/lab.ts";
import { replicate } from "../../mock-devices/replicate.ts";

describe("replicated personas (the big labs)", () => {
  it("give every copy its own identity, its P2P id included: a scanner must not take two devices for one", () => {
    const base = loadPersonas();
    const lab = replicate(base, base.length * 3);
    const ids = (f: (p: (typeof lab)[number]) => string | undefined): string[] => lab.map(f).filter((x): x is string => Boolean(x));
    for (const field of [(p: (typeof lab)[number]) => p.wsDiscovery?.endpoint, (p: (typeof lab)[number]) => p.ssdp?.udn, (p: (typeof lab)[number]) => p.mac, (p: (typeof lab)[number]) => p.cs2?.did]) {
      const values = ids(field);
      expect(values.length).toBeGreaterThan(0);
      expect(new Set(values).size).toBe(values.length);
    }
    expect(ids((p) => p.cs2?.did)).toEqual(["BATC-609531-EXLVS", "BATC-609532-EXLVS", "BATC-609533-EXLVS"]);
  });
});
