import { describe, expect, it } from "vitest";
import { loadPersonas, startLab } from "../../mock-devices/lab.ts";
import { Scope } from "../../src/net/scope.ts";
import type { ScanEvent } from "../../src/scan/run.ts";
import { scanLoopback } from "../lab.ts";

describe("streaming pipeline", () => {
  it("asks a device what it is while discovery is still listening, and reports it once discovery has closed", async () => {
    const persona = loadPersonas().find((p) => p.id === "hikvision-ipc")!;
    const asked: number[] = [];
    const lab = await startLab({ personas: [persona], firstAddress: "127.77.8.10", onHttpRequest: () => asked.push(performance.now()) });
    const events: { at: number; e: ScanEvent }[] = [];
    try {
      const { report } = await scanLoopback(["127.77.8.10"], { scope: Scope.parse(["127.77.8.10"]), listenMs: 3000, onEvent: (e) => events.push({ at: performance.now(), e }) });
      const started = events.find((x) => x.e.kind === "phase" && x.e.phase === "discovery")!.at;
      const enrichPhase = events.find((x) => x.e.kind === "phase" && x.e.phase === "enrich")!.at;
      const reported = events.find((x) => x.e.kind === "device")!.at;
      // The device's first HTTP request comes inside the 3 s window (once its replies have settled), not after it.
      expect(asked.length).toBeGreaterThan(0);
      expect(asked[0]! - started).toBeLessThan(2500);
      expect(asked[0]!).toBeLessThan(enrichPhase);
      // Reported after discovery closed, with what enrichment found.
      expect(reported).toBeGreaterThanOrEqual(enrichPhase);
      const d = report.devices.find((x) => x.ip === "127.77.8.10")!;
      expect(d.vendor).toBe("Hikvision");
      expect(d.model).toBeTruthy();
    } finally {
      await lab.close();
    }
  });

  it("asks a device that answers from two addresses with the same endpoint once, and reports it once", async () => {
    const persona = loadPersonas().find((p) => p.id === "dahua-ipc")!;
    const asked = new Set<string>();
    // Two lab devices with one persona share its WS-Discovery endpoint UUID: one device seen at two addresses.
    const lab = await startLab({ personas: [persona, persona], firstAddress: "127.77.9.10", onHttpRequest: (ip) => asked.add(ip) });
    try {
      const { report } = await scanLoopback(["127.77.9.8/29"], { listenMs: 2000 });
      const found = report.devices.filter((d) => d.ip.startsWith("127.77.9."));
      expect(found).toHaveLength(1);
      expect(asked.size).toBe(1);
    } finally {
      await lab.close();
    }
  });

  it("follows a pointer that came after the device was asked: a late SSDP reply's description is still read", async () => {
    // The TCP sweep finds the media server at once and its address settles; its SSDP replies come 1.2 s late, after
    // it was asked. Without the follow-up its description (what says it is a media server) would never be read.
    const persona = loadPersonas().find((p) => p.id === "upnp-media-server")!;
    const paths: string[] = [];
    const lab = await startLab({ personas: [persona], firstAddress: "127.77.10.10", minReplyDelayMs: 1200, onHttpRequest: (_ip, method, url) => (method === "GET" ? paths.push(url) : undefined) });
    try {
      const { report } = await scanLoopback(["127.77.10.10"], { listenMs: 3000 });
      // The description is read once, and no page the first asking read is read again (SOAP posts several requests
      // to one path, so only GETs are counted).
      expect(paths.filter((p) => p === "/rootDesc.xml")).toHaveLength(1);
      expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
      const d = report.devices.find((x) => x.ip === "127.77.10.10")!;
      expect(d.foundBy).toEqual(expect.arrayContaining(["tcp", "ssdp"]));
      expect(d.evidence).toContainEqual(expect.objectContaining({ source: "upnp-description", field: "upnp.deviceType", value: "urn:schemas-upnp-org:device:MediaServer:1" }));
      expect([d.deviceType, d.risk.level]).toEqual(["other", "clear"]);
    } finally {
      await lab.close();
    }
  });
});
