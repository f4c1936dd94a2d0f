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
  // Names carry the device's MAC: a version-1 UUID ends in it, Axis's serial and Bonjour names are it ("AXIS
  // M1065-LW - ACCC8E270AD8"). A clone's carry its own, in the same case, as a real device's would.
  const hex = (m: string): string => m.replace(/[:-]/g, "").toLowerCase();
  const withOwnMac = (s: string): string | undefined => {
    const at = p.mac && mac ? s.toLowerCase().indexOf(hex(p.mac)) : -1;
    if (at < 0 || !mac) return undefined;
    const own = s.slice(at, at + 12);
    return `${s.slice(0, at)}${own === own.toUpperCase() ? hex(mac).toUpperCase() : hex(mac)}${s.slice(at + 12)}`;
  };
  swap(p.wsDiscovery?.endpoint, withOwnMac(p.wsDiscovery?.endpoint ?? "") ?? tail(p.wsDiscovery?.endpoint ?? ""));
  swap(p.ssdp?.udn, withOwnMac(p.ssdp?.udn ?? "") ?? tail(p.ssdp?.udn ?? ""));
  for (const serial of new Set([p.onvif?.serial, p.sadp?.serial, p.dhip?.serial])) swap(serial, withOwnMac(serial ?? "") ?? tail(serial ?? ""));
  // Bonjour names without the MAC carry the serial ("HIKVISION DS-2CD2722FWD-IZS - 733050075"): the original's last
  // number plus n.
  const bonjour = (name: string, suffix: string): string => {
    const own = withOwnMac(name);
    if (own) return own;
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
