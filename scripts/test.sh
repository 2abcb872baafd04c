#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, Rust tests, the API docs with
# warnings denied, the wasm build of the search crate, the Windows build of sala (run
# under Wine), and the browser tests (headless Chromium, the Nu HTML Checker, the
# deploy/ configs under nginx and Apache).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
target_dir=${CARGO_TARGET_DIR:-$PWD/target}

bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
echo "== cargo doc -D warnings (broken intra-doc links and the like)"
# The crate docs are the reference for the workspace's APIs; their examples run as
# doctests under `cargo test` above, and this keeps their links from rotting.
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked
echo "== search module: committed wasm up to date, and the crate compiles for wasm32"
bash scripts/check-wasm.sh
cargo build --locked -p sala-search -p sala-search-wasm --target wasm32-unknown-unknown
echo "== sala for Windows (x86_64-pc-windows-gnu, mingw-w64): compiles and links, no warnings"
# Staff laptops run Windows (scripts/release.sh builds the exe to hand out). A debug build
# here: it catches code that only builds on unix, at a fraction of a dist build's time.
RUSTFLAGS="-D warnings" cargo build --locked --target x86_64-pc-windows-gnu --bin sala
echo "== sala.exe under Wine builds the sample site, byte for byte as the native sala does"
bash scripts/wine-check.sh "$target_dir/x86_64-pc-windows-gnu/debug/sala.exe" "$target_dir/debug/sala"
echo "== browser tests (headless Chromium: axe, offline, search, screenshots, deploy/ under nginx and Apache; Nu HTML Checker)"
# `cargo test` has just built target/debug/sala; the tests build the sample site with it.
(cd tests/browser && SALA_BIN="$target_dir/debug/sala" node --test)
