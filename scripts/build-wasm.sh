#!/usr/bin/env bash
# Builds the browser's search module, crates/sala-search-wasm, into
# crates/sala-search-wasm/dist/sala-search.wasm, which is committed and embedded into
# `sala` with include_bytes! (users of `sala build` need no wasm toolchain), and
# records what it was built from in dist/sala-search.wasm.inputs (see check-wasm.sh).
#
#   scripts/build-wasm.sh             build, install the .wasm, record its inputs
#   scripts/build-wasm.sh --out F     only build into F (check-wasm.sh --rebuild)
#   scripts/build-wasm.sh --inputs    only print the inputs record
#
# Needs: the wasm32-unknown-unknown target and the rust-src component (both added with
# rustup if missing), and npm, for the pinned binaryen in
# crates/sala-search-wasm/package.json (wasm-opt, and the library drop-unused.mjs uses).
#
# Size (budget: 1.6 MB raw, 600 KB gzip). On stable Rust the module is 1.89 MB raw,
# 694 KB gzip after wasm-opt. Two steps bring it under the budget:
#   1. std rebuilt with the immediate-abort panic strategy (-Zbuild-std, -Cpanic=
#      immediate-abort): no panic formatting machinery. These are unstable flags, so the
#      stable toolchain is told to accept them with RUSTC_BOOTSTRAP=1 (only for this
#      build; nothing else in the project needs nightly).
#   2. tools/drop-unused.mjs: crates linked by tantivy but never run by the browser
#      search (regex, thread pools, write checksums) are replaced with `unreachable`
#      before wasm-opt (see that file), and their read-only data (Unicode tables, a
#      CRC table) is zeroed, found through the linker's map; wasm-opt leaves the zeros
#      out. So is bitpacking's decoder for blocks only older tantivy versions write.
#
# Determinism: the checkout and cargo's registry are remapped to fixed names, debug
# info and producer strings are stripped, and wasm-opt is pinned, so the same sources,
# dependency versions, rustc and wasm-opt give the same bytes from any checkout.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
crate="$root/crates/sala-search-wasm"
dist="$crate/dist"
out="$dist/sala-search.wasm"
mode=install
case "${1:-}" in
  --out) mode=out; out=$2 ;;
  --inputs) mode=inputs ;;
esac
cargo_home=${CARGO_HOME:-$HOME/.cargo}
cd "$root"

if [[ ! -x "$crate/node_modules/.bin/wasm-opt" ]]; then
  (cd "$crate" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
wasm_opt="$crate/node_modules/.bin/wasm-opt"

# Everything the module's bytes depend on. Dependencies are the resolved wasm32 tree,
# not Cargo.lock, so native-only dependency changes do not make the module stale.
inputs() {
  echo "rustc: $(rustc -V)"
  echo "wasm-opt: $("$wasm_opt" --version)"
  echo "[profile.wasm-release]:"
  sed -n '/^\[profile.wasm-release\]/,/^$/p' Cargo.toml | sed 1d
  echo "dependencies (wasm32):"
  cargo tree --locked -q -p sala-search-wasm --target wasm32-unknown-unknown \
    -e normal --prefix none | sed 's/ (.*)$//' | sort -u
  echo "files:"
  git ls-files -co --exclude-standard -- crates/sala-search/Cargo.toml crates/sala-search/src \
    crates/sala-search/dict crates/sala-search-wasm/Cargo.toml crates/sala-search-wasm/src \
    crates/sala-search-wasm/package-lock.json crates/sala-search-wasm/tools \
    .cargo/config.toml scripts/build-wasm.sh |
    LC_ALL=C sort | xargs sha256sum
}
if [[ $mode == inputs ]]; then inputs; exit; fi

rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown
rustup component list --installed 2>/dev/null | grep -q '^rust-src' || rustup component add rust-src
sysroot=$(rustc --print sysroot)

# RUSTFLAGS replaces .cargo/config.toml's target rustflags, so the getrandom backend
# cfg is repeated here. A target dir of its own: build-std's flags differ from a plain
# `cargo build --target wasm32-unknown-unknown` (CI's compile check).
export RUSTC_BOOTSTRAP=1
# The linker's map tells drop-unused.mjs where the dropped crates' data lies.
map="$root/target/wasm/sala-search.map"
export RUSTFLAGS="--cfg getrandom_backend=\"custom\" -Zunstable-options -Cpanic=immediate-abort \
--remap-path-prefix=$root=/sala --remap-path-prefix=$cargo_home=/cargo \
--remap-path-prefix=$sysroot=/rust -Clink-arg=--Map=$map"
cargo build --locked -p sala-search-wasm --target wasm32-unknown-unknown \
  --profile wasm-release --target-dir "$root/target/wasm" -Zbuild-std=std,panic_abort
linked="$root/target/wasm/wasm32-unknown-unknown/wasm-release/sala_search_wasm.wasm"
raw="$root/target/wasm/sala-search.dropped.wasm"
# Written at each link; cargo relinks whenever the module's inputs change.
[[ -s $map ]] || { echo "build-wasm: the linker wrote no map at $map" >&2; exit 1; }
(cd "$crate" && node tools/drop-unused.mjs "$linked" "$raw" "$map")

# The features rustc's wasm32 target enables by default (wasm-opt must accept them).
features="--enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext \
--enable-mutable-globals --enable-nontrapping-float-to-int --enable-multivalue \
--enable-reference-types"
mkdir -p "$(dirname "$out")"
# -Oz for size; --strip-debug drops the name section drop-unused needed.
# shellcheck disable=SC2086
"$wasm_opt" -Oz $features --strip-debug --strip-producers "$raw" -o "$out"

size() { printf '%s raw, %s gzip' "$(wc -c <"$1")" "$(gzip -9n <"$1" | wc -c)"; }
echo "cargo:     $(size "$linked")"
echo "dropped:   $(size "$raw")"
echo "wasm-opt:  $(size "$out")  -> $out"
if [[ $mode == install ]]; then
  { inputs; echo "output:"; (cd "$dist" && sha256sum sala-search.wasm); } >"$out.inputs"
  echo "inputs:    $out.inputs"
fi
