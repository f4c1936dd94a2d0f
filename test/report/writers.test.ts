import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { render, renderChunks, writeFileAtomic, FORMATS } from "../../src/cli/output.ts";
import { safeJson } from "../../src/report/escape.ts";
import { renderJsonChunks } from "../../src/report/json.ts";
import { ReportSchema, type Report } from "../../src/model/report.ts";
import { reportJsonSchema } from "../../src/model/json-schema.ts";
import { csvCell } from "../../src/report/csv.ts";
import { renderPrometheus } from "../../src/report/prometheus.ts";
import { fixture } from "../helpers.ts";

const report = ReportSchema.parse(JSON.parse(fixture("report/lab-report.json")));
const golden = (name: string): URL => new URL(`./golden/${name}`, import.meta.url);
const EXT: Record<string, string> = { table: "txt", json: "json", ndjson: "ndjson", csv: "csv", html: "html" };

describe("writers on a fixed report (golden files; UPDATE_GOLDEN=1 rewrites them)", () => {
  for (const format of FORMATS) {
    it(format, () => {
      const out = render(report, format);
      const file = golden(`lab-report.${EXT[format]}`);
      if (process.env.UPDATE_GOLDEN) writeFileSync(file, out);
      expect(out).toBe(readFileSync(file, "utf8"));
    });
  }
  it("prometheus", () => {
    const out = renderPrometheus(report);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden("lab-report.prom"), out);
    expect(out).toBe(readFileSync(golden("lab-report.prom"), "utf8"));
    expect(out).toMatch(/^camsweep_devices\{level="covered"\} 6$/m);
  });
  it("table: the summary line counts one device and none in plain words", () => {
    const summary = (r: Report): string => render(r, "table").split("\n").find((l) => /^\d+ devices?, /.test(l))!;
    expect(summary({ ...report, devices: [] })).toMatch(/^0 devices, 0 surveillance \(\d+\.\d s\)$/);
    const one = report.devices.find((d) => d.risk.level === "covered")!;
    expect(summary({ ...report, devices: [one] })).toMatch(/^1 device, 1 surveillance; 1 covered \(\d+\.\d s\)$/);
  });
  it("html: the summary counts one device in plain words", () => {
    const one = report.devices.find((d) => d.isSurveillance)!;
    expect(render({ ...report, devices: [one] }, "html")).toContain('<p>1 device found; surveillance devices among them: <strong id="surveillance-count">1</strong>.</p>');
    expect(render(report, "html")).toMatch(/<p>14 devices found; surveillance devices among them: <strong id="surveillance-count">11<\/strong>\.<\/p>/);
  });
  it("prometheus: every series carries the site, escaped, when the scan has one", () => {
    const out = renderPrometheus({ ...report, site: 'hq "north"\\1' });
    const series = out.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(series.length).toBeGreaterThan(6);
    for (const l of series) expect(l).toMatch(/^camsweep_\w+\{site="hq \\"north\\"\\\\1"(,level="\w+")?\} [\d.]+$/);
  });
  it("the checked-in JSON Schema is the one the code generates", () => {
    expect(readFileSync(new URL("../../schema/report.schema.json", import.meta.url), "utf8")).toBe(reportJsonSchema());
  });
  it("NDJSON: one line per device, then a summary", () => {
    const lines = render(report, "ndjson").trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string });
    expect(lines.filter((l) => l.type === "device")).toHaveLength(report.devices.length);
    expect(lines.at(-1)).toMatchObject({ type: "summary", deviceCount: report.devices.length, byLevel: { covered: 6, oem: 2 } });
  });
});

describe("devices that answered from outside the targets", () => {
  const mixed: Report = structuredClone(report);
  const far = mixed.devices.find((d) => d.ip === "127.77.0.13")!;
  far.inScope = false;
  it("have their own section in the table, after the devices inside", () => {
    const lines = render(mixed, "table").split("\n");
    const heading = lines.findIndex((l) => l.startsWith("answered from outside the targets (1;"));
    expect(heading).toBeGreaterThan(0);
    expect(lines[heading + 1]).toMatch(/^127\.77\.0\.13 /);
    expect(lines.slice(0, heading).some((l) => l.startsWith("127.77.0.13 "))).toBe(false);
  });
  it("and in the HTML; CSV says in_scope", () => {
    const html = render(mixed, "html");
    expect(html).toMatch(/<section id="outside"><h2>Answered from outside the targets \(1\)<\/h2>.*data-ip="127\.77\.0\.13"/s);
    expect(html.slice(html.indexOf('<section id="devices">'), html.indexOf('<section id="outside">'))).not.toContain('data-ip="127.77.0.13"');
    const csv = render(mixed, "csv").split("\r\n");
    // in_scope, then addresses, vulnerabilities and exposure (none) after it.
    expect(csv[0]!.endsWith(",in_scope,addresses,vulnerabilities,exposure")).toBe(true);
    expect(csv.find((l) => l.startsWith("127.77.0.13,"))!.endsWith(",no,127.77.0.13,,")).toBe(true);
  });
});

