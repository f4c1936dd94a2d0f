import { probePort } from "../../src/net/tcp.ts";
import type { Probe, ProbeContext } from "../types.ts";

export const DEFAULT_PORTS = [80, 443, 554, 8000, 8080, 8443, 8554, 37777];

/** Every (host, port) pair, lazily: a /16 sweep holds one pair per worker in memory, not 65,534 hosts. */
function* pairs(hosts: Iterable<string>, ports: number[]): Generator<[string, number]> {
  for (const h of hosts) for (const p of ports) yield [h, p];
}

async function run(ctx: ProbeContext): Promise<void> {
  if (ctx.ports.length === 0) return;
  const work = pairs(ctx.targets(), ctx.ports);
  let scanned = 0;
  const worker = async (): Promise<void> => {
    for (let next = work.next(); !next.done && !ctx.signal.aborted; next = work.next()) {
      const [host, port] = next.value;
      const state = await probePort(host, port, ctx.connectTimeoutMs);
      scanned++;
      // Hosts that answer nothing are not devices: only open ports become observations.
      if (state === "open") ctx.emit({ ip: host, probe: "tcp", field: "tcp.open", value: String(port) });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, ctx.sweepConcurrency) }, worker));
  ctx.log(`tcp: ${scanned} connects to ports ${ctx.ports.join(",")}`);
}

export const tcpProbe: Probe = {
  name: "tcp",
  description: "TCP connect sweep of the camera ports on every target address",
  transport: "tcp-unicast",
  port: 0,
  defaultOn: true,
  intrusiveness: "polite",
  emits: ["tcp.open"],
  run,
};
