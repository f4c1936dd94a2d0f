import { SADP_EMITS } from "./parse.ts";
import { groupListener, runUdpDiscovery } from "../udp-discovery.ts";
import type { Probe, ProbeContext } from "../types.ts";
import { buildSadpInquiry, SADP_GROUP, SADP_PORT } from "./build.ts";
import { parseSadp, PROBE_NAME, sadpObservations, sameSubnet } from "./parse.ts";

async function run(ctx: ProbeContext): Promise<void> {
  const seen = new Set<string>();
  await runUdpDiscovery(ctx, {
    name: PROBE_NAME,
    port: SADP_PORT,
    group: SADP_GROUP,
    multicast: () => [buildSadpInquiry()],
    rounds: 2,
    roundGapMs: 150,
    unicast: () => [buildSadpInquiry()],
    listener: (ctx, options) => groupListener(ctx, PROBE_NAME, SADP_PORT, SADP_GROUP, options),
    maxDatagram: 16 * 1024,
    onMessage: (buf, rinfo, iface) => {
      const match = parseSadp(buf.toString("utf8"));
      if (!match) return; // inquiries (ours and others') on the group
      const key = `${rinfo.address}|${match.fields.DeviceSN ?? ""}`;
      if (seen.has(key)) return;
      seen.add(key);
      ctx.log(`sadp: ProbeMatch from ${rinfo.address}`);
      for (const o of sadpObservations(rinfo.address, match)) ctx.emit(o);
      if (match.fields.Activated === "false") {
        ctx.warn({ ip: rinfo.address, probe: PROBE_NAME, message: "not activated: the device still waits for its first password (anyone on the segment can set it)" });
      }
      const { IPv4Address: addr, IPv4SubnetMask: mask } = match.fields;
      const local = iface ?? ctx.interfaces.find((i) => addr && mask && sameSubnet(i.address, addr, mask));
      const wrong = addr && mask && !ctx.interfaces.some((i) => sameSubnet(i.address, addr, mask));
      if (wrong) {
        ctx.warn({
          ip: rinfo.address,
          probe: PROBE_NAME,
          message: `misconfigured address: the device reports ${addr}/${mask}, outside the subnet of ${local?.name ?? ctx.interfaces.map((i) => i.name).join(", ")}; it cannot be reached there until it is re-addressed`,
        });
      }
    },
  });
}

export const sadpProbe: Probe = {
  name: PROBE_NAME,
  description: "Hikvision SADP inquiry (UDP 37020), multicast per interface and unicast per target",
  transport: "udp-multicast+unicast",
  port: SADP_PORT,
  defaultOn: true,
  intrusiveness: "polite",
  emits: SADP_EMITS,
  run,
};
