import type { Report } from "../model/report.ts";
import { RISK_LEVELS } from "../options/constants.ts";

/** A node_exporter textfile: devices by risk level, vulnerable and known-exploited devices, scan duration, errors, partial, new devices. */
export function renderPrometheus(r: Report): string {
  const n = (level: string): number => r.devices.filter((d) => d.risk.level === level).length;
  // Many sites into one Prometheus: each series carries the scan's site, when it has one.
  const site = r.site === undefined ? "" : `site="${r.site.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
  const labels = (...more: string[]): string => {
    const all = [site, ...more].filter(Boolean);
    return all.length ? `{${all.join(",")}}` : "";
  };
  const seconds = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
  const lines = [
    "# HELP camsweep_devices Devices found by the last scan, by risk level.",
    "# TYPE camsweep_devices gauge",
    ...RISK_LEVELS.map((l) => `camsweep_devices${labels(`level="${l}"`)} ${n(l)}`),
    "# HELP camsweep_devices_accepted Devices accepted by an exception.",
    "# TYPE camsweep_devices_accepted gauge",
    `camsweep_devices_accepted${labels()} ${r.devices.filter((d) => d.accepted).length}`,
    "# HELP camsweep_devices_vulnerable Devices whose own firmware version falls in a known vulnerability's range.",
    "# TYPE camsweep_devices_vulnerable gauge",
    `camsweep_devices_vulnerable${labels()} ${r.devices.filter((d) => d.vulnerabilities?.length).length}`,
    "# HELP camsweep_devices_kev Devices whose own firmware version has a vulnerability in CISA's Known Exploited Vulnerabilities catalogue.",
    "# TYPE camsweep_devices_kev gauge",
    `camsweep_devices_kev${labels()} ${r.devices.filter((d) => d.vulnerabilities?.some((v) => v.kev)).length}`,
    "# HELP camsweep_devices_exposed Devices whose evidence shows their maker's cloud, a P2P service or a router port opened for them.",
    "# TYPE camsweep_devices_exposed gauge",
    `camsweep_devices_exposed${labels()} ${r.devices.filter((d) => d.exposure?.length).length}`,
    "# HELP camsweep_scan_duration_seconds Wall time of the last scan.",
    "# TYPE camsweep_scan_duration_seconds gauge",
    `camsweep_scan_duration_seconds${labels()} ${seconds.toFixed(3)}`,
    "# HELP camsweep_scan_errors Errors of the last scan (devices' own warnings not counted).",
    "# TYPE camsweep_scan_errors gauge",
    `camsweep_scan_errors${labels()} ${r.errors.length}`,
    "# HELP camsweep_scan_partial 1 when the last scan was interrupted.",
    "# TYPE camsweep_scan_partial gauge",
    `camsweep_scan_partial${labels()} ${r.partial ? 1 : 0}`,
    "# HELP camsweep_last_scan_timestamp_seconds When the last scan finished.",
    "# TYPE camsweep_last_scan_timestamp_seconds gauge",
    `camsweep_last_scan_timestamp_seconds${labels()} ${Math.floor(Date.parse(r.finishedAt) / 1000)}`,
  ];
  if (r.changes) {
    lines.push("# HELP camsweep_new_devices Devices the previous scan of the same scope (or the baseline) did not see.", "# TYPE camsweep_new_devices gauge", `camsweep_new_devices${labels()} ${r.changes.new.length}`);
  }
  return `${lines.join("\n")}\n`;
}
