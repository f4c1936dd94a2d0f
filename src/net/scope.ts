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

/** A parsed IPv6 prefix; a link-local one carries the interface it is on. */
export interface Cidr6 {
  text: string;
  base: bigint;
  bits: number;
  zone?: string;
}

/** The largest IPv6 prefix a target may name: a /112 is 65,536 addresses; a /64 could never be swept. */
export const MAX_IPV6_SWEEP_BITS = 112;

/** An IPv6 address (zone removed) as a 128-bit integer; undefined for anything else. */
export function ip6ToBigInt(addr: string): bigint | undefined {
  const bare = addr.replace(/%.*$/, "");
  if (!ipaddr.IPv6.isValid(bare)) return undefined;
  return ipaddr.IPv6.parse(bare).toByteArray().reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

export function bigIntToIp6(n: bigint): string {
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

const zoneOf = (addr: string): string | undefined => (addr.includes("%") ? addr.slice(addr.indexOf("%") + 1) : undefined);

/**
 * Parse one IPv6 target: an address or prefix, a link-local one with its interface ("fe80::1%eth0"). Prefixes larger
 * than a /112 are refused unless `anySize` (the interfaces' own prefixes: a fence, never swept). Throws TargetError.
 */
export function parseTarget6(text: string, anySize = false): Cidr6 {
  const t = text.trim();
  const m = /^([0-9a-f:.]+)(?:%([\w.-]+))?(?:\/(\d{1,3}))?$/i.exec(t) ?? /^([0-9a-f:.]+)(?:\/(\d{1,3}))?(?:%([\w.-]+))$/i.exec(t);
  const addr = m?.[1] ?? "";
  const value = ip6ToBigInt(addr);
  if (!m || value === undefined) throw new TargetError(`invalid IPv6 target "${text}"`);
  const [zone, bitsText] = t.indexOf("%") < t.indexOf("/") || !t.includes("/") ? [m[2], m[3]] : [m[3], m[2]];
  const bits = bitsText === undefined ? 128 : Number(bitsText);
  if (bits > 128) throw new TargetError(`invalid prefix length in "${text}"`);
  if (!anySize && bits < MAX_IPV6_SWEEP_BITS) throw new TargetError(`IPv6 prefix "${text}" is too large to sweep: a /${MAX_IPV6_SWEEP_BITS} (65,536 addresses) at most`);
  const mask = bits === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - bits)) - 1n);
  const base = value & mask;
  return { text: `${bigIntToIp6(base)}${bits === 128 ? "" : `/${bits}`}${zone ? `%${zone}` : ""}`, base, bits, ...(zone ? { zone } : {}) };
}

const inside6 = (n: bigint, zone: string | undefined, r: Cidr6): boolean => (r.zone === undefined || zone === undefined || r.zone === zone) && (r.bits === 0 || n >> BigInt(128 - r.bits) === r.base >> BigInt(128 - r.bits));

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
  /** IPv6 prefixes, and those --exclude took out of them. */
  readonly ranges6: readonly Cidr6[];
  readonly excluded6: readonly Cidr6[];
  constructor(ranges: Cidr[], labels?: string[], excluded: string[] = [], ranges6: Cidr6[] = [], excluded6: Cidr6[] = []) {
    this.ranges = ranges;
    this.labels = labels ?? [...ranges.map((r) => r.text), ...ranges6.map((r) => r.text)];
    this.excluded = excluded;
    this.ranges6 = ranges6;
    this.excluded6 = excluded6;
  }

  /**
   * This scope without the addresses of `ex`. A block an exclusion cuts is rewritten as the fewest ranges that
   * cover what is left, its network and broadcast addresses still left out; a block it misses stays as it was.
   */
  without(ex: Scope): Scope {
    if (ex.ranges.length === 0 && ex.ranges6.length === 0) return this;
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
    return new Scope(out, [...this.labels], [...this.excluded, ...ex.labels], [...this.ranges6], [...this.excluded6, ...ex.ranges6]);
  }

  /**
   * Targets as the user writes them: IPv4 addresses, CIDRs and ranges, IPv6 addresses and small prefixes. With
   * `anySize`, IPv6 prefixes of any size (an interface's /64 as a fence; only small ones are ever swept).
   */
  static parse(targets: string[], anySize = false): Scope {
    const v6 = (t: string): boolean => t.includes(":");
    const parsed = targets.filter((t) => !v6(t)).map((t) => ({ t: t.trim(), cidrs: parseTarget(t) }));
    const parsed6 = targets.filter(v6).map((t) => parseTarget6(t, anySize));
    // A CIDR reads back normalised ("192.0.2.0/24"); a range reads back as written.
    return new Scope(
      withoutOverlaps(parsed.flatMap((p) => p.cidrs)),
      [...parsed.map((p) => (p.t.includes("-") ? p.t : p.cidrs[0]!.text.replace(/\/32$/, ""))), ...parsed6.map((r) => r.text)],
      [],
      parsed6,
    );
  }

  contains(ip: string): boolean {
    if (ip.includes(":")) {
      const n = ip6ToBigInt(ip);
      const zone = zoneOf(ip);
      return n !== undefined && this.ranges6.some((r) => inside6(n, zone, r)) && !this.excluded6.some((r) => inside6(n, zone, r));
    }
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
    // IPv6: small prefixes only; a larger one (an interface's own /64) is a fence, never swept.
    for (const r of this.ranges6) {
      if (r.bits < MAX_IPV6_SWEEP_BITS) continue;
      for (let i = 0n; i < 1n << BigInt(128 - r.bits); i++) {
        const n = r.base + i;
        if (this.excluded6.some((e) => inside6(n, r.zone, e))) continue;
        yield `${bigIntToIp6(n)}${r.zone ? `%${r.zone}` : ""}`;
      }
    }
  }

  hostCount(): number {
    const v4 = this.ranges.reduce((acc, r) => acc + (r.bits <= 30 && !r.inRange ? 2 ** (32 - r.bits) - 2 : 2 ** (32 - r.bits)), 0);
    // Aligned prefixes nest or are apart: an exclusion inside a swept prefix takes its own size off.
    const v6 = this.ranges6
      .filter((r) => r.bits >= MAX_IPV6_SWEEP_BITS)
      .reduce((acc, r) => acc + 2 ** (128 - r.bits) - this.excluded6.filter((e) => e.bits >= r.bits && inside6(e.base, e.zone, r)).reduce((a, e) => a + 2 ** (128 - e.bits), 0), 0);
    return v4 + v6;
  }

  toStrings(): string[] {
    return [...this.labels];
  }
}

/** An address as a URL's host: an IPv6 one in brackets, without its zone (a URL cannot carry one). */
export function hostForUrl(ip: string): string {
  return ip.includes(":") ? `[${ip.replace(/%.*$/, "")}]` : ip;
}

/** Host part of a URL, without IPv6 brackets; undefined when the URL does not parse. */
export function urlHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return undefined;
  }
}
