import { createHash } from "node:crypto";
import type dgram from "node:dgram";
import { closeUdp, openUdp, sendUdp, udpDrops } from "../src/net/udp.ts";
import type { NetInterface } from "../src/net/interfaces.ts";
import { intToIp, ipToInt } from "../src/net/scope.ts";
import { sleep, type ProbeContext } from "./types.ts";

const UNICAST_SOCKETS = 8;
/** Receive buffer asked for on every discovery socket: 800 replies of 2–4 KB arrive within the random reply delay. */
const RECV_BUFFER_BYTES = 4 * 1024 * 1024;
/** Longest wait between two multicast requests of one round. */
const MAX_PAYLOAD_GAP_MS = 250;
/** Time spent parsing replies per turn of the event loop, so reading the sockets never waits long. */
const DRAIN_SLICE_MS = 2;
/** Datagram fingerprints remembered for the duplicate check (a flood beyond this is parsed, then capped downstream). */
const MAX_SEEN = 100_000;

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
  /**
   * The parts of a reply that change with each request (message ids): removed before the duplicate check, so a
   * device answering six requests is parsed once. Default: the datagram as it is.
   */
  varying?: RegExp;
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
  // The receive path only queues: parsing hundreds of replies inside the socket callback keeps the loop from
  // reading the next ones, and the kernel drops what its buffer cannot hold. A datagram seen before, byte for byte
  // from the same address (a device answering each repeated request alike), is not parsed twice.
  const queue: { buf: Buffer; rinfo: dgram.RemoteInfo; iface?: NetInterface }[] = [];
  const seen = new Set<string>();
  let draining = false;
  const drain = (): void => {
    // A few milliseconds of parsing per turn: the loop comes back to the sockets (libuv reads 32 datagrams a turn).
    const until = performance.now() + DRAIN_SLICE_MS;
    while (queue.length && performance.now() < until) {
      const m = queue.shift()!;
      plan.onMessage(m.buf, m.rinfo, m.iface);
    }
    if (queue.length) setImmediate(drain);
    else draining = false;
  };
  const handler = (iface?: NetInterface) => (buf: Buffer, rinfo: dgram.RemoteInfo): void => {
    if (buf.length > plan.maxDatagram) return;
    const bytes = plan.varying ? Buffer.from(buf.toString("latin1").replace(plan.varying, ""), "latin1") : buf;
    const key = `${rinfo.address}|${createHash("sha1").update(bytes).digest("base64")}`;
    if (seen.has(key)) return;
    if (seen.size < MAX_SEEN) seen.add(key);
    queue.push({ buf, rinfo, ...(iface ? { iface } : {}) });
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  };
  try {
    const extra = plan.listener ? await plan.listener(ctx) : undefined;
    const perInterface = await Promise.all(ctx.interfaces.map((i) => openUdp({ address: i.address, multicastInterface: i.address, recvBufferBytes: RECV_BUFFER_BYTES })));
    // Datagrams to silent on-link addresses wait in the kernel for ARP (about 3 s) and count against the sending
    // socket's buffer; one socket would stall after a few hundred. A small pool keeps a /24 sweep under a second.
    const pool = await Promise.all(Array.from({ length: UNICAST_SOCKETS }, () => openUdp({ address: "0.0.0.0", recvBufferBytes: RECV_BUFFER_BYTES })));
    perInterface.forEach((s, i) => s.on("message", handler(ctx.interfaces[i])));
    for (const s of [...(extra ? [extra] : []), ...pool]) s.on("message", handler());
    sockets.push(...(extra ? [extra] : []), ...perInterface, ...pool);
    const got = Math.min(...sockets.map((s) => s.getRecvBufferSize()));
    if (got < RECV_BUFFER_BYTES) ctx.log(`${plan.name}: receive buffer ${got} bytes, not the ${RECV_BUFFER_BYTES} asked for: replies from many devices at once may be lost (raise net.core.rmem_max)`);
    const started = Date.now();
    const broadcasts = plan.subnetBroadcast ? ctx.interfaces.map(subnetBroadcastAddress) : [];
    if (broadcasts.some(Boolean)) perInterface.forEach((s) => s.setBroadcast(true));
    // Every multicast request draws a reply from every device at once: spaced out, each burst fits the receive
    // buffer before the next arrives (a quarter of the listen window for all of them at most).
    const payloads = plan.multicast();
    const gap = Math.min(MAX_PAYLOAD_GAP_MS, Math.floor(ctx.listenMs / (4 * plan.rounds * Math.max(1, payloads.length))));
    for (let round = 0; round < plan.rounds && !ctx.signal.aborted; round++) {
      for (const [k, payload] of payloads.entries()) {
        if (k > 0) await sleep(gap, ctx.signal);
        await Promise.all(perInterface.map((s) => sendUdp(s, payload, plan.port, plan.group)));
        await Promise.all(perInterface.map((s, i) => (broadcasts[i] ? sendUdp(s, payload, plan.port, broadcasts[i]!) : undefined)));
      }
      await sleep(Math.max(plan.roundGapMs, gap), ctx.signal);
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
    while (queue.length) drain();
    const dropped = udpDrops(sockets);
    if (dropped) ctx.log(`${plan.name}: the kernel dropped ${dropped} replies on camsweep's sockets (receive buffer full)`);
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
    const s = await openUdp({ address: "0.0.0.0", port, reuseAddr: true, recvBufferBytes: RECV_BUFFER_BYTES });
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
