import { describe, expect, it } from "vitest";
import { isapiCapabilitiesEndpoint, isapiStreamEndpoint } from "../../../probes/isapi/capabilities.ts";
import { fixture } from "../../helpers.ts";

const fields = (r: { observations: { field: string; value: string }[] }): [string, string][] => r.observations.map((o) => [o.field, o.value]);

// Real cameras' answers (hikvision_next diagnostics), turned back into the XML the cameras sent.
describe("ISAPI stream and capabilities", () => {
  it("reads the main stream's codec and resolution", () => {
    expect(fields(isapiStreamEndpoint.parse("192.0.2.50", "u", fixture("samples/hikvision-isapi-streaming-channel-101-1-ds-2cd2386g2-iu.xml"), 200))).toEqual([
      ["isapi.stream.codec", "H.264"],
      ["isapi.stream.resolution", "3840x2160"],
    ]);
    expect(fields(isapiStreamEndpoint.parse("192.0.2.51", "u", fixture("samples/hikvision-isapi-streaming-channel-101-2-ds-2cd2443g0-iw.xml"), 200))).toEqual([
      ["isapi.stream.codec", "H.265"],
      ["isapi.stream.resolution", "2688x1520"],
    ]);
  });
  it("reads audio and alarm ports from a PTZ dome, a bullet and a cube without alarm ports", () => {
    const caps = (name: string): [string, string][] => fields(isapiCapabilitiesEndpoint.parse("192.0.2.52", "u", fixture(`samples/${name}`), 200));
    const ports = (a: number, b: number, i: number, o: number): [string, string][] => [
      ["isapi.cap.audioInputs", String(a)],
      ["isapi.cap.audioOutputs", String(b)],
      ["isapi.cap.ioInputs", String(i)],
      ["isapi.cap.ioOutputs", String(o)],
    ];
    expect(caps("hikvision-isapi-system-capabilities-1-ds-2se4c425mwg-e-26.xml")).toEqual(ports(1, 1, 1, 1));
    expect(caps("hikvision-isapi-system-capabilities-2-ds-2cd2t86g2-isu.xml")).toEqual(ports(1, 1, 1, 1));
    expect(caps("hikvision-isapi-system-capabilities-3-ds-2cd2443g0-iw.xml")).toEqual(ports(1, 1, 0, 0));
  });
  it("reads nothing from a refusal or another document, and is asked only with credentials", () => {
    expect(isapiStreamEndpoint.parse("192.0.2.53", "u", "<html>401 Unauthorized</html>", 401).observations).toEqual([]);
    expect(isapiCapabilitiesEndpoint.parse("192.0.2.53", "u", fixture("samples/hikvision-isapi-streaming-channel-101-1-ds-2cd2386g2-iu.xml"), 200).observations).toEqual([]);
    expect([isapiStreamEndpoint.credentialsOnly, isapiCapabilitiesEndpoint.credentialsOnly]).toEqual([true, true]);
  });
});
