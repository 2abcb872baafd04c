//! Front-matter mistakes told in the author's terms, in Thai and English.
//!
//! serde_yaml speaks of `u16`, sequences, variants and the end of the stream, escapes Thai
//! vowel marks (`\u{e49}`) and, for an unclosed quote, points at the closing `---`. Here
//! each of its errors becomes one [`Diagnostic`] that names the field, shows what it holds
//! as the author wrote it, says what it should hold with an example, and points at the
//! value itself (or, for an unclosed quote or bracket, where it opens). Each kind of
//! mistake carries its own hint.

use super::source::{Kind, SourceFile};
use crate::config::District;
use crate::diagnostics::{Bilingual, Diagnostic};
use sala_search::dict::edit_distance;

/// The first tab in the front matter, outside comments: YAML indents with spaces, and a
/// tab that libyaml happens to accept (after a colon) still breaks other tools.
pub fn tab(source: &SourceFile, yaml: &str) -> Option<Diagnostic> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        if line.trim_start().starts_with('#') {
            return None;
        }
        let col = line.chars().position(|c| c == '\t')?;
        Some(
            Diagnostic::new(
                &source.path,
                Bilingual::new(
                    "front matter: a tab character; the front matter may use only spaces",
                    "ส่วนหัว (front matter): มีอักขระแท็บ (Tab) ซึ่งส่วนหัวใช้ไม่ได้ ใช้ได้เฉพาะการเว้นวรรค",
                ),
            )
            .at(i + 2, Some(col + 1))
            .with_hint(Bilingual::new(
                "replace the tab with spaces: one space after a colon (`title: …`), two spaces to indent a line under a field",
                "ให้ลบแท็บแล้วเคาะเว้นวรรคแทน: หลังเครื่องหมาย `:` เว้นหนึ่งช่อง (`title: …`) บรรทัดย่อยใต้ฟิลด์ให้ย่อหน้าสองช่อง",
            )),
        )
    })
}

/// Turns a serde_yaml error for the front matter `yaml` of `source` into one message.
pub fn translate(
    source: &SourceFile,
    yaml: &str,
    e: &serde_yaml::Error,
    districts: &[District],
) -> Diagnostic {
    let raw = e.to_string();
    // " at line N column M" closes the problem; ", while … at line N column M" may follow.
    let (problem, context) = match raw.find(", while ") {
        Some(i) => (&raw[..i], Some(&raw[i + 2..])),
        None => (raw.as_str(), None),
    };
    let problem = strip_location(problem);
    let at = e.location().map(|l| (l.line(), l.column()));
    let mut d = match context {
        Some(context) => syntax(source, yaml, problem, context, at),
        None if is_syntax(problem) => syntax(source, yaml, problem, "", at),
        None => data(source, yaml, problem, at, districts),
    };
    if d.line.is_none() {
        d = d.at(2, Some(1));
    }
    d
}

/// Whether libyaml (not serde) wrote `problem`: the text itself is broken, not a value.
fn is_syntax(problem: &str) -> bool {
    [
        "mapping values are not allowed",
        "did not find expected",
        "could not find expected",
        "block sequence entries are not allowed",
        "cannot start any token",
        "found unexpected",
        "found undefined tag handle",
        "found unknown escape character",
        "found a tab character",
    ]
    .iter()
    .any(|p| problem.contains(p))
}

/// `… at line 3 column 12` without its location, which is reported separately.
fn strip_location(s: &str) -> &str {
    match s.rfind(" at line ") {
        Some(i) => &s[..i],
        None => s,
    }
}

