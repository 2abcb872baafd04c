// Search in the browser, with no server behind it: the sample site opened as file://
// and over a plain static server. Also checks that the browser's answers equal the
// native search's, and measures sizes and latency (printed as `# budget` lines).
//
//   cd tests/browser && npm ci && node --test search.test.mjs
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { buildSite, cargo, launch, repo, serve } from "./lib/site.mjs";

let out, server, browser;
before(async () => {
  out = buildSite();
  server = await serve(out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a search page and waits until the search module is ready. */
async function openSearch(base, path = "search/index.html") {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && errors.push(`${r.status()} ${r.url()}`));
  page.errors = errors;
  await page.goto(base + path);
  await page.waitForFunction(() => document.getElementById("search-page").dataset.renders >= 1);
  return page;
}

const renders = (page) => page.evaluate(() => Number(document.getElementById("search-page").dataset.renders));

/** Types `text` into the page's search box, submits it, waits for the new results. */
async function type(page, text) {
  const before = await renders(page);
  await page.fill("#search-q", text);
  await page.press("#search-q", "Enter");
  await page.waitForFunction((n) => Number(document.getElementById("search-page").dataset.renders) > n, before);
  return hits(page);
}

async function choose(page, facet, value) {
  const before = await renders(page);
  await page.selectOption(`#search-f-${facet}`, value);
  await page.waitForFunction((n) => Number(document.getElementById("search-page").dataset.renders) > n, before);
  return hits(page);
}

function hits(page) {
  return page.$$eval("#search-results li", (items) => items.map((li) => ({
    url: li.querySelector("a").getAttribute("href"),
    title: li.querySelector("a").textContent,
    kind: li.querySelector(".search-kind").textContent,
    snippet: li.querySelector(".search-snippet").innerHTML,
    lang: li.lang,
  })));
}

const WASTE_CASES = ["cases/chum-phae-waste-cluster/", "cases/khon-kaen-waste-to-energy/"];

for (const mode of ["file", "http"]) {
  describe(`search over ${mode}`, () => {
    const base = () => (mode === "file" ? pathToFileURL(out).href + "/" : server.url);

    test("a Thai query finds the waste case studies first, with highlighted snippets", async () => {
      const page = await openSearch(base());
      const found = await type(page, "การจัดการขยะ");
      assert.ok(found.length >= 4, JSON.stringify(found));
      assert.ok(found[0].url.includes(WASTE_CASES[0]), found[0].url);
      assert.ok(found.slice(0, 4).some((h) => h.url.includes(WASTE_CASES[1])));
      assert.match(found[0].snippet, /<mark>ขยะ<\/mark>|<mark>การจัดการ<\/mark>/);
      // The status gives the total the native search finds for the same query.
      const [native] = nativeSearch([["th", "การจัดการขยะ"]]);
      assert.ok((await page.textContent("#search-status")).includes(String(native.total)), `total ${native.total}`);
      // Only <mark> survives from the snippet HTML.
      const tags = await page.$$eval(".search-snippet *", (els) => [...new Set(els.map((e) => e.tagName))]);
      assert.deepEqual(tags, ["MARK"]);
      assert.deepEqual(page.errors, []);
      await page.close();
    });

    test("clicking a result lands on its page", async () => {
      const page = await openSearch(base());
      const [first] = await type(page, "การจัดการขยะ");
      await Promise.all([page.waitForURL(/chum-phae-waste-cluster/), page.click("#search-results li a")]);
      assert.equal((await page.textContent("h1")).trim(), first.title);
      await page.close();
    });

    test("an English query on the English search page", async () => {
      const page = await openSearch(base(), "en/search/index.html");
      const found = await type(page, "waste");
      assert.equal(found[0].url, "../../en/cases/khon-kaen-waste-to-energy/index.html");
      assert.ok(found.every((h) => h.lang === "en"));
      assert.match(found[0].snippet, /<mark>waste<\/mark>/i);
      assert.match(await page.textContent("#search-status"), /^\d+ results$/);
      await page.close();
    });

    test("filters: kind, district, topic, year and language, with counts", async () => {
      const page = await openSearch(base());
      await type(page, "ขยะ");
      const options = await page.$$eval("#search-f-kind option", (o) => o.map((x) => x.textContent));
      assert.ok(options.some((o) => /^กรณีศึกษา \(\d+\)$/.test(o)), options.join("|"));
      const cases = await choose(page, "kind", "case");
      assert.ok(cases.length >= 2 && cases.every((h) => h.kind === "กรณีศึกษา"));
      const caseCount = Number((await page.$eval('#search-f-kind option[value="case"]', (o) => o.textContent)).match(/\((\d+)\)/)[1]);
      assert.equal(cases.length, caseCount);
      // Districts are labelled in Thai; choosing one narrows the list.
      const district = await page.$eval("#search-f-district option:nth-child(2)", (o) => [o.value, o.textContent]);
      assert.match(district[1], /^[\u0E00-\u0E7F ]+ \(\d+\)$/);
      const inDistrict = await choose(page, "district", district[0]);
      assert.equal(inDistrict.length, Number(district[1].match(/\((\d+)\)/)[1]));
      await choose(page, "district", "");
      const topic = await page.$eval("#search-f-topic option:nth-child(2)", (o) => o.value);
      assert.ok((await choose(page, "topic", topic)).length >= 1);
      await choose(page, "topic", "");
      const year = await page.$eval("#search-f-year option:nth-child(2)", (o) => [o.value, o.textContent]);
      assert.match(year[1], /^25\d\d \(\d+\)$/, "Thai pages show Buddhist-era years");
      assert.ok((await choose(page, "year", year[0])).length >= 1);
      await choose(page, "year", "");
      // The language filter loads the other language's index on demand.
      await choose(page, "kind", "");
      const english = await choose(page, "lang", "en");
      assert.ok(english.length > 0 && english.every((h) => h.lang === "en"));
      const langs = await page.$$eval("#search-f-lang option", (o) => o.map((x) => x.textContent));
      assert.ok(langs.every((l) => /\(\d+\)$/.test(l)), langs.join("|"));
      await page.close();
    });

    test("an English word on the Thai page offers the English results, as one link", async () => {
      const page = await openSearch(base());
      const here = await type(page, "waste");
      assert.ok(here.length < 3, `${here.length} Thai results`);
      const [native] = nativeSearch([["en", "waste"]]);
      await page.waitForSelector("#search-other:not([hidden]) a");
      const text = await page.textContent("#search-other a");
      assert.equal(text, `พบ ${native.total} รายการในภาษาอังกฤษ`);
      const before = await renders(page);
      await page.click("#search-other a");
      await page.waitForFunction((n) => Number(document.getElementById("search-page").dataset.renders) > n, before);
      const english = await hits(page);
      assert.ok(english.length > 0 && english.every((h) => h.lang === "en"), JSON.stringify(english));
      assert.equal(await page.isHidden("#search-other"), true, "no link back while English has results");
      // A query with enough results here offers nothing.
      await choose(page, "lang", "th");
      await type(page, "ขยะ");
      assert.equal(await page.isHidden("#search-other"), true);
      assert.deepEqual(page.errors, []);
      await page.close();
    });

    test("typing a word letter by letter shows results from its third cluster or letter on", async () => {
      // [search page, word, the prefix from which results must show]: a Thai word from
      // its third character cluster (กา|ร|จั…, ผู้|สู|ง…), an English one from its third letter.
      const words = [
        ["search/index.html", "การจัดการขยะ", "การจั"],
        ["search/index.html", "ผู้สูงอายุ", "ผู้สูง"],
        ["en/search/index.html", "management", "man"],
      ];
      for (const [path, word, from] of words) {
        const page = await openSearch(base(), path);
        await page.focus("#search-q");
        const chars = [...word];
        for (let i = 0; i < chars.length; i++) {
          await page.keyboard.type(chars[i]);
          const typed = chars.slice(0, i + 1).join("");
          if (typed.length < from.length) continue;
          // Each letter waits for the input's pause; then the results of what is typed show.
          await page.waitForFunction((q) => document.getElementById("search-page").dataset.query === q, typed);
          const found = await hits(page);
          assert.ok(found.length > 0, `no results for «${typed}» while typing «${word}»`);
        }
        // The whole word's results equal the native search's: the first five, then with
        // "more results" the first ten.
        const lang = path.startsWith("en/") ? "en" : "th";
        const native = nativeSearch([[lang, word]])[0].hits.map((h) => h.url);
        const shown = async () => (await hits(page)).map((h) => h.url.replace(/^(\.\.\/)+/, ""));
        assert.deepEqual(await shown(), native.slice(0, 5));
        if (native.length > 5) {
          const before = await renders(page);
          await page.click("#search-more");
          await page.waitForFunction((n) => Number(document.getElementById("search-page").dataset.renders) > n, before);
          assert.deepEqual(await shown(), native);
        }
        assert.deepEqual(page.errors, []);
        await page.close();
      }
    });

    test("works from the keyboard: Enter searches, Tab reaches a result", async () => {
      const page = await openSearch(base());
      await page.focus("#search-q");
      await page.keyboard.type("น้ำท่วม");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#search-results li a");
      assert.equal(await page.getAttribute("#search-status", "aria-live"), "polite");
      // Tab through the filters to the first result, then follow it with Enter.
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(() => document.activeElement.closest("#search-results") !== null)) break;
      }
      const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
      assert.ok(href, "a result link has focus");
      await Promise.all([page.waitForURL((u) => u.href.includes(href.replace(/^(\.\.\/)+/, ""))), page.keyboard.press("Enter")]);
      await page.close();
    });

    test("the header box on any page submits to the search page", async () => {
      const page = await browser.newPage();
      await page.goto(base() + "en/guides/index.html");
      await page.fill("#site-search", "drought");
      await Promise.all([page.waitForURL(/search\/index\.html\?q=drought/), page.press("#site-search", "Enter")]);
      await page.waitForSelector("#search-results li a");
      assert.equal(await page.inputValue("#search-q"), "drought");
      await page.close();
    });
  });
}

