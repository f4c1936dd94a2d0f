import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";
import { ReportSchema, type Device, type PlanGroup } from "../../src/model/report.ts";

// A real device's answer: a Hikvision DS-2CD2532F-IWS on V5.2.0 build 140721 (its ISAPI deviceInfo, recorded by
// hikvision_next's diagnostics), beside a camera on current firmware. The old one falls in CVE-2017-7921 (in CISA's
// KEV catalogue) and CVE-2017-7923 by the version it states; nothing is sent to test either.
const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;
const run = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });

let lab: Lab;
const asked: string[] = [];
beforeAll(async () => {
  const all = loadPersonas({ samples: true });
  // And the lab's NVR, whose SADP reply says Hik-Connect is on, a Dahua camera, and the site's router, whose
  // UPnP port-mapping table forwards two ports to that camera.
  // Last, a camera whose ISAPI settings say Hik-Connect is on, and an Amcrest (Dahua) camera whose P2P client is on:
  // both read only with credentials.
  const personas = ["sample:hik-ds-2cd2532f-iws", "sample:hik-ds-2cd2386g2-iu-v5.7.14", "hikvision-nvr", "dahua-ipc", "upnp-gateway", "hikvision-ipc", "amcrest-ipc", "p2p-camera"].map((id) => all.find((p) => p.id === id)!);
  lab = await startLab({ personas, firstAddress: "127.74.0.10", maxReplyDelayMs: 50, onHttpRequest: (ip, _m, url) => asked.push(`${ip} ${url}`) });
});
afterAll(async () => lab?.close());

/**
 * Scan one device without credentials (the settings page is never asked, and there is no exposure), then with them
 * (it is asked): the device as the second scan reports it.
 */
async function scanWithAndWithoutCredentials(ip: string, settingsPage: string, password: string): Promise<Device & { plan: PlanGroup[] }> {
  const args = ["scan", "-i", "lo", ip, "--listen", "800", "--no-db", "--format", "json"];
  const device = (stdout: string): Device => ReportSchema.parse(JSON.parse(stdout)).devices.find((d) => d.ip === ip)!;
  asked.length = 0;
  const without = await run(args);
  expect(asked.filter((a) => a.includes(settingsPage))).toEqual([]);
  expect(device(without.stdout).exposure).toBeUndefined();
  const creds = path.join(mkdtempSync(path.join(tmpdir(), "camsweep-creds-")), "creds.json");
  writeFileSync(creds, JSON.stringify({ username: "admin", password }), { mode: 0o600 });
  const r = await run([...args, "--credentials-file", creds]);
  expect(asked.filter((a) => a.includes(settingsPage)).length).toBeGreaterThan(0);
  return { ...device(r.stdout), plan: ReportSchema.parse(JSON.parse(r.stdout)).replacementPlan ?? [] };
}

