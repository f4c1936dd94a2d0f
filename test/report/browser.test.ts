import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportSchema } from "../../src/model/report.ts";
import { renderHtml } from "../../src/report/html.ts";
import { buildReplacementPlan } from "../../src/report/replacement-plan.ts";
import { fixture } from "../helpers.ts";
import { loadPersonas, startLab } from "../../mock-devices/lab.ts";
import { scanLoopback } from "../lab.ts";

// The HTML report in a real browser (Debian's chromium, driven by playwright-core). .ci/run installs chromium.
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url).pathname;
const report = ReportSchema.parse(JSON.parse(fixture("report/lab-report.json")));

/** Printed as a customer would: A4 and Letter, kept as artifacts; the page count of each. */
async function printed(page: Page, name: string): Promise<Record<"A4" | "Letter", number>> {
  await page.emulateMedia({ media: "print" });
  const pages = { A4: 0, Letter: 0 };
  for (const format of ["A4", "Letter"] as const) {
    const pdf = await page.pdf({ format, printBackground: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}${name}-${format.toLowerCase()}.pdf`, pdf);
    pages[format] = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  }
  return pages;
}

describe.skipIf(!existsSync(CHROMIUM))(`HTML report in headless Chromium${existsSync(CHROMIUM) ? "" : " (skipped: no /usr/bin/chromium)"}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 60_000);
  afterAll(async () => browser?.close());

  it("shows the counts and rows of the report, makes no request, and prints", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("data:") && r.url() !== "about:blank") requests.push(r.url());
    });
    await page.setContent(renderHtml(report), { waitUntil: "load" });

    const count = async (level: string): Promise<number> => Number(await page.locator(`#summary .card[data-level="${level}"] .count`).innerText());
    for (const level of ["covered", "oem", "watch", "unidentified", "clear"]) {
      expect(await count(level), level).toBe(report.devices.filter((d) => d.risk.level === level).length);
    }
    expect(await page.locator("#devices tr.device").count()).toBe(report.devices.length);
    expect(await page.locator("#action article.finding").count()).toBe(report.devices.filter((d) => ["covered", "oem"].includes(d.risk.level)).length);
    // The first flagged device lists its rules; the LTS relabel says why it is flagged, and its rules are the
    // same as a device above (a link there) or listed.
    const first = page.locator("#action article.finding").first();
    await expect.poll(() => first.locator(".rules li").count()).toBeGreaterThan(3);
    const lts = page.locator('#action article.finding:has-text("sold as LTS")');
    expect(await lts.innerText()).toMatch(/Why: names Hikvision, the maker; sold as LTS/);
    const pointer = lts.locator(".rules-same a");
    const target = (await pointer.count()) ? page.locator(`[id="${(await pointer.getAttribute("href"))!.slice(1)}"]`) : lts;
    expect(await target.innerText()).toMatch(/NDAA FY2019 §889/);
    expect(await page.locator("#by-maker tbody tr").first().innerText()).toMatch(/^Hikvision\s+\d+$/);
    expect(await page.title()).toMatch(/^Surveillance device report/);
    expect(requests).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}html-report.png`, fullPage: false });
    const pages = await printed(page, "html-report");
    console.info(`HTML report of ${report.devices.length} devices (fixture) printed: ${pages.A4} pages A4, ${pages.Letter} pages Letter`);
    // A handover report that fits four pages on either paper, evidence appendix included.
    expect(pages.A4).toBeGreaterThan(0);
    expect(pages.A4).toBeLessThanOrEqual(4);
    expect(pages.Letter).toBeGreaterThan(0);
    expect(pages.Letter).toBeLessThanOrEqual(4);
    await page.close();
  }, 60_000);

  it("prints the built-in lab's report, with its handover block, replacement plan and evidence appendix, on at most 4 pages A4 and Letter", async () => {
    const personas = loadPersonas();
    const lab = await startLab({ personas, firstAddress: "127.73.0.10" });
    let html: string;
    try {
      const { report: scanned } = await scanLoopback([`127.73.0.10-${10 + personas.length - 1}`]);
      // Other tests' labs answer multicast on the same loopback while this runs: the lab's own devices only.
      const devices = scanned.devices.filter((d) => d.inScope);
      // As the CLI writes it: the handover parties and the replacement plan.
      const own = { ...scanned, devices, site: "Lobby", customer: "Acme Estates", operator: "J. Doe, Example Integrators", replacementPlan: buildReplacementPlan(devices, "Lobby") };
      expect(own.devices.length).toBe(personas.length);
      html = renderHtml(own);
    } finally {
      await lab.close();
    }
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    expect(await page.locator("#handover").innerText()).toMatch(/Customer\s+Acme Estates/);
    expect(await page.locator("#evidence article.device-evidence").count()).toBe(personas.length);
    expect(await page.locator("#plan tbody tr").count()).toBeGreaterThan(5);
    const pages = await printed(page, "lab-report");
    console.info(`HTML report of the ${personas.length}-device lab printed: ${pages.A4} pages A4, ${pages.Letter} pages Letter`);
    expect(pages.A4).toBeLessThanOrEqual(4);
    expect(pages.Letter).toBeLessThanOrEqual(4);
    await page.close();
  }, 60_000);
});
