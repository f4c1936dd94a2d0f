import dgram from "node:dgram";
import { describe, expect, it } from "vitest";
import { runUdpDiscovery } from "../../probes/udp-discovery.ts";
import { Scope } from "../../src/net/scope.ts";
import { loopback } from "../lab.ts";

describe("the unicast part of UDP discovery", () => {
  it("sends every payload to every target not heard from, in batches that lose none", async () => {
    const scope = Scope.parse(["127.88.0.1-127.88.0.200"]);
    const port = 47_999;
    const received = new Map<string, number>();
    const sockets = await Promise.all(
      [...scope.hosts()].map(
        (ip) =>
          new Promise<dgram.Socket>((resolve) => {
            const s = dgram.createSocket("udp4");
            s.on("message", () => received.set(ip, (received.get(ip) ?? 0) + 1));
            s.bind(port, ip, () => resolve(s));
          }),
      ),
    );
    const logs: string[] = [];
    try {
      await runUdpDiscovery(
        {
          interfaces: [loopback()],
          targets: () => scope.hosts(),
          inScope: (ip) => scope.contains(ip),
          listenMs: 400,
          ports: [],
          sweepConcurrency: 1,
          connectTimeoutMs: 100,
          emit: () => undefined,
          warn: () => undefined,
          log: (m) => logs.push(m),
          fault: (m) => logs.push(`fault: ${m}`),
          signal: new AbortController().signal,
        },
        // Three payloads a target: batches of 64 datagrams end mid-target, where a lost target would show.
        { name: "test", port, group: "239.255.255.250", multicast: () => [], rounds: 1, roundGapMs: 0, unicast: (ip) => [`a ${ip}`, `b ${ip}`, `c ${ip}`], maxDatagram: 1500, onMessage: () => undefined },
      );
    } finally {
      sockets.forEach((s) => s.close());
    }
    expect(received.size).toBe(200);
    expect([...received.values()].every((n) => n === 3)).toBe(true);
    expect(logs).toContain("test: sent unicast to 200 targets on port 47999");
  });
});
