//! The preview server on 127.0.0.1, on axum like the comments companion: files from
//! the output folder with the live-reload script added to HTML, server-sent events that
//! reload open tabs, and an error overlay in place of a stale page while the build is
//! broken. Every response says `no-store`, so a browser never shows a stale page.

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use percent_encoding::percent_decode_str;
use tokio::sync::broadcast;

use sala_core::markdown::escape_html;

/// Reloads a tab may fall behind by; one that falls further still reloads once.
const RELOAD_BACKLOG: usize = 16;

/// Threads for the preview: one author, a few tabs.
const SERVER_THREADS: usize = 2;

/// What the server shows besides the files: the current build errors, if any, and the
/// reload signal for open tabs.
pub struct Shared {
    /// Rendered overlay HTML while the last build failed.
    errors: Mutex<Option<String>>,
    reload: broadcast::Sender<()>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            errors: Mutex::new(None),
            reload: broadcast::channel(RELOAD_BACKLOG).0,
        }
    }
}

impl Shared {
    /// Tells every open tab to reload.
    pub fn broadcast_reload(&self) {
        // No tab listening is no error.
        let _ = self.reload.send(());
    }

    pub fn set_errors(&self, overlay: Option<String>) {
        *self.errors.lock().unwrap_or_else(|e| e.into_inner()) = overlay;
    }

    fn errors(&self) -> Option<String> {
        self.errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

const LIVE_JS: &str = r#"(function () {
  if (!window.EventSource) return;
  var es = new EventSource("/__sala/events");
  es.onmessage = function () { location.reload(); };
})();
"#;

struct App {
    out: PathBuf,
    shared: Arc<Shared>,
}

/// Serves `out` on `listener` until the process ends.
pub fn serve_forever(listener: std::net::TcpListener, out: PathBuf, shared: Arc<Shared>) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(SERVER_THREADS)
        .enable_all()
        .build();
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => {
            eprintln!("sala serve: {e}");
            return;
        }
    };
    let app = Router::new()
        .route("/__sala/events", get(events))
        .route("/__sala/live.js", get(live_js))
        .fallback(file)
        .with_state(Arc::new(App { out, shared }));
    runtime.block_on(async move {
        let listener = listener
            .set_nonblocking(true)
            .and_then(|_| tokio::net::TcpListener::from_std(listener));
        let result = match listener {
            Ok(listener) => axum::serve(listener, app).await,
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            eprintln!("sala serve: {e}");
        }
    });
}

/// The event stream of one tab: a comment at once (so the browser knows it is open),
/// then `reload` after every rebuild.
async fn events(State(app): State<Arc<App>>) -> Response {
    let first = Some(Event::default().comment("connected"));
    let rx = app.shared.reload.subscribe();
    let stream = futures_util::stream::unfold((first, rx), |(first, mut rx)| async move {
        if let Some(event) = first {
            return Some((Ok::<_, Infallible>(event), (None, rx)));
        }
        match rx.recv().await {
            Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {
                Some((Ok(Event::default().data("reload")), (None, rx)))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    (
        [(header::CACHE_CONTROL, "no-store")],
        Sse::new(stream).keep_alive(KeepAlive::default()),
    )
        .into_response()
}

async fn live_js() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        LIVE_JS.as_bytes().to_vec(),
    )
}

async fn file(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            b"method not allowed".to_vec(),
        );
    }
    let url_path = percent_decode_str(uri.path()).decode_utf8_lossy();
    let Some(mut file) = safe_join(&app.out, &url_path) else {
        return respond(StatusCode::BAD_REQUEST, "text/plain", b"bad path".to_vec());
    };
    if file.is_dir() {
        file = file.join("index.html");
    }
    let errors = app.shared.errors();
    let is_html =
        file.extension().is_some_and(|e| e == "html") || !file.exists() && errors.is_some();
    let body = match std::fs::read(&file) {
        Ok(b) => b,
        Err(_) if errors.is_none() => {
            let not_found =
                std::fs::read(app.out.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            return respond(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                inject(&not_found, None),
            );
        }
        Err(_) => Vec::new(),
    };
    if is_html {
        let html = inject(&body, errors.as_deref());
        return respond(StatusCode::OK, "text/html; charset=utf-8", html);
    }
    respond(StatusCode::OK, mime(&file), body)
}

/// Adds the live-reload script and, while the build is broken, the error overlay.
fn inject(html: &[u8], errors: Option<&str>) -> Vec<u8> {
    let mut extra = String::from("<script src=\"/__sala/live.js\"></script>");
    if let Some(e) = errors {
        extra.push_str(e);
    }
    let text = String::from_utf8_lossy(html);
    let out = match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]),
        None if text.is_empty() => format!("<!doctype html><html><head><meta charset=\"utf-8\"><title>sala</title></head><body>{extra}</body></html>"),
        None => format!("{text}{extra}"),
    };
    out.into_bytes()
}

/// The overlay that replaces the page while the build has errors.
pub fn overlay(
    problems: &sala_core::diagnostics::Diagnostics,
    lang: sala_core::diagnostics::MessageLang,
) -> String {
    let title = match lang {
        sala_core::diagnostics::MessageLang::Th => {
            "สร้างเว็บไซต์ไม่สำเร็จ แก้ไขแล้วบันทึกไฟล์ หน้านี้จะโหลดใหม่เอง"
        }
        sala_core::diagnostics::MessageLang::En => {
            "The build failed. Fix the file and save; this page reloads by itself."
        }
    };
    let mut items = String::new();
    for d in &problems.0 {
        items.push_str(&format!(
            "<li><code>{}</code><br>{}{}</li>",
            escape_html(&d.location()),
            escape_html(d.message.get(lang)),
            d.hint
                .as_ref()
                .map(|h| format!("<br><em>{}</em>", escape_html(h.get(lang))))
                .unwrap_or_default()
        ));
    }
    format!(
        "<div id=\"sala-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:99999;overflow:auto;background:#fff;color:#1d1d1f;padding:1.5rem;font:16px/1.6 sans-serif;border-top:6px solid #b3261e\"><h2 style=\"margin-top:0;color:#b3261e\">{}</h2><ol>{items}</ol></div>",
        escape_html(title)
    )
}

fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from(body),
    )
        .into_response()
}

/// Joins a URL path under `root`, refusing anything that climbs out of it.
fn safe_join(root: &Path, url_path: &str) -> Option<PathBuf> {
    let mut out = root.to_path_buf();
    for c in Path::new(url_path.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_climb_out_of_the_output() {
        let root = Path::new("/out");
        assert_eq!(
            safe_join(root, "/a/./b.html"),
            Some(PathBuf::from("/out/a/b.html"))
        );
        assert_eq!(safe_join(root, "/../site.toml"), None);
        assert_eq!(safe_join(root, "/a/../../x"), None);
    }
}
