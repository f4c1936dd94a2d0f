/** Fields the web root (GET /) gives: status, Server header, HTML title; a challenge gives the COMMON_ENDPOINT_FIELDS. */
export const HTTP_ROOT_FIELDS = ["http.status", "http.server", "http.title", "http.realm", "http.authScheme", "http.challenge"];

/** Realm of a WWW-Authenticate challenge ("Digest realm=\"IP Camera(C1234)\", ..."). */
export function parseRealm(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /realm\s*=\s*"([^"]{0,200})"/i.exec(header) ?? /realm\s*=\s*([^,\s]{1,200})/i.exec(header);
  return m?.[1];
}

/** Authentication scheme of a challenge (Digest, Basic, ...). */
export function parseAuthScheme(header: string | undefined): string | undefined {
  return header ? /^\s*([A-Za-z-]+)/.exec(header)?.[1] : undefined;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The <title> of an HTML page, whitespace-collapsed; only the first 64 KiB are searched. */
export function parseTitle(html: string): string | undefined {
  const m = /<title[^>]*>([\s\S]{0,512}?)<\/title>/i.exec(html.slice(0, 64 * 1024));
  if (!m?.[1]) return undefined;
  const t = m[1]
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (all, e: string) => {
      if (e[0] === "#") {
        const code = e[1]?.toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    })
    .replace(/\s+/g, " ")
    .trim();
  return t || undefined;
}

/**
 * A challenge with its secrets' values replaced by their shape: which parameters, in which order, and what a nonce
 * looks like (hex, base64, its length) tell firmware families apart; the nonce itself is noise.
 */
export function describeChallenge(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const shape = (v: string): string => (/^[0-9a-f]+$/i.test(v) ? `<hex ${v.length}>` : /^[A-Za-z0-9+/]+=*$/.test(v) ? `<base64 ${v.length}>` : `<${v.length} chars>`);
  return header.slice(0, 500).replace(/\b(nonce|opaque|cnonce)\s*=\s*"([^"]*)"/gi, (_all, k: string, v: string) => `${k}="${shape(v)}"`);
}
