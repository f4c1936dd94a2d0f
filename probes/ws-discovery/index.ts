import { WSD_EMITS } from "./observe.ts";
import { groupListener, runUdpDiscovery } from "../udp-discovery.ts";
import type { Probe, ProbeContext } from "../types.ts";
import { buildProbe, WSD_GROUP, WSD_GROUP6, WSD_PORT, type ProbeType } from "./build.ts";
import { wsdObservations, PROBE_NAME } from "./observe.ts";
import { parseWsdMessage } from "./parse.ts";

const VARIANTS: ProbeType[] = ["dn:NetworkVideoTransmitter", "tds:Device", undefined];

async function run(ctx: ProbeContext): Promise<void> {
  const seen = new Set<string>();
  // Unicast: typed and untyped once each; "supposed to be multicast, but something answers unicast" (nmap).
  const unicast = [buildProbe({ type: "dn:NetworkVideoTransmitter" }), buildProbe({})];
  await runUdpDiscovery(ctx, {
    name: PROBE_NAME,
    port: WSD_PORT,
    group: WSD_GROUP,
    group6: WSD_GROUP6,
    // Typed probes for cameras that ignore untyped ones, untyped for those that ignore types; each twice.
    multicast: () => VARIANTS.map((type) => buildProbe({ type })),
    rounds: 2,
    roundGapMs: 120,
    unicast: () => unicast,
    listener: (ctx, options) => groupListener(ctx, PROBE_NAME, WSD_PORT, WSD_GROUP, options),
    maxDatagram: 64 * 1024,
    // MessageID and RelatesTo differ with every probe; the rest of a device's ProbeMatches does not.
    varying: /<(\w+:)?(?:MessageID|RelatesTo)\b[^>]*>[^<]*<\/(\w+:)?(?:MessageID|RelatesTo)>/g,
    onMessage: (buf, rinfo) => {
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
    },
  });
}

export const wsDiscoveryProbe: Probe = {
  name: PROBE_NAME,
  description: "WS-Discovery (ONVIF) Probe, multicast per interface (IPv4, and FF02::C on links with IPv6) and unicast per target; also hears Hello",
  transport: "udp-multicast+unicast",
  port: WSD_PORT,
  defaultOn: true,
  intrusiveness: "polite",
  emits: WSD_EMITS,
  run,
};
