// The comments loop end to end with the real `sala` binary and real Chromium: the widget
// posts a comment, a moderator approves it on /admin, `sala comments export` plus a
// rebuild bakes it into the page, and a reader without JavaScript posts through the
// plain HTML form.
//
//   cargo build && cd tests/browser && npm ci && node --test comments.test.mjs
//
// Order of start-up (the endpoint must be baked into the pages, and the companion reads
// site_url, its allowed origin and redirect target, from site.toml at start-up):
//   1. copy tests/fixtures/comments-site + themes/ to a temp folder;
//   2. start the static server (port P) on <tmp>/public, which is built later;
//   3. write site.toml with site_url = http://127.0.0.1:P/ and start the companion on
//      127.0.0.1:0; read its port C from the "listening on" line;
//   4. rewrite site.toml with endpoint = http://127.0.0.1:C (the companion does not
//      re-read it and does not need the endpoint) and `sala build`.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, repo, salaBinary, serve } from "./helpers.mjs";

const GUIDE = "guides/local-plan-cycle/";
const ADMIN_USER = "moderator";
const ADMIN_PASS = "ทดสอบ-รหัสผ่าน-2569";
const NAME = "ณัฐวุฒิ";
const BODY = "แผนพัฒนาท้องถิ่นชัดเจนดีครับ <b>ขอบคุณ</b> & \"สวัสดี\"";
const NOJS_NAME = "น้ำ";
const NOJS_BODY = "ส่งแบบไม่มีจาวาสคริปต์";

const sala = salaBinary();
let root, db, server, companion, companionUrl, browser;
let companionLog = "";

/** Runs `sala --root <root> ...args`; throws with its output on failure. */
function run(args, env = {}) {
  const r = spawnSync(sala, ["--root", root, ...args], {
    encoding: "utf8",
    env: { ...process.env, LANG: "en_US.UTF-8", ...env },
  });
  if (r.status !== 0) throw new Error(`sala ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function writeSiteToml(extra) {
  const base = readFileSync(join(repo, "tests/fixtures/comments-site/site.toml"), "utf8");
  // Drop the fixture's [comments] section (the last one) and write ours.
  const head = base.slice(0, base.indexOf("[comments]"));
  writeFileSync(join(root, "site.toml"), head + "[comments]\n" + extra);
}

function startCompanion() {
  return new Promise((ok, fail) => {
    const child = spawn(sala, ["comments", "serve", "--root", root, "--listen", "127.0.0.1:0", "--db", db], {
      env: { ...process.env, LANG: "en_US.UTF-8", SALA_COMMENTS_SECRET: "browser-test-secret-0123456789abcdef" },
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

function pending() {
  return JSON.parse(run(["comments", "pending", "--json", "--db", db]));
}

/** Opens the Thai guide page with console errors and failed requests collected. */
async function openGuide(context) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push("pageerror: " + e.message));
  page.on("console", (m) => m.type() === "error" && errors.push("console: " + m.text()));
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && errors.push(`${r.status()} ${r.url()}`));
  page.errors = errors;
  await page.goto(server.url + GUIDE + "index.html");
  return page;
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), "sala-comments-browser-"));
  cpSync(join(repo, "tests/fixtures/comments-site"), root, { recursive: true });
  cpSync(join(repo, "themes"), join(root, "themes"), { recursive: true });
  db = join(root, "c.sqlite");
  server = await serve(join(root, "public"));
  writeSiteToml(`site_url = "${server.url}"\n`);
  ({ child: companion, url: companionUrl } = await startCompanion());
  writeSiteToml(`site_url = "${server.url}"\nendpoint = "${companionUrl}"\n`);
  run(["build", "--no-index"]);
  browser = await launch();
});

after(async () => {
  if (companion && companion.exitCode === null) {
    companion.removeAllListeners("exit");
    const gone = new Promise((done) => companion.once("exit", done));
    companion.kill("SIGTERM");
    await Promise.race([gone, new Promise((done) => setTimeout(done, 3000))]);
    if (companion.exitCode === null && companion.signalCode === null) companion.kill("SIGKILL");
  }
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

let commentId;

test("the built page carries the widget pointed at the companion", () => {
  const html = readFileSync(join(root, "public", GUIDE, "index.html"), "utf8");
  assert.match(html, new RegExp(`data-endpoint="${companionUrl}/?"`));
  assert.ok(html.includes(`action="${companionUrl}/comments/form"`), "form action is the companion's /comments/form");
});

test("the widget posts a Thai comment and shows the pending notice", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await openGuide(context);
    await page.fill("#comment-name", NAME);
    await page.fill("#comment-body", BODY);
    await page.check("#comment-consent");
    const answer = page.waitForResponse((r) => r.url().split("?")[0] === companionUrl + "/api/comments" && r.request().method() === "POST");
    await page.click("#comment-submit");
    const r = await answer;
    assert.equal(r.status(), 202);
    const json = await r.json();
    assert.equal(json.status, "pending");
    commentId = json.id;
    const status = page.locator("#comments-status");
    await status.waitFor({ state: "visible" });
    const pendingText = await page.getAttribute("#comment-form", "data-msg-pending");
    assert.ok(pendingText);
    assert.ok((await status.textContent()).includes(pendingText), await status.textContent());
    await page.locator("#comment-withdraw").waitFor({ state: "visible" });
    // The page stayed put: the widget posted as JSON, not through the no-JS form.
    assert.equal(page.url(), server.url + GUIDE + "index.html");
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
  const queue = pending();
  const ours = queue.find((c) => c.id === commentId);
  assert.ok(ours, JSON.stringify(queue));
  assert.equal(ours.name, NAME);
});

// KNOWN BUG (companion): every companion response carries `Referrer-Policy: no-referrer`
// (header in src/comments/http/mod.rs and <meta name="referrer"> in its page shell), so
// Regression: under `Referrer-Policy: no-referrer` Chromium sent `Origin: null` on the
// log-in form's same-origin POST, the origin check refused it, and no moderator could
// log in from a browser. The companion now sends `same-origin`.
test("a moderator logs in on /admin and approves it", async () => {
  assert.ok(commentId, "needs the posted comment");
  run(["comments", "add-admin", "--username", ADMIN_USER, "--db", db], { SALA_ADMIN_PASSWORD: ADMIN_PASS });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(companionUrl + "/admin");
    await page.fill("#login-username", ADMIN_USER);
    await page.fill("#login-password", ADMIN_PASS);
    await Promise.all([page.waitForNavigation(), page.click("#login-submit")]);
    assert.equal(await page.locator("#login-error").count(), 0, "log-in refused");
    const card = page.locator(`article#comment-${commentId}`);
    await card.waitFor({ timeout: 10000 }).catch(async (e) => {
      throw new Error(`${e.message}\nat ${page.url()}:\n${(await page.content()).slice(0, 2000)}\n${companionLog}`);
    });
    assert.ok((await card.textContent()).includes(NAME));
    await Promise.all([page.waitForNavigation(), page.click(`#approve-${commentId}`)]);
    await page.locator("#admin-done").waitFor();
    assert.equal(await page.locator(`#approve-${commentId}`).count(), 0, "gone from the queue");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
  assert.equal(pending().some((c) => c.id === commentId), false);
});

