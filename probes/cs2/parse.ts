import type { Observation } from "../../src/model/observation.ts";
import { CS2_PUNCH_PKT } from "./build.ts";

export const PROBE_NAME = "cs2";
export const CS2_EMITS = ["cs2.did"];

/** An ASCII field of the DID, up to its first NUL: capital letters only, as every id seen. */
function letters(b: Buffer): string | undefined {
  const end = b.indexOf(0);
  const text = b.subarray(0, end < 0 ? b.length : end).toString("latin1");
  return /^[A-Z]{1,8}$/.test(text) ? text : undefined;
}

/**
 * The device id from a PunchPkt (0xF1 0x41, length 20), written as the apps do: PREFIX-NNNNNN-CHECK, the serial
 * padded to six digits. Undefined for anything else, our own search included. Pure.
 */
export function parsePunchPkt(buf: Buffer): string | undefined {
  if (buf.length < 24 || buf[0] !== 0xf1 || buf[1] !== CS2_PUNCH_PKT || buf.readUInt16BE(2) < 20) return undefined;
  const body = buf.subarray(4, 24);
  const prefix = letters(body.subarray(0, 8));
  const check = letters(body.subarray(12, 20));
  if (!prefix || !check) return undefined;
  return `${prefix}-${String(body.readUInt32BE(8)).padStart(6, "0")}-${check}`;
}

/** The id as evidence, and as a key that joins the device's other replies (it is unique to the device). */
export function cs2Observations(ip: string, did: string): Observation[] {
  return [{ ip, probe: PROBE_NAME, field: "cs2.did", value: did, keys: [`p2p:${did}`] }];
}
