import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { isLocallyAdministered } from "../model/mac-address.ts";

/**
 * The IEEE registry (oui-data: prefix of 6, 7 or 9 hex digits → organisation and address lines), kept as the file's
 * bytes with a sorted index of prefixes beside them. Parsed as JSON it is a 40 MB object; this is the 5.6 MB file
 * plus 54,000 numbers, and an organisation is decoded only when a MAC asks for it.
 */
interface OuiIndex {
  bytes: Buffer;
  /** Per prefix length: prefixes as numbers, ascending, and where each one's value starts in `bytes`. */
  byLength: Map<number, { keys: Float64Array; offsets: Uint32Array }>;
}

let index: Promise<OuiIndex> | undefined;

const hexValue = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1);

/**
 * Index the registry's JSON text without parsing it: each entry is `"<hex>": "<value>"`. One pass over the bytes,
 * no strings made. Pure.
 */
export function indexOui(bytes: Buffer): OuiIndex {
  const found = new Map<number, { keys: number[]; offsets: number[] }>();
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] !== 0x22) {
      i++;
      continue;
    }
    // A quoted run of hex digits followed by a colon is a key; anything else quoted is a value, skipped whole.
    let j = i + 1;
    let key = 0;
    for (let d = hexValue(bytes[j]!); d >= 0; d = hexValue(bytes[++j]!)) key = key * 16 + d;
    const len = j - i - 1;
    let k = j + 1;
    while (bytes[k] === 0x20) k++;
    if (bytes[j] === 0x22 && len >= 6 && len <= 9 && bytes[k] === 0x3a) {
      k++;
      while (bytes[k] === 0x20) k++;
      if (bytes[k] === 0x22) {
        let t = found.get(len);
        if (!t) found.set(len, (t = { keys: [], offsets: [] }));
        t.keys.push(key);
        t.offsets.push(k + 1);
        i = skipString(bytes, k + 1) + 1;
        continue;
      }
    }
    i = skipString(bytes, i + 1) + 1;
  }
  const byLength = new Map<number, { keys: Float64Array; offsets: Uint32Array }>();
  for (const [len, t] of found) {
    const order = t.keys.map((_, n) => n).sort((a, b) => t.keys[a]! - t.keys[b]!);
    byLength.set(len, { keys: Float64Array.from(order, (n) => t.keys[n]!), offsets: Uint32Array.from(order, (n) => t.offsets[n]!) });
  }
  return { bytes, byLength };
}

/** Where the JSON string whose contents start at `offset` ends (its closing quote). */
function skipString(bytes: Buffer, offset: number): number {
  let end = offset;
  while (end < bytes.length && bytes[end] !== 0x22) end += bytes[end] === 0x5c ? 2 : 1;
  return end;
}

/** The JSON string value starting at `offset` (just after its opening quote), decoded. */
function valueAt(bytes: Buffer, offset: number): string {
  return JSON.parse(`"${bytes.toString("utf8", offset, skipString(bytes, offset))}"`) as string;
}

function organisationOf(value: string): string | undefined {
  return value.split("\n")[0]?.trim() || undefined;
}

function find(ix: OuiIndex, hex: string): string | undefined {
  const t = ix.byLength.get(hex.length);
  if (!t) return undefined;
  const key = Number.parseInt(hex, 16);
  let lo = 0;
  let hi = t.keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = t.keys[mid]!;
    if (k === key) return valueAt(ix.bytes, t.offsets[mid]!);
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Read and index the registry once per process, on first need. */
export function loadOui(): Promise<OuiIndex> {
  index ??= readFile(createRequire(import.meta.url).resolve("oui-data")).then(indexOui);
  return index;
}

/** The IEEE registry organisation of a MAC (longest prefix: MA-S, MA-M, MA-L); undefined for local or unknown MACs. */
export async function ouiOrganisation(mac: string): Promise<string | undefined> {
  if (isLocallyAdministered(mac)) return undefined;
  const hex = mac.replace(/[:-]/g, "").toUpperCase();
  const ix = await loadOui();
  for (const len of [9, 7, 6]) {
    const v = find(ix, hex.slice(0, len));
    if (v !== undefined) return organisationOf(v);
  }
  return undefined;
}

/** Every MA-L block (6 hex digits) with its organisation, in prefix order: for tools that look up by name. */
export async function* ouiBlocks(): AsyncGenerator<[prefix: string, organisation: string]> {
  const ix = await loadOui();
  const t = ix.byLength.get(6);
  if (!t) return;
  for (let i = 0; i < t.keys.length; i++) {
    const org = organisationOf(valueAt(ix.bytes, t.offsets[i]!));
    if (org) yield [t.keys[i]!.toString(16).toUpperCase().padStart(6, "0"), org];
  }
}
