//! A small HTTP/1.1 server for previews on 127.0.0.1: static files from the output
//! folder, a live-reload script injected into HTML, server-sent events, and an error
//! overlay in place of a stale page while the build is broken.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::markdown::escape_html;

/// What the server shows: the output folder, and the current build errors if any.
#[derive(Default)]
pub struct Shared {
    /// Rendered overlay HTML while the last build failed.
    pub errors: Mutex<Option<String>>,
    /// Open event streams of the browser tabs.
    pub listeners: Mutex<Vec<TcpStream>>,
}

impl Shared {
    /// Tells every open tab to reload.
    pub fn broadcast_reload(&self) {
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        listeners.retain_mut(|s| {
            s.write_all(b"data: reload\n\n")
                .and_then(|_| s.flush())
                .is_ok()
        });
    }

    pub fn set_errors(&self, overlay: Option<String>) {
        *self.errors.lock().unwrap_or_else(|e| e.into_inner()) = overlay;
    }
}

const LIVE_JS: &str = r#"(function () {
  if (!window.EventSource) return;
  var es = new EventSource("/__sala/events");
  es.onmessage = function () { location.reload(); };
})();
"#;

pub fn serve_forever(listener: TcpListener, out: PathBuf, shared: Arc<Shared>) {
    for stream in listener.incoming().flatten() {
        let out = out.clone();
        let shared = shared.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &out, &shared);
        });
    }
}

fn handle(mut stream: TcpStream, out: &Path, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/__sala/events" => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n: connected\n\n")?;
            stream.flush()?;
            stream.set_read_timeout(None)?;
            shared
                .listeners
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(stream);
            Ok(())
        }
        "/__sala/live.js" => respond(
            &mut stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes(),
        ),
        _ => serve_file(&mut stream, out, path, shared, method == "HEAD"),
    }
}

fn serve_file(
    stream: &mut TcpStream,
    out: &Path,
    url_path: &str,
    shared: &Shared,
    head: bool,
) -> std::io::Result<()> {
    let Some(mut file) = safe_join(out, &percent_decode(url_path)) else {
        return respond(stream, "400 Bad Request", "text/plain", b"bad path");
    };
    if file.is_dir() {
        file = file.join("index.html");
    }
    let errors = shared
        .errors
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let is_html =
        file.extension().is_some_and(|e| e == "html") || !file.exists() && errors.is_some();
    let body = match std::fs::read(&file) {
        Ok(b) => b,
        Err(_) if errors.is_none() => {
            let not_found =
                std::fs::read(out.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            return respond(
                stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &inject(&not_found, None),
            );
        }
        Err(_) => Vec::new(),
    };
    if is_html {
        let html = inject(&body, errors.as_deref());
        return respond(
            stream,
            "200 OK",
            "text/html; charset=utf-8",
            if head { b"" } else { &html },
        );
    }
    respond(
        stream,
        "200 OK",
        mime(&file),
        if head { b"" } else { &body },
    )
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
    problems: &crate::diagnostics::Diagnostics,
    lang: crate::diagnostics::MessageLang,
) -> String {
    let title = match lang {
        crate::diagnostics::MessageLang::Th => "สร้างเว็บไซต์ไม่สำเร็จ แก้ไขแล้วบันทึกไฟล์ หน้านี้จะโหลดใหม่เอง",
        crate::diagnostics::MessageLang::En => {
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

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
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

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn mime(path: &Path) -> &'static str {
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
