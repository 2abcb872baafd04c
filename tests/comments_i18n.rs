//! What the companion tells a reader or a moderator is in their language, over a real
//! socket: a JSON refusal carries a `message` (and its `lang`) from the widget's `lang`,
//! else Accept-Language, else Thai; the rate and size limits are told the same way; the
//! admin pages' refusals (a stale CSRF token) follow `?lang=`, else Accept-Language.

mod comments_support;

use comments_support::*;

/// A raw POST of a JSON body to the real server; returns status and parsed body.
fn post(
    addr: std::net::SocketAddr,
    body: &str,
    headers: &[(&str, &str)],
) -> (u16, serde_json::Value, String) {
    let mut all = vec![("Content-Type", "application/json"), ("Origin", ORIGIN)];
    all.extend_from_slice(headers);
    let (status, head, body) = http(addr, "POST", "/api/comments", &all, body.as_bytes()).unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
        head,
    )
}

fn no_consent(lang: Option<&str>) -> String {
    let mut v = serde_json::json!({"page": PAGE, "name": "ก", "body": "ข", "consent": false});
    if let Some(l) = lang {
        v["lang"] = l.into();
    }
    v.to_string()
}

const CONSENT_TH: &str = "โปรดทำเครื่องหมายยินยอมก่อนส่งความคิดเห็น";
const CONSENT_EN: &str = "Please tick the consent box before sending.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_refusals_are_told_in_the_requests_language() {
    let site = site("");
    let addr = serve(state(site.path())).await;
    // (the body's lang, Accept-Language, expected language)
    for (lang, accept, want) in [
        (Some("en"), None, "en"),
        (Some("th"), Some("en-GB,en;q=0.9"), "th"),
        (None, Some("en-GB,en;q=0.9"), "en"),
        (None, Some("fr;q=1, th;q=0.5, en;q=0.8"), "en"),
        (None, Some("de"), "th"),
        (None, None, "th"),
        (Some("xx"), None, "th"),
    ] {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("Accept-Language", a)).into_iter().collect();
        let (status, json, head) = post(addr, &no_consent(lang), &headers);
        assert_eq!(status, 400, "{lang:?} {accept:?}: {json}");
        assert_eq!(json["error"], "consent_required");
        assert_eq!(json["lang"], want, "{lang:?} {accept:?}");
        let message = if want == "en" { CONSENT_EN } else { CONSENT_TH };
        assert_eq!(json["message"], message, "{lang:?} {accept:?}");
        assert!(
            head.to_ascii_lowercase()
                .contains(&format!("content-language: {want}")),
            "{head}"
        );
    }
    // The widget's way: `?lang=` in the address, which outranks Accept-Language.
    let mut all = vec![("Content-Type", "application/json"), ("Origin", ORIGIN)];
    all.push(("Accept-Language", "th"));
    let (status, _, body) = http(
        addr,
        "POST",
        "/api/comments?lang=en",
        &all,
        no_consent(None).as_bytes(),
    )
    .unwrap();
    assert_eq!(status, 400);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["message"], CONSENT_EN);
    // A body the strict parse refuses (an unknown field) still gets its language.
    let odd = serde_json::json!({"page": PAGE, "lang": "en", "nope": 1}).to_string();
    let (status, json, _) = post(addr, &odd, &[]);
    assert_eq!(status, 400);
    assert_eq!(json["error"], "bad_json");
    assert_eq!(
        json["message"],
        "The comment could not be sent; please try again."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn size_and_rate_limits_are_told_in_both_languages() {
    let site = site("max_request_bytes = 4096\nrequests_per_client_per_minute = 3");
    let addr = serve(state(site.path())).await;
    let big = format!(
        "{{\"page\":\"{PAGE}\",\"name\":\"a\",\"body\":\"{}\",\"consent\":true}}",
        "ก".repeat(5000)
    );
    let (status, json, _) = post(addr, &big, &[("Accept-Language", "en")]);
    assert_eq!(status, 413, "{json}");
    assert_eq!(json["error"], "too_large");
    assert_eq!(json["message"], "The text is too long.");
    let (status, json, _) = post(addr, &big, &[]);
    assert_eq!(status, 413, "{json}");
    assert_eq!(json["message"], "ข้อความยาวเกินกำหนด");
    // Past three requests a minute the per-client limit refuses, before any handler
    // reads the body: the language comes from the headers.
    let mut refused = None;
    for _ in 0..5 {
        let answer = post(addr, &no_consent(None), &[("Accept-Language", "en")]);
        if answer.0 == 429 {
            refused = Some(answer);
            break;
        }
    }
    let (_, json, head) = refused.expect("the rate limit refuses");
    assert_eq!(json["error"], "rate_limited");
    assert_eq!(
        json["message"],
        "Too many comments in a short time; please wait and try again."
    );
    assert!(head.to_ascii_lowercase().contains("retry-after:"), "{head}");
    let (status, json, _) = post(addr, &no_consent(None), &[]);
    assert_eq!(status, 429);
    assert_eq!(json["message"], "ส่งบ่อยเกินไป โปรดรอสักครู่แล้วลองใหม่");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_csrf_token_is_told_to_the_moderator_in_their_language() {
    let site = site("");
    let state = state(site.path());
    add_admin(&state, "staff", "correct horse battery");
    let id = call(&state, post_json(&comment(PAGE, "a", "b")))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let (cookie, _) = login(&state, "staff", "correct+horse+battery").await;
    let addr = serve(state).await;
    let form = format!("csrf={}", "0".repeat(64));
    for (query, accept, want) in [
        ("?lang=en", None, "This form has expired or was opened in another window. Reload the moderation page and try again."),
        ("", Some("en-US,en"), "This form has expired or was opened in another window. Reload the moderation page and try again."),
        ("?lang=th", Some("en"), "แบบฟอร์มนี้หมดอายุแล้ว หรือเปิดค้างไว้ในหน้าต่างอื่น โปรดโหลดหน้าตรวจความคิดเห็นใหม่แล้วลองอีกครั้ง"),
        ("", None, "แบบฟอร์มนี้หมดอายุแล้ว หรือเปิดค้างไว้ในหน้าต่างอื่น โปรดโหลดหน้าตรวจความคิดเห็นใหม่แล้วลองอีกครั้ง"),
    ] {
        let mut headers = vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", cookie.as_str()),
        ];
        if let Some(a) = accept {
            headers.push(("Accept-Language", a));
        }
        let path = format!("/admin/comments/{id}/approve{query}");
        let (status, _, body) = http(addr, "POST", &path, &headers, form.as_bytes()).unwrap();
        assert_eq!(status, 403, "{body}");
        assert!(body.contains(want), "{query} {accept:?}: {body}");
    }
}
