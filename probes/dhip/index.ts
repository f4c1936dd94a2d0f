import { DHIP_EMITS } from "./parse.ts";
import { runUdpDiscovery } from "../udp-discovery.ts";
import type { Probe, ProbeContext } from "../types.ts";
import { buildDhipSearch, DHIP_GROUP, DHIP_PORT } from "./build.ts";
import { dhipJson, dhipObservations, PROBE_NAME } from "./parse.ts";

async function run(ctx: ProbeContext): Promise<void> {
  const seen = new Set<string>();
  const search = buildDhipSearch();
  await runUdpDiscovery(ctx, {
    name: PROBE_NAME,
    port: DHIP_PORT,
    group: DHIP_GROUP,
    multicast: () => [search],
    rounds: 2,
    roundGapMs: 150,
    unicast: () => [search],
    // Some firmware answers only the broadcast: the subnet's own, never 255.255.255.255 (that leaves by the default route).
    subnetBroadcast: true,
    maxDatagram: 64 * 1024,
    onMessage: (buf, rinfo) => {
      const obs = dhipObservations(rinfo.address, dhipJson(buf));
      if (!obs) return;
      const key = `${rinfo.address}|${obs.find((o) => o.field === "dhip.serial")?.value ?? ""}`;
      if (seen.has(key)) return;
      seen.add(key);
      ctx.log(`dhip: notifyDevInfo from ${rinfo.address}`);
      for (const o of obs) ctx.emit(o);
    },
  });
}

export const dhipProbe: Probe = {
  name: PROBE_NAME,
  description: "Dahua DHIP DHDiscover.search (UDP 37810), multicast and subnet broadcast per interface, unicast per target",
  transport: "udp-multicast+unicast",
  port: DHIP_PORT,
  defaultOn: true,
  intrusiveness: "polite",
  emits: DHIP_EMITS,
  run,
};
