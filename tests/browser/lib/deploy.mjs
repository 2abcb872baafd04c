// The shipped web-server configs, for real: Debian's nginx and Apache serve the built
// sample site with deploy/nginx.conf or deploy/apache.htaccess, unprivileged, in the
// foreground, on a free port of 127.0.0.1, and the same tests run against each.
//
//   import { deployTests, startNginx, startApache } from "./lib/deploy.mjs";
//   deployTests("nginx", startNginx);
//
// Only what cannot work unprivileged in a temp folder is changed: nginx's `listen`,
// `root`, pid, log and temp paths; for Apache the shipped .htaccess is copied into the
// site as is, under a minimal server config with the modules its header comment names.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildSite, launch, repo } from "./site.mjs";

/** A port that was free a moment ago. */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Waits until `url` answers at all (any status), or throws after `ms` with `log()`. */
async function waitUp(url, ms, log) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > end) throw new Error(`no answer from ${url}:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Runs `argv` in the foreground; resolves to { url, close() } once it answers. */
async function run(name, argv, port, logFile) {
  let output = "";
  const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  let exited = null;
  child.on("exit", (code) => (exited = code));
  const log = () => `${name} exited ${exited}; output:\n${output}\n` + (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  const url = `http://127.0.0.1:${port}/`;
  await waitUp(url, 10_000, log);
  return {
    url,
    log,
    errorLog: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
    close: () => new Promise((done) => {
      if (exited !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
    }),
  };
}

/** The site folder must be readable by the server's workers (nobody / www-data under root). */
function scratch(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
function openUp(dir) {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    try { chmodSync(d, 0o755); } catch { /* not ours: fine if it is already readable */ }
    if (d === tmpdir()) break;
  }
}

/** deploy/nginx.conf with only root, listen, pid, logs and temp paths replaced. */
export async function startNginx(site) {
  const bin = process.env.NGINX || "/usr/sbin/nginx";
  if (!existsSync(bin)) throw new Error(`${bin} not found: scripts/setup.sh installs Debian's nginx`);
  const dir = scratch("sala-nginx-");
  const port = await freePort();
  const shipped = readFileSync(join(repo, "deploy", "nginx.conf"), "utf8");
  const server = shipped
    .replace(/^(\s*)listen\s+80;/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^(\s*)root\s+\/var\/www\/kb;/m, `$1root ${site};`);
  assert.notEqual(server, shipped, "deploy/nginx.conf: its listen/root lines changed shape");
  assert.ok(server.includes(`listen 127.0.0.1:${port};`) && server.includes(`root ${site};`));
  writeFileSync(join(dir, "site.conf"), server);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((t) => `  ${t}_temp_path ${join(dir, t)};`).join("\n");
  writeFileSync(join(dir, "nginx.conf"), `${process.getuid() === 0 ? "user www-data;\n" : ""}daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections 256; }
http {
  access_log ${join(dir, "access.log")};
${temp}
  include ${join(dir, "site.conf")};
}
`);
  return run("nginx", [bin, "-p", dir, "-e", join(dir, "error.log"), "-c", join(dir, "nginx.conf")], port, join(dir, "error.log"));
}

/** deploy/apache.htaccess as the site's .htaccess, under a minimal httpd.conf. */
export async function startApache(site) {
  const bin = process.env.APACHE || "/usr/sbin/apache2";
  if (!existsSync(bin)) throw new Error(`${bin} not found: scripts/setup.sh installs Debian's apache2`);
  const dir = scratch("sala-apache-");
  const port = await freePort();
  copyFileSync(join(repo, "deploy", "apache.htaccess"), join(site, ".htaccess"));
  const mods = "/usr/lib/apache2/modules";
  const load = ["mpm_event", "authz_core", "dir", "mime", "filter", "deflate", "headers"]
    .map((m) => `LoadModule ${m}_module ${mods}/mod_${m}.so`).join("\n");
  // Under root (CI) the workers drop to www-data, as on a real server.
  const user = process.getuid() === 0 ? "User www-data\nGroup www-data\n" : "";
  writeFileSync(join(dir, "httpd.conf"), `ServerRoot ${dir}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${join(dir, "httpd.pid")}
ErrorLog ${join(dir, "error.log")}
LogLevel warn
DefaultRuntimeDir ${dir}
Mutex file:${dir}
${load}
${user}TypesConfig /etc/mime.types
DocumentRoot ${site}
<Directory ${site}>
  AllowOverride FileInfo Indexes
  Require all granted
</Directory>
`);
  return run("apache2", [bin, "-d", dir, "-f", join(dir, "httpd.conf"), "-DFOREGROUND"], port, join(dir, "error.log"));
}

/** The tests every shipped config must pass. */
export function deployTests(name, start) {
  describe(`the sample site behind ${name} with the shipped config`, () => {
    let site, server, browser;
    before(async () => {
      site = buildSite();
      openUp(site);
      server = await start(site);
      browser = await launch();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test("a Thai search in the browser finds the waste case studies", async () => {
      const page = await browser.newPage();
      const errors = [];
      const wasm = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("response", (r) => {
        if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.status()} ${r.url()}`);
        if (r.url().endsWith(".wasm")) wasm.push(r.headers()["content-type"]);
      });
      await page.goto(server.url + "search/index.html");
      await page.waitForFunction(() => document.getElementById("search-page").dataset.renders >= 1);
      await page.fill("#search-q", "การจัดการขยะ");
      await page.press("#search-q", "Enter");
      await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0);
      const urls = await page.$$eval("#search-results li a", (as) => as.map((a) => a.getAttribute("href")));
      assert.ok(urls[0].includes("cases/chum-phae-waste-cluster/"), urls.join(" "));
      assert.match(await page.innerHTML("#search-results"), /<mark>(ขยะ|การจัดการ)<\/mark>/);
      assert.deepEqual(wasm, ["application/wasm"]);
      assert.deepEqual(errors, [], server.log());
      await page.close();
    });

    test("a missing page: status 404 with the site's 404.html", async () => {
      const page = await browser.newPage();
      const res = await page.goto(server.url + "guides/no-such-guide/");
      assert.equal(res.status(), 404);
      const file = readFileSync(join(site, "404.html"), "utf8");
      const h1 = file.match(/<h1[^>]*>([^<]*)<\/h1>/)[1].trim();
      assert.equal((await page.textContent("h1")).trim(), h1);
      // And over plain HTTP, the very bytes of 404.html.
      const plain = await fetch(server.url + "no/such/file.bin", { headers: { "accept-encoding": "identity" } });
      assert.equal(plain.status, 404);
      assert.equal(await plain.text(), file);
      await page.close();
    });

    test("headers: application/wasm, gzip for the search files, immutable parts", async () => {
      const get = (path) => fetch(server.url + path, { headers: { "accept-encoding": "gzip" } });
      const wasm = await get("search/sala-search.wasm");
      assert.equal(wasm.status, 200);
      assert.equal(wasm.headers.get("content-type"), "application/wasm");
      assert.equal(wasm.headers.get("content-encoding"), "gzip");
      assert.equal(wasm.headers.get("cache-control"), "no-cache");
      for (const lang of ["th", "en"]) {
        const entry = await get(`search/index-${lang}.bin`);
        assert.equal(entry.status, 200);
        assert.equal(entry.headers.get("content-encoding"), "gzip", `index-${lang}.bin`);
        assert.equal(entry.headers.get("cache-control"), "no-cache", `index-${lang}.bin keeps its name`);
        const parts = readdirSync(join(site, "search", lang)).filter((f) => f.endsWith(".bin"));
        assert.ok(parts.length > 0);
        for (const part of parts.slice(0, 3)) {
          const r = await get(`search/${lang}/${part}`);
          assert.equal(r.status, 200, part);
          assert.equal(r.headers.get("content-encoding"), "gzip", part);
          assert.equal(r.headers.get("cache-control"), "public, max-age=31536000, immutable", part);
          assert.deepEqual(Buffer.from(await r.arrayBuffer()), readFileSync(join(site, "search", lang, part)));
        }
      }
      for (const path of ["index.html", "en/index.html", "assets/sala.js"]) {
        const r = await get(path);
        assert.equal(r.status, 200, path);
        assert.equal(r.headers.get("cache-control"), "no-cache", path);
        assert.equal(r.headers.get("content-encoding"), "gzip", path);
      }
    });

    test("a page keeps its name across builds and revalidates: 304 on a second look", async () => {
      const first = await fetch(server.url + "index.html", { headers: { "accept-encoding": "gzip" } });
      await first.arrayBuffer();
      const validators = {};
      if (first.headers.get("etag")) validators["if-none-match"] = first.headers.get("etag");
      if (first.headers.get("last-modified")) validators["if-modified-since"] = first.headers.get("last-modified");
      assert.ok(Object.keys(validators).length > 0, "neither ETag nor Last-Modified");
      // As a browser revalidates: every validator it has, with the same encoding.
      const again = await fetch(server.url + "index.html", { headers: { "accept-encoding": "gzip", ...validators } });
      assert.equal(again.status, 304, JSON.stringify(validators));
    });

    test("the config loads clean: nothing at warning level or worse in the error log", () => {
      assert.doesNotMatch(server.errorLog(), /[[:](warn|error|crit|alert|emerg)\]/);
    });
  });
}
