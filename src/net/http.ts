import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isLinkLocal6 } from "./interfaces.ts";
import pLimit, { type LimitFunction } from "p-limit";
import { digestAuthorization, parseDigestChallenge } from "./digest.ts";
import { urlHost, type Scope } from "./scope.ts";
import { DEFAULT_HTTP_OPTIONS as HTTP_DEFAULTS } from "../options/constants.ts";

export interface HttpOptions {
  scope: Scope;
  /** Requests in flight across all hosts. */
  concurrency: number;
  /** Requests in flight to one host: cameras are small machines. */
  perHost: number;
  connectTimeoutMs: number;
  /** Budget for headers and for the body, each. */
  responseTimeoutMs: number;
  maxResponseBytes: number;
  /**
   * The interface a link-local IPv6 address was heard on: a URL cannot carry the zone ("[fe80::1%eth0]" is not a
   * URL), so the connection adds it.
   */
  linkZone?: (address: string) => string | undefined;
}

export const DEFAULT_HTTP_OPTIONS: Omit<HttpOptions, "scope"> = HTTP_DEFAULTS;

export interface HttpResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The 401 that asked for Digest credentials, when the request was retried with them. */
  challenged?: HttpResponse;
}

export interface HttpRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Answer a Digest challenge from this host once with these credentials (never sent unasked, never on a redirect). */
  digest?: { username: string; password: string };
  /** The scan's abort signal or a device's time budget: aborting it cancels the request at once. */
  signal?: AbortSignal;
}

export class OutOfScopeError extends Error {}

/** A failed exchange: `code` says which limit or fault (ETIMEDOUT, EMSGSIZE, ECONNREFUSED, HPE_…). */
export class HttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One shared client for every request of a scan: timeouts, size cap, scope fence, global and per-host limits.
 * Built on node:http, a fresh connection per request and no pool: a scan asks each device a handful of questions,
 * once. On loopback, with the server closing each connection, this took about 40% less CPU per request than
 * undici's `request` (4,000 requests: 356-394 µs against 645-673 µs).
 */
export class HttpClient {
  readonly options: HttpOptions;
  private readonly global: LimitFunction;
  private readonly hosts = new Map<string, LimitFunction>();
  /** Every URL this client contacted, in order: the scope test reads it. */
  readonly contacted: string[] = [];
  private readonly inFlight = new Set<http.ClientRequest>();

  constructor(options: HttpOptions) {
    this.options = options;
    this.global = pLimit(options.concurrency);
  }

  /** Throws OutOfScopeError before any packet is sent when the URL's host is outside the scope. */
  async fetch(url: string, req: HttpRequest = {}): Promise<HttpResponse> {
    const host = urlHost(url);
    if (!host || !this.options.scope.contains(host)) throw new OutOfScopeError(`${url} is outside the scan scope; not contacted`);
    let perHost = this.hosts.get(host);
    if (!perHost) {
      perHost = pLimit(this.options.perHost);
      this.hosts.set(host, perHost);
    }
    const limit = perHost;
    req.signal?.throwIfAborted();
    const first = await this.global(() => limit(() => (req.signal?.throwIfAborted(), this.send(url, req))));
    const challenge = req.digest && first.status === 401 ? parseDigestChallenge(first.headers["www-authenticate"]) : undefined;
    if (!challenge || !req.digest) return first;
    const u = new URL(url);
    const authorization = digestAuthorization(challenge, req.digest, req.method ?? "GET", `${u.pathname}${u.search}`);
    const second = await this.global(() => limit(() => (req.signal?.throwIfAborted(), this.send(url, { ...req, headers: { ...req.headers, authorization } }))));
    return { ...second, challenged: first };
  }

