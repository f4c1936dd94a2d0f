import http from "node:http";
import net from "node:net";
import dgram from "node:dgram";
import { readdirSync, readFileSync } from "node:fs";
import makeMdns from "multicast-dns";
import { closeUdp, openUdp } from "../src/net/udp.ts";
import { intToIp, ipToInt } from "../src/net/scope.ts";
import { PersonaSchema, type Persona, type PersonaContext } from "./persona.ts";
import { loadSamples, samplePersona } from "./samples.ts";
import { respondHttp } from "./responders/http.ts";
import { respondMdns } from "./responders/mdns.ts";
import { respondSsdp, ssdpMxMs } from "./responders/ssdp.ts";
import { probeMessageId, renderHello, respondWsd } from "./responders/ws-discovery.ts";
import { respondSadp } from "./responders/sadp.ts";
import { respondDhip } from "./responders/dhip.ts";
import { respondCs2 } from "./responders/cs2.ts";
import { respondRtsp } from "./responders/rtsp.ts";

const WSD = { group: "239.255.255.250", port: 3702 };
const SSDP = { group: "239.255.255.250", port: 1900 };
const MDNS_PORT = 5353;
const MDNS_GROUP = "224.0.0.251";
/** WS-Discovery: a device waits a random time up to this before answering a multicast Probe. */
const APP_MAX_DELAY_MS = 500;

export interface LabOptions {
  personas: Persona[];
  /** First address; members take consecutive addresses. Default 127.77.0.10. */
  firstAddress?: string;
  /** Serve HTTP on ports above 1024 (8080 instead of 80): needed when not root. Default: when not root. */
  highPorts?: boolean;
  /** Interface address multicast is sent and joined on. Default 127.0.0.1 (loopback). */
  multicastInterface?: string;
  /** Multicast a WS-Discovery Hello for each member once it is up, as devices do when they join a network. */
  hello?: boolean;
  /**
   * Cap on the random delay before a multicast reply. Default: each protocol's own, as real devices wait
   * (WS-Discovery's APP_MAX_DELAY of 500 ms, SSDP's MX seconds, 150 ms for the vendor protocols).
   */
  maxReplyDelayMs?: number;
  /**
   * Every discovery reply, multicast or unicast, waits at least this long: a device slower to answer than a scanner
   * takes to settle on what it heard first.
   */
  minReplyDelayMs?: number;
  log?: (msg: string) => void;
  /**
   * Also answer over IPv6 on this interface, with these addresses: HTTP and RTSP on every IPv6 address, WS-Discovery
   * and SSDP on FF02::C, mDNS on FF02::FB with AAAA records. For a lab of one device in its own network namespace.
   */
  ipv6?: { interface: string; addresses: string[] };
  /** Every HTTP request a member receives, with its headers (tests check what credentials were sent, and how). */
  onHttpRequest?: (ip: string, method: string, url: string, headers: http.IncomingHttpHeaders) => void;
}

export interface LabMember extends PersonaContext {
  persona: Persona;
  ports: string[];
}

export interface Lab {
  members: LabMember[];
  close(): Promise<void>;
}

const PERSONA_DIR = new URL("./personas/", import.meta.url);

/** Which datagrams a sample persona treats as its protocol's request (and answers with its recording). */
const RAW_REQUEST: Record<"ws-discovery" | "ssdp" | "sadp" | "dhip" | "cs2", (d: Buffer) => boolean> = {
  "ws-discovery": (d) => /<(?:\w+:)?Probe\b/.test(d.toString("utf8")),
  ssdp: (d) => d.toString("latin1").startsWith("M-SEARCH "),
  sadp: (d) => /<Probe>/.test(d.toString("utf8")),
  dhip: () => true,
  cs2: (d) => d.length === 4 && d[0] === 0xf1 && d[1] === 0x30,
};

/** The built-in personas, validated; with `samples`, every real-device sample as a persona too ("sample:<id>"). */
export function loadPersonas(opts: { samples?: boolean } = {}): Persona[] {
  const samples = opts.samples ? loadSamples().map((s) => samplePersona(s)) : [];
  return [...readPersonaFiles(), ...samples];
}

