import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { loadPersonas } from "./lab.ts";
import type { Persona } from "./persona.ts";

const run = promisify(execFile);
/** Every name this lab makes starts with this: namespaces are visible machine-wide, and teardown finds them by it. */
export const PREFIX = "csw-";
const BIN = new URL("../bin/camsweep.js", import.meta.url).pathname;

export interface NetnsDevice {
  ns: string;
  ip: string;
  mac: string;
  segment: "a" | "b" | "routed";
  persona: Persona;
  /** The device's IPv6 addresses, when it has IPv6 on: link-local (with the scanner's zone for it) and a ULA. */
  ipv6?: { linkLocal: string; ula: string };
}

export interface NetnsLab {
  /** Namespace the scanner runs in, with interfaces lab-a (10.77.1.1/24) and lab-b (10.77.2.1/24). */
  scannerNs: string;
  devices: NetnsDevice[];
  close(): Promise<void>;
}

async function ip(...args: string[]): Promise<string> {
  return (await run("ip", args)).stdout;
}

async function inNs(ns: string, ...args: string[]): Promise<void> {
  await run("ip", ["netns", "exec", ns, ...args]);
}

/**
 * Is this process in a private network namespace: only loopback, and links this project made? The labs build
 * bridges and veth pairs in the current namespace, which on a real host would meet its network. The reason when not.
 */
export async function notPrivateNamespace(): Promise<string | undefined> {
  const links = JSON.parse((await ip("-j", "link", "show").catch(() => "[]")) || "[]") as { ifname: string }[];
  const foreign = links.map((l) => l.ifname).filter((n) => n !== "lo" && !n.startsWith(PREFIX));
  return foreign.length ? `not inside a private network namespace (this one has ${foreign.slice(0, 3).join(", ")}); run it under unshare -n` : undefined;
}

/** Can this process build the lab? Root, `ip netns` working, and a private network namespace. The reason when not. */
export async function netnsUnavailable(): Promise<string | undefined> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return "needs root (network namespaces, bridges and veth pairs)";
  const shared = await notPrivateNamespace();
  if (shared) return shared;
  try {
    await ip("netns", "list");
    return undefined;
  } catch (e) {
    return `ip netns does not work here: ${(e as Error).message.split("\n")[0]}`;
  }
}

/** Remove every namespace and link of an earlier lab, crashed or not. */
export async function cleanupNetnsLab(): Promise<void> {
  const list = await ip("-j", "netns", "list").catch(() => "[]");
  for (const n of JSON.parse(list || "[]") as { name: string }[]) {
    if (n.name.startsWith(PREFIX)) await ip("netns", "del", n.name).catch(() => undefined);
  }
  const links = JSON.parse((await ip("-j", "link", "show").catch(() => "[]")) || "[]") as { ifname: string }[];
  for (const l of links) if (l.ifname.startsWith(PREFIX)) await ip("link", "del", l.ifname).catch(() => undefined);
}

/**
 * A veth from a bridge in this namespace into `ns`, named `inside` there, with an address and optional MAC. With
 * `ipv6` (a ULA prefix and host), the link also has IPv6: its link-local address and the ULA, usable at once (no
 * duplicate address detection); without it, IPv6 is off on the link, as on many cameras.
 */
async function plug(ns: string, bridge: string, hostSide: string, inside: string, cidr: string, mac?: string, ipv6?: string): Promise<void> {
  await ip("link", "add", hostSide, "type", "veth", "peer", "name", `${hostSide}p`);
  await ip("link", "set", `${hostSide}p`, "netns", ns);
  await run("sysctl", ["-qw", `net.ipv6.conf.${hostSide}.disable_ipv6=1`]);
  await ip("link", "set", hostSide, "master", bridge, "up");
  await inNs(ns, "ip", "link", "set", `${hostSide}p`, "name", inside);
  if (mac) await inNs(ns, "ip", "link", "set", inside, "address", mac);
  await inNs(ns, "ip", "addr", "add", cidr, "dev", inside);
  if (ipv6) {
    await inNs(ns, "sysctl", "-qw", `net.ipv6.conf.${inside}.accept_dad=0`);
    await inNs(ns, "ip", "addr", "add", ipv6, "dev", inside, "nodad");
  } else {
    await inNs(ns, "sysctl", "-qw", `net.ipv6.conf.${inside}.disable_ipv6=1`);
  }
  await inNs(ns, "ip", "link", "set", inside, "up");
}