  private send(url: string, req: HttpRequest): Promise<HttpResponse> {
    this.contacted.push(url);
    const o = this.options;
    const u = new URL(url);
    const tls = u.protocol === "https:";
    const address = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
    const zone = isLinkLocal6(address) ? o.linkZone?.(address) : undefined;
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    return new Promise<HttpResponse>((resolve, reject) => {
      let done = false;
      const finish = (err: Error | undefined, res?: HttpResponse): void => {
        if (done) return;
        done = true;
        clearTimeout(phase);
        clearTimeout(whole);
        req.signal?.removeEventListener("abort", onAbort);
        this.inFlight.delete(r);
        if (err) {
          r.destroy();
          reject(err);
        } else resolve(res!);
      };
      const fail = (code: string, message: string) => (): void => finish(new HttpError(code, message));
      // Connect, then headers, then each body chunk, each within its own time; and one deadline for the whole
      // exchange, so a server that trickles its headers or body cannot hold a request longer than that.
      let phase = setTimeout(fail("ETIMEDOUT", `connect timed out after ${o.connectTimeoutMs} ms`), o.connectTimeoutMs);
      const wholeMs = o.connectTimeoutMs + 2 * o.responseTimeoutMs;
      const whole = setTimeout(fail("ETIMEDOUT", `no complete answer within ${wholeMs} ms`), wholeMs);
      const onAbort = (): void => finish(req.signal?.reason instanceof Error ? req.signal.reason : new HttpError("ABORT_ERR", "aborted"));
      req.signal?.addEventListener("abort", onAbort, { once: true });

      const options: https.RequestOptions = {
        host: zone ? `${address}%${zone}` : address,
        port: u.port || (tls ? 443 : 80),
        path: `${u.pathname}${u.search}`,
        method: req.method ?? "GET",
        // The URL's own host: a zone or an unbracketed IPv6 address does not belong in the Host header.
        headers: { host: u.host, "user-agent": "camsweep", ...req.headers, ...(body ? { "content-length": String(body.length) } : {}) },
        agent: false,
        // Cameras serve self-signed certificates; we read what they say, we do not trust it.
        ...(tls ? { rejectUnauthorized: false } : {}),
      };
      const r = (tls ? https : http).request(options);
      this.inFlight.add(r);
      r.on("error", (e: NodeJS.ErrnoException) => finish(new HttpError(e.code ?? "EIO", e.message)));
      r.on("socket", (s) => {
        s.once(tls ? "secureConnect" : "connect", () => {
          clearTimeout(phase);
          if (!done) phase = setTimeout(fail("ETIMEDOUT", `no response headers within ${o.responseTimeoutMs} ms`), o.responseTimeoutMs);
        });
      });
      r.on("response", (res: IncomingMessage) => {
        clearTimeout(phase);
        if (done) return void res.destroy();
        const declared = Number(res.headers["content-length"]);
        if (declared > o.maxResponseBytes) return fail("EMSGSIZE", `response of ${declared} bytes is over the ${o.maxResponseBytes}-byte limit`)();
        const stalled = fail("ETIMEDOUT", `body stalled for ${o.responseTimeoutMs} ms`);
        phase = setTimeout(stalled, o.responseTimeoutMs);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > o.maxResponseBytes) return fail("EMSGSIZE", `response over the ${o.maxResponseBytes}-byte limit`)();
          chunks.push(chunk);
          phase.refresh();
        });
        res.on("error", (e: NodeJS.ErrnoException) => finish(new HttpError(e.code ?? "EIO", e.message)));
        res.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
          finish(undefined, { url, status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks, size).toString("utf8") });
        });
      });
      r.end(body);
    });
  }

  /** Cancels whatever is still in flight. */
  async close(): Promise<void> {
    for (const r of this.inFlight) r.destroy(new HttpError("ABORT_ERR", "the HTTP client was closed"));
    this.inFlight.clear();
  }
}

/** One short line for an HTTP failure, for device warnings. */
export function describeHttpError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ? `${err.code}: ${err.message ?? ""}`.trim() : (err.message ?? String(e));
}
