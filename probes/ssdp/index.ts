import type dgram from "node:dgram";
import { closeUdp, openUdp, sendUdp } from "../../src/net/udp.ts";
import { sleep, type Probe, type ProbeContext } from "../types.ts";
import { buildMSearch, SSDP_GROUP, SSDP_PORT } from "./build.ts";
import { PROBE_NAME, ssdpObservations } from "./observe.ts";
import { parseSsdp } from "./parse.ts";

const SEARCH_TARGETS = ["ssdp:all", "upnp:rootdevice"];
const MAX_DATAGRAM = 16 * 1024;

async function run(ctx: ProbeContext): Promise<void> {
  const sockets: dgram.Socket[] = [];
  const seen = new Set<string>();
  const onMessage = (buf: Buffer, rinfo: dgram.RemoteInfo): void => {
    if (buf.length > MAX_DATAGRAM) return;
    const text = buf.toString("utf8");
    const key = `${rinfo.address}|${text}`;
    if (seen.has(key)) return;
    seen.add(key);
    const msg = parseSsdp(text);
    if (!msg) {
      ctx.warn({ ip: rinfo.address, probe: PROBE_NAME, message: "unreadable SSDP datagram ignored" });
      return;
    }
    if (msg.kind === "search") return;
    ctx.log(`ssdp: ${msg.kind} from ${rinfo.address}:${rinfo.port} ${msg.st ?? ""}`);
    for (const o of ssdpObservations(rinfo.address, msg)) ctx.emit(o);
  };
  try {
    const perInterface = await Promise.all(ctx.interfaces.map((i) => openUdp({ address: i.address, multicastInterface: i.address })));
    const unicast = await openUdp({ address: "0.0.0.0" });
    for (const s of [...perInterface, unicast]) {
      s.on("message", onMessage);
      sockets.push(s);
    }
    for (let round = 0; round < 2 && !ctx.signal.aborted; round++) {
      for (const st of SEARCH_TARGETS) {
        const payload = buildMSearch(st, 1);
        await Promise.all(perInterface.map((s) => sendUdp(s, payload, SSDP_PORT, SSDP_GROUP)));
      }
      await sleep(100, ctx.signal);
    }
    let n = 0;
    for (const ip of ctx.targets()) {
      if (ctx.signal.aborted) break;
      await sendUdp(unicast, buildMSearch("ssdp:all", 1, `${ip}:${SSDP_PORT}`), SSDP_PORT, ip);
      if (++n % 256 === 0) await sleep(5, ctx.signal);
    }
    await sleep(ctx.listenMs, ctx.signal);
  } finally {
    sockets.forEach(closeUdp);
  }
}

export const ssdpProbe: Probe = {
  name: PROBE_NAME,
  description: "SSDP M-SEARCH (ssdp:all, upnp:rootdevice), multicast per interface and unicast per target",
  transport: "udp-multicast+unicast",
  port: SSDP_PORT,
  defaultOn: true,
  intrusiveness: "polite",
  run,
};
