// The Nu HTML Checker (vnu.jar, from npm's `vnu-jar`, run with Java) finds no error in
// any HTML that Sala makes:
//   - every page of the sample site, in Thai and English, with the 404 page, the offline
//     page and the search page;
//   - tests/fixtures/markdown-all: every Markdown construct (tables, footnotes, task
//     lists, code, images, raw HTML left in by an author), in both languages;
//   - tests/fixtures/comments-site built with a comments endpoint, so the comment form is
//     on its pages;
//   - the pages of `sala comments serve`: the admin log-in (and its refusal), the queue,
//     the edit form, the no-JS form's answer pages and its 429 page, in both languages.
// vnu starts slowly, so all the files go to one run. Its warnings and notes are printed,
// not failures; errors fail the test.
//
//   cargo build && cd tests/browser && npm ci && node --test nu.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildSite, htmlPages, nuCheck, repo, salaBinary } from "./helpers.mjs";

const sala = salaBinary();
const ADMIN_USER = "moderator";
const ADMIN_PASS = "ทดสอบ-รหัสผ่าน-2569";
const PAGE = "guides/local-plan-cycle/";
// Where the pages say the site and the companion are. Nothing listens on the first: the
// form's answers only link back to it.
const SITE_URL = "http://127.0.0.1:9/";

let tmp, companion;
let companionLog = "";

before(() => {
  tmp = mkdtempSync(join(tmpdir(), "sala-nu-"));
});

