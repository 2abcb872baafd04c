//! The companion's HTTP side: shared state, the error type, the router (`app`), the
//! middleware that rate-limits every client and adds CORS and security headers, and
//! `serve`.

pub mod admin;
pub mod api;
pub mod form;
pub mod html;
pub mod server;

pub use server::{run, serve};

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;

use super::config::CommentsConfig;
use super::login::{Backoff, LoginGate};
use super::pages::Pages;
use super::security::{OriginCheck, OriginPolicy, RateLimiter, Secret};
use super::store::Store;
use super::validate::Invalid;
use crate::render::I18n;

/// Everything a handler may use. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: CommentsConfig,
    pub store: Arc<Store>,
    pub pages: Pages,
    pub secret: Secret,
    pub origins: OriginPolicy,
    /// Where the built site is served, ending in `/` (the no-JS form redirects there).
    pub site_url: String,
    pub languages: Vec<String>,
    pub i18n: I18n,
    pub limits: Limits,
    /// The last id shown to a post that filled in the honeypot.
    pub honeypot_last_id: std::sync::Mutex<i64>,
}

/// The rate limiters, one per kind of action.
pub struct Limits {
    pub requests: RateLimiter,
    pub posts_client: RateLimiter,
    pub posts_page: RateLimiter,
    /// Log-in attempts per client address, failed or not.
    pub logins_client: RateLimiter,
    /// Failed log-ins per (client, user name): backoff after a few. Keyed by the pair,
    /// so failures from elsewhere never lock a moderator out.
    pub login_failures_pair: Backoff,
    /// Failed log-ins per client, whatever the user name: backoff after more.
    pub login_failures_client: Backoff,
    /// The few argon2 checks that may run at once, and the short queue before them.
    pub login_gate: LoginGate,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(
        config: CommentsConfig,
        store: Arc<Store>,
        pages: Pages,
        secret: Secret,
        site_url: &str,
        languages: Vec<String>,
        i18n: I18n,
    ) -> AppState {
        let site_url = if site_url.is_empty() || site_url.ends_with('/') {
            site_url.to_string()
        } else {
            format!("{site_url}/")
        };
        let mut origins: Vec<String> = config.allowed_origins.clone();
        origins.push(site_url.clone());
        let origins = OriginPolicy::new(origins, config.allow_null_origin);
        let hour = Duration::from_secs(3600);
        let limits = Limits {
            requests: RateLimiter::new(
                config.requests_per_client_per_minute,
                Duration::from_secs(60),
            ),
            posts_client: RateLimiter::new(config.posts_per_client_per_hour, hour),
            posts_page: RateLimiter::new(config.posts_per_page_per_hour, hour),
            logins_client: RateLimiter::new(config.logins_per_client_per_hour, hour),
            // A moderator who mistypes three times waits 30 s, then 1 min, 2 min …
            login_failures_pair: Backoff::new(3, Duration::from_secs(30), Duration::from_secs(900)),
            login_failures_client: Backoff::new(
                10,
                Duration::from_secs(30),
                Duration::from_secs(3600),
            ),
            login_gate: LoginGate::new(
                config.login_checks_at_once,
                config.login_queue,
                Duration::from_secs(10),
            ),
        };
        AppState(Arc::new(Inner {
            config,
            store,
            pages,
            secret,
            origins,
            site_url,
            languages,
            i18n,
            limits,
            honeypot_last_id: std::sync::Mutex::new(0),
        }))
    }