function readPersonaFiles(): Persona[] {
  return readdirSync(PERSONA_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const parsed = PersonaSchema.safeParse(JSON.parse(readFileSync(new URL(f, PERSONA_DIR), "utf8")));
      if (!parsed.success) throw new Error(`persona ${f}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return parsed.data;
    });
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** An IPv6-only server on every IPv6 address of the host, beside the one on the member's IPv4 address. */
function listen6(server: http.Server | net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: "::", ipv6Only: true }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** A locally administered MAC derived from the address, for personas that do not set one. */
function macFor(ip: string): string {
  const n = ipToInt(ip);
  return ["02", "77", ((n >>> 24) & 255).toString(16), ((n >>> 16) & 255).toString(16), ((n >>> 8) & 255).toString(16), (n & 255).toString(16)].map((h) => h.padStart(2, "0")).join(":");
}

/** Start personas on consecutive loopback addresses, each answering like the real device. */
export async function startLab(opts: LabOptions): Promise<Lab> {
  const mif = opts.multicastInterface ?? "127.0.0.1";
  const high = opts.highPorts ?? !isRoot();
  const capDelay = (ms: number): number => Math.min(ms, opts.maxReplyDelayMs ?? Infinity);
  const log = opts.log ?? (() => undefined);
  const first = ipToInt(opts.firstAddress ?? "127.77.0.10");
  const v6 = opts.ipv6;
  if (v6 && opts.personas.length !== 1) throw new Error("a lab answers over IPv6 only as one device (in its own network namespace)");
  const sockets: dgram.Socket[] = [];
  const servers: http.Server[] = [];
  const tcpServers: net.Server[] = [];
  const tcpSockets = new Set<net.Socket>();
  const track = (sock: net.Socket): void => {
    tcpSockets.add(sock);
    sock.once("close", () => tcpSockets.delete(sock));
  };
  const mdnsInstances: ReturnType<typeof makeMdns>[] = [];
  const members: LabMember[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (maxDelay: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, Math.max(opts.minReplyDelayMs ?? 0, Math.random() * capDelay(maxDelay)));
    timers.add(t);
  };

  const close = async (): Promise<void> => {
    for (const t of timers) clearTimeout(t);
    // multicast-dns closes the sockets it was handed; close the rest ourselves.
    for (const m of mdnsInstances) m.destroy();
    sockets.forEach(closeUdp);
    await Promise.all(servers.map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); })));
    // Connections a scanner left open (a tarpit's, an RTSP one) are cut: close() alone waits for them.
    for (const sock of tcpSockets) sock.destroy();
    await Promise.all(tcpServers.map((s) => new Promise<void>((r) => (s.listening ? s.close(() => r()) : r()))));
  };

  try {
    // Per-member: unicast sockets (which also send the replies, so they come from the member's own address) and HTTP.
    // Each member answers unicast on its own socket; one shared listener per protocol hears multicast.
    type Respond = (p: Persona, c: PersonaContext, datagram: Buffer) => (string | Buffer)[];
    const text = (f: (p: Persona, c: PersonaContext, t: string) => string[]): Respond => (p, c, d) => f(p, c, d.toString("utf8"));
    type UdpProtocol = {
      name: string;
      port: number;
      /** None for a protocol devices only hear by broadcast and unicast. */
      group?: string;
      speaks: (p: Persona) => boolean;
      respond: Respond;
      copyToGroup?: boolean;
      /** Longest random wait before answering a multicast request. */
      replyDelayMs: (datagram: Buffer) => number;
      /** A request's id: a device answers a repeated request (the same id) once. */
      requestId?: (datagram: Buffer) => string | undefined;
      members: Map<LabMember, dgram.Socket>;
    };
    const VENDOR_DELAY_MS = 150;
    const UDP_PROTOCOLS: UdpProtocol[] = [
      { name: "ws-discovery", ...WSD, speaks: (p) => Boolean(p.wsDiscovery), respond: text(respondWsd), replyDelayMs: () => APP_MAX_DELAY_MS, requestId: (d) => probeMessageId(d.toString("utf8")), members: new Map() },
      { name: "ssdp", ...SSDP, speaks: (p) => Boolean(p.ssdp), respond: text((p, c, t) => respondSsdp(p, c, t)), replyDelayMs: (d) => ssdpMxMs(d.toString("utf8")), members: new Map() },
      // Hikvision devices also multicast their SADP reply to the group.
      { name: "sadp", port: 37020, group: "239.255.255.250", speaks: (p) => Boolean(p.sadp), respond: text(respondSadp), copyToGroup: true, replyDelayMs: () => VENDOR_DELAY_MS, members: new Map() },
      { name: "dhip", port: 37810, group: "239.255.255.251", speaks: (p) => Boolean(p.dhip), respond: respondDhip, replyDelayMs: () => VENDOR_DELAY_MS, members: new Map() },
      { name: "cs2", port: 32108, speaks: (p) => Boolean(p.cs2), respond: respondCs2, replyDelayMs: () => VENDOR_DELAY_MS, members: new Map() },
    ];
    /** Ids of the requests answered lately, per socket: a bounded memory, as a device's own. */
    const answered = (): ((id: string | undefined) => boolean) => {
      const ids: string[] = [];
      return (id) => {
        if (id === undefined) return false;
        if (ids.includes(id)) return true;
        ids.push(id);
        if (ids.length > 32) ids.shift();
        return false;
      };
    };
    // A sample persona answers a protocol's request with its recorded datagram, whatever was asked.
    for (const proto of UDP_PROTOCOLS) {
      const { speaks, respond } = proto;
      const name = proto.name as keyof typeof RAW_REQUEST;
      const isRequest = RAW_REQUEST[name];
      proto.speaks = (p) => (p.raw ? Boolean(p.raw.udp[name]) : speaks(p));
      proto.respond = (p, c, d) => {
        const recorded = p.raw?.udp[name];
        if (!p.raw) return respond(p, c, d);
        if (!recorded || !isRequest(d)) return [];
        return Array.isArray(recorded) ? recorded : [recorded];
      };
    }
    const mdnsByMember = new Map<LabMember, ReturnType<typeof makeMdns>>();
    for (const [i, persona] of opts.personas.entries()) {
      const ip = intToIp(first + i);
      const httpPort = persona.http?.port ?? (high ? 8080 : 80);
      const member: LabMember = {
        persona,
        ip,
        ...(v6 ? { ipv6: v6.addresses } : {}),
        httpPort,
        descriptionPort: persona.ssdp?.descriptionPort ?? httpPort,
        mac: persona.mac ?? macFor(ip),
        ports: [],
        lookup: (id) => members.find((x) => x.persona.id === id)?.ip,
      };
      // The same service on the IPv6 addresses too, when the device has them.
      const alsoOn6 = async (server: () => http.Server | net.Server, port: number): Promise<void> => {
        if (!v6) return;
        const s6 = server();
        await listen6(s6, port);
        if (s6 instanceof http.Server) servers.push(s6);
        else tcpServers.push(s6);
      };
      const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= 256 * 1024) chunks.push(c);
        });
        req.on("end", () => {
          opts.onHttpRequest?.(ip, req.method ?? "GET", req.url ?? "/", req.headers);
          const r = respondHttp(persona, member, req.method ?? "GET", req.url ?? "/", Buffer.concat(chunks).toString("utf8"), req.headers.authorization);
          res.writeHead(r.status, r.headers);
          if (!r.trickleMs) return void res.end(r.body);
          // A tarpit: one byte at a time until the body is out or the client gives up.
          const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
          let i = 0;
          const t = setInterval(() => {
            if (i >= body.length || res.destroyed) {
              clearInterval(t);
              return void res.end();
            }
            res.write(body.subarray(i, ++i));
          }, r.trickleMs);
          timers.add(t);
          res.once("close", () => clearInterval(t));
        });
      };
      if (persona.http || persona.onvif || persona.ssdp || persona.raw?.http.length) {
        const s = http.createServer(handler);
        s.keepAliveTimeout = 1000;
        await listen(s, httpPort, ip);
        servers.push(s);
        await alsoOn6(() => http.createServer(handler), httpPort);
        member.ports.push(`http/${httpPort}`);
        for (const port of persona.raw?.httpPorts ?? []) {
          if (port === httpPort) continue;
          const d = http.createServer(handler);
          await listen(d, port, ip);
          servers.push(d);
          await alsoOn6(() => http.createServer(handler), port);
          member.ports.push(`http/${port}`);
        }
        if (persona.ssdp && member.descriptionPort !== httpPort) {
          const d = http.createServer(handler);
          await listen(d, member.descriptionPort, ip);
          servers.push(d);
          await alsoOn6(() => http.createServer(handler), member.descriptionPort);
          member.ports.push(`http/${member.descriptionPort}`);
        }
      }
      // A TCP service on the member's address; every connection is tracked so close() can cut it.
      const serveTcp = async (port: number, label: string, onConnection: (sock: net.Socket) => void): Promise<void> => {
        const make = (): net.Server =>
          net.createServer((sock) => {
            track(sock);
            sock.on("error", () => undefined);
            onConnection(sock);
          });
        const srv = make();
        await alsoOn6(make, port);
        await new Promise<void>((resolve, reject) => {
          srv.once("error", reject);
          srv.listen(port, ip, () => resolve());
        });
        tcpServers.push(srv);
        member.ports.push(`${label}/${port}`);
      };
      for (const port of persona.raw?.silentPorts ?? []) await serveTcp(port, "silent", () => undefined);
      const junkMdns = persona.raw?.udp.mdns;
      if (junkMdns) {
        const s = await openUdp({ address: ip, port: MDNS_PORT, reuseAddr: true, multicastInterface: mif });
        s.on("message", (_buf, rinfo) => {
          for (const r of Array.isArray(junkMdns) ? junkMdns : [junkMdns]) s.send(r, rinfo.port, rinfo.address);
        });
        sockets.push(s);
        member.ports.push(`mdns/${MDNS_PORT}`);
      }
      if (persona.rtsp) {
        await serveTcp(high ? 8554 : 554, "rtsp", (sock) => {
          let pending = "";
          sock.on("data", (d: Buffer) => {
            pending += d.toString("latin1");
            const cut = pending.lastIndexOf("\r\n\r\n");
            if (cut < 0) return;
            const reply = respondRtsp(persona, member, pending.slice(0, cut + 4));
            pending = pending.slice(cut + 4);
            if (reply) sock.write(reply);
          });
        });
      }
      for (const proto of UDP_PROTOCOLS) {
        if (!proto.speaks(persona)) continue;
        const s = await openUdp({ address: ip, port: proto.port, reuseAddr: true, multicastInterface: mif });
        const repeat = answered();
        s.on("message", (buf, rinfo) => {
          if (repeat(proto.requestId?.(buf))) return;
          const replies = proto.respond(persona, member, buf);
          const send = (): void =>
            replies.forEach((r) => {
              s.send(r, rinfo.port, rinfo.address);
              if (proto.copyToGroup && proto.group) s.send(r, proto.port, proto.group);
            });
          if (replies.length && opts.minReplyDelayMs) later(0, send);
          else send();
        });
        sockets.push(s);
        proto.members.set(member, s);
        if (opts.hello && proto.name === "ws-discovery") {
          const hello = renderHello(persona, member);
          if (hello) s.send(hello, WSD.port, WSD.group);
        }
        member.ports.push(`${proto.name}/${proto.port}`);
        // WS-Discovery and SSDP also listen on their link-local IPv6 group; SADP and DHIP are IPv4 protocols.
        if (v6 && (proto.name === "ws-discovery" || proto.name === "ssdp")) {
          const s6 = dgram.createSocket({ type: "udp6", reuseAddr: true, ipv6Only: true });
          await new Promise<void>((resolve, reject) => {
            s6.once("error", reject);
            s6.bind(proto.port, "::", () => resolve());
          });
          s6.on("error", () => undefined);
          s6.addMembership("ff02::c", `::%${v6.interface}`);
          const repeat6 = answered();
          s6.on("message", (buf, rinfo) => {
            if (repeat6(proto.requestId?.(buf))) return;
            const replies = proto.respond(persona, member, buf);
            if (replies.length) later(proto.replyDelayMs(buf), () => replies.forEach((r) => s6.send(r, rinfo.port, rinfo.address)));
          });
          sockets.push(s6);
          member.ports.push(`${proto.name}/[ff02::c]:${proto.port}`);
        }
      }
      if (persona.mdns && v6) {
        const m6 = makeMdns({ type: "udp6", ip: "ff02::fb", interface: `::%${v6.interface}`, bind: "::", reuseAddr: true, port: MDNS_PORT } as Parameters<typeof makeMdns>[0]);
        m6.on("warning", () => undefined);
        m6.on("error", (e: Error) => log(`lab mdns (IPv6): ${e.message}`));
        m6.on("query", (q) => {
          const { answers, additionals } = respondMdns(persona, member, q.questions);
          if (answers.length) later(120, () => m6.respond({ answers, additionals } as never));
        });
        mdnsInstances.push(m6);
        member.ports.push(`mdns/[ff02::fb]:${MDNS_PORT}`);
      }
      if (persona.mdns) {
        const s = await openUdp({ address: ip, port: MDNS_PORT, reuseAddr: true, multicastInterface: mif, multicastTtl: 255 });
        const m = makeMdns({ socket: s, bind: false, multicast: false, port: MDNS_PORT });
        m.on("warning", () => undefined);
        m.on("query", (q, rinfo) => {
          // Legacy unicast (source port not 5353): answer straight back, echoing id and questions (RFC 6762 §6.7).
          const { answers, additionals } = respondMdns(persona, member, q.questions);
          if (answers.length === 0) return;
          m.respond({ id: q.id, questions: rinfo.port === MDNS_PORT ? [] : q.questions, answers, additionals } as never, { address: rinfo.address, port: rinfo.port });
        });
        mdnsInstances.push(m);
        mdnsByMember.set(member, m);
        member.ports.push(`mdns/${MDNS_PORT}`);
      }
      members.push(member);
    }

    // Shared multicast listeners: one per protocol, handing each request to every member that speaks it.
    for (const proto of UDP_PROTOCOLS) {
      if (proto.members.size === 0 || !proto.group) continue;
      const group = proto.group;
      // Every request and every device's group copy lands here: a large buffer, as a busy device's stack would have.
      // Bound to the group, not 0.0.0.0: a unicast request to a member that does not speak the protocol must meet
      // a closed port, as on a real network, not be handed to every member that does.
      const s = await openUdp({ address: group, port: proto.port, reuseAddr: true, multicastInterface: mif, join: [group], recvBufferBytes: 4 * 1024 * 1024 });
      // Every member hears the same multicast request: one memory of answered ids serves them all.
      const repeat = answered();
      s.on("message", (buf, rinfo) => {
        if (repeat(proto.requestId?.(buf))) return;
        const delay = proto.replyDelayMs(buf);
        for (const [member, sock] of proto.members) {
          const replies = proto.respond(member.persona, member, buf);
          if (!replies.length) continue;
          later(delay, () =>
            replies.forEach((r) => {
              sock.send(r, rinfo.port, rinfo.address);
              if (proto.copyToGroup) sock.send(r, proto.port, group);
            }),
          );
        }
      });
      sockets.push(s);
    }
    if (mdnsByMember.size) {
      // Bound to the group, like the listeners above.
      const shared = makeMdns({ interface: mif, bind: MDNS_GROUP, reuseAddr: true, loopback: true });
      shared.on("warning", () => undefined);
      shared.on("error", (e: Error) => log(`lab mdns: ${e.message}`));
      shared.on("query", (q) => {
        for (const [member, m] of mdnsByMember) {
          const { answers, additionals } = respondMdns(member.persona, member, q.questions);
          // RFC 6762 §6: a shared record's answer waits 20–120 ms.
          if (answers.length) later(120, () => m.respond({ answers, additionals } as never));
        }
      });
      mdnsInstances.push(shared);
    }
    return { members, close };
  } catch (e) {
    await close();
    throw e;
  }
}
