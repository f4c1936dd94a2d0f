import { cleanText } from "./escape.ts";
import type { Device, Report, RiskLevel } from "../model/report.ts";
import { RISK_LEVELS } from "../options/constants.ts";
import { quantity } from "./words.ts";

/** Escape for HTML text and attribute values; strips control characters a device might send. */
export function esc(s: string): string {
  return cleanText(s, { keepNewlines: true })
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

const LEVEL_TEXT: Record<RiskLevel, string> = {
  covered: "Covered: maker named by a ban",
  oem: "OEM: made by a covered maker",
  watch: "Watch: export, investment or state lists",
  unidentified: "Unidentified surveillance device",
  unknown: "Unknown: answered, not identified",
  clear: "Clear: identified, no rule applies",
};
const LEVEL_COLOUR: Record<RiskLevel, string> = { covered: "#b3261e", oem: "#d9480f", watch: "#b08800", unidentified: "#6741d9", unknown: "#495057", clear: "#2b8a3e" };

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}
.muted{color:#666}.cards{display:flex;gap:.6rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #ddd;border-left:6px solid var(--c);border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e5e5;vertical-align:top}th{background:#f6f6f6}
.level{display:inline-block;padding:0 .45rem;border-radius:4px;color:#fff;font-weight:600;font-size:.85em}
details{margin:.2rem 0}summary{cursor:pointer}code{font-size:.9em;word-break:break-all}
.rules li{margin:.3rem 0}.warn{color:#8a4b00}
ul.rules.inline{padding:0;margin:.2rem 0}ul.rules.inline li{display:inline;margin:0}ul.rules.inline li:not(:last-child)::after{content:" · "}
.finding h3{font-size:1rem;margin:.9rem 0 .2rem}.finding p{margin:.2rem 0}
td.model{white-space:nowrap}.kev{color:#b3261e}td.replacement{min-width:10rem}
#handover{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.6rem 0}#handover dt{font-weight:600}#handover dd{margin:0}
.decisions td{padding:.1rem .4rem;font-size:.9em}.device-evidence h3{font-size:1rem;margin:.8rem 0 .2rem}
@media print{body{margin:0;max-width:none;font-size:12px;line-height:1.35}details.all-evidence{display:none}tr,li,.card{break-inside:avoid}a{color:inherit}
h2{margin:.9rem 0 .3rem}svg[aria-label="devices by risk level"]{display:none}.cards{margin:.4rem 0}.cards{flex-wrap:nowrap}.card{padding:.2rem .4rem;min-width:0;flex:1;font-size:10px}.card b{font-size:1.1rem}
th,td{padding:.15rem .4rem}#rules li{font-size:9.5px;margin:0 0 .15rem}#rules .muted{font-size:9px}#plan td,#devices td,#by-maker td,#scan td,#scan th{font-size:11px}#evidence,#rules,.finding{line-height:1.3}#rules ul{columns:2;column-gap:1.2rem;padding-left:1rem}.device-evidence{break-inside:avoid}#evidence{columns:2;column-gap:1rem}.decisions{table-layout:fixed;width:100%}.decisions td{overflow-wrap:anywhere}.decisions td:first-child{width:18%}.decisions td:nth-child(2){width:30%}#evidence h2{column-span:all}.device-evidence h3 .muted{font-weight:400;font-size:9.5px}.device-evidence h3{font-size:11px;margin:.5rem 0 .1rem}.decisions td{font-size:10px;padding:0 .3rem}.device-evidence ul{margin:.1rem 0;font-size:10px}}
`;

function level(l: RiskLevel): string {
  return `<span class="level" style="background:${LEVEL_COLOUR[l]}" data-level="${l}">${l}</span>`;
}

function chart(counts: [RiskLevel, number][]): string {
  const max = Math.max(1, ...counts.map(([, n]) => n));
  const rows = counts.map(([l, n], i) => {
    const w = Math.round((n / max) * 300);
    return `<text x="0" y="${i * 26 + 17}" font-size="13">${l}</text><rect x="110" y="${i * 26 + 4}" width="${w}" height="18" fill="${LEVEL_COLOUR[l]}"/><text x="${116 + w}" y="${i * 26 + 17}" font-size="13">${n}</text>`;
  });
  return `<svg role="img" aria-label="devices by risk level" width="460" height="${counts.length * 26 + 6}" xmlns="http://www.w3.org/2000/svg">${rows.join("")}</svg>`;
}

/**
 * A rule's name without its citation or gloss: "NDAA FY2019 §889 (Pub. L. 115-232) and its FAR/DFARS
 * implementation" → "NDAA FY2019 §889"; "Louisiana R.S. 39:2237.1: procurement of ..." → "Louisiana R.S. 39:2237.1".
 */
export function shortTitle(title: string): string {
  return title.split(/\s+\(|:\s/)[0]!.trim() || title;
}

function deviceName(d: Device): string {
  const made = d.vendorChain?.length ? `${d.vendor} (${d.vendorChain.slice(1).join(" < ")})` : d.vendor;
  const maker = d.vendor ? (d.brand && d.brand !== d.vendor ? `${d.brand} (made by ${made})` : made) : "Unknown maker";
  return `${maker}${d.model ? ` ${d.model}` : ""}`;
}

/**
 * A section listing the devices that have findings of one kind (exposure, vulnerabilities): one line a device with
 * its findings, and why the first matters. Nothing when no device has any.
 */
function findingList<T extends { why: string }>(devices: readonly Device[], id: string, title: string, intro: string, of: (d: Device) => T[] | undefined, item: (x: T) => string): string[] {
  const withAny = devices.filter((d) => of(d)?.length);
  if (withAny.length === 0) return [];
  return [
    `<section id="${id}"><h2>${title} (${withAny.length})</h2>${intro}<ul class="vulns">`,
    ...withAny.map((d) => `<li data-ip="${esc(d.ip)}"><strong>${esc(d.ip)}</strong> ${esc(deviceName(d))}: ${of(d)!.map(item).join("; ")}<br><span class="muted">${esc(of(d)![0]!.why)}</span></li>`),
    `</ul></section>`,
  ];
}

/** One self-contained HTML file: no fetch leaves it (a CSP forbids it too), readable on paper. */
export function renderHtml(r: Report): string {
  const counts = RISK_LEVELS.map((l) => [l, r.devices.filter((d) => d.risk.level === l).length] as [RiskLevel, number]);
  const makers = new Map<string, number>();
  for (const d of r.devices.filter((x) => x.isSurveillance)) makers.set(d.vendor ?? "Unknown", (makers.get(d.vendor ?? "Unknown") ?? 0) + 1);
  const action = r.devices.filter((d) => d.risk.level === "covered" || d.risk.level === "oem");
  const seconds = ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1);
  const out: string[] = [];
  out.push(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">`);
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.push(`<meta name="viewport" content="width=device-width,initial-scale=1"><title>Surveillance device report — ${esc(r.startedAt.slice(0, 10))}</title><style>${CSS}</style></head><body>`);
  out.push(`<header><h1>Surveillance device report</h1><p class="muted">Scan of ${esc(r.scope.targets.join(", ") || "the local segments")} on ${esc(r.startedAt.replace("T", " ").slice(0, 16))} UTC${r.partial ? " — <strong>partial: the scan was interrupted</strong>" : ""}</p>`);
  // Whom the report is for and who made it, on the first page of a handover.
  const parties: [string, string | undefined][] = [
    ["Site", r.site],
    ["Customer", r.customer],
    ["Operator", r.operator],
  ];
  if (parties.some(([, v]) => v)) out.push(`<dl id="handover">${parties.filter(([, v]) => v).map(([k, v]) => `<dt>${k}</dt><dd>${esc(v!)}</dd>`).join("")}</dl>`);
  out.push(`</header>`);

  out.push(`<section id="summary"><h2>Summary</h2><p>${quantity(r.devices.length, "device")} found; surveillance devices among them: <strong id="surveillance-count">${r.devices.filter((d) => d.isSurveillance).length}</strong>.</p><div class="cards">`);
  for (const [l, n] of counts) out.push(`<div class="card" style="--c:${LEVEL_COLOUR[l]}" data-level="${l}"><b class="count">${n}</b>${esc(LEVEL_TEXT[l])}</div>`);
  out.push(`</div>${chart(counts)}<table id="by-maker"><thead><tr><th>Maker</th><th>Surveillance devices</th></tr></thead><tbody>`);
  for (const [m, n] of [...makers].sort((a, b) => b[1] - a[1])) out.push(`<tr><td>${esc(m)}</td><td>${n}</td></tr>`);
  out.push(`</tbody></table></section>`);

  if (r.changes) {
    const c = r.changes;
    out.push(`<section id="changes"><h2>Changes since ${esc(c.baseline.startedAt.slice(0, 10))}</h2><p>${c.new.length} new, ${c.gone.length} gone, ${c.changed.length} changed.</p><ul>`);
    for (const d of c.new) out.push(`<li>New: ${esc(d.ip)} ${esc([d.vendor, d.model].filter(Boolean).join(" "))} ${level(d.level)}</li>`);
    for (const d of c.gone) out.push(`<li>Gone: ${esc(d.ip)} ${esc([d.vendor, d.model].filter(Boolean).join(" "))}</li>`);
    for (const ch of c.changed) out.push(`<li>${esc(ch.device.ip)}: ${esc(ch.field)} ${esc(ch.before || "(none)")} → ${esc(ch.after || "(none)")}</li>`);
    out.push(`</ul></section>`);
  }

  // What a rule adds to the reason on every device that cites it ("the text names a category, not the company") is
  // the rule's, not the device's: said once, with the rule.
  const whyOf = (d: Device): string => {
    const reasons = new Map<string, number>();
    for (const g of d.risk.regulations) reasons.set(g.reason, (reasons.get(g.reason) ?? 0) + 1);
    return [...reasons].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  };
  const extraOf = (why: string, reason: string): string => (reason === why ? "" : reason.startsWith(why) ? reason.slice(why.length).replace(/^[;,]\s*/, "") : reason);
  const ruleNotes = new Map<string, Set<string>>();
  for (const d of action) {
    const why = whyOf(d);
    for (const g of d.risk.regulations) ruleNotes.set(g.id, (ruleNotes.get(g.id) ?? new Set()).add(extraOf(why, g.reason)));
  }
  const ruleNote = (id: string): string | undefined => {
    const notes = ruleNotes.get(id);
    return notes?.size === 1 ? [...notes][0] || undefined : undefined;
  };

  out.push(`<section id="action"><h2>Covered and OEM devices (${action.length})</h2>`);
  if (action.length === 0) out.push(`<p>None.</p>`);
  // Devices whose rules and reasons are the same as an earlier one's point there instead of listing them again.
  const listedAt = new Map<string, string>();
  for (const d of action) {
    out.push(`<article class="finding" id="finding-${esc(d.ip)}" data-ip="${esc(d.ip)}"><h3>${esc(d.ip)} — ${esc(deviceName(d))} ${level(d.risk.level)}${d.accepted ? ` <em>accepted until ${esc(d.accepted.expires)}: ${esc(d.accepted.reason)}</em>` : ""}</h3>`);
    if (d.risk.summary) out.push(`<p>${esc(d.risk.summary)}</p>`);
    // Each rule is explained once, below. A device says why once (its rules nearly always share the reason: the
    // maker they name) and lists its rules on one line by their short names, each linked there; a rule with more
    // to say about this device says it beside its name.
    const why = whyOf(d);
    if (why) out.push(`<p class="why">Why: ${esc(why)}.</p>`);
    const items = d.risk.regulations.map((g) => {
      const more = ruleNote(g.id) ? "" : extraOf(why, g.reason);
      return `<li><a href="#rule-${esc(g.id)}"><strong>${esc(g.jurisdiction)}</strong> ${esc(shortTitle(g.title))}</a>${more ? ` <span class="muted">(${esc(more)})</span>` : ""}</li>`;
    });
    const key = items.join("");
    const earlier = listedAt.get(key);
    if (earlier) out.push(`<p class="rules-same">Rules: the same ${items.length} as <a href="#finding-${esc(earlier)}">${esc(earlier)}</a>.</p>`);
    else out.push(`<ul class="rules inline">${items.join("")}</ul>`);
    if (!earlier) listedAt.set(key, d.ip);
    out.push(`</article>`);
  }
  out.push(`</section>`);

  const cited = new Map<string, (typeof action)[number]["risk"]["regulations"][number]>();
  for (const d of action) for (const g of d.risk.regulations) if (!cited.has(g.id)) cited.set(g.id, g);
  if (cited.size) {
    out.push(`<section id="rules"><h2>Rules cited (${cited.size})</h2><ul class="rules">`);
    for (const g of cited.values()) {
      const effect = g.effect ? ` · ${g.effect === "ban" ? "ban" : "to watch"}` : "";
      const meaning = g.meaning ? `<br><span class="meaning">What it means: ${esc(g.meaning)}</span>` : "";
      const note = ruleNote(g.id);
      out.push(
        `<li id="rule-${esc(g.id)}" class="rule"><strong>${esc(g.jurisdiction)}</strong> · ${esc(g.title)} · in force ${esc(g.date)}${effect}${note ? ` · <em>${esc(note)}</em>` : ""}${meaning}<br><span class="muted">${esc(g.scope)}</span><br>Source: <a href="${esc(g.source)}">${esc(g.source)}</a></li>`,
      );
    }
    out.push(`</ul></section>`);
  }

  // The replacement plan: what a like-for-like swap needs, per group; the last column is the integrator's. A column
  // no device stated anything for is left out (on paper every column costs the others' width).
  if (r.replacementPlan?.length) {
    const plan = r.replacementPlan;
    const optional: [string, (g: (typeof plan)[number]) => string][] = [
      ["Video", (g) => [g.resolution, g.codecs?.join(", ")].filter(Boolean).join(" ")],
      ["PTZ", (g) => (g.ptz ? "yes" : "")],
      ["Audio", (g) => (g.audio ? "yes" : "")],
      ["I/O", (g) => g.io ?? ""],
    ];
    const shown = optional.filter(([, cell]) => plan.some((g) => cell(g)));
    out.push(
      `<section id="plan"><h2>Replacement plan (${quantity(plan.reduce((a, g) => a + g.count, 0), "device")})</h2><table><thead><tr><th>Maker / brand</th><th>Model</th><th>Type</th><th>Count</th><th>ONVIF profiles</th>${shown.map(([h]) => `<th>${h}</th>`).join("")}<th>Replacement</th></tr></thead><tbody>`,
    );
    for (const g of plan) {
      out.push(
        `<tr><td>${esc(g.maker)}${g.brand ? ` / ${esc(g.brand)}` : ""}</td><td class="model">${esc(g.model)}</td><td>${esc(g.deviceType)}</td><td>${g.count}</td><td>${esc(g.onvifProfiles.join(", ") || "none stated")}</td>${shown.map(([, cell]) => `<td>${esc(cell(g))}</td>`).join("")}<td class="replacement">${esc(g.replacement)}</td></tr>`,
      );
    }
    out.push(`</tbody></table></section>`);
  }

  // Cloud and P2P exposure: what reaches outside the site, from the devices' own evidence.
  out.push(
    ...findingList(
      r.devices,
      "exposure",
      "Cloud and P2P exposure",
      "",
      (d) => d.exposure,
      (x) => `<a href="${esc(x.source)}">${esc(x.title)}</a> <span class="muted">(${esc(x.evidence)})</span>`,
    ),
  );
  // Known-vulnerable firmware: from the device's own version evidence, each advisory once per device.
  out.push(
    ...findingList(
      r.devices,
      "vulnerabilities",
      "Known-vulnerable firmware",
      `<p class="muted">Matched by the firmware version each device stated; nothing was sent to test them.</p>`,
      (d) => d.vulnerabilities,
      (v) => `<a href="${esc(v.source)}">${esc(v.id)}</a>${v.kev ? ` <strong class="kev">known exploited</strong>` : ""}${v.cvss !== null ? ` CVSS ${v.cvss.toFixed(1)}` : ""}, fixed in ${esc(v.fixedIn)}`,
    ),
  );

  const outside = r.devices.filter((d) => !d.inScope);
  const head = `<table><thead><tr><th>Address</th><th>Maker / brand</th><th>Model</th><th>Firmware</th><th>Serial</th><th>MAC</th><th>Type</th><th>Risk</th><th>Accepted</th></tr></thead><tbody>`;
  out.push(`<section id="devices"><h2>All devices (${r.devices.length - outside.length})</h2>${head}`);
  for (const d of [...r.devices.filter((x) => x.inScope), ...outside]) {
    if (d === outside[0]) {
      out.push(`</tbody></table></section><section id="outside"><h2>Answered from outside the targets (${outside.length})</h2><p class="muted">Heard by multicast, never contacted; they do not decide the exit code unless --fail-on-outside.</p>${head}`);
    }
    out.push(
      `<tr class="device" data-ip="${esc(d.ip)}" data-level="${d.risk.level}"><td>${esc(d.ip)}${(d.addresses ?? []).filter((a) => a !== d.ip).map((a) => `<br><small>${esc(a)}</small>`).join("")}</td><td>${esc(d.vendorChain?.join(" < ") ?? d.vendor ?? "unknown")}${d.brand && d.brand !== d.vendor ? ` / ${esc(d.brand)}` : ""}</td><td class="model">${esc(d.model ?? "")}</td><td>${esc(d.firmware ?? "")}</td><td>${esc(d.serial ?? "")}</td><td>${esc(d.mac ?? "")}</td><td>${esc(d.deviceType ?? "")}</td><td>${level(d.risk.level)}</td><td class="accepted">${d.accepted ? `${esc(d.accepted.reason)} (until ${esc(d.accepted.expires)})` : ""}</td></tr>`,
    );
  }
  out.push(`</tbody></table></section>`);

  // The evidence, in an appendix: what decided each identity field prints, compactly; every observation is one
  // click away on screen (and in the JSON report), and stays off paper.
  out.push(`<section id="evidence"><h2>Evidence appendix</h2>`);
  for (const d of [...r.devices.filter((x) => x.inScope), ...outside]) {
    // One line per identity field: its value and the first evidence that said so (and how many more agreed).
    const byField = new Map<string, (typeof d.decisions)[number][]>();
    for (const c of d.decisions) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
    // Fields decided alike (the same value from the same first evidence: vendor and platform "dahua" from
    // dhip.vendor) share a row.
    const rows = new Map<string, { fields: string[]; c: (typeof d.decisions)[number]; more: number }>();
    for (const [field, cs] of byField) {
      const c = cs[0]!;
      const key = `${c.value.trim().toLowerCase()}|${c.evidence.field}|${c.evidence.value}`;
      const row = rows.get(key);
      if (row) row.fields.push(field);
      else rows.set(key, { fields: [field], c, more: cs.length - 1 });
    }
    const decided = [...rows.values()]
      .map(({ fields, c, more }) => {
        // The evidence's value only when it says more than the value it decided (dhip.model = IP4M-1041B does not).
        const said = c.evidence.value.trim().toLowerCase() === c.value.trim().toLowerCase() ? "" : ` = ${esc(c.evidence.value.slice(0, 80))}`;
        return `<tr><td>${esc(fields.join(", "))}</td><td>${esc(c.value)}</td><td><code>${esc(c.evidence.field)}</code>${said} <span class="muted">(${esc(c.evidence.source)})</span>${more ? ` <span class="muted">+${more} more</span>` : ""}</td></tr>`;
      })
      .join("");
    const warn = d.warnings.map((w) => `<li class="warn">${esc(w)}</li>`).join("");
    const ev = d.evidence.map((e) => `<li><code>${esc(e.field)}</code> = ${esc(e.value.slice(0, 300))} <span class="muted">(${esc(e.source)}${e.url ? `, ${esc(e.url)}` : ""})</span></li>`).join("");
    out.push(
      `<article class="device-evidence" data-ip="${esc(d.ip)}"><h3>${esc(d.ip)} — ${esc(deviceName(d))} <span class="muted">confidence ${d.confidence.toFixed(2)}, found by ${esc(d.foundBy.join(", "))}</span></h3>` +
        (decided ? `<table class="decisions"><tbody>${decided}</tbody></table>` : `<p class="muted">Nothing decided its identity.</p>`) +
        (warn ? `<ul>${warn}</ul>` : "") +
        `<details class="all-evidence"><summary>All ${d.evidence.length} observations</summary><ul>${ev}</ul></details></article>`,
    );
  }
  out.push(`</section>`);

  out.push(`<section id="scan"><h2>About this scan</h2><table><tbody>`);
  out.push(`<tr><th>Interfaces</th><td>${esc(r.scope.interfaces.map((i) => `${i.name} (${i.cidr})`).join(", "))}</td></tr>`);
  out.push(`<tr><th>Targets</th><td>${esc(r.scope.targets.join(", ") || "multicast discovery only")}</td></tr>`);
  out.push(`<tr><th>Probes</th><td>${esc(r.scope.probes.join(", "))}</td></tr>`);
  out.push(`<tr><th>Jurisdictions</th><td>${esc(r.scope.jurisdictions.join(", "))}</td></tr>`);
  if (r.catalogue) out.push(`<tr><th>Catalogue</th><td>${esc(r.catalogue.version)}, reviewed ${esc(r.catalogue.reviewed)}; rules in force on ${esc(r.catalogue.asOf)}</td></tr>`);
  out.push(`<tr><th>Started / duration</th><td>${esc(r.startedAt)} / ${seconds} s</td></tr>`);
  out.push(`<tr><th>Tool</th><td>${esc(r.tool.name)} ${esc(r.tool.version)} (report schema ${esc(r.schemaVersion)})</td></tr>`);
  if (r.errors.length) out.push(`<tr><th>Errors</th><td><ul>${r.errors.map((e) => `<li>${esc(e)}</li>`).join("")}</ul></td></tr>`);
  out.push(`</tbody></table><p class="muted">The catalogue states what each rule says with its source; it is not legal advice.</p></section></body></html>\n`);
  return out.join("\n");
}
