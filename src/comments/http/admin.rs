//! The moderation pages under `/admin`: server-rendered HTML (tera templates, see
//! [`super::html`]) that needs no JavaScript. Log-in with an argon2-hashed password, a
//! session cookie (HttpOnly, SameSite=Strict, Secure behind TLS), and a per-session CSRF
//! token on every form.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::html::{self, Switch};
use super::{blocking, body_of, AppError, AppState, Client};
use crate::comments::login::{verify_password, GateError};
use crate::comments::security::{ct_eq, hash_password, random_hex, token_hash, OriginCheck};
use crate::comments::store::{now, Status, Stored};
use crate::comments::validate::{clean_body, clean_name};

const SESSION_COOKIE: &str = "sala_admin";
const LOGIN_COOKIE: &str = "sala_login";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(index))
        .route("/admin/", get(index))
        .route("/admin/admin.css", get(css))
        .route("/admin/login", post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/comments/{id}/edit", get(edit_form).post(edit))
        .route("/admin/comments/{id}/{action}", post(act))
}

/// A logged-in moderator.
struct Session {
    username: String,
    csrf: String,
    token_hash: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ViewQuery {
    lang: String,
    status: String,
    done: String,
    /// Show the comments with ids above this one (the next page).
    after: String,
}

/// Comments on one page of the admin list: 30,000 pending comments must not make one
/// page of megabytes.
const QUEUE_PAGE: u32 = 50;

fn query<T: for<'de> Deserialize<'de> + Default>(q: &Option<String>) -> T {
    serde_urlencoded::from_str(q.as_deref().unwrap_or("")).unwrap_or_default()
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || state
            .config
            .public_url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

fn set_cookie(
    state: &AppState,
    headers: &HeaderMap,
    name: &str,
    value: &str,
    max_age: i64,
) -> HeaderValue {
    let secure = if secure(state, headers) {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("sala_invalid=; Max-Age=0"))
}

async fn session(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, AppError> {
    let Some(token) = cookie(headers, SESSION_COOKIE).and_then(|c| state.secret.verify(c)) else {
        return Ok(None);
    };
    let hash = token_hash(token);
    let store = state.store.clone();
    let h = hash.clone();
    let found = blocking(move || store.session(&h, now().1)).await?;
    Ok(found.map(|(username, csrf)| Session {
        username,
        csrf,
        token_hash: hash,
    }))
}

/// Refuses cross-site posts: the `Origin`, when sent, must be this server (or an allowed
/// origin), and the CSRF token must match.
fn check_post(
    state: &AppState,
    headers: &HeaderMap,
    csrf_expected: &str,
    csrf_sent: &str,
) -> Result<(), AppError> {
    // This server's own origin: `public_url` when set (a proxy may rewrite `Host`),
    // else what the request's `Host` says.
    let own = if state.config.public_url.is_empty() {
        let scheme = if secure(state, headers) {
            "https"
        } else {
            "http"
        };
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(|h| format!("{scheme}://{h}"))
    } else {
        Some(state.config.public_url.clone())
    };
    if state.origins.check(
        headers.get(header::ORIGIN).map(|v| v.as_bytes()),
        own.as_deref(),
    ) == OriginCheck::Refused
    {
        return Err(AppError::Forbidden("forbidden_origin"));
    }
    if csrf_expected.is_empty() || !ct_eq(csrf_expected.as_bytes(), csrf_sent.as_bytes()) {
        return Err(AppError::Forbidden("csrf"));
    }
    Ok(())
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

fn lang_q(lang: &str) -> String {
    format!("lang={}", if lang == "en" { "en" } else { "th" })
}

fn page(state: &AppState, lang: &str, name: &str, title_key: &str, ctx: Context) -> Response {
    let other = if lang == "en" { "th" } else { "en" };
    let switch = Switch {
        other,
        other_name: state.t(other, "language_name"),
    };
    html::page(name, lang, state.t(lang, title_key), Some(switch), ctx)
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        ADMIN_CSS,
    )
        .into_response()
}

const ADMIN_CSS: &str = "body{font-family:system-ui,'Noto Sans Thai',sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.6}\
.comment{border:1px solid #ccc;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}\
.body{white-space:pre-wrap}.meta{color:#555;font-size:.9em}\
form.inline{display:inline}button{margin-right:.5rem}\
nav a{margin-right:1rem}.done{background:#e6f4ea;padding:.5rem}\
label{display:block;margin-top:.5rem}input[type=text],input[type=password],textarea{width:100%;max-width:40rem}";

async fn index(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Response, AppError> {
    let q: ViewQuery = query(&q);
    let lang = state.request_lang(&q.lang, &headers);
    match session(&state, &headers).await? {
        None => Ok(login_page(&state, &headers, &lang, None)),
        Some(s) => queue_page(&state, &s, &lang, &q).await,
    }
}

fn login_page(state: &AppState, headers: &HeaderMap, lang: &str, error: Option<&str>) -> Response {
    let nonce = match random_hex(32) {
        Ok(n) => n,
        Err(e) => return AppError::Internal(e).into_html(state, lang, None),
    };
    let mut ctx = Context::new();
    ctx.insert("error", &error.map(|key| state.t(lang, key)));
    ctx.insert("q", &lang_q(lang));
    ctx.insert("nonce", &nonce);
    ctx.insert(
        "t",
        &html::strings(
            state,
            lang,
            &["admin_username", "admin_password", "admin_login"],
        ),
    );
    let mut resp = page(state, lang, "login.html", "admin_login_title", ctx);
    if error.is_some() {
        *resp.status_mut() = StatusCode::UNAUTHORIZED;
    }
    let signed = state.secret.sign(&nonce);
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, headers, LOGIN_COOKIE, &signed, 3600),
    );
    resp
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    username: String,
    password: String,
    csrf: String,
}

async fn login(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let q: ViewQuery = query(&q);
    let lang = state.request_lang(&q.lang, &headers);
    match try_login(&state, &client, &headers, body).await {
        Ok(Some(cookie)) => {
            let mut resp = redirect(&format!("/admin?{}", lang_q(&lang)));
            resp.headers_mut().append(header::SET_COOKIE, cookie);
            resp.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&state, &headers, LOGIN_COOKIE, "", 0),
            );
            resp
        }
        Ok(None) => login_page(&state, &headers, &lang, Some("admin_login_failed")),
        Err(e) => e.into_html(&state, &lang, Some("/admin")),
    }
}

