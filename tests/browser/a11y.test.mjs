// Every page of the sample site, in both languages, passes axe-core's WCAG 2.0/2.1 A and
// AA rules and its best-practice rules (heading order, landmarks, one h1, …). Pages are
// served over http (as readers get them), four tabs at a time.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch, htmlPages, axe } from "./helpers.mjs";

let site, server, browser;
before(async () => {
  site = buildSite();
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("axe finds no WCAG 2.1 A/AA or best-practice violation on any page, in Thai and English", async () => {
  const pages = htmlPages(site);
  assert.ok(pages.length > 100, `only ${pages.length} pages built`);
  assert.ok(pages.some((p) => p.startsWith("en/")) && pages.some((p) => !p.startsWith("en/")));
  const context = await browser.newContext({ serviceWorkers: "block" });
  const failures = [];
  const queue = pages.slice();
  const worker = async () => {
    const tab = await context.newPage();
    while (queue.length) {
      const path = queue.shift();
      await tab.goto(server.url + path, { waitUntil: "load" });
      for (const v of await axe(tab)) {
        failures.push(`${path}: ${v.id} (${v.impact}) ${v.help}\n` +
          v.nodes.slice(0, 3).map((n) => `    ${n.target}\n      ${n.summary.replace(/\n/g, "\n      ")}`).join("\n"));
      }
    }
    await tab.close();
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await context.close();
  console.log(`axe: ${pages.length} pages checked, ${failures.length} violations`);
  assert.deepEqual(failures, [], failures.join("\n"));
});

test("the axe check can fail: a page with known violations is caught", async () => {
  const tab = await browser.newPage();
  await tab.setContent(`<html><body><img src="x.png"><a href="#"></a><p style="color:#bbb;background:#fff">low contrast</p>` +
    `<h2>no h1</h2><h4>skips a level</h4></body></html>`);
  const ids = (await axe(tab)).map((v) => v.id);
  await tab.close();
  for (const id of ["html-has-lang", "image-alt", "link-name", "color-contrast",
    "heading-order", "region", "landmark-one-main", "page-has-heading-one"]) {
    assert.ok(ids.includes(id), `axe missed ${id}: ${ids}`);
  }
});
