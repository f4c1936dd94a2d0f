import { describe, expect, it } from "vitest";
import { buildSadpInquiry } from "../../../probes/sadp/build.ts";
import { parseSadp, sadpObservations, sameSubnet } from "../../../probes/sadp/parse.ts";
import { fixture } from "../../helpers.ts";

const get = (obs: { field: string; value: string }[], f: string): string | undefined => obs.find((o) => o.field === f)?.value;

describe("SADP", () => {
  it("reads the truncated DS-7804HQH-K1 DVR reply (comments, cut mid-document)", () => {
    const m = parseSadp(fixture("samples/hikvision-sadp-probematch-1-ds7804hqh-k1.xml"))!;
    const obs = sadpObservations("192.0.2.227", m);
    expect(get(obs, "sadp.model")).toBe("DS-7804HQH-K1");
    expect(get(obs, "sadp.serial")).toBe("DS-7804HQH-K10420190822CCCHD53257168WCVU");
    expect(get(obs, "sadp.mac")).toBe("68-6d-bc-ee-f8-f0");
    expect(get(obs, "sadp.firmware")).toBe("V3.5.38build 191215");
    expect(get(obs, "sadp.activated")).toBe("true");
    expect(get(obs, "sadp.oemInfo")).toBeUndefined(); // "N/A"
    expect(obs[0]?.keys).toEqual(["serial:DS-7804HQH-K10420190822CCCHD53257168WCVU", "mac:68:6d:bc:ee:f8:f0"]);
  });

  it("reads the DS-2CD5026EFWD-A reply with its 'flase' typo and 1970 boot time", () => {
    const obs = sadpObservations("192.0.2.24", parseSadp(fixture("samples/hikvision-sadp-probematch-2-ds2cd5026efwd.xml"))!);
    expect(get(obs, "sadp.model")).toBe("DS-2CD5026EFWD-A");
    expect(get(obs, "sadp.ipv4")).toBe("192.168.66.24");
    expect(get(obs, "sadp.deviceType")).toBe("140071");
  });

  it("keys no device by a stand-in serial: two devices that give one stay two", () => {
    // The DVR's real reply with its serial blanked as a cloned or factory-reset unit may give it (hostile input).
    const real = parseSadp(fixture("samples/hikvision-sadp-probematch-1-ds7804hqh-k1.xml"))!;
    for (const stand of ["0000000000", "N/A"]) {
      const { MAC: _mac, ...fields } = real.fields;
      const m = { fields: { ...fields, DeviceSN: stand } };
      expect(sadpObservations("192.0.2.227", m)[0]?.keys, stand).toBeUndefined();
    }
    expect(sadpObservations("192.0.2.227", real)[0]?.keys?.[0]).toMatch(/^serial:DS-7804HQH-K1/);
  });

  it("ignores inquiries and anything else", () => {
    expect(parseSadp(buildSadpInquiry())).toBeUndefined();
    expect(parseSadp("garbage")).toBeUndefined();
  });

  it("builds the inquiry Hikvision's tool sends", () => {
    expect(buildSadpInquiry("12D17626-0DE1-48DB-97E3-40B106467932")).toBe(
      fixture("requests/sadp-dhip-probes.txt").split("\n").find((l) => l.startsWith("<?xml"))!,
    );
  });

  it("tells a misaddressed device", () => {
    expect(sameSubnet("10.10.1.1", "192.168.1.64", "255.255.255.0")).toBe(false);
    expect(sameSubnet("192.168.1.1", "192.168.1.64", "255.255.255.0")).toBe(true);
  });
});
