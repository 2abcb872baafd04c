// The browser half of benches/search-scale.sh: what a first and a next query cost a
// reader, for Sala's split index and for Pagefind on the same built site, in headless
// Debian Chromium over http on 127.0.0.1.
//
//   node benches/search-scale/measure.mjs <built public/> <label> > row.json
//
// The server gzips what a host with compression on would (everything but woff2 and
// Pagefind's files, which are gzipped already), and every figure counts bytes as sent.
// Service workers are blocked, so only what the search needs is counted, for both
// tools. Measured, each in a fresh browser context (a cold cache):
//
// - first Thai / first English query: every response from opening Sala's search page
//   with ?q= until the results show, the page itself included; for Pagefind, every
//   response from opening the home page (the same theme and fonts) until its search and
//   the data of the first 5 results (what its UI shows first) are in;
// - next query: the responses of a second, different query in the same tab;
// - time to results, on loopback and with Chromium's network emulation at 1.6 Mbit/s
//   down, 750 kbit/s up and 150 ms round trip;
// - 20 more queries in that tab, timed through the module's own query call: the first
//   time (fetching their parts) and again (warm: every part at hand), p50 and p95;
// - tab memory after those queries: the JS heap (CDP Runtime.getHeapUsage) plus the search
//   module's wasm memory.
//
// BREAKDOWN=1 adds the first Thai query's bytes per kind of file.
//
// Nothing is asserted: the script reports, a person judges.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { launch } from "../../tests/browser/lib/site.mjs";

const [publicDir, label] = process.argv.slice(2);
if (!publicDir) {
  console.error("usage: node measure.mjs <public dir> [label]");
  process.exit(2);
}
const TH = ["การจัดการขยะ", "น้ำท่วม"];
const EN = ["waste management", "flood warning"];
const MORE = ["ผู้สูงอายุ", "งบประมาณ", "ชุมแพ", "เวทีประชาคม", "ภัยแล้ง", "ฝุ่น PM2.5", "ไข้เลือดออก",
  "ถนน", "ประปา", "โรงเรียน", "สุขภาพ", "เกษตร", "แผนพัฒนา", "ขยะ", "อาสาสมัคร", "ศูนย์", "น้ำ", "ป่า"];
const SLOW = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

const MIME = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json",
  ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2",
};

/** A static server that gzips like a host would, and logs bytes sent per path. */
function serve(dir) {
  const root = resolve(dir);
  const log = [];
  const zipped = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = resolve(root, "." + path);
    if (file !== root && !file.startsWith(root + sep)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return res.writeHead(404).end("not found");
    let body = readFileSync(file);
    const headers = { "Content-Type": MIME[extname(file)] || "application/octet-stream" };
    const compress = !path.startsWith("/pagefind/") && extname(file) !== ".woff2" &&
      /\bgzip\b/.test(req.headers["accept-encoding"] || "");
    if (compress) {
      if (!zipped.has(file)) zipped.set(file, gzipSync(body, { level: 9 }));
      body = zipped.get(file);
      headers["Content-Encoding"] = "gzip";
    }
    log.push({ path, bytes: body.length });
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({
    url: `http://127.0.0.1:${server.address().port}/`,
    log,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  })));
}

const server = await serve(publicDir);
const browser = await launch();
const sum = (entries) => entries.reduce((n, e) => n + e.bytes, 0);
const kb = (n) => Math.round(n / 1024 * 10) / 10;

async function context(slow = false) {
  const ctx = await browser.newContext({ serviceWorkers: "block" });
  const page = await ctx.newPage();
  if (slow) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", SLOW);
  }
  return { ctx, page };
}

/** Sala: open the search page of `lang` with ?q=`text`; bytes and time to results. */
async function salaFirst(lang, text, slow = false) {
  const { ctx, page } = await context(slow);
  server.log.length = 0;
  const t0 = Date.now();
  await page.goto(`${server.url}${lang === "th" ? "" : "en/"}search/index.html?q=${encodeURIComponent(text)}`);
  await page.waitForSelector("#search-results li a", { timeout: 300_000 });
  const ms = Date.now() - t0;
  return { ctx, page, bytes: sum(server.log), ms };
}

/** Sala: a different query typed into the open page; the bytes it fetched. */
async function salaNext(page, text) {
  server.log.length = 0;
  const before = await page.evaluate(() => Number(document.getElementById("search-page").dataset.renders));
  await page.fill("#search-q", text);
  await page.press("#search-q", "Enter");
  await page.waitForFunction((n) => Number(document.getElementById("search-page").dataset.renders) > n, before,
    { timeout: 300_000 });
  return sum(server.log);
}

