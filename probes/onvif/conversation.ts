import type { Observation } from "../../src/model/observation.ts";
import { describeHttpError, OutOfScopeError, type HttpClient, type HttpResponse } from "../../src/net/http.ts";
import { declaredNamespaces } from "../../src/net/xml.ts";
import { parseRealm } from "../http/parse.ts";
import { parseScope } from "../ws-discovery/parse.ts";
import {
  buildDeviceRequest,
  parseDeviceInformation,
  parseGetScopes,
  parseSystemDateAndTime,
  SOAP_CONTENT_TYPE,
  type DeviceAction,
  type SoapReply,
  type UsernameToken,
} from "./soap.ts";

/** Where ONVIF devices serve the device service when nothing advertised it (Core spec §5.1.1). */
export const ONVIF_DEVICE_PATH = "/onvif/device_service";

/** Evidence fields the ONVIF device-service conversation emits. */
export const ONVIF_FIELDS = [
  "onvif.deviceService",
  "onvif.namespace",
  "onvif.clockOffsetSeconds",
  "onvif.auth",
  "onvif.fault",
  "onvif.realm",
  "onvif.manufacturer",
  "onvif.model",
  "onvif.firmware",
  "onvif.serial",
  "onvif.hardwareId",
  // GetScopes: onvif.scope.<category> (name, hardware, location, type, profile, mac, …).
  "onvif.scope.*",
];

/** Namespaces every SOAP stack declares; whatever else an envelope declares hints at who wrote the stack. */
const STANDARD_NS = /^(https?:\/\/)?(www\.w3\.org|schemas\.xmlsoap\.org|docs\.oasis-open\.org|www\.onvif\.org|tempuri\.org)\b/i;

export interface OnvifAsk {
  http: HttpClient;
  ip: string;
  url: string;
  credentials?: { username: string; password: string };
  signal?: AbortSignal;
  /** Discovery already heard the device's ONVIF scopes. */
  scopesKnown?: boolean;
}

export interface OnvifResult {
  observations: Observation[];
  warnings: string[];
  /** False when the URL did not answer as an ONVIF device service at all. */
  answered: boolean;
}

/**
 * The device-service conversation: GetDeviceInformation; GetSystemDateAndTime when that was refused; GetScopes unless
 * discovery heard them; and a refused question asked again with a WS-Security token dated by the device's clock.
 */
export async function askOnvifDevice(a: OnvifAsk): Promise<OnvifResult> {
  const out: OnvifResult = { observations: [], warnings: [], answered: false };
  const add = (field: string, value: string | undefined): void => {
    if (value !== undefined && value !== "") out.observations.push({ ip: a.ip, probe: "onvif", field, value, url: a.url });
  };
  const soap = async <T>(action: DeviceAction, parse: (xml: string) => SoapReply<T>, token?: UsernameToken): Promise<{ reply?: SoapReply<T>; res?: HttpResponse }> => {
    try {
      const res = await a.http.fetch(a.url, {
        method: "POST",
        headers: { "content-type": `${SOAP_CONTENT_TYPE}; action="http://www.onvif.org/ver10/device/wsdl/${action}"` },
        body: buildDeviceRequest(action, token),
        signal: a.signal,
      });
      const reply = parse(res.body);
      const f = reply.fault;
      if (res.status === 401) {
        add("onvif.auth", `${action}: HTTP 401${f ? ` ${[f.subcode ?? f.code, f.reason].filter(Boolean).join(" ")}` : ""}`);
        add("onvif.realm", parseRealm(res.headers["www-authenticate"]));
        return { reply: { fault: f ?? { notAuthorized: true } }, res };
      }
      // A NotAuthorized fault is evidence (the device wants credentials), not an error.
      if (f) add(f.notAuthorized ? "onvif.auth" : "onvif.fault", `${action}: ${[f.subcode ?? f.code, f.reason].filter(Boolean).join(" ")}`);
      else if (reply.error && res.status === 200) out.warnings.push(`onvif: ${action} reply unreadable (${reply.error})`);
      return { reply, res };
    } catch (e) {
      if (e instanceof OutOfScopeError) out.warnings.push(`onvif: ${e.message}`);
      else out.warnings.push(`onvif: ${action} failed: ${describeHttpError(e)}`);
      return {};
    }
  };

  // Device information first: a device that gives it openly has said all the clock could add. The clock
  // (unauthenticated by the spec) is asked when it refused: its envelope names the SOAP stack, and a WS-Security token
  // is dated by it. A 404 at the path means no device service is there.
  const early = await soap("GetDeviceInformation", parseDeviceInformation);
  const time = early.reply?.value || early.res?.status === 404 ? {} : await soap("GetSystemDateAndTime", parseSystemDateAndTime);
  // Only a SOAP answer (a value or a fault) makes this an ONVIF device service; a 404 page does not.
  const soapAnswer = (r: { reply?: SoapReply<unknown> }): boolean => Boolean(r.reply?.value || r.reply?.fault);
  if (!soapAnswer(time) && !soapAnswer(early)) return out;
  out.answered = true;
  add("onvif.deviceService", a.url);
  for (const ns of declaredNamespaces((soapAnswer(time) ? time.res?.body : early.res?.body) ?? "")) if (!STANDARD_NS.test(ns)) add("onvif.namespace", ns);
  const offsetMs = time.reply?.value ? time.reply.value.getTime() - Date.now() : 0;
  if (time.reply?.value) add("onvif.clockOffsetSeconds", String(Math.round(offsetMs / 1000)));

  const creds = a.credentials;
  const token = (): UsernameToken | undefined => (creds ? { ...creds, created: new Date(Date.now() + offsetMs) } : undefined);
  const needsAuth = (r: { reply?: SoapReply<unknown>; res?: HttpResponse }): boolean => r.res?.status === 401 || r.reply?.fault?.notAuthorized === true;
  // Device information and scopes do not depend on each other: ask both at once.
  const ask = async <T>(action: DeviceAction, parse: (xml: string) => SoapReply<T>) => {
    const first = await soap(action, parse);
    return needsAuth(first) && creds ? soap(action, parse, token()) : first;
  };
  // The scopes a device announced in WS-Discovery are the ones GetScopes lists: asked only when none were heard.
  const [info, scopes] = await Promise.all([
    early.reply?.value || !needsAuth(early) || !creds ? early : soap("GetDeviceInformation", parseDeviceInformation, token()),
    a.scopesKnown ? ({} as { reply?: SoapReply<string[]> }) : ask("GetScopes", parseGetScopes),
  ]);
  const di = info.reply?.value;
  if (di) {
    add("onvif.manufacturer", di.manufacturer);
    add("onvif.model", di.model);
    add("onvif.firmware", di.firmwareVersion);
    add("onvif.serial", di.serialNumber);
    add("onvif.hardwareId", di.hardwareId);
  }
  for (const s of scopes.reply?.value ?? []) {
    const sc = parseScope(s);
    if (sc.category !== "other") add(`onvif.scope.${sc.category.toLowerCase()}`, sc.value);
  }
  return out;
}
