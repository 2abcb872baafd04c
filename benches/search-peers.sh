#!/usr/bin/env bash
# Search relevance and browser cost of Sala against a plain tantivy index (default
# tokenizer) and Pagefind 1.6 (pagefind_extended, the binary that segments Thai), on the
# labelled queries of tests/relevance/queries.tsv over the bundled sample site.
# See docs/search.md, "Relevance", for what is measured and why.
#
#   bash benches/search-peers.sh
#
# It builds sala (release), copies the sample site into $WORK and builds it there, runs
# Pagefind over the built public/, queries Pagefind and Sala's browser search in headless
# Chromium on 127.0.0.1, then prints one table (benches/search_peers.rs). npm packages go
# into benches/search-peers/node_modules and tests/browser/node_modules (git-ignored).
#
# Settings (environment):
#   WORK      scratch folder                     (default target/search-peers)
#   CHROMIUM  the Chromium binary                (default /usr/bin/chromium)
#   NO_BROWSER=1  skip Pagefind and the browser (tantivy and native Sala only)
#
# No figure is asserted here: the script reports, a person judges. The floors that guard
# Sala's relevance are in tests/relevance.rs.
set -euo pipefail
{

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$ROOT/target/search-peers}
say() { printf 'search-peers: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

command -v cargo >/dev/null || die "cargo is missing"
if [[ -z ${NO_BROWSER:-} ]]; then
    command -v node >/dev/null || die "node is missing: sudo apt-get install -y nodejs npm"
    command -v npm >/dev/null || die "npm is missing: sudo apt-get install -y npm"
    [[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || die "no Chromium: sudo apt-get install -y chromium"
fi

say "building sala (release) ..."
(cd "$ROOT" && cargo build --release --quiet --bin sala) || die "cargo build failed"
SALA=$ROOT/target/release/sala

say "building the sample site in $WORK ..."
rm -rf "$WORK"
mkdir -p "$WORK"
cp -r "$ROOT/site.toml" "$ROOT/content" "$ROOT/themes" "$WORK/"
"$SALA" build --root "$WORK" --out "$WORK/public" >&2

BROWSER_JSON=
if [[ -z ${NO_BROWSER:-} ]]; then
    say "installing Pagefind 1.6 and playwright-core (npm ci) ..."
    (cd "$ROOT/benches/search-peers" && npm ci --no-audit --no-fund --silent) || die "npm ci failed in benches/search-peers"
    (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --silent) || die "npm ci failed in tests/browser"
    # The npm package ships one binary per platform; on linux-x64 it is pagefind_extended
    # (the build with charabia's Chinese/Japanese/Thai segmentation). Find whichever
    # extended binary npm installed for this platform.
    PAGEFIND=$(find "$ROOT/benches/search-peers/node_modules/@pagefind" -type f -name 'pagefind_extended*' ! -name '*.sha256' | head -n1)
    [[ -n $PAGEFIND && -x $PAGEFIND ]] || die "npm installed no pagefind_extended binary"
    say "indexing with $("$PAGEFIND" --version) (extended) ..."
    "$PAGEFIND" --site "$WORK/public" >"$WORK/pagefind.log" 2>&1 || { cat "$WORK/pagefind.log" >&2; die "pagefind failed"; }
    grep -iE 'language|Indexed|pages' "$WORK/pagefind.log" | sed 's/^/  pagefind: /' >&2 || true
    say "querying Pagefind and Sala's browser search in Chromium ..."
    node "$ROOT/benches/search-peers/browser.mjs" "$WORK/public" "$ROOT/tests/relevance/queries.tsv" >"$WORK/browser.json"
    BROWSER_JSON=$WORK/browser.json
fi

say "scoring (cargo bench --bench search_peers) ..."
cd "$ROOT"
SALA_PEERS_DIR=$WORK SALA_PEERS_BROWSER=$BROWSER_JSON cargo bench --quiet --bench search_peers
exit 0
}
