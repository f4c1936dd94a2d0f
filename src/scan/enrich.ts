import type { Observation } from "../model/observation.ts";
import type { Evidence } from "../model/report.ts";
import { describeHttpError, type HttpClient } from "../net/http.ts";
import { hostForUrl, urlHost } from "../net/scope.ts";
import { descriptionObservations } from "../../probes/ssdp/observe.ts";
import { parseDescription } from "../../probes/ssdp/parse.ts";
import { askOnvifDevice, ONVIF_DEVICE_PATH } from "../../probes/onvif/conversation.ts";
import { describeChallenge, parseAuthScheme, parseRealm, parseTitle } from "../../probes/http/parse.ts";
import { infoEndpoint, type InfoEndpointRecord } from "../../probes/info-endpoints.ts";
import type { InventoryEntry } from "./inventory.ts";
import type { Catalogue } from "../catalogue/index.ts";
import { identify, type Identity } from "../identify/identify.ts";
import { probeRtsp } from "./rtsp.ts";

export interface Credentials {
  username: string;
  password: string;
}

export interface EnrichContext {
  http: HttpClient;
  catalogue: Catalogue;
  credentials?: Credentials;
  inScope: (ip: string) => boolean;
  log: (msg: string) => void;
  rtspTimeoutMs: number;
  /** The scan's abort signal joined with this device's time budget. */
  signal?: AbortSignal;
}

/** Rounds of identify → ask after the first (what discovery pointed to): a small fixed maximum. */
export const MAX_ROUNDS = 3;
/** The name the ONVIF device service at its standard path goes by in a plan. */
export const ONVIF_DEVICE = "onvif-device";

interface Collector {
  obs: Observation[];
  warnings: string[];
  ip: string;
}

function add(c: Collector, probe: string, field: string, value: string | undefined, url?: string): void {
  if (value === undefined || value === "") return;
  c.obs.push(url ? { ip: c.ip, probe, field, value, url } : { ip: c.ip, probe, field, value });
}

function values(observations: readonly Observation[], field: string): string[] {
  return [...new Set(observations.filter((o) => o.field === field).map((o) => o.value))];
}

export function toEvidence(o: Observation): Evidence {
  return o.url ? { source: o.probe, field: o.field, value: o.value, url: o.url } : { source: o.probe, field: o.field, value: o.value };
}

