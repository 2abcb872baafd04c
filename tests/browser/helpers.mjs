// Shared helpers for Sala's browser tests (see README.md in this folder).
//
//   import { buildSite, serve, launch, htmlPages, axe, screenshotDir } from "./helpers.mjs";
//
// - buildSite(): builds the sample site once per test file with the `sala` binary into a
//   temporary folder and returns its path (the folder is removed when the process exits).
// - serve(dir): a static file server on 127.0.0.1 at a free port; `.down = true` makes
//   every request fail, as if the network were cut.
// - launch(): Debian's Chromium, headless, with the flags this machine needs.
// - htmlPages(dir): every HTML file of a built site, relative, sorted.
// - nuCheck(files): the Nu HTML Checker (vnu.jar) over HTML files, in one Java run.
// - axe(page): runs axe-core (WCAG 2.0/2.1 A and AA rules, and best practices) in a page,
//   returns violations.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, readdirSync, statSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const repo = resolve(here, "..", "..");
/** Where tests write screenshots and PDFs for people to look at. */
export const screenshotDir = join(repo, "target", "screenshots");

/** The sala binary: $SALA_BIN, else target/release or target/debug, else `cargo build`. */
export function salaBinary() {
  if (process.env.SALA_BIN) return process.env.SALA_BIN;
  const candidates = ["release", "debug"].map((p) => join(repo, "target", p, "sala"));
  // The newest build wins, so a stale release binary never hides a fresh debug one.
  const found = candidates.filter(existsSync).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (found.length) return found[0];
  const r = spawnSync("cargo", ["build", "--bin", "sala"], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) throw new Error("cargo build failed");
  return candidates[1];
}

let built = null;
/**
 * Builds the repository's sample site (site.toml, content/, themes/) into a temp folder.
 * Extra arguments go to `sala build` (e.g. ["--zip"]). Returns the output folder.
 */
export function buildSite(extra = []) {
  if (built && extra.length === 0) return built;
  const dir = mkdtempSync(join(tmpdir(), "sala-browser-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, "public");
  const r = spawnSync(salaBinary(), ["build", "--root", repo, "--out", out, ...extra], {
    encoding: "utf8",
    env: { ...process.env, LANG: "en_US.UTF-8" },
  });
  if (r.status !== 0) throw new Error("sala build failed:\n" + r.stderr);
  if (extra.length === 0) built = out;
  return out;
}

const MIME = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json", ".webmanifest": "application/manifest+json",
  ".wasm": "application/wasm", ".svg": "image/svg+xml", ".png": "image/png",
  ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif",
  ".woff2": "font/woff2", ".woff": "font/woff", ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8", ".zip": "application/zip", ".ico": "image/x-icon",
  ".pdf": "application/pdf", ".bin": "application/octet-stream",
};

/**
 * Serves `dir` on 127.0.0.1 at a free port. Resolves to
 * { url, port, requests, down, delay, close() }: `url` ends with "/"; `requests` lists
 * every path asked for; set `down = true` to answer nothing (the socket is destroyed),
 * or `delay` to a number of milliseconds to answer that late (a slow link).
 */
export function serve(dir) {
  const root = resolve(dir);
  const state = { requests: [], down: false, delay: 0 };
  const server = createServer((req, res) => {
    if (state.delay) {
      const ms = state.delay;
      setTimeout(() => { if (!res.destroyed) answer(req, res); }, ms);
      return;
    }
    answer(req, res);
  });
  function answer(req, res) {
    if (state.down) { req.socket.destroy(); return; }
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    state.requests.push(path);
    let file = resolve(root, "." + path);
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404, { "Content-Type": "text/plain" }).end("not found"); return; }
    res.writeHead(200, {
      "Content-Type": MIME[extname(file).toLowerCase()] || "application/octet-stream",
      "Cache-Control": "no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  }
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    ok(Object.assign(state, {
      port,
      url: `http://127.0.0.1:${port}/`,
      close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
    }));
  }));
}

/** Debian's Chromium, headless; playwright gives each launch a fresh profile folder. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    chromiumSandbox: false,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** Every .html file under `dir`, relative with "/", sorted. */
export function htmlPages(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".html")) out.push(relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/**
 * WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (heading-order, region,
 * landmark-one-main, page-has-heading-one, landmark-unique, …).
 */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/** Runs axe-core in `page`; resolves to its violations (an empty array when clean). */
export async function axe(page, tags = AXE_TAGS) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  }, tags);
}

const vnuJar = String(createRequire(import.meta.url)("vnu-jar"));
/**
 * Runs the Nu HTML Checker (vnu.jar from npm's `vnu-jar`, with `$JAVA` or `java`) once
 * over `files`. Returns { errors, others }: each a list of { type, file, line, column,
 * message, extract }. `errors` are vnu's errors and any file it could not read; `others`
 * are its warnings and notes ("info").
 */
export function nuCheck(files) {
  const java = process.env.JAVA || "java";
  const r = spawnSync(java, ["-jar", vnuJar, "--format", "json", ...files], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new Error(`cannot run ${java} (scripts/setup.sh installs a JRE): ${r.error.message}`);
  let report;
  try {
    report = JSON.parse(r.stderr);
  } catch {
    throw new Error(`vnu.jar did not answer in JSON (exit ${r.status}):\n${r.stderr.slice(0, 2000)}`);
  }
  const messages = report.messages.map((m) => ({
    type: m.subType ? `${m.type} (${m.subType})` : m.type,
    file: m.url?.startsWith("file:") ? fileURLToPath(m.url) : m.url,
    line: m.lastLine ?? m.firstLine,
    column: m.firstColumn,
    message: m.message,
    extract: m.extract,
  }));
  const isError = (m) => m.type === "error" || m.type.startsWith("non-document-error");
  return { errors: messages.filter(isError), others: messages.filter((m) => !isError(m)) };
}

/** Makes sure `dir` exists and returns it. */
export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}
