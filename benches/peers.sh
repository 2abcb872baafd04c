#!/usr/bin/env bash
# Build speed and memory of Sala against Hugo and Zola on the same generated Thai/English
# corpus, cold and warm. See docs/benchmarks.md for what is measured and why.
#
#   bash benches/peers.sh                       # N = 1000 10000 50000, 5 runs each
#   SIZES=1000 RUNS=3 bash benches/peers.sh     # quick mode, a few minutes
#
# Two modes, each timed in alternation between the tools:
#   cold  the headline: an empty output folder, no search-index/, no previous generation
#         or manifest (Sala), no resources/ (Hugo): what a CI deploy runs
#   warm  a rebuild after a one-file edit (one English guide gains a sentence), each
#         tool in its normal mode: Sala over its previous output, Hugo overwriting its
#         output, Zola deleting and rewriting it (what `zola build` always does)
#
# Settings (environment):
#   SIZES      corpus sizes in bilingual items          (default "1000 10000 50000")
#   RUNS       timed runs per tool, mode and size, >= 1 (default 5)
#   MODES      "cold warm", or one of them              (default "cold warm")
#   SEED       corpus seed                              (default 1)
#   WORK       scratch folder for corpora and outputs   (default target/peers)
#   SALA       the sala binary; when set with SALA_BENCH, nothing is built
#   SALA_BENCH the sala-bench binary
#   THEME      the Sala theme copied into each corpus     (default themes/default)
#   NOINDEX    0: leave out the sala-noindex column     (default 1)
#   ZOLA       a zola binary to use; otherwise `zola` on PATH, else the one cached in
#              $WORK/zola-target/release/, else one built from source (about 9 minutes
#              on 2 cores) and cached there:
#   ZOLA_SRC   Zola's source: a checkout, or a bare git folder (its $ZOLA_REF is used)
#   ZOLA_GIT   else a git URL to clone               (default https://github.com/getzola/zola)
#   ZOLA_REF   tag or commit of ZOLA_GIT / ZOLA_SRC  (default v0.22.1 for ZOLA_GIT, HEAD for
#              a bare ZOLA_SRC)
#   NO_ZOLA    1: leave Zola out
#   ZOLA_TERMS paged: taxonomy terms in pages of 10, as Sala and Hugo make them; whole:
#              one page per term, less work than the others do. Zola 0.22 gives every
#              page of a paged term the whole term, so its time grows with the square of
#              a term's size (323 s for one build at 10,000 items)
#                                                    (default paged below 50,000 items,
#                                                     whole from 50,000)
#
# Timed runs are never preceded by a deletion: on ext4 without a journal (this machine's
# disk), allocating inodes right after tens of thousands were freed costs the next
# build many seconds of kernel time, whichever tool it is, and more with every round
# (docs/benchmarks.md, "Cold"). A cold run's previous output is moved aside instead, and
# what was moved aside is deleted once a size is done.
#
# No timing is asserted anywhere: the script reports, a person judges.
set -euo pipefail
# The whole script is one block, read before it runs: editing it mid-run is safe.
{

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-"1000 10000 50000"}
RUNS=${RUNS:-5}
MODES=${MODES:-"cold warm"}
SEED=${SEED:-1}
WORK=${WORK:-$ROOT/target/peers}
TIME=/usr/bin/time
THEME=${THEME:-$ROOT/themes/default}