async fn try_login(
    state: &AppState,
    client: &Client,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Option<HeaderValue>, AppError> {
    let body = body_of(headers, body, "application/x-www-form-urlencoded")?;
    let form: LoginForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    // The log-in form's token: the signed nonce in its cookie must match the field.
    let expected = cookie(headers, LOGIN_COOKIE)
        .and_then(|c| state.secret.verify(c))
        .unwrap_or("");
    check_post(state, headers, expected, &form.csrf)?;
    state
        .limits
        .logins_client
        .check(&client.ip_hash)
        .map_err(AppError::RateLimited)?;
    let username = form.username.trim().to_string();
    if username.is_empty() || username.len() > 128 || form.password.len() > 1024 {
        return Ok(None);
    }
    // Backoff by where the failures come from, never by the user name alone: a
    // correct password from an address that has not been failing always gets in.
    let pair = format!("{}\n{username}", client.ip_hash);
    let limits = &state.limits;
    limits
        .login_failures_client
        .check(&client.ip_hash)
        .and_then(|()| limits.login_failures_pair.check(&pair))
        .map_err(AppError::RateLimited)?;
    let store = state.store.clone();
    let u = username.clone();
    let password = form.password;
    // The argon2 check runs behind the gate: a few at once, on the blocking pool, so a
    // flood of log-ins can neither exhaust memory nor delay readers and posters.
    let (ok, known) = state
        .limits
        .login_gate
        .run(move |area| -> anyhow::Result<(bool, bool)> {
            let hash = store.admin_hash(&u)?;
            // Verify against a dummy hash for unknown users, so timing says nothing.
            let known = hash.is_some();
            let phc = match hash {
                Some(h) => h,
                None => dummy_hash()?,
            };
            let ok = verify_password(&phc, password.as_bytes(), area);
            Ok((ok && known, known))
        })
        .await
        .map_err(|e| match e {
            GateError::Busy(s) => AppError::Busy(s),
            GateError::Failed => AppError::Internal(anyhow::anyhow!("the password check failed")),
        })??;
    // An unknown user name may be a password typed in the wrong box: not logged.
    let actor = if known { username.clone() } else { "?".into() };
    audit(
        state,
        actor,
        if ok { "login" } else { "login_failed" },
        String::new(),
    )
    .await;
    if !ok {
        limits.login_failures_pair.failed(&pair);
        limits.login_failures_client.failed(&client.ip_hash);
        return Ok(None);
    }
    limits.login_failures_pair.succeeded(&pair);
    limits.login_failures_client.succeeded(&client.ip_hash);
    let token = random_hex(32)?;
    let csrf = random_hex(32)?;
    let hours = i64::from(state.config.session_hours.max(1));
    let expires = now().1 + hours * 3600;
    let store = state.store.clone();
    let th = token_hash(&token);
    blocking(move || store.create_session(&th, &username, &csrf, expires)).await?;
    Ok(Some(set_cookie(
        state,
        headers,
        SESSION_COOKIE,
        &state.secret.sign(&token),
        hours * 3600,
    )))
}

/// Adds to the audit log. A failure is logged and does not undo the action it records.
async fn audit(state: &AppState, actor: String, action: &'static str, detail: String) {
    let store = state.store.clone();
    if let Err(e) = blocking(move || store.audit(&actor, action, &detail)).await {
        e.log();
    }
}

/// The argon2 hash of a random password nobody knows, made once.
fn dummy_hash() -> anyhow::Result<String> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h.clone());
    }
    let h = hash_password(&random_hex(16)?)?;
    Ok(DUMMY.get_or_init(|| h).clone())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    csrf: String,
    name: String,
    body: String,
    status: String,
}

