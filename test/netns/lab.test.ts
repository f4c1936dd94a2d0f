import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { netnsUnavailable, startNetnsLab, type NetnsLab } from "../../mock-devices/netns-lab.ts";
import { ReportSchema, type Report } from "../../src/model/report.ts";

// The layer-2 lab: bridges, veth pairs and one network namespace per device, built inside the private namespace
// the test suite runs in. Needs root; skipped with the reason otherwise.
const run = promisify(execFile);
const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;
const why = await netnsUnavailable();
const has = async (cmd: string): Promise<boolean> => run("sh", ["-c", `command -v ${cmd}`]).then(() => true, () => false);

const peers = {
  nmap: await has("nmap"),
  wsdd: await has("wsdd"),
  zeroconf: await run("/usr/bin/python3", ["-c", "import zeroconf"]).then(() => true, () => false),
  minidlna: await has("minidlnad"),
};

let lab: NetnsLab;
let full: Report;
let multicastOnly: Report;

async function scan(args: string[]): Promise<Report> {
  const { stdout } = await run("ip", ["netns", "exec", lab.scannerNs, process.execPath, BIN, "scan", "--format", "json", "--quiet", ...args], { maxBuffer: 32 * 1024 * 1024 });
  return ReportSchema.parse(JSON.parse(stdout));
}

