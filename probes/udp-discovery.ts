import type dgram from "node:dgram";
import { udpDropsBySocket } from "../src/net/udp.ts";
import { openThreadSocket, type ThreadDatagram, type ThreadSocket } from "../src/net/udp-thread.ts";
import { linkLocal6, type NetInterface } from "../src/net/interfaces.ts";
import { intToIp, ipToInt } from "../src/net/scope.ts";
import { sleep, type ProbeContext } from "./types.ts";

const UNICAST_SOCKETS = 8;
/** Send buffer asked for on the unicast sockets: datagrams to silent on-link addresses wait there for ARP (3 s). */
const SEND_BUFFER_BYTES = 4 * 1024 * 1024;
/** Unicast datagrams handed to the receiver thread at once, per socket. */
const UNICAST_BATCH = 64;
/** Wait after the last multicast request before the unicast sweep. */
const UNICAST_AFTER_MS = 750;
/** Receive buffer asked for on every discovery socket: 800 replies of 2–4 KB arrive within the random reply delay. */
const RECV_BUFFER_BYTES = 4 * 1024 * 1024;
/** Longest wait between two multicast requests of one round. */
const MAX_PAYLOAD_GAP_MS = 250;
/**
 * Time spent parsing replies per turn of the event loop. The receiver thread reads the sockets, so this only shares
 * the main thread with the devices' HTTP answers: a reply carries an identity for a fraction of a millisecond, and
 * parsed late (2 ms per turn on a busy scan: 2–3 s late in the 1,000-device lab) the device is asked blind first. A
 * flood still yields often enough that no timer waits long.
 */
const DRAIN_SLICE_MS = 20;
/** Datagram fingerprints remembered for the duplicate check (a flood beyond this is parsed, then capped downstream). */
const MAX_SEEN = 100_000;

