// Sala's service worker. It sits at the site root so its scope covers every page, and
// only runs over http(s); file:// never registers it.
//
// - Pages (HTML): network first, so a reader online always sees the newest text; each
//   page fetched is kept, and shown from the cache when the network fails or is slow.
// - Everything else (CSS, fonts, images, search files): cache first. The cache name
//   carries the build's version, so a new build drops the old files at once.
// - "Save for offline" (sala.js) asks this worker to fetch a whole section: the list of
//   its files comes from offline/<section>.json, written by the build.
// - A page that is not stored gets the offline page of its language.
//
// The build (src/render/offline.rs) rewrites the next line. Left as it is (`sala serve`
// writes no stamp), the worker goes to the network for everything, so edits show at once.
const BUILD = { version: "dev", shell: [], offline: [] }; // sala:build
const DEV = BUILD.version === "dev";
const ASSETS = "sala-assets-" + BUILD.version;
const PAGES = "sala-pages";
const META = "sala-meta";
const SCOPE = new URL(self.registration.scope);

// Files kept on first use, and served from the store first.
const STATIC = /\.(css|js|mjs|json|webmanifest|wasm|woff2?|svg|png|jpe?g|webp|gif|avif|ico|txt|bin)$/i;

const here = (rel) => new URL(rel, SCOPE).href;
const isPage = (url) => url.pathname.endsWith(".html") || url.pathname.endsWith("/");
// One cache key per page: no query (search/?q=…), and folders as their index.html.
function pageKey(url) {
  const u = new URL(url.href);
  u.search = "";
  u.hash = "";
  if (u.pathname.endsWith("/")) u.pathname += "index.html";
  return u.href;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (DEV ? Promise.resolve() : caches.open(ASSETS).then((c) => c.addAll(BUILD.shell.map(here))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((n) => n.startsWith("sala-assets-") && n !== ASSETS)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
    // Sections saved under an older build: fetch them again in the background so their
    // search files and images match the new pages. Not awaited: activation must not wait.
    if (!DEV) savedSections().then((list) => list.forEach((s) => saveSection(s, () => {}).catch(() => {})));
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== SCOPE.origin || !url.href.startsWith(SCOPE.href)) return;
  if (url.pathname.endsWith("/sw.js") || url.href.startsWith(SCOPE.href + "__sala/")) return;
  if (req.mode === "navigate" || isPage(url)) {
    event.respondWith(networkFirst(req, url));
  } else if (DEV || url.pathname.endsWith(".zip")) {
    // The network as is: no multi-megabyte zip in the cache.
  } else if (STATIC.test(url.pathname)) {
    event.respondWith(cacheFirst(req));
  } else {
    // Other files (say a PDF a guide links to) are not kept when fetched, but a copy
    // stored by "save for offline" still serves when the network fails.
    event.respondWith(fetch(req).catch((err) => caches.match(req).then((hit) => hit || Promise.reject(err))));
  }
});

// On a slow link a stored copy beats a long wait: when the network has not answered
// within SLOW_MS and the page is stored, the stored copy is shown, and the answer, when
// it comes, still refreshes the store for next time.
const SLOW_MS = 4000;

async function networkFirst(req, url) {
  const key = pageKey(url);
  const network = fetch(req).then((res) => {
    if (res.ok && !DEV) {
      const copy = res.clone();
      caches.open(PAGES).then((c) => c.put(key, copy));
    }
    return res;
  });
  network.catch(() => {}); // a late failure after a stored copy was shown is no error
  const stored = DEV ? Promise.resolve(undefined) : caches.match(key, { ignoreSearch: true });
  const slow = new Promise((resolve) => setTimeout(resolve, SLOW_MS));
  try {
    const first = await Promise.race([network, slow.then(() => stored)]);
    if (first) return first;
    return await network;
  } catch (err) {
    const hit = await stored;
    if (hit) return hit;
    if (req.mode === "navigate") {
      const fallback = await offlinePage(url);
      if (fallback) return fallback;
    }
    throw err;
  }
}

// The offline page of the URL's language, with a <base> so that its relative links work
// from whatever URL it stands in for.
async function offlinePage(url) {
  const rel = url.href.slice(SCOPE.href.length);
  const entry = BUILD.offline.find(([prefix]) => rel.startsWith(prefix));
  if (!entry) return null;
  const res = await caches.match(here(entry[1]));
  if (!res) return null;
  const html = (await res.text()).replace("<head>", '<head>\n<base href="' + here(entry[1]) + '">');
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function cacheFirst(req) {
  const hit = await caches.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) {
    const copy = res.clone();
    caches.open(ASSETS).then((c) => c.put(req, copy));
  }
  return res;
}

self.addEventListener("message", (event) => {
  const m = event.data || {};
  const port = event.ports && event.ports[0];
  const tell = (msg) => port && port.postMessage(msg);
  if (m.type === "save-section" && /^[a-z-]+$/.test(m.section || "")) {
    event.waitUntil(saveSection(m.section, tell).then(
      (r) => tell(Object.assign({ type: "done" }, r)),
      (e) => tell({ type: "error", message: String(e) })
    ));
  }
});

// Fetches every file of a section in every language, a few at a time: a cheap phone on
// a slow link gains nothing from fifty requests at once.
async function saveSection(section, tell) {
  const res = await fetch(here("offline/" + section + ".json"), { cache: "no-store" });
  if (!res.ok) throw new Error("offline/" + section + ".json: " + res.status);
  const manifest = await res.json();
  const files = [...new Set(Object.values(manifest.languages).flatMap((l) => l.files))];
  const [pages, assets] = await Promise.all([caches.open(PAGES), caches.open(ASSETS)]);
  const queue = files.slice();
  let done = 0;
  tell({ type: "progress", done, total: files.length });
  const worker = async () => {
    while (queue.length) {
      const rel = queue.shift();
      const url = new URL(here(rel));
      const r = await fetch(url.href, { cache: "no-cache" });
      if (!r.ok) throw new Error(rel + ": " + r.status);
      await (isPage(url) ? pages.put(pageKey(url), r) : assets.put(url.href, r));
      done += 1;
      tell({ type: "progress", done, total: files.length });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await remember(section);
  return { files: files.length, bytes: manifest.bytes };
}

async function savedSections() {
  const hit = await (await caches.open(META)).match(here("offline/saved.json"));
  return hit ? hit.json() : [];
}

async function remember(section) {
  const list = await savedSections();
  if (!list.includes(section)) list.push(section);
  await (await caches.open(META)).put(here("offline/saved.json"),
    new Response(JSON.stringify(list), { headers: { "Content-Type": "application/json" } }));
}
