import type { InfoEndpoint } from "../catalogue/schema.ts";
import type { Observation } from "../model/observation.ts";
import { describeHttpError, type HttpClient, type HttpRequest, type HttpResponse } from "../net/http.ts";
import { parseRealm } from "../../probes/http/parse.ts";
import { ISAPI_DEVICE_INFO, parseIsapiDeviceInfo } from "../../probes/isapi/parse.ts";
import { buildRpc2Login, MAGICBOX_SYSTEM_INFO, parseMagicBox, parseRpc2Challenge, RPC2_LOGIN } from "../../probes/dahua-http/parse.ts";
import { parseVapixBasicDeviceInfo, VAPIX_BASIC_DEVICE_INFO, VAPIX_REQUEST } from "../../probes/vapix/parse.ts";
import { LAPI_DEVICE_INFO, parseLapiDeviceInfo } from "../../probes/lapi/parse.ts";
import type { Credentials } from "./enrich.ts";

type Parsed = { observations: Observation[]; error?: string };

interface Fetcher {
  path: string;
  request: (creds?: Credentials) => HttpRequest;
  parse: (ip: string, url: string, body: string) => Parsed;
}

const withDigest = (creds?: Credentials): HttpRequest => (creds ? { digest: creds } : {});

/** Each device-info endpoint: where it lives, how to ask, how to read the answer. */
const FETCHERS: Record<InfoEndpoint, Fetcher> = {
  isapi: { path: ISAPI_DEVICE_INFO, request: withDigest, parse: parseIsapiDeviceInfo },
  "dahua-magicbox": { path: MAGICBOX_SYSTEM_INFO, request: withDigest, parse: (ip, url, body) => ({ observations: parseMagicBox(ip, url, body) }) },
  // Unauthenticated on purpose: the challenge itself carries serial and MAC.
  "dahua-rpc2": { path: RPC2_LOGIN, request: () => ({ method: "POST", headers: { "content-type": "application/json" }, body: buildRpc2Login() }), parse: parseRpc2Challenge },
  "axis-vapix": { path: VAPIX_BASIC_DEVICE_INFO, request: () => ({ method: "POST", headers: { "content-type": "application/json" }, body: VAPIX_REQUEST }), parse: parseVapixBasicDeviceInfo },
  "uniview-lapi": { path: LAPI_DEVICE_INFO, request: withDigest, parse: parseLapiDeviceInfo },
};

export interface DeviceInfoResult {
  observations: Observation[];
  warnings: string[];
}

/** Ask the endpoints the evidence points to, on the device's web origin. A refusal is evidence, not an error. */
export async function fetchDeviceInfo(http: HttpClient, ip: string, origin: string, endpoints: InfoEndpoint[], credentials?: Credentials): Promise<DeviceInfoResult> {
  const out: DeviceInfoResult = { observations: [], warnings: [] };
  await Promise.all(
    endpoints.map(async (name) => {
      const f = FETCHERS[name];
      const url = `${origin}${f.path}`;
      let res: HttpResponse;
      try {
        res = await http.fetch(url, f.request(credentials));
      } catch (e) {
        out.warnings.push(`${name}: ${url} failed: ${describeHttpError(e)}`);
        return;
      }
      out.observations.push({ ip, probe: name, field: "http.pathStatus", value: `${f.path} ${res.status}`, url });
      const challenge = res.status === 401 ? res : res.challenged;
      const realm = parseRealm(challenge?.headers["www-authenticate"]);
      if (realm) out.observations.push({ ip, probe: name, field: "http.realm", value: realm, url });
      // The RPC2 login challenge comes with HTTP 200; everything else must be a 200 to be read.
      if (res.status !== 200) return;
      const parsed = f.parse(ip, url, res.body);
      out.observations.push(...parsed.observations);
      if (parsed.error) out.warnings.push(`${name}: ${url}: ${parsed.error}`);
    }),
  );
  return out;
}