after(async () => {
  if (companion && companion.exitCode === null) {
    companion.removeAllListeners("exit");
    const gone = new Promise((done) => companion.once("exit", done));
    companion.kill("SIGTERM");
    await Promise.race([gone, new Promise((done) => setTimeout(done, 3000))]);
    if (companion.exitCode === null && companion.signalCode === null) companion.kill("SIGKILL");
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs `sala ...args`; throws with its output on failure. */
function run(args, env = {}) {
  const r = spawnSync(sala, args, { encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8", ...env } });
  if (r.status !== 0) throw new Error(`sala ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Copies tests/fixtures/<name> and the themes to <tmp>/<name>; returns the folder. */
function fixture(name) {
  const root = join(tmp, name);
  cpSync(join(repo, "tests/fixtures", name), root, { recursive: true });
  cpSync(join(repo, "themes"), join(root, "themes"), { recursive: true });
  return root;
}

/** Every HTML file of a built site, as absolute paths. */
function builtPages(out) {
  return htmlPages(out).map((p) => join(out, p));
}

function startCompanion(root, db) {
  return new Promise((ok, fail) => {
    const child = spawn(sala, ["comments", "serve", "--root", root, "--listen", "127.0.0.1:0", "--db", db], {
      env: { ...process.env, LANG: "en_US.UTF-8", SALA_COMMENTS_SECRET: "nu-test-secret-0123456789abcdef0123" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = setTimeout(() => fail(new Error("companion did not start:\n" + companionLog)), 20000);
    const onData = (d) => {
      companionLog += d;
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(companionLog);
      if (m) { clearTimeout(timer); ok({ child, url: m[1] }); }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => { companionLog += d; });
    child.on("exit", (code) => { clearTimeout(timer); fail(new Error(`companion exited ${code}:\n${companionLog}`)); });
  });
}

/**
 * Starts `sala comments serve` on the comments fixture and saves each of its HTML pages
 * to a file. Returns [{ label, file, status }].
 */
async function companionPages(root) {
  const dir = join(tmp, "companion-pages");
  mkdirSync(dir);
  const db = join(root, "c.sqlite");
  run(["comments", "add-admin", "--root", root, "--username", ADMIN_USER, "--db", db], { SALA_ADMIN_PASSWORD: ADMIN_PASS });
  let url;
  ({ child: companion, url } = await startCompanion(root, db));

  const saved = [];
  const cookies = new Map();
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const keepCookies = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at), value = pair.slice(at + 1);
      if (value === "" || /max-age=0(;|$)/i.test(c)) cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  /** Fetches `path` from the companion, keeps its cookies, and checks the status. */
  async function get(path, { method = "GET", form, origin, status } = {}) {
    const headers = { cookie: cookieHeader() };
    if (origin) headers.origin = origin;
    let body;
    if (form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(form).toString();
    }
    const res = await fetch(url + path, { method, headers, body, redirect: "manual" });
    keepCookies(res);
    const text = await res.text();
    if (status !== undefined) assert.equal(res.status, status, `${method} ${path}: ${text.slice(0, 500)}\n${companionLog}`);
    return { res, text };
  }
  /** Fetches an HTML page and saves it under `label`. */
  async function save(label, path, opts) {
    const { res, text } = await get(path, opts);
    assert.match(res.headers.get("content-type") || "", /^text\/html/, `${label}: ${res.status} ${text.slice(0, 300)}`);
    const file = join(dir, `${label}.html`);
    writeFileSync(file, text);
    saved.push({ label, file, status: res.status });
    return text;
  }
  const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const comment = (lang, extra = {}) => ({
    page: PAGE, return: PAGE, lang, parent: "", name: "น้ำ", email: "", website: "",
    body: "ความคิดเห็นสำหรับการตรวจ HTML", consent: "yes", ...extra,
  });
  const siteOrigin = SITE_URL.replace(/\/$/, "");

  // The no-JS form: one comment goes into the queue (a 303, no page), then its refusals.
  await get("/comments/form", { method: "POST", form: comment("th"), origin: siteOrigin, status: 303 });
  for (const lang of ["th", "en"]) {
    await save(`form-no-consent-${lang}`, "/comments/form", { method: "POST", form: comment(lang, { consent: "" }), origin: siteOrigin, status: 400 });
    await save(`form-bad-page-${lang}`, "/comments/form", { method: "POST", form: comment(lang, { page: "nowhere/", return: "nowhere/" }), origin: siteOrigin, status: 400 });
  }
  // posts_per_client_per_hour = 2 in the fixture's site.toml: the second post passes, the
  // third is refused with the 429 page.
  await get("/comments/form", { method: "POST", form: comment("en"), origin: siteOrigin, status: 303 });
  for (const lang of ["th", "en"]) {
    await save(`form-429-${lang}`, "/comments/form", { method: "POST", form: comment(lang), origin: siteOrigin, status: 429 });
  }

  // The admin pages, in both languages.
  for (const lang of ["th", "en"]) {
    cookies.clear();
    let html = await save(`admin-login-${lang}`, `/admin?lang=${lang}`, { status: 200 });
    html = await save(`admin-login-refused-${lang}`, `/admin/login?lang=${lang}`, {
      method: "POST", origin: url, status: 401,
      form: { username: ADMIN_USER, password: "wrong", csrf: csrfOf(html) },
    });
    await get(`/admin/login?lang=${lang}`, {
      method: "POST", origin: url, status: 303,
      form: { username: ADMIN_USER, password: ADMIN_PASS, csrf: csrfOf(html) },
    });
    const queue = await save(`admin-queue-${lang}`, `/admin?lang=${lang}`, { status: 200 });
    const id = /id="comment-(\d+)"/.exec(queue)?.[1];
    assert.ok(id, `no comment in the queue:\n${queue}`);
    await save(`admin-queue-empty-done-${lang}`, `/admin?lang=${lang}&status=rejected&done=reject`, { status: 200 });
    await save(`admin-edit-${lang}`, `/admin/comments/${id}/edit?lang=${lang}`, { status: 200 });
  }
  return saved;
}

test("the Nu HTML Checker finds no error on any page Sala makes", { timeout: 600_000 }, async () => {
  const files = [];
  const label = new Map();

  // The sample site.
  const sample = buildSite();
  const samplePages = htmlPages(sample);
  for (const p of ["404.html", "offline.html", "search/index.html", "en/offline.html", "en/search/index.html", "index.html", "en/index.html"]) {
    assert.ok(samplePages.includes(p), `the sample site has no ${p}`);
  }
  for (const f of builtPages(sample)) { files.push(f); label.set(f, "sample/" + relative(sample, f)); }

  // Every Markdown construct.
  const md = fixture("markdown-all");
  run(["build", "--root", md, "--no-index"]);
  const mdPages = builtPages(join(md, "public"));
  assert.ok(mdPages.some((f) => f.endsWith("en/guides/every-construct/index.html")));
  for (const f of mdPages) { files.push(f); label.set(f, "markdown-all/" + relative(join(md, "public"), f)); }

  // The comments site, with the comment form on its pages, then its companion.
  const cs = fixture("comments-site");
  const toml = readFileSync(join(cs, "site.toml"), "utf8");
  writeFileSync(join(cs, "site.toml"), toml.slice(0, toml.indexOf("[comments]")) +
    `[comments]\nsite_url = "${SITE_URL}"\nendpoint = "http://127.0.0.1:8/"\nposts_per_client_per_hour = 2\n`);
  run(["build", "--root", cs, "--no-index"]);
  const csPages = builtPages(join(cs, "public"));
  assert.ok(readFileSync(join(cs, "public", PAGE, "index.html"), "utf8").includes('id="comment-form"'));
  for (const f of csPages) { files.push(f); label.set(f, "comments-site/" + relative(join(cs, "public"), f)); }
  const companion = await companionPages(cs);
  for (const p of companion) { files.push(p.file); label.set(p.file, `sala comments serve: ${p.label} (${p.status})`); }

  const { errors, others } = nuCheck(files);
  const where = (m) => `${label.get(m.file) ?? m.file}:${m.line ?? "?"}:${m.column ?? "?"}`;
  for (const m of others) console.log(`nu ${m.type}: ${where(m)}: ${m.message}`);
  console.log(`nu: ${files.length} files checked (sample ${samplePages.length}, markdown-all ${mdPages.length}, ` +
    `comments-site ${csPages.length}, companion ${companion.length}): ${errors.length} errors, ${others.length} warnings and notes`);
  assert.deepEqual(errors.map((m) => `${where(m)}: ${m.message}\n    ${m.extract ?? ""}`), []);
});

test("the Nu check can fail: a skipped heading level and an unclosed element are errors", () => {
  const file = join(tmp, "bad.html");
  writeFileSync(file, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>` +
    `<body><main><h1>x</h1><h3>skips a level</h3><div><p>never closed</main></body></html>`);
  const { errors, others } = nuCheck([file]);
  const text = errors.map((m) => m.message).join("\n");
  assert.match(text, /skipping 1 heading level/);
  assert.match(text, /Unclosed element “div”|End tag “main” seen, but there were open elements/);
  assert.ok(Array.isArray(others));
});