    /// Loads the site at `root` (pages, UI strings, `[comments]`), opens the database and
    /// the secret. `db` overrides the configured database path.
    pub fn for_site(root: &Path, db: Option<&Path>) -> anyhow::Result<(AppState, String)> {
        let (pages, site) = Pages::load(root)?;
        let config = site.config.comments.clone();
        if !config.public_url.is_empty()
            && super::security::normalize_origin(&config.public_url).is_none()
        {
            anyhow::bail!(
                "[comments] public_url = {:?} in site.toml is not an http(s) address; write it like \"https://comments.example.org\".\n\
                 [comments] public_url ใน site.toml ไม่ใช่ที่อยู่ http(s) โปรดเขียนแบบ \"https://comments.example.org\"",
                config.public_url
            );
        }
        let db_path = config.db_path(root, db);
        let store = Arc::new(Store::open_for_server(&db_path)?);
        let (secret, secret_from) = Secret::load(&db_path)?;
        let theme = crate::render::theme_files::ThemeFiles::load(root, &site.config.theme)
            .map_err(|d| {
                anyhow::anyhow!(
                    "{}",
                    sala_core::diagnostics::Diagnostics(vec![d])
                        .display(sala_core::diagnostics::MessageLang::En)
                )
            })?;
        let i18n = I18n::load(&theme, &site.config.languages).map_err(|ds| {
            anyhow::anyhow!(
                "the theme's UI strings do not load: {}",
                sala_core::diagnostics::Diagnostics(ds)
                    .display(sala_core::diagnostics::MessageLang::En)
            )
        })?;
        let site_url = if config.site_url.is_empty() {
            site.config.base_url.clone().unwrap_or_default()
        } else {
            config.site_url.clone()
        };
        let state = AppState::new(
            config,
            store,
            pages,
            secret,
            &site_url,
            site.config.languages.clone(),
            i18n,
        );
        Ok((state, secret_from))
    }

    /// A UI string from the theme (`themes/NAME/i18n/LANG.yaml`).
    pub fn t(&self, lang: &str, key: &str) -> &str {
        self.i18n.get(lang, key)
    }

    /// The language a request's messages are in: `requested` (a form's or the
    /// widget's `lang`, or `?lang=`) when the site publishes it, else the first of the
    /// request's Accept-Language (by weight) that it publishes, else Thai, the language
    /// of the people the companion serves (else the site's default).
    pub fn request_lang(&self, requested: &str, headers: &HeaderMap) -> String {
        if self.languages.iter().any(|l| l == requested) {
            return requested.to_string();
        }
        if let Some(l) = accepted_language(headers, &self.languages) {
            return l;
        }
        self.ui_lang("th")
    }

    /// The UI language for `requested` (`th`/`en`), else the site's default.
    pub fn ui_lang(&self, requested: &str) -> String {
        if self.languages.iter().any(|l| l == requested) {
            requested.to_string()
        } else {
            self.languages
                .first()
                .cloned()
                .unwrap_or_else(|| "th".into())
        }
    }
}

/// The first language of `Accept-Language` (highest weight, then first written) that is
/// one of `languages`, by its primary tag (`en-GB` is `en`).
fn accepted_language(headers: &HeaderMap, languages: &[String]) -> Option<String> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut best: Option<(f32, String)> = None;
    for part in value.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or("");
        let weight = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if weight > 0.0
            && languages.iter().any(|l| l == primary)
            && best.as_ref().is_none_or(|(w, _)| weight > *w)
        {
            best = Some((weight, primary.to_string()));
        }
    }
    best.map(|(_, l)| l)
}

/// A JSON refusal, marked on its response so that the `localize` middleware can add its
/// message in the request's language.
#[derive(Clone, Copy, Debug)]
pub struct JsonError {
    pub code: &'static str,
    pub key: &'static str,
}

/// The language a handler read from the request's body (the widget's `lang`), for
/// `localize`.
#[derive(Clone, Debug)]
pub struct AskedLang(pub String);

/// Who is asking: only ever the keyed hash of the address.
#[derive(Clone, Debug)]
pub struct Client {
    pub ip_hash: String,
}

