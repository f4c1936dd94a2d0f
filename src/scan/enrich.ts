import type { Observation } from "../model/observation.ts";
import { describeHttpError, OutOfScopeError, type HttpClient, type HttpResponse } from "../net/http.ts";
import { urlHost } from "../net/scope.ts";
import { declaredNamespaces } from "../net/xml.ts";
import { parseScope } from "../../probes/ws-discovery/parse.ts";
import { descriptionObservations } from "../../probes/ssdp/observe.ts";
import { parseDescription } from "../../probes/ssdp/parse.ts";
import {
  buildDeviceRequest,
  parseDeviceInformation,
  parseGetScopes,
  parseSystemDateAndTime,
  SOAP_CONTENT_TYPE,
  type DeviceAction,
  type SoapReply,
  type UsernameToken,
} from "../../probes/onvif/soap.ts";
import { parseAuthScheme, parseRealm, parseTitle } from "../../probes/http/parse.ts";
import type { InventoryEntry } from "./inventory.ts";
import type { Catalogue } from "../catalogue/index.ts";
import type { InfoEndpoint } from "../catalogue/schema.ts";
import { identify } from "../identify/identify.ts";
import { fetchDeviceInfo } from "./device-info.ts";
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
}

/** Namespaces every SOAP stack declares; whatever else an envelope declares hints at who wrote the stack. */
const STANDARD_NS = /^(https?:\/\/)?(www\.w3\.org|schemas\.xmlsoap\.org|docs\.oasis-open\.org|www\.onvif\.org|tempuri\.org)\b/i;

interface Collector {
  obs: Observation[];
  warnings: string[];
  ip: string;
}

function add(c: Collector, probe: string, field: string, value: string | undefined, url?: string): void {
  if (value === undefined || value === "") return;
  c.obs.push(url ? { ip: c.ip, probe, field, value, url } : { ip: c.ip, probe, field, value });
}

function values(entry: InventoryEntry, field: string): string[] {
  return [...new Set(entry.observations.filter((o) => o.field === field).map((o) => o.value))];
}

