// Sala's search page: the search module (search/sala-search.wasm, built from
// crates/sala-search-wasm) answers queries over one language's index, in the browser,
// with no server. Loaded with `defer` on the search page only; nothing of search is
// downloaded before that page opens.
//
// A language's index is split (see docs/search.md): a small entry file,
// search/index-<lang>.bin, that every query needs, and parts, search/<lang>/<hash>.bin,
// that a query fetches only when it reads them. The module answers a query either with
// results or with the names of the parts it still lacks; this loader fetches those (in
// parallel, each once) and asks again.
//
// Over http(s) the files are fetched (parts are named by their bytes, so caches may keep
// them forever). From file://, where fetch is blocked, the same bytes come from classic
// scripts written by `sala build` that file them as base64 in `window.salaSearchFiles`:
// the module's and each entry's twin (the same name with .js), and twins of 64 parts
// each (search/<lang>/t<hash>.js; the module names the twin of each part it needs).
'use strict';

/** Thrown when a newer query makes this one pointless. */
class Superseded extends Error {}

/** One wasm instance opened on one language's entry file. JSON in, JSON out. */
class Search {
  constructor(instance, lang, base) {
    this.x = instance.exports;
    this.lang = lang;
    this.base = base;
    this.parts = new Map(); // name -> Promise, settled once the part is in the module
  }

  /** Instantiates the compiled `module` and opens `entry` (search/index-<lang>.bin). */
  static async open(module, entry, lang, base) {
    const search = new Search(await WebAssembly.instantiate(module, {}), lang, base);
    const failed = search.x.open(search.write(entry));
    if (failed) throw new Error(JSON.parse(search.read(failed)).error);
    return search;
  }

  /**
   * `q`: {text, kind, district, topic, year, limit}. Returns {total, hits, facets}.
   * Fetches the parts the query reads; `stale()` true stops it between rounds.
   */
  async query(q, stale = () => false) {
    const json = new TextEncoder().encode(JSON.stringify({ ...q, lang: this.lang }));
    // Postings, then stored text of the hits: two rounds, three for a phrase.
    for (let round = 0; round < 6; round++) {
      const answer = JSON.parse(this.read(this.x.search(this.write(json))));
      if (answer.error) throw new Error(answer.error);
      if (!answer.need) return answer;
      if (stale()) throw new Superseded();
      await Promise.all(answer.need.map((name, i) => this.part(name, answer.twins[i])));
    }
    throw new Error('the search index is incomplete');
  }

  /** Fetches the part `name` (from its `twin` script on file://) once and hands it to the module. */
  part(name, twin) {
    if (!this.parts.has(name)) {
      const loading = searchFile(this.base, `${name}.bin`, `${twin}.js`, name).then((bytes) => {
        const label = new TextEncoder().encode(name);
        const message = new Uint8Array(2 + label.length + bytes.length);
        message[0] = label.length & 255;
        message[1] = label.length >> 8;
        message.set(label, 2);
        message.set(bytes, 2 + label.length);
        const failed = this.x.part(this.write(message));
        if (failed) throw new Error(JSON.parse(this.read(failed)).error);
      });
      // A failed fetch may be tried again by the next query.
      loading.catch(() => this.parts.delete(name));
      this.parts.set(name, loading);
    }
    return this.parts.get(name);
  }

  /** Copies `bytes` into the module's buffer; returns their length. */
  write(bytes) {
    const at = this.x.buffer(bytes.length) >>> 0;
    new Uint8Array(this.x.memory.buffer, at, bytes.length).set(bytes);
    return bytes.length;
  }

  read(len) {
    const at = this.x.buffer_ptr() >>> 0;
    return new TextDecoder().decode(new Uint8Array(this.x.memory.buffer, at, len));
  }
}

const scripts = new Map(); // file:// script URL -> Promise, each script loaded once

/** Runs the classic script at `src` once. */
function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const tag = document.createElement('script');
      tag.src = src;
      // What it files stays in salaSearchFiles; the tag itself is done with.
      tag.onload = () => { tag.remove(); resolve(); };
      tag.onerror = () => {
        tag.remove();
        scripts.delete(src);
        reject(new Error(`${src} could not be loaded`));
      };
      document.head.append(tag);
    }));
  }
  return scripts.get(src);
}

