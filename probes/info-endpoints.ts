import { deviceTypeEndpoint, magicBoxEndpoint, rpc2Endpoint, vendorEndpoint } from "./dahua-http/endpoint.ts";
import { dahuaP2pEndpoint } from "./dahua-http/p2p.ts";
import type { InfoEndpointRecord } from "./info-endpoint.ts";
import { avtechEndpoint } from "./avtech/endpoint.ts";
import { isapiEndpoint } from "./isapi/endpoint.ts";
import { isapiCapabilitiesEndpoint, isapiStreamEndpoint } from "./isapi/capabilities.ts";
import { isapiEzvizEndpoint } from "./isapi/ezviz.ts";
import { lapiEndpoint } from "./lapi/endpoint.ts";
import { reolinkEndpoint } from "./reolink/endpoint.ts";
import { sunapiEndpoint } from "./sunapi/endpoint.ts";
import { vapixEndpoint, vapixParamEndpoint } from "./vapix/endpoint.ts";

/** Every maker's read-only device-info endpoint camsweep can ask, by name (the ONVIF device service is asked apart). */
export const INFO_ENDPOINT_RECORDS: readonly InfoEndpointRecord[] = [
  isapiEndpoint,
  isapiEzvizEndpoint,
  isapiStreamEndpoint,
  isapiCapabilitiesEndpoint,
  rpc2Endpoint,
  magicBoxEndpoint,
  deviceTypeEndpoint,
  vendorEndpoint,
  dahuaP2pEndpoint,
  vapixEndpoint,
  vapixParamEndpoint,
  lapiEndpoint,
  sunapiEndpoint,
  reolinkEndpoint,
  avtechEndpoint,
];

export function infoEndpoint(name: string): InfoEndpointRecord | undefined {
  return INFO_ENDPOINT_RECORDS.find((e) => e.name === name);
}
export type { InfoEndpointRecord } from "./info-endpoint.ts";