test("other pages download nothing of search; with JavaScript off the page says why", async () => {
  server.log.length = 0;
  const page = await browser.newPage();
  await page.goto(server.url + "index.html");
  await page.focus("#site-search");
  await page.waitForTimeout(200);
  assert.deepEqual(server.log.map((r) => r.path).filter((p) => p.includes("search")), []);
  await page.close();

  const context = await browser.newContext({ javaScriptEnabled: false });
  const off = await context.newPage();
  await off.goto(server.url + "en/search/index.html");
  assert.match(await off.textContent("#search-page noscript"), /Search needs JavaScript/);
  assert.equal(await off.isVisible("#search-form"), false);
  assert.ok(await off.$('#search-page a[href$="topics/index.html"]'));
  await context.close();
});

// The native searcher over the index `sala build` wrote: one result per [lang, text].
function nativeSearch(queries) {
  cargo(["build", "-q", "-p", "sala-search-wasm", "--example", "query"]);
  const input = queries.map(([lang, text]) => JSON.stringify({ text, lang, limit: 10 })).join("\n");
  const native = spawnSync(join(repo, "target", "debug", "examples", "query"), [join(repo, "search-index")], { input, encoding: "utf8" });
  assert.equal(native.status, 0, native.stderr);
  return native.stdout.trim().split("\n").map((l) => JSON.parse(l));
}