export interface UdpDiscoveryPlan {
  /** Probe name, for the --verbose log of what was sent. */
  name: string;
  port: number;
  /** The IPv4 multicast group; none for a protocol that only broadcasts (then `subnetBroadcast` and unicast). */
  group?: string;
  /** The link-local IPv6 group (FF02::C), sent to on every chosen interface that has a link-local address. */
  group6?: string;
  /** Multicast payloads, each sent on every chosen interface, `rounds` times. */
  multicast: () => (string | Buffer)[];
  /** The same for the IPv6 group, when they differ (SSDP's HOST header names the group). */
  multicast6?: () => (string | Buffer)[];
  rounds: number;
  roundGapMs: number;
  /** Unicast payloads for one target. */
  unicast: (ip: string) => (string | Buffer)[];
  /** Extra socket (a passive listener on the well-known port), opened best effort. */
  listener?: (ctx: ProbeContext, options: ListenerOptions) => Promise<ThreadSocket | undefined>;
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

/** What every socket of one discovery run shares: size limits and the duplicate check. */
type ListenerOptions = Pick<Parameters<typeof openThreadSocket>[0], "maxDatagram" | "varying" | "maxSeen" | "recvBufferBytes">;

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
  const sockets: ThreadSocket[] = [];
  // The sockets live on the receiver thread, which reads them at once and drops exact repeats (a device answering
  // each repeated request alike); here replies are only queued, then parsed a few milliseconds per turn.
  const queue: { d: ThreadDatagram; iface?: NetInterface }[] = [];
  let draining = false;
  const rinfo = (d: ThreadDatagram): dgram.RemoteInfo => ({ address: d.address, port: d.port, family: d.address.includes(":") ? "IPv6" : "IPv4", size: d.buf.length });
  const drain = (): void => {
    const until = performance.now() + DRAIN_SLICE_MS;
    while (queue.length && performance.now() < until) {
      const m = queue.shift()!;
      plan.onMessage(m.d.buf, rinfo(m.d), m.iface);
    }
    if (queue.length) setImmediate(drain);
    else draining = false;
  };
  // Addresses that answered: the unicast sweep skips them (the same question again would draw the same reply).
  const heard = new Set<string>();
  const handler = (iface?: NetInterface) => (d: ThreadDatagram): void => {
    if (heard.size < MAX_SEEN) heard.add(d.address);
    queue.push({ d, ...(iface ? { iface } : {}) });
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  };
  const shared: ListenerOptions = { maxDatagram: plan.maxDatagram, maxSeen: MAX_SEEN, recvBufferBytes: RECV_BUFFER_BYTES, ...(plan.varying ? { varying: plan.varying } : {}) };
  try {
    // Each socket is recorded as soon as it is open, so that `finally` closes it even when a later one fails to
    // open: one left open would keep the receiver thread, and the process, alive.
    const opened = async (open: Promise<ThreadSocket>[]): Promise<ThreadSocket[]> => {
      const all = await Promise.allSettled(open);
      for (const r of all) if (r.status === "fulfilled") sockets.push(r.value);
      const failed = all.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
      return all.map((r) => (r as PromiseFulfilledResult<ThreadSocket>).value);
    };
    // Every socket is opened at once: each opening is a round trip to the receiver thread, and between round trips
    // the main thread may be busy (a sweep starting a thousand connects). One after another they took 0.4 s to open
    // in the 1,000-device lab, and the listen window only starts when they are.
    const links6 = plan.group6 ? ctx.interfaces.filter((i) => !i.internal && linkLocal6(i)) : [];
    const [extraR, perInterfaceR, poolR, perInterface6R, unicast6R] = await Promise.allSettled([
      plan.listener ? plan.listener(ctx, shared) : undefined,
      opened(ctx.interfaces.map((i) => openThreadSocket({ ...shared, address: i.address, multicastInterface: i.address }))),
      // Datagrams to silent on-link addresses wait in the kernel for ARP (about 3 s) and count against the sending
      // socket's buffer; one socket would stall after a few hundred. A small pool keeps a /24 sweep under a second.
      opened(Array.from({ length: UNICAST_SOCKETS }, () => openThreadSocket({ ...shared, address: "0.0.0.0", sendBufferBytes: SEND_BUFFER_BYTES }))),
      // IPv6: one socket per interface with a link-local address, to the link-local group; replies come from the
      // devices' link-local addresses, written with the interface as their zone.
      opened(links6.map((i) => openThreadSocket({ ...shared, type: "udp6", address: "::", multicastInterface: `::%${i.name}` }))),
      // IPv6 targets are asked from one IPv6 socket; best effort, since a host may have IPv6 turned off.
      openThreadSocket({ ...shared, type: "udp6", address: "::" }).catch(() => undefined),
    ]);
    const value = <T>(r: PromiseSettledResult<T>): T | undefined => (r.status === "fulfilled" ? r.value : undefined);
    const extra = value(extraR);
    const unicast6 = value(unicast6R);
    for (const s of [extra, unicast6]) if (s) sockets.push(s);
    const failed = [extraR, perInterfaceR, poolR, perInterface6R].find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    const perInterface = value(perInterfaceR)!;
    const pool = value(poolR)!;
    const perInterface6 = value(perInterface6R)!;
    perInterface.forEach((s, i) => s.onMessage(handler(ctx.interfaces[i])));
    perInterface6.forEach((s, k) => s.onMessage(handler(links6[k])));
    unicast6?.onMessage(handler());
    for (const s of [...(extra ? [extra] : []), ...pool]) s.onMessage(handler());
    const got = Math.min(...sockets.map((s) => s.getRecvBufferSize()));
    if (got < RECV_BUFFER_BYTES) ctx.log(`${plan.name}: receive buffer ${got} bytes, not the ${RECV_BUFFER_BYTES} asked for: replies from many devices at once may be lost (raise net.core.rmem_max)`);
    const started = Date.now();
    const broadcasts = plan.subnetBroadcast ? ctx.interfaces.map(subnetBroadcastAddress) : [];
    if (broadcasts.some(Boolean)) perInterface.forEach((s) => s.setBroadcast());
    // Every multicast request draws a reply from every device at once: spaced out, each burst fits the receive
    // buffer before the next arrives (a quarter of the listen window for all of them at most).
    const payloads = plan.multicast();
    const payloads6 = plan.multicast6?.() ?? payloads;
    const gap = Math.min(MAX_PAYLOAD_GAP_MS, Math.floor(ctx.listenMs / (4 * plan.rounds * Math.max(1, payloads.length))));
    for (let round = 0; round < plan.rounds && !ctx.signal.aborted; round++) {
      for (const [k, payload] of payloads.entries()) {
        if (k > 0) await sleep(gap, ctx.signal);
        if (plan.group) await Promise.all(perInterface.map((s) => s.send(payload, plan.port, plan.group!)));
        await Promise.all(perInterface6.map((s, i) => s.send(payloads6[k] ?? payload, plan.port, `${plan.group6}%${links6[i]!.name}`)));
        await Promise.all(perInterface.map((s, i) => (broadcasts[i] ? s.send(payload, plan.port, broadcasts[i]!) : undefined)));
      }
      await sleep(Math.max(plan.roundGapMs, gap), ctx.signal);
    }
    const to = [plan.group ? `multicast to ${plan.group}:${plan.port}` : "", broadcasts.some(Boolean) ? `${plan.group ? "and " : ""}the subnet broadcast${plan.group ? "" : ` on port ${plan.port}`}` : ""].filter(Boolean).join(" ");
    ctx.log(
      (to ? `${plan.name}: sent ${plan.rounds}× ${plan.multicast().length} ${to} on ` : `${plan.name}: no group, and no subnet broadcast on `) +
        ctx.interfaces.map((i) => i.name).join(", ") +
        (links6.length ? `, and to [${plan.group6}]:${plan.port} on ${links6.map((i) => i.name).join(", ")}` : ""),
    );
    let sent = 0;
    let skipped = 0;
    // Let the multicast replies arrive first (devices spread them over up to APP_MAX_DELAY, 500 ms): those that
    // answered need no unicast, and the unicast replies do not land on top of the multicast burst.
    await sleep(Math.min(UNICAST_AFTER_MS, Math.floor(ctx.listenMs / 4)), ctx.signal);
    const targets = ctx.targets()[Symbol.iterator]();
    await Promise.all(
      pool.map(async (sock) => {
        while (!ctx.signal.aborted) {
          const items: { payload: Buffer | string; address: string }[] = [];
          // The size is checked before the next target is taken: taking one and then stopping would lose it.
          while (items.length < UNICAST_BATCH) {
            const t = targets.next();
            if (t.done) break;
            if (heard.has(t.value)) {
              skipped++;
              continue;
            }
            for (const payload of plan.unicast(t.value)) items.push({ payload, address: t.value });
            sent++;
          }
          if (items.length === 0) break;
          const v6 = items.filter((x) => x.address.includes(":"));
          await Promise.all([sock.sendMany(v6.length ? items.filter((x) => !x.address.includes(":")) : items, plan.port), v6.length && unicast6 ? unicast6.sendMany(v6, plan.port) : undefined]);
        }
      }),
    );
    if (sent || skipped) ctx.log(`${plan.name}: sent unicast to ${sent} targets on port ${plan.port}${skipped ? ` (${skipped} had answered the multicast)` : ""}`);
    // The listen window counts from the first probe: repeats and the unicast sweep happen inside it.
    await sleep(Math.max(200, ctx.listenMs - (Date.now() - started)), ctx.signal);
    await Promise.all(sockets.map((s) => s.drain()));
    while (queue.length) drain();
    const dropped = udpDropsBySocket(sockets);
    const total = [...dropped.values()].reduce((a, n) => a + n, 0);
    // Replies lost are devices perhaps missed: the report says so, not only --verbose.
    if (total) ctx.fault(`${plan.name}: the kernel dropped ${total} replies on camsweep's sockets (receive buffer full: ${[...dropped].map(([k, n]) => `${n} on ${k}`).join(", ")})`);
  } finally {
    sockets.forEach((s) => s.close());
  }
}

/**
 * A listener on the protocol's well-known port, joined to its group on every chosen interface: it hears what devices
 * multicast unasked (WS-Discovery Hello, SADP reply copies). Best effort: another daemon may hold the port.
 */
export async function groupListener(ctx: ProbeContext, name: string, port: number, group: string, options: ListenerOptions): Promise<ThreadSocket | undefined> {
  try {
    // Bound to the group where the system allows it (Linux, BSD): only what is multicast to the group arrives, not
    // unicast to the port on every local address (another daemon's traffic, or this scan's own unicast probes).
    const s = await openThreadSocket({ ...options, address: group, port, reuseAddr: true }).catch(() => openThreadSocket({ ...options, address: "0.0.0.0", port, reuseAddr: true }));
    for (const i of ctx.interfaces) {
      try {
        await s.join(group, i.address);
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