/** The ONVIF device service to ask: the XAddr on the address the device answered from, else any in-scope one. */
export function pickXAddr(entry: InventoryEntry, inScope: (ip: string) => boolean): { url?: string; skipped: string[] } {
  // Only ONVIF devices get SOAP: PCs and printers answer WS-Discovery too.
  const onvif =
    values(entry.observations, "wsd.types").some((t) => /NetworkVideo\w+|(?:^|\s)tds:Device\b/.test(t)) || entry.observations.some((o) => o.field.startsWith("onvif.scope."));
  if (!onvif) return { skipped: [] };
  const xaddrs = values(entry.observations, "wsd.xaddr").filter((x) => /^https?:\/\//i.test(x));
  const skipped: string[] = [];
  const usable = xaddrs.filter((x) => {
    const h = urlHost(x);
    if (h && inScope(h)) return true;
    // IPv6 and 169.254 link-local XAddrs are normal (zeroconf fallbacks), not worth a warning.
    if (h && !h.includes(":") && !h.startsWith("169.254.")) skipped.push(x);
    return false;
  });
  const own = usable.find((x) => entry.ips.includes(urlHost(x) ?? ""));
  const url = own ?? usable[0];
  return url ? { url, skipped } : { skipped };
}

/** Whether discovery heard the device's ONVIF scopes (WS-Discovery carries them). */
const scopesHeard = (observations: readonly Observation[]): boolean => observations.some((o) => o.field.startsWith("onvif.scope."));

async function enrichOnvif(ctx: EnrichContext, c: Collector, url: string, scopesKnown: boolean): Promise<boolean> {
  const r = await askOnvifDevice({ http: ctx.http, ip: c.ip, url, credentials: ctx.credentials, signal: ctx.signal, scopesKnown });
  c.obs.push(...r.observations);
  c.warnings.push(...r.warnings);
  return r.answered;
}

async function enrichUpnp(ctx: EnrichContext, entry: InventoryEntry, c: Collector): Promise<void> {
  for (let location of values(entry.observations, "upnp.location").slice(0, 4)) {
    const host = urlHost(location);
    if (!host || !/^https?:\/\//i.test(location)) {
      c.warnings.push(`ssdp: LOCATION "${location.slice(0, 120)}" is not an HTTP URL`);
      continue;
    }
    if (!ctx.inScope(host)) {
      if (!ctx.inScope(c.ip)) {
        c.warnings.push(`ssdp: LOCATION ${location} is outside the scan scope; not contacted`);
        continue;
      }
      // A device with two interfaces, or behind NAT, advertises another address: ask the one that answered instead.
      const own = new URL(location);
      own.hostname = hostForUrl(c.ip);
      c.warnings.push(`ssdp: LOCATION ${location} names ${host}, not the address that answered; asked ${own.href} instead`);
      location = own.href;
    }
    // Credentials written into a LOCATION are the device's, not ours to send anywhere.
    if (/^https?:\/\/[^/]*@/i.test(location)) {
      const u = new URL(location);
      u.username = "";
      u.password = "";
      location = u.href;
    }
    try {
      const res = await ctx.http.fetch(location, { signal: ctx.signal });
      if (res.status !== 200) {
        c.warnings.push(`upnp: description ${location} answered HTTP ${res.status}`);
        continue;
      }
      const d = parseDescription(res.body);
      if (d.error) c.warnings.push(`upnp: description ${location}: ${d.error}`);
      c.obs.push(...descriptionObservations(c.ip, location, d));
    } catch (e) {
      c.warnings.push(`upnp: description ${location} failed: ${describeHttpError(e)}`);
    }
  }
}

const HTTP_PORTS = new Set([80, 81, 88, 8080, 8081, 8888]);
const HTTPS_PORTS = new Set([443, 8443]);
const RTSP_PORTS = new Set([554, 8554, 10554]);

/** RTSP ports to ask: 554, and any RTSP port the sweep found open. */
export function rtspPorts(entry: InventoryEntry): number[] {
  return [...new Set([554, ...values(entry.observations, "tcp.open").map(Number).filter((p) => RTSP_PORTS.has(p))])];
}

/** Web UI origins the evidence points to; port 80 when nothing does. */
export function httpOrigins(entry: InventoryEntry, ip: string): string[] {
  const origins = new Set<string>();
  const fromUrl = (u: string): void => {
    try {
      const url = new URL(u);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname === hostForUrl(ip)) origins.add(url.origin);
    } catch {
      /* not a URL */
    }
  };
  values(entry.observations, "upnp.presentationURL").forEach(fromUrl);
  values(entry.observations, "wsd.xaddr").forEach(fromUrl);
  // Bonjour web services, and any announced service on a web port (cameras announce their UI under many names).
  for (const p of values(entry.observations, "mdns.port")) {
    const m = /^(_[\w-]+)\._tcp:(\d+)$/i.exec(p);
    if (!m?.[1] || !m[2]) continue;
    const port = Number(m[2]);
    const https = m[1].toLowerCase() === "_https" || HTTPS_PORTS.has(port);
    if (m[1].toLowerCase() === "_http" || https || HTTP_PORTS.has(port)) origins.add(new URL(`${https ? "https" : "http"}://${hostForUrl(ip)}:${port}`).origin);
  }
  for (const p of values(entry.observations, "tcp.open").map(Number)) {
    if (HTTP_PORTS.has(p)) origins.add(new URL(`http://${hostForUrl(ip)}:${p}`).origin);
    if (HTTPS_PORTS.has(p)) origins.add(new URL(`https://${hostForUrl(ip)}:${p}`).origin);
  }
  if (origins.size === 0) origins.add(`http://${hostForUrl(ip)}`);
  return [...origins].slice(0, 6);
}

function recordChallenge(c: Collector, probe: string, url: string, header: string | undefined): void {
  add(c, probe, "http.realm", parseRealm(header), url);
  add(c, probe, "http.authScheme", parseAuthScheme(header), url);
  add(c, probe, "http.challenge", describeChallenge(header), url);
}

async function enrichHttp(ctx: EnrichContext, entry: InventoryEntry, c: Collector): Promise<void> {
  for (const origin of httpOrigins(entry, c.ip)) {
    const url = `${origin}/`;
    try {
      const res = await ctx.http.fetch(url, { signal: ctx.signal });
      add(c, "http", "http.status", String(res.status), url);
      add(c, "http", "http.server", res.headers["server"], url);
      recordChallenge(c, "http", url, res.headers["www-authenticate"]);
      if ((res.headers["content-type"] ?? "text/html").includes("html")) add(c, "http", "http.title", parseTitle(res.body), url);
    } catch (e) {
      // A closed default port is normal; only say so in the log.
      ctx.log(`http: ${url} ${describeHttpError(e)}`);
    }
  }
}