// Twenty queries in both languages: the browser's top 10 must equal the native top 10.
const PARITY = [
  ["th", "การจัดการขยะ"], ["th", "น้ำท่วม"], ["th", "ภัยแล้ง"], ["th", "ฝุ่น PM2.5"],
  ["th", "ผู้สูงอายุ"], ["th", "ไข้เลือดออก"], ["th", "เวทีประชาคม"], ["th", "งบประมาณ"],
  ["th", "ชุมแพ"], ["th", "\"แม่น้ำชี\""], ["th", "ขยะ -พลังงาน"], ["th", "อบต. ความร่วมมือ"],
  ["en", "waste"], ["en", "flood warning"], ["en", "drought water sharing"], ["en", "elderly care"],
  ["en", "sugarcane burning"], ["en", "procurment"], ["en", "\"public forum\""], ["en", "Chum Phae"],
];

test("the browser's top 10 equals the native search's for 20 queries", async () => {
  const expected = nativeSearch(PARITY).map((r) => r.hits.map((h) => h.url));
  const page = await openSearch(server.url);
  const got = await page.evaluate(async (queries) => {
    const out = [];
    for (const [lang, text] of queries) out.push((await window.salaSearch.query({ text, limit: 10 }, lang)).hits.map((h) => h.url));
    return out;
  }, PARITY);
  PARITY.forEach(([lang, text], i) => assert.deepEqual(got[i], expected[i], `${lang}: ${text}`));
  assert.ok(expected.filter((e) => e.length > 0).length >= 18, "most queries find something");
  await page.close();
});

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

