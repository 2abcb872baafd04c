#!/usr/bin/env bash
# Builds the sala binaries to hand out, in the `dist` profile (stripped, no debug info):
#   sala-<version>-x86_64-linux     static Linux x86_64 (musl): runs on any distribution
#   sala-<version>-x86_64-windows.exe  Windows x86_64, cross-compiled with mingw-w64
# and SHA256SUMS beside them, in $CARGO_TARGET_DIR/release-dist/ (target/release-dist/).
# Why: staff laptops in provincial offices mostly run Windows and have no Rust; a static
# Linux binary needs no particular glibc on the server. Installs what it needs when it is
# missing: the two rustup targets, and Debian's musl-tools and gcc-mingw-w64-x86-64 (the
# C compilers for the bundled SQLite, and the Windows linker).
#
#   bash scripts/release.sh                  # both
#   SALA_RELEASE_TARGETS=windows bash scripts/release.sh
#   SALA_RELEASE_WINE=1 bash scripts/release.sh   # and sala.exe under Wine (scripts/wine-check.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

targets=${SALA_RELEASE_TARGETS:-"linux windows"}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
out="$target_dir/release-dist"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
apt_install() {
  echo "release: installing $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
rust_target() {
  rustup target list --installed | grep -qx "$1" || { echo "release: rustup target add $1"; rustup target add "$1"; }
}

mkdir -p "$out"
for t in $targets; do
  case $t in
    linux)
      triple=x86_64-unknown-linux-musl
      # cc-rs compiles the bundled SQLite with musl-gcc for this target.
      command -v musl-gcc >/dev/null 2>&1 || apt_install musl-tools
      rust_target $triple
      cargo build --locked --profile dist --bin sala --target $triple
      cp "$target_dir/$triple/dist/sala" "$out/sala-$version-x86_64-linux"
      ;;
    windows)
      triple=x86_64-pc-windows-gnu
      # Both the C compiler for SQLite and the linker rustc calls for this target.
      command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || apt_install gcc-mingw-w64-x86-64
      rust_target $triple
      cargo build --locked --profile dist --bin sala --target $triple
      cp "$target_dir/$triple/dist/sala.exe" "$out/sala-$version-x86_64-windows.exe"
      ;;
    *) echo "release: unknown target '$t' (linux, windows)" >&2; exit 2 ;;
  esac
done

(cd "$out" && rm -f SHA256SUMS && sha256sum sala-"$version"-* >SHA256SUMS)
echo "release: in $out"
(cd "$out" && ls -l sala-"$version"-* && cat SHA256SUMS)

# Optional: the Windows exe under Wine builds the sample site exactly as the Linux one does.
if [ -n "${SALA_RELEASE_WINE:-}" ]; then
  bash scripts/wine-check.sh "$out/sala-$version-x86_64-windows.exe" "$out/sala-$version-x86_64-linux"
fi
