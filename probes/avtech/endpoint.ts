import type { InfoEndpointRecord } from "../info-endpoint.ts";
import { readKeyValues } from "../key-values.ts";

const FIELDS: Record<string, string> = {
  "Product.Type": "avtech.productType",
  "Product.ID": "avtech.productId",
  "Firmware.Version": "avtech.firmware",
  MACAddress: "avtech.mac",
};

export const avtechEndpoint: InfoEndpointRecord = {
  name: "avtech-capability",
  description: "AVTECH Machine.cgi get_capability under /cgi-bin/nobody/ (key=value; answered without credentials)",
  path: "/cgi-bin/nobody/Machine.cgi?action=get_capability",
  method: "GET",
  identifies: true,
  digest: false,
  emits: Object.values(FIELDS),
  parse: (ip, url, body, status) => (status === 200 ? { observations: readKeyValues(ip, url, body, "avtech", FIELDS) } : { observations: [] }),
};
