#!/usr/bin/env bash
# Fails if the committed search module (crates/sala-search-wasm/dist/sala-search.wasm)
# is stale.
#
#   scripts/check-wasm.sh            fast (CI): compare the inputs record
#   scripts/check-wasm.sh --rebuild  slow: rebuild and compare the bytes
#
# Why an inputs record for CI: a full release build of tantivy for wasm32 takes 3 to 10
# minutes on two cores. The record (written by build-wasm.sh) lists what the bytes
# depend on: rustc and wasm-opt versions, the wasm-release profile, the resolved wasm32
# dependency tree, and the sha256 of every source file of sala-search and
# sala-search-wasm; plus the sha256 of the module itself. If any of them changed
# without a rebuild, this fails and prints what changed. --rebuild checks that the
# build really is byte-for-byte repeatable (it is, with the same toolchain).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/crates/sala-search-wasm/dist"
record="$dist/sala-search.wasm.inputs"

if [[ "${1:-}" == "--rebuild" ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$root/scripts/build-wasm.sh" --out "$tmp/sala-search.wasm"
  if cmp -s "$tmp/sala-search.wasm" "$dist/sala-search.wasm"; then
    echo "check-wasm: the committed module is what the sources build"
    exit 0
  fi
  echo "check-wasm: the committed module differs from a fresh build: run scripts/build-wasm.sh and commit dist/" >&2
  exit 1
fi

expected=$(sed '/^output:$/,$d' "$record")
actual=$("$root/scripts/build-wasm.sh" --inputs)
if [[ "$expected" != "$actual" ]]; then
  echo "check-wasm: the search module is stale; run scripts/build-wasm.sh and commit dist/. Changed inputs:" >&2
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  exit 1
fi
if ! (cd "$dist" && sed -n '/^output:$/,$p' "$record" | sed 1d | sha256sum --quiet -c -); then
  echo "check-wasm: dist/sala-search.wasm is not the module its inputs record names" >&2
  exit 1
fi
echo "check-wasm: the committed search module is up to date"
