/**
 * CS2 Network's P2P protocol (PPPP, also sold as iLnkP2P; in cheap Wi-Fi cameras, baby monitors and doorbells):
 * its LAN search is four bytes to UDP 32108, and a device answers with its P2P id (the DID) in a PunchPkt.
 */
export const CS2_PORT = 32108;
/** MSG_LAN_SEARCH: magic 0xF1, type 0x30, no payload. */
export const CS2_LAN_SEARCH = Buffer.from([0xf1, 0x30, 0x00, 0x00]);
export const CS2_PUNCH_PKT = 0x41;

/** The 20-byte DID: prefix (8 bytes, NUL-padded), serial (u32 big-endian), check code (8 bytes, NUL-padded). */
export function encodeDid(did: string): Buffer {
  const m = /^([A-Z]{1,8})-(\d{1,10})-([A-Z]{1,8})$/.exec(did);
  if (!m) throw new Error(`not a CS2 device id: ${did}`);
  const body = Buffer.alloc(20);
  body.write(m[1]!, 0, "latin1");
  body.writeUInt32BE(Number(m[2]), 8);
  body.write(m[3]!, 12, "latin1");
  return body;
}

/** A device's PunchPkt answer to a LAN search (the lab's devices send it). */
export function buildPunchPkt(did: string): Buffer {
  return Buffer.concat([Buffer.from([0xf1, CS2_PUNCH_PKT, 0x00, 0x14]), encodeDid(did)]);
}
