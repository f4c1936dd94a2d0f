import { describe, expect, it } from "vitest";
import { builtInCatalogue } from "../../src/catalogue/index.ts";
import { exposureOf } from "../../src/classify/exposure.ts";
import { toEvidence } from "../../src/scan/enrich.ts";
import { parseSadp, sadpObservations } from "../../probes/sadp/parse.ts";
import { isapiEzvizEndpoint } from "../../probes/isapi/ezviz.ts";
import { dahuaP2pEndpoint } from "../../probes/dahua-http/p2p.ts";
import { fixture } from "../helpers.ts";

const signals = builtInCatalogue().data.exposureSignals;

describe("cloud and P2P exposure", () => {
  it("reads Hik-Connect's switch from a real SADP reply, whose firmware spells false as flase: not exposed", () => {
    const obs = sadpObservations("192.0.2.40", parseSadp(fixture("samples/hikvision-sadp-probematch-hcplatform-1.xml"))!);
    expect(obs).toContainEqual({ ip: "192.0.2.40", probe: "sadp", field: "sadp.hcPlatformSupport", value: "true" });
    expect(obs).toContainEqual({ ip: "192.0.2.40", probe: "sadp", field: "sadp.hcPlatformEnable", value: "flase" });
    expect(exposureOf(obs.map(toEvidence), signals)).toEqual([]);
  });
  it("reads ISAPI's Hik-Connect settings from a real device's answer (off, not registered): not exposed", () => {
    const r = isapiEzvizEndpoint.parse("192.0.2.41", "http://192.0.2.41/ISAPI/System/Network/EZVIZ", fixture("samples/hikvision-isapi-ezviz-1.xml"), 200);
    expect(r.observations.map((o) => [o.field, o.value])).toEqual([
      ["isapi.ezviz.enabled", "false"],
      ["isapi.ezviz.registered", "false"],
      ["isapi.ezviz.server", "litedev.hik-connect.com"],
    ]);
    expect(exposureOf(r.observations.map(toEvidence), signals)).toEqual([]);
    expect(isapiEzvizEndpoint.parse("192.0.2.41", "u", "<html>401</html>", 401).observations).toEqual([]);
  });
  it("reads Dahua's P2P settings from a real Amcrest camera's answer (on, registered with Amcrest's relay): exposed", () => {
    const url = "http://192.0.2.42/cgi-bin/configManager.cgi?action=getConfig&name=T2UServer";
    const r = dahuaP2pEndpoint.parse("192.0.2.42", url, fixture("samples/amcrest-http-configmanager-t2userver-1.txt"), 200);
    expect(r.observations.map((o) => [o.field, o.value])).toEqual([
      ["dahua.p2p.server", "p2p.amcrestview.com"],
      ["dahua.p2p.enabled", "true"],
      ["dahua.p2p.type", "dhp2p"],
      ["dahua.p2p.id", "AMC0957EE72D5819C5"],
    ]);
    expect(exposureOf(r.observations.map(toEvidence), signals)).toEqual([
      { kind: "dahua-p2p", title: "Dahua P2P cloud switched on", evidence: "dahua.p2p.enabled = true (dahua-p2p)", why: expect.stringMatching(/relay servers/), source: expect.stringMatching(/^https:\/\//) },
    ]);
    expect(dahuaP2pEndpoint.parse("192.0.2.42", url, "Error\r\nBad Request!\r\n", 400).observations).toEqual([]);
    expect(dahuaP2pEndpoint.credentialsOnly).toBe(true);
  });
  it("flags a device with Hik-Connect on, with the evidence and why it matters", () => {
    const found = exposureOf([{ source: "sadp", field: "sadp.hcPlatformEnable", value: "true" }], signals);
    expect(found).toEqual([{ kind: "hik-connect", title: "Hik-Connect cloud switched on", evidence: "sadp.hcPlatformEnable = true (sadp)", why: expect.stringMatching(/Hikvision's servers/), source: expect.stringMatching(/^https:\/\//) }]);
  });
});