describe.skipIf(why !== undefined)(`layer-2 lab in network namespaces${why ? ` (skipped: ${why})` : ""}`, () => {
  beforeAll(async () => {
    lab = await startNetnsLab();
    [full, multicastOnly] = await Promise.all([
      scan(["-i", "lab-a,lab-b", "10.77.1.0/24", "10.77.2.0/24", "10.77.3.0/24", "--listen", "1500"]),
      scan(["-i", "lab-a,lab-b", "--probes", "ws-discovery,ssdp,mdns,sadp,dhip", "--listen", "1500"]),
    ]);
  }, 120_000);
  afterAll(async () => lab?.close());

  const device = (r: Report, ip: string) => r.devices.find((d) => d.ip === ip);

  it("finds every device on the scanner's segments by multicast, MAC from the neighbour table, maker confirmed by OUI", () => {
    for (const d of lab.devices.filter((x) => x.segment !== "routed" && x.ip.startsWith("10.77."))) {
      const found = device(full, d.ip);
      expect(found, d.persona.id).toBeDefined();
      expect(found!.mac, d.persona.id).toBe(d.mac);
      expect(found!.evidence.some((e) => e.source === "neighbours" && e.value === d.mac), d.persona.id).toBe(true);
      expect(found!.foundBy.some((p) => ["ws-discovery", "ssdp", "mdns", "sadp", "dhip"].includes(p)), d.persona.id).toBe(true);
      if (d.persona.expect.vendor) {
        expect(found!.vendor, d.persona.id).toBe(d.persona.expect.vendor);
        expect(found!.risk.level, d.persona.id).toBe(d.persona.expect.level);
      }
      expect(device(multicastOnly, d.ip), `${d.persona.id} by multicast alone`).toBeDefined();
    }
    const hik = device(full, "10.77.1.10")!;
    expect(hik.evidence).toContainEqual(expect.objectContaining({ field: "mac.oui", value: "Hangzhou Hikvision Digital Technology Co.,Ltd." }));
    expect(hik.decisions.some((x) => x.rule === "mac-oui")).toBe(true);
  });

  it("finds the routed subnet only by the unicast sweep, without a neighbour-table MAC, still identified", () => {
    for (const d of lab.devices.filter((x) => x.segment === "routed")) {
      expect(device(multicastOnly, d.ip), `${d.persona.id} must not be seen by multicast`).toBeUndefined();
      const found = device(full, d.ip)!;
      expect(found.foundBy, d.persona.id).toContain("tcp");
      expect(found.evidence.some((e) => e.source === "neighbours"), d.persona.id).toBe(false);
      expect(found.interface, d.persona.id).toBeUndefined();
      expect([found.vendor, found.model, found.risk.level], d.persona.id).toEqual([d.persona.expect.vendor, d.persona.expect.model, d.persona.expect.level]);
    }
    expect(device(full, "10.77.3.30")!.evidence).toContainEqual(expect.objectContaining({ field: "rtsp.realm", value: "IP Camera(G12345678)" }));
  });

  it("with two interfaces finds the devices on both, each attributed to its interface", () => {
    expect(device(multicastOnly, "10.77.1.12")?.interface).toBe("lab-a");
    expect(device(multicastOnly, "10.77.2.20")?.interface).toBe("lab-b");
    expect(device(multicastOnly, "10.77.2.21")?.interface).toBe("lab-b");
  });

  it("finds SADP and DHIP devices with serial, firmware and activation state, and the misaddressed one", () => {
    const nvr = device(full, "10.77.1.10")!;
    expect(nvr.foundBy).toContain("sadp");
    expect(nvr.evidence).toContainEqual(expect.objectContaining({ field: "sadp.firmware", value: "V4.62.210build 230619" }));
    expect(nvr.evidence).toContainEqual(expect.objectContaining({ field: "sadp.activated", value: "true" }));
    expect(device(full, "10.77.1.11")!.foundBy).toContain("sadp");
    for (const ip of ["10.77.1.12", "10.77.1.13"]) expect(device(full, ip)!.evidence.some((e) => e.field === "dhip.serial")).toBe(true);
    const lost = device(multicastOnly, "192.168.1.64")!;
    expect(lost.foundBy).toEqual(["sadp"]);
    expect(lost.serial).toBe("DS-2CD2043G2-I20220301AAWRJ55667788");
    expect(lost.warnings.join("\n")).toMatch(/misconfigured address/);
    expect(lost.warnings.join("\n")).toMatch(/not activated/);
  });

  it("hears the devices with IPv6 on FF02::C and FF02::FB and joins each link-local address to its IPv4 one", () => {
    const withV6 = lab.devices.filter((d) => d.ipv6);
    expect(withV6.length).toBe(3);
    for (const d of withV6) {
      const found = device(multicastOnly, d.ip)!;
      expect(found.addresses, d.persona.id).toEqual([d.ip, d.ipv6!.linkLocal]);
    }
    // The camera that announces itself by mDNS gave its IPv6 addresses as AAAA records too.
    const axis = device(multicastOnly, lab.devices.find((d) => d.persona.id === "axis-camera")!.ip)!;
    expect(axis.evidence).toContainEqual(expect.objectContaining({ field: "mdns.address", value: lab.devices.find((d) => d.persona.id === "axis-camera")!.ipv6!.ula }));
    // A device with IPv6 off has one address, and nothing else on the segment answers over IPv6.
    expect(device(multicastOnly, "10.77.1.11")!.addresses).toBeUndefined();
    expect(multicastOnly.devices.filter((d) => d.ip.includes(":"))).toEqual([]);
  });

  it("sweeps and asks IPv6 targets over IPv6: a ULA address, and a link-local one with its interface", async () => {
    const dahua = lab.devices.find((d) => d.persona.id === "dahua-ipc")!;
    const axis = lab.devices.find((d) => d.persona.id === "axis-camera")!;
    const r = await scan(["-i", "lab-a", dahua.ipv6!.ula, axis.ipv6!.linkLocal, "--listen", "1500"]);
    const byUla = device(r, dahua.ipv6!.ula)!;
    expect(byUla.inScope).toBe(true);
    expect(byUla.foundBy).toContain("tcp");
    expect([byUla.vendor, byUla.model, byUla.risk.level]).toEqual([dahua.persona.expect.vendor, dahua.persona.expect.model, dahua.persona.expect.level]);
    expect(byUla.evidence.some((e) => e.url?.startsWith(`http://[${dahua.ipv6!.ula}]/`))).toBe(true);
    // Its IPv4 address is outside these targets: joined to the device, never asked.
    expect(byUla.addresses).toContain(dahua.ip);
    expect(byUla.evidence.some((e) => e.url?.includes(`//${dahua.ip}`))).toBe(false);
    const byLink = device(r, axis.ipv6!.linkLocal)!;
    expect([byLink.vendor, byLink.model]).toEqual([axis.persona.expect.vendor, axis.persona.expect.model]);
    expect(byLink.evidence.some((e) => e.url === `http://[${axis.ipv6!.linkLocal.replace(/%.*$/, "")}]/axis-cgi/basicdeviceinfo.cgi`)).toBe(true);
    // Whatever else answered multicast is outside these targets: reported so, never asked.
    const others = r.devices.filter((d) => d.ip !== dahua.ipv6!.ula && d.ip !== axis.ipv6!.linkLocal);
    for (const d of others) expect([d.ip, d.inScope]).toEqual([d.ip, false]);
  }, 60_000);

  describe.runIf(peers.nmap)("nmap's broadcast scripts against the same lab", () => {
    it("see our mock devices by WS-Discovery and UPnP", async () => {
      const { stdout } = await run("ip", ["netns", "exec", lab.scannerNs, "nmap", "-n", "--script", "broadcast-wsdd-discover,broadcast-upnp-info", "-e", "lab-a", "--script-args", "broadcast-wsdd-discover.timeout=3s,broadcast-upnp-info.timeout=3s"], { maxBuffer: 4 * 1024 * 1024 });
      // nmap decodes replies whose MessageID is "urn:uuid:..." (Hikvision's stack) and names them by XAddrs...
      expect(stdout).toContain("Address: http://10.77.1.10/onvif/device_service");
      expect(stdout).toContain("Address: http://10.77.1.11/onvif/device_service");
      // ...and fetches a UPnP description (it keys results by the group address, so it prints one device)...
      expect(stdout).toMatch(/Location: http:\/\/10\.77\.1\.1[0-9]:\d+\/\S+\.xml[\s\S]*Manufacturer: (AXIS|Dahua|Amcrest)/);
      // ...and reports the Dahua-style "uuid:" replies (as real Dahua firmware sends them) as undecodable.
      expect(stdout).toMatch(/Failed to decode response from device/);
    }, 60_000);
  });

  describe.runIf(peers.wsdd)("wsdd (a real WS-Discovery host)", () => {
    let child: ChildProcess;
    it("is found and reported as not a camera", async () => {
      const ns = lab.devices.find((d) => d.persona.id === "wsd-computer")!.ns;
      child = spawn("ip", ["netns", "exec", ns, "wsdd", "-i", "eth0", "-4", "-n", "CSW-PC", "--no-http"], { stdio: "ignore" });
      await new Promise((r) => setTimeout(r, 1500));
      try {
        const r = await scan(["-i", "lab-a", "--probes", "ws-discovery", "--listen", "2000"]);
        const pc = r.devices.find((d) => d.evidence.some((e) => e.field === "wsd.types" && /Computer/.test(e.value) && e.value.includes("pub:")) && d.ip === "10.77.1.15");
        expect(pc).toBeDefined();
        expect(pc!.isSurveillance).toBe(false);
        expect(pc!.risk.level).toBe("clear");
      } finally {
        child.kill("SIGTERM");
      }
    }, 60_000);
  });

  describe.runIf(peers.minidlna)("MiniDLNA (a real UPnP media server)", () => {
    it("is found by SSDP, its description read, and reported as no camera, with no stand-in model or serial", async () => {
      const host = lab.devices.find((d) => d.persona.id === "wsd-computer")!;
      const dir = mkdtempSync(path.join(tmpdir(), "camsweep-minidlna-"));
      mkdirSync(path.join(dir, "media"));
      writeFileSync(path.join(dir, "minidlna.conf"), [`media_dir=${dir}/media`, `db_dir=${dir}`, `log_dir=${dir}`, "port=8200", "network_interface=eth0", "friendly_name=nas"].join("\n"));
      // -S: in the foreground, as under systemd.
      const child = spawn("ip", ["netns", "exec", host.ns, "minidlnad", "-S", "-f", path.join(dir, "minidlna.conf"), "-P", path.join(dir, "pid")], { stdio: "ignore" });
      try {
        await new Promise((r) => setTimeout(r, 1500));
        const r = await scan(["-i", "lab-a", "10.77.1.0/24", "--probes", "ssdp", "--ports", "8200", "--listen", "2500"]);
        const d = r.devices.find((x) => x.ip === host.ip);
        expect(d, JSON.stringify(r.devices.map((x) => x.ip))).toBeDefined();
        expect(d!.foundBy).toContain("ssdp");
        expect(d!.evidence).toContainEqual(expect.objectContaining({ field: "upnp.manufacturer", value: "Justin Maggard" }));
        expect(d!.evidence).toContainEqual(expect.objectContaining({ field: "upnp.serialNumber", value: "00000000" }));
        expect([d!.model, d!.serial, d!.vendor, d!.deviceType, d!.isSurveillance, d!.risk.level]).toEqual(["Windows Media Connect compatible (MiniDLNA)", undefined, undefined, "other", false, "clear"]);
      } finally {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });

  describe.runIf(peers.zeroconf)("python3-zeroconf", () => {
    it("publishes a camera service that camsweep's mDNS probe finds", async () => {
      const ns = lab.devices.find((d) => d.persona.id === "hanwha-camera")!.ns;
      const script = [
        "import socket, time, zeroconf",
        "zc = zeroconf.Zeroconf(interfaces=['10.77.2.20'])",
        "info = zeroconf.ServiceInfo('_rtsp._tcp.local.', 'Lobby PTZ._rtsp._tcp.local.', addresses=[socket.inet_aton('10.77.2.20')], port=554, properties={'model': 'XNP-6400R'}, server='lobby-ptz.local.')",
        "zc.register_service(info)",
        "print('ready', flush=True)",
        "time.sleep(30)",
      ].join("\n");
      const child = spawn("ip", ["netns", "exec", ns, "/usr/bin/python3", "-c", script], { stdio: ["ignore", "pipe", "ignore"] });
      try {
        await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
        const r = await scan(["-i", "lab-b", "--probes", "mdns", "--listen", "2500"]);
        const d = r.devices.find((x) => x.ip === "10.77.2.20")!;
        expect(d.evidence).toContainEqual(expect.objectContaining({ field: "mdns.instance", value: "Lobby PTZ" }));
        expect(d.evidence).toContainEqual(expect.objectContaining({ field: "mdns.txt", value: "_rtsp._tcp model=XNP-6400R" }));
      } finally {
        child.kill("SIGTERM");
      }
    }, 60_000);
  });
});
