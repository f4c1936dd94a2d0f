import type { InfoEndpointRecord } from "../info-endpoint.ts";
import { readKeyValues } from "../key-values.ts";

/** Dahua's P2P service (DMSS, Easy4IP, and OEM relabels such as Amcrest View) as the device's own settings say. */
export const DAHUA_P2P_FIELDS = ["dahua.p2p.enabled", "dahua.p2p.type", "dahua.p2p.server", "dahua.p2p.id"];

/**
 * The T2UServer settings group, read-only: whether the P2P client is on, whose relay it registers with, and the id
 * it is reached by (the serial, on the devices seen). The firmware asks for credentials here, so it is asked only
 * when the user gave them.
 */
export const dahuaP2pEndpoint: InfoEndpointRecord = {
  name: "dahua-p2p",
  description: "Dahua CGI configManager.cgi?action=getConfig&name=T2UServer: the P2P cloud client switched on, its relay and id (with credentials only)",
  path: "/cgi-bin/configManager.cgi?action=getConfig&name=T2UServer",
  method: "GET",
  identifies: false,
  digest: true,
  credentialsOnly: true,
  emits: DAHUA_P2P_FIELDS,
  parse: (ip, url, body, status) =>
    status === 200
      ? {
          observations: readKeyValues(ip, url, body, "dahua-p2p", {
            "table.T2UServer.Enable": "dahua.p2p.enabled",
            "table.T2UServer.Type": "dahua.p2p.type",
            "table.T2UServer.Address": "dahua.p2p.server",
            "table.T2UServer.UUID": "dahua.p2p.id",
          }),
        }
      : { observations: [] },
};