/// Errors a handler may answer with. The cause of `Internal` is logged, never sent.
#[derive(Debug)]
pub enum AppError {
    Invalid(Invalid),
    NotFound,
    Forbidden(&'static str),
    UnsupportedMediaType,
    TooLarge,
    RateLimited(u64),
    /// Too many log-ins are being checked: 503 with `Retry-After`.
    Busy(u64),
    /// The body did not arrive within `body_timeout_secs`: 408, and the connection closes.
    Timeout,
    /// `max_pending` comments are waiting for moderation: 503, try again in 10 minutes.
    QueueFull,
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

impl From<Invalid> for AppError {
    fn from(e: Invalid) -> Self {
        AppError::Invalid(e)
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Invalid(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Timeout => StatusCode::REQUEST_TIMEOUT,
            AppError::QueueFull => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid(i) => i.code(),
            AppError::NotFound => "not_found",
            AppError::Forbidden(c) => c,
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::TooLarge => "too_large",
            AppError::RateLimited(_) => "rate_limited",
            AppError::Busy(_) => "busy",
            AppError::Timeout => "timeout",
            AppError::QueueFull => "queue_full",
            AppError::Internal(_) => "internal",
        }
    }

    /// Logs internal causes; call before answering.
    pub fn log(&self) {
        if let AppError::Internal(e) = self {
            eprintln!("sala comments: internal error: {e:#}");
        }
    }

    fn retry_after(&self, resp: &mut Response) {
        if let AppError::RateLimited(s) | AppError::Busy(s) = self {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        if let AppError::QueueFull = self {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("600"));
        }
        if let AppError::Timeout = self {
            // The rest of a late body may still come; do not read it as a new request.
            resp.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
    }

    /// The theme's UI string (`comments_err_*`) that tells a reader or a moderator
    /// this error, in the JSON answer's `message` and on the HTML error page alike.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::Invalid(i) => form::message_key(*i),
            AppError::RateLimited(_) => "comments_err_rate",
            AppError::Busy(_) => "comments_err_busy",
            AppError::Timeout => "comments_err_timeout",
            AppError::QueueFull => "comments_err_queue_full",
            AppError::Forbidden("csrf") => "comments_err_csrf",
            AppError::Forbidden("login_required") => "comments_err_login_required",
            AppError::Forbidden(_) => "comments_err_forbidden",
            AppError::TooLarge => "comments_err_too_long",
            AppError::NotFound => "comments_err_not_found",
            AppError::UnsupportedMediaType | AppError::Internal(_) => "comments_err_generic",
        }
    }

    /// One error of every kind the companion answers with (every refusal of a
    /// submission among them), for the test that each is told in Thai and English.
    pub fn every_kind() -> Vec<AppError> {
        let mut all: Vec<AppError> = Invalid::ALL.iter().map(|i| AppError::Invalid(*i)).collect();
        all.extend([
            AppError::NotFound,
            AppError::Forbidden("forbidden_origin"),
            AppError::Forbidden("csrf"),
            AppError::Forbidden("login_required"),
            AppError::UnsupportedMediaType,
            AppError::TooLarge,
            AppError::RateLimited(1),
            AppError::Busy(1),
            AppError::Timeout,
            AppError::QueueFull,
            AppError::Internal(anyhow::anyhow!("example")),
        ]);
        all
    }

    /// The same error as a small HTML page (the no-JS form and the admin page).
    pub fn into_html(self, state: &AppState, lang: &str, back: Option<&str>) -> Response {
        self.log();
        let mut ctx = tera::Context::new();
        ctx.insert("message", state.t(lang, self.message_key()));
        ctx.insert("back", &back);
        ctx.insert("t", &html::strings(state, lang, &["comments_back"]));
        let title = state.t(lang, "comments_err_title");
        let mut resp = html::page("error.html", lang, title, None, ctx);
        *resp.status_mut() = self.status();
        self.retry_after(&mut resp);
        resp
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let body = serde_json::json!({ "error": self.code() }).to_string();
        let mut resp = (
            self.status(),
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        self.retry_after(&mut resp);
        resp.extensions_mut().insert(JsonError {
            code: self.code(),
            key: self.message_key(),
        });
        resp
    }
}

/// The router: the JSON API, the no-JS form and the admin pages.
pub fn app(state: AppState) -> Router {
    let limit = state.config.max_request_bytes;
    Router::new()
        .merge(api::router())
        .merge(form::router())
        .merge(admin::router())
        .route("/healthz", axum::routing::get(healthz))
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            read_body,
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            localize,
        ))
        .with_state(state)
}

/// `ok`, or 503 `database_unwritable` when a test write does not commit within 2 s (disk
/// full, read-only remount, a lock held elsewhere, damage). The cause is logged.
async fn healthz(State(state): State<AppState>) -> Response {
    let store = state.store.clone();
    match blocking(move || store.health()).await {
        Ok(()) => "ok".into_response(),
        Err(e) => {
            e.log();
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"error":"database_unwritable"}"#,
            )
                .into_response()
        }
    }
}

