#!/usr/bin/env bash
# Installs what the tests need beyond Rust: Debian packages (Chromium for the browser
# tests, a headless Java runtime for the Nu HTML Checker, nginx and Apache to serve the
# site with the configs in deploy/, mingw-w64 and Wine for the Windows build) and the npm
# packages under tests/browser. Safe to run again; it skips what is already there. Needs
# root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
[ -n "${SALA_SETUP_APT:-}" ] && read -r -a apt_packages <<<"$SALA_SETUP_APT"
for tool_pkg in "chromium:chromium" "node:nodejs" "npm:npm" "java:default-jre-headless"; do
  tool=${tool_pkg%%:*}; pkg=${tool_pkg#*:}
  command -v "$tool" >/dev/null 2>&1 || apt_packages+=("$pkg")
done
# Servers live in /usr/sbin, which a non-root PATH may lack: look for the files.
for file_pkg in "/usr/sbin/nginx:nginx" "/usr/sbin/apache2:apache2" \
  "/usr/bin/x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64" "/usr/lib/wine/wine64:wine64"; do
  [ -x "${file_pkg%%:*}" ] || apt_packages+=("${file_pkg#*:}")
done
if [ ${#apt_packages[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${apt_packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

# The search crate must also compile for the browser, and sala for Windows (scripts/test.sh
# checks both).
for target in wasm32-unknown-unknown x86_64-pc-windows-gnu; do
  if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$target"; then
    echo "setup: rustup target add $target"
    rustup target add "$target"
  fi
done

# Java is installed first: vnu-jar's install script downloads a JRE when none is found.
# npm ci again when package-lock.json is newer than what node_modules holds.
if [ -f tests/browser/package.json ] && { [ ! -d tests/browser/node_modules ] ||
  [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; }; then
  echo "setup: npm ci in tests/browser"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