describe("known-vulnerable firmware, cloud and router exposure, and the replacement plan through the CLI", () => {
  it("flags the old camera's KEV entry: one stderr line and exit 1 with --fail-on-kev, in every report", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-vuln-"));
    const out = (f: string): string => path.join(dir, f);
    const r = await run(["scan", "-i", "lo", "127.74.0.10-14", "--listen", "800", "--no-db", "--fail-on-kev", "-q", "-o", out("r.json"), "-o", out("r.csv"), "-o", out("r.html"), "--prom", out("m.prom"), "--plan", out("plan.csv"), "--site", "Lobby"]);
    expect(r.stderr).toBe("camsweep: known exploited (CISA KEV): 127.74.0.10 Hikvision DS-2CD2532F-IWS: CVE-2017-7921\n");
    expect(r.code).toBe(1);
    const report = ReportSchema.parse(JSON.parse(readFileSync(out("r.json"), "utf8")));
    const old = report.devices.find((d) => d.ip === "127.74.0.10")!;
    expect(old.vulnerabilities?.map((v) => [v.id, v.kev])).toEqual([
      ["CVE-2017-7921", true],
      ["CVE-2017-7923", false],
    ]);
    expect(old.vulnerabilities![0]!.why).toMatch(/^DS-2CD2532F-IWS V5\.2\.0 build 140721 \(isapi\.\w+\): DS-2CD2xx2F-I, from V5\.2\.0 build 140721, through V5\.4\.0 build 160530$/);
    expect(report.devices.find((d) => d.ip === "127.74.0.11")!.vulnerabilities).toBeUndefined();
    expect(readFileSync(out("r.csv"), "utf8")).toMatch(/^127\.74\.0\.10,.*,CVE-2017-7921 \(KEV\);CVE-2017-7923,\r$/m);
    expect(readFileSync(out("r.html"), "utf8")).toMatch(/<section id="vulnerabilities"><h2>Known-vulnerable firmware \(1\)<\/h2>.*CVE-2017-7921<\/a> <strong class="kev">known exploited<\/strong>/s);
    // Both are covered: the replacement plan has a row for each model, in the JSON report and as CSV.
    expect(report.replacementPlan?.map((g) => [g.model, g.count])).toEqual([
      ["IPC-HFW2228M-I1-V2", 1],
      ["DS-2CD2386G2-IU", 1],
      ["DS-2CD2532F-IWS", 1],
      ["DS-7608NXI-I2", 1],
    ]);
    // The NVR's Hik-Connect is on, by its own SADP reply.
    expect(report.devices.find((d) => d.ip === "127.74.0.12")!.exposure?.map((x) => [x.kind, x.evidence])).toEqual([["hik-connect", "sadp.hcPlatformEnable = true (sadp)"]]);
    // The router's table, read over UPnP IGD: on the router each mapping, on the camera the exposure.
    const router = report.devices.find((d) => d.ip === "127.74.0.14")!;
    expect(router.evidence.filter((e) => e.field === "upnp.portMapping").map((e) => e.value)).toEqual([
      'TCP 37777 on the gateway 127.74.0.14 to 127.74.0.13:37777 ("127.74.0.13:37777 to 37777 (TCP)")',
      'TCP 8554 on the gateway 127.74.0.14 to 127.74.0.13:554 ("127.74.0.13:554 to 8554 (TCP)")',
    ]);
    expect(router.exposure).toBeUndefined();
    const camera = report.devices.find((d) => d.ip === "127.74.0.13")!;
    expect(camera.exposure?.map((x) => [x.kind, x.evidence])).toEqual([["upnp-port-mapping", 'upnp.portMappedHere = TCP 37777 on the gateway 127.74.0.14 to 127.74.0.13:37777 ("127.74.0.13:37777 to 37777 (TCP)") (upnp-igd)']]);
    expect(report.devices.filter((d) => d.exposure).map((d) => d.ip)).toEqual(["127.74.0.12", "127.74.0.13"]);
    const plan = readFileSync(out("plan.csv"), "utf8").split("\r\n");
    expect(plan[0]).toBe("site,maker,brand,model,device_type,level,count,onvif_profiles,ptz,audio,resolution,codecs,io,addresses,replacement");
    expect(plan).toContain("Lobby,Hikvision,,DS-2CD2532F-IWS,camera,covered,1,,,,,,,127.74.0.10,");
    const prom = readFileSync(out("m.prom"), "utf8");
    expect(prom).toContain('camsweep_devices_kev{site="Lobby"} 1\n');
    expect(prom).toContain('camsweep_devices_vulnerable{site="Lobby"} 1\n');
    expect(prom).toContain('camsweep_devices_exposed{site="Lobby"} 2\n');
    expect(readFileSync(out("r.html"), "utf8")).toMatch(/<section id="exposure"><h2>Cloud and P2P exposure \(2\)<\/h2>.*127\.74\.0\.12.*Hik-Connect cloud switched on.*127\.74\.0\.13.*A port opened to it on the site&#39;s router/s);
  }, 60_000);

  it("reads Hik-Connect's ISAPI settings only with credentials, and flags the camera that has it on", async () => {
    const cam = await scanWithAndWithoutCredentials("127.74.0.15", "/ISAPI/System/Network/EZVIZ", "Cam-lab-2024");
    expect(cam.exposure?.map((x) => [x.kind, x.evidence])).toEqual([["hik-connect", "isapi.ezviz.enabled = true (isapi-ezviz)"]]);
    expect(cam.evidence).toContainEqual(expect.objectContaining({ field: "isapi.ezviz.server", value: "litedev.hik-connect.com" }));
    // With credentials, its main stream and ports join the replacement plan.
    expect(cam.plan).toEqual([expect.objectContaining({ model: "DS-2CD2146G2-ISU", resolution: "2688x1520", codecs: ["H.265"], io: "1 in, 1 out", audio: true })]);
  }, 60_000);

  it("reads Dahua's P2P settings only with credentials, and flags the Amcrest camera whose P2P client is on", async () => {
    const cam = await scanWithAndWithoutCredentials("127.74.0.16", "name=T2UServer", "Amcrest-lab-2024");
    expect([cam.vendor, cam.brand]).toEqual(["Dahua", "Amcrest"]);
    expect(cam.exposure?.map((x) => [x.kind, x.evidence])).toEqual([["dahua-p2p", "dahua.p2p.enabled = true (dahua-p2p)"]]);
    expect(cam.evidence).toContainEqual(expect.objectContaining({ field: "dahua.p2p.server", value: "p2p.amcrestview.com" }));
    expect(cam.evidence).toContainEqual(expect.objectContaining({ field: "dahua.p2p.id", value: "AMC047530045" }));
  }, 60_000);

  it("flags a camera that answers CS2's P2P search with its cloud id, found by that alone", async () => {
    const r = await run(["scan", "-i", "lo", "127.74.0.17", "--listen", "800", "--no-db", "--format", "json"]);
    const cam = ReportSchema.parse(JSON.parse(r.stdout)).devices.find((d) => d.ip === "127.74.0.17")!;
    expect([cam.foundBy, cam.isSurveillance, cam.risk.level]).toEqual([["cs2"], true, "unidentified"]);
    expect(cam.exposure?.map((x) => [x.kind, x.evidence])).toEqual([["p2p-id", "cs2.did = BATC-609531-EXLVS (cs2)"]]);
    const without = await run(["scan", "-i", "lo", "127.74.0.17", "--listen", "800", "--no-db", "--format", "json", "--probes", "ws-discovery,ssdp,tcp"]);
    expect(ReportSchema.parse(JSON.parse(without.stdout)).devices.find((d) => d.ip === "127.74.0.17")).toBeUndefined();
  }, 60_000);

  it("without --fail-on-kev, the same scan exits 0 and the table names the vulnerable firmware", async () => {
    const r = await run(["scan", "-i", "lo", "127.74.0.10-14", "--listen", "800", "--no-db"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  vulnerable firmware: CVE-2017-7921 (known exploited), CVE-2017-7923\n");
    expect(r.stdout).toContain("  exposure: Hik-Connect cloud switched on\n");
  }, 60_000);
});