/// Whether a path is answered with HTML pages (the no-JS form, the admin pages) rather
/// than JSON.
pub fn html_client(path: &str) -> bool {
    path == "/comments/form" || path == "/admin" || path.starts_with("/admin/")
}

/// Adds to every JSON refusal, wherever it was made (the rate limit, the size limit,
/// a handler), a `message` a person can read and its `lang`: the widget's `lang`, else
/// `?lang=`, else Accept-Language, else Thai. The `error` code stays for programs.
async fn localize(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let asked = query_lang_param(req.uri());
    let headers = req.headers().clone();
    let mut resp = next.run(req).await;
    let Some(err) = resp.extensions().get::<JsonError>().copied() else {
        return resp;
    };
    let asked = resp
        .extensions()
        .get::<AskedLang>()
        .map(|a| a.0.clone())
        .unwrap_or(asked);
    let lang = state.request_lang(&asked, &headers);
    let body = serde_json::json!({
        "error": err.code,
        "message": state.t(&lang, err.key),
        "lang": lang,
    });
    let h = resp.headers_mut();
    h.remove(header::CONTENT_LENGTH);
    if let Ok(v) = HeaderValue::from_str(&lang) {
        h.insert(header::CONTENT_LANGUAGE, v);
    }
    *resp.body_mut() = axum::body::Body::from(body.to_string());
    resp
}

/// The `lang` of a request's query string, as written.
fn query_lang_param(uri: &axum::http::Uri) -> String {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Lang {
        lang: String,
    }
    serde_urlencoded::from_str::<Lang>(uri.query().unwrap_or(""))
        .unwrap_or_default()
        .lang
}

/// The UI language of an HTML answer: `?lang=`, else Accept-Language, else Thai.
fn query_lang(state: &AppState, uri: &axum::http::Uri, headers: &HeaderMap) -> String {
    state.request_lang(&query_lang_param(uri), headers)
}

/// Reads the whole body (at most `max_request_bytes`) within `body_timeout_secs`, so a
/// client that sends its body slowly, or never, cannot hold a handler. Handlers then see
/// the body already in memory.
async fn read_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use axum::body::HttpBody;
    use http_body_util::BodyExt;
    let (parts, body) = req.into_parts();
    if body.size_hint().exact() == Some(0) {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let wait = Duration::from_secs(state.config.body_timeout_secs.max(1));
    let read = http_body_util::Limited::new(body, state.config.max_request_bytes).collect();
    let err = match tokio::time::timeout(wait, read).await {
        Ok(Ok(collected)) => {
            let body = axum::body::Body::from(collected.to_bytes());
            return next.run(Request::from_parts(parts, body)).await;
        }
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => AppError::TooLarge,
        Ok(Err(_)) => AppError::Invalid(Invalid::BadJson),
        Err(_) => AppError::Timeout,
    };
    if html_client(parts.uri.path()) {
        err.into_html(
            &state,
            &query_lang(&state, &parts.uri, &parts.headers),
            None,
        )
    } else {
        err.into_response()
    }
}

