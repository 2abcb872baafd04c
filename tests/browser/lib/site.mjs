// A tiny harness for the search tests: build the sample site, serve it, start Chromium.
//
//   import { repo, buildSite, serve, launch } from "./lib/site.mjs";
//
// - buildSite(): `sala build` of the repository's sample site into a temp folder (once
//   per process); returns the output folder. The native index lands in search-index/.
// - serve(dir): a static server on 127.0.0.1 that logs every response and its size.
// - launch(): Debian's Chromium, headless, with the flags this machine needs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Runs cargo in the repository; throws with its output on failure. */
export function cargo(args) {
  const r = spawnSync("cargo", args, { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cargo ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

let built = null;
export function buildSite() {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), "sala-search-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, "public");
  const bin = process.env.SALA_BIN || join(repo, "target", "debug", "sala");
  if (!process.env.SALA_BIN) cargo(["build", "-q", "--bin", "sala"]);
  const r = spawnSync(bin, ["build", "--root", repo, "--out", out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error("sala build failed:\n" + r.stderr);
  built = out;
  return out;
}

const MIME = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm",
  ".svg": "image/svg+xml", ".png": "image/png", ".xml": "application/xml",
};

/** Serves `dir`; resolves to { url, log: [{path, bytes}], close() }. */
export function serve(dir) {
  const root = resolve(dir);
  const log = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = resolve(root, "." + path);
    if (file !== root && !file.startsWith(root + sep)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return res.writeHead(404).end("not found");
    const body = readFileSync(file);
    log.push({ path, file, bytes: body.length });
    res.writeHead(200, { "Content-Type": MIME[extname(file)] || "application/octet-stream" });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({
    url: `http://127.0.0.1:${server.address().port}/`,
    log,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  })));
}

/** No --allow-file-access-from-files: file:// must work as readers' browsers have it. */
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
