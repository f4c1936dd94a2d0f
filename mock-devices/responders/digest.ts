import { digestAuthorization, parseAuthParams, parseDigestChallenge } from "../../src/net/digest.ts";

const NONCE = "4e5468694e7a6b354d7a55364d6a4d344e7a6335";

export function challengeHeader(realm: string): string {
  return `Digest qop="auth", realm="${realm}", nonce="${NONCE}", stale="FALSE"`;
}

/** Does this Authorization header answer our challenge with the persona's credentials? */
export function checkDigest(header: string | undefined, realm: string, creds: { username: string; password: string } | undefined, method: string, uri: string): boolean {
  if (!header || !creds || !/^Digest\s/i.test(header)) return false;
  const p = parseAuthParams(header.slice(7));
  if (p.username !== creds.username || p.uri !== uri || p.nonce !== NONCE || !p.response) return false;
  const challenge = parseDigestChallenge(challengeHeader(realm))!;
  const expected = digestAuthorization(challenge, creds, method, uri, p.cnonce, p.nc);
  return expected.includes(`response="${p.response}"`);
}
