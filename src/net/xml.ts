import { XMLParser, XMLValidator } from "fast-xml-parser";

/** Largest XML document we parse; devices are hostile until proven otherwise. */
export const MAX_XML_BYTES = 256 * 1024;

export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

export interface XmlResult {
  doc: XmlNode | undefined;
  /** Set when the document was not well-formed; `doc` then holds what could be read. */
  error?: string;
}

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * The five predefined entities and character references, decoded in one pass ("&amp;lt;" stays "&lt;"). Nothing a
 * document declares is ever expanded, so no entity can grow a value or reach outside it.
 */
export function decodeXmlText(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g, (all, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return PREDEFINED[name] ?? all;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex ?? "", 16);
    return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : "\uFFFD";
  });
}

// Declared entities are never expanded and values stay strings ("0012345" must not become 12345).
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  tagValueProcessor: (_name: string, value: string) => decodeXmlText(value),
  attributeValueProcessor: (_name: string, value: string) => decodeXmlText(value),
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Parse XML without entity expansion; never throws. */
export function parseXml(text: string): XmlResult {
  if (text.length > MAX_XML_BYTES) return { doc: undefined, error: `XML larger than ${MAX_XML_BYTES} bytes` };
  const valid = XMLValidator.validate(text);
  const error = valid === true ? undefined : `malformed XML: ${valid.err.msg} (line ${valid.err.line})`;
  try {
    const doc = parser.parse(text) as XmlNode;
    return error ? { doc, error } : { doc };
  } catch (e) {
    return { doc: undefined, error: error ?? `malformed XML: ${(e as Error).message}` };
  }
}

/** Every element with this local name, anywhere below `node`, in document order. */
export function findAll(node: XmlValue | undefined, name: string): XmlValue[] {
  const out: XmlValue[] = [];
  const walk = (v: XmlValue | undefined): void => {
    if (v === undefined || typeof v === "string") return;
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (k.startsWith("@_")) continue;
      if (k === name) {
        if (Array.isArray(child)) out.push(...child);
        else out.push(child);
      }
      walk(child);
    }
  };
  walk(node);
  return out;
}

export function findFirst(node: XmlValue | undefined, name: string): XmlValue | undefined {
  return findAll(node, name)[0];
}

/** Text content of an element (its #text when it also has attributes). */
export function textOf(v: XmlValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return textOf(v[0]);
  const t = v["#text"];
  return typeof t === "string" ? t : undefined;
}

export function findText(node: XmlValue | undefined, name: string): string | undefined {
  const t = textOf(findFirst(node, name));
  return t === undefined || t === "" ? undefined : t;
}

/** Namespace URIs declared in a document: a SOAP stack's xmlns list names its maker. */
export function declaredNamespaces(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.slice(0, MAX_XML_BYTES).matchAll(/xmlns(?::[\w.-]+)?\s*=\s*["']([^"']{1,300})["']/g)) {
    if (m[1]) out.add(m[1]);
  }
  return [...out];
}

/** Escape text for inclusion in XML we build. */
export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c);
}
