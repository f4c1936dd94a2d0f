import { createHash, randomBytes } from "node:crypto";

/** One Digest challenge from a WWW-Authenticate header (RFC 7616). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  opaque?: string;
  algorithm: "MD5" | "SHA-256";
}

/** key=value and key="value" pairs of an auth header, keys lower-cased, the first of each kept. */
export function parseAuthParams(s: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of s.matchAll(/([a-z]+)\s*=\s*(?:"([^"]*)"|([^,\s]+))/gi)) {
    const key = m[1]!.toLowerCase();
    if (!(key in params)) params[key] = m[2] ?? m[3] ?? "";
  }
  return params;
}

/** Read the first Digest challenge; undefined for Basic-only or malformed headers. */
export function parseDigestChallenge(header: string | undefined): DigestChallenge | undefined {
  if (!header) return undefined;
  const at = header.search(/\bDigest\s/i);
  if (at < 0) return undefined;
  const params = parseAuthParams(header.slice(at + 7));
  if (params.realm === undefined || !params.nonce) return undefined;
  const alg = (params.algorithm ?? "MD5").toUpperCase();
  if (alg !== "MD5" && alg !== "SHA-256") return undefined;
  const c: DigestChallenge = { realm: params.realm, nonce: params.nonce, algorithm: alg };
  if (params.qop) c.qop = params.qop;
  if (params.opaque !== undefined) c.opaque = params.opaque;
  return c;
}

const hash = (alg: DigestChallenge["algorithm"], s: string): string => createHash(alg === "MD5" ? "md5" : "sha256").update(s).digest("hex");

/** The Authorization header answering a challenge (qop=auth when offered, as cameras expect). */
export function digestAuthorization(
  c: DigestChallenge,
  creds: { username: string; password: string },
  method: string,
  uri: string,
  cnonce = randomBytes(8).toString("hex"),
  nc = "00000001",
): string {
  const ha1 = hash(c.algorithm, `${creds.username}:${c.realm}:${creds.password}`);
  const ha2 = hash(c.algorithm, `${method}:${uri}`);
  const useQop = c.qop?.split(",").map((q) => q.trim()).includes("auth");
  const response = useQop ? hash(c.algorithm, `${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`) : hash(c.algorithm, `${ha1}:${c.nonce}:${ha2}`);
  const q = (s: string): string => s.replace(/["\\]/g, "\\$&");
  const parts = [`username="${q(creds.username)}"`, `realm="${q(c.realm)}"`, `nonce="${q(c.nonce)}"`, `uri="${q(uri)}"`, `algorithm=${c.algorithm}`, `response="${response}"`];
  if (useQop) parts.push("qop=auth", `nc=${nc}`, `cnonce="${cnonce}"`);
  if (c.opaque !== undefined) parts.push(`opaque="${q(c.opaque)}"`);
  return `Digest ${parts.join(", ")}`;
}
