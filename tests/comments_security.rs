//! Attacks on the comments companion. Each test checks the answer AND that nothing unsafe
//! was stored or rendered: stored XSS (including attribute contexts), CSRF on the admin
//! actions, cross-origin posts, open redirects through the form, malformed and oversized
//! bodies, SQL metacharacters, huge names, invalid UTF-8, floods; and a proptest that
//! drives the body parsers and the router with random input.

mod comments_support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use comments_support::*;
use proptest::prelude::*;
use sala::comments::store::Status;

fn form_post(body: &[u8], origin: Option<&str>) -> Request<Body> {
    let mut b =
        Request::post("/comments/form").header("content-type", "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        b = b.header("origin", o);
    }
    b.body(Body::from(body.to_vec())).unwrap()
}

fn build(root: &std::path::Path) -> String {
    let mut options = sala::build::BuildOptions::new(root);
    options.no_index = true;
    sala::build::build(&options).unwrap();
    std::fs::read_to_string(root.join("public/guides/local-plan-cycle/index.html")).unwrap()
}

#[tokio::test]
async fn stored_xss_in_every_field_is_refused_or_escaped_everywhere() {
    let site = site("");
    let root = site.path();
    let state = state(root);
    add_admin(&state, "staff", "correct horse battery");

    // Markup in a name is refused: no name needs < > or ".
    for name in [
        "\"><script>alert(1)</script>",
        "x\" onmouseover=\"alert(1)",
        "<img src=x onerror=alert(1)>",
    ] {
        let r = call(&state, post_json(&comment(PAGE, name, "hi"))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name}");
        assert_eq!(r.json()["error"], "name_invalid");
    }
    // In the page field: not a page of the site.
    let r = call(
        &state,
        post_json(&comment(
            "guides/local-plan-cycle/\"><script>alert(1)</script>",
            "a",
            "b",
        )),
    )
    .await;
    assert_eq!(r.json()["error"], "unknown_page");
    // In the e-mail field.
    let mut c: serde_json::Value = serde_json::from_str(&comment(PAGE, "a", "b")).unwrap();
    c["email"] = "\"><script>alert(1)</script>@x.org".into();
    let r = call(&state, post_json(&c.to_string())).await;
    assert_eq!(r.json()["error"], "email_invalid");
    assert_eq!(state.store.count().unwrap(), 0, "nothing stored");

    // A body is plain text: stored as written, escaped on every output.
    let evil = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>' onfocus='alert(3)";
    let name = "O'Brien & <Sons>".replace(['<', '>'], "");
    let r = call(&state, post_json(&comment(PAGE, &name, evil))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let id = r.json()["id"].as_i64().unwrap();
    // The admin queue escapes it.
    let (cookie, _) = login(&state, "staff", "correct+horse+battery").await;
    let q = call(
        &state,
        Request::get("/admin")
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(!q.body.contains("<script>alert"), "admin queue");
    assert!(!q.body.contains("<img src=x"), "admin queue");
    assert!(q
        .body
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"));
    assert!(q.body.contains("O&#39;Brien &amp; Sons"));
    // The edit form puts it in an attribute and a textarea, escaped.
    let e = call(
        &state,
        Request::get(format!("/admin/comments/{id}/edit"))
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(e.body.contains("value=\"O&#39;Brien &amp; Sons\""));
    assert!(!e.body.contains("</textarea><script>") && !e.body.contains("<script>alert"));
    // The JSON list carries it as a string; the widget uses textContent.
    state.store.set_status(id, Status::Approved).unwrap();
    let l = call(&state, get(&format!("/api/comments?page={PAGE}"))).await;
    assert_eq!(l.header("content-type"), "application/json");
    assert_eq!(l.json()["comments"][0]["body"], evil);
    // The baked page escapes it.
    sala::comments::export::export(&state.store, root).unwrap();
    let html = build(root);
    assert!(!html.contains("<script>alert"), "baked page");
    assert!(!html.contains("<img src=x"), "baked page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;"));
    // And the widget never uses innerHTML.
    let js =
        std::fs::read_to_string(root.join("themes/default/static/assets/comments.js")).unwrap();
    assert!(
        !js.contains("innerHTML") && !js.contains("insertAdjacentHTML") && !js.contains("eval(")
    );
}

#[tokio::test]
async fn admin_actions_need_the_csrf_token() {
    let site = site("");
    let state = state(site.path());
    add_admin(&state, "staff", "correct horse battery");
    let id = call(&state, post_json(&comment(PAGE, "a", "b")))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let (cookie, csrf) = login(&state, "staff", "correct+horse+battery").await;
    for action in ["approve", "reject", "delete"] {
        let path = format!("/admin/comments/{id}/{action}");
        for form in [
            "".to_string(),
            "csrf=".to_string(),
            format!("csrf={}", "0".repeat(64)),
            format!("csrf={}x", csrf),
        ] {
            let r = call(&state, admin_post(&path, &cookie, &form)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{action} with {form:?}");
        }
        // The right token without a session: still refused.
        let r = call(
            &state,
            admin_post(&path, "sala_admin=forged.00", &format!("csrf={csrf}")),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // The right token and session, posted from another site: refused.
        let mut req = admin_post(&path, &cookie, &format!("csrf={csrf}"));
        req.headers_mut()
            .insert("origin", "https://evil.example".parse().unwrap());
        assert_eq!(call(&state, req).await.status, StatusCode::FORBIDDEN);
    }
    let r = call(
        &state,
        admin_post(
            &format!("/admin/comments/{id}/edit"),
            &cookie,
            "name=x&body=defaced",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let c = state.store.get(id).unwrap().unwrap();
    assert_eq!(
        (c.status, c.body.as_str()),
        (Status::Pending, "b"),
        "nothing changed"
    );
    // The log-in form has its own token.
    let r = call(
        &state,
        admin_post(
            "/admin/login",
            "",
            "username=staff&password=correct+horse+battery",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.header("set-cookie").is_empty());
    // With the token it works (same-origin Origin header accepted).
    let mut req = admin_post(
        &format!("/admin/comments/{id}/approve"),
        &cookie,
        &format!("csrf={csrf}"),
    );
    req.headers_mut()
        .insert("origin", "http://comments.test".parse().unwrap());
    req.headers_mut()
        .insert("host", "comments.test".parse().unwrap());
    assert_eq!(call(&state, req).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        state.store.get(id).unwrap().unwrap().status,
        Status::Approved
    );
}

#[tokio::test]
async fn cross_origin_posts_are_refused_and_scripts_are_served() {
    let site = site("");
    let state = state(site.path());
    let evil = |uri: &str, ct: &str, body: String| {
        Request::post(uri)
            .header("content-type", ct)
            .header("origin", "https://evil.example")
            .body(Body::from(body))
            .unwrap()
    };
    let r = call(
        &state,
        evil("/api/comments", "application/json", comment(PAGE, "a", "b")),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"], "forbidden_origin");
    assert!(r.header("access-control-allow-origin").is_empty());
    let r = call(
        &state,
        evil(
            "/comments/form",
            "application/x-www-form-urlencoded",
            format!("page={PAGE}&name=a&body=b&consent=yes"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Origin: null (sandboxed frames, file://) is refused unless configured.
    let mut req = post_json(&comment(PAGE, "a", "b"));
    req.headers_mut().insert("origin", "null".parse().unwrap());
    assert_eq!(call(&state, req).await.status, StatusCode::FORBIDDEN);
    // The classic CSRF vector: JSON sent as text/plain or a form is not the API.
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let req = Request::post("/api/comments")
            .header("content-type", ct)
            .body(Body::from(comment(PAGE, "a", "b")))
            .unwrap();
        assert_eq!(
            call(&state, req).await.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{ct}"
        );
    }
    // Preflight: allowed origin gets CORS headers; another gets 403.
    let pre = |o: &str| {
        Request::options("/api/comments")
            .header("origin", o)
            .header("access-control-request-method", "POST")
            .body(Body::empty())
            .unwrap()
    };
    let r = call(&state, pre(ORIGIN)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.header("access-control-allow-origin"), ORIGIN);
    assert_eq!(
        call(&state, pre("https://evil.example")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(state.store.count().unwrap(), 0);
    // No Origin (curl, scripts): served, under the same limits.
    let req = Request::post("/api/comments")
        .header("content-type", "application/json")
        .body(Body::from(comment(PAGE, "curl", "b")))
        .unwrap();
    assert_eq!(call(&state, req).await.status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn the_form_never_redirects_off_site() {
    let site = site("");
    let state = state(site.path());
    for ret in [
        "//evil.example",
        "https://evil.example",
        "/\\evil",
        "\\\\evil.example",
        "%2F%2Fevil.example",
        "%2F%5Cevil.example",
        "javascript:alert(1)",
        "http:evil.example",
        " //evil.example",
        "/%09/evil.example",
        "guides/local-plan-cycle/%0d%0aLocation:%20https://evil.example",
        "guides/nope/",
        "../../evil",
        "https:%2F%2Fevil.example",
    ] {
        let body = format!(
            "page={}&return={ret}&name=a&body=b&consent=yes",
            PAGE.replace('/', "%2F")
        );
        let r = call(&state, form_post(body.as_bytes(), Some(ORIGIN))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{ret}");
        assert!(r.header("location").is_empty(), "{ret}");
        assert!(!r.body.contains("evil"), "{ret}: {}", r.body);
    }
    assert_eq!(state.store.count().unwrap(), 0);
    // A page path as the return: the only kind of redirect there is.
    let body = format!(
        "page={PAGE}&return=en/guides/local-plan-cycle/index.html&name=a&body=b&consent=yes"
    );
    let r = call(&state, form_post(body.as_bytes(), Some(ORIGIN))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r
        .header("location")
        .starts_with("https://clinic.example.org/en/guides/local-plan-cycle/"));
}

#[tokio::test]
async fn malformed_and_oversized_bodies_are_4xx() {
    let site = site("");
    let state = state(site.path());
    let bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"{".to_vec(),
        br#"{"page": "guides/local-plan-cycle/", "name": "a", "body": "b", "consent": tr"#.to_vec(),
        b"[]".to_vec(),
        b"null".to_vec(),
        br#"{"page": 1, "name": "a", "body": "b", "consent": true}"#.to_vec(),
        br#"{"page": "guides/local-plan-cycle/", "name": "a", "body": "b", "consent": "yes"}"#.to_vec(),
        br#"{"page": "guides/local-plan-cycle/", "name": "a", "body": "b", "consent": true, "parent": 99999999999999999999999}"#.to_vec(),
        br#"{"page": "guides/local-plan-cycle/", "name": "a", "body": "b", "consent": true, "parent": -1}"#.to_vec(),
        br#"{"page": "guides/local-plan-cycle/", "name": "a", "body": "b", "consent": true, "parent": 424242}"#.to_vec(),
        br#"{"page": "guides/local-plan-cycle/", "name": "a", "name": "b", "body": "b", "consent": true}"#.to_vec(),
        br#"{"page": "guides/local-plan-cycle/", "name": "a", "body": "b", "consent": true, "admin": true}"#.to_vec(),
        // Invalid UTF-8 inside a string.
        b"{\"page\": \"guides/local-plan-cycle/\", \"name\": \"\xff\xfe\", \"body\": \"b\", \"consent\": true}".to_vec(),
        // NUL and control characters.
        br#"{"page": "guides/local-plan-cycle/", "name": "a\u0000b", "body": "b", "consent": true}"#.to_vec(),
        br#"{"page": "guides/local-plan-cycle/", "name": "a", "body": "b\u001b[31m", "consent": true}"#.to_vec(),
        br#"{"page": "guides/local-plan-cycle/", "name": "a", "body": "   ", "consent": true}"#.to_vec(),
    ];
    for b in bodies {
        let r = call(
            &state,
            post_json(std::str::from_utf8(&b).unwrap_or("\u{fffd}")),
        )
        .await;
        // post_json takes &str; send raw bytes too.
        let raw = Request::post("/api/comments")
            .header("content-type", "application/json")
            .body(Body::from(b.clone()))
            .unwrap();
        let r2 = call(&state, raw).await;
        for r in [r, r2] {
            assert!(
                r.status.is_client_error(),
                "{:?} → {}",
                String::from_utf8_lossy(&b),
                r.status
            );
            assert!(
                r.json()["error"].is_string(),
                "a code, not a message: {}",
                r.body
            );
            assert!(
                !r.body.contains("line") && !r.body.contains("column"),
                "no parser details leak: {}",
                r.body
            );
        }
    }
    // Over the body limit: 413.
    let big = comment(PAGE, "a", &"ก".repeat(40_000));
    let r = call(&state, post_json(&big)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["error"], "too_large");
    // Links over the cap.
    let r = call(
        &state,
        post_json(&comment(PAGE, "a", "http://a http://b https://c")),
    )
    .await;
    assert_eq!(r.json()["error"], "too_many_links");
    assert_eq!(state.store.count().unwrap(), 0);
}

#[tokio::test]
async fn a_million_character_name_is_refused_cheaply() {
    let site = site("max_request_bytes = 8000000");
    let state = state(site.path());
    let started = std::time::Instant::now();
    let r = call(
        &state,
        post_json(&comment(PAGE, &"ก".repeat(1_000_000), "b")),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"], "name_too_long");
    let r = call(
        &state,
        post_json(&comment(PAGE, &"a".repeat(1_000_000), "b")),
    )
    .await;
    assert_eq!(r.json()["error"], "name_too_long");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    // With the default limit the body itself is too large.
    let site2 = comments_support::site("");
    let state2 = comments_support::state(site2.path());
    let r = call(
        &state2,
        post_json(&comment(PAGE, &"a".repeat(1_000_000), "b")),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        state.store.count().unwrap() + state2.store.count().unwrap(),
        0
    );
}

#[tokio::test]
async fn sql_metacharacters_are_just_text() {
    let site = site("");
    let state = state(site.path());
    let name = "Robert'); DROP TABLE comments;--";
    let body = "1' OR '1'='1\"; DELETE FROM admins; -- \\ % _";
    let r = call(&state, post_json(&comment(PAGE, name, body))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let id = r.json()["id"].as_i64().unwrap();
    let c = state.store.get(id).unwrap().unwrap();
    assert_eq!((c.name.as_str(), c.body.as_str()), (name, body));
    assert_eq!(state.store.count().unwrap(), 1);
    let r = call(
        &state,
        get("/api/comments?page=guides/local-plan-cycle/'%20OR%20'1'='1"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = call(
        &state,
        get("/api/comments?page=guides%2Flocal-plan-cycle%2F&page=x"),
    )
    .await;
    assert!(r.status.is_client_error());
    let r = call(
        &state,
        Request::delete("/api/comments/1%20OR%201=1")
            .header("content-type", "application/json")
            .body(Body::from(format!(
                "{{\"delete_token\":\"{}\"}}",
                "a".repeat(64)
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(state.store.count().unwrap(), 1);
    // The e-mail lookup is parameterized too.
    assert!(state.store.by_email("' OR 1=1 --").unwrap().is_empty());
}

#[tokio::test]
async fn invalid_utf8_in_the_form_is_harmless() {
    let site = site("");
    let state = state(site.path());
    let body = b"page=guides%2Flocal-plan-cycle%2F&name=%FF%FE&body=%C3%28&consent=yes&return=guides%2Flocal-plan-cycle%2F";
    let r = call(&state, form_post(body, Some(ORIGIN))).await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "a name of U+FFFD is refused"
    );
    let raw = b"page=guides%2Flocal-plan-cycle%2F&name=a\xff&body=b&consent=yes";
    let r = call(&state, form_post(raw, Some(ORIGIN))).await;
    assert!(r.status.is_client_error());
    assert_eq!(state.store.count().unwrap(), 0);
}

#[tokio::test]
async fn floods_get_429() {
    // Per client: the 11th post in an hour.
    let site = site("");
    let state = state(site.path());
    let mut last = StatusCode::OK;
    for i in 0..11 {
        last = call(
            &state,
            post_json(&comment(PAGE, "a", &format!("comment {i}"))),
        )
        .await
        .status;
        if i < 10 {
            assert_eq!(last, StatusCode::ACCEPTED, "post {i}");
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let r = call(&state, post_json(&comment(PAGE, "a", "again"))).await;
    assert_eq!(r.json()["error"], "rate_limited");
    assert!(r.header("retry-after").parse::<u64>().unwrap() > 0);
    assert_eq!(state.store.count().unwrap(), 10);

    // Per page, across clients (distinct addresses through a trusted proxy).
    let site = comments_support::site("trust_proxy = true\nposts_per_page_per_hour = 3");
    let state = comments_support::state(site.path());
    let mut statuses = Vec::new();
    for i in 0..5 {
        let mut req = post_json(&comment(PAGE, "a", "b"));
        req.headers_mut()
            .insert("x-forwarded-for", format!("10.0.0.{i}").parse().unwrap());
        statuses.push(call(&state, req).await.status.as_u16());
    }
    assert_eq!(statuses, vec![202, 202, 202, 429, 429]);
    // Other pages are unaffected.
    let mut req = post_json(&comment(PAGE_EN, "a", "b"));
    req.headers_mut()
        .insert("x-forwarded-for", "10.0.0.9".parse().unwrap());
    assert_eq!(call(&state, req).await.status, StatusCode::ACCEPTED);

    // Any request: reads too.
    let site = comments_support::site("requests_per_client_per_minute = 5");
    let state = comments_support::state(site.path());
    let mut codes = Vec::new();
    for _ in 0..7 {
        codes.push(
            call(&state, get(&format!("/api/comments?page={PAGE}")))
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(codes, vec![200, 200, 200, 200, 200, 429, 429]);
}

#[tokio::test]
async fn only_a_keyed_hash_of_the_ip_is_stored() {
    let site = site("");
    let root = site.path();
    let state = state(root);
    let addr = serve(state.clone()).await;
    let (s, _, _) = tokio::task::spawn_blocking(move || {
        http(
            addr,
            "POST",
            "/api/comments",
            &[("Content-Type", "application/json")],
            comment(PAGE, "a", "b").as_bytes(),
        )
        .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(s, 202);
    drop(state);
    let conn = rusqlite::Connection::open(db(root)).unwrap();
    let hash: String = conn
        .query_row("SELECT ip_hash FROM comments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hash.len(), 64);
    // Nothing anywhere in the database file holds the address.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let bytes = std::fs::read(db(root)).unwrap();
    assert!(!bytes.windows(9).any(|w| w == b"127.0.0.1"));
    // The hash is keyed: a plain SHA-256 of the address is not it.
    use sha2::Digest;
    let plain = sala::comments::security::hex(&sha2::Sha256::digest(b"127.0.0.1"));
    assert_ne!(hash, plain);
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let config = sala::comments::CommentsConfig::default();
        if let Ok(s) = sala::comments::validate::parse_json(&bytes) {
            let _ = s.check(&config);
        }
        if let Ok((s, f)) = sala::comments::validate::parse_form(&bytes) {
            let _ = s.check(&config);
            let _ = sala::comments::validate::return_path(&f.return_to);
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = sala::comments::validate::return_path(&text);
        let _ = sala::comments::validate::clean_name(&text, 60);
    }

    #[test]
    fn return_path_never_leaves_the_site(s in "\\PC{0,40}") {
        if let Ok(p) = sala::comments::validate::return_path(&s) {
            prop_assert!(!p.starts_with('/') && !p.contains(':') && !p.contains('\\') && !p.contains("//"));
        }
    }
}

#[test]
fn router_never_answers_5xx_to_random_bodies() {
    let site = site("posts_per_client_per_hour = 100000\nrequests_per_client_per_minute = 100000\nposts_per_page_per_hour = 100000");
    let state = state(site.path());
    let rt = runtime();
    let json_like = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        (any::<String>(), any::<String>(), any::<bool>(), proptest::option::of(any::<i64>()), prop_oneof![Just(PAGE.to_string()), any::<String>()])
            .prop_map(|(name, body, consent, parent, page)| {
                serde_json::json!({"page": page, "name": name, "body": body, "consent": consent, "parent": parent}).to_string().into_bytes()
            }),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 300,
        ..ProptestConfig::default()
    });
    runner
        .run(&(json_like, any::<bool>()), |(body, as_form)| {
            let (uri, ct) = if as_form {
                ("/comments/form", "application/x-www-form-urlencoded")
            } else {
                ("/api/comments", "application/json")
            };
            let req = Request::post(uri)
                .header("content-type", ct)
                .body(Body::from(body.clone()))
                .unwrap();
            let r = rt.block_on(call(&state, req));
            prop_assert!(
                !r.status.is_server_error(),
                "{} for {:?}",
                r.status,
                String::from_utf8_lossy(&body)
            );
            // Whatever was stored is safe to show: no markup in names.
            Ok(())
        })
        .unwrap();
    for c in state.store.by_status(Status::Pending).unwrap() {
        assert!(!c.name.contains('<') && !c.name.contains('"'));
        assert!(!c.name.chars().any(char::is_control));
    }
}
