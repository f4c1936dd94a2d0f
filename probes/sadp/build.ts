import { randomUUID } from "node:crypto";

export const SADP_PORT = 37020;
export const SADP_GROUP = "239.255.255.250";

/** The SADP inquiry, single-line as Hikvision's own tool sends it, with a fresh upper-case GUID. */
export function buildSadpInquiry(uuid = randomUUID().toUpperCase()): string {
  return `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${uuid}</Uuid><Types>inquiry</Types></Probe>`;
}
