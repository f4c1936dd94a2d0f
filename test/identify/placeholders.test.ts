import { describe, expect, it } from "vitest";
import { builtInCatalogue } from "../../src/catalogue/index.ts";
import { classify } from "../../src/classify/classify.ts";
import { identify } from "../../src/identify/identify.ts";

const catalogue = builtInCatalogue();
const onvif = (field: string, value: string) => ({ source: "onvif", field: `onvif.${field}`, value });

// A neutral OEM build of a Uniview terminal states Manufacturer "NONE" (mock-devices/samples/uniview-oet-213h-nb).
describe("placeholder names", () => {
  it("takes no maker from a stand-in name, and so never calls the device clear", () => {
    const id = identify([onvif("manufacturer", "NONE"), onvif("model", "OET-213H-NB")], catalogue);
    expect(id.vendor).toBeUndefined();
    expect(id.brand).toBeUndefined();
    expect(id.model).toBe("OET-213H-NB");
    expect(classify(id, catalogue, ["us"], "ONVIF GetDeviceInformation").level).not.toBe("clear");
  });

  it("the firmware line still shows the maker the stand-in hides", () => {
    const id = identify([onvif("manufacturer", "NONE"), onvif("model", "OET-213H-NB"), onvif("firmware", "QPTS-B2209.3.15.CENB02LJ01.200628")], catalogue);
    expect([id.vendor, id.platform, id.brand]).toEqual(["Uniview", "uniview", "Uniview"]);
  });

  it("still takes a real name that is in no table", () => {
    expect(identify([onvif("manufacturer", "Acme Optics")], catalogue).vendor).toBe("Acme Optics");
  });

  it("takes no maker from an unknown name on a device positively not surveillance (minidlna's author in UPnP)", () => {
    // MiniDLNA 1.3.0's description (test/fixtures/samples/upnp-minidlna-1.3.0-rootdesc.xml).
    const upnp = (field: string, value: string) => ({ source: "upnp", field: `upnp.${field}`, value });
    const id = identify([upnp("deviceType", "urn:schemas-upnp-org:device:MediaServer:1"), upnp("manufacturer", "Justin Maggard"), upnp("modelNumber", "1.3.0")], catalogue);
    expect([id.deviceType, id.vendor, id.brand]).toEqual(["other", undefined, undefined]);
    expect(id.decisions.some((d) => d.value === "Justin Maggard")).toBe(false);
    expect(classify(id, catalogue, ["us"]).level).toBe("clear");
  });

  it("ignores case and spacing, and each placeholder carries its source", () => {
    expect(catalogue.isPlaceholderName(" general ")).toBe(true);
    expect(catalogue.isPlaceholderName("Generalis")).toBe(false);
    for (const p of catalogue.data.placeholderNames) expect(p.source).toMatch(/^https:\/\//);
  });
});

describe("names a hostile device gives", () => {
  it("takes no maker from a name made of controls or bidi overrides, or from an entity a document never defined", () => {
    for (const name of ["\u202eevil\u202c-model", "\u2066isolate\u2069", "&lol9;", "\u001b[2J"]) {
      const id = identify([onvif("manufacturer", name), onvif("model", "X1")], catalogue);
      expect(id.vendor, JSON.stringify(name)).toBeUndefined();
    }
  });
});
