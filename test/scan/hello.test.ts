import { describe, expect, it } from "vitest";
import { loadPersonas, startLab } from "../../mock-devices/lab.ts";
import { wsDiscoveryProbe } from "../../probes/ws-discovery/index.ts";
import { Scope } from "../../src/net/scope.ts";
import { scanLoopback } from "../lab.ts";

describe("WS-Discovery Hello", () => {
  it("a device that joins during the listen window is found by its Hello alone", async () => {
    const persona = { ...loadPersonas().find((p) => p.id === "dahua-ipc")!, id: "late-dahua" };
    // The scan probes at once; the device comes up 600 ms later, too late for the probes, and says Hello.
    const scanning = scanLoopback([], { sweep: false, scope: Scope.parse(["127.77.7.0/24"]), probes: [wsDiscoveryProbe], listenMs: 3000 });
    await new Promise((r) => setTimeout(r, 600));
    const lab = await startLab({ personas: [persona], firstAddress: "127.77.7.10", hello: true });
    try {
      const { report } = await scanning;
      const d = report.devices.find((x) => x.ip === "127.77.7.10");
      expect(d).toBeDefined();
      expect(d!.evidence).toContainEqual(expect.objectContaining({ field: "wsd.message", value: "Hello" }));
      expect(d!.model).toBe("IPC-HFW2228M-I1-V2");
    } finally {
      await lab.close();
    }
  });
});