/// The session of a post, with its CSRF token checked.
async fn checked(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(Session, ActionForm), AppError> {
    let body = body_of(headers, body, "application/x-www-form-urlencoded")?;
    let form: ActionForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let Some(s) = session(state, headers).await? else {
        return Err(AppError::Forbidden("login_required"));
    };
    check_post(state, headers, &s.csrf, &form.csrf)?;
    Ok((s, form))
}

/// The end of a moderation action on comment `id`: its audit line, then back to the
/// queue the moderator came from (`form.status`), saying what was `done`.
async fn acted(
    state: &AppState,
    session: Session,
    form: &ActionForm,
    done: &'static str,
    id: i64,
    lang: &str,
) -> Response {
    audit(state, session.username, done, format!("#{id}")).await;
    let back = Status::parse(&form.status).unwrap_or(Status::Pending);
    redirect(&format!(
        "/admin?{}&status={}&done={done}",
        lang_q(lang),
        back.as_str()
    ))
}

async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let lang = state.request_lang(&query::<ViewQuery>(&q).lang, &headers);
    match checked(&state, &headers, body).await {
        Ok((s, _)) => {
            let store = state.store.clone();
            let hash = s.token_hash.clone();
            if let Err(e) = blocking(move || store.delete_session(&hash)).await {
                return e.into_html(&state, &lang, Some("/admin"));
            }
            audit(&state, s.username, "logout", String::new()).await;
            let mut resp = redirect(&format!("/admin?{}", lang_q(&lang)));
            resp.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&state, &headers, SESSION_COOKIE, "", 0),
            );
            resp
        }
        Err(e) => e.into_html(&state, &lang, Some("/admin")),
    }
}

async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let lang = state.request_lang(&query::<ViewQuery>(&q).lang, &headers);
    let result = async {
        let (session, form) = checked(&state, &headers, body).await?;
        let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
        let store = state.store.clone();
        let found = match action.as_str() {
            "approve" => blocking(move || store.set_status(id, Status::Approved)).await?,
            "reject" => blocking(move || store.set_status(id, Status::Rejected)).await?,
            "delete" => blocking(move || store.delete(id)).await?,
            _ => return Err(AppError::NotFound),
        };
        if !found {
            return Err(AppError::NotFound);
        }
        let what: &'static str = match action.as_str() {
            "approve" => "approve",
            "reject" => "reject",
            _ => "delete",
        };
        Ok(acted(&state, session, &form, what, id, &lang).await)
    }
    .await;
    result.unwrap_or_else(|e| e.into_html(&state, &lang, Some("/admin")))
}

fn date_display(created: &str, lang: &str) -> String {
    let Some(date) = sala_core::dates::parse_date(created) else {
        return created.to_string();
    };
    let time = created.get(11..16).unwrap_or("");
    format!("{} {time} UTC", sala_core::dates::format_long(date, lang))
}