async function enrichRtsp(ctx: EnrichContext, entry: InventoryEntry, c: Collector): Promise<void> {
  for (const port of rtspPorts(entry)) {
    if (ctx.signal?.aborted) return;
    const r = await probeRtsp(c.ip, port, ctx.rtspTimeoutMs, ctx.signal);
    c.obs.push(...r.observations);
    // A closed 554 is normal; only an RTSP server that misbehaves earns a warning.
    if (r.warning && r.observations.length) c.warnings.push(r.warning);
  }
}

/** Ask one device-info endpoint on one origin. A refusal is evidence, not an error. */
async function askEndpoint(ctx: EnrichContext, c: Collector, origin: string, e: InfoEndpointRecord): Promise<void> {
  const url = `${origin}${e.path}`;
  try {
    const res = await ctx.http.fetch(url, {
      method: e.method,
      ...(e.body !== undefined ? { body: e.body } : {}),
      ...(e.contentType ? { headers: { "content-type": e.contentType } } : {}),
      ...(e.digest && ctx.credentials ? { digest: ctx.credentials } : {}),
      signal: ctx.signal,
    });
    add(c, e.name, "http.pathStatus", `${e.path} ${res.status}`, url);
    const challenge = res.status === 401 ? res : res.challenged;
    recordChallenge(c, e.name, url, challenge?.headers["www-authenticate"]);
    const parsed = e.parse(c.ip, url, res.body, res.status);
    c.obs.push(...parsed.observations);
    if (parsed.error) c.warnings.push(`${e.name}: ${url}: ${parsed.error}`);
  } catch (err) {
    c.warnings.push(`${e.name}: ${url} failed: ${describeHttpError(err)}`);
  }
}

export interface InfoPlan {
  /** The web origin to ask on: the first that answered at "/". */
  origin?: string;
  endpoints: string[];
  onvifDevice: boolean;
  /** Why nothing (more) is asked, when nothing is. */
  stop?: string;
}

/**
 * What to ask next, from the identity so far. Pure. A device positively not surveillance is asked nothing; a maker
 * the catalogue knows is asked its own endpoints (model, serial, MAC, firmware), once; anything else with a web
 * server is asked every maker's identifying endpoints, since a brand can hide any firmware.
 */
export function planInfoRequests(id: Identity, observations: readonly Observation[], asked: ReadonlySet<string>, catalogue: Catalogue): InfoPlan {
  const origin = observations.find((o) => o.field === "http.status" && o.url)?.url;
  if (!origin) return { endpoints: [], onvifDevice: false, stop: "no web server answered" };
  const vendor = id.vendorId ? catalogue.vendor(id.vendorId) : undefined;
  if (id.deviceType === "other" && !id.isSurveillance && !vendor?.surveillanceMaker) return { endpoints: [], onvifDevice: false, stop: "not a surveillance device" };
  const platformMaker = id.platform ? catalogue.platform(id.platform)?.maker : undefined;
  const makers = vendor ? [...catalogue.lineage(vendor.id), ...(platformMaker ? catalogue.lineage(platformMaker) : [])] : catalogue.data.vendors;
  // Of every maker's endpoints, a device nothing identifies is asked only those whose answer shows a firmware family.
  const endpoints = [...new Set(makers.flatMap((v) => v.infoEndpoints))].filter((n) => !asked.has(n) && (vendor || infoEndpoint(n)?.identifies));
  // The ONVIF device service at its standard path, when nothing advertised one and the model is still unknown.
  const onvifDevice = !asked.has(ONVIF_DEVICE) && !observations.some((o) => o.field === "onvif.deviceService") && !(vendor && id.model);
  return { origin: new URL(origin).origin, endpoints, onvifDevice };
}

export interface EnrichResult {
  observations: Observation[];
  warnings: string[];
  /** Rounds of device-info requests made after the first. */
  rounds: number;
  /** What was asked: endpoint names, and the ONVIF device service. A follow-up does not ask them again. */
  asked?: string[];
}

/**
 * Ask one in-scope device what it is, in rounds: first what discovery pointed to (ONVIF XAddr, UPnP description,
 * RTSP, the web UI), then identify and ask the device-info endpoints the result calls for, until a round adds nothing.
 * `entry.observations` is what discovery found (read again at each step, since discovery may still be running);
 * `before` adds what else was known before any request (the MAC and its OUI owner).
 */
