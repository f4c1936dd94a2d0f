import { describe, expect, it } from "vitest";
import { loadPersonas } from "../../mock-devices/lab.ts";
import { replicate } from "../../mock-devices/replicate.ts";
import { macFromUuid } from "../../src/model/mac-address.ts";

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

  it("keep a copy's identity consistent: a UUID that ended in the original's MAC ends in the copy's", () => {
    const base = loadPersonas();
    const lab = replicate(base, base.length * 3);
    const consistent = (p: (typeof lab)[number]): boolean => Boolean(p.mac && [p.wsDiscovery?.endpoint, p.ssdp?.udn].some((u) => u && macFromUuid(u) === p.mac));
    const originals = base.filter(consistent);
    expect(originals.length).toBeGreaterThan(0);
    const copies = lab.slice(base.length).filter((p) => originals.some((o) => p.id.startsWith(`${o.id}-`)));
    expect(copies.length).toBe(originals.length * 2);
    expect(copies.filter((p) => !consistent(p)).map((p) => p.id)).toEqual([]);
  });

  it("name a copy's Bonjour host and services as the device would, with its own MAC or serial", () => {
    const base = loadPersonas();
    const copy = (id: string): (typeof base)[number] => replicate(base, base.length * 2).find((p) => p.id === `${id}-1`)!;
    const hik = copy("hikvision-mdns-camera");
    expect(hik.mdns?.hostname).toBe("DS-2CD2722FWD-IZS20170321BBWR733050076");
    expect(hik.mdns?.services.map((s) => s.instance)).toEqual(["HIKVISION DS-2CD2722FWD-IZS - 733050076"]);
    const axis = copy("axis-camera");
    const mac = axis.mac!.replace(/:/g, "");
    expect(axis.mdns?.hostname).toBe(`axis-${mac}`);
    expect(new Set(axis.mdns?.services.map((s) => s.instance))).toEqual(new Set([`AXIS M1065-LW - ${mac.toUpperCase()}`]));
  });
});
