import { buildPunchPkt } from "../../probes/cs2/build.ts";
import type { Persona, PersonaContext } from "../persona.ts";

/** A CS2 P2P device's PunchPkt, naming its id, in answer to the four-byte LAN search. */
export function respondCs2(persona: Persona, _ctx: PersonaContext, datagram: Buffer): Buffer[] {
  if (!persona.cs2 || datagram.length !== 4 || datagram[0] !== 0xf1 || datagram[1] !== 0x30) return [];
  return [buildPunchPkt(persona.cs2.did)];
}
