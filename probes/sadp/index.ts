import type dgram from "node:dgram";
import { openUdp } from "../../src/net/udp.ts";
import { runUdpDiscovery } from "../udp-discovery.ts";
import type { Probe, ProbeContext } from "../types.ts";
import { buildSadpInquiry, SADP_GROUP, SADP_PORT } from "./build.ts";
import { parseSadp, PROBE_NAME, sadpObservations, sameSubnet } from "./parse.ts";

/** Devices also multicast their reply: the only copy that reaches us when their IP is in the wrong subnet. */
async function groupListener(ctx: ProbeContext): Promise<dgram.Socket | undefined> {
  try {
    const s = await openUdp({ address: "0.0.0.0", port: SADP_PORT, reuseAddr: true });
    for (const i of ctx.interfaces) {
      try {
        s.addMembership(SADP_GROUP, i.address);
      } catch (e) {
        ctx.log(`sadp: cannot join ${SADP_GROUP} on ${i.name}: ${(e as Error).message}`);
      }
    }
    return s;
  } catch (e) {
    ctx.log(`sadp: no listener on ${SADP_PORT}: ${(e as Error).message}`);
    return undefined;
  }
}

async function run(ctx: ProbeContext): Promise<void> {
  const seen = new Set<string>();
  await runUdpDiscovery(ctx, {
    port: SADP_PORT,
    group: SADP_GROUP,
    multicast: () => [buildSadpInquiry()],
    rounds: 2,
    roundGapMs: 150,
    unicast: () => [buildSadpInquiry()],
    listener: groupListener,
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
  run,
};
