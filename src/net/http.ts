import { Agent, buildConnector, request } from "undici";
import { isLinkLocal6 } from "./interfaces.ts";
import pLimit, { type LimitFunction } from "p-limit";
import { digestAuthorization, parseDigestChallenge } from "./digest.ts";
import { urlHost, type Scope } from "./scope.ts";
import { DEFAULT_HTTP_OPTIONS as HTTP_DEFAULTS } from "../options/constants.ts";
import { deadline } from "./deadline.ts";

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

/** One shared client for every request of a scan: timeouts, size cap, scope fence, global and per-host limits. */
export class HttpClient {
  readonly options: HttpOptions;
  private readonly agent: Agent;
  private readonly global: LimitFunction;
  private readonly hosts = new Map<string, LimitFunction>();
  /** Every URL this client contacted, in order: the scope test reads it. */
  readonly contacted: string[] = [];

  constructor(options: HttpOptions) {
    this.options = options;
    // Cameras serve self-signed certificates; we read what they say, we do not trust it.
    const connector = buildConnector({ timeout: options.connectTimeoutMs, rejectUnauthorized: false });
    this.agent = new Agent({
      connect: (opts, callback) => {
        const zone = isLinkLocal6(opts.hostname) ? options.linkZone?.(opts.hostname) : undefined;
        connector(zone ? { ...opts, hostname: `${opts.hostname}%${zone}` } : opts, callback);
      },
      headersTimeout: options.responseTimeoutMs,
      bodyTimeout: options.responseTimeoutMs,
      maxResponseSize: options.maxResponseBytes,
      keepAliveTimeout: 1000,
    });
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

  private async send(url: string, req: HttpRequest): Promise<HttpResponse> {
    this.contacted.push(url);
    // One deadline for the whole exchange: a server that trickles its headers or body never resets it.
    const limit = deadline(this.options.connectTimeoutMs + 2 * this.options.responseTimeoutMs, req.signal);
    try {
      const res = await request(url, {
        dispatcher: this.agent,
        method: req.method ?? "GET",
        headers: { "user-agent": "camsweep", ...req.headers },
        body: req.body,
        signal: limit.signal,
      });
      const body = await res.body.text();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      }
      return { url, status: res.statusCode, headers, body };
    } finally {
      limit.clear();
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** One short line for an HTTP failure, for device warnings. */
export function describeHttpError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ? `${err.code}: ${err.message ?? ""}`.trim() : (err.message ?? String(e));
}
