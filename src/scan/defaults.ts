import { DEFAULT_JURISDICTIONS } from "../classify/classify.ts";
import { DEFAULT_HTTP_OPTIONS } from "../net/http.ts";
import { DEFAULT_PORTS } from "../../probes/tcp/index.ts";

/** Scan settings a user does not have to give. */
export const SCAN_DEFAULTS = {
  listenMs: 3000,
  ports: DEFAULT_PORTS,
  sweepConcurrency: 256,
  /** Per connect in the sweep: a LAN answers in milliseconds; silence past this means nobody is there. */
  sweepTimeoutMs: 1000,
  http: DEFAULT_HTTP_OPTIONS,
  /** One device's enrichment, every round together: a slow or hostile device cannot hold the scan. */
  deviceBudgetMs: 20_000,
  jurisdictions: [...DEFAULT_JURISDICTIONS],
};
