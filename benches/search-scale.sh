#!/usr/bin/env bash
# What a search costs a reader as the site grows: Sala's split index beside Pagefind 1.6
# (pagefind_extended) on the same built site, for the sample site and generated
# bilingual corpora. See docs/search.md, "The browser's index", for what is measured.
#
#   bash benches/search-scale.sh                    # sample, 1000, 10000, 50000 items
#   SIZES="1000" bash benches/search-scale.sh       # quick
#
# Per site it prints one row: bytes sent (gzip as a host sends them) for a first Thai
# query, a first English query and a next different query, time to results on loopback
# and at 1.6 Mbit/s with 150 ms round trips, query times (p50/p95, new and warm), the
# tab's memory after 20 different queries, the build
# time, what public/search/ holds, and what of it a one-word edit to one page changes
# (what an rsync deploy uploads); then Pagefind's figures on the same site.
#
# Settings (environment):
#   SIZES     generated corpus sizes in bilingual items   (default "1000 10000 50000")
#   SAMPLE    0 to skip the bundled sample site           (default 1)
#   WORK      scratch folder                               (default target/search-scale)
#   NO_PAGEFIND=1  skip Pagefind
#   PAGEFIND_MAX   largest corpus Pagefind is run on        (default 10000: at 50,000
#                  items it held over 21 GB of memory after 35 minutes, and the
#                  machine, 23 GB, was swapping)
#
# No figure is asserted: the script reports, a person judges.
set -euo pipefail
{

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$ROOT/target/search-scale}
SIZES=${SIZES:-"1000 10000 50000"}
SAMPLE=${SAMPLE:-1}
say() { printf 'search-scale: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

command -v node >/dev/null || die "node is missing: sudo apt-get install -y nodejs npm"
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || die "no Chromium: sudo apt-get install -y chromium"
say "building sala and sala-bench (release) ..."
(cd "$ROOT" && cargo build --release --quiet -p sala -p sala-bench) || die "cargo build failed"
SALA=$ROOT/target/release/sala
BENCH=$ROOT/target/release/sala-bench
(cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --silent) || die "npm ci failed in tests/browser"
PAGEFIND=
if [[ -z ${NO_PAGEFIND:-} ]]; then
    (cd "$ROOT/benches/search-peers" && npm ci --no-audit --no-fund --silent) || die "npm ci failed in benches/search-peers"
    PAGEFIND=$(find "$ROOT/benches/search-peers/node_modules/@pagefind" -type f -name 'pagefind_extended*' ! -name '*.sha256' | head -n1)
    [[ -n $PAGEFIND && -x $PAGEFIND ]] || die "npm installed no pagefind_extended binary"
fi
mkdir -p "$WORK"

sites=()
if [[ $SAMPLE != 0 ]]; then
    rm -rf "$WORK/sample"; mkdir -p "$WORK/sample"
    cp -r "$ROOT/site.toml" "$ROOT/content" "$ROOT/themes" "$WORK/sample/"
    sites+=(sample)
fi
for n in $SIZES; do
    if [[ ! -f $WORK/c$n/site.toml ]]; then
        say "generating $n items ..."
        "$BENCH" corpus --pages "$n" --seed 1 --out "$WORK/c$n" --force --theme "$ROOT/themes/default" >/dev/null
    fi
    # The corpus is kept between runs; its copy of the theme must be today's.
    rm -rf "$WORK/c$n/themes/default" && cp -r "$ROOT/themes/default" "$WORK/c$n/themes/default"
    sites+=("c$n")
done

rows=()
for s in "${sites[@]}"; do
    dir=$WORK/$s
    rm -rf "$dir/public" "$dir/search-index" "$dir"/.public.sala-*
    say "$s: sala build (cold) ..."
    t0=$(date +%s.%N)
    "$SALA" build --root "$dir" >/dev/null
    build_s=$(echo "$(date +%s.%N) - $t0" | bc)
    files=$(find "$dir/public/search" -type f | wc -l)
    mb=$(du -sb "$dir/public/search" | awk '{printf "%.1f", $1/1e6}')
    entry=$(gzip -9c "$dir/public/search/index-th.bin" | wc -c)
    pf_s=
    n=${s#c}
    if [[ -n $PAGEFIND && ( $s == sample || $n -le ${PAGEFIND_MAX:-10000} ) ]]; then
        say "$s: pagefind ..."
        t0=$(date +%s.%N)
        "$PAGEFIND" --site "$dir/public" >"$dir/pagefind.log" 2>&1 || { cat "$dir/pagefind.log" >&2; die "pagefind failed"; }
        pf_s=$(echo "$(date +%s.%N) - $t0" | bc)
    fi
    say "$s: measuring in Chromium ..."
    row=$(node "$ROOT/benches/search-scale/measure.mjs" "$dir/public" "$s")
    # What a deploy uploads after a one-word edit: the files under public/search/ that
    # are new or changed.
    say "$s: one-word edit ..."
    (cd "$dir/public/search" && find . -type f -print0 | xargs -0 sha256sum | sort) >"$dir/before.sums"
    # The first guide (_index pages are not indexed); sed reads to the end, where head
    # would close the pipe on sort and pipefail would end the script.
    page=$(find "$dir/content/guides" -name '*.th.md' | sort | sed -n 1p)
    cp "$page" "$dir/page.orig"
    printf '\nคำทดสอบ\n' >>"$page"
    "$SALA" build --root "$dir" >/dev/null
    mv "$dir/page.orig" "$page"
    (cd "$dir/public/search" && find . -type f -print0 | xargs -0 sha256sum | sort) >"$dir/after.sums"
    changed=$(comm -13 "$dir/before.sums" "$dir/after.sums" | awk '{print $2}')
    edit_files=$(printf '%s\n' "$changed" | grep -c . || true)
    edit_kb=$(cd "$dir/public/search" && printf '%s\n' "$changed" | grep . | xargs -r stat -c %s | awk '{n+=$1} END {printf "%.0f", n/1024}')
    rows+=("$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s' "$s" "$build_s" "$files" "$mb" "$entry" "$pf_s" "$edit_files files, ${edit_kb:-0} KB")	$row")
done

node - "${rows[@]}" <<'JS'
const rows = process.argv.slice(2).map((l) => {
  const [site, build, files, mb, entry, pf, edit, json] = l.split("\t");
  return { site, build: Number(build), files, mb, entry: Number(entry), pf: Number(pf), edit, ...JSON.parse(json) };
});
const f = (n, d = 0) => (n === undefined || Number.isNaN(n) ? "–" : n.toFixed(d));
console.log("| site | tool | first Thai query KB (ms) | first English query KB (ms) | next query KB | query ms, p50/p95, new / warm | slow 4G s | tab memory MB (heap + wasm) | index time s | public/search/ | a one-word edit changes |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
for (const r of rows) {
  const s = r.sala;
  console.log(`| ${r.site} | Sala | ${f(s.first_th.kb)} (${s.first_th.ms}) | ${f(s.first_en.kb)} (${s.first_en.ms}) | ${f(s.next.kb)} | ${s.query_ms.first_p50}/${s.query_ms.first_p95} / ${s.query_ms.warm_p50}/${s.query_ms.warm_p95} | ${f(s.slow_ms / 1000, 1)} | ${f(s.memory_mb.heap + s.memory_mb.wasm, 1)} (${s.memory_mb.heap} + ${s.memory_mb.wasm}) | ${f(r.build, 1)} (whole build) | ${r.files} files, ${r.mb} MB, entry th ${f(r.entry / 1024, 1)} KB gzip | ${r.edit} |`);
  const p = r.pagefind;
  if (p) console.log(`| ${r.site} | Pagefind 1.6 | ${f(p.first_th.kb)} (${p.first_th.ms}) | ${f(p.first_en.kb)} (${p.first_en.ms}) | ${f(p.next.kb)} | – | ${f(p.slow_ms / 1000, 1)} | – | ${f(r.pf, 1)} | – | – |`);
}
JS
exit 0
}
