#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, Rust tests, the wasm build of
# the search crate, and the browser tests (headless Chromium, and the Nu HTML Checker).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
echo "== search module: committed wasm up to date, and the crate compiles for wasm32"
bash scripts/check-wasm.sh
cargo build --locked -p sala-search -p sala-search-wasm --target wasm32-unknown-unknown
echo "== browser tests (headless Chromium: axe, offline, search, screenshots; Nu HTML Checker)"
# `cargo test` has just built target/debug/sala; the tests build the sample site with it.
(cd tests/browser && SALA_BIN="$PWD/../../target/debug/sala" node --test)
