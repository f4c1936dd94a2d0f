import type { Observation } from "../src/model/observation.ts";

/** What an endpoint's parser makes of one reply. Never throws. */
export interface EndpointReading {
  observations: Observation[];
  error?: string;
}

/**
 * One read-only device-info endpoint of a maker's firmware: where it lives, how to ask, which evidence fields it
 * emits, and how to read the answer. The scan asks these; the catalogue says which maker has which.
 */
export interface InfoEndpointRecord {
  name: string;
  description: string;
  /** Path with its query string, on the device's web origin. */
  path: string;
  method: "GET" | "POST";
  body?: string;
  contentType?: string;
  /**
   * Asked of a device nothing identifies yet, because its answer alone shows the firmware family; false for
   * follow-ups asked only once the maker is known.
   */
  identifies: boolean;
  /** Answer a Digest challenge from this endpoint with the user's credentials (only when it challenged). */
  digest: boolean;
  /** Asked only when the user gave credentials (a settings page, not a device-info one). */
  credentialsOnly?: boolean;
  /** Evidence fields `parse` can emit, besides the http.pathStatus and http.realm every endpoint gives. */
  emits: string[];
  /** Read a reply; `status` lets an endpoint read the error bodies that identify its firmware too. */
  parse: (ip: string, url: string, body: string, status: number) => EndpointReading;
}

/** Fields every device-info request emits, whatever the endpoint. */
export const COMMON_ENDPOINT_FIELDS = ["http.pathStatus", "http.realm", "http.authScheme", "http.challenge"];
