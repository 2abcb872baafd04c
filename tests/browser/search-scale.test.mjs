// The split search index on a corpus too big to download whole: a query must fetch a
// small share of public/search/, over http and from file://, give the native search's
// answer (top 10 and facet counts), and still answer over a slow connection.
//
//   cd tests/browser && node --test search-scale.test.mjs
//
// SCALE_ITEMS sets the corpus size in bilingual items (default 3000: its Thai index is
// over 10 MB). Sizes and times are printed as `# scale` lines; none is asserted but the
// share of public/search/ a query reads.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cargo, launch, repo, serve } from "./lib/site.mjs";

const ITEMS = Number(process.env.SCALE_ITEMS || 3000);
const QUERIES = [["th", "การจัดการขยะ"], ["th", "น้ำท่วม"], ["en", "flood warning"]];
const bin = (name) => join(repo, "target", "debug", name);

let root, out, server, browser;
before(async () => {
  root = mkdtempSync(join(tmpdir(), "sala-scale-"));
  process.on("exit", () => rmSync(root, { recursive: true, force: true }));
  if (!process.env.SALA_BIN) cargo(["build", "-q", "--bin", "sala"]);
  cargo(["build", "-q", "-p", "sala-bench"]);
  const corpus = spawnSync(bin("sala-bench"), ["corpus", "--pages", String(ITEMS), "--seed", "1",
    "--out", root, "--force", "--theme", join(repo, "themes", "default")], { encoding: "utf8" });
  assert.equal(corpus.status, 0, corpus.stderr);
  const t0 = Date.now();
  const built = spawnSync(process.env.SALA_BIN || bin("sala"), ["build", "--root", root], { encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);
  console.log(`# scale: ${ITEMS} items built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  out = join(root, "public");
  server = await serve(out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Bytes of every file under `dir`, by path relative to it. */
function sizes(dir, prefix = "") {
  const found = new Map();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (e.isDirectory()) for (const [k, v] of sizes(join(dir, e.name), rel + "/")) found.set(k, v);
    else found.set(rel, statSync(join(dir, e.name)).size);
  }
  return found;
}

/** The CLI's answer, as `sala search --json --facets` prints it. */
function cli(lang, text) {
  const r = spawnSync(process.env.SALA_BIN || bin("sala"),
    ["--root", root, "search", "--json", "--facets", "--lang", lang, "--limit", "10", text], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Opens the search page of `lang` at `base` with `?q=`; returns the page once results show. */
async function openWith(base, lang, text, context = browser) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const prefix = lang === "th" ? "" : "en/";
  const t0 = Date.now();
  await page.goto(`${base}${prefix}search/index.html?q=${encodeURIComponent(text)}`);
  await page.waitForSelector("#search-results li a", { timeout: 120_000 });
  page.ms = Date.now() - t0;
  assert.deepEqual(errors, []);
  return page;
}

/** The search page's answer for `text`, read through the page's own searcher. */
const answer = (page, lang, text) =>
  page.evaluate(([l, t]) => window.salaSearch.query({ text: t, limit: 10 }, l), [lang, text]);

test("the Thai index is over 10 MB, and a query reads under 10 % of public/search/ over http", async () => {
  const files = sizes(join(out, "search"));
  const all = [...files.values()].reduce((a, b) => a + b, 0);
  const th = [...files].filter(([f]) => f === "index-th.bin" || (f.startsWith("th/") && f.endsWith(".bin")))
    .reduce((a, [, n]) => a + n, 0);
  console.log(`# scale: public/search/ ${files.size} files, ${(all / 1e6).toFixed(1)} MB; Thai index ${(th / 1e6).toFixed(1)} MB`);
  assert.ok(th > 10e6, `the Thai index is only ${(th / 1e6).toFixed(1)} MB: raise SCALE_ITEMS`);
  for (const [lang, text] of QUERIES) {
    server.log.length = 0;
    const page = await openWith(server.url, lang, text);
    const search = server.log.filter((r) => r.path.includes("/search/") && !r.path.endsWith(".html"));
    const read = search.reduce((a, r) => a + r.bytes, 0);
    console.log(`# scale http ${lang} "${text}": ${search.length} files, ${(read / 1e3).toFixed(0)} KB of public/search/ (${(100 * read / all).toFixed(2)} %), results in ${page.ms} ms`);
    assert.ok(read < all / 10, `${text}: read ${read} of ${all} bytes`);
    const expected = cli(lang, text);
    const got = await answer(page, lang, text);
    assert.deepEqual(got.hits.map((h) => h.url), expected.hits.map((h) => h.url), text);
    assert.deepEqual(got.facets, expected.facets, `${text}: facet counts`);
    assert.equal(got.total, expected.total, text);
    await page.close();
  }
});

test("from file:// a query loads under 10 % of public/search/ and gives the CLI's answer", async () => {
  const files = sizes(join(out, "search"));
  const all = [...files.values()].reduce((a, b) => a + b, 0);
  const base = pathToFileURL(out).href + "/";
  for (const [lang, text] of QUERIES) {
    const page = await browser.newPage();
    const loaded = [];
    page.on("request", (r) => r.url().includes("/search/") && !r.url().endsWith(".html") && loaded.push(r.url()));
    const prefix = lang === "th" ? "" : "en/";
    await page.goto(`${base}${prefix}search/index.html?q=${encodeURIComponent(text)}`);
    await page.waitForSelector("#search-results li a", { timeout: 120_000 });
    const read = loaded.map((u) => statSync(fileURLToPath(u)).size).reduce((a, b) => a + b, 0);
    console.log(`# scale file:// ${lang} "${text}": ${loaded.length} scripts, ${(read / 1e3).toFixed(0)} KB (${(100 * read / all).toFixed(2)} %)`);
    assert.ok(read < all / 10, `${text}: loaded ${read} of ${all} bytes`);
    const expected = cli(lang, text);
    const got = await answer(page, lang, text);
    assert.deepEqual(got.hits.map((h) => h.url), expected.hits.map((h) => h.url), text);
    assert.deepEqual(got.facets, expected.facets, `${text}: facet counts`);
    await page.close();
  }
});

test("results appear over a throttled connection (1.6 Mbit/s, 150 ms round trip)", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
  });
  const t0 = Date.now();
  await page.goto(`${server.url}search/index.html?q=${encodeURIComponent("การจัดการขยะ")}`);
  await page.waitForSelector("#search-results li a", { timeout: 120_000 });
  console.log(`# scale throttled th "การจัดการขยะ": results in ${Date.now() - t0} ms`);
  assert.ok((await page.$$("#search-results li")).length > 0);
  await context.close();
});
