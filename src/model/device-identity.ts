// Which records are the same device, across scans: the baseline diff and the scan history use the same rules.
import type { Device } from "./report.ts";

/** What identity and change tracking read of a device: a full report device, or one recalled from history. */
export type DeviceSummary = Pick<Device, "id" | "ip" | "mac" | "serial" | "vendor" | "brand" | "model" | "firmware"> & { risk: { level: Device["risk"]["level"] } };

/**
 * A serial that is a stand-in: no digit ("Not Available", "N/A") or one character repeated ("00000000", MiniDLNA's
 * default). Two devices that give it are not one device.
 */
export function isStandInSerial(serial: string): boolean {
  const s = serial.trim();
  return !/\d/.test(s) || /^(.)\1*$/.test(s);
}

// A device's id by the kind of key it holds, whichever reply came first.
const ID_KEY_ORDER = ["endpoint:", "udn:", "mdns-host:", "p2p:", "serial:", "mac:"];
const idRank = (k: string): number => {
  const r = ID_KEY_ORDER.findIndex((p) => k.startsWith(p));
  return r < 0 ? ID_KEY_ORDER.length : r;
};

/**
 * The id a device is reported under: its discovery endpoint UUID, else its UPnP UDN, Bonjour host, P2P id, serial or
 * MAC (the first of a kind in sort order when it has two), else the serial identification found, else its address.
 */
export function idFromKeys(keys: readonly string[], serial: string | undefined, ip: string): string {
  const best = [...keys].sort((a, b) => idRank(a) - idRank(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
  return best ?? (serial ? `serial:${serial}` : `ip:${ip}`);
}

/** Same device? By MAC, then serial, then discovery endpoint id, and only then by address (addresses move). */
export const KEY_KINDS: ((d: DeviceSummary) => string | undefined)[] = [
  (d) => (d.mac ? `mac:${d.mac}` : undefined),
  (d) => (d.serial ? `serial:${d.serial.toUpperCase()}` : undefined),
  (d) => endpointKey(d),
  (d) => `ip:${d.ip}`,
];

/** The discovery endpoint (WS-Discovery UUID, UPnP UDN) a device id holds; undefined for address and serial ids. */
export function endpointKey(d: Pick<DeviceSummary, "id">): string | undefined {
  return d.id.startsWith("ip:") || d.id.startsWith("serial:") ? undefined : `id:${d.id}`;
}

/** Two records whose MACs or serials differ are two devices, whatever address they shared. */
export function contradicts(a: Pick<DeviceSummary, "mac" | "serial">, b: Pick<DeviceSummary, "mac" | "serial">): boolean {
  return Boolean((a.mac && b.mac && a.mac !== b.mac) || (a.serial && b.serial && a.serial.toUpperCase() !== b.serial.toUpperCase()));
}

/**
 * Pair each of `after` with at most one of `before`. Every device tries the strongest key first, so an address
 * reused by another device does not steal a match. Pure.
 */
export function pairDevices<A extends DeviceSummary, B extends Pick<DeviceSummary, "id" | "ip" | "mac" | "serial">>(before: readonly B[], after: readonly A[]): Map<A, B> {
  const unmatched = new Set(before);
  const paired = new Map<A, B>();
  for (const key of KEY_KINDS) {
    // An index per key: a fleet's inventory holds thousands of devices.
    const index = new Map<string, B[]>();
    for (const o of unmatched) {
      const k = key(o as unknown as DeviceSummary);
      if (k) index.set(k, [...(index.get(k) ?? []), o]);
    }
    for (const d of after) {
      const k = key(d);
      if (paired.has(d) || !k) continue;
      const match = index.get(k)?.find((o) => unmatched.has(o) && !contradicts(o, d));
      if (match) {
        paired.set(d, match);
        unmatched.delete(match);
      }
    }
  }
  return paired;
}
