import { describe, expect, it } from "vitest";
import {
  buildDeviceRequest,
  passwordDigest,
  parseDeviceInformation,
  parseGetScopes,
  parseSystemDateAndTime,
} from "../../../probes/onvif/soap.ts";
import { findText, parseXml } from "../../../src/net/xml.ts";
import { fixture } from "../../helpers.ts";

describe("ONVIF device service", () => {
  it("reads the UTC clock of the Axis GetSystemDateAndTime sample", () => {
    const r = parseSystemDateAndTime(fixture("samples/axis-onvif-getsystemdateandtime-1.xml"));
    expect(r.value?.toISOString()).toBe("2024-07-09T19:49:06.000Z");
  });

  it("computes PasswordDigest = Base64(SHA1(nonce + created + password))", () => {
    // Vector computed independently (Python hashlib) from the nonce and Created of the HA onvif-zeep request sample.
    expect(passwordDigest(Buffer.from("N3f3XZEw51JmFa1X3x4KSw==", "base64"), "2023-05-01T13:48:06+00:00", "admin123")).toBe("6NNGKokspL7vGhZbLRVA3TuIvts=");
  });

  it("builds a WS-Security header shaped like the real client's", () => {
    const req = buildDeviceRequest("GetDeviceInformation", { username: "admin", password: "pw", created: new Date("2024-01-02T03:04:05.678Z"), nonce: Buffer.alloc(16, 1) });
    const sample = parseXml(fixture("requests/onvif-wsse-passworddigest-getcapabilities.xml")).doc;
    const ours = parseXml(req).doc;
    for (const el of ["Username", "Password", "Nonce", "Created"]) {
      expect(findText(ours, el), el).toBeDefined();
      expect(findText(sample, el), el).toBeDefined();
    }
    expect(findText(ours, "Created")).toBe("2024-01-02T03:04:05Z");
    expect(req).toContain("#PasswordDigest");
    expect(req).toContain("<GetDeviceInformation xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>");
  });

  it("reads GetDeviceInformation without turning serials into numbers", () => {
    const xml = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body><tds:GetDeviceInformationResponse><tds:Manufacturer>Bosch</tds:Manufacturer><tds:Model>FLEXIDOME indoor 5100i IR</tds:Model><tds:FirmwareVersion>8.71.0066</tds:FirmwareVersion><tds:SerialNumber>0044123456</tds:SerialNumber><tds:HardwareId>F000B543</tds:HardwareId></tds:GetDeviceInformationResponse></s:Body></s:Envelope>`;
    expect(parseDeviceInformation(xml).value).toEqual({ manufacturer: "Bosch", model: "FLEXIDOME indoor 5100i IR", firmwareVersion: "8.71.0066", serialNumber: "0044123456", hardwareId: "F000B543" });
  });

  it("recognises a NotAuthorized fault as evidence, not an error", () => {
    const xml = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">Sender not Authorized</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>`;
    const r = parseDeviceInformation(xml);
    expect(r.value).toBeUndefined();
    expect(r.fault).toEqual({ code: "env:Sender", subcode: "ter:NotAuthorized", reason: "Sender not Authorized", notAuthorized: true });
  });

  it("reads GetScopes items and flags replies without the expected content", () => {
    const xml = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><tds:GetScopesResponse xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema"><tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>onvif://www.onvif.org/name/Dahua</tt:ScopeItem></tds:Scopes></tds:GetScopesResponse></s:Body></s:Envelope>`;
    expect(parseGetScopes(xml).value).toEqual(["onvif://www.onvif.org/name/Dahua"]);
    expect(parseGetScopes("<html/>").error).toBeDefined();
  });
});
