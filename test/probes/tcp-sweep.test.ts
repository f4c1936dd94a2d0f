import { execFile } from "node:child_process";
import net from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostBatch, sweepThreads, tcpProbe } from "../../probes/tcp/index.ts";
import type { Observation } from "../../src/model/observation.ts";
import { Scope } from "../../src/net/scope.ts";
import { loopback } from "../lab.ts";
import { notPrivateNamespace } from "../../mock-devices/netns-lab.ts";

const run = promisify(execFile);
// A silent range: a subnet on one end of a veth pair whose other end has no address, so nothing there answers ARP,
// RST or ICMP, like the unused addresses of a site. Needs root in the test's private network namespace (CI has it).
const VETH = "csw-silent0";
let silent: string | undefined;

beforeAll(async () => {
  // The veth pair is made only in a private network namespace (CI's unshare -n), never beside a host's real links.
  const shared = await notPrivateNamespace();
  if (shared) {
    console.warn(`tcp sweep: silent range not built, test skipped: ${shared}`);
    return;
  }
  try {
    await run("ip", ["link", "add", VETH, "type", "veth", "peer", "name", `${VETH}p`]);
    await run("ip", ["addr", "add", "10.99.0.1/24", "dev", VETH]);
    await run("ip", ["link", "set", VETH, "up"]);
    await run("ip", ["link", "set", `${VETH}p`, "up"]);
    silent = "10.99.0.0/26";
  } catch (e) {
    console.warn(`tcp sweep: silent range not built, test skipped: ${(e as Error).message.split("\n")[0]}`);
  }
});
afterAll(async () => {
  await run("ip", ["link", "del", VETH]).catch(() => undefined);
});

describe("the adaptive TCP sweep", () => {
  // With the number of targets unknown it runs on worker threads; with a small known number, in the main thread.
  it.for([
    ["on worker threads", undefined, /^tcp: 228 connects to ports 18554,18555,18556 on \d threads?,/],
    ["in the main thread", 76, /^tcp: 228 connects to ports 18554,18555,18556 in the main thread,/],
  ] as const)("learns the RTT from live hosts, spends little on silent ones, and finds every open port (%s)", async ([, targetCount, where], t) => {
    if (!silent) return t.skip();
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(18554, "127.77.11.7", r));
    const found: Observation[] = [];
    const logs: string[] = [];
    const scope = Scope.parse(["127.77.11.0/28", silent]);
    try {
      await tcpProbe.run({
        interfaces: [loopback()],
        targets: () => scope.hosts(),
        inScope: (ip) => scope.contains(ip),
        ...(targetCount === undefined ? {} : { targetCount }),
        listenMs: 0,
        ports: [18554, 18555, 18556],
        sweepConcurrency: 64,
        connectTimeoutMs: 1000,
        emit: (o) => found.push(o),
        warn: () => undefined,
        log: (m) => logs.push(m),
        fault: (m) => logs.push(`fault: ${m}`),
        signal: new AbortController().signal,
      });
    } finally {
      server.close();
    }
    expect(found).toEqual([{ ip: "127.77.11.7", probe: "tcp", field: "tcp.open", value: "18554" }]);
    const line = logs.find((l) => l.startsWith("tcp:"))!;
    // 76 hosts, 3 ports each; 14 loopback hosts and the veth's own 10.99.0.1 refuse, the other 61 stay silent.
    expect(line).toMatch(where);
    expect(line).toContain("15 hosts answered");
    // Loopback answers in well under a millisecond: the timeout drops to its 200 ms floor once learned.
    expect(line).toMatch(/→ timeout 200 ms/);
  });
});

describe("sweep threads", () => {
  it("start only as many threads as the connects call for, and deal every thread a share", () => {
    // A /22 on 8 ports, or a /20 on 3: the main thread connects (a thread would cost more than it saves).
    expect(sweepThreads(2, 1022 * 8)).toBe(0);
    expect(sweepThreads(2, 4094 * 3)).toBe(0);
    // A /20 on 8 ports: one thread (a second would cost its memory and get little to do).
    expect(sweepThreads(2, 4094 * 8)).toBe(1);
    // A /16 on 3 ports: a thread per core, at most 4.
    expect(sweepThreads(2, 65534 * 3)).toBe(2);
    expect(sweepThreads(16, 65534 * 3)).toBe(4);
    expect(sweepThreads(8)).toBe(4);
    expect(sweepThreads(1, 1e6)).toBe(1);
    // Batches: never more than 1,024 hosts, and small enough that 2 threads on 5,000 hosts each get several.
    expect(hostBatch(2, 5000)).toBe(625);
    expect(hostBatch(2, 65534)).toBe(1024);
    expect(hostBatch(1, 10)).toBe(16);
    expect(hostBatch(2)).toBe(1024);
  });
});
