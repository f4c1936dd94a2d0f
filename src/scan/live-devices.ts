import type { Observation } from "../model/observation.ts";
import type { InventoryEntry } from "./inventory.ts";

/**
 * What discovery has heard so far, by address, while it is still listening; and which addresses have been handed
 * to enrichment. An address is handed over once, `settleMs` after its first reply (the other discovery protocols'
 * replies from the same device arrive within that), unless a device key it shares (endpoint UUID, UDN, serial, MAC)
 * already belongs to an address being asked: the same device is not asked twice.
 */
export class LiveDevices {
  private readonly byIp = new Map<string, Observation[]>();
  private readonly keyOwner = new Map<string, string>();
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private readonly started = new Set<string>();
  private closed = false;

  constructor(
    private readonly settleMs: number,
    private readonly wanted: (ip: string) => boolean,
    private readonly start: (ip: string, entry: InventoryEntry) => void,
    /** A pointer (`pointers`) heard for an address already handed over: something the asking has not seen. */
    private readonly late: (ip: string, entry: InventoryEntry, o: Observation) => void = () => undefined,
    private readonly pointers: ReadonlySet<string> = new Set(),
  ) {}

  /** Record one (new) discovery observation. */
  add(o: Observation): void {
    let list = this.byIp.get(o.ip);
    if (!list) {
      list = [];
      this.byIp.set(o.ip, list);
    }
    list.push(o);
    if (this.started.has(o.ip)) {
      for (const k of o.keys ?? []) if (!this.keyOwner.has(k)) this.keyOwner.set(k, o.ip);
      if (this.pointers.has(o.field) && !list.slice(0, -1).some((p) => p.field === o.field && p.value === o.value)) this.late(o.ip, this.view(o.ip), o);
    }
    if (this.closed || this.started.has(o.ip) || this.waiting.has(o.ip) || !this.wanted(o.ip)) return;
    // An IPv6 address settles for twice as long: a device that also answered over IPv4 is asked there (the address
    // its users know, and one a URL can carry), and its IPv6 address then joins it by the keys they share.
    const timer = setTimeout(() => this.handOver(o.ip), o.ip.includes(":") ? 2 * this.settleMs : this.settleMs);
    this.waiting.set(o.ip, timer);
  }

  /** Discovery is over: every address still settling is handed over now, and nothing new is taken. */
  close(): void {
    this.closed = true;
    for (const [ip, timer] of this.waiting) {
      clearTimeout(timer);
      this.handOver(ip);
    }
  }

  /** A live view of one address: its observations as they are when read. */
  private view(ip: string): InventoryEntry {
    const byIp = this.byIp;
    return {
      ips: [ip],
      get keys() {
        return [...new Set((byIp.get(ip) ?? []).flatMap((o) => o.keys ?? []))];
      },
      get observations() {
        return [...(byIp.get(ip) ?? [])];
      },
      warnings: [],
    };
  }

  private handOver(ip: string): void {
    this.waiting.delete(ip);
    const entry = this.view(ip);
    const keys = entry.keys;
    if (keys.some((k) => this.keyOwner.has(k))) return;
    this.started.add(ip);
    for (const k of keys) this.keyOwner.set(k, ip);
    this.start(ip, entry);
  }
}
