#!/usr/bin/env bash
# Build speed and memory of Sala against Hugo (and Zola, when on PATH) on the same
# generated Thai/English corpus. See docs/benchmarks.md for what is measured and why.
#
#   bash benches/peers.sh                       # N = 1000 10000 50000, 5 runs each
#   SIZES=1000 RUNS=3 bash benches/peers.sh     # quick mode, about a minute
#
# Settings (environment):
#   SIZES      corpus sizes in bilingual items          (default "1000 10000 50000")
#   RUNS       timed runs per tool and size, >= 1       (default 5)
#   SEED       corpus seed                              (default 1)
#   WORK       scratch folder for corpora and outputs   (default target/peers)
#   SALA       the sala binary; when set with SALA_BENCH, nothing is built
#   SALA_BENCH the sala-bench binary
#   THEME      the Sala theme copied into each corpus     (default themes/default)
#   FRESH      1: delete each tool's output before every timed run (default: rebuild over it)
#
# No timing is asserted anywhere: the script reports, a person judges.
set -euo pipefail
# The whole script is one block, read before it runs: editing it mid-run is safe.
{

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-"1000 10000 50000"}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
WORK=${WORK:-$ROOT/target/peers}
TIME=/usr/bin/time
THEME=${THEME:-$ROOT/themes/default}

say() { printf '%s\n' "$*" >&2; }
die() { say "peers.sh: $*"; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
for n in $SIZES; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "SIZES must be positive integers, not '$n'"; done

# --- tools -------------------------------------------------------------------------------
need_pkg() { # command package
    command -v "$1" >/dev/null 2>&1 && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        say "installing $2 (Debian package) ..."
        apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
    fi
    command -v "$1" >/dev/null 2>&1 || die "$1 is missing: run 'sudo apt-get install -y $2'"
}
need_pkg "$TIME" time
need_pkg hugo hugo

if [[ -n ${SALA:-} && -n ${SALA_BENCH:-} ]]; then
    say "using SALA=$SALA and SALA_BENCH=$SALA_BENCH as given (no cargo build)"
else
    say "building sala and sala-bench (release) ..."
    (cd "$ROOT" && cargo build --release --quiet -p sala -p sala-bench) ||
        die "cargo build --release failed; fix the build, or set SALA and SALA_BENCH"
    SALA=${SALA:-$ROOT/target/release/sala}
    SALA_BENCH=${SALA_BENCH:-$ROOT/target/release/sala-bench}
fi
[[ -x $SALA || -n $(command -v "$SALA" 2>/dev/null) ]] || die "no sala binary at $SALA"

HAVE_NOINDEX=1
if ! "$SALA" build --help 2>&1 | grep -q -- '--no-index'; then
    HAVE_NOINDEX=0
    say "NOTE: '$SALA build' has no --no-index flag; the sala-noindex column is skipped"
fi
if command -v zola >/dev/null 2>&1; then
    ZOLA_NOTE="skipped: zola is on PATH, but sala-bench writes no Zola site yet"
else
    ZOLA_NOTE="skipped: zola is not on PATH"
fi

TOOLS=()
((HAVE_NOINDEX)) && TOOLS+=(sala-noindex)
TOOLS+=(sala-index hugo)

# The command for one tool; the corpus is $1, the output folder $2.
cmd_for() {
    case $1 in
        sala-noindex) CMD=("$SALA" build --root "$2" --out "$3" --no-index) ;;
        sala-index) CMD=("$SALA" build --root "$2" --out "$3") ;;
        hugo) CMD=(hugo --source "$2" --destination "$3" --quiet) ;;
    esac
}

# Removes everything a build leaves behind, in the output and in the corpus itself.
clean() { # corpus out
    rm -rf "$2" "$1/search-index" "$1/resources" "$1/.hugo_build.lock" "$1/public"
}