say() { printf '%s\n' "$*" >&2; }
die() { say "peers.sh: $*"; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
for n in $SIZES; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "SIZES must be positive integers, not '$n'"; done
for m in $MODES; do [[ $m == cold || $m == warm ]] || die "MODES must be cold and/or warm, not '$m'"; done

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
need_pkg perl perl

if [[ -n ${SALA:-} && -n ${SALA_BENCH:-} ]]; then
    say "using SALA=$SALA and SALA_BENCH=$SALA_BENCH as given (no cargo build)"
else
    say "building sala and sala-bench (release) ..."
    (cd "$ROOT" && cargo build --release --quiet -p sala -p sala-bench) ||
        die "cargo build --release failed; fix the build, or set SALA and SALA_BENCH"
    target_dir=${CARGO_TARGET_DIR:-$ROOT/target}
    SALA=${SALA:-$target_dir/release/sala}
    SALA_BENCH=${SALA_BENCH:-$target_dir/release/sala-bench}
fi
[[ -x $SALA || -n $(command -v "$SALA" 2>/dev/null) ]] || die "no sala binary at $SALA"

mkdir -p "$WORK"

# Zola is not packaged: use the one given, on PATH or cached, else build it from source
# into $WORK (never committed). Sets ZOLA, or ZOLA_NOTE saying why it is left out.
find_zola() {
    ZOLA_NOTE=""
    if [[ ${NO_ZOLA:-0} == 1 ]]; then
        ZOLA="" ZOLA_NOTE="left out (NO_ZOLA=1)"
        return
    fi
    if [[ -n ${ZOLA:-} ]]; then
        [[ -x $ZOLA ]] || die "ZOLA=$ZOLA is not an executable"
        return
    fi
    if command -v zola >/dev/null 2>&1; then
        ZOLA=$(command -v zola)
        return
    fi
    local cached=$WORK/zola-target/release/zola src=$WORK/zola-src
    if [[ -x $cached ]]; then
        ZOLA=$cached
        return
    fi
    command -v cargo >/dev/null || { ZOLA="" ZOLA_NOTE="skipped: no zola, and no cargo to build it"; return; }
    if [[ ! -f $src/Cargo.toml ]]; then
        rm -rf "$src"
        mkdir -p "$src"
        if [[ -n ${ZOLA_SRC:-} && -f ${ZOLA_SRC}/Cargo.toml ]]; then
            src=$ZOLA_SRC
        elif [[ -n ${ZOLA_SRC:-} && -d ${ZOLA_SRC}/objects ]]; then
            # A bare repository; docs/ is left out (its images may be missing from a
            # partial copy, and the build does not need them).
            say "zola: taking the source from $ZOLA_SRC (${ZOLA_REF:-HEAD}) ..."
            git --git-dir="$ZOLA_SRC" archive "${ZOLA_REF:-HEAD}" -- . ':(exclude)docs' 2>/dev/null |
                tar -x -C "$src" || true
        else
            local url=${ZOLA_GIT:-https://github.com/getzola/zola}
            say "zola: cloning $url (${ZOLA_REF:-v0.22.1}) ..."
            rmdir "$src"
            git clone --quiet --depth 1 --branch "${ZOLA_REF:-v0.22.1}" "$url" "$src" 2>/dev/null || true
        fi
    fi
    if [[ ! -f $src/Cargo.toml ]]; then
        ZOLA="" ZOLA_NOTE="skipped: no zola on PATH and no source to build it from (set ZOLA, ZOLA_SRC or ZOLA_GIT)"
        rm -rf "$WORK/zola-src"
        return
    fi
    say "zola: building from $src into $WORK/zola-target (about 9 minutes on 2 cores) ..."
    if (cd "$src" && CARGO_TARGET_DIR=$WORK/zola-target cargo build --release --locked --quiet) \
        >"$WORK/zola-build.log" 2>&1 && [[ -x $cached ]]; then
        ZOLA=$cached
    else
        ZOLA="" ZOLA_NOTE="skipped: building zola from $src failed (see $WORK/zola-build.log)"
    fi
}
find_zola
[[ -n $ZOLA ]] || say "NOTE: zola $ZOLA_NOTE"

HAVE_NOINDEX=${NOINDEX:-1}
if ((HAVE_NOINDEX)) && ! "$SALA" build --help 2>&1 | grep -q -- '--no-index'; then
    HAVE_NOINDEX=0
    say "NOTE: '$SALA build' has no --no-index flag; the sala-noindex column is skipped"
fi

TOOLS=()
((HAVE_NOINDEX)) && TOOLS+=(sala-noindex)
TOOLS+=(sala-index hugo)
[[ -n $ZOLA ]] && TOOLS+=(zola)

# The command for one tool; the corpus is $2, the output folder $3.
cmd_for() {
    case $1 in
        sala-noindex) CMD=("$SALA" build --root "$2" --out "$3" --no-index) ;;
        sala-index) CMD=("$SALA" build --root "$2" --out "$3") ;;
        hugo) CMD=(hugo --source "$2" --destination "$3" --quiet) ;;
        zola) CMD=("$ZOLA" --root "$2/zola" build --output-dir "$3" --force) ;;
    esac
}

