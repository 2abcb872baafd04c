#!/usr/bin/env bash
# Runs a Windows sala.exe under Wine to build the sample site, and checks that it wrote
# the same files, byte for byte, as a native sala.
#
#   bash scripts/wine-check.sh WINDOWS_SALA_EXE NATIVE_SALA
#
# Why: staff laptops run Windows. An exe that compiles can still write backslashes into
# URLs or trip over paths; this catches that without a Windows machine. Installs Debian's
# wine64 and mingw-w64 when missing.
#
# Debian 12's Wine 8 has no bcryptprimitives.dll (ProcessPrng), which Rust's std imports
# since 1.78 and which every Windows 10 and 11 has. Under Wine only, a shim DLL built here
# with mingw-w64 stands in for it, beside a copy of the exe; the exe itself is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
exe=$(realpath "$1")
native=$(realpath "$2")

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
need=()
# Debian's wine64 puts its loader in /usr/lib/wine, off PATH.
[ -x /usr/lib/wine/wine64 ] || need+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
if [ ${#need[@]} -gt 0 ]; then
  echo "wine-check: installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
cp "$exe" "$tmp/bin/sala.exe"
cat >"$tmp/shim.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len) {
    ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
EOF
x86_64-w64-mingw32-gcc -shared -O2 -o "$tmp/bin/bcryptprimitives.dll" "$tmp/shim.c" -ladvapi32

export WINEPREFIX="$tmp/prefix" WINEDEBUG=-all
/usr/lib/wine/wine64 wineboot -i >/dev/null 2>&1
/usr/lib/wine/wine64 "$tmp/bin/sala.exe" build --root . --out "$tmp/windows"
"$native" build --root . --out "$tmp/native" >/dev/null
/usr/lib/wine/wineserver -k >/dev/null 2>&1 || true

if ! diff -r "$tmp/native" "$tmp/windows" >"$tmp/diff.txt"; then
  echo "wine-check: sala.exe built a different site from the native sala:" >&2
  head -20 "$tmp/diff.txt" >&2
  exit 1
fi
echo "wine-check: sala.exe under Wine built the sample site, the same $(find "$tmp/windows" -type f | wc -l) files as the native sala"
