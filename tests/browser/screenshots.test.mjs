// Screenshots for people to look at: home, a guide, a case study, a forum summary and
// the search page, at 360 px (a cheap phone) and 1280 px, in Thai and English, written
// to target/screenshots/. Also prints a guide to an A4 PDF there. The assertions are the
// layout rules a screenshot would show broken: no sideways scrolling on a phone, the
// language switch visible without scrolling, the web font in use, and print hiding the
// site's chrome.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSite, serve, launch, screenshotDir, ensureDir } from "./helpers.mjs";

const PAGES = {
  home: "index.html",
  guide: "guides/flood-preparation/index.html",
  case: "cases/chonnabot-chi-flood-warning/index.html",
  forum: "forums/flood-lessons-forum-2565/index.html",
  search: "search/index.html?q=%E0%B8%99%E0%B9%89%E0%B8%B3%E0%B8%97%E0%B9%88%E0%B8%A7%E0%B8%A1",
};
const WIDTHS = { 360: 740, 1280: 900 };

let site, server, browser;
before(async () => {
  site = buildSite();
  server = await serve(site);
  browser = await launch();
  ensureDir(screenshotDir);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const lang of ["th", "en"]) {
  for (const [width, height] of Object.entries(WIDTHS)) {
    test(`screenshots ${lang} at ${width}px`, async () => {
      const context = await browser.newContext({ viewport: { width: +width, height }, deviceScaleFactor: 1, serviceWorkers: "block" });
      const page = await context.newPage();
      for (const [name, path] of Object.entries(PAGES)) {
        await page.goto(server.url + (lang === "th" ? "" : "en/") + path, { waitUntil: "load" });
        await page.evaluate(() => document.fonts.ready);
        const file = join(screenshotDir, `${name}-${lang}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: +width, height: 2400 } });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${name} (${lang}, ${width}px) scrolls sideways by ${overflow}px`);
        const sw = await page.locator(".lang-switch a").first().boundingBox();
        assert.ok(sw && sw.y + sw.height <= height && sw.height >= 44, `${name}: language switch visible and 44px tall: ${JSON.stringify(sw)}`);
        const sarabun = await page.evaluate(() => [...document.fonts].some((f) => f.family.replace(/"/g, "") === "Sarabun" && f.status === "loaded"));
        assert.ok(sarabun, `${name}: Sarabun loaded`);
      }
      await context.close();
    });
  }
}

test("a guide prints on A4 without the site's header, menus or footer", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + PAGES.guide, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  await page.emulateMedia({ media: "print" });
  const shown = await page.evaluate(() => [".site-header", ".site-footer", ".toc", ".comments", ".lang-switch"]
    .filter((s) => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== "none"));
  assert.deepEqual(shown, []);
  const pdf = await page.pdf({ path: join(screenshotDir, "guide-th-a4.pdf"), preferCSSPageSize: true, printBackground: true });
  // A4 is 595 x 842 points.
  assert.match(pdf.toString("latin1"), /\/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]/);
  await page.close();
});
