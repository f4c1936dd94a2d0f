import { DERIVED_FIELDS } from "../src/identify/identify.ts";
export { isKnownField } from "../src/catalogue/field-vocabulary.ts";
import { HTTP_ROOT_FIELDS } from "./http/parse.ts";
import { ALL_PROBES } from "./index.ts";
import { COMMON_ENDPOINT_FIELDS } from "./info-endpoint.ts";
import { INFO_ENDPOINT_RECORDS } from "./info-endpoints.ts";
import { ONVIF_FIELDS } from "./onvif/conversation.ts";
import { RTSP_EMITS } from "./rtsp/observe.ts";
import { UPNP_DESCRIPTION_EMITS } from "./ssdp/observe.ts";
import { UPNP_IGD_EMITS } from "./upnp-igd/soap.ts";

/** Fields the scan adds itself: the MAC from the neighbour table and its IEEE organisation. */
const SCAN_FIELDS = ["mac", "mac.oui"];

/**
 * Every evidence field something in camsweep emits: the discovery probes, the device-info endpoints, the ONVIF,
 * UPnP-description, gateway port-mapping, RTSP and web-root enrichment, the scan itself and identification's second pass. An entry
 * "x.*" stands for every field under "x.". A fingerprint on any other field can never fire.
 */
export function evidenceVocabulary(): Set<string> {
  return new Set([
    ...ALL_PROBES.flatMap((p) => p.emits),
    ...INFO_ENDPOINT_RECORDS.flatMap((e) => e.emits),
    ...COMMON_ENDPOINT_FIELDS,
    ...ONVIF_FIELDS,
    ...UPNP_DESCRIPTION_EMITS,
    ...UPNP_IGD_EMITS,
    ...RTSP_EMITS,
    ...HTTP_ROOT_FIELDS,
    ...SCAN_FIELDS,
    ...DERIVED_FIELDS,
  ]);
}