/** The bytes of a file under search/: fetched, or filed as `key` by `script` on file://. */
async function searchFile(base, name, script, key) {
  if (location.protocol !== 'file:') {
    const response = await fetch(base + name);
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  await loadScript(base + script);
  const filed = window.salaSearchFiles && window.salaSearchFiles[key];
  if (filed === undefined) throw new Error(`${script} does not hold ${key}`);
  const text = atob(filed);
  delete window.salaSearchFiles[key];
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Puts the crate's snippet (escaped text with <mark>) into `el`, keeping only text and marks. */
function setSnippet(el, html) {
  const parsed = document.createElement('template');
  parsed.innerHTML = html;
  for (const node of parsed.content.childNodes) {
    if (node.nodeName === 'MARK') {
      el.append(Object.assign(document.createElement('mark'), { textContent: node.textContent }));
    } else {
      el.append(node.textContent);
    }
  }
}

const FACETS = ['kind', 'district', 'topic', 'year', 'lang'];
// Each hit shown costs its stored text (for the snippet). Five fill a phone's first
// screen (Pagefind's own UI also shows five); "more results" brings five more.
const PAGE_SIZE = 5;

function startSearchPage(page) {
  const t = page.dataset;
  const labels = JSON.parse(t.labels);
  const base = t.root + 'search/';
  const byId = (id) => document.getElementById(id);
  const [form, input, status, filters, list, more, other] =
    ['search-form', 'search-q', 'search-status', 'search-filters', 'search-results', 'search-more', 'search-other'].map(byId);
  const layout = page.querySelector('.search-layout');
  const format = (s, n) => s.replace('{n}', n.toLocaleString(t.lang === 'th' ? 'th-TH' : 'en'));
  const label = (facet, id) => (labels[facet] && labels[facet][id]) || String(id);

  const params = new URLSearchParams(location.search);
  const state = { text: params.get('q') || '', lang: params.get('lang') || t.lang, limit: PAGE_SIZE };
  for (const f of ['kind', 'district', 'topic', 'year']) state[f] = params.get(f) || null;
  input.value = state.text;
  const header = byId('site-search');
  if (header) header.value = state.text;
  form.hidden = false;

  let module = null;
  const searches = {}; // lang -> Promise<Search>
  const loaded = {}; // lang -> Search, once open
  function searchIn(lang) {
    module = module || searchFile(base, 'sala-search.wasm', 'sala-search.wasm.js', 'wasm')
      .then((bytes) => WebAssembly.compile(bytes));
    searches[lang] = searches[lang] || Promise.all([
      module, searchFile(base, `index-${lang}.bin`, `index-${lang}.js`, `index-${lang}`),
    ]).then(([m, entry]) => Search.open(m, entry, lang, base)).then((s) => (loaded[lang] = s));
    return searches[lang];
  }

  function show(message, state) {
    status.textContent = message;
    page.dataset.state = state;
  }

  let runs = 0; // a run that is no longer the latest stops fetching and shows nothing

  /** Runs the current query in the chosen language; the others loaded give counts. */
  async function run() {
    const mine = ++runs;
    const stale = () => mine !== runs;
    other.hidden = true; // it spoke of the previous query
    const query = {
      text: state.text, kind: state.kind, district: state.district, topic: state.topic,
      year: state.year === null ? null : Number(state.year), limit: state.limit,
    };
    let search;
    try {
      if (!searches[state.lang]) show(t.tLoading, 'loading');
      search = await searchIn(state.lang);
    } catch (e) {
      show(`${t.tError}: ${e.message}`, 'error');
      return;
    }
    let results;
    const counts = {};
    try {
      results = await search.query(query, stale);
      // Languages whose index is not loaded yet are listed without a count.
      for (const lang of Object.keys(labels.lang)) {
        if (lang === state.lang) counts[lang] = results.total;
        else if (loaded[lang]) counts[lang] = (await loaded[lang].query({ ...query, limit: 0 }, stale)).total;
      }
    } catch (e) {
      if (e instanceof Superseded || stale()) return;
      show(`${t.tError}: ${e.message}`, 'error');
      return;
    }
    if (stale()) return;
    results.facets.lang = Object.keys(labels.lang).map((lang) => [lang, counts[lang]]);
    render(results);
    remember();
    otherLanguage(query, results.total, stale);
  }

  /**
   * With fewer than 3 results in this language, counts the query in the others (their
   * entry and the postings it reads, not their whole index) and offers the first that
   * has more as one link, in the reader's language.
   */
  async function otherLanguage(query, here, stale) {
    other.hidden = true;
    if (here >= 3 || !state.text.trim()) return;
    for (const lang of Object.keys(labels.lang)) {
      if (lang === state.lang) continue;
      let n;
      try {
        n = (await (await searchIn(lang)).query({ ...query, limit: 0 }, stale)).total;
      } catch (_) {
        continue; // the count is a courtesy: without it the page still works
      }
      if (stale()) return;
      if (n > here) {
        const link = other.firstElementChild;
        const name = t[`tLang${lang[0].toUpperCase()}${lang.slice(1)}`] || labels.lang[lang];
        link.textContent = format(t.tOther, n).replace('{lang}', name);
        const p = new URLSearchParams({ q: state.text, lang });
        link.href = `?${p}`;
        link.onclick = (event) => {
          event.preventDefault();
          state.lang = lang;
          state.limit = PAGE_SIZE;
          run();
        };
        other.hidden = false;
        return;
      }
    }
  }

  function render(results) {
    layout.hidden = false;
    const browsing = state.text.trim() !== '' || ['kind', 'district', 'topic', 'year'].some((f) => state[f]);
    renderFilters(results.facets);
    list.replaceChildren(...(browsing ? results.hits.map(hitItem) : []));
    more.hidden = !browsing || results.hits.length >= results.total;
    if (!browsing) show(t.tPrompt, 'ready');
    else show(results.total ? format(t.tCount, results.total) : t.tNone, 'ready');
    page.dataset.renders = Number(page.dataset.renders || 0) + 1;
    page.dataset.query = state.text; // what the results shown answer (tests wait on it)
  }

  function hitItem(hit) {
    const item = document.createElement('li');
    item.className = 'search-hit';
    item.lang = hit.lang;
    const link = Object.assign(document.createElement('a'), { href: t.root + hit.url, textContent: hit.title });
    const kind = Object.assign(document.createElement('span'), { className: 'search-kind', textContent: label('kind', hit.kind) });
    const snippet = Object.assign(document.createElement('p'), { className: 'search-snippet' });
    setSnippet(snippet, hit.snippet);
    item.append(link, ' ', kind, snippet);
    return item;
  }

  /** One <select> per facet, updated in place so keyboard focus stays put. */
  function renderFilters(facets) {
    for (const facet of FACETS) {
      let select = byId(`search-f-${facet}`);
      if (!select) {
        const wrap = Object.assign(document.createElement('p'), { className: 'search-filter' });
        const caption = Object.assign(document.createElement('label'), { htmlFor: `search-f-${facet}`, textContent: t[`t${facet[0].toUpperCase()}${facet.slice(1)}`] });
        select = Object.assign(document.createElement('select'), { id: `search-f-${facet}`, name: facet });
        select.addEventListener('change', () => {
          state[facet] = select.value || (facet === 'lang' ? t.lang : null);
          state.limit = PAGE_SIZE;
          run();
        });
        wrap.append(caption, select);
        filters.append(wrap);
      }
      const values = facets[facet].map(([id, n]) => [String(id), n]);
      const chosen = state[facet] === null ? '' : String(state[facet]);
      if (chosen && !values.some(([id]) => id === chosen)) values.push([chosen, 0]);
      if (facet === 'year') values.sort((a, b) => b[0].localeCompare(a[0]));
      const options = facet === 'lang' ? [] : [new Option(t.tAll, '')];
      for (const [id, n] of values) {
        const count = n === undefined ? '' : ` (${n.toLocaleString()})`;
        options.push(new Option(label(facet, id) + count, id));
      }
      select.replaceChildren(...options);
      select.value = chosen;
    }
  }

  /** Keeps the query in the address, so results can be shared and Back works. */
  function remember() {
    const p = new URLSearchParams();
    if (state.text) p.set('q', state.text);
    for (const f of ['kind', 'district', 'topic', 'year']) if (state[f]) p.set(f, state[f]);
    if (state.lang !== t.lang) p.set('lang', state.lang);
    try {
      const query = p.toString();
      history.replaceState(null, '', location.pathname + (query ? `?${query}` : ''));
    } catch (_) { /* some browsers refuse on file:// */ }
  }

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.text = input.value; state.limit = PAGE_SIZE; run(); }, 120);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    state.text = input.value;
    state.limit = PAGE_SIZE;
    run();
  });
  more.addEventListener('click', () => { state.limit += PAGE_SIZE; run(); });

  // For tests and measurements: the same queries, without the page around them.
  window.salaSearch = {
    ready: searchIn(state.lang),
    query: async (q, lang = state.lang) => (await searchIn(lang)).query(q),
    // Bytes of the search modules' memory, for the tab's footprint.
    memory: () => Object.values(loaded).reduce((n, s) => n + s.x.memory.buffer.byteLength, 0),
  };
  run();
}

const searchPage = document.getElementById('search-page');
if (searchPage) startSearchPage(searchPage);