test("export and rebuild bake the approved comment into the page, escaped", async () => {
  assert.ok(commentId, "needs the posted comment");
  // Stand-in while the /admin test above is skipped: approve with the CLI.
  if (pending().some((c) => c.id === commentId)) run(["comments", "approve", String(commentId), "--db", db]);
  run(["comments", "export", "--db", db]);
  assert.ok(existsSync(join(root, "content/comments/guides/local-plan-cycle.yaml")));
  run(["build", "--no-index"]);
  const html = readFileSync(join(root, "public", GUIDE, "index.html"), "utf8");
  assert.ok(html.includes(`id="comment-${commentId}"`));
  assert.ok(html.includes(NAME));
  assert.ok(!html.includes("<b>ขอบคุณ</b>"), "the body is escaped, never HTML");
  assert.ok(html.includes("&lt;b&gt;ขอบคุณ&lt;/b&gt;"));

  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await openGuide(context);
    const li = page.locator(`ol.comment-list > li.comment#comment-${commentId}`);
    await li.waitFor();
    assert.equal(await li.locator(".comment-body").innerText(), BODY);
    assert.equal(await li.locator(".comment-meta strong").textContent(), NAME);
    // Baked, so the widget does not add it again as "new".
    await page.locator(`#reply-${commentId}`).waitFor();
    assert.equal(await page.locator(".comment-new-tag").count(), 0);
    assert.equal(await page.locator(`#comment-${commentId}`).count(), 1);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test("without JavaScript the plain form posts, redirects back, and queues the comment", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: "block" });
  try {
    const page = await openGuide(context);
    await page.fill("#comment-name", NOJS_NAME);
    await page.fill("#comment-body", NOJS_BODY);
    await page.check("#comment-consent");
    const posted = page.waitForResponse((r) => r.url() === companionUrl + "/comments/form");
    await Promise.all([page.waitForURL(/#comment-pending$/), page.click("#comment-submit")]);
    const r = await posted;
    assert.equal(r.status(), 303);
    assert.equal(page.url(), server.url + GUIDE + "index.html#comment-pending");
    assert.ok(await page.locator("#comment-pending").isVisible(), "the :target notice shows");
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
  const ours = pending().find((c) => c.name === NOJS_NAME);
  assert.ok(ours, "the no-JS comment is in the queue");
  assert.equal(ours.body, NOJS_BODY);
});
