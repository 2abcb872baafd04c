// Renders the app icon (icon.svg) to the PNG sizes the web app manifest lists.
// Run from tests/browser: node tools/make-icons.mjs
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
const icons = fileURLToPath(new URL("../../../themes/default/static/assets/icons/", import.meta.url));
const svg = readFileSync(icons + "icon.svg", "utf8");
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"] });
for (const size of [192, 512]) {
  const p = await b.newPage({ viewport: { width: size, height: size } });
  await p.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await p.screenshot({ path: icons + `icon-${size}.png`, omitBackground: true });
}
await b.close();
