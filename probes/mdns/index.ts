import { MDNS_EMITS } from "./parse.ts";
import makeMdns from "multicast-dns";
import dgram, { type RemoteInfo } from "node:dgram";
import { sleep, type Probe, type ProbeContext } from "../types.ts";
import { linkLocal6 } from "../../src/net/interfaces.ts";
import { CAMERA_SERVICE_TYPES, META_QUERY, PROBE_NAME, readMdnsResponse, type MdnsFollowUp, type MdnsRecord } from "./parse.ts";

type Mdns = ReturnType<typeof makeMdns>;
/**
 * Receive buffer asked for on each mDNS socket, as on the other discovery sockets: these are read by the main
 * thread, and the answers of hundreds of devices to the unicast queries arrive while it is busy with the sweep.
 * With the system's default (about 200 KB) the 1,000-device lab lost one or two devices' answers in some runs.
 */
const RECV_BUFFER_BYTES = 4 * 1024 * 1024;
const socket = (type: "udp4" | "udp6"): dgram.Socket => dgram.createSocket({ type, reuseAddr: true, recvBufferSize: RECV_BUFFER_BYTES });

/** A hostile responder must not make us ask forever. */
const MAX_FOLLOW_UPS = 2000;

async function run(ctx: ProbeContext): Promise<void> {
  const instances: Mdns[] = [];
  const asked = new Set<string>();
  let followUps = 0;
  const seen = new Set<string>();

  const ask = (m: Mdns, q: MdnsFollowUp, to?: { address: string; port: number }): void => {
    const key = `${to?.address ?? "mcast"}|${q.type}|${q.name.toLowerCase()}`;
    if (asked.has(key) || followUps >= MAX_FOLLOW_UPS) return;
    asked.add(key);
    followUps++;
    const packet = { questions: [{ name: q.name, type: q.type }] };
    if (to) m.query(packet, to);
    else m.query(packet);
  };

  const onResponse = (m: Mdns, unicast: boolean) => (packet: { answers?: MdnsRecord[]; additionals?: MdnsRecord[] }, rinfo: RemoteInfo): void => {
    const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
    const reading = readMdnsResponse(rinfo.address, records);
    for (const o of reading.observations) {
      const k = `${o.ip}|${o.field}|${o.value}`;
      if (seen.has(k)) continue;
      seen.add(k);
      ctx.emit(o);
    }
    if (reading.observations.length) ctx.log(`mdns: ${reading.observations.length} facts from ${rinfo.address}`);
    // Follow PTR-only answers with SRV/TXT/A: some responders (and bonjour-service) never send them unasked.
    for (const q of reading.followUps) {
      if (unicast && ctx.inScope(rinfo.address)) ask(m, q, { address: rinfo.address, port: 5353 });
      else if (!unicast) ask(m, q);
    }
  };

  try {
    for (const i of ctx.interfaces) {
      // bind 0.0.0.0 or no multicast reply ever arrives (multicast-dns#53); `interface` picks the outgoing NIC.
      const m = makeMdns({ socket: socket("udp4"), interface: i.address, bind: "0.0.0.0", reuseAddr: true, loopback: true });
      m.on("error", (e: Error) => ctx.log(`mdns on ${i.name}: ${e.message}`));
      m.on("warning", (e: Error) => ctx.log(`mdns on ${i.name}: ${e.message}`));
      m.on("response", onResponse(m, false));
      instances.push(m);
    }
    // IPv6: the link-local group FF02::FB on every chosen interface that has a link-local address.
    for (const i of ctx.interfaces) {
      if (i.internal || !linkLocal6(i)) continue;
      const m = makeMdns({ socket: socket("udp6"), type: "udp6", ip: "ff02::fb", interface: `::%${i.name}`, bind: "::", reuseAddr: true, loopback: true } as Parameters<typeof makeMdns>[0]);
      m.on("error", (e: Error) => ctx.log(`mdns on ${i.name} (IPv6): ${e.message}`));
      m.on("warning", (e: Error) => ctx.log(`mdns on ${i.name} (IPv6): ${e.message}`));
      m.on("response", onResponse(m, false));
      instances.push(m);
    }
    // Legacy unicast queries (from an ephemeral port) reach one host and come straight back.
    const uni = makeMdns({ socket: socket("udp4"), multicast: false, port: 0, bind: "0.0.0.0" } as Parameters<typeof makeMdns>[0]);
    uni.on("error", (e: Error) => ctx.log(`mdns unicast: ${e.message}`));
    uni.on("response", onResponse(uni, true));
    instances.push(uni);
    await sleep(20, ctx.signal); // let the sockets bind
    const started = Date.now();

    const initial: MdnsFollowUp[] = [META_QUERY, ...CAMERA_SERVICE_TYPES].map((name) => ({ name, type: "PTR" }));
    for (const m of instances.slice(0, -1)) {
      m.query({ questions: initial });
    }
    let n = 0;
    for (const ip of ctx.targets()) {
      if (ctx.signal.aborted) break;
      if (ip.includes(":")) continue; // the legacy unicast socket is IPv4; IPv6 hosts answer on FF02::FB
      uni.query({ questions: initial }, { address: ip, port: 5353 });
      if (++n % 256 === 0) await sleep(5, ctx.signal);
    }
    // Ask again once (responders may miss the first query); the listen window counts from the first.
    await sleep(Math.min(300, ctx.listenMs / 3), ctx.signal);
    for (const m of instances.slice(0, -1)) m.query({ questions: initial });
    await sleep(Math.max(200, ctx.listenMs - (Date.now() - started)), ctx.signal);
  } finally {
    for (const m of instances) {
      try {
        m.destroy();
      } catch {
        /* closed */
      }
    }
  }
}

export const mdnsProbe: Probe = {
  name: PROBE_NAME,
  description: "mDNS/DNS-SD browse of camera service types and the service meta-query (224.0.0.251, and FF02::FB on links with IPv6), following PTR with SRV/TXT/A/AAAA",
  transport: "udp-multicast+unicast",
  port: 5353,
  defaultOn: true,
  intrusiveness: "polite",
  emits: MDNS_EMITS,
  run,
};