/** The link-local IPv6 address of `dev` in `ns`. */
async function linkLocalOf(ns: string, dev: string): Promise<string> {
  const out = JSON.parse((await run("ip", ["netns", "exec", ns, "ip", "-6", "-j", "addr", "show", "dev", dev, "scope", "link"])).stdout || "[]") as { addr_info?: { local?: string }[] }[];
  const addr = out[0]?.addr_info?.find((a) => a.local)?.local;
  if (!addr) throw new Error(`no link-local IPv6 address on ${dev} in ${ns}`);
  return addr;
}

async function startResponder(ns: string, personaId: string, address: string): Promise<ChildProcess> {
  const child = spawn("ip", ["netns", "exec", ns, process.execPath, BIN, "lab", "--personas", personaId, "--first-address", address], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) if (line === "ready") return child;
  throw new Error(`persona ${personaId} in ${ns} did not start: ${err.trim().split("\n").pop() ?? "no output"}`);
}

/** A MAC for a persona that has none: locally administered, so it names no maker. */
function localMac(n: number): string {
  return `02:77:00:00:${(n >> 8).toString(16).padStart(2, "0")}:${(n & 255).toString(16).padStart(2, "0")}`;
}

export interface NetnsLabPlan {
  /** Persona ids per segment, with the host number of each device's address. */
  a: { id: string; host: number; address?: string; mac?: string; ipv6?: boolean }[];
  b: { id: string; host: number }[];
  routed: { id: string; host: number }[];
}

/** The default plan: cameras and recorders on segment A, two more on B, two behind a router, one misaddressed. */
export const DEFAULT_PLAN: NetnsLabPlan = {
  a: [
    // IPv6 on, as the camera's own setting: it answers on FF02::C and FF02::FB and at its link-local and ULA addresses.
    { id: "hikvision-nvr", host: 10, ipv6: true },
    { id: "ezviz-camera", host: 11 },
    { id: "dahua-ipc", host: 12, ipv6: true },
    { id: "amcrest-ipc", host: 13 },
    { id: "axis-camera", host: 14, ipv6: true },
    { id: "wsd-computer", host: 15 },
    // Left at a foreign address on segment A: only its multicast SADP reply can reach the scanner.
    { id: "hikvision-misaddressed", host: 0, address: "192.168.1.64/24" },
  ],
  b: [
    { id: "hanwha-camera", host: 20 },
    { id: "bosch-camera", host: 21 },
  ],
  routed: [
    { id: "hikvision-ipc", host: 30 },
    { id: "lts-camera", host: 31 },
  ],
};

/**
 * Build the layer-2 lab inside the current network namespace: bridges for segments A, B and a routed subnet C,
 * a router namespace between A and C, a scanner namespace on A and B, and one namespace per device with a
 * veth, a MAC from its maker's OUI and the persona's responders. Tears down any earlier lab first.
 */
