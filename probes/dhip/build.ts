export const DHIP_PORT = 37810;
export const DHIP_GROUP = "239.255.255.251";
const MAGIC = Buffer.from("DHIP", "ascii");

/** A DHIP frame: 32-byte little-endian header (length 32, "DHIP", session, id, payload length twice) + payload. */
export function buildDhipFrame(payload: string, session = 0, id = 0): Buffer {
  const body = Buffer.from(payload, "utf8");
  const h = Buffer.alloc(32);
  h.writeUInt32LE(0x20, 0);
  MAGIC.copy(h, 4);
  h.writeUInt32LE(session, 8);
  h.writeUInt32LE(id, 12);
  h.writeUInt32LE(body.length, 16);
  h.writeUInt32LE(body.length, 24);
  return Buffer.concat([h, body]);
}

/** The search ConfigTool sends. */
export function buildDhipSearch(): Buffer {
  return buildDhipFrame(`${JSON.stringify({ method: "DHDiscover.search", params: { mac: "", uni: 1 } })}\n`);
}