export async function enrichDevice(ctx: EnrichContext, entry: InventoryEntry, before: readonly Observation[] = []): Promise<EnrichResult> {
  const ip = entry.ips.find((i) => ctx.inScope(i));
  if (!ip) return { observations: [], warnings: [], rounds: 0 };
  const c: Collector = { obs: [], warnings: [], ip };
  // Read anew at each step: discovery may still be adding to the entry while the device is asked.
  const known = (): Observation[] => [...entry.observations, ...before];
  const first = identify(known().map(toEvidence), ctx.catalogue);
  const asked = new Set<string>();
  // Discovery alone can show a printer or a PC: nothing to ask it.
  if (first.deviceType === "other" && !first.isSurveillance) return { observations: [], warnings: [], rounds: 0 };

  const { url: xaddr, skipped } = pickXAddr(entry, ctx.inScope);
  for (const s of skipped) c.warnings.push(`onvif: XAddr ${s} is outside the scan scope; not contacted`);
  await Promise.all([xaddr ? enrichOnvif(ctx, c, xaddr, scopesHeard(known())) : undefined, enrichUpnp(ctx, entry, c), enrichRtsp(ctx, entry, c)]);
  if (xaddr) asked.add(ONVIF_DEVICE);
  // The web UI is asked after the description so that its presentationURL is used.
  await enrichHttp(ctx, { ...entry, observations: [...entry.observations, ...c.obs] }, c);

  const rounds = await askRounds(ctx, c, known, asked);
  return { observations: c.obs, warnings: c.warnings, rounds, asked: [...asked] };
}

/**
 * Identify with all that is known and ask the device-info endpoints the identity calls for, not asked yet; again
 * while a round adds something. Returns the number of rounds.
 */
async function askRounds(ctx: EnrichContext, c: Collector, known: () => Observation[], asked: Set<string>): Promise<number> {
  let rounds = 0;
  while (rounds < MAX_ROUNDS && !ctx.signal?.aborted) {
    const all = [...known(), ...c.obs];
    const plan = planInfoRequests(identify(all.map(toEvidence), ctx.catalogue), all, asked, ctx.catalogue);
    const origin = plan.origin;
    if (!origin || (plan.endpoints.length === 0 && !plan.onvifDevice)) break;
    rounds++;
    const before = c.obs.length;
    plan.endpoints.forEach((n) => asked.add(n));
    if (plan.onvifDevice) asked.add(ONVIF_DEVICE);
    await Promise.all([
      ...plan.endpoints.map((n) => {
        const e = infoEndpoint(n);
        // A settings page is asked only with the user's credentials.
        return e && (!e.credentialsOnly || ctx.credentials) ? askEndpoint(ctx, c, origin, e) : undefined;
      }),
      plan.onvifDevice ? enrichOnvif(ctx, c, `${origin}${ONVIF_DEVICE_PATH}`, scopesHeard(known())) : undefined,
    ]);
    if (c.obs.length === before) break;
  }
  return rounds;
}

/** Discovery fields that point to something to ask: a UPnP description, an ONVIF device service. */
export const POINTER_FIELDS: ReadonlySet<string> = new Set(["upnp.location", "wsd.xaddr"]);

/**
 * A pointer discovery heard after the device was asked (an SSDP reply that came late, within its MX, after a TCP
 * answer had already settled the address): fetch what it points to, unless the first asking did, then ask what the
 * identity now calls for that was not asked yet. `done` is what the first asking found, `askedBefore` what it asked.
 */
export async function enrichLate(ctx: EnrichContext, entry: InventoryEntry, pointer: Observation, done: readonly Observation[], askedBefore: readonly string[] = []): Promise<EnrichResult> {
  const ip = entry.ips.find((i) => ctx.inScope(i));
  if (!ip || !POINTER_FIELDS.has(pointer.field)) return { observations: [], warnings: [], rounds: 0 };
  const c: Collector = { obs: [], warnings: [], ip };
  // Compared as URLs: "http://192.0.2.1:80/x" is "http://192.0.2.1/x".
  const href = (u: string): string => URL.canParse(u) ? new URL(u).href : u;
  const fetched = new Set(done.filter((o) => o.url).map((o) => href(o.url!)));
  // The ONVIF device service answers the same whatever XAddr led to it: once it has answered, a late XAddr adds nothing.
  const onvifAnswered = done.some((o) => o.field.startsWith("onvif.") && o.url);
  if (pointer.field === "upnp.location") {
    if (!fetched.has(href(pointer.value))) await enrichUpnp(ctx, { ...entry, observations: [pointer] }, c);
  } else if (!onvifAnswered) {
    const { url } = pickXAddr(entry, ctx.inScope);
    if (url && !fetched.has(href(url))) await enrichOnvif(ctx, c, url, scopesHeard(entry.observations));
  }
  if (c.obs.length === 0) return { observations: [], warnings: c.warnings, rounds: 0 };
  const asked = new Set(askedBefore);
  if (onvifAnswered) asked.add(ONVIF_DEVICE);
  const rounds = await askRounds(ctx, c, () => [...entry.observations, ...done], asked);
  return { observations: c.obs, warnings: c.warnings, rounds, asked: [...asked] };
}