export async function startNetnsLab(plan: NetnsLabPlan = DEFAULT_PLAN, log: (s: string) => void = () => undefined): Promise<NetnsLab> {
  await cleanupNetnsLab();
  const personas = new Map(loadPersonas({ samples: true }).map((p) => [p.id, p]));
  const children: ChildProcess[] = [];
  const devices: NetnsDevice[] = [];
  const close = async (): Promise<void> => {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(undefined) : c.once("exit", r)))));
    await cleanupNetnsLab();
  };
  try {
    for (const br of ["a", "b", "c"]) {
      // No multicast snooping: with no querier on the segment, a snooping bridge may hold back link-local IPv6
      // multicast from a listener whose report it missed.
      await ip("link", "add", `${PREFIX}br-${br}`, "type", "bridge", "mcast_snooping", "0");
      await run("sysctl", ["-qw", `net.ipv6.conf.${PREFIX}br-${br}.disable_ipv6=1`]);
      await ip("link", "set", `${PREFIX}br-${br}`, "up");
    }
    const scannerNs = `${PREFIX}scan`;
    await ip("netns", "add", scannerNs);
    await inNs(scannerNs, "ip", "link", "set", "lo", "up");
    await plug(scannerNs, `${PREFIX}br-a`, `${PREFIX}sa`, "lab-a", "10.77.1.1/24", undefined, "fd77:1::1/64");
    await plug(scannerNs, `${PREFIX}br-b`, `${PREFIX}sb`, "lab-b", "10.77.2.1/24", undefined, "fd77:2::1/64");
    await inNs(scannerNs, "ip", "route", "add", "10.77.3.0/24", "via", "10.77.1.254");

    const router = `${PREFIX}rtr`;
    await ip("netns", "add", router);
    await plug(router, `${PREFIX}br-a`, `${PREFIX}ra`, "lab-a", "10.77.1.254/24");
    await plug(router, `${PREFIX}br-c`, `${PREFIX}rc`, "lab-c", "10.77.3.254/24");
    await inNs(router, "sysctl", "-qw", "net.ipv4.ip_forward=1");

    const all = [
      ...plan.a.map((d) => ({ ...d, segment: "a" as const, bridge: "a", cidr: d.address ?? `10.77.1.${d.host}/24`, gw: d.address ? undefined : "10.77.1.254" })),
      ...plan.b.map((d) => ({ ...d, segment: "b" as const, bridge: "b", cidr: `10.77.2.${d.host}/24`, gw: undefined })),
      ...plan.routed.map((d) => ({ ...d, segment: "routed" as const, bridge: "c", cidr: `10.77.3.${d.host}/24`, gw: "10.77.3.254" })),
    ];
    for (const [n, d] of all.entries()) {
      const persona = personas.get(d.id);
      if (!persona) throw new Error(`unknown persona ${d.id}`);
      const ns = `${PREFIX}d${n}`;
      const mac = ("mac" in d ? d.mac : undefined) ?? persona.mac ?? localMac(n);
      const address = d.cidr.split("/")[0]!;
      await ip("netns", "add", ns);
      await inNs(ns, "ip", "link", "set", "lo", "up");
      const ula = "ipv6" in d && d.ipv6 ? `fd77:1::${d.host.toString(16)}` : undefined;
      await plug(ns, `${PREFIX}br-${d.bridge}`, `${PREFIX}v${n}`, "eth0", d.cidr, mac, ula && `${ula}/64`);
      if (d.gw) await inNs(ns, "ip", "route", "add", "default", "via", d.gw);
      await inNs(ns, "ip", "route", "add", "224.0.0.0/4", "dev", "eth0");
      const ipv6 = ula ? { linkLocal: `${await linkLocalOf(ns, "eth0")}%lab-a`, ula } : undefined;
      devices.push({ ns, ip: address, mac, segment: d.segment, persona, ...(ipv6 ? { ipv6 } : {}) });
    }
    // The responders start in parallel: each is a process in its own namespace.
    children.push(...(await Promise.all(devices.map((d) => startResponder(d.ns, d.persona.id, d.ip)))));
    for (const d of devices) log(`${d.ip.padEnd(15)} ${d.mac} ${d.segment.padEnd(6)} ${d.persona.id}${d.ipv6 ? ` ${d.ipv6.ula} ${d.ipv6.linkLocal}` : ""}`);
    return { scannerNs, devices, close };
  } catch (e) {
    await close();
    throw e;
  }
}