/**
 * Sala: 20 more queries in the open tab, each through the search module as the page
 * runs it; the time of each the first time (parts fetched on loopback) and again
 * (every part at hand: a warm query), then the tab's memory.
 */
async function salaMoreQueries(page, lang) {
  const times = await page.evaluate(async ([queries, lang]) => {
    const run = async () => {
      const ms = [];
      for (const text of queries) {
        const t0 = performance.now();
        await window.salaSearch.query({ text, limit: 10 }, lang);
        ms.push(performance.now() - t0);
      }
      return ms;
    };
    return { first: await run(), warm: await run() };
  }, [MORE, lang]);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = (await cdp.send("Runtime.getHeapUsage")).usedSize;
  const wasm = await page.evaluate(() => window.salaSearch.memory());
  return { heap, wasm, times };
}

/** The p-th percentile (0 to 100) of `ms`, nearest rank, in whole milliseconds. */
function percentile(ms, p) {
  const sorted = [...ms].sort((a, b) => a - b);
  return Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]);
}

/**
 * Pagefind: open the home page of `lang` (the same page weight as a search page), search
 * `texts[0]` and load the first 5 results' data; then `texts[1]` in the same tab.
 */
async function pagefindFirst(lang, texts, slow = false) {
  const { ctx, page } = await context(slow);
  server.log.length = 0;
  const t0 = Date.now();
  await page.goto(`${server.url}${lang === "th" ? "" : "en/"}index.html`);
  const run = (text) => page.evaluate(async (q) => {
    window.pf = window.pf || await import("/pagefind/pagefind.js");
    const r = await window.pf.search(q);
    await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
  }, text);
  await run(texts[0]);
  const ms = Date.now() - t0;
  const first = sum(server.log);
  server.log.length = 0;
  await run(texts[1]);
  const next = sum(server.log);
  await ctx.close();
  return { first, next, ms };
}

/** Bytes sent per kind of file: what a first query's bytes are made of. */
function breakdown(log) {
  const kinds = {};
  for (const { path, bytes } of log) {
    const kind = /\/search\/[a-z]+\/[^/]+\.bin$/.test(path) ? "index parts"
      : /index-[a-z]+\.bin$/.test(path) ? "index entry"
      : /\.wasm$/.test(path) ? "module" : extname(path).slice(1) || "other";
    const k = kinds[kind] || (kinds[kind] = { kb: 0, files: 0 });
    k.kb = kb(k.kb * 1024 + bytes);
    k.files += 1;
  }
  return kinds;
}

const hasPagefind = existsSync(join(publicDir, "pagefind", "pagefind.js"));
const row = { label, sala: {}, pagefind: null };
{
  const th = await salaFirst("th", TH[0]);
  row.sala.first_th = { kb: kb(th.bytes), ms: th.ms };
  if (process.env.BREAKDOWN) row.sala.first_th.by_kind = breakdown(server.log);
  row.sala.next = { kb: kb(await salaNext(th.page, TH[1])) };
  const mem = await salaMoreQueries(th.page, "th");
  row.sala.memory_mb = { heap: Math.round(mem.heap / 1e5) / 10, wasm: Math.round(mem.wasm / 1e5) / 10 };
  row.sala.query_ms = {
    first_p50: percentile(mem.times.first, 50), first_p95: percentile(mem.times.first, 95),
    warm_p50: percentile(mem.times.warm, 50), warm_p95: percentile(mem.times.warm, 95),
  };
  await th.ctx.close();
  const en = await salaFirst("en", EN[0]);
  row.sala.first_en = { kb: kb(en.bytes), ms: en.ms };
  await en.ctx.close();
  const slow = await salaFirst("th", TH[0], true);
  row.sala.slow_ms = slow.ms;
  await slow.ctx.close();
}
if (hasPagefind) {
  const th = await pagefindFirst("th", TH);
  const en = await pagefindFirst("en", EN);
  const slow = await pagefindFirst("th", TH, true);
  row.pagefind = { first_th: { kb: kb(th.first), ms: th.ms }, first_en: { kb: kb(en.first), ms: en.ms },
    next: { kb: kb(th.next) }, slow_ms: slow.ms };
}
await browser.close();
await server.close();
process.stdout.write(JSON.stringify(row) + "\n");
