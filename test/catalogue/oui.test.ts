import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { builtInCatalogue } from "../../src/catalogue/index.ts";
import { isLocallyAdministered, macFromUuid, normaliseMac } from "../../src/model/mac-address.ts";
import { payloadMacs } from "../../src/scan/mac.ts";
import { ouiOrganisation } from "../../src/scan/oui.ts";

const oui = createRequire(import.meta.url)("oui-data") as Record<string, string>;
const orgCount = (org: string): number => Object.values(oui).filter((v) => v.split("\n")[0] === org).length;

describe("OUI organisations in the catalogue", () => {
  const cat = builtInCatalogue();
  const orgs = [...cat.data.vendors.flatMap((v) => v.ouiOrganisations), ...cat.data.brands.flatMap((b) => b.ouiOrganisations ?? [])];

  it("every organisation name still exists in the registry data, spelled exactly", () => {
    const missing = orgs.filter((o) => orgCount(o) === 0);
    expect(missing).toEqual([]);
  });

  it("the camera makers' prefix counts have not shrunk (oui-data 2.1.9: Hikvision 84, Dahua 27+4+2, EZVIZ 15)", () => {
    expect(orgCount("Hangzhou Hikvision Digital Technology Co.,Ltd.")).toBeGreaterThanOrEqual(84);
    expect(orgCount("Zhejiang Dahua Technology Co., Ltd.") + orgCount("ZHEJIANG DAHUA TECHNOLOGYCO.,LTD") + orgCount("ZHEJIANG DAHUA ZHILIAN CO.,LTD")).toBeGreaterThanOrEqual(33);
    expect(orgCount("Hangzhou Ezviz Software Co.,Ltd.")).toBeGreaterThanOrEqual(15);
  });

  it("looks up by exact name only", async () => {
    expect(await ouiOrganisation("bc:ad:28:00:00:01")).toBe("Hangzhou Hikvision Digital Technology Co.,Ltd.");
    expect(cat.lookupOuiOrganisation("Hangzhou Hikvision Digital Technology Co.,Ltd.")?.vendor?.id).toBe("hikvision");
    expect(cat.lookupOuiOrganisation("Amcrest Technologies")?.brand?.name).toBe("Amcrest");
    expect(cat.lookupOuiOrganisation("Shanghai Dahua Scale Factory")).toBeUndefined();
    expect(cat.lookupOuiOrganisation("hikvision")).toBeUndefined();
  });
});

describe("MACs", () => {
  it("normalises spellings and rejects non-MACs", () => {
    expect(normaliseMac("AC-CC-8E-27-0A-D8")).toBe("ac:cc:8e:27:0a:d8");
    expect(normaliseMac("accc8e270ad8")).toBe("ac:cc:8e:27:0a:d8");
    expect(normaliseMac("00:00:00:00:00:00")).toBeUndefined();
    expect(normaliseMac("not a mac")).toBeUndefined();
  });
  it("takes the node of version-1 UUIDs only", () => {
    expect(macFromUuid("urn:uuid:18ec6401-3aa0-11b5-83f6-b4a3820fd92d")).toBe("b4:a3:82:0f:d9:2d");
    expect(macFromUuid("uuid:503b687a-b9d7-474f-a2d0-a18c8b25a464")).toBeUndefined(); // v4: random
    expect(macFromUuid("uuid:00000000-0000-1000-8000-030000000001")).toBeUndefined(); // multicast bit: random node
  });
  it("flags locally administered MACs", () => {
    expect(isLocallyAdministered("02:77:7f:4d:00:0a")).toBe(true);
    expect(isLocallyAdministered("bc:ad:28:4f:d0:7b")).toBe(false);
  });
  it("reads MACs devices state in Bonjour TXT and ONVIF scopes", () => {
    const claims = payloadMacs([
      { ip: "x", probe: "mdns", field: "mdns.txt", value: "_axis-video._tcp macaddress=ACCC8E270AD8" },
      { ip: "x", probe: "ws-discovery", field: "onvif.scope.mac", value: "bc:ad:28:4f:d0:7b" },
    ]);
    expect(claims).toEqual([
      { mac: "ac:cc:8e:27:0a:d8", from: "mdns.txt" },
      { mac: "bc:ad:28:4f:d0:7b", from: "onvif.scope.mac" },
    ]);
  });
  it("puts a MAC a device states before one read from a UUID, whichever reply came first", () => {
    // A time-based WS-Discovery endpoint whose node is not the MAC SADP states (a UUID made on another machine).
    const wsd = { ip: "x", probe: "ws-discovery", field: "wsd.endpoint", value: "urn:uuid:5a3c9e00-1d2b-11b5-8c2e-0ca64c112e3f" };
    const sadp = { ip: "x", probe: "sadp", field: "sadp.mac", value: "0c-a6-4c-11-00-0c" };
    const expected = [
      { mac: "0c:a6:4c:11:00:0c", from: "sadp.mac" },
      { mac: "0c:a6:4c:11:2e:3f", from: "wsd.endpoint" },
    ];
    expect(payloadMacs([wsd, sadp])).toEqual(expected);
    expect(payloadMacs([sadp, wsd])).toEqual(expected);
  });
});

describe("the compact OUI index", () => {
  it("answers as the parsed registry does, for every MA-L, MA-M and MA-S entry (longest prefix wins)", async () => {
    const keys = Object.keys(oui);
    const has = new Set(keys);
    let checked = 0;
    for (const k of keys) {
      if (/^.[26AE]/i.test(k)) continue; // locally administered: never looked up
      const mac = `${k}000000000`.slice(0, 12).match(/../g)!.join(":");
      const hex = mac.replace(/:/g, "").toUpperCase();
      const longest = [9, 7, 6].map((n) => hex.slice(0, n)).find((p) => has.has(p))!;
      expect(await ouiOrganisation(mac), mac).toBe(oui[longest]!.split("\n")[0]!.trim() || undefined);
      checked++;
    }
    expect(checked).toBeGreaterThan(50_000);
  });

  it("decodes escapes and non-ASCII names", async () => {
    const odd = Object.entries(oui).find(([k, v]) => k.length === 6 && /[^\x20-\x7e]/.test(v.split("\n")[0]!) && !/^.[26AE]/i.test(k))!;
    expect(odd).toBeDefined();
    const mac = `${odd[0]}000000`.match(/../g)!.join(":");
    expect(await ouiOrganisation(mac)).toBe(odd[1].split("\n")[0]!.trim());
  });
});
