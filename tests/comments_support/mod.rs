//! Helpers shared by the comments tests: a fixture site in a tempdir, the router, a raw
//! HTTP/1.1 client for loopback servers.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use sala::comments::http::{app, AppState};
use tower::ServiceExt;

pub const ORIGIN: &str = "https://clinic.example.org";
pub const PAGE: &str = "guides/local-plan-cycle/";
pub const PAGE_EN: &str = "en/guides/local-plan-cycle/";

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A copy of `tests/fixtures/comments-site` with the repository's theme, in a tempdir.
/// `extra` is appended to its `[comments]` section (the last section of site.toml).
pub fn site(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("tests/fixtures/comments-site"), dir.path());
    copy_dir(&repo.join("themes"), &dir.path().join("themes"));
    if !extra.is_empty() {
        let toml = dir.path().join("site.toml");
        let mut text = std::fs::read_to_string(&toml).unwrap();
        text.push_str(extra);
        text.push('\n');
        std::fs::write(toml, text).unwrap();
    }
    dir
}

pub fn db(root: &Path) -> PathBuf {
    root.join("comments.sqlite")
}

pub fn state(root: &Path) -> AppState {
    AppState::for_site(root, Some(&db(root))).unwrap().0
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// One request through the router, no socket.
pub async fn call(state: &AppState, req: Request<Body>) -> Resp {
    let resp = app(state.clone()).oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 10 << 20)
        .await
        .unwrap();
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn post_json(body: &str) -> Request<Body> {
    Request::post("/api/comments")
        .header("content-type", "application/json")
        .header("origin", ORIGIN)
        .body(Body::from(body.to_string()))
        .unwrap()
}

pub fn comment(page: &str, name: &str, body: &str) -> String {
    serde_json::json!({"page": page, "name": name, "body": body, "consent": true}).to_string()
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

/// A raw HTTP/1.1 exchange over loopback (`Connection: close`).
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<(u16, String, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes())?;
    s.write_all(body)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Ok((status, head.to_string(), rest.to_string()))
}

/// The router on a real loopback socket; returns its address.
pub async fn serve(state: AppState) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let svc = app(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, svc).await.unwrap();
    });
    addr
}

/// Logs in as `user`/`pass` through the real admin form; returns the session cookie
/// (`name=value`) and the CSRF token of the queue page.
pub async fn login(state: &AppState, user: &str, pass: &str) -> (String, String) {
    let page = call(state, get("/admin")).await;
    let login_cookie = page
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let csrf = between(&page.body, "name=\"csrf\" value=\"", "\"");
    let form = format!("username={user}&password={pass}&csrf={csrf}");
    let resp = call(
        state,
        Request::post("/admin/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &login_cookie)
            .body(Body::from(form))
            .unwrap(),
    )
    .await;
    assert_eq!(
        resp.status,
        StatusCode::SEE_OTHER,
        "login failed: {}",
        resp.body
    );
    let session = resp
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("sala_admin="))
        .unwrap();
    let cookie = session.split(';').next().unwrap().to_string();
    let queue = call(
        state,
        Request::get("/admin")
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let csrf = between(&queue.body, "name=\"csrf\" value=\"", "\"");
    (cookie, csrf)
}

pub fn between(s: &str, start: &str, end: &str) -> String {
    let i = s
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in {s}"))
        + start.len();
    let j = s[i..].find(end).unwrap() + i;
    s[i..j].to_string()
}

pub fn add_admin(state: &AppState, user: &str, pass: &str) {
    let hash = sala::comments::security::hash_password(pass).unwrap();
    state
        .store
        .set_admin(user, &hash, "2026-01-01T00:00:00Z")
        .unwrap();
}

pub fn admin_post(path: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .body(Body::from(form.to_string()))
        .unwrap()
}
