
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

// Names of Object.prototype's own members: an element or attribute named so is kept under "__" + its name, so that
// no document can reach the prototype or shadow a method.
const RESERVED = new Set(["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"]);
const MAX_DEPTH = 100;
const NAME = /^[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*$/;
// name="value" or name='value', one at a time from where the last ended; anything else is malformed.
const ATTRIBUTE = /\s*([^\s=/>"']+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const REFERENCE = /&(?:[A-Za-z_][\w.-]*|#\d{1,7}|#x[0-9a-fA-F]{1,6});/y;

interface Frame {
  raw: string;
  name: string;
  kids: XmlNode | undefined;
  text: string | undefined;
  attrs: XmlNode | undefined;
}

/** The name a document's element or attribute is kept under: its prefix dropped ("s:Body" is "Body"). */
function localName(raw: string): string {
  const colon = raw.indexOf(":");
  const local = colon >= 0 && raw.indexOf(":", colon + 1) < 0 ? raw.slice(colon + 1) : raw;
  return RESERVED.has(local) ? `__${local}` : local;
}

function put(node: XmlNode, key: string, value: XmlValue): void {
  const had = Object.hasOwn(node, key) ? node[key] : undefined;
  if (had === undefined) node[key] = value;
  else if (Array.isArray(had)) had.push(value);
  else node[key] = [had, value];
}

/** An element's value: its text alone when it has nothing else, else its children, then "#text", then "@_" attributes. */
function valueOf(f: Frame): XmlValue {
  if (!f.kids && !f.attrs) return f.text ?? "";
  const v: XmlNode = f.kids ?? {};
  if (f.text !== undefined) v["#text"] = f.text;
  if (f.attrs) Object.assign(v, f.attrs);
  return v;
}

/**
 * Parse XML without entity expansion; never throws. One pass over the text, taking slices (a device's 2 KB reply
 * costs a few KB, where a general parser and validator took about 100 times its size). Elements and attributes are
 * kept by local name, values as strings, trimmed, with the predefined entities and character references decoded;
 * an element with attributes or children is an object (children, then "#text", then "@_name" attributes), and
 * repeated names become arrays. Comments, processing instructions and the DOCTYPE are skipped, CDATA is text as it
 * is. A document that is not well-formed comes back with `error`, and `doc` holds what was read up to the fault.
 */
export function parseXml(input: string): XmlResult {
  if (input.length > MAX_XML_BYTES) return { doc: undefined, error: `XML larger than ${MAX_XML_BYTES} bytes` };
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const root: Frame = { raw: "", name: "", kids: undefined, text: undefined, attrs: undefined };
  const stack: Frame[] = [root];
  let error: string | undefined;
  let at = 0;
  let roots = 0;
  const fail = (message: string, where: number): void => {
    let line = 1;
    for (let k = text.indexOf("\n"); k >= 0 && k < where; k = text.indexOf("\n", k + 1)) line++;
    error = `malformed XML: ${message} (line ${line})`;
  };
  const addText = (t: string, top: Frame, where: number): void => {
    if (top === root) {
      if (t.trim()) fail(`text outside the root element`, where);
      return;
    }
    t = t.includes("\r") ? t.replace(/\r\n?/g, "\n").trim() : t.trim();
    if (!t) return;
    for (let k = t.indexOf("&"); k >= 0; k = t.indexOf("&", k + 1)) {
      REFERENCE.lastIndex = k;
      if (!REFERENCE.test(t)) {
        fail(`"&" that starts no entity or character reference`, where);
        break;
      }
    }
    t = decodeXmlText(t);
    top.text = top.text === undefined ? t : top.text + t;
  };
  const close = (f: Frame): void => {
    const parent = stack[stack.length - 1]!;
    parent.kids ??= {};
    put(parent.kids, f.name, valueOf(f));
  };

  while (at < text.length && error === undefined) {
    const lt = text.indexOf("<", at);
    if (lt < 0) {
      addText(text.slice(at), stack[stack.length - 1]!, at);
      break;
    }
    if (lt > at) addText(text.slice(at, lt), stack[stack.length - 1]!, at);
    if (error !== undefined) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      const end = text.indexOf("?>", lt + 2);
      if (end < 0) fail("a processing instruction that does not end", lt);
      at = end + 2;
    } else if (text.startsWith("!--", lt + 1)) {
      const end = text.indexOf("-->", lt + 4);
      if (end < 0) fail("a comment that does not end", lt);
      at = end + 3;
    } else if (text.startsWith("![CDATA[", lt + 1)) {
      const end = text.indexOf("]]>", lt + 9);
      if (end < 0) fail("a CDATA section that does not end", lt);
      else {
        const top = stack[stack.length - 1]!;
        if (top === root) fail("CDATA outside the root element", lt);
        else top.text = (top.text ?? "") + text.slice(lt + 9, end);
      }
      at = end + 3;
    } else if (text.startsWith("!DOCTYPE", lt + 1)) {
      // Skipped whole, internal subset and all: nothing it declares is used.
      const open = text.indexOf("[", lt);
      const gt = text.indexOf(">", lt);
      const end = open >= 0 && open < gt ? text.indexOf("]", open) : gt;
      const last = end < 0 ? -1 : text.indexOf(">", end);
      if (last < 0) fail("a DOCTYPE that does not end", lt);
      at = last + 1;
    } else if (next === 0x2f /* / */) {
      const end = text.indexOf(">", lt + 2);
      if (end < 0) {
        fail("a closing tag that does not end", lt);
        break;
      }
      const raw = text.slice(lt + 2, end).trimEnd();
      const top = stack[stack.length - 1]!;
      if (top === root) fail(`closing tag </${raw}> without an opening one`, lt);
      else if (top.raw !== raw) fail(`closing tag </${raw}> where </${top.raw}> was expected`, lt);
      else {
        stack.pop();
        close(top);
      }
      at = end + 1;
    } else {
      // The tag ends at the first ">" outside a quoted value.
      let end = lt + 1;
      let quote = 0;
      for (; end < text.length; end++) {
        const c = text.charCodeAt(end);
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === 0x22 || c === 0x27) quote = c;
        else if (c === 0x3e) break;
      }
      if (end >= text.length) {
        fail("a tag that does not end", lt);
        break;
      }
      const selfClosing = text.charCodeAt(end - 1) === 0x2f;
      const inner = text.slice(lt + 1, selfClosing ? end - 1 : end);
      let n = 0;
      while (n < inner.length && !/\s/.test(inner[n]!)) n++;
      const raw = inner.slice(0, n);
      if (!NAME.test(raw)) {
        fail(`a tag named "${raw.slice(0, 40)}"`, lt);
        break;
      }
      const frame: Frame = { raw, name: localName(raw), kids: undefined, text: undefined, attrs: undefined };
      let a = n;
      while (a < inner.length) {
        if (/\s/.test(inner[a]!) && inner.slice(a).trim() === "") break;
        ATTRIBUTE.lastIndex = a;
        const m = ATTRIBUTE.exec(inner);
        if (!m) {
          fail(`an attribute of <${raw}> that is not name="value"`, lt);
          break;
        }
        a = ATTRIBUTE.lastIndex;
        const rawAttr = m[1]!;
        // Namespace declarations say how names are written, not what the element holds.
        if (rawAttr === "xmlns" || rawAttr.startsWith("xmlns:")) continue;
        const key = `@_${localName(rawAttr)}`;
        frame.attrs ??= {};
        if (Object.hasOwn(frame.attrs, key)) {
          fail(`attribute ${rawAttr} given twice on <${raw}>`, lt);
          break;
        }
        let value = m[2] ?? m[3] ?? "";
        if (value.includes("\r")) value = value.replace(/\r\n?/g, "\n");
        frame.attrs[key] = decodeXmlText(value.trim());
      }
      if (error !== undefined) break;
      if (stack.length === 1 && ++roots > 1) {
        fail(`a second root element <${raw}>`, lt);
        break;
      }
      if (selfClosing) close(frame);
      else if (stack.length > MAX_DEPTH) {
        fail(`elements nested more than ${MAX_DEPTH} deep`, lt);
        break;
      } else stack.push(frame);
      at = end + 1;
    }
  }
  if (error === undefined && stack.length > 1) fail(`<${stack[stack.length - 1]!.raw}> is not closed`, text.length);
  if (error === undefined && roots === 0) fail("no root element", 0);
  // What was read is kept: the open elements are closed where the text stopped.
  while (stack.length > 1) close(stack.pop()!);
  const doc = root.kids;
  return error === undefined ? { doc } : { doc, error };
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
