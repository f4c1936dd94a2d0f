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
  const sameCase = (like: string, h: string): string => (like === like.toUpperCase() ? h.toUpperCase() : h);
  const renamed = (id: string): string => {
    if (!p.mac || !mac || !id.toLowerCase().endsWith(hex(p.mac))) return tail(id);
    return `${id.slice(0, -12)}${sameCase(id.slice(-12), hex(mac))}`;
  };
  swap(p.wsDiscovery?.endpoint, renamed(p.wsDiscovery?.endpoint ?? ""));
  swap(p.ssdp?.udn, renamed(p.ssdp?.udn ?? ""));
  // A serial that is the MAC (Axis) stays the MAC.
  for (const serial of new Set([p.onvif?.serial, p.sadp?.serial, p.dhip?.serial])) {
    swap(serial, p.mac && mac && serial && hex(serial) === hex(p.mac) ? sameCase(serial, hex(mac)) : tail(serial ?? ""));
  }
  // Bonjour names carry the device's MAC or serial ("AXIS M1065-LW - ACCC8E270AD8", "HIKVISION DS-2CD2722FWD-IZS -
  // 733050075"): a clone's carry its own, in the same form, so that what reads the original reads the clone.
  const bonjour = (name: string, suffix: string): string => {
    const old = p.mac ? hex(p.mac) : undefined;
    const at = old ? name.toLowerCase().indexOf(old) : -1;
    if (at >= 0 && mac) {
      return `${name.slice(0, at)}${sameCase(name.slice(at, at + 12), hex(mac))}${name.slice(at + 12)}`;
    }
    const digits = /(\d{4,})(\D*)$/.exec(name);
    if (digits) return `${name.slice(0, digits.index)}${(BigInt(digits[1]!) + BigInt(n)).toString().padStart(digits[1]!.length, "0")}${digits[2]}`;
    return `${name}${suffix}`;
  };
  swap(p.mdns?.hostname, bonjour(p.mdns?.hostname ?? "", `-${tag}`));
  for (const s of new Set((p.mdns?.services ?? []).map((x) => x.instance))) swap(s, bonjour(s, ` #${n}`));
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
