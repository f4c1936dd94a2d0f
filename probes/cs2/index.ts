import { runUdpDiscovery } from "../udp-discovery.ts";
import type { Probe, ProbeContext } from "../types.ts";
import { CS2_LAN_SEARCH, CS2_PORT } from "./build.ts";
import { CS2_EMITS, cs2Observations, parsePunchPkt, PROBE_NAME } from "./parse.ts";

async function run(ctx: ProbeContext): Promise<void> {
  const seen = new Set<string>();
  await runUdpDiscovery(ctx, {
    name: PROBE_NAME,
    port: CS2_PORT,
    // No multicast group: the apps broadcast the search on the subnet, and ask known addresses directly.
    multicast: () => [CS2_LAN_SEARCH],
    rounds: 2,
    roundGapMs: 150,
    unicast: () => [CS2_LAN_SEARCH],
    subnetBroadcast: true,
    maxDatagram: 1500,
    onMessage: (buf, rinfo) => {
      const did = parsePunchPkt(buf);
      if (!did || seen.has(`${rinfo.address}|${did}`)) return;
      seen.add(`${rinfo.address}|${did}`);
      ctx.log(`cs2: P2P id ${did} from ${rinfo.address}`);
      for (const o of cs2Observations(rinfo.address, did)) ctx.emit(o);
    },
  });
}

export const cs2Probe: Probe = {
  name: PROBE_NAME,
  description: "CS2 P2P (PPPP/iLnkP2P) LAN search (UDP 32108), subnet broadcast per interface and unicast per target: the device's P2P id",
  transport: "udp-broadcast+unicast",
  port: CS2_PORT,
  defaultOn: true,
  intrusiveness: "polite",
  emits: CS2_EMITS,
  run,
};