async fn queue_page(
    state: &AppState,
    s: &Session,
    lang: &str,
    q: &ViewQuery,
) -> Result<Response, AppError> {
    let status = Status::parse(&q.status).unwrap_or(Status::Pending);
    let after: i64 = q.after.parse().unwrap_or(0).max(0);
    let store = state.store.clone();
    let (mut comments, total) = blocking(move || {
        Ok((
            store.by_status_page(status, after, QUEUE_PAGE + 1)?,
            store.count_status(status)?,
        ))
    })
    .await?;
    let more = comments.len() > QUEUE_PAGE as usize;
    comments.truncate(QUEUE_PAGE as usize);
    let tabs: Vec<Tab> = [Status::Pending, Status::Approved, Status::Rejected]
        .into_iter()
        .map(|st| Tab {
            status: st.as_str(),
            label: state.t(lang, &format!("admin_status_{}", st.as_str())),
            current: st == status,
        })
        .collect();
    let done = matches!(q.done.as_str(), "approve" | "reject" | "delete" | "edit")
        .then(|| state.t(lang, &format!("admin_done_{}", q.done)));
    let next_after = comments.last().filter(|_| more).map(|c| c.id);
    let cards: Vec<Card> = comments.iter().map(|c| card(state, lang, c)).collect();
    let mut ctx = Context::new();
    ctx.insert("username", &s.username);
    ctx.insert("csrf", &s.csrf);
    ctx.insert("q", &lang_q(lang));
    ctx.insert("tabs", &tabs);
    ctx.insert("done", &done);
    ctx.insert("comments", &cards);
    ctx.insert("total", &total);
    ctx.insert("shown", status.as_str());
    ctx.insert("first_page", &(after > 0));
    ctx.insert("next_after", &next_after);
    ctx.insert(
        "t",
        &html::strings(
            state,
            lang,
            &[
                "admin_signed_in_as",
                "admin_logout",
                "admin_queue",
                "admin_queue_empty",
                "admin_queue_total",
                "admin_page",
                "reply_to",
                "admin_first_page",
                "admin_next_page",
            ],
        ),
    );
    Ok(page(state, lang, "queue.html", "admin_title", ctx))
}

/// One status tab of the queue.
#[derive(Serialize)]
struct Tab<'a> {
    status: &'static str,
    label: &'a str,
    current: bool,
}

/// One comment of the queue, with the actions its status allows.
#[derive(Serialize)]
struct Card<'a> {
    id: i64,
    name: &'a str,
    email: Option<&'a str>,
    created: &'a str,
    date: String,
    page: &'a str,
    body: &'a str,
    parent: Option<i64>,
    actions: Vec<Action<'a>>,
}

/// A button (or, for `edit`, the link to the edit form) on a comment.
#[derive(Serialize)]
struct Action<'a> {
    action: &'static str,
    label: &'a str,
}

fn card<'a>(state: &'a AppState, lang: &str, c: &'a Stored) -> Card<'a> {
    let mut actions = Vec::new();
    let mut add = |action: &'static str| {
        actions.push(Action {
            action,
            label: state.t(lang, &format!("admin_{action}")),
        })
    };
    if c.status != Status::Approved {
        add("approve");
    }
    if c.status != Status::Rejected {
        add("reject");
    }
    add("edit");
    add("delete");
    Card {
        id: c.id,
        name: &c.name,
        email: c.email.as_deref(),
        created: &c.created,
        date: date_display(&c.created, lang),
        page: &c.page,
        body: &c.body,
        parent: c.parent,
        actions,
    }
}

async fn edit_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Response, AppError> {
    let lang = state.request_lang(&query::<ViewQuery>(&q).lang, &headers);
    let Some(s) = session(&state, &headers).await? else {
        return Ok(redirect(&format!("/admin?{}", lang_q(&lang))));
    };
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let store = state.store.clone();
    let Some(c) = blocking(move || store.get(id)).await? else {
        return Err(AppError::NotFound);
    };
    let mut ctx = Context::new();
    ctx.insert("id", &id);
    ctx.insert("q", &lang_q(&lang));
    ctx.insert("csrf", &s.csrf);
    ctx.insert("status", c.status.as_str());
    ctx.insert("name", &c.name);
    ctx.insert("body", &c.body);
    ctx.insert(
        "t",
        &html::strings(
            &state,
            &lang,
            &[
                "comments_name",
                "comments_body",
                "admin_save",
                "admin_cancel",
            ],
        ),
    );
    Ok(page(&state, &lang, "edit.html", "admin_edit_title", ctx))
}

async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let lang = state.request_lang(&query::<ViewQuery>(&q).lang, &headers);
    let result = async {
        let (session, form) = checked(&state, &headers, body).await?;
        let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
        let name = clean_name(&form.name, state.config.max_name_chars)?;
        let text = clean_body(&form.body, state.config.max_body_chars, usize::MAX)?;
        let store = state.store.clone();
        if !blocking(move || store.edit(id, &name, &text)).await? {
            return Err(AppError::NotFound);
        }
        Ok(acted(&state, session, &form, "edit", id, &lang).await)
    }
    .await;
    result.unwrap_or_else(|e| e.into_html(&state, &lang, Some("/admin")))
}
