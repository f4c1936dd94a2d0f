// Side by side on the layer-2 namespace lab: camsweep's multicast discovery and nmap's broadcast scripts
// (broadcast-wsdd-discover, broadcast-upnp-info) on the same segment. Root only; run inside a private namespace:
//   ../shared/bin/offline npm run bench:nmap
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { netnsUnavailable, startNetnsLab } from "../mock-devices/netns-lab.ts";
import { ReportSchema } from "../src/model/report.ts";

const run = promisify(execFile);
const why = await netnsUnavailable();
if (why) {
  console.error(`bench:nmap: ${why}`);
  process.exit(2);
}
const lab = await startNetnsLab();
const BIN = new URL("../bin/camsweep.js", import.meta.url).pathname;
try {
  const segment = lab.devices.filter((d) => d.segment === "a");
  const cameras = segment.filter((d) => d.persona.expect.surveillance);

  let t = performance.now();
  const cs = await run("ip", ["netns", "exec", lab.scannerNs, process.execPath, BIN, "scan", "-i", "lab-a", "--probes", "ws-discovery,ssdp,mdns,sadp,dhip", "--listen", "3000", "--format", "json", "--quiet"], { maxBuffer: 16 << 20 });
  const csMs = performance.now() - t;
  const report = ReportSchema.parse(JSON.parse(cs.stdout));
  const csRight = segment.filter((d) => report.devices.some((x) => x.ip === d.ip)).length;
  const csIdentified = cameras.filter((d) => report.devices.find((x) => x.ip === d.ip)?.vendor === d.persona.expect.vendor).length;

  t = performance.now();
  const nm = await run("ip", ["netns", "exec", lab.scannerNs, "nmap", "-n", "--script", "broadcast-wsdd-discover,broadcast-upnp-info", "-e", "lab-a", "--script-args", "broadcast-wsdd-discover.timeout=3s,broadcast-upnp-info.timeout=3s"], { maxBuffer: 16 << 20 });
  const nmMs = performance.now() - t;
  const nmRight = segment.filter((d) => nm.stdout.includes(`${d.ip}/`) || nm.stdout.includes(`${d.ip}:`)).length;
  const undecoded = (nm.stdout.match(/Failed to decode response/g) ?? []).length;

  const rows = [
    ["tool", "listen", "wall time", "devices at the right address", "cameras with the right maker"],
    ["camsweep (WS-D, SSDP, mDNS, SADP, DHIP)", "3 s", `${(csMs / 1000).toFixed(2)} s`, `${csRight}/${segment.length}`, `${csIdentified}/${cameras.length}`],
    ["nmap 7.93 broadcast-wsdd-discover + broadcast-upnp-info", "3 s", `${(nmMs / 1000).toFixed(2)} s`, `${nmRight}/${segment.length} (${undecoded} WS-D replies undecoded)`, "- (prints raw fields)"],
  ];
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i]!)).join("  "));
} finally {
  await lab.close();
}
