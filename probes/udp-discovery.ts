import type dgram from "node:dgram";
import { closeUdp, openUdp, sendUdp } from "../src/net/udp.ts";
import type { NetInterface } from "../src/net/interfaces.ts";
import { intToIp, ipToInt } from "../src/net/scope.ts";
import { sleep, type ProbeContext } from "./types.ts";

const UNICAST_SOCKETS = 8;

export interface UdpDiscoveryPlan {
  /** Probe name, for the --verbose log of what was sent. */
  name: string;
  port: number;
  group: string;
  /** Multicast payloads, each sent on every chosen interface, `rounds` times. */
  multicast: () => (string | Buffer)[];
  rounds: number;
  roundGapMs: number;
  /** Unicast payloads for one target. */
  unicast: (ip: string) => (string | Buffer)[];
  /** Extra socket (a passive listener on the well-known port), opened best effort. */
  listener?: (ctx: ProbeContext) => Promise<dgram.Socket | undefined>;
  /** Also send each multicast payload to each interface's subnet broadcast address (never 255.255.255.255). */
  subnetBroadcast?: boolean;
  maxDatagram: number;
  /** `iface` is the interface whose socket took the reply; undefined for the unicast socket and the listener. */
  onMessage: (buf: Buffer, rinfo: dgram.RemoteInfo, iface?: NetInterface) => void;
}

/** Directed broadcast of an interface's subnet ("10.10.1.1/24" → "10.10.1.255"); undefined for /31, /32 and loopback. */
export function subnetBroadcastAddress(i: NetInterface): string | undefined {
  const [addr, bitsText] = i.cidr.split("/");
  const bits = Number(bitsText);
  if (i.internal || !addr || !(bits > 0 && bits < 31)) return undefined;
  return intToIp((ipToInt(addr) | (2 ** (32 - bits) - 1)) >>> 0);
}

/**
 * The shape every UDP discovery protocol shares: one socket per interface with the multicast interface set,
 * one unicast socket, repeated multicast rounds, paced unicast to every target, then the listen window.
 */
export async function runUdpDiscovery(ctx: ProbeContext, plan: UdpDiscoveryPlan): Promise<void> {
  const sockets: dgram.Socket[] = [];
  const handler = (iface?: NetInterface) => (buf: Buffer, rinfo: dgram.RemoteInfo): void => {
    if (buf.length <= plan.maxDatagram) plan.onMessage(buf, rinfo, iface);
  };
  try {
    const extra = plan.listener ? await plan.listener(ctx) : undefined;
    const perInterface = await Promise.all(ctx.interfaces.map((i) => openUdp({ address: i.address, multicastInterface: i.address })));
    // Datagrams to silent on-link addresses wait in the kernel for ARP (about 3 s) and count against the sending
    // socket's buffer; one socket would stall after a few hundred. A small pool keeps a /24 sweep under a second.
    const pool = await Promise.all(Array.from({ length: UNICAST_SOCKETS }, () => openUdp({ address: "0.0.0.0" })));
    perInterface.forEach((s, i) => s.on("message", handler(ctx.interfaces[i])));
    for (const s of [...(extra ? [extra] : []), ...pool]) s.on("message", handler());
    sockets.push(...(extra ? [extra] : []), ...perInterface, ...pool);
    const started = Date.now();
    const broadcasts = plan.subnetBroadcast ? ctx.interfaces.map(subnetBroadcastAddress) : [];
    if (broadcasts.some(Boolean)) perInterface.forEach((s) => s.setBroadcast(true));
    for (let round = 0; round < plan.rounds && !ctx.signal.aborted; round++) {
      for (const payload of plan.multicast()) {
        await Promise.all(perInterface.map((s) => sendUdp(s, payload, plan.port, plan.group)));
        await Promise.all(perInterface.map((s, i) => (broadcasts[i] ? sendUdp(s, payload, plan.port, broadcasts[i]!) : undefined)));
      }
      await sleep(plan.roundGapMs, ctx.signal);
    }
    ctx.log(`${plan.name}: sent ${plan.rounds}× ${plan.multicast().length} multicast to ${plan.group}:${plan.port} on ${ctx.interfaces.map((i) => i.name).join(", ")}${broadcasts.some(Boolean) ? " and the subnet broadcast" : ""}`);
    let sent = 0;
    const targets = ctx.targets()[Symbol.iterator]();
    await Promise.all(
      pool.map(async (sock) => {
        for (let t = targets.next(); !t.done && !ctx.signal.aborted; t = targets.next()) {
          for (const payload of plan.unicast(t.value)) await sendUdp(sock, payload, plan.port, t.value);
          sent++;
        }
      }),
    );
    if (sent) ctx.log(`${plan.name}: sent unicast to ${sent} targets on port ${plan.port}`);
    // The listen window counts from the first probe: repeats and the unicast sweep happen inside it.
    await sleep(Math.max(200, ctx.listenMs - (Date.now() - started)), ctx.signal);
  } finally {
    sockets.forEach(closeUdp);
  }
}

/**
 * A listener on the protocol's well-known port, joined to its group on every chosen interface: it hears what devices
 * multicast unasked (WS-Discovery Hello, SADP reply copies). Best effort: another daemon may hold the port.
 */
export async function groupListener(ctx: ProbeContext, name: string, port: number, group: string): Promise<dgram.Socket | undefined> {
  try {
    const s = await openUdp({ address: "0.0.0.0", port, reuseAddr: true });
    for (const i of ctx.interfaces) {
      try {
        s.addMembership(group, i.address);
      } catch (e) {
        ctx.log(`${name}: cannot join ${group} on ${i.name}: ${(e as Error).message}`);
      }
    }
    return s;
  } catch (e) {
    ctx.log(`${name}: no listener on port ${port}: ${(e as Error).message}`);
    return undefined;
  }
}