/// The client's address: the socket peer, or (with `trust_proxy = N`) the address the
/// N-th trusted proxy saw.
fn client_ip(state: &AppState, req: &Request) -> String {
    let hops = state.config.trust_proxy as usize;
    if hops > 0 {
        let lines = req.headers().get_all("x-forwarded-for");
        if let Some(ip) = forwarded_client(lines.iter().map(|v| v.as_bytes()), hops) {
            return ip;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The client in `X-Forwarded-For`, given `hops` trusted proxies: every header line
/// joined in order, then the `hops`-th entry from the right. Each trusted proxy appended
/// one entry (the address it saw), so everything further left, including any line the
/// client sent itself, is the client's own word and is ignored. With fewer entries than
/// hops, the leftmost (still written by a trusted proxy). `None` without any entry.
pub fn forwarded_client<'a>(lines: impl Iterator<Item = &'a [u8]>, hops: usize) -> Option<String> {
    let joined: Vec<String> = lines
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect();
    let entries: Vec<&str> = joined
        .iter()
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let entry = entries
        .get(entries.len().saturating_sub(hops.max(1)))
        .copied()?;
    // `1.2.3.4:5678` and `[2001:db8::1]:80` carry a port; keep the address only.
    let ip = entry
        .parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| entry.chars().take(100).collect());
    Some(ip)
}

/// Runs around every request: the per-client request limit, CORS for the API, and the
/// security headers.
async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let client = Client {
        ip_hash: state.secret.ip_hash(&client_ip(&state, &req)),
    };
    let is_api = req.uri().path().starts_with("/api/");
    let is_read = req.method() == Method::GET;
    let origin = state.origins.check(
        req.headers().get(header::ORIGIN).map(|v| v.as_bytes()),
        None,
    );
    let mut resp = if let Err(retry) = state.limits.requests.check(&client.ip_hash) {
        let err = AppError::RateLimited(retry);
        if html_client(req.uri().path()) {
            // People on the no-JS form and the admin pages get a page they can read.
            err.into_html(&state, &query_lang(&state, req.uri(), req.headers()), None)
        } else {
            err.into_response()
        }
    } else if is_api && req.method() == Method::OPTIONS {
        preflight(&origin)
    } else {
        req.extensions_mut().insert(client);
        next.run(req).await
    };
    let h = resp.headers_mut();
    if is_api {
        match &origin {
            OriginCheck::Allowed(o) => {
                if let Ok(v) = HeaderValue::from_str(o) {
                    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
                }
            }
            // Approved comments are public and read without credentials, so any page
            // (a copy opened from file://, a mirror) may show the newest ones.
            _ if is_read => {
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                );
            }
            _ => {}
        }
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // `same-origin`, not `no-referrer`: under no-referrer Chromium sends `Origin: null`
    // on the admin page's own form posts, which the origin check must refuse. Other
    // sites still get no referrer.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

fn preflight(origin: &OriginCheck) -> Response {
    match origin {
        OriginCheck::Allowed(_) => (
            StatusCode::NO_CONTENT,
            [
                (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE"),
                (header::ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type"),
                (header::ACCESS_CONTROL_MAX_AGE, "600"),
            ],
        )
            .into_response(),
        _ => AppError::Forbidden("forbidden_origin").into_response(),
    }
}

/// Whether the `Content-Type` is `mime` (parameters such as `charset` allowed).
pub fn content_type_is(headers: &HeaderMap, mime: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(mime))
}

/// The body of a post whose `Content-Type` must be `mime`: 415 for another type, then
/// 413 or 400 for a body that did not arrive whole ([`body_error`]).
pub fn body_of(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    mime: &str,
) -> Result<Bytes, AppError> {
    if !content_type_is(headers, mime) {
        return Err(AppError::UnsupportedMediaType);
    }
    body.map_err(body_error)
}

/// Maps a failed body read: too large → 413, anything else → 400.
pub fn body_error(e: BytesRejection) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::Invalid(Invalid::BadJson)
    }
}

/// Runs blocking store work off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(AppError::Internal),
        Err(e) => Err(AppError::Internal(anyhow::anyhow!("task failed: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::forwarded_client;

    fn client(lines: &[&str], hops: usize) -> Option<String> {
        forwarded_client(lines.iter().map(|l| l.as_bytes()), hops)
    }

    #[test]
    fn the_client_is_counted_from_the_right_of_every_line() {
        // The client's forged line comes first; the proxy's is appended after it.
        assert_eq!(
            client(&["6.6.6.6", "203.0.113.5"], 1).as_deref(),
            Some("203.0.113.5")
        );
        assert_eq!(
            client(&["6.6.6.6, 203.0.113.5"], 1).as_deref(),
            Some("203.0.113.5")
        );
        assert_eq!(
            client(&["6.6.6.6, 198.51.100.1", "10.0.0.1"], 2).as_deref(),
            Some("198.51.100.1")
        );
        assert_eq!(client(&["10.0.0.1"], 2).as_deref(), Some("10.0.0.1"));
        assert_eq!(
            client(&["203.0.113.5:4711"], 1).as_deref(),
            Some("203.0.113.5")
        );
        assert_eq!(
            client(&["[2001:db8::1]:80"], 1).as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(client(&["", " , "], 1), None);
        assert_eq!(client(&[], 1), None);
    }
}
