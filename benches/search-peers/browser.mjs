// The browser half of benches/search-peers.sh: runs the labelled queries against Pagefind
// (its index written by pagefind_extended into <public>/pagefind) and against Sala's own
// browser search, both in headless Debian Chromium over http on 127.0.0.1, and measures
// bytes for a first Thai query and per-query latency in the page.
//
//   node benches/search-peers/browser.mjs <built public/> tests/relevance/queries.tsv > out.json
//
// Output (JSON): { pagefind: {id: [url…]}, sala_browser: {id: [url…]}, bytes: {...},
// latency: {...} }. Nothing is asserted: the script reports, a person judges.
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { gzipSync } from "node:zlib";
import { launch, serve } from "../../tests/browser/lib/site.mjs";

const [publicDir, queriesFile] = process.argv.slice(2);
if (!publicDir || !queriesFile) {
  console.error("usage: node browser.mjs <public dir> <queries.tsv>");
  process.exit(2);
}
const DEPTH = 10;
const ROUNDS = 3;
const FIRST_THAI = "การจัดการขยะ";

const queries = readFileSync(queriesFile, "utf8").split("\n")
  .filter((l) => l.trim() && !l.startsWith("#") && !l.startsWith("id\t"))
  .map((l) => { const [id, lang, category, query] = l.split("\t"); return { id, lang, category, query }; });

// What a server with gzip on would send: Pagefind's index chunks, fragments and wasm are
// stored gzipped already (gzip of them is no smaller), Sala's and Pagefind's js are not.
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const sent = (file, raw) => Math.min(raw, gz(file));

const server = await serve(publicDir);
const browser = await launch();
const log = (msg) => console.error(`search-peers: ${msg}`);

function summary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s.at(-1) };
}

function bytesOf(entries, keep) {
  // A file asked for twice (Sala's loader is, as a script and again by the page) counts
  // once: a second fetch would come from the cache on a server that sends cache headers.
  const seen = new Set();
  const files = entries.filter((e) => keep(e.path) && !seen.has(e.path) && seen.add(e.path));
  const byKind = {};
  let raw = 0, wire = 0;
  for (const e of files) {
    const w = sent(e.file, e.bytes);
    raw += e.bytes; wire += w;
    const k = extname(e.path) || e.path;
    byKind[k] = (byKind[k] || 0) + w;
  }
  return { requests: files.length, raw, gzip: wire, by_extension: byKind, files: files.map((e) => e.path) };
}

// ---- Pagefind --------------------------------------------------------------------------
async function pagefindPage(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + path);
  await page.evaluate(async () => {
    window.pf = await import("/pagefind/pagefind.js");
    await window.pf.init();
  });
  return { page, context };
}

// First Thai query: a fresh context on the Thai home page; everything under /pagefind/
// it fetches for the search and the top 5 results' data (what Pagefind's UI shows first).
server.log.length = 0;
{
  const { page, context } = await pagefindPage("index.html");
  await page.evaluate(async (q) => {
    const r = await window.pf.search(q);
    await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
  }, FIRST_THAI);
  await context.close();
}
const pagefindBytes = bytesOf(server.log, (p) => p.startsWith("/pagefind/"));
log(`pagefind first Thai query: ${pagefindBytes.requests} requests, ${pagefindBytes.gzip} B gzip`);

const pagefind = {};
const pfLatency = { search: [], search_and_data10: [] };
for (const lang of ["th", "en"]) {
  const { page, context } = await pagefindPage(lang === "th" ? "index.html" : "en/index.html");
  const mine = queries.filter((q) => q.lang === lang);
  // One untimed round loads every chunk and fragment; the timed rounds are warm.
  const out = await page.evaluate(async ({ mine, DEPTH, ROUNDS }) => {
    const urls = {};
    for (const q of mine) {
      const r = await window.pf.search(q.query);
      const data = await Promise.all(r.results.slice(0, DEPTH).map((x) => x.data()));
      urls[q.id] = data.map((d) => d.url);
    }
    const search = [], full = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of mine) {
        let t0 = performance.now();
        const r = await window.pf.search(q.query);
        search.push(performance.now() - t0);
        t0 = performance.now();
        const r2 = await window.pf.search(q.query);
        await Promise.all(r2.results.slice(0, DEPTH).map((x) => x.data()));
        full.push(performance.now() - t0);
        void r;
      }
    }
    return { urls, search, full };
  }, { mine, DEPTH, ROUNDS });
  Object.assign(pagefind, out.urls);
  pfLatency.search.push(...out.search);
  pfLatency.search_and_data10.push(...out.full);
  await context.close();
}

// ---- Sala in the browser -----------------------------------------------------------------
server.log.length = 0;
const salaContext = await browser.newContext();
const salaPage = await salaContext.newPage();
await salaPage.goto(server.url + "search/index.html?q=" + encodeURIComponent(FIRST_THAI));
await salaPage.waitForSelector("#search-results li a");
const salaBytes = bytesOf(server.log, (p) => p.startsWith("/search/") && !p.endsWith(".html") || p === "/assets/search.js");
log(`sala first Thai query: ${salaBytes.requests} requests, ${salaBytes.gzip} B gzip`);

const salaOut = await salaPage.evaluate(async ({ queries, DEPTH, ROUNDS }) => {
  const urls = {};
  for (const q of queries) {
    urls[q.id] = (await window.salaSearch.query({ text: q.query, limit: DEPTH }, q.lang)).hits.map((h) => h.url);
  }
  const ms = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      await window.salaSearch.query({ text: q.query, limit: DEPTH }, q.lang);
      ms.push(performance.now() - t0);
    }
  }
  return { urls, ms };
}, { queries, DEPTH, ROUNDS });
await salaContext.close();

await browser.close();
await server.close();

process.stdout.write(JSON.stringify({
  pagefind,
  sala_browser: salaOut.urls,
  bytes: { query: FIRST_THAI, pagefind: pagefindBytes, sala: salaBytes },
  latency: {
    rounds: ROUNDS,
    pagefind_search: summary(pfLatency.search),
    pagefind_search_and_data10: summary(pfLatency.search_and_data10),
    sala_query10: summary(salaOut.ms),
  },
}, null, 1) + "\n");
