import { mdnsProbe } from "./mdns/index.ts";
import { ssdpProbe } from "./ssdp/index.ts";
import type { Probe } from "./types.ts";
import { wsDiscoveryProbe } from "./ws-discovery/index.ts";
import { sadpProbe } from "./sadp/index.ts";
import { dhipProbe } from "./dhip/index.ts";
import { tcpProbe } from "./tcp/index.ts";
import { cs2Probe } from "./cs2/index.ts";

/** Every discovery probe camsweep has, in the order they are listed to users. */
export const ALL_PROBES: Probe[] = [wsDiscoveryProbe, ssdpProbe, mdnsProbe, sadpProbe, dhipProbe, cs2Probe, tcpProbe];
export type { Probe, ProbeContext } from "./types.ts";
