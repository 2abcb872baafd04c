//! The Hugo side of a corpus: `hugo.toml` and minimal layouts that do work comparable to
//! Sala's: Markdown through templates in two languages, lists paginated by 10, taxonomy
//! pages, a language switch via `.Translations`, one feed per language and a sitemap.
//! Term pages are paginated by 10, as Sala's are.
//!
//! Differences that remain are listed in `docs/benchmarks.md`: Hugo has no `years`
//! taxonomy, leaves Sala's `.md` links as plain links, and builds no search index.

use std::path::Path;

use crate::vocab::Vocab;

/// Writes `hugo.toml`, `layouts/` and `i18n/` under `root`.
pub fn write(root: &Path, vocab: &Vocab) -> std::io::Result<()> {
    std::fs::write(root.join("hugo.toml"), config(vocab))?;
    for (path, text) in LAYOUTS {
        let p = root.join("layouts").join(path);
        std::fs::create_dir_all(p.parent().expect("layout paths have a folder"))?;
        std::fs::write(p, text)?;
    }
    std::fs::create_dir_all(root.join("i18n"))?;
    std::fs::write(root.join("i18n/th.toml"), I18N_TH)?;
    std::fs::write(root.join("i18n/en.toml"), I18N_EN)?;
    Ok(())
}

fn config(vocab: &Vocab) -> String {
    format!(
        r#"# Hugo configuration for the same corpus, written by sala-bench for the peer benchmark
# (benches/peers.sh). Sala reads site.toml and ignores this file, layouts/ and i18n/.
baseURL = "https://clinic.example.org/"
defaultContentLanguage = "th"
defaultContentLanguageInSubdir = false
contentDir = "content"
# Sala writes relative URLs so the site works from file://; make Hugo do the same work.
relativeURLs = true
paginate = 10
enableRobotsTXT = false
# Sala writes one Atom feed per language and a sitemap: keep Hugo's RSS for the home page
# of each language and its sitemap, but no feed per section or term.
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
page = ["HTML"]

[services.rss]
limit = 20

[taxonomies]
topic = "topics"
district = "districts"
problem = "problem"

[markup.goldmark.renderer]
unsafe = false

[markup.highlight]
noClasses = false
codeFences = true
guessSyntax = false

[languages.th]
weight = 1
languageName = "ไทย"
title = "{th}"

[languages.en]
weight = 2
languageName = "English"
title = "{en}"
"#,
        th = vocab.title_th,
        en = vocab.title_en
    )
}

const LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r#"<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header>
<a class="site" href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ i18n .Section }}</a> {{ end }}</nav>
{{ with .Translations }}<nav class="lang">{{ range . }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>{{ end }}
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ i18n "illustrative" }}</p></footer>
</body>
</html>
"#,
    ),
    (
        "partials/date.html",
        r#"{{- $d := .d -}}
{{- if eq .lang "th" -}}
{{- $months := slice "มกราคม" "กุมภาพันธ์" "มีนาคม" "เมษายน" "พฤษภาคม" "มิถุนายน" "กรกฎาคม" "สิงหาคม" "กันยายน" "ตุลาคม" "พฤศจิกายน" "ธันวาคม" -}}
{{ $d.Day }} {{ index $months (sub (int ($d.Format "1")) 1) }} {{ add $d.Year 543 }}
{{- else -}}
{{ $d.Format "2 January 2006" }}
{{- end -}}
"#,
    ),
    (
        "partials/item.html",
        r#"<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "date.html" (dict "d" .Date "lang" .Lang) }}</time>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "date.html" (dict "d" .Date "lang" .Lang) }}</time>{{ with .Params.updated }} · {{ i18n "updated" }} {{ . }}{{ end }}</p>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<dl class="facts">
{{ with .GetTerms "topics" }}<dt>{{ i18n "topics" }}</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
{{ with .GetTerms "districts" }}<dt>{{ i18n "districts" }}</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
{{ with .GetTerms "problem" }}<dt>{{ i18n "problem" }}</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>{{ end }}
{{ with .Params.laos }}<dt>{{ i18n "laos" }}</dt><dd>{{ range . }}{{ .name }} ({{ .kind }}) {{ end }}</dd>{{ end }}
{{ with .Params.partners }}<dt>{{ i18n "partners" }}</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
{{ with .Params.status }}<dt>{{ i18n "status" }}</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.outcome }}<dt>{{ i18n "outcome" }}</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.cost_baht }}<dt>{{ i18n "cost" }}</dt><dd>{{ lang.FormatNumber 0 . }}</dd>{{ end }}
{{ with .Params.meeting_no }}<dt>{{ i18n "meeting" }}</dt><dd>{{ . }}, {{ $.Params.start_time }}–{{ $.Params.end_time }}, {{ $.Params.venue }}</dd>{{ end }}
{{ with .Params.chair }}<dt>{{ i18n "chair" }}</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.participants }}<dt>{{ i18n "participants" }}</dt><dd>{{ .count }}: {{ delimit .groups ", " }}</dd>{{ end }}
</dl>
{{ with .Params.resolutions }}<h2>{{ i18n "resolutions" }}</h2><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol>{{ end }}
{{ .Content }}
</article>
{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}
<h1>{{ with .Section }}{{ i18n . }}{{ else }}{{ .Title }}{{ end }}</h1>
{{ $pager := .Paginate .Pages }}
<ul class="items">{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#,
    ),
    (
        "_default/term.html",
        // Like Sala's term pages: paginated by 10.
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }}</p>
{{ $pager := .Paginate .Pages }}
<ul class="items">{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#,
    ),
    (
        "_default/taxonomy.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ .Content }}
{{ range slice "guides" "cases" "forums" }}
<section><h2>{{ i18n . }}</h2>
<ul class="items">{{ range first 10 (where site.RegularPages "Section" .) }}{{ partial "item.html" . }}{{ end }}</ul>
</section>
{{ end }}
{{ end }}
"#,
    ),
];

const I18N_TH: &str = r#"guides = "คู่มือ"
cases = "กรณีศึกษา"
forums = "สรุปเวทีสาธารณะ"
topics = "หัวข้อ"
districts = "อำเภอ"
problem = "ประเภทปัญหา"
laos = "อปท."
partners = "ภาคี"
status = "สถานะ"
outcome = "ผลลัพธ์"
cost = "งบประมาณ (บาท)"
meeting = "การประชุม"
chair = "ประธาน"
participants = "ผู้เข้าร่วม"
resolutions = "มติที่ประชุม"
updated = "ปรับปรุง"
illustrative = "เนื้อหาในเว็บไซต์นี้เป็นข้อมูลตัวอย่างเพื่อการทดสอบ"
"#;

const I18N_EN: &str = r#"guides = "Guides"
cases = "Case studies"
forums = "Forum summaries"
topics = "Topics"
districts = "Districts"
problem = "Problem"
laos = "LAOs"
partners = "Partners"
status = "Status"
outcome = "Outcome"
cost = "Cost (baht)"
meeting = "Meeting"
chair = "Chair"
participants = "Participants"
resolutions = "Resolutions"
updated = "updated"
illustrative = "The content of this site is illustrative sample data."
"#;
