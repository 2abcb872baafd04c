// deploy/nginx.conf, for real: Debian's nginx serves the built sample site with it, and a
// browser searches in Thai and meets the 404 page through it (tests in lib/deploy.mjs).
//
//   cd tests/browser && node --test nginx.test.mjs
import { deployTests, startNginx } from "./lib/deploy.mjs";

deployTests("nginx", startNginx);
