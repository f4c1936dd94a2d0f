import { describe, expect, it } from "vitest";
import { buildPunchPkt, CS2_LAN_SEARCH } from "../../../probes/cs2/build.ts";
import { cs2Observations, parsePunchPkt } from "../../../probes/cs2/parse.ts";
import { builtInCatalogue } from "../../../src/catalogue/index.ts";
import { exposureOf } from "../../../src/classify/exposure.ts";
import { toEvidence } from "../../../src/scan/enrich.ts";
import { fixture } from "../../helpers.ts";

/** The hexdump lines of the real capture (an X5/A9 camera's PunchPkt, logged by the vendor's own library). */
function captured(): Buffer {
  const text = fixture("samples/cs2-pppp-punchpkt-1-x5-a9.txt");
  const dump = text.slice(text.indexOf("00000000"), text.indexOf("# (2)"));
  const bytes = [...dump.matchAll(/^\s*000000[01]0\s+((?:[0-9a-f]{2} )+)/gm)].flatMap((m) => m[1]!.trim().split(" "));
  return Buffer.from(bytes.join(""), "hex");
}

describe("CS2 P2P LAN search", () => {
  it("reads the P2P id from a real camera's PunchPkt", () => {
    const pkt = captured();
    expect(pkt.length).toBe(24);
    expect(parsePunchPkt(pkt)).toBe("BATC-609531-EXLVS");
    // The lab's devices answer with the same bytes.
    expect(buildPunchPkt("BATC-609531-EXLVS").equals(pkt)).toBe(true);
  });
  it("reads the test vectors of the same project, a three-letter prefix and a short serial among them", () => {
    expect(parsePunchPkt(Buffer.from("f14100144241544400000000000262ca574f4e4a4d000000", "hex"))).toBe("BATD-156362-WONJM");
    expect(parsePunchPkt(Buffer.from("f14100145848410000000000000003e24b4d4d4542000000", "hex"))).toBe("XHA-000994-KMMEB");
  });
  it("ignores our own search, other messages and garbage", () => {
    expect(parsePunchPkt(CS2_LAN_SEARCH)).toBeUndefined();
    expect(parsePunchPkt(Buffer.from("f1420014" + "4241544300000000" + "00094cfb" + "45584c5653000000", "hex"))).toBeUndefined();
    expect(parsePunchPkt(Buffer.from("f1410014" + "00".repeat(20), "hex"))).toBeUndefined();
    expect(parsePunchPkt(Buffer.from("f14100144241544300000000", "hex"))).toBeUndefined();
  });
  it("makes the id evidence that joins the device's replies, names it a camera and flags the exposure", () => {
    const obs = cs2Observations("192.0.2.60", "BATC-609531-EXLVS");
    expect(obs).toEqual([{ ip: "192.0.2.60", probe: "cs2", field: "cs2.did", value: "BATC-609531-EXLVS", keys: ["p2p:BATC-609531-EXLVS"] }]);
    const catalogue = builtInCatalogue();
    expect(exposureOf(obs.map(toEvidence), catalogue.data.exposureSignals).map((x) => [x.kind, x.evidence])).toEqual([["p2p-id", "cs2.did = BATC-609531-EXLVS (cs2)"]]);
    expect(catalogue.rules.find((r) => r.rule.id === "cs2-p2p-id")).toBeDefined();
  });
});
