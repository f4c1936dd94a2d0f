import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import dgram from "node:dgram";

export interface UdpOpenOptions {
  /** Local address to bind; "0.0.0.0" to receive multicast. */
  address: string;
  port?: number;
  reuseAddr?: boolean;
  /** Outgoing multicast leaves through the interface holding this address. */
  multicastInterface?: string;
  /** Groups to join, on `multicastInterface`. */
  join?: string[];
  multicastTtl?: number;
  multicastLoopback?: boolean;
  /** Ask for this large a receive buffer: a burst of replies from hundreds of devices overflows the default. */
  recvBufferBytes?: number;
}

/** Open a UDP/IPv4 socket with the multicast interface set explicitly (never the default-route NIC). */
export function openUdp(opts: UdpOpenOptions): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket({ type: "udp4", reuseAddr: opts.reuseAddr ?? false });
    const onError = (e: Error): void => {
      sock.close();
      reject(e);
    };
    sock.once("error", onError);
    sock.bind({ address: opts.address, port: opts.port ?? 0, exclusive: false }, () => {
      sock.off("error", onError);
      try {
        if (opts.multicastInterface) sock.setMulticastInterface(opts.multicastInterface);
        sock.setMulticastTTL(opts.multicastTtl ?? 1);
        sock.setMulticastLoopback(opts.multicastLoopback ?? true);
        for (const g of opts.join ?? []) sock.addMembership(g, opts.multicastInterface);
        if (opts.recvBufferBytes) {
          try {
            sock.setRecvBufferSize(opts.recvBufferBytes);
          } catch {
            /* the system's limit stands; the caller reads what it got */
          }
        }
      } catch (e) {
        sock.close();
        reject(e as Error);
        return;
      }
      // A socket error later (ICMP unreachable on some platforms) must never crash a scan.
      sock.on("error", () => undefined);
      resolve(sock);
    });
  });
}

export function closeUdp(sock: dgram.Socket): void {
  try {
    sock.close();
  } catch {
    /* already closed (ERR_SOCKET_DGRAM_NOT_RUNNING) */
  }
}

/** Inodes of this process's sockets (Linux), from /proc/self/fd; undefined where that cannot be read. */
function ownSocketInodes(): Set<string> | undefined {
  try {
    const inodes = new Set<string>();
    for (const fd of readdirSync("/proc/self/fd")) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        /* closed while listing */
      }
    }
    return inodes;
  } catch {
    return undefined;
  }
}

/**
 * Datagrams the kernel dropped on these sockets because their receive buffer was full, from /proc/net/udp
 * (Linux; 0 elsewhere). Sockets are matched by local address and port, and by inode among this process's own
 * sockets: another program bound to the same wildcard port (a listener with SO_REUSEADDR) is not counted.
 */
export function udpDrops(sockets: { address(): { address: string; port: number } }[]): number {
  return [...udpDropsBySocket(sockets).values()].reduce((a, n) => a + n, 0);
}

/** The same, per local "address:port" that dropped any. */
export function udpDropsBySocket(sockets: { address(): { address: string; port: number } }[]): Map<string, number> {
  const bySocket = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync("/proc/net/udp", "utf8");
  } catch {
    return bySocket;
  }
  const wanted = new Set<string>();
  for (const s of sockets) {
    try {
      const a = s.address();
      const hex = a.address.split(".").reverse().map((o) => Number(o).toString(16).padStart(2, "0")).join("").toUpperCase();
      wanted.add(`${hex}:${a.port.toString(16).padStart(4, "0").toUpperCase()}`);
    } catch {
      /* closed already */
    }
  }
  const own = ownSocketInodes();
  // Columns: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops.
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    const local = f[1];
    if (!local || !wanted.has(local) || (own && !own.has(f[9] ?? ""))) continue;
    const n = Number(f[f.length - 1]) || 0;
    if (!n) continue;
    const [hex, port] = local.split(":") as [string, string];
    const ip = (hex.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)).join(".");
    const key = `${ip}:${parseInt(port, 16)}`;
    bySocket.set(key, (bySocket.get(key) ?? 0) + n);
  }
  return bySocket;
}
