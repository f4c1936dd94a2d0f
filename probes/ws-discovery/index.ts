import type dgram from "node:dgram";
import { closeUdp, openUdp, sendUdp } from "../../src/net/udp.ts";
import { sleep, type Probe, type ProbeContext } from "../types.ts";
import { buildProbe, WSD_GROUP, WSD_PORT, type ProbeType } from "./build.ts";
import { wsdObservations, PROBE_NAME } from "./observe.ts";
import { parseWsdMessage } from "./parse.ts";

const VARIANTS: ProbeType[] = ["dn:NetworkVideoTransmitter", "tds:Device", undefined];
/** Devices answer multicast probes after a random delay of up to 500 ms; each probe goes out twice. */
const REPEAT_GAP_MS = 120;
const MAX_DATAGRAM = 64 * 1024;

async function run(ctx: ProbeContext): Promise<void> {
  const sockets: dgram.Socket[] = [];
  const seen = new Set<string>();
  const onMessage = (buf: Buffer, rinfo: dgram.RemoteInfo): void => {
    if (buf.length > MAX_DATAGRAM) return;
    const msg = parseWsdMessage(buf.toString("utf8"));
    if (msg.kind === "Probe") return; // our own probes, looped back
    const key = `${rinfo.address}|${msg.kind}|${msg.matches.map((m) => m.endpoint).join(",")}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (msg.error && msg.matches.length === 0) {
      ctx.warn({ ip: rinfo.address, probe: PROBE_NAME, message: `unreadable WS-Discovery reply: ${msg.error}` });
      return;
    }
    if (msg.error) ctx.warn({ ip: rinfo.address, probe: PROBE_NAME, message: `WS-Discovery reply partly read: ${msg.error}` });
    ctx.log(`ws-discovery: ${msg.kind} from ${rinfo.address}:${rinfo.port}`);
    for (const o of wsdObservations(rinfo.address, msg)) ctx.emit(o);
  };

  try {
    // Hello/Bye listener on the well-known port; best effort (another WS-Discovery daemon may hold it exclusively).
    try {
      const hello = await openUdp({ address: "0.0.0.0", port: WSD_PORT, reuseAddr: true });
      for (const i of ctx.interfaces) {
        try {
          hello.addMembership(WSD_GROUP, i.address);
        } catch (e) {
          ctx.log(`ws-discovery: cannot join ${WSD_GROUP} on ${i.name}: ${(e as Error).message}`);
        }
      }
      hello.on("message", onMessage);
      sockets.push(hello);
    } catch (e) {
      ctx.log(`ws-discovery: no Hello listener: ${(e as Error).message}`);
    }

    const perInterface = await Promise.all(
      ctx.interfaces.map((i) => openUdp({ address: i.address, multicastInterface: i.address })),
    );
    const unicast = await openUdp({ address: "0.0.0.0" });
    for (const s of [...perInterface, unicast]) {
      s.on("message", onMessage);
      sockets.push(s);
    }

    for (let round = 0; round < 2 && !ctx.signal.aborted; round++) {
      for (const type of VARIANTS) {
        const payload = buildProbe({ type });
        await Promise.all(perInterface.map((s) => sendUdp(s, payload, WSD_PORT, WSD_GROUP)));
      }
      await sleep(REPEAT_GAP_MS, ctx.signal);
    }
    // Unicast: typed and untyped once each; "supposed to be multicast, but something answers unicast" (nmap).
    const typed = buildProbe({ type: "dn:NetworkVideoTransmitter" });
    const untyped = buildProbe({});
    let n = 0;
    for (const ip of ctx.targets()) {
      if (ctx.signal.aborted) break;
      await sendUdp(unicast, typed, WSD_PORT, ip);
      await sendUdp(unicast, untyped, WSD_PORT, ip);
      if (++n % 256 === 0) await sleep(5, ctx.signal); // pace large ranges
    }
    await sleep(ctx.listenMs, ctx.signal);
  } finally {
    sockets.forEach(closeUdp);
  }
}

export const wsDiscoveryProbe: Probe = {
  name: PROBE_NAME,
  description: "WS-Discovery (ONVIF) Probe, multicast per interface and unicast per target; also hears Hello",
  transport: "udp-multicast+unicast",
  port: WSD_PORT,
  defaultOn: true,
  intrusiveness: "polite",
  run,
};
