import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INFO_ENDPOINT_RECORDS } from "../../probes/info-endpoints.ts";
import { evidenceVocabulary } from "../../probes/evidence-fields.ts";
import { payloadMacs } from "../../src/scan/mac.ts";

const sample = (p: string): string => readFileSync(new URL(`../../mock-devices/samples/${p}`, import.meta.url), "utf8");
const endpoint = (name: string) => INFO_ENDPOINT_RECORDS.find((e) => e.name === name)!;

describe("MACs a device states in its replies", () => {
  it("takes the MAC from a Hanwha SUNAPI deviceinfo reply (real sample, XRN-2010)", () => {
    const url = "http://192.0.2.7/stw-cgi/system.cgi?msubmenu=deviceinfo&action=view";
    const { observations } = endpoint("hanwha-sunapi").parse("192.0.2.7", url, sample("hanwha-xrn-2010/deviceinfo.txt"), 200);
    expect(payloadMacs(observations)).toEqual([{ mac: "00:16:6c:b9:1f:07", from: "sunapi.mac" }]);
  });

  it("ignores the masked MAC of an AVTECH capability reply (real sample, DVR 308B)", () => {
    const url = "http://192.0.2.8/cgi-bin/nobody/Machine.cgi?action=get_capability";
    const { observations } = endpoint("avtech-capability").parse("192.0.2.8", url, sample("avtech-dvr-308b/machine-get-capability.txt"), 200);
    expect(observations.some((o) => o.field === "avtech.mac")).toBe(true);
    expect(payloadMacs(observations)).toEqual([]);
  });

  it("reads every '<source>.mac' field of the vocabulary as a stated MAC, and no other field", () => {
    const fields = [...evidenceVocabulary()].filter((f) => !f.endsWith(".*"));
    const stating = fields.filter((field) => payloadMacs([{ ip: "x", probe: "p", field, value: "00:16:6c:b9:1f:07" }]).length > 0);
    expect(stating.sort()).toEqual(fields.filter((f) => f.endsWith(".mac")).sort());
    // Every maker's reply that carries a MAC is among them; an ONVIF scope's MAC comes under "onvif.scope.*".
    expect(stating).toEqual(expect.arrayContaining(["sunapi.mac", "avtech.mac", "isapi.mac", "dahua.rpc2.mac", "lapi.mac", "sadp.mac", "dhip.mac"]));
    expect(payloadMacs([{ ip: "x", probe: "ws-discovery", field: "onvif.scope.mac", value: "bc-ad-28-4f-d0-7b" }])).toEqual([{ mac: "bc:ad:28:4f:d0:7b", from: "onvif.scope.mac" }]);
  });
});
