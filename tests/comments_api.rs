//! The comments companion end to end: posting, the queue, approval, listing, replies,
//! delete-by-token, the admin pages, the CLI, export, and a rebuild that bakes the
//! approved comments into the page.

mod comments_support;

use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use comments_support::*;
use sala::comments::store::Status;

fn sala(root: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sala"));
    c.arg("--root").arg(root).env_remove("SALA_COMMENTS_SECRET");
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_queue_approve_list_reply_delete_export_rebuild_over_loopback() {
    let site = site("");
    let root = site.path().to_path_buf();
    let state = state(&root);
    let addr = serve(state.clone()).await;
    let h = [("Content-Type", "application/json"), ("Origin", ORIGIN)];

    let r = tokio::task::spawn_blocking(move || {
        let post = |body: String| http(addr, "POST", "/api/comments", &h, body.as_bytes()).unwrap();
        // 1. A reader posts; the answer is 202 with a delete token.
        let (status, head, body) = post(comment(PAGE, "วิชัย", "แผนนี้ดีมาก <b>ขอบคุณ</b>\nบรรทัดสอง"));
        assert_eq!(status, 202, "{head}\n{body}");
        assert!(head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin: https://clinic.example.org"));
        let a: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(a["status"], "pending");
        let token = a["delete_token"].as_str().unwrap().to_string();
        assert_eq!(token.len(), 64);
        let id = a["id"].as_i64().unwrap();

        // 2. Pending comments are not listed.
        let (s, _, body) =
            http(addr, "GET", &format!("/api/comments?page={PAGE}"), &[], b"").unwrap();
        assert_eq!(s, 200);
        let l: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(l["comments"].as_array().unwrap().len(), 0);
        (id, token)
    })
    .await
    .unwrap();
    let (id, token) = r;

    // 3. The queue holds it; approving lists it.
    let pending = state.store.by_status(Status::Pending).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].name, "วิชัย");
    assert!(state.store.set_status(id, Status::Approved).unwrap());

    let (reply_id, rr_id, second, second_token) = tokio::task::spawn_blocking(move || {
        let post = |body: String| http(addr, "POST", "/api/comments", &h, body.as_bytes()).unwrap();
        let (s, _, body) =
            http(addr, "GET", &format!("/api/comments?page={PAGE}"), &[], b"").unwrap();
        assert_eq!(s, 200);
        let l: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(l["comments"][0]["id"], id);
        assert_eq!(l["comments"][0]["name"], "วิชัย");
        assert!(
            l["comments"][0].get("email").is_none(),
            "no e-mail in the public list"
        );

        // 4. A reply, and a reply to the reply (attached to the top-level comment).
        let mut reply =
            serde_json::from_str::<serde_json::Value>(&comment(PAGE, "ณัฐวุฒิ", "เห็นด้วยครับ")).unwrap();
        reply["parent"] = id.into();
        let (s, _, body) = post(reply.to_string());
        assert_eq!(s, 202, "{body}");
        let reply_id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
            .as_i64()
            .unwrap();

        // 5. A second top-level comment to delete by token.
        let (s, _, body) = post(comment(PAGE, "น้ำ", "ลบทีหลัง"));
        assert_eq!(s, 202);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        (
            reply_id,
            0,
            v["id"].as_i64().unwrap(),
            v["delete_token"].as_str().unwrap().to_string(),
        )
    })
    .await
    .unwrap();
    let _ = rr_id;
    assert!(state.store.set_status(reply_id, Status::Approved).unwrap());
    // A reply to the reply is attached to the top-level parent.
    let rr = {
        let mut reply = serde_json::from_str::<serde_json::Value>(&comment(
            PAGE,
            "Somchai",
            "reply to a reply",
        ))
        .unwrap();
        reply["parent"] = reply_id.into();
        let r = call(&state, post_json(&reply.to_string())).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
        r.json()["id"].as_i64().unwrap()
    };
    assert_eq!(state.store.get(rr).unwrap().unwrap().parent, Some(id));
    state.store.set_status(second, Status::Approved).unwrap();

    // 6. Delete by token: a wrong token is 404 and changes nothing; the right one is 204.
    let wrong = "0".repeat(64);
    let token2 = second_token.clone();
    tokio::task::spawn_blocking(move || {
        let del = |tok: &str| {
            let body = serde_json::json!({ "delete_token": tok }).to_string();
            http(
                addr,
                "DELETE",
                &format!("/api/comments/{second}"),
                &h,
                body.as_bytes(),
            )
            .unwrap()
            .0
        };
        assert_eq!(del(&wrong), 404);
        assert_eq!(del(&token), 404, "another comment's token");
        assert_eq!(del(&token2), 204);
        assert_eq!(del(&token2), 404, "already gone");
    })
    .await
    .unwrap();
    assert!(state.store.get(second).unwrap().is_none());

    // 7. Export: one file per page, sorted, stable; a second export changes nothing.
    let report = sala::comments::export::export(&state.store, &root).unwrap();
    assert_eq!(report.written.len(), 1);
    let file = root.join("content/comments/guides/local-plan-cycle.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let parsed: sala_core::content::baked_comments::CommentFile =
        serde_yaml::from_str(&text).unwrap();
    assert_eq!(parsed.page, PAGE);
    let ids: Vec<i64> = parsed.comments.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![id, reply_id]);
    assert_eq!(parsed.comments[1].parent, Some(id));
    let again = sala::comments::export::export(&state.store, &root).unwrap();
    assert!(again.written.is_empty() && again.unchanged == 1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);

    // 8. Rebuild: the approved comments are in the page, escaped, with a B.E. date.
    let out = root.join("public");
    let mut options = sala::build::BuildOptions::new(&root);
    options.out = out.clone();
    options.no_index = true;
    sala::build::build(&options).unwrap();
    let html = std::fs::read_to_string(out.join("guides/local-plan-cycle/index.html")).unwrap();
    assert!(html.contains(&format!("id=\"comment-{id}\"")));
    assert!(html.contains("<strong>วิชัย</strong>"));
    assert!(
        html.contains("แผนนี้ดีมาก &lt;b&gt;ขอบคุณ&lt;&#x2F;b&gt;")
            || html.contains("แผนนี้ดีมาก &lt;b&gt;ขอบคุณ&lt;/b&gt;"),
        "body escaped"
    );
    assert!(!html.contains("<b>ขอบคุณ</b>"));
    assert!(html.contains(&format!("id=\"comment-{reply_id}\"")));
    let year = time::OffsetDateTime::now_utc().year() + 543;
    assert!(html.contains(&year.to_string()), "Thai date in B.E.");
    assert!(
        html.contains("comments.js"),
        "the widget is referenced when an endpoint is set"
    );
    // The English page has its own (empty) thread.
    let en = std::fs::read_to_string(out.join("en/guides/local-plan-cycle/index.html")).unwrap();
    assert!(!en.contains("วิชัย"));

    // 9. Deleting the last approved comments removes the page's file on export.
    for c in state.store.all_approved().unwrap() {
        state.store.delete(c.id).unwrap();
    }
    let r = sala::comments::export::export(&state.store, &root).unwrap();
    assert_eq!(r.removed, vec![file.clone()]);
    assert!(!file.exists());
    assert!(
        !root.join("content/comments").exists(),
        "empty folders go too"
    );
}