# What a tool's build leaves behind besides its output folder, in the corpus and beside
# the output: Sala's search-index/, its previous generation and manifests, Hugo's
# resources/ and lock file.
leftovers() { # corpus out
    local dir name
    dir=$(dirname "$2") name=$(basename "$2")
    printf '%s\n' "$1/search-index" "$1/resources" "$1/.hugo_build.lock" "$1/public" \
        "$dir/.$name.sala-prev" "$dir/.$name.sala-manifest" "$dir/.$name.sala-prev.manifest"
}

# Moves the output and the leftovers of a tool aside, to be deleted after the size.
retire() { # corpus out
    local aside=$WORK/retired/$RANDOM$RANDOM$RANDOM
    mkdir -p "$aside"
    local i=0 p
    for p in "$2" $(leftovers "$1" "$2"); do
        [[ -e $p ]] && mv "$p" "$aside/$((i++))"
    done
    return 0
}

# Deletes an output for good (untimed), and what was moved aside.
clean() { # corpus out
    rm -rf "$2" $(leftovers "$1" "$2")
}

# The files a run wrote: those modified after the marker, in the output and, for Sala,
# its search-index/ (the tantivy index it writes beside the content). "count bytes".
written() { # marker dir...
    local m=$1
    shift
    find "$@" -type f -newer "$m" -printf '%s\n' 2>/dev/null | awk '{ n++; b += $1 } END { printf "%d %.0f\n", n, b }'
}

