import { SSDP_EMITS } from "./observe.ts";
import { runUdpDiscovery } from "../udp-discovery.ts";
import type { Probe, ProbeContext } from "../types.ts";
import { buildMSearch, SSDP_GROUP, SSDP_GROUP6, SSDP_PORT } from "./build.ts";
import { PROBE_NAME, ssdpObservations } from "./observe.ts";
import { parseSsdp } from "./parse.ts";

async function run(ctx: ProbeContext): Promise<void> {
  const seen = new Set<string>();
  await runUdpDiscovery(ctx, {
    name: PROBE_NAME,
    port: SSDP_PORT,
    group: SSDP_GROUP,
    group6: SSDP_GROUP6,
    multicast: () => ["ssdp:all", "upnp:rootdevice"].map((st) => buildMSearch(st, 1)),
    multicast6: () => ["ssdp:all", "upnp:rootdevice"].map((st) => buildMSearch(st, 1, `[${SSDP_GROUP6.toUpperCase()}]:${SSDP_PORT}`)),
    rounds: 2,
    roundGapMs: 100,
    unicast: (ip) => [buildMSearch("ssdp:all", 1, `${ip.includes(":") ? `[${ip.replace(/%.*$/, "")}]` : ip}:${SSDP_PORT}`)],
    maxDatagram: 16 * 1024,
    onMessage: (buf, rinfo) => {
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
    },
  });
}

export const ssdpProbe: Probe = {
  name: PROBE_NAME,
  description: "SSDP M-SEARCH (ssdp:all, upnp:rootdevice), multicast per interface (IPv4, and FF02::C on links with IPv6) and unicast per target",
  transport: "udp-multicast+unicast",
  port: SSDP_PORT,
  defaultOn: true,
  intrusiveness: "polite",
  emits: SSDP_EMITS,
  run,
};