html_count() { find "$1" -name '*.html' | wc -l | tr -d ' '; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_BEFORE" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }'; then
    say "WARNING: load average is $LOAD_BEFORE on $(nproc) cores: other work will skew wall times."
    say "         Compare CPU times, or rerun on an idle machine."
fi

mkdir -p "$WORK"
RESULTS=$WORK/results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# --- runs --------------------------------------------------------------------------------
for n in $SIZES; do
    corpus=$WORK/corpus-$n
    say ""
    say "== N = $n items (seed $SEED) =="
    "$SALA_BENCH" corpus --pages "$n" --seed "$SEED" --out "$corpus" --force --theme "$THEME"
    echo "$(du -sk "$corpus/content" | cut -f1) $(find "$corpus/content" -name '*.md' | wc -l)" >"$RESULTS/corpus-$n"

    # One untimed build per tool: checks that it succeeds, counts its pages, warms caches.
    for tool in "${TOOLS[@]}"; do
        out=$WORK/out-$tool
        clean "$corpus" "$out"
        cmd_for "$tool" "$corpus" "$out"
        if ! "${CMD[@]}" >"$RESULTS/check-$tool-$n.log" 2>&1; then
            cat "$RESULTS/check-$tool-$n.log" >&2
            die "$tool failed to build the $n-item corpus (log above)"
        fi
        html_count "$out" >"$RESULTS/html-$tool-$n"
        say "check: $tool built $(cat "$RESULTS/html-$tool-$n") HTML files"
    done

    # Timed runs rebuild over the tool's own previous output, as an author's repeated
    # builds do. Deleting tens of thousands of files before every run made ext4's inode
    # allocator slower run after run, for every tool (run 5 took 3 to 6 times run 1);
    # FRESH=1 restores a clean output before each run.
    for ((r = 1; r <= RUNS; r++)); do
        for tool in "${TOOLS[@]}"; do
            out=$WORK/out-$tool
            [[ ${FRESH:-0} == 1 ]] && clean "$corpus" "$out"
            cmd_for "$tool" "$corpus" "$out"
            t0=$(date +%s%N)
            if ! "$TIME" -f '%M %U %S' -o "$RESULTS/time.tmp" "${CMD[@]}" >"$RESULTS/run.log" 2>&1; then
                cat "$RESULTS/run.log" >&2
                die "$tool failed on run $r of N=$n"
            fi
            t1=$(date +%s%N)
            echo $(((t1 - t0) / 1000000)) >>"$RESULTS/ms-$tool-$n"
            read -r kb user sys < <(tail -n 1 "$RESULTS/time.tmp")
            echo "$kb" >>"$RESULTS/kb-$tool-$n"
            awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f\n", (u + s) * 1000 }' >>"$RESULTS/cpu-$tool-$n"
            say "run $r/$RUNS $tool: $(tail -n 1 "$RESULTS/ms-$tool-$n") ms wall, $(tail -n 1 "$RESULTS/cpu-$tool-$n") ms CPU, $kb KB max RSS"
        done
    done
    for tool in "${TOOLS[@]}"; do clean "$corpus" "$WORK/out-$tool"; done
done

# --- report ------------------------------------------------------------------------------
report() {
    echo "# Sala vs Hugo: build time and peak memory"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "- hugo: $(hugo version | cut -d' ' -f1-2); sala: $("$SALA" --version 2>/dev/null || echo '?')"
    echo "- runs: $RUNS per tool and size, in alternation, after one untimed check build; medians shown"
    echo "- load average: $LOAD_BEFORE before the runs, $(cut -d' ' -f1 /proc/loadavg) after (on $(nproc) cores; well above 0 means wall times are skewed)"
    echo "- pages/s = items x 2 (one content page per language) / median wall time: the same definition for every tool"
    echo "- zola: $ZOLA_NOTE"
    echo
    echo "| N items | corpus MB | tool | median s | pages/s | CPU s | peak RSS MB | HTML files | time vs hugo | memory vs hugo |"
    echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    for n in $SIZES; do
        read -r kb _ <"$RESULTS/corpus-$n"
        hugo_ms=$(median <"$RESULTS/ms-hugo-$n")
        hugo_kb=$(median <"$RESULTS/kb-hugo-$n")
        for tool in "${TOOLS[@]}"; do
            ms=$(median <"$RESULTS/ms-$tool-$n")
            rss=$(median <"$RESULTS/kb-$tool-$n")
            cpu=$(median <"$RESULTS/cpu-$tool-$n")
            awk -v n="$n" -v kb="$kb" -v tool="$tool" -v ms="$ms" -v rss="$rss" -v cpu="$cpu" \
                -v html="$(cat "$RESULTS/html-$tool-$n")" -v hms="$hugo_ms" -v hkb="$hugo_kb" 'BEGIN {
                    ratio_t = tool == "hugo" ? "1" : sprintf("%.2f", ms / hms)
                    ratio_m = tool == "hugo" ? "1" : sprintf("%.2f", rss / hkb)
                    printf "| %d | %.1f | %s | %.2f | %.0f | %.2f | %.0f | %d | %s | %s |\n",
                        n, kb / 1024, tool, ms / 1000, n * 2 / (ms / 1000), cpu / 1000, rss / 1024, html, ratio_t, ratio_m
                }'
        done
        echo "| $n | | zola | – | – | – | – | – | – | – |"
    done
    if ((HAVE_NOINDEX)); then
        echo
        echo "Search index share of the with-index build, (with - without) / with, from the medians above:"
        echo
        for n in $SIZES; do
            awk -v n="$n" \
                -v ms_i="$(median <"$RESULTS/ms-sala-index-$n")" -v ms_n="$(median <"$RESULTS/ms-sala-noindex-$n")" \
                -v cpu_i="$(median <"$RESULTS/cpu-sala-index-$n")" -v cpu_n="$(median <"$RESULTS/cpu-sala-noindex-$n")" \
                'BEGIN { printf "- N=%d: %.0f %% of wall time, %.0f %% of CPU time\n", n, 100 * (ms_i - ms_n) / ms_i, 100 * (cpu_i - cpu_n) / cpu_i }'
        done
    fi
    set -- $SIZES
    if (($# > 1)); then
        small=$(printf '%s\n' "$@" | sort -n | head -n 1)
        big=$(printf '%s\n' "$@" | sort -n | tail -n 1)
        echo
        echo "Per-page cost at N=$big relative to N=$small (1.00 = linear scaling, above 1 = each page costs more in a big site):"
        echo
        for tool in "${TOOLS[@]}"; do
            awk -v tool="$tool" -v s="$small" -v b="$big" \
                -v ms_s="$(median <"$RESULTS/ms-$tool-$small")" -v ms_b="$(median <"$RESULTS/ms-$tool-$big")" \
                -v cpu_s="$(median <"$RESULTS/cpu-$tool-$small")" -v cpu_b="$(median <"$RESULTS/cpu-$tool-$big")" \
                'BEGIN { printf "- %s: %.2f by wall time, %.2f by CPU time\n", tool, (ms_b / b) / (ms_s / s), (cpu_b / b) / (cpu_s / s) }'
        done
    fi
}

say ""
report | tee "$WORK/report.md"
say ""
say "report saved to $WORK/report.md; raw timings in $RESULTS/"
exit 0
}