/// `(line, column)` from `… at line 3 column 12`, in the YAML.
fn location_in(s: &str) -> Option<(usize, usize)> {
    let rest = &s[s.rfind(" at line ")? + " at line ".len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

fn front(en: String, th: String) -> Bilingual {
    Bilingual::new(
        format!("front matter: {en}"),
        format!("ส่วนหัว (front matter): {th}"),
    )
}

/// The first line whose value opens a quote that the line does not close:
/// `(line, column of the quote, the quote, the field)`, 1-based.
fn unclosed_quote_line(yaml: &str) -> Option<(usize, usize, char, String)> {
    for (n, line) in yaml.lines().enumerate() {
        let (field, value) = match line.trim_start().strip_prefix("- ") {
            Some(item) => ("", item),
            None => match line.split_once(": ") {
                Some((f, v)) => (f.trim(), v),
                None => continue,
            },
        };
        let value = value.trim_start();
        let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let column = line[..line.len() - value.len()].chars().count() + 1;
        let mut rest = value[1..].chars().peekable();
        let mut closed = false;
        while let Some(c) = rest.next() {
            match (q, c) {
                ('"', '\\') => {
                    rest.next();
                }
                ('\'', '\'') if rest.peek() == Some(&'\'') => {
                    rest.next();
                }
                (q, c) if c == q => {
                    closed = true;
                    break;
                }
                _ => {}
            }
        }
        if !closed {
            let field = if field.is_empty() { "title" } else { field };
            return Some((n + 1, column, q, field.to_owned()));
        }
    }
    None
}

/// A YAML line YAML itself cannot read: quotes, brackets, colons, indentation.
fn syntax(
    source: &SourceFile,
    yaml: &str,
    problem: &str,
    context: &str,
    at: Option<(usize, usize)>,
) -> Diagnostic {
    let opened = location_in(context);
    let opener = opened.and_then(|(l, c)| char_at(yaml, l, c));
    let unclosed_at = |at: Option<(usize, usize)>,
                       open: Option<char>,
                       what_en: &str,
                       what_th: &str,
                       example: &str| {
        let open = open.map(String::from).unwrap_or_default();
        (
            at,
            front(
                format!("the {what_en} `{open}` opened here is never closed"),
                format!("{what_th} `{open}` ที่เปิดตรงนี้ไม่มีตัวปิด"),
            ),
            Bilingual::new(
                format!("close it at the end of the value, on the same line: `{example}`"),
                format!("ให้ใส่ตัวปิดท้ายค่าในบรรทัดเดียวกัน เช่น `{example}`"),
            ),
        )
    };
    let unclosed = |what_en: &str, what_th: &str, example: &str| {
        unclosed_at(opened, opener, what_en, what_th, example)
    };
    // The field whose value the quote or bracket opens, for the example.
    let field = opened
        .and_then(|(l, _)| yaml.lines().nth(l.checked_sub(1)?))
        .and_then(|line| line.split_once(':'))
        .map(|(f, _)| f.trim().trim_start_matches("- ").to_string())
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    // A quote left open runs on to the next quote YAML sees, often the opening quote of
    // a later line, and the error lands there: the line that opens and does not close
    // is the mistake.
    let open_quote = unclosed_quote_line(yaml)
        .filter(|(l, _, _, _)| at.or(opened).is_some_and(|(err_line, _)| err_line > *l));
    let (where_, message, hint) = if let Some((l, c, q, field)) = open_quote {
        let example = format!("{field}: {q}…{q}");
        unclosed_at(Some((l, c)), Some(q), "quote", "เครื่องหมายคำพูด", &example)
    } else if context.starts_with("while scanning a quoted scalar") {
        let q = opener.unwrap_or('"');
        let field = field.unwrap_or_else(|| "title".into());
        unclosed("quote", "เครื่องหมายคำพูด", &format!("{field}: {q}…{q}"))
    } else if context.starts_with("while parsing a flow sequence") {
        let example = match field.as_deref() {
            Some("districts") | None => "districts: [4005, 4006]".to_string(),
            Some(f) => format!("{f}: [{}, …]", example_value(f)),
        };
        unclosed("list", "รายการ", &example)
    } else if context.starts_with("while parsing a flow mapping") {
        unclosed(
            "group",
            "กลุ่มค่า",
            "participants: {count: 80, groups: [อสม.]}",
        )
    } else if problem.contains("mapping values are not allowed") {
        (
            at,
            front(
                "YAML reads this `:` as the start of another field".into(),
                "YAML อ่านเครื่องหมาย `:` ตรงนี้ว่าเป็นการเริ่มฟิลด์ใหม่".into(),
            ),
            Bilingual::new(
                "put a value that contains `: ` in quotes (`title: \"การประชุม: ครั้งที่ 2\"`); a field name starts at the beginning of its line, with no spaces before it",
                "ถ้าค่ามี `: ` อยู่ข้างใน ให้ใส่เครื่องหมายคำพูดครอบ (`title: \"การประชุม: ครั้งที่ 2\"`) และชื่อฟิลด์ต้องเริ่มที่ต้นบรรทัด ไม่มีการเว้นวรรคนำหน้า",
            ),
        )
    } else if problem.contains("did not find expected key")
        || problem.contains("block sequence entries are not allowed")
        || problem.contains("did not find expected '-' indicator")
    {
        (
            at,
            front(
                "this line is indented differently from the lines above it".into(),
                "บรรทัดนี้ย่อหน้าไม่ตรงกับบรรทัดก่อนหน้า".into(),
            ),
            Bilingual::new(
                "start each field at the beginning of its line; indent the lines under a field (`- …` entries) by the same number of spaces",
                "ให้ชื่อฟิลด์เริ่มที่ต้นบรรทัด ส่วนบรรทัดย่อยใต้ฟิลด์ (รายการที่ขึ้นต้นด้วย `- `) ให้ย่อหน้าด้วยจำนวนช่องว่างเท่ากันทุกบรรทัด",
            ),
        )
    } else if problem.contains("cannot start any token")
        || problem.contains("did not find expected alphabetic or numeric character")
        || problem.contains("did not find URI escaped octet")
        || problem.contains("did not find expected tag URI")
        || problem.contains("tag handle")
    {
        let c = at
            .and_then(|(l, c)| char_at(yaml, l, c))
            .map(String::from)
            .unwrap_or_default();
        (
            at,
            front(
                format!("a value cannot start with `{c}` unless it is quoted"),
                format!("ค่าที่ขึ้นต้นด้วย `{c}` ต้องใส่เครื่องหมายคำพูดครอบ"),
            ),
            Bilingual::new(
                format!("put the whole value in quotes: `title: \"{c}…\"`"),
                format!("ให้ใส่เครื่องหมายคำพูดครอบทั้งค่า เช่น `title: \"{c}…\"`"),
            ),
        )
    } else if problem.contains("escape") {
        (
            at,
            front(
                "a backslash `\\` inside double quotes starts a code YAML does not know".into(),
                "เครื่องหมาย `\\` ภายในเครื่องหมายคำพูดคู่ทำให้ YAML อ่านค่าไม่ได้".into(),
            ),
            Bilingual::new(
                "use single quotes instead (`venue: 'ห้อง 2\\3'`), or write the backslash twice",
                "ให้ใช้เครื่องหมายคำพูดเดี่ยวแทน (`venue: 'ห้อง 2\\3'`) หรือเขียน `\\` สองครั้ง",
            ),
        )
    } else {
        (
            at,
            front(
                "this line cannot be read as `field: value`".into(),
                "อ่านบรรทัดนี้เป็น `ฟิลด์: ค่า` ไม่ได้".into(),
            ),
            Bilingual::new(
                "write each field on its own line as `field: value`, and put values with special characters in quotes",
                "ให้เขียนฟิลด์ละหนึ่งบรรทัดในรูป `ฟิลด์: ค่า` และใส่เครื่องหมายคำพูดครอบค่าที่มีอักขระพิเศษ",
            ),
        )
    };
    located(source, yaml, message, hint, where_)
}

/// `Diagnostic` at a YAML location, moved into the file (the YAML starts on line 2) and
/// kept inside the front matter.
fn located(
    source: &SourceFile,
    yaml: &str,
    message: Bilingual,
    hint: Bilingual,
    at: Option<(usize, usize)>,
) -> Diagnostic {
    let lines = yaml.lines().count().max(1);
    let d = Diagnostic::new(&source.path, message).with_hint(hint);
    match at {
        Some((line, column)) if line <= lines => d.at(line + 1, Some(column)),
        // The end of the YAML: the closing `---`.
        Some(_) => d.at(lines + 2, Some(1)),
        None => d.at(2, Some(1)),
    }
}

/// The character at a 1-based line and column of `yaml`.
fn char_at(yaml: &str, line: usize, column: usize) -> Option<char> {
    yaml.lines()
        .nth(line.checked_sub(1)?)?
        .chars()
        .nth(column.checked_sub(1)?)
}

/// A value that YAML read but that does not fit the field: a wrong type, an unknown
/// choice, an unknown, missing or repeated field.
fn data(
    source: &SourceFile,
    yaml: &str,
    problem: &str,
    at: Option<(usize, usize)>,
    districts: &[District],
) -> Diagnostic {
    let (path, rest) = split_path(problem);
    let kind = kind_names(source.kind);
    if let Some(field) = backticked(rest, "unknown field `") {
        let allowed = list_after(rest, "expected one of ");
        let near = nearest(field, &allowed);
        let under = path.map(|p| base(p).to_string());
        let (whose_en, whose_th) = match &under {
            Some(p) => (format!("an entry of `{p}`"), format!("แต่ละรายการใน `{p}`")),
            None => (format!("a {}", kind.0), kind.1.to_string()),
        };
        let all = allowed.join(", ");
        let hint = match near {
            Some(n) => Bilingual::new(
                format!("did you mean `{n}`? The fields {whose_en} may have: {all}"),
                format!("หมายถึง `{n}` หรือไม่ ฟิลด์ที่ใช้ได้ใน{whose_th} ได้แก่ {all}"),
            ),
            None => Bilingual::new(
                format!("check the spelling; the fields {whose_en} may have: {all}"),
                format!("ตรวจสอบการสะกด ฟิลด์ที่ใช้ได้ใน{whose_th} ได้แก่ {all}"),
            ),
        };
        return located(
            source,
            yaml,
            front(
                format!("unknown field `{field}`"),
                format!("ไม่รู้จักฟิลด์ `{field}`"),
            ),
            hint,
            at,
        );
    }
    if let (Some(p), Some(field)) = (path, backticked(rest, "missing field `")) {
        let parent = base(p);
        return located(
            source,
            yaml,
            front(
                format!("an entry of `{parent}` has no `{field}`"),
                format!("รายการหนึ่งใน `{parent}` ไม่มี `{field}`"),
            ),
            Bilingual::new(
                format!("give every entry of `{parent}` its `{field}`, such as `{{name: อบต.หนองแก, kind: sao}}`"),
                format!("ให้ใส่ `{field}` ในทุกรายการของ `{parent}` เช่น `{{name: อบต.หนองแก, kind: sao}}`"),
            ),
            at,
        );
    }
    if let Some(field) = backticked(rest, "missing field `") {
        let example = example_value(field);
        let mut d = Diagnostic::new(
            &source.path,
            front(
                format!("the field `{field}` is missing"),
                format!("ไม่มีฟิลด์ `{field}` ซึ่งจำเป็นต้องมี"),
            ),
        )
        .with_hint(Bilingual::new(
            format!("every page needs it: add the line `{field}: {example}` between the two `---` lines"),
            format!("ทุกหน้าต้องมีฟิลด์นี้ ให้เพิ่มบรรทัด `{field}: {example}` ระหว่างบรรทัด `---` ทั้งสอง"),
        ));
        d = d.at(1, Some(1));
        return d;
    }
    if let Some(field) = backticked(rest, "duplicate field `") {
        let line = top_level_lines(yaml, field).nth(1).unwrap_or(1);
        return located(
            source,
            yaml,
            front(
                format!("the field `{field}` is written twice"),
                format!("ฟิลด์ `{field}` ถูกเขียนซ้ำสองครั้ง"),
            ),
            Bilingual::new(
                "keep one of the two lines and delete the other",
                "ให้เก็บไว้บรรทัดเดียว แล้วลบอีกบรรทัดหนึ่ง",
            ),
            Some((line, 1)),
        );
    }
    let Some(path) = path else {
        // The front matter as a whole is not `field: value` lines.
        return located(
            source,
            yaml,
            front(
                "the front matter is not a list of `field: value` lines".into(),
                "ส่วนหัวไม่ได้เขียนเป็นบรรทัด `ฟิลด์: ค่า`".into(),
            ),
            Bilingual::new(
                "write one field per line, such as `title: …` and then `date: 2025-03-02`",
                "ให้เขียนฟิลด์ละหนึ่งบรรทัด เช่น `title: …` แล้วตามด้วย `date: 2025-03-02`",
            ),
            at,
        );
    };
    let field = base(path);
    let label = label(path);
    let holds = holds(rest, yaml, at);
    if let Some(value) = backticked(rest, "unknown variant `") {
        let allowed = list_after(rest, "expected one of ");
        let (en, th) = glossed(&allowed);
        let (in_en, in_th) = match path.rsplit_once('.') {
            Some((parent, _)) => (
                format!(" in `{}`", base(parent)),
                format!(" ใน `{}`", base(parent)),
            ),
            None => (String::new(), String::new()),
        };
        return located(
            source,
            yaml,
            front(
                format!("`{field}: {value}`{in_en} is not one of the allowed values"),
                format!("`{field}: {value}`{in_th} ไม่ใช่ค่าที่ใช้ได้"),
            ),
            Bilingual::new(
                format!("use one of: {en}"),
                format!("ให้ใช้ค่าใดค่าหนึ่งต่อไปนี้: {th}"),
            ),
            at,
        );
    }
    // A wrong type or a number out of range.
    let element = path.ends_with(']');
    let (expected, hint) = expectation(field, element, &holds, districts);
    located(
        source,
        yaml,
        front(
            format!(
                "{} holds `{holds}`, but it should be {}",
                label.0, expected.en
            ),
            format!("{} มีค่าเป็น `{holds}` แต่ต้องเป็น{}", label.1, expected.th),
        ),
        hint,
        at,
    )
}

/// `cost_baht: invalid type…` → (Some("cost_baht"), "invalid type…").
fn split_path(problem: &str) -> (Option<&str>, &str) {
    if let Some((head, rest)) = problem.split_once(": ") {
        if !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_[].".contains(c))
        {
            return (Some(head), rest);
        }
    }
    (None, problem)
}

/// The field a path ends in, without list indices: `laos[0].kind` → `kind`.
fn base(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// How a message names the field: `` `cost_baht` `` or `` `kind` in `laos` ``.
fn label(path: &str) -> (String, String) {
    let field = base(path);
    match path.rsplit_once('.') {
        Some((parent, _)) => {
            let parent = base(parent);
            (
                format!("`{field}` in `{parent}`"),
                format!("`{field}` ใน `{parent}`"),
            )
        }
        None => (format!("`{field}`"), format!("`{field}`")),
    }
}

/// `` unknown field `x`, expected… `` → `x`.
fn backticked<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(prefix)?;
    rest.split('`').next()
}

/// `` expected one of `a`, `b` `` (or `` expected `a` or `b` ``) → [a, b].
fn list_after(s: &str, marker: &str) -> Vec<String> {
    let Some((i, len)) = s
        .find(marker)
        .map(|i| (i, marker.len()))
        .or_else(|| s.find("expected `").map(|i| (i, "expected ".len())))
    else {
        return Vec::new();
    };
    s[i + len..]
        .split(", ")
        .flat_map(|p| p.split(" or "))
        .map(|p| p.trim().trim_matches('`').to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// What the value holds, as the author wrote it: serde's debug-escaped rendering undone
/// for text and numbers, the source text for lists and groups.
fn holds(rest: &str, yaml: &str, at: Option<(usize, usize)>) -> String {
    let what = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))
        .unwrap_or(rest);
    let what = match what.rfind(", expected ") {
        Some(i) => &what[..i],
        None => what,
    };
    if let Some(s) = what.strip_prefix("string ") {
        return undebug(s.trim_matches('"'));
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(v) = what.strip_prefix(prefix) {
            return v.trim_matches('`').to_string();
        }
    }
    if what == "unit value" {
        return String::new();
    }
    // A list or a group: show the line from the value on.
    at.and_then(|(l, c)| {
        let line = yaml.lines().nth(l.checked_sub(1)?)?;
        Some(line.chars().skip(c.saturating_sub(1)).collect::<String>())
    })
    .map(|s| s.trim().to_string())
    .unwrap_or_default()
}

/// Undoes Rust's `{:?}` escaping (`\u{e49}`, `\"`, `\\`, `\n`), so Thai shows as Thai.
fn undebug(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push(' '),
            Some('t') => out.push(' '),
            Some('r') | None => {}
            Some('0') => {}
            Some('u') => {
                let code: String = chars
                    .by_ref()
                    .skip_while(|c| *c == '{')
                    .take_while(|c| *c != '}')
                    .collect();
                if let Some(ch) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some(other) => out.push(other),
        }
    }
    out
}

/// What a field should hold (as "a whole number of baht" / "จำนวนเงิน…") and the hint
/// with an example built from what the author wrote.
fn expectation(
    field: &str,
    element: bool,
    holds: &str,
    districts: &[District],
) -> (Bilingual, Bilingual) {
    let digits: String = holds.chars().filter(char::is_ascii_digit).collect();
    let number_hint = |example: &str| {
        Bilingual::new(
            format!(
                "write the number alone, with no commas, words or quotes: `{field}: {example}`"
            ),
            format!("ให้เขียนเป็นตัวเลขล้วน ไม่มีจุลภาค ตัวหนังสือ หรือเครื่องหมายคำพูด เช่น `{field}: {example}`"),
        )
    };
    let list_hint = |example: &str| {
        Bilingual::new(
            format!("put the values in square brackets, even when there is only one: `{field}: {example}`"),
            format!("ให้ใส่ค่าไว้ในวงเล็บเหลี่ยม แม้จะมีเพียงค่าเดียว เช่น `{field}: {example}`"),
        )
    };
    let or = |s: &str, fallback: &str| {
        if s.is_empty() {
            fallback.to_string()
        } else {
            s.to_string()
        }
    };
    match (field, element) {
        ("districts", true) => {
            let code = districts.first().map_or(4005, |d| d.code);
            let codes = districts.iter().map(|d| d.code);
            let (lo, hi) = (codes.clone().min().unwrap_or(0), codes.max().unwrap_or(0));
            let few = |lang: &str| {
                districts
                    .iter()
                    .take(5)
                    .map(|d| format!("{} {}", d.code, d.name(lang)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            // The site's own list, read from site.toml: no province is built in.
            let (known_en, known_th) = if districts.is_empty() {
                (
                    "this site lists no districts yet (add them as [[districts]] in site.toml)".to_string(),
                    "ยังไม่ได้กำหนด (เพิ่มรายชื่ออำเภอเป็น [[districts]] ในไฟล์ site.toml)".to_string(),
                )
            } else {
                (
                    format!("the codes are {lo} to {hi}: {}, … (all of them are listed in a page made by `sala new case`)", few("en")),
                    format!("มีตั้งแต่ {lo} ถึง {hi} ได้แก่ {}, … (ดูรหัสทั้งหมดได้ในหน้าที่สร้างด้วยคำสั่ง `sala new case`)", few("th")),
                )
            };
            // Names are read as text and resolved at load, so what reaches here is a
            // number out of range or something that is neither a number nor a name.
            let name = |lang: &str| districts.first().map_or("", |d| d.name(lang)).to_string();
            (
                Bilingual::new(
                    format!("a district code, a number such as {code}, or a district's name"),
                    format!("รหัสอำเภอซึ่งเป็นตัวเลข เช่น {code} หรือชื่ออำเภอ"),
                ),
                if !digits.is_empty() && digits.len() == holds.len() {
                    Bilingual::new(
                        format!("no district has this code; {known_en}"),
                        format!("ไม่มีอำเภอที่ใช้รหัสนี้ รหัสอำเภอ{known_th}"),
                    )
                } else {
                    Bilingual::new(
                        format!("write the district's code or its name: `districts: [{code}]` or `districts: [{}]`; {known_en}", name("en")),
                        format!("ให้เขียนรหัสหรือชื่ออำเภอ เช่น `districts: [{code}]` หรือ `districts: [{}]` รหัส{known_th}", name("th")),
                    )
                },
            )
        }
        ("districts", false) => (
            Bilingual::new(
                "a list of district codes",
                "รายการรหัสอำเภอ",
            ),
            list_hint(&format!("[{}]", or(&digits, "4005"))),
        ),
        ("cost_baht", _) => (
            Bilingual::new("a whole number of baht", "จำนวนเงินบาทที่เป็นตัวเลขล้วน"),
            number_hint(&or(&digits, "45000")),
        ),
        ("weight", _) => (
            Bilingual::new("a whole number", "ตัวเลขจำนวนเต็ม"),
            number_hint(&or(&digits, "1")),
        ),
        ("count", _) => (
            Bilingual::new("a number of people", "จำนวนคนที่เป็นตัวเลข"),
            number_hint(&or(&digits, "80")),
        ),
        ("draft", _) => (
            Bilingual::new("`true` or `false`", " `true` หรือ `false`"),
            Bilingual::new(
                "write `draft: true` to keep the page out of the site, `draft: false` (or no line) to publish it",
                "เขียน `draft: true` เพื่อยังไม่เผยแพร่หน้านี้ หรือ `draft: false` (หรือไม่ต้องมีบรรทัดนี้) เพื่อเผยแพร่",
            ),
        ),
        ("topics" | "audience" | "partners" | "resolutions" | "groups", false) => (
            Bilingual::new("a list", "รายการ (list)"),
            list_hint(&format!("[{}]", or(holds, "…"))),
        ),
        ("laos", false) => (
            Bilingual::new(
                "a list of LAOs, each with a name and a kind",
                "รายการ อปท. ที่แต่ละรายการมีชื่อ (name) และประเภท (kind)",
            ),
            Bilingual::new(
                "write one entry per LAO: `laos: [{name: อบต.หนองแก, kind: sao}]`",
                "ให้เขียนหนึ่งรายการต่อหนึ่ง อปท. เช่น `laos: [{name: อบต.หนองแก, kind: sao}]`",
            ),
        ),
        ("participants", false) => (
            Bilingual::new(
                "a group with a count and groups",
                "กลุ่มค่าที่มีจำนวน (count) และกลุ่มผู้เข้าร่วม (groups)",
            ),
            Bilingual::new(
                "write it as `participants: {count: 80, groups: [ผู้ใหญ่บ้าน, อสม.]}`",
                "ให้เขียนแบบนี้ `participants: {count: 80, groups: [ผู้ใหญ่บ้าน, อสม.]}`",
            ),
        ),
        ("date" | "updated", _) => (
            Bilingual::new(
                "a date written YYYY-MM-DD",
                "วันที่ในรูปแบบ ปปปป-ดด-วว",
            ),
            Bilingual::new(
                format!("write the Common Era date with hyphens: `{field}: 2025-03-02`"),
                format!("ให้เขียนวันที่แบบ ค.ศ. คั่นด้วยขีด เช่น `{field}: 2025-03-02`"),
            ),
        ),
        _ => (
            Bilingual::new("text on one line", "ข้อความบรรทัดเดียว"),
            Bilingual::new(
                format!("put the text in quotes: `{field}: \"{}\"`", or(holds, "…")),
                format!("ให้ใส่ข้อความไว้ในเครื่องหมายคำพูด เช่น `{field}: \"{}\"`", or(holds, "…")),
            ),
        ),
    }
}

/// An example value for a required field.
fn example_value(field: &str) -> &'static str {
    match field {
        "date" => "2025-03-02",
        "topics" => "waste",
        "audience" => "officers",
        "name" => "อบต.หนองแก",
        "kind" => "sao",
        _ => "…",
    }
}

/// Allowed values with their meaning, for the hint: `solved (แก้ไขแล้ว)`.
fn glossed(values: &[String]) -> (String, String) {
    let gloss = |v: &str| -> Option<(&'static str, &'static str)> {
        Some(match v {
            "planned" => ("planned", "วางแผนไว้"),
            "in-progress" => ("in progress", "กำลังดำเนินการ"),
            "solved" => ("solved", "แก้ไขแล้ว"),
            "officers" => ("officers", "เจ้าหน้าที่"),
            "executives" => ("executives", "ผู้บริหาร"),
            "council" => ("council members", "สมาชิกสภา"),
            "community-leaders" => ("community leaders", "ผู้นำชุมชน"),
            "public" => ("the public", "ประชาชนทั่วไป"),
            "pao" => ("provincial administrative organization", "อบจ."),
            "city-municipality" => ("city municipality", "เทศบาลนคร"),
            "town-municipality" => ("town municipality", "เทศบาลเมือง"),
            "subdistrict-municipality" => ("subdistrict municipality", "เทศบาลตำบล"),
            "sao" => ("subdistrict administrative organization", "อบต."),
            _ => return None,
        })
    };
    let en = values.join(", ");
    let th = values
        .iter()
        .map(|v| match gloss(v) {
            Some((_, th)) => format!("{v} ({th})"),
            None => v.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    (en, th)
}

/// The kind of page, as a message names it: ("case study", "กรณีศึกษา").
fn kind_names(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Guide => ("guide", "คู่มือ"),
        Kind::Case => ("case study", "กรณีศึกษา"),
        Kind::Forum => ("forum summary", "สรุปเวที"),
        Kind::Page => ("page", "หน้าทั่วไป"),
    }
}

/// 1-based YAML lines where `field:` starts at the left margin.
fn top_level_lines<'a>(yaml: &'a str, field: &'a str) -> impl Iterator<Item = usize> + 'a {
    yaml.lines()
        .enumerate()
        .filter(move |(_, l)| {
            l.strip_prefix(field)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|(i, _)| i + 1)
}

/// The allowed name closest to `field`, when it is close enough to be a typo.
fn nearest<'a>(field: &str, allowed: &'a [String]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (edit_distance(a, field), a))
        .filter(|(d, a)| *d <= (a.chars().count() / 3).max(2))
        .min()
        .map(|(_, a)| a.as_str())
}

#[cfg(test)]
mod tests {
    use super::undebug;
    use crate::config::SiteConfig;
    use crate::content::source::SourceFile;
    use std::path::Path;

    /// The one message for `yaml` as the front matter of a case study.
    fn told(yaml: &str) -> crate::diagnostics::Diagnostic {
        let config = SiteConfig::parse("[title]\nth = \"t\"\nen = \"t\"\n").unwrap();
        let source = SourceFile::classify(Path::new("cases/x.th.md"), &config).unwrap();
        let text = format!("---\n{yaml}---\nเนื้อหา\n");
        let (fm, _, _) = crate::content::split_front_matter(&text).unwrap();
        if let Some(d) = super::tab(&source, fm) {
            return d;
        }
        let e = serde_yaml::from_str::<crate::content::frontmatter::CaseFront>(fm).unwrap_err();
        super::translate(&source, fm, &e, &config.districts)
    }

    #[test]
    fn no_parser_words_reach_the_author() {
        let cases = [
            "title: a\n\tdate: b\n",
            "title: \"abc\ndate: b\n",
            "title: 'abc\ndate: b\n",
            "title: a\ndate: b\ncost_baht: \"45,000 บาท\"\n",
            "title: a\ndate: b\ncost_baht: -5\n",
            "title: a\ndate: b\nstatus: done\n",
            "title: a\ndate: b\ndistricts: 4015\n",
            "title: a\ndate: b\ndistricts: [1.5]\n",
            "title: a\ndate: b\ndistricts: [true]\n",
            "title: a\ndate: b\ndistricts: [99999]\n",
            "title: a\ndate: b\ndistricts: [4015\n",
            "title: a\ndate: b\nsumary: x\n",
            "date: b\n",
            "",
            "just text\n",
            "title: a\ntitle: b\ndate: c\n",
            "title: a\n date: b\n",
            "title: a: b\ndate: c\n",
            "title: a\ndate: b\nlaos:\n  - name: x\n    kind: foo\n",
            "title: a\ndate: b\nlaos:\n  - name: x\n",
            "title: a\ndate: b\nlaos:\n  - nme: x\n    kind: sao\n",
            "title: a\ndate: b\ndraft: yes\n",
            "title: a\ndate: b\nweight: หนึ่ง\n",
            "title: [a\ndate: c\n",
            "title: a\ndate: b\nsummary: {x\n",
            "title: @x\ndate: b\n",
            "title: \"a\\qb\"\ndate: b\n",
            "title: a\ndate: b\npartners: x\n",
            "title: a\ndate: b\n- x\n",
            "title:\n  - ก\ndate: b\n",
        ];
        for yaml in cases {
            let d = told(yaml);
            let lines = yaml.lines().count() + 2;
            let line = d.line.expect("a line");
            assert!(line >= 1 && line <= lines, "{yaml:?}: line {line}");
            for lang in [
                crate::diagnostics::MessageLang::En,
                crate::diagnostics::MessageLang::Th,
            ] {
                let text = d.display(lang);
                for word in [
                    "u16",
                    "u64",
                    "u32",
                    "i32",
                    "sequence",
                    "variant",
                    "end of stream",
                    "invalid type",
                    "invalid value",
                    "scalar",
                    "mapping",
                    "struct",
                    "\\u{",
                    "while parsing",
                    "while scanning",
                    "unit value",
                ] {
                    assert!(!text.contains(word), "{yaml:?}: `{word}` in {text}");
                }
            }
            let thai = |s: &str| s.chars().any(|c| ('\u{e01}'..='\u{e2e}').contains(&c));
            let th = d.message.th.replace("ส่วนหัว (front matter): ", "");
            assert!(thai(&th), "{yaml:?}: no Thai in {th}");
            let hint = d.hint.as_ref().expect("a hint");
            assert!(thai(&hint.th), "{yaml:?}: no Thai in {}", hint.th);
            assert_ne!(hint.en, hint.th);
        }
    }

    #[test]
    fn debug_escapes_are_undone() {
        assert_eq!(undebug(r"ช\u{e38}มแพ"), "ชุมแพ");
        assert_eq!(undebug(r#"a \"b\" \\"#), r#"a "b" \"#);
    }
}