describe("a device heard over IPv4 and IPv6", () => {
  const link = "fe80::aecc:8eff:fe27:ad8%eth0";
  const dual = { ...report, devices: report.devices.map((d, i) => (i === 1 ? { ...d, addresses: [d.ip, "fd77:1::e", link] } : d)) };
  const one = (r: typeof report) => r.devices[1]!;
  it("shows every address in the table, CSV, HTML, JSON and NDJSON", () => {
    const lines = render(dual, "table").split("\n");
    const row = lines.findIndex((l) => l.startsWith(`${one(dual).ip} `));
    expect(lines[row + 1]).toBe(`  also at fd77:1::e, ${link}`);
    expect(render(dual, "csv").split("\r\n").find((l) => l.startsWith(`${one(dual).ip},`))!.endsWith(`,${one(dual).ip};fd77:1::e;${link},,`)).toBe(true);
    expect(render(dual, "html")).toContain(`<td>${one(dual).ip}<br><small>fd77:1::e</small><br><small>${link}</small></td>`);
    expect(JSON.parse(render(dual, "json")).devices[1].addresses).toEqual([one(dual).ip, "fd77:1::e", link]);
    expect(render(dual, "ndjson")).toContain(`"addresses":["${one(dual).ip}","fd77:1::e","${link}"]`);
  });
  it("widens the address column for a device reported at an IPv6 address", () => {
    const v6 = { ...report, devices: report.devices.map((d, i) => (i === 1 ? { ...d, ip: link } : d)) };
    const lines = render(v6, "table").split("\n");
    expect(lines.some((l) => l.startsWith(`${link} `))).toBe(true);
    expect(lines.find((l) => l.startsWith("ADDRESS"))!.indexOf("MAKER")).toBe(link.length + 1);
  });
});

describe("the HTML report's rules", () => {
  it("are explained once, in their own section, and each device's rule links there", () => {
    const html = render(report, "html");
    const flagged = report.devices.filter((d) => d.risk.level === "covered" || d.risk.level === "oem");
    const ids = new Set(flagged.flatMap((d) => d.risk.regulations.map((g) => g.id)));
    expect(ids.size).toBeGreaterThan(3);
    const rules = html.slice(html.indexOf('<section id="rules">'), html.indexOf("</section>", html.indexOf('<section id="rules">')));
    for (const id of ids) {
      expect(rules.split(`<li id="rule-${id}" class="rule">`).length - 1).toBe(1);
      const source = flagged.flatMap((d) => d.risk.regulations).find((g) => g.id === id)!.source;
      // The source is given once in the whole report, not under every device.
      expect(html.split(`>${source}</a>`).length - 1, id).toBe(1);
    }
    // Each flagged device links each of its rules, or points to an earlier device whose rules and reasons are its own.
    const article = (ip: string): string => html.slice(html.indexOf(`<article class="finding" id="finding-${ip}"`), html.indexOf("</article>", html.indexOf(`id="finding-${ip}"`)));
    const linked = (a: string): string[] => [...a.matchAll(/<a href="#rule-([^"]+)">/g)].map((m) => m[1]!);
    let pointed = 0;
    for (const d of flagged) {
      const same = /class="rules-same">Rules: the same (\d+) as <a href="#finding-([^"]+)">/.exec(article(d.ip));
      if (same) pointed++;
      expect(linked(same ? article(same[2]!) : article(d.ip)), d.ip).toEqual(d.risk.regulations.map((g) => g.id));
      if (same) expect(Number(same[1])).toBe(d.risk.regulations.length);
    }
    expect(pointed).toBeGreaterThan(0);
  });
});

describe("the HTML device table", () => {
  it("has an Accepted column with the reason and expiry, and model names that do not wrap", () => {
    const r: Report = structuredClone(report);
    r.devices[0]!.accepted = { by: "serial", reason: "lobby camera, isolated VLAN", expires: "2027-03-31" };
    const html = render(r, "html");
    const row = new RegExp(`<tr class="device" data-ip="${r.devices[0]!.ip.replace(/\./g, "\\.")}"[^]*?</tr>`).exec(html)![0];
    expect(row).toContain('<td class="accepted">lobby camera, isolated VLAN (until 2027-03-31)</td>');
    expect(row).toContain(`<td class="model">${r.devices[0]!.model}</td>`);
    expect(html).toContain("td.model{white-space:nowrap}");
  });
});

