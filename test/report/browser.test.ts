import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportSchema } from "../../src/model/report.ts";
import { renderHtml } from "../../src/report/html.ts";
import { fixture } from "../helpers.ts";

// The HTML report in a real browser (Debian's chromium, driven by playwright-core). .ci/run installs chromium.
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url).pathname;
const report = ReportSchema.parse(JSON.parse(fixture("report/lab-report.json")));

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
    const lts = page.locator('#action article.finding:has-text("LTS")');
    await expect.poll(() => lts.locator(".rules li").count()).toBeGreaterThan(3);
    expect(await lts.innerText()).toMatch(/NDAA FY2019 §889/);
    expect(await page.locator("#by-maker tbody tr").first().innerText()).toMatch(/^Hikvision\s+\d+$/);
    expect(await page.title()).toMatch(/^Surveillance device report/);
    expect(requests).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}html-report.png`, fullPage: false });
    await page.emulateMedia({ media: "print" });
    // Printed as a customer would: A4 and Letter, kept as artifacts with their page counts.
    const pages: Record<string, number> = {};
    for (const format of ["A4", "Letter"] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      writeFileSync(`${ARTIFACTS}html-report-${format.toLowerCase()}.pdf`, pdf);
      pages[format] = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    }
    console.info(`HTML report of ${report.devices.length} devices printed: ${pages.A4} pages A4, ${pages.Letter} pages Letter`);
    expect(pages.A4).toBeGreaterThan(0);
    expect(pages.Letter).toBeGreaterThan(0);
    await page.close();
  }, 60_000);
});
