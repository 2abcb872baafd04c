// deploy/apache.htaccess, for real: Debian's Apache serves the built sample site with it
// as the site's .htaccess, and the same tests as nginx's run through it (lib/deploy.mjs).
//
//   cd tests/browser && node --test apache.test.mjs
import { deployTests, startApache } from "./lib/deploy.mjs";

deployTests("Apache", startApache);