describe("the HTML evidence appendix", () => {
  it("gives each device what decided each identity field, one line a field, and every observation on screen only", () => {
    const html = render(report, "html");
    const appendix = html.slice(html.indexOf('<section id="evidence">'), html.indexOf("</section>", html.indexOf('<section id="evidence">')));
    expect(appendix.split('<article class="device-evidence"').length - 1).toBe(report.devices.length);
    const hik = report.devices.find((d) => d.ip === "127.77.0.16")!;
    const article = appendix.slice(appendix.indexOf(`data-ip="${hik.ip}"`), appendix.indexOf("</article>", appendix.indexOf(`data-ip="${hik.ip}"`)));
    // One row a field; fields decided alike (same value, same first evidence) share one.
    const fields = new Set(hik.decisions.map((c) => c.field));
    const rowFields = [...article.matchAll(/<tr><td>([^<]+)<\/td>/g)].flatMap((m) => m[1]!.split(", "));
    expect(rowFields.sort()).toEqual([...fields].sort());
    expect(article).toContain(`<summary>All ${hik.evidence.length} observations</summary>`);
    expect(html).toContain("details.all-evidence{display:none}");
  });
});

describe("a handover's parties", () => {
  it("show on the HTML report's first page, escaped, and only those given", () => {
    const html = render({ ...report, site: "HQ <north>", customer: "Acme & Sons", operator: "J. Doe" }, "html");
    const header = html.slice(html.indexOf("<header>"), html.indexOf("</header>"));
    expect(header).toContain('<dl id="handover"><dt>Site</dt><dd>HQ &lt;north&gt;</dd><dt>Customer</dt><dd>Acme &amp; Sons</dd><dt>Operator</dt><dd>J. Doe</dd></dl>');
    expect(render({ ...report, operator: "J. Doe" }, "html")).toContain('<dl id="handover"><dt>Operator</dt><dd>J. Doe</dd></dl>');
    expect(render(report, "html")).not.toContain('id="handover"');
  });
});

describe("the JSON report in pieces", () => {
  it("is the same text as one stringify, with devices, without, and with a device that names the key", () => {
    const tricky: Report = structuredClone(report);
    tricky.devices[0]!.warnings.push('\n  "devices": []');
    for (const r of [report, { ...report, devices: [] }, tricky]) {
      const chunks = [...renderJsonChunks(r)];
      expect(chunks.join("")).toBe(`${safeJson(r, 2)}\n`);
      expect(chunks.length).toBe(r.devices.length ? r.devices.length + 2 : 1);
    }
  });
  it("is written to a file a block at a time, atomically", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-writer-"));
    const file = path.join(dir, "r.json");
    writeFileAtomic(file, renderChunks(report, "json"));
    expect(readFileSync(file, "utf8")).toBe(render(report, "json"));
    expect(readdirSync(dir)).toEqual(["r.json"]);
  });
});

describe("hostile strings from a device, through every writer", () => {
  const evil: Report = structuredClone(report);
  const d = evil.devices[0]!;
  d.model = "<script>alert(1)</script>";
  d.vendor = '=HYPERLINK("http://attacker.example/","click")';
  d.brand = "\u001b[31mRED\u001b[0m\u0007";
  d.serial = "bad\uFFFDutf8\ud800";
  d.firmware = "+cmd|' /C calc'!A0";
  d.evidence.push({ source: "http", field: "http.title", value: '</details><img src=x onerror="alert(2)">' });
  d.warnings.push("-2+3\r\n@SUM(A1)");

  it("table: no escape sequences reach the terminal", () => {
    const out = render(evil, "table", false, 200);
    expect(out.includes("\u001b")).toBe(false);
    expect(out.includes("\u0007")).toBe(false);
  });
  it("HTML: everything is text, nothing runs", () => {
    const out = render(evil, "html");
    expect(out).not.toContain("<script>alert");
    expect(out).not.toContain("<img src=x");
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out.includes("\u001b")).toBe(false);
    expect(out).toContain(`content="default-src 'none'`);
  });
  it("CSV: formula cells are neutralised and quoting holds", () => {
    const out = render(evil, "csv");
    const row = out.split("\r\n")[1]!;
    expect(row).toContain(`"'=HYPERLINK(""http://attacker.example/"",""click"")"`);
    expect(row).toContain("'+cmd|' /C calc'!A0");
    expect(out).toMatch(/"'-2\+3\r\n@SUM\(A1\)"/);
    expect(csvCell("@x")).toBe("'@x");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("plain")).toBe("plain");
  });
  it("JSON and NDJSON: still valid JSON, strings intact", () => {
    expect(ReportSchema.parse(JSON.parse(render(evil, "json"))).devices[0]?.model).toBe("<script>alert(1)</script>");
    for (const l of render(evil, "ndjson").trimEnd().split("\n")) expect(() => JSON.parse(l)).not.toThrow();
  });
});