test("budgets: module size, first Thai query transfer, query latency", async () => {
  const wasm = join(out, "search", "sala-search.wasm");
  const raw = statSync(wasm).size;
  const wasmGz = gz(wasm);
  console.log(`# budget wasm: ${kb(raw)} raw (≤ 1600 KB), ${kb(wasmGz)} gzip (≤ 600 KB)`);
  for (const lang of ["th", "en"]) {
    const f = join(out, "search", `index-${lang}.bin`);
    console.log(`# budget entry ${lang}: ${kb(statSync(f).size)} raw, ${kb(gz(f))} gzip`);
  }
  const loader = join(out, "assets", "search.js");
  console.log(`# budget loader: ${kb(statSync(loader).size)} raw, ${kb(gz(loader))} gzip`);

  server.log.length = 0;
  const page = await openSearch(server.url, "search/index.html?q=" + encodeURIComponent("การจัดการขยะ"));
  await page.waitForSelector("#search-results li a");
  let total = 0;
  for (const { path, file, bytes } of server.log) {
    const g = gz(file);
    total += g;
    console.log(`# budget first Thai query: ${path} ${kb(bytes)} raw, ${kb(g)} gzip`);
  }
  console.log(`# budget first Thai query total: ${kb(total)} gzip (≤ 1024 KB)`);

  const times = await page.evaluate(async (queries) => {
    const search = await window.salaSearch.ready;
    // A first round fetches the parts the queries read; the timed rounds search warm.
    for (const text of queries) await search.query({ text, limit: 10 });
    const ms = [];
    for (let round = 0; round < 3; round++) {
      for (const text of queries) {
        const t0 = performance.now();
        await search.query({ text, limit: 10 });
        ms.push(performance.now() - t0);
      }
    }
    return ms;
  }, ["การจัดการขยะ", "น้ำท่วม", "ภัยแล้ง", "ผู้สูงอายุ", "ไข้เลือดออก", "งบประมาณ", "ชุมแพ", "เวที", "อบจ.", "PM2.5"]);
  times.sort((a, b) => a - b);
  const p = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(`# budget latency over ${times.length} Thai queries: p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms (p95 ≤ 50 ms)`);
  await page.close();

  assert.ok(raw <= 1600 * 1024, `wasm ${kb(raw)} raw`);
  assert.ok(wasmGz <= 600 * 1024, `wasm ${kb(wasmGz)} gzip`);
  assert.ok(total <= 1024 * 1024, `first Thai query ${kb(total)} gzip`);
  assert.ok(p(0.95) <= 50, `p95 ${p(0.95)} ms`);
});
