import type dgram from "node:dgram";
import { closeUdp, openUdp, sendUdp } from "../src/net/udp.ts";
import { sleep, type ProbeContext } from "./types.ts";

export interface UdpDiscoveryPlan {
  port: number;
  group: string;
  /** Multicast payloads, each sent on every chosen interface, `rounds` times. */
  multicast: () => string[];
  rounds: number;
  roundGapMs: number;
  /** Unicast payloads for one target. */
  unicast: (ip: string) => string[];
  /** Extra socket (a passive listener on the well-known port), opened best effort. */
  listener?: (ctx: ProbeContext) => Promise<dgram.Socket | undefined>;
  maxDatagram: number;
  onMessage: (buf: Buffer, rinfo: dgram.RemoteInfo) => void;
}

/**
 * The shape every UDP discovery protocol shares: one socket per interface with the multicast interface set,
 * one unicast socket, repeated multicast rounds, paced unicast to every target, then the listen window.
 */
export async function runUdpDiscovery(ctx: ProbeContext, plan: UdpDiscoveryPlan): Promise<void> {
  const sockets: dgram.Socket[] = [];
  const onMessage = (buf: Buffer, rinfo: dgram.RemoteInfo): void => {
    if (buf.length <= plan.maxDatagram) plan.onMessage(buf, rinfo);
  };
  try {
    const extra = plan.listener ? await plan.listener(ctx) : undefined;
    const perInterface = await Promise.all(ctx.interfaces.map((i) => openUdp({ address: i.address, multicastInterface: i.address })));
    const unicast = await openUdp({ address: "0.0.0.0" });
    for (const s of [...(extra ? [extra] : []), ...perInterface, unicast]) {
      s.on("message", onMessage);
      sockets.push(s);
    }
    for (let round = 0; round < plan.rounds && !ctx.signal.aborted; round++) {
      for (const payload of plan.multicast()) await Promise.all(perInterface.map((s) => sendUdp(s, payload, plan.port, plan.group)));
      await sleep(plan.roundGapMs, ctx.signal);
    }
    let n = 0;
    for (const ip of ctx.targets()) {
      if (ctx.signal.aborted) break;
      for (const payload of plan.unicast(ip)) await sendUdp(unicast, payload, plan.port, ip);
      if (++n % 256 === 0) await sleep(5, ctx.signal); // pace large ranges
    }
    await sleep(ctx.listenMs, ctx.signal);
  } finally {
    sockets.forEach(closeUdp);
  }
}
