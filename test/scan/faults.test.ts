import { describe, expect, it } from "vitest";
import type { Probe } from "../../probes/types.ts";
import { Scope } from "../../src/net/scope.ts";
import { scanLoopback } from "../lab.ts";

describe("a probe's fault of the scan as a whole", () => {
  it("reaches the report's errors (replies the kernel dropped: devices may have been missed)", async () => {
    const probe: Probe = {
      name: "faulty",
      description: "says the kernel dropped replies",
      transport: "udp-multicast+unicast",
      port: 9,
      defaultOn: false,
      intrusiveness: "passive",
      emits: [],
      run: async (ctx) => ctx.fault("faulty: the kernel dropped 12 replies on camsweep's sockets"),
    };
    const { report } = await scanLoopback([], { sweep: false, scope: Scope.parse(["127.77.8.0/24"]), probes: [probe], listenMs: 200 });
    expect(report.errors).toContain("faulty: the kernel dropped 12 replies on camsweep's sockets");
  });
});