/** The ONVIF device service to ask: the XAddr on the address the device answered from, else any in-scope one. */
export function pickXAddr(entry: InventoryEntry, inScope: (ip: string) => boolean): { url?: string; skipped: string[] } {
  // Only ONVIF devices get SOAP: PCs and printers answer WS-Discovery too.
  const onvif =
    values(entry, "wsd.types").some((t) => /NetworkVideo\w+|(?:^|\s)tds:Device\b/.test(t)) || entry.observations.some((o) => o.field.startsWith("onvif.scope."));
  if (!onvif) return { skipped: [] };
  const xaddrs = values(entry, "wsd.xaddr").filter((x) => /^https?:\/\//i.test(x));
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

async function soap<T>(
  ctx: EnrichContext,
  c: Collector,
  url: string,
  action: DeviceAction,
  parse: (xml: string) => SoapReply<T>,
  token?: UsernameToken,
): Promise<{ reply?: SoapReply<T>; res?: HttpResponse }> {
  try {
    const res = await ctx.http.fetch(url, {
      method: "POST",
      headers: { "content-type": `${SOAP_CONTENT_TYPE}; action="http://www.onvif.org/ver10/device/wsdl/${action}"` },
      body: buildDeviceRequest(action, token),
    });
    const reply = parse(res.body);
    if (res.status === 401) {
      const f = reply.fault;
      add(c, "onvif", "onvif.auth", `${action}: HTTP 401${f ? ` ${[f.subcode ?? f.code, f.reason].filter(Boolean).join(" ")}` : ""}`, url);
      add(c, "onvif", "onvif.realm", parseRealm(res.headers["www-authenticate"]), url);
      return { reply: { fault: f ?? { notAuthorized: true } }, res };
    }
    if (reply.fault) {
      // A NotAuthorized fault is evidence (the device wants credentials), not an error.
      const f = reply.fault;
      add(c, "onvif", reply.fault.notAuthorized ? "onvif.auth" : "onvif.fault", `${action}: ${[f.subcode ?? f.code, f.reason].filter(Boolean).join(" ")}`, url);
    } else if (reply.error) {
      c.warnings.push(`onvif: ${action} reply unreadable (${reply.error})`);
    }
    return { reply, res };
  } catch (e) {
    if (e instanceof OutOfScopeError) c.warnings.push(`onvif: ${e.message}`);
    else c.warnings.push(`onvif: ${action} failed: ${describeHttpError(e)}`);
    return {};
  }
}

async function enrichOnvif(ctx: EnrichContext, entry: InventoryEntry, c: Collector): Promise<void> {
  const { url, skipped } = pickXAddr(entry, ctx.inScope);
  for (const s of skipped) c.warnings.push(`onvif: XAddr ${s} is outside the scan scope; not contacted`);
  if (!url) return;
  add(c, "onvif", "onvif.deviceService", url, url);

  const time = await soap(ctx, c, url, "GetSystemDateAndTime", parseSystemDateAndTime);
  if (!time.res) return;
  for (const ns of declaredNamespaces(time.res.body)) if (!STANDARD_NS.test(ns)) add(c, "onvif", "onvif.namespace", ns, url);
  const offsetMs = time.reply?.value ? time.reply.value.getTime() - Date.now() : 0;
  if (time.reply?.value) add(c, "onvif", "onvif.clockOffsetSeconds", String(Math.round(offsetMs / 1000)), url);

  const token = (): UsernameToken | undefined =>
    ctx.credentials ? { ...ctx.credentials, created: new Date(Date.now() + offsetMs) } : undefined;
  const needsAuth = (r: { reply?: SoapReply<unknown>; res?: HttpResponse }): boolean => r.res?.status === 401 || r.reply?.fault?.notAuthorized === true;

  // Device information and scopes do not depend on each other: ask both at once.
  const ask = async <T>(action: DeviceAction, parse: (xml: string) => SoapReply<T>) => {
    const first = await soap(ctx, c, url, action, parse);
    return needsAuth(first) && ctx.credentials ? soap(ctx, c, url, action, parse, token()) : first;
  };
  const [info, scopes] = await Promise.all([ask("GetDeviceInformation", parseDeviceInformation), ask("GetScopes", parseGetScopes)]);
  const di = info.reply?.value;
  if (di) {
    add(c, "onvif", "onvif.manufacturer", di.manufacturer, url);
    add(c, "onvif", "onvif.model", di.model, url);
    add(c, "onvif", "onvif.firmware", di.firmwareVersion, url);
    add(c, "onvif", "onvif.serial", di.serialNumber, url);
    add(c, "onvif", "onvif.hardwareId", di.hardwareId, url);
  }

  for (const s of scopes.reply?.value ?? []) {
    const sc = parseScope(s);
    if (sc.category !== "other") add(c, "onvif", `onvif.scope.${sc.category.toLowerCase()}`, sc.value, url);
  }
}

async function enrichUpnp(ctx: EnrichContext, entry: InventoryEntry, c: Collector): Promise<void> {
  for (const location of values(entry, "upnp.location").slice(0, 4)) {
    const host = urlHost(location);
    if (!host || !/^https?:\/\//i.test(location)) {
      c.warnings.push(`ssdp: LOCATION "${location.slice(0, 120)}" is not an HTTP URL`);
      continue;
    }
    if (!ctx.inScope(host)) {
      c.warnings.push(`ssdp: LOCATION ${location} is outside the scan scope; not contacted`);
      continue;
    }
    try {
      const res = await ctx.http.fetch(location);
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
  return [...new Set([554, ...values(entry, "tcp.open").map(Number).filter((p) => RTSP_PORTS.has(p))])];
}

/** Web UI origins the evidence points to; port 80 when nothing does. */
export function httpOrigins(entry: InventoryEntry, ip: string): string[] {
  const origins = new Set<string>();
  const fromUrl = (u: string): void => {
    try {
      const url = new URL(u);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname === ip) origins.add(url.origin);
    } catch {
      /* not a URL */
    }
  };
  values(entry, "upnp.presentationURL").forEach(fromUrl);
  values(entry, "wsd.xaddr").forEach(fromUrl);
  // Bonjour web services, and any announced service on a web port (cameras announce their UI under many names).
  for (const p of values(entry, "mdns.port")) {
    const m = /^(_[\w-]+)\._tcp:(\d+)$/i.exec(p);
    if (!m?.[1] || !m[2]) continue;
    const port = Number(m[2]);
    const https = m[1].toLowerCase() === "_https" || HTTPS_PORTS.has(port);
    if (m[1].toLowerCase() === "_http" || https || HTTP_PORTS.has(port)) origins.add(new URL(`${https ? "https" : "http"}://${ip}:${port}`).origin);
  }
  for (const p of values(entry, "tcp.open").map(Number)) {
    if (HTTP_PORTS.has(p)) origins.add(new URL(`http://${ip}:${p}`).origin);
    if (HTTPS_PORTS.has(p)) origins.add(new URL(`https://${ip}:${p}`).origin);
  }
  if (origins.size === 0) origins.add(`http://${ip}`);
  return [...origins].slice(0, 6);
}

async function enrichHttp(ctx: EnrichContext, entry: InventoryEntry, c: Collector): Promise<void> {
  for (const origin of httpOrigins(entry, c.ip)) {
    const url = `${origin}/`;
    try {
      const res = await ctx.http.fetch(url);
      add(c, "http", "http.status", String(res.status), url);
      add(c, "http", "http.server", res.headers["server"], url);
      const challenge = res.headers["www-authenticate"];
      add(c, "http", "http.realm", parseRealm(challenge), url);
      add(c, "http", "http.authScheme", parseAuthScheme(challenge), url);
      if ((res.headers["content-type"] ?? "text/html").includes("html")) add(c, "http", "http.title", parseTitle(res.body), url);
    } catch (e) {
      // A closed default port is normal; only say so in the log.
      ctx.log(`http: ${url} ${describeHttpError(e)}`);
    }
  }
}

async function enrichRtsp(ctx: EnrichContext, entry: InventoryEntry, c: Collector): Promise<void> {
  for (const port of rtspPorts(entry)) {
    const r = await probeRtsp(c.ip, port, ctx.rtspTimeoutMs);
    c.obs.push(...r.observations);
    // A closed 554 is normal; only an RTSP server that misbehaves earns a warning.
    if (r.warning && r.observations.length) c.warnings.push(r.warning);
  }
}

/** Device-info endpoints worth asking: those of the maker (and its parents) that the evidence so far points to. */
export function infoEndpointsFor(catalogue: Catalogue, observations: Observation[]): InfoEndpoint[] {
  const id = identify(
    observations.map((o) => ({ source: o.probe, field: o.field, value: o.value })),
    catalogue,
  );
  if (!id.vendorId) return [];
  return [...new Set(catalogue.lineage(id.vendorId).flatMap((v) => v.infoEndpoints))];
}

/** Ask one in-scope device for more: ONVIF device service, UPnP description, web UI headers, then maker endpoints. */
export async function enrichDevice(ctx: EnrichContext, entry: InventoryEntry): Promise<{ observations: Observation[]; warnings: string[] }> {
  const ip = entry.ips.find((i) => ctx.inScope(i));
  if (!ip) return { observations: [], warnings: [] };
  const c: Collector = { obs: [], warnings: [], ip };
  await Promise.all([enrichOnvif(ctx, entry, c), enrichUpnp(ctx, entry, c), enrichRtsp(ctx, entry, c)]);
  // The web UI is asked after the description so that its presentationURL is used.
  await enrichHttp(ctx, { ...entry, observations: [...entry.observations, ...c.obs] }, c);
  const all = [...entry.observations, ...c.obs];
  const answered = c.obs.find((o) => o.field === "http.status" && o.url);
  const endpoints = infoEndpointsFor(ctx.catalogue, all);
  if (answered?.url && endpoints.length) {
    const info = await fetchDeviceInfo(ctx.http, ip, new URL(answered.url).origin, endpoints, ctx.credentials);
    c.obs.push(...info.observations);
    c.warnings.push(...info.warnings);
  }
  return { observations: c.obs, warnings: c.warnings };
}