#[tokio::test]
async fn no_widget_without_endpoint() {
    let site = site("");
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("endpoint = \"http://127.0.0.1:8787/\"", "endpoint = \"\"");
    std::fs::write(&toml, text).unwrap();
    let mut options = sala::build::BuildOptions::new(site.path());
    options.no_index = true;
    sala::build::build(&options).unwrap();
    let html = std::fs::read_to_string(
        site.path()
            .join("public/guides/local-plan-cycle/index.html"),
    )
    .unwrap();
    assert!(!html.contains("comments.js"));
    assert!(!html.contains("comment-form"));
    assert!(html.contains("id=\"comments\""));
}

#[tokio::test]
async fn thai_names_with_vowel_and_tone_marks_are_accepted() {
    let site = site("");
    let state = state(site.path());
    for name in ["วิชัย", "ณัฐวุฒิ", "น้ำ", "นางสาว ปิ่นอนงค์ ศรีสุข"]
    {
        let r = call(&state, post_json(&comment(PAGE, name, "สวัสดีครับ"))).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{name}: {}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        assert_eq!(state.store.get(id).unwrap().unwrap().name, name);
    }
    // Length is counted in grapheme clusters: 60 Thai clusters of 3 code points pass.
    let long_name = "กี่".repeat(60);
    let r = call(&state, post_json(&comment(PAGE, &long_name, "ok"))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let r = call(&state, post_json(&comment(PAGE, &"กี่".repeat(61), "ok"))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"], "name_too_long");
}

#[tokio::test]
async fn pages_outside_the_site_and_missing_consent_are_refused() {
    let site = site("");
    let state = state(site.path());
    for page in [
        "guides/nope/",
        "privacy/",
        "",
        "../../etc/passwd",
        "guides/local-plan-cycle/../x/",
    ] {
        let r = call(&state, post_json(&comment(page, "a", "b"))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{page}");
        assert_eq!(r.json()["error"], "unknown_page", "{page}");
    }
    // The English page is a page of its own.
    let r = call(&state, post_json(&comment(PAGE_EN, "Ann", "Nice"))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let no_consent =
        serde_json::json!({"page": PAGE, "name": "a", "body": "b", "consent": false}).to_string();
    let r = call(&state, post_json(&no_consent)).await;
    assert_eq!(r.json()["error"], "consent_required");
    let r = call(&state, get("/api/comments?page=guides/nope/")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(state.store.count().unwrap(), 1);
}

#[tokio::test]
async fn honeypot_looks_accepted_but_stores_nothing() {
    let site = site("");
    let state = state(site.path());
    let body = serde_json::json!({"page": PAGE, "name": "bot", "body": "buy", "consent": true, "website": "http://spam"}).to_string();
    let r = call(&state, post_json(&body)).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.json()["status"], "pending");
    assert_eq!(state.store.count().unwrap(), 0);
}

#[tokio::test]
async fn no_js_form_posts_and_redirects_back_to_the_page() {
    let site = site("");
    let state = state(site.path());
    let form = "page=guides%2Flocal-plan-cycle%2F&return=guides%2Flocal-plan-cycle%2F&lang=th&name=%E0%B8%99%E0%B9%89%E0%B8%B3&email=&body=%E0%B8%94%E0%B8%B5&consent=yes&parent=&website=";
    let r = call(
        &state,
        Request::post("/comments/form")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", ORIGIN)
            .body(Body::from(form))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.header("location"),
        "https://clinic.example.org/guides/local-plan-cycle/index.html#comment-pending"
    );
    let stored = state.store.by_status(Status::Pending).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].name, "น้ำ");
    assert_eq!(stored[0].lang, "th");
    // Without consent: an HTML error page in the reader's language, nothing stored.
    let r = call(
        &state,
        Request::post("/comments/form")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(
                "page=en%2Fguides%2Flocal-plan-cycle%2F&lang=en&name=A&body=B",
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Please tick the consent box"), "{}", r.body);
    assert!(r
        .body
        .contains("href=\"https://clinic.example.org/en/guides/local-plan-cycle/index.html\""));
    assert_eq!(state.store.count().unwrap(), 1);
}

#[tokio::test]
async fn admin_logs_in_and_approves_edits_rejects_deletes() {
    let site = site("");
    let state = state(site.path());
    add_admin(&state, "staff", "correct horse battery");
    let id = call(
        &state,
        post_json(&comment(PAGE, "วิชัย", "ข้อความ <i>เดิม</i>")),
    )
    .await
    .json()["id"]
        .as_i64()
        .unwrap();

    // Not logged in: the log-in form, in Thai by default and English on request.
    let r = call(&state, get("/admin")).await;
    assert!(r.body.contains("id=\"login-form\"") && r.body.contains("เข้าสู่ระบบ"));
    let r = call(&state, get("/admin?lang=en")).await;
    assert!(r.body.contains("Moderator log-in"));
    let cookie = r.header("set-cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));

    let (session, csrf) = login(&state, "staff", "correct+horse+battery").await;
    let q = call(
        &state,
        Request::get("/admin")
            .header("cookie", &session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(q.body.contains(&format!("id=\"approve-{id}\"")));
    assert!(
        q.body.contains("ข้อความ &lt;i&gt;เดิม&lt;/i&gt;"),
        "escaped in the queue"
    );
    let year = time::OffsetDateTime::now_utc().year() + 543;
    assert!(
        q.body.contains(&year.to_string()),
        "B.E. date on the Thai admin page"
    );

    // Edit, then approve.
    let r = call(&state, admin_post(&format!("/admin/comments/{id}/edit"), &session, &format!("csrf={csrf}&name=%E0%B8%A7%E0%B8%B4%E0%B8%8A%E0%B8%B1%E0%B8%A2&body=edited&status=pending"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(state.store.get(id).unwrap().unwrap().body, "edited");
    let r = call(
        &state,
        admin_post(
            &format!("/admin/comments/{id}/approve"),
            &session,
            &format!("csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        state.store.get(id).unwrap().unwrap().status,
        Status::Approved
    );
    let r = call(
        &state,
        admin_post(
            &format!("/admin/comments/{id}/reject"),
            &session,
            &format!("csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        state.store.get(id).unwrap().unwrap().status,
        Status::Rejected
    );
    let r = call(
        &state,
        admin_post(
            &format!("/admin/comments/{id}/delete"),
            &session,
            &format!("csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(state.store.get(id).unwrap().is_none());

    // Log out ends the session.
    let r = call(
        &state,
        admin_post("/admin/logout", &session, &format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let q = call(
        &state,
        Request::get("/admin")
            .header("cookie", &session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(q.body.contains("id=\"login-form\""));
}

#[tokio::test]
async fn secure_cookie_behind_tls() {
    let site = site("");
    let state = state(site.path());
    let r = call(
        &state,
        Request::get("/admin")
            .header("x-forwarded-proto", "https")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(r.header("set-cookie").contains("; Secure"));
    let r = call(&state, get("/admin")).await;
    assert!(!r.header("set-cookie").contains("Secure"));
    let site2 = comments_support::site("secure_cookies = true");
    let state2 = comments_support::state(site2.path());
    let r = call(&state2, get("/admin")).await;
    assert!(r.header("set-cookie").contains("; Secure"));
}

#[tokio::test]
async fn wrong_password_is_refused_and_login_is_rate_limited() {
    let site = site("logins_per_client_per_hour = 3");
    let state = state(site.path());
    add_admin(&state, "staff", "correct horse battery");
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let page = call(&state, get("/admin")).await;
        let cookie = page
            .header("set-cookie")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let csrf = between(&page.body, "name=\"csrf\" value=\"", "\"");
        let r = call(
            &state,
            admin_post(
                "/admin/login",
                &cookie,
                &format!("username=staff&password=wrong&csrf={csrf}"),
            ),
        )
        .await;
        assert!(r.header("set-cookie").find("sala_admin=").is_none());
        statuses.push(r.status.as_u16());
    }
    assert_eq!(statuses, vec![401, 401, 401, 429, 429]);
}

#[tokio::test]
async fn purge_applies_retention() {
    let site = site("");
    let state = state(site.path());
    let a = call(&state, post_json(&comment(PAGE, "a", "pending one")))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let b = call(&state, post_json(&comment(PAGE, "b", "approved one")))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    state.store.set_status(b, Status::Approved).unwrap();
    let now = sala::comments::store::now().1;
    // Nothing is old yet.
    assert_eq!(state.store.purge(now - 86_400, now).unwrap(), (0, 0));
    // As if the retention period had passed.
    assert_eq!(state.store.purge(now + 10, now).unwrap(), (1, 1));
    assert!(state.store.get(a).unwrap().is_none());
    let kept = state.store.get(b).unwrap().unwrap();
    assert!(!kept.has_ip_hash);
}

#[test]
fn cli_add_admin_pending_approve_export_personal_purge() {
    let site = site("");
    let root = site.path();
    // Put two comments in through the library (same DB file as the CLI's default).
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (id, ip_hash) = rt.block_on(async {
        let state = state(root);
        let mut c: serde_json::Value =
            serde_json::from_str(&comment(PAGE, "วิชัย", "ผ่านคำสั่ง")).unwrap();
        c["email"] = "wichai@example.org".into();
        let r = call(&state, post_json(&c.to_string())).await;
        (
            r.json()["id"].as_i64().unwrap(),
            state.secret.ip_hash("unknown"),
        )
    });

    let out = sala(root)
        .args(["comments", "pending", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["id"], id);
    let out = sala(root).args(["comments", "pending"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("วิชัย"));

    assert!(sala(root)
        .args(["comments", "approve", &id.to_string()])
        .status()
        .unwrap()
        .success());
    assert!(!sala(root)
        .args(["comments", "approve", "999"])
        .output()
        .unwrap()
        .status
        .success());
    let out = sala(root).args(["comments", "export"]).output().unwrap();
    assert!(out.status.success());
    assert!(root
        .join("content/comments/guides/local-plan-cycle.yaml")
        .exists());

    let out = sala(root)
        .args([
            "comments",
            "export-personal",
            "--email",
            "WICHAI@example.org",
        ])
        .output()
        .unwrap();
    let data: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(data["comments"][0]["name"], "วิชัย");
    assert_eq!(data["comments"][0]["status"], "approved");
    assert_eq!(data["comments"][0]["has_ip_hash"], true);
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(&ip_hash),
        "the hash itself is not handed out"
    );

    assert!(sala(root)
        .args(["comments", "reject", &id.to_string()])
        .status()
        .unwrap()
        .success());
    assert!(sala(root)
        .args(["comments", "purge", "--days", "0"])
        .status()
        .unwrap()
        .success());

    // add-admin: from the environment, and from stdin.
    let out = sala(root)
        .args(["comments", "add-admin", "--username", "staff"])
        .env("SALA_ADMIN_PASSWORD", "a long enough password")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = sala(root)
        .args(["comments", "add-admin", "--username", "other", "--db"])
        .arg(db(root))
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"another long password\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    let out = sala(root)
        .args(["comments", "add-admin"])
        .env("SALA_ADMIN_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!out.status.success());
    // The secret was generated next to the database, readable by its owner only.
    let secret = sala::comments::security::secret_file(&db(root));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[tokio::test]
async fn moderators_get_an_email_and_a_dead_smtp_server_blocks_nothing() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    // A fake SMTP server on loopback that records the DATA part.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::oneshot::channel::<String>();
    tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        let (r, mut w) = sock.into_split();
        let mut r = BufReader::new(r);
        w.write_all(b"220 test ESMTP\r\n").await.unwrap();
        let mut data = String::new();
        let mut in_data = false;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).await.unwrap() == 0 {
                break;
            }
            if in_data {
                if line == ".\r\n" {
                    in_data = false;
                    w.write_all(b"250 queued\r\n").await.unwrap();
                } else {
                    data.push_str(&line);
                }
                continue;
            }
            let reply: &[u8] = if line.starts_with("DATA") {
                in_data = true;
                b"354 go\r\n"
            } else if line.starts_with("QUIT") {
                w.write_all(b"221 bye\r\n").await.unwrap();
                break;
            } else {
                b"250 ok\r\n"
            };
            w.write_all(reply).await.unwrap();
        }
        let _ = tx.send(data);
    });
    let site = site(&format!(
        "[comments.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nfrom = \"sala@example.org\"\nto = [\"mod@example.org\"]\nadmin_url = \"https://comments.example.org/admin\""
    ));
    let state = state(site.path());
    let r = call(
        &state,
        post_json(&comment(PAGE, "วิชัย", "บรรทัดแรก\n.\nบรรทัดจุด")),
    )
    .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let data = tokio::time::timeout(std::time::Duration::from_secs(10), rx)
        .await
        .unwrap()
        .unwrap();
    assert!(data.contains("Subject: =?UTF-8?B?"));
    assert!(data.contains("วิชัย"));
    assert!(data.contains("\r\n..\r\n"), "dot-stuffed: {data}");
    assert!(data.contains("https://comments.example.org/admin"));

    // A server that is not there: the post still succeeds at once.
    let site = comments_support::site("[comments.smtp]\nhost = \"127.0.0.1\"\nport = 1\nfrom = \"a@example.org\"\nto = [\"b@example.org\"]");
    let state = comments_support::state(site.path());
    let started = std::time::Instant::now();
    let r = call(&state, post_json(&comment(PAGE, "a", "b"))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}
