import type { Persona } from "./persona.ts";

/** A copy of a persona with its own identity (endpoint uuid, UDN, serial, MAC, Bonjour names, P2P id), for big labs. */
export function clonePersona(p: Persona, n: number): Persona {
  if (n === 0) return p;
  const tag = n.toString(16).padStart(4, "0");
  let text = JSON.stringify(p);
  const swap = (from: string | undefined, to: string): void => {
    if (from && from.length > 4) text = text.split(from).join(to);
  };
  // Shift the last four hex digits so every clone differs from the original (a fixed tag could equal them).
  const tail = (s: string): string => {
    const last = Number.parseInt(s.slice(-4), 16);
    const next = Number.isNaN(last) ? tag : ((last + n * 0x0101) & 0xffff).toString(16).padStart(4, "0");
    return `${s.slice(0, -4)}${/[A-F]/.test(s.slice(-4)) ? next.toUpperCase() : next}`;
  };
  const mac = p.mac ? `${p.mac.slice(0, -5)}${tag.slice(0, 2)}:${tag.slice(2)}` : undefined;
  // A version-1 UUID ends in the MAC of the device that made it: a clone's ends in the clone's MAC, as a real
  // device's would (a scanner reads the MAC from it when nothing states one).
  const hex = (m: string): string => m.replace(/[:-]/g, "").toLowerCase();
  const renamed = (id: string): string => {
    if (!p.mac || !mac || !id.toLowerCase().endsWith(hex(p.mac))) return tail(id);
    const node = id.slice(-12);
    return `${id.slice(0, -12)}${node === node.toUpperCase() ? hex(mac).toUpperCase() : hex(mac)}`;
  };
  swap(p.wsDiscovery?.endpoint, renamed(p.wsDiscovery?.endpoint ?? ""));
  swap(p.ssdp?.udn, renamed(p.ssdp?.udn ?? ""));
  for (const serial of new Set([p.onvif?.serial, p.sadp?.serial, p.dhip?.serial])) swap(serial, tail(serial ?? ""));
  swap(p.mdns?.hostname, `${p.mdns?.hostname ?? ""}-${tag}`);
  for (const s of p.mdns?.services ?? []) swap(s.instance, `${s.instance} #${n}`);
  const clone = JSON.parse(text) as Persona;
  clone.id = `${p.id}-${n}`;
  // A P2P id's serial is a number: the clone's is the original's plus n (ids are unique, as real devices' are).
  if (p.cs2) clone.cs2 = { did: p.cs2.did.replace(/-(\d+)-/, (_m, serial: string) => `-${String(Number(serial) + n).padStart(serial.length, "0")}-`) };
  if (mac) clone.mac = mac;
  return clone;
}

/** `count` personas cycling through `base`, each with a distinct identity. */
export function replicate(base: Persona[], count: number): Persona[] {
  return Array.from({ length: count }, (_, i) => clonePersona(base[i % base.length]!, Math.floor(i / base.length)));
}
