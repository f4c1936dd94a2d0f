import { describe, expect, it } from "vitest";
import { parseTarget, parseTarget6, Scope, TargetError } from "../../src/net/scope.ts";
import { InterfaceError, resolveInterfaces } from "../../src/net/interfaces.ts";

describe("targets and scope", () => {
  it("parses addresses, CIDRs and ranges", () => {
    expect(parseTarget("192.0.2.7")).toEqual([{ text: "192.0.2.7/32", base: 3221225991, bits: 32 }]);
    expect(parseTarget("192.0.2.77/24")[0]?.text).toBe("192.0.2.0/24");
    // A dash range becomes the fewest CIDR blocks that cover it exactly, and every address in it is a host.
    expect(parseTarget("192.0.2.1-3").map((c) => c.text)).toEqual(["192.0.2.1/32", "192.0.2.2/31"]);
    expect([...Scope.parse(["192.0.2.1-3"]).hosts()]).toEqual(["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
    expect([...Scope.parse(["192.0.2.250-192.0.3.1"]).hosts()]).toHaveLength(8);
    expect(Scope.parse(["192.0.2.250-192.0.3.1"]).toStrings()).toEqual(["192.0.2.250-192.0.3.1"]);
  });
  it("keeps the whole IPv4 space as one block instead of four thousand million", () => {
    const all = Scope.parse(["0.0.0.0-255.255.255.255"]);
    expect([all.ranges.length, all.hostCount()]).toEqual([1, 2 ** 32]);
    expect(parseTarget("10.0.0.0-10.255.255.255")).toEqual([{ text: "10.0.0.0/8", base: 167772160, bits: 8, inRange: true }]);
  });
  it.each(["1", "01.2.3.4", "192.0.2.0/33", "192.0.2.0/x", "192.0.2.9-3", "example.com", "256.1.1.1", "", "10.0.0.0/8/8", "10.0.0.0/"])("rejects %j with a clear message", (bad) => {
    expect(() => parseTarget(bad)).toThrow(TargetError);
  });
  it("fences addresses and streams hosts without network/broadcast", () => {
    const s = Scope.parse(["198.51.100.0/30", "203.0.113.9"]);
    expect(s.contains("198.51.100.2")).toBe(true);
    expect(s.contains("198.51.100.4")).toBe(false);
    expect(s.contains("203.0.113.9")).toBe(true);
    expect(s.contains("fe80::1")).toBe(false);
    expect([...s.hosts()]).toEqual(["198.51.100.1", "198.51.100.2", "203.0.113.9"]);
    expect(s.hostCount()).toBe(3);
  });
  it("sweeps each address once when targets overlap", () => {
    const s = Scope.parse(["10.0.0.0/24", "10.0.0.0/24", "10.0.0.128/25", "10.0.0.7", "10.0.1.0/24"]);
    expect(s.hostCount()).toBe(508);
    const hosts = [...s.hosts()];
    expect(new Set(hosts).size).toBe(hosts.length);
    expect(s.toStrings()).toEqual(["10.0.0.0/24", "10.0.0.0/24", "10.0.0.128/25", "10.0.0.7", "10.0.1.0/24"]);
    expect(Scope.parse(["10.0.0.5", "10.0.0.5"]).hostCount()).toBe(1);
  });

  it("streams a /16 without building it", () => {
    const s = Scope.parse(["10.0.0.0/16"]);
    const it = s.hosts();
    expect(it.next().value).toBe("10.0.0.1");
    expect(s.hostCount()).toBe(65534);
  });
});

describe("IPv6 targets and scope", () => {
  it("take addresses and prefixes up to a /112, link-local ones with their interface, normalised", () => {
    expect(parseTarget6("FD77:0001:0:0::10").text).toBe("fd77:1::10");
    expect(parseTarget6("fd77:1::ff/120").text).toBe("fd77:1::/120");
    expect(parseTarget6("fe80::1%eth0")).toMatchObject({ text: "fe80::1%eth0", zone: "eth0", bits: 128 });
    expect(() => Scope.parse(["fd77:1::/64"])).toThrow(new TargetError('IPv6 prefix "fd77:1::/64" is too large to sweep: a /112 (65,536 addresses) at most'));
    expect(() => Scope.parse(["fd77:::1"])).toThrow(new TargetError('invalid IPv6 target "fd77:::1"'));
  });
  it("sweep small prefixes beside IPv4, fence by zone, and honour exclusions", () => {
    const s = Scope.parse(["192.0.2.1", "fd77:1::/126", "fe80::1%eth0"]).without(Scope.parse(["fd77:1::2"]));
    expect([...s.hosts()]).toEqual(["192.0.2.1", "fd77:1::", "fd77:1::1", "fd77:1::3", "fe80::1%eth0"]);
    expect(s.hostCount()).toBe(5);
    expect(s.toStrings()).toEqual(["192.0.2.1", "fd77:1::/126", "fe80::1%eth0"]);
    expect([s.contains("fd77:1::3"), s.contains("fd77:1::2"), s.contains("fe80::1%eth0"), s.contains("fe80::1%eth1"), s.contains("fd77:2::1")]).toEqual([true, false, true, false, false]);
  });
  it("without targets, fence each interface's IPv6 prefixes (link-local on its own link) and sweep none of them", async () => {
    const { parseScope } = await import("../../src/cli/scan-command.ts");
    const eth0 = { name: "eth0", address: "192.0.2.10", cidr: "192.0.2.10/24", internal: false, ipv6: [{ address: "fe80::1%eth0", cidr: "fe80::1/64%eth0" }, { address: "fd77:1::1", cidr: "fd77:1::1/64" }] };
    const plan = parseScope([], [eth0]);
    expect([plan.scope.contains("fe80::99%eth0"), plan.scope.contains("fe80::99%eth1"), plan.scope.contains("fd77:1::abcd"), plan.scope.contains("fd77:2::1")]).toEqual([true, false, true, false]);
    expect(plan.sweepScope.hostCount()).toBe(254);
    expect(plan.scope.toStrings()).toEqual(["192.0.2.0/24"]);
  });
});

describe("interfaces", () => {
  const table = {
    lo: [{ address: "127.0.0.1", netmask: "255.0.0.0", family: "IPv4", mac: "00:00:00:00:00:00", internal: true, cidr: "127.0.0.1/8" }],
    eth0: [{ address: "192.0.2.10", netmask: "255.255.255.0", family: "IPv4", mac: "02:00:00:00:00:01", internal: false, cidr: "192.0.2.10/24" }],
  } as unknown as ReturnType<typeof import("node:os").networkInterfaces>;
  it("defaults to non-loopback interfaces", () => {
    expect(resolveInterfaces([], table).map((i) => i.name)).toEqual(["eth0"]);
  });
  it("carry their IPv6 addresses, link-local ones with the interface as zone; loopback's ::1 left out", () => {
    const v6 = {
      ...table,
      lo: [...table.lo!, { address: "::1", netmask: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", family: "IPv6", mac: "00:00:00:00:00:00", internal: true, cidr: "::1/128", scopeid: 0 }],
      eth0: [...table.eth0!, { address: "fe80::1", netmask: "ffff:ffff:ffff:ffff::", family: "IPv6", mac: "02:00:00:00:00:01", internal: false, cidr: "fe80::1/64", scopeid: 2 }],
    } as typeof table;
    expect(resolveInterfaces([], v6)[0]!.ipv6).toEqual([{ address: "fe80::1%eth0", cidr: "fe80::1/64%eth0" }]);
    expect(resolveInterfaces(["lo"], v6)[0]!.ipv6).toBeUndefined();
  });
  it("names the valid interfaces when one is unknown", () => {
    expect(() => resolveInterfaces(["wlan9"], table)).toThrow(new InterfaceError('unknown interface "wlan9" (IPv4 interfaces here: lo, eth0)'));
  });
});

describe("the scan plan without targets", async () => {
  const { parseScope } = await import("../../src/cli/scan-command.ts");
  const iface = (name: string, cidr: string, internal = false) => ({ name, address: cidr.split("/")[0]!, cidr, internal });
  it("sweeps small subnets, not big ones or loopback, and says so", () => {
    const plan = parseScope([], [iface("eth0", "192.0.2.10/24"), iface("eth1", "10.0.0.5/16"), iface("lo", "127.0.0.1/8", true)]);
    expect(plan.sweep).toBe(true);
    expect(plan.sweepScope.toStrings()).toEqual(["192.0.2.0/24"]);
    expect(plan.scope.contains("10.0.200.1")).toBe(true);
    expect(plan.notes.join("\n")).toMatch(/eth1 \(10\.0\.0\.5\/16\): larger than a \/22, multicast only/);
    expect(plan.notes.join("\n")).toMatch(/lo: loopback, multicast only/);
  });
  it("targets are both the fence and the sweep", () => {
    const plan = parseScope(["198.51.100.0/28"], [iface("eth0", "192.0.2.10/24")]);
    expect(plan.sweepScope.hostCount()).toBe(14);
    expect(plan.scope.contains("192.0.2.10")).toBe(false);
  });
});
