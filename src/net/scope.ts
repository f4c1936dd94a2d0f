import ipaddr from "ipaddr.js";

/** A parsed IPv4 range. */
export interface Cidr {
  text: string;
  base: number;
  bits: number;
  /** Part of a dash range: every address in it is a host (no network or broadcast address to skip). */
  inRange?: boolean;
}

/** The fewest CIDR blocks that cover a..b exactly (at most 62): a range streams like a CIDR, whatever its size. */
export function rangeToCidrs(a: number, b: number): Cidr[] {
  const out: Cidr[] = [];
  let n = a;
  while (n <= b) {
    // The largest block that starts at n (aligned) and ends by b.
    let bits = 32;
    while (bits > 0) {
      const size = 2 ** (32 - (bits - 1));
      if (n % size !== 0 || n + size - 1 > b) break;
      bits--;
    }
    out.push({ text: `${intToIp(n)}/${bits}`, base: n, bits, inRange: true });
    n += 2 ** (32 - bits);
  }
  return out;
}

export class TargetError extends Error {}

/** A dotted-quad IPv4 address as an unsigned integer (throws on anything else; check with isIpv4 first). */
export function ipToInt(addr: string): number {
  return ipaddr.IPv4.parse(addr).toByteArray().reduce((acc, b) => acc * 256 + b, 0);
}

export function isIpv4(s: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(s);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** Parse one target: an IPv4 address, CIDR, or a range a.b.c.d-e / a.b.c.d-a.b.c.e. Throws TargetError. */
export function parseTarget(text: string): Cidr[] {
  const t = text.trim();
  const range = /^(\d+\.\d+\.\d+\.\d+)-(\d+(?:\.\d+\.\d+\.\d+)?)$/.exec(t);
  if (range) {
    const [, from = "", toRaw = ""] = range;
    const to = toRaw.includes(".") ? toRaw : from.replace(/\d+$/, toRaw);
    if (!ipaddr.IPv4.isValidFourPartDecimal(from) || !ipaddr.IPv4.isValidFourPartDecimal(to)) throw new TargetError(`invalid address range "${text}"`);
    const a = ipToInt(from);
    const b = ipToInt(to);
    if (b < a) throw new TargetError(`address range "${text}" ends before it starts`);
    return rangeToCidrs(a, b);
  }
  const cidr = /^([^/]+)(?:\/(\d{1,2}))?$/.exec(t);
  const addr = cidr?.[1] ?? "";
  if (!cidr || !ipaddr.IPv4.isValidFourPartDecimal(addr)) {
    throw new TargetError(t.split("/").length > 2 ? `invalid CIDR "${text}": one prefix length at most` : `invalid target "${text}": expected an IPv4 address, CIDR (10.0.0.0/24) or range (10.0.0.1-20)`);
  }
  let bits = 32;
  if (cidr[2] !== undefined) {
    if (Number(cidr[2]) > 32) throw new TargetError(`invalid prefix length in "${text}"`);
    bits = Number(cidr[2]);
  }
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return [{ text: `${intToIp((ipToInt(addr) & mask) >>> 0)}/${bits}`, base: (ipToInt(addr) & mask) >>> 0, bits }];
}

/**
 * Blocks inside another block dropped: aligned blocks either nest or are apart, so what is left covers each address
 * once (targets "10.0.0.0/24 10.0.0.0/25" sweep 254 addresses, not 380). Order kept otherwise.
 */
function withoutOverlaps(blocks: Cidr[]): Cidr[] {
  const inside = (a: Cidr, b: Cidr): boolean => b.bits <= a.bits && (b.bits === 0 || a.base >>> (32 - b.bits) === b.base >>> (32 - b.bits));
  return blocks.filter((a, i) => !blocks.some((b, j) => j !== i && inside(a, b) && (b.bits < a.bits || j < i)));
}

/** The fence: nothing is ever sent to an address outside it. */
export class Scope {
  readonly ranges: readonly Cidr[];
  /** The targets as the user wrote them (a range stays "192.0.2.10-40"). */
  readonly labels: readonly string[];
  /** What --exclude took out of them, as written. */
  readonly excluded: readonly string[];
  constructor(ranges: Cidr[], labels?: string[], excluded: string[] = []) {
    this.ranges = ranges;
    this.labels = labels ?? ranges.map((r) => r.text);
    this.excluded = excluded;
  }

  /**
   * This scope without the addresses of `ex`. A block an exclusion cuts is rewritten as the fewest ranges that
   * cover what is left, its network and broadcast addresses still left out; a block it misses stays as it was.
   */
  without(ex: Scope): Scope {
    if (ex.ranges.length === 0) return this;
    const out: Cidr[] = [];
    for (const r of this.ranges) {
      const edges = r.bits <= 30 && !r.inRange;
      const lo = r.base + (edges ? 1 : 0);
      const hi = r.base + 2 ** (32 - r.bits) - 1 - (edges ? 1 : 0);
      const cuts = ex.ranges
        .map((e) => [e.base, e.base + 2 ** (32 - e.bits) - 1] as const)
        .filter(([a, b]) => b >= lo && a <= hi)
        .sort((x, y) => x[0] - y[0]);
      if (cuts.length === 0) {
        out.push(r);
        continue;
      }
      let start = lo;
      for (const [a, b] of cuts) {
        if (a > start) out.push(...rangeToCidrs(start, a - 1));
        start = Math.max(start, b + 1);
      }
      if (start <= hi) out.push(...rangeToCidrs(start, hi));
    }
    return new Scope(out, [...this.labels], [...this.excluded, ...ex.labels]);
  }

  static parse(targets: string[]): Scope {
    const parsed = targets.map((t) => ({ t: t.trim(), cidrs: parseTarget(t) }));
    // A CIDR reads back normalised ("192.0.2.0/24"); a range reads back as written.
    return new Scope(
      withoutOverlaps(parsed.flatMap((p) => p.cidrs)),
      parsed.map((p) => (p.t.includes("-") ? p.t : p.cidrs[0]!.text.replace(/\/32$/, ""))),
    );
  }

  contains(ip: string): boolean {
    if (!ipaddr.IPv4.isValidFourPartDecimal(ip)) return false;
    const n = ipToInt(ip);
    return this.ranges.some((r) => {
      const mask = r.bits === 0 ? 0 : (~0 << (32 - r.bits)) >>> 0;
      return ((n & mask) >>> 0) === r.base;
    });
  }

  /** Host addresses to probe by unicast, streamed so a /16 costs no memory. Network/broadcast skipped for /0–/30. */
  *hosts(): Generator<string> {
    for (const r of this.ranges) {
      const size = 2 ** (32 - r.bits);
      const skipEdges = r.bits <= 30 && !r.inRange;
      for (let i = skipEdges ? 1 : 0; i < (skipEdges ? size - 1 : size); i++) yield intToIp(r.base + i);
    }
  }

  hostCount(): number {
    return this.ranges.reduce((acc, r) => acc + (r.bits <= 30 && !r.inRange ? 2 ** (32 - r.bits) - 2 : 2 ** (32 - r.bits)), 0);
  }

  toStrings(): string[] {
    return [...this.labels];
  }
}

/** Host part of a URL, without IPv6 brackets; undefined when the URL does not parse. */
export function urlHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return undefined;
  }
}