html_count() { find "$1" -name '*.html' | wc -l | tr -d ' '; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Zola's copy of the corpus: the same Markdown with the default language's `.th` dropped
# from file names, front matter keys Zola does not know moved under `extra`, the three
# vocabularies under `taxonomies`, an `_index.md` per section (10 items a page, as Hugo
# and Sala), a config.toml and minimal templates doing the same work as Hugo's.
zola_corpus() { # corpus paged|whole
    local z=$1/zola
    rm -rf "$z"
    mkdir -p "$z/templates" "$z/content"
    find "$1/content" -name '*.md' -printf '%P\n' | perl -e '
        use strict; use warnings;
        my ($from, $to) = @ARGV;
        my %tax = map { $_ => 1 } qw(topics districts problem);
        my %keep = map { $_ => 1 } qw(title date updated);
        while (my $rel = <STDIN>) {
            chomp $rel;
            (my $out = $rel) =~ s/\.th\.md$/.md/;
            open(my $in, "<", "$from/$rel") or die "$from/$rel: $!";
            local $/; my $text = <$in>; close $in;
            my ($fm, $body) = $text =~ /\A---\n(.*?)\n---\n(.*)\z/s or die "no front matter in $rel";
            my (@top, @taxo, @extra, $cur);
            for my $line (split /\n/, $fm) {
                if ($line =~ /^([A-Za-z_][\w-]*):\s*(.*)$/) {
                    my ($k, $v) = ($1, $2);
                    if ($tax{$k}) {
                        my @v = $v =~ /^\[(.*)\]$/ ? split(/\s*,\s*/, $1) : ($v);
                        push @taxo, "  $k: [" . join(", ", map { s/^"|"$//gr } @v) . "]";
                        $cur = undef;
                    } elsif ($keep{$k}) {
                        # A section (the home page) takes no date.
                        push @top, $line unless $k ne "title" && $rel =~ m{(^|/)_index\.};
                        $cur = undef;
                    }
                    elsif ($k eq "summary") { push @top, "description: $v"; push @extra, "  $line"; $cur = \@extra; }
                    else { push @extra, "  $line"; $cur = \@extra; }
                } else { push @$cur, "  $line" if $cur; }
            }
            # Quoted, so that district codes stay strings.
            s/\[(.*)\]/"[" . join(", ", map { "\"$_\"" } split(m{\s*,\s*}, $1)) . "]"/e for @taxo;
            my $fm2 = join("\n", @top, (@taxo ? ("taxonomies:", @taxo) : ()), (@extra ? ("extra:", @extra) : ()));
            my $dest = "$to/$out";
            (my $dir = $dest) =~ s{/[^/]*$}{};
            system("mkdir", "-p", $dir) unless -d $dir;
            open(my $o, ">", $dest) or die "$dest: $!";
            print $o "---\n$fm2\n---\n$body";
            close $o;
        }' "$1/content" "$z/content"
    local section
    for section in guides cases forums; do
        printf '+++\ntitle = "%s"\nsort_by = "date"\npaginate_by = 10\n+++\n' "$section" >"$z/content/$section/_index.md"
        printf '+++\ntitle = "%s"\nsort_by = "date"\npaginate_by = 10\n+++\n' "$section" >"$z/content/$section/_index.en.md"
    done
    cat >"$z/config.toml" <<'EOF'
# Zola configuration for the same corpus, written by benches/peers.sh.
base_url = "https://clinic.example.org"
default_language = "th"
title = "ศาลา คลังความรู้ศูนย์ Clinic Center อบจ.ขอนแก่น"
compile_sass = false
# Zola's search index has no Thai: it is left out, as Hugo has none.
build_search_index = false
generate_feeds = true
feed_limit = 20
taxonomies = [
  { name = "topics", paginate_by = 10 },
  { name = "districts", paginate_by = 10 },
  { name = "problem", paginate_by = 10 },
]

[markdown.highlighting]
theme = "github-light"
style = "class"

[translations]
guides = "คู่มือ"
cases = "กรณีศึกษา"
forums = "เวทีสาธารณะ"
illustrative = "ข้อมูลสมมติเพื่อวัดความเร็ว"

[languages.en]
title = "Sala: the Clinic Center knowledge base, Khon Kaen PAO"
generate_feeds = true
taxonomies = [
  { name = "topics", paginate_by = 10 },
  { name = "districts", paginate_by = 10 },
  { name = "problem", paginate_by = 10 },
]

[languages.en.translations]
guides = "Guides"
cases = "Case studies"
forums = "Public forums"
illustrative = "Illustrative data for a speed test"
EOF
    cat >"$z/templates/base.html" <<'EOF'
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
<link rel="stylesheet" href="{{ get_url(path="css/site.css") }}">
</head>
<body>
<header>
<a class="site" href="{{ get_url(path="@/_index.md", lang=lang) }}">{{ config.title }}</a>
<nav>{% for s in ["guides", "cases", "forums"] %}<a href="{{ get_url(path="@/" ~ s ~ "/_index.md", lang=lang) }}">{{ trans(key=s, lang=lang) }}</a> {% endfor %}</nav>
{% block lang %}{% endblock %}
</header>
<main>{% block main %}{% endblock %}</main>
<footer><p>{{ trans(key="illustrative", lang=lang) }}</p></footer>
</body>
</html>
EOF
    cat >"$z/templates/item.html" <<'EOF'
<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time datetime="{{ p.date }}">{{ p.date | date(format="%-d %B %Y") }}</time>{% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>
EOF
    cat >"$z/templates/pager.html" <<'EOF'
{% if paginator.number_pagers > 1 %}<nav class="pager">{% if paginator.previous %}<a href="{{ paginator.first }}">«</a> <a href="{{ paginator.previous }}">‹</a>{% endif %} {{ paginator.current_index }} / {{ paginator.number_pagers }} {% if paginator.next %}<a href="{{ paginator.next }}">›</a> <a href="{{ paginator.last }}">»</a>{% endif %}</nav>{% endif %}
EOF
    cat >"$z/templates/index.html" <<'EOF'
{% extends "base.html" %}
{% block main %}
<h1>{{ config.title }}</h1>
{{ section.content | safe }}
{% for s in ["guides", "cases", "forums"] %}
{% if lang == config.default_language %}{% set sp = s ~ "/_index.md" %}{% else %}{% set sp = s ~ "/_index." ~ lang ~ ".md" %}{% endif %}
{% set sec = get_section(path=sp) %}
<section><h2>{{ trans(key=s, lang=lang) }}</h2>
<ul class="items">{% for p in sec.pages | slice(end=10) %}{% include "item.html" %}{% endfor %}</ul>
</section>
{% endfor %}
{% endblock %}
EOF
    cat >"$z/templates/section.html" <<'EOF'
{% extends "base.html" %}
{% block title %}{{ trans(key=section.components | last, lang=lang) }} · {{ config.title }}{% endblock %}
{% block main %}
<h1>{{ trans(key=section.components | last, lang=lang) }}</h1>
<ul class="items">{% for p in paginator.pages %}{% include "item.html" %}{% endfor %}</ul>
{% include "pager.html" %}
{% endblock %}
EOF
    cat >"$z/templates/page.html" <<'EOF'
{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}
{% block lang %}{% if page.translations | length > 1 %}<nav class="lang">{% for t in page.translations %}<a href="{{ t.permalink }}" hreflang="{{ t.lang }}">{{ t.lang }}</a>{% endfor %}</nav>{% endif %}{% endblock %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date }}">{{ page.date | date(format="%-d %B %Y") }}</time>{% if page.updated %} · {{ page.updated }}{% endif %}</p>
{% if page.description %}<p class="summary">{{ page.description }}</p>{% endif %}
<dl class="facts">
{% for name, terms in page.taxonomies %}<dt>{{ name }}</dt><dd>{% for t in terms %}<a href="{{ get_taxonomy_url(kind=name, name=t, lang=lang) }}">{{ t }}</a> {% endfor %}</dd>{% endfor %}
{% if page.extra.status %}<dt>status</dt><dd>{{ page.extra.status }}</dd>{% endif %}
{% if page.extra.outcome %}<dt>outcome</dt><dd>{{ page.extra.outcome }}</dd>{% endif %}
{% if page.extra.partners %}<dt>partners</dt><dd>{{ page.extra.partners | join(sep=", ") }}</dd>{% endif %}
{% if page.extra.chair %}<dt>chair</dt><dd>{{ page.extra.chair }}</dd>{% endif %}
</dl>
{% if page.extra.resolutions %}<ol>{% for r in page.extra.resolutions %}<li>{{ r }}</li>{% endfor %}</ol>{% endif %}
{{ page.content | safe }}
</article>
{% endblock %}
EOF
    cat >"$z/templates/taxonomy_list.html" <<'EOF'
{% extends "base.html" %}
{% block main %}
<h1>{{ taxonomy.name }}</h1>
<ul class="terms">{% for t in terms %}<li><a href="{{ t.permalink }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>
{% endblock %}
EOF
    cat >"$z/templates/taxonomy_single.html" <<'EOF'
{% extends "base.html" %}
{% block main %}
<h1>{{ term.name }}</h1>
<p>{{ term.page_count }}</p>
<ul class="items">{% for p in paginator.pages %}{% include "item.html" %}{% endfor %}</ul>
{% include "pager.html" %}
{% endblock %}
EOF
    if [[ $2 == whole ]]; then
        sed -i 's/{ name = "\([a-z]*\)", paginate_by = 10 }/{ name = "\1" }/' "$z/config.toml"
        sed -i 's/{% for p in paginator.pages %}/{% for p in term.pages %}/; /{% include "pager.html" %}/d' \
            "$z/templates/taxonomy_single.html"
    fi
    mkdir -p "$z/static/css"
    cp "$1/static/css/site.css" "$z/static/css/" 2>/dev/null || printf 'body { font-family: sans-serif }\n' >"$z/static/css/site.css"
}

# How Zola makes taxonomy terms for N items (see ZOLA_TERMS above).
zola_terms() { # n
    local terms=${ZOLA_TERMS:-}
    if [[ -z $terms ]]; then
        if (($1 >= 50000)); then terms=whole; else terms=paged; fi
    fi
    [[ $terms == paged || $terms == whole ]] || die "ZOLA_TERMS must be paged or whole, not '$terms'"
    echo "$terms"
}

# The one-file edit of a warm run: one English guide gains a sentence, in Sala's and
# Hugo's copy and in Zola's.
edit_one() { # corpus run
    local f
    for f in "$1"/content/guides/guide-00001.en.md "$1"/zola/content/guides/guide-00001.en.md; do
        [[ -f $f ]] && printf '\nEdited for warm run %s.\n' "$2" >>"$f"
    done
    return 0
}

LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_BEFORE" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }'; then
    say "WARNING: load average is $LOAD_BEFORE on $(nproc) cores: other work will skew wall times."
    say "         Compare CPU times, or rerun on an idle machine."
fi

RESULTS=$WORK/results
rm -rf "$RESULTS" "$WORK/retired"
mkdir -p "$RESULTS"

# One timed run of a tool: appends wall ms, peak KB, user ms, sys ms, files and bytes
# written to $RESULTS/<what>-<mode>-<tool>-<n>.
timed_run() { # mode tool corpus out n r
    local mode=$1 tool=$2 corpus=$3 out=$4 n=$5 r=$6 key="$1-$2-$5"
    cmd_for "$tool" "$corpus" "$out"
    # Nothing of the previous run (of any tool) is still being written back during this one.
    sync
    touch "$RESULTS/marker"
    local t0 t1
    t0=$(date +%s%N)
    if ! "$TIME" -f '%M %U %S' -o "$RESULTS/time.tmp" "${CMD[@]}" >"$RESULTS/run.log" 2>&1; then
        cat "$RESULTS/run.log" >&2
        die "$tool failed on $mode run $r of N=$n"
    fi
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000)) >>"$RESULTS/ms-$key"
    local kb user sys files bytes
    read -r kb user sys < <(tail -n 1 "$RESULTS/time.tmp")
    echo "$kb" >>"$RESULTS/kb-$key"
    awk -v u="$user" 'BEGIN { printf "%.0f\n", u * 1000 }' >>"$RESULTS/user-$key"
    awk -v s="$sys" 'BEGIN { printf "%.0f\n", s * 1000 }' >>"$RESULTS/sys-$key"
    read -r files bytes < <(written "$RESULTS/marker" "$out" "$corpus/search-index")
    echo "$files" >>"$RESULTS/files-$key"
    echo "$bytes" >>"$RESULTS/bytes-$key"
    say "$mode $r/$RUNS $tool: $(tail -n 1 "$RESULTS/ms-$key") ms wall, ${user}s user, ${sys}s sys, $kb KB max RSS, $files files / $bytes bytes written"
}

# --- runs --------------------------------------------------------------------------------
for n in $SIZES; do
    corpus=$WORK/corpus-$n
    say ""
    say "== N = $n items (seed $SEED) =="
    for tool in "${TOOLS[@]}"; do clean "$corpus" "$WORK/out-$tool"; done
    "$SALA_BENCH" corpus --pages "$n" --seed "$SEED" --out "$corpus" --force --theme "$THEME"
    echo "$(du -sk "$corpus/content" | cut -f1) $(find "$corpus/content" -name '*.md' | wc -l)" >"$RESULTS/corpus-$n"
    if [[ -n $ZOLA ]]; then
        zola_corpus "$corpus" "$(zola_terms "$n")"
        echo "$(zola_terms "$n")" >"$RESULTS/zola-terms-$n"
    fi

    # One untimed build per tool: checks that it succeeds, counts its pages, warms caches.
    for tool in "${TOOLS[@]}"; do
        out=$WORK/out-$tool
        cmd_for "$tool" "$corpus" "$out"
        if ! "${CMD[@]}" >"$RESULTS/check-$tool-$n.log" 2>&1; then
            cat "$RESULTS/check-$tool-$n.log" >&2
            die "$tool failed to build the $n-item corpus (log above)"
        fi
        html_count "$out" >"$RESULTS/html-$tool-$n"
        say "check: $tool built $(cat "$RESULTS/html-$tool-$n") HTML files"
    done

    for mode in $MODES; do
        if [[ $mode == warm ]]; then
            # An author's repeated builds: one untimed build over the last one, so that
            # each tool has the state its next build starts from (Sala rebuilds into
            # the generation before the live one, and keeps a manifest of it).
            for tool in "${TOOLS[@]}"; do
                cmd_for "$tool" "$corpus" "$WORK/out-$tool"
                "${CMD[@]}" >/dev/null 2>&1 || die "$tool failed before the warm runs"
            done
        fi
        for ((r = 1; r <= RUNS; r++)); do
            [[ $mode == warm ]] && edit_one "$corpus" "$r"
            for tool in "${TOOLS[@]}"; do
                out=$WORK/out-$tool
                [[ $mode == cold ]] && retire "$corpus" "$out"
                timed_run "$mode" "$tool" "$corpus" "$out" "$n" "$r"
            done
        done
    done
    for tool in "${TOOLS[@]}"; do clean "$corpus" "$WORK/out-$tool"; done
    rm -rf "$WORK/retired" "$corpus/zola"
    sync
done

# --- report ------------------------------------------------------------------------------
med() { median <"$RESULTS/$1"; }

report() {
    echo "# Sala, Hugo and Zola: build time and peak memory, cold and warm"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "- hugo: $(hugo version | cut -d' ' -f1-2); zola: $([[ -n $ZOLA ]] && "$ZOLA" --version || echo "$ZOLA_NOTE"); sala: $("$SALA" --version 2>/dev/null || echo '?')"
    if [[ -n $ZOLA ]]; then
        echo "- zola's taxonomy terms (ZOLA_TERMS; whole means one page per term, less work than Sala and Hugo do):$(for n in $SIZES; do printf ' N=%s %s;' "$n" "$(cat "$RESULTS/zola-terms-$n" 2>/dev/null || echo '?')"; done)"
    fi
    echo "- runs: $RUNS per tool, mode and size, in alternation, after one untimed check build; medians shown"
    echo "- cold: empty output, no search-index/ or previous generation (the old output moved aside, never deleted just before); warm: a rebuild after appending a sentence to one English guide, each tool in its normal mode"
    echo "- load average: $LOAD_BEFORE before the runs, $(cut -d' ' -f1 /proc/loadavg) after (on $(nproc) cores; well above 0 means wall times are skewed)"
    echo "- pages/s = items x 2 (one content page per language) / median wall time; files and MB written: files modified by the run (Sala's search-index/ included)"
    echo
    echo "| mode | N items | tool | wall s | user s | sys s | peak RSS MB | files written | MB written | HTML files | wall vs hugo | wall vs zola | RSS vs zola |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    local mode n tool
    for mode in $MODES; do
        for n in $SIZES; do
            local hugo_ms zola_ms zola_kb
            hugo_ms=$(med "ms-$mode-hugo-$n")
            zola_ms=0 zola_kb=0
            if [[ -n $ZOLA ]]; then
                zola_ms=$(med "ms-$mode-zola-$n")
                zola_kb=$(med "kb-$mode-zola-$n")
            fi
            for tool in "${TOOLS[@]}"; do
                local k="$mode-$tool-$n"
                awk -v mode="$mode" -v n="$n" -v tool="$tool" -v ms="$(med "ms-$k")" \
                    -v user="$(med "user-$k")" -v sys="$(med "sys-$k")" -v rss="$(med "kb-$k")" \
                    -v files="$(med "files-$k")" -v bytes="$(med "bytes-$k")" \
                    -v html="$(cat "$RESULTS/html-$tool-$n")" -v hms="$hugo_ms" -v zms="$zola_ms" -v zkb="$zola_kb" 'BEGIN {
                        rh = sprintf("%.2f", ms / hms)
                        rz = zms > 0 ? sprintf("%.2f", ms / zms) : "–"
                        rm = zkb > 0 ? sprintf("%.2f", rss / zkb) : "–"
                        printf "| %s | %d | %s | %.2f | %.2f | %.2f | %.0f | %d | %.1f | %d | %s | %s | %s |\n",
                            mode, n, tool, ms / 1000, user / 1000, sys / 1000, rss / 1024, files, bytes / 1048576, html, rh, rz, rm
                    }'
            done
        done
    done
    set -- $SIZES
    if (($# > 1)) && [[ " $MODES " == *" cold "* ]]; then
        local small big
        small=$(printf '%s\n' "$@" | sort -n | head -n 1)
        big=$(printf '%s\n' "$@" | sort -n | tail -n 1)
        echo
        echo "Per-page cost of a cold build at N=$big relative to N=$small (1.00 = linear scaling, above 1 = each page costs more in a big site):"
        echo
        for tool in "${TOOLS[@]}"; do
            awk -v tool="$tool" -v s="$small" -v b="$big" \
                -v ms_s="$(med "ms-cold-$tool-$small")" -v ms_b="$(med "ms-cold-$tool-$big")" \
                -v u_s="$(med "user-cold-$tool-$small")" -v u_b="$(med "user-cold-$tool-$big")" \
                -v s_s="$(med "sys-cold-$tool-$small")" -v s_b="$(med "sys-cold-$tool-$big")" \
                'BEGIN { printf "- %s: %.2f by wall time, %.2f by CPU time\n", tool, (ms_b / b) / (ms_s / s), ((u_b + s_b) / b) / ((u_s + s_s) / s) }'
        done
    fi
}

say ""
report | tee "$WORK/report.md"
say ""
say "report saved to $WORK/report.md; raw timings in $RESULTS/"
exit 0
}
