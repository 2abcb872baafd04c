#!/usr/bin/env bash
# Builds the browser's search module, crates/sala-search-wasm, into
# crates/sala-search-wasm/dist/sala-search.wasm, which is committed and embedded into
# `sala` with include_bytes! (users of `sala build` need no wasm toolchain).
#
#   scripts/build-wasm.sh            build and install the .wasm
#   scripts/build-wasm.sh --out F    build into F instead (scripts/check-wasm.sh)
#
# Needs: the wasm32-unknown-unknown target (rustup target add wasm32-unknown-unknown)
# and binaryen's wasm-opt (apt-get install -y binaryen). Stable Rust only.
#
# Determinism: paths that could leak into the binary (the checkout, cargo's registry)
# are remapped to fixed names, debug info is stripped, and wasm-opt is run with fixed
# flags, so the same sources, Cargo.lock, rustc and wasm-opt give the same bytes from
# any checkout folder.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/crates/sala-search-wasm/dist/sala-search.wasm"
if [[ "${1:-}" == "--out" ]]; then out=$2; fi
cargo_home=${CARGO_HOME:-$HOME/.cargo}
target_dir="$root/target"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
command -v wasm-opt >/dev/null || { echo "wasm-opt not found: apt-get install -y binaryen" >&2; exit 1; }

# RUSTFLAGS replaces .cargo/config.toml's target rustflags, so the getrandom backend
# cfg is repeated here.
export RUSTFLAGS="--cfg getrandom_backend=\"custom\" \
--remap-path-prefix=$root=/sala --remap-path-prefix=$cargo_home=/cargo"

cd "$root"
cargo build --locked -p sala-search-wasm --target wasm32-unknown-unknown \
  --profile wasm-release --target-dir "$target_dir"
raw="$target_dir/wasm32-unknown-unknown/wasm-release/sala_search_wasm.wasm"

mkdir -p "$(dirname "$out")"
# --strip-debug/--strip-producers drop the names and toolchain strings; -Oz for size.
wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-sign-ext \
  --enable-mutable-globals --enable-nontrapping-float-to-int "$raw" -o "$out"

size() { printf '%s raw, %s gzip' "$(wc -c <"$1")" "$(gzip -9n <"$1" | wc -c)"; }
echo "cargo:     $(size "$raw")"
echo "wasm-opt:  $(size "$out")  -> $out"
