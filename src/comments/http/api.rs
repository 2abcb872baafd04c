//! The JSON API: `POST /api/comments`, `GET /api/comments?page=…` and
//! `DELETE /api/comments/{id}`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};

use super::{
    blocking, body_error, body_of, content_type_is, AppError, AppState, AskedLang, Client,
};
use crate::comments::pages::Pages;
use crate::comments::security::{random_hex, token_hash, OriginCheck};
use crate::comments::store::{now, InsertError, NewComment};
use crate::comments::validate::{parse_json, Invalid, Submission};
use sala_core::content::baked_comments::BakedComment;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/comments", get(list).post(create))
        .route("/api/comments/{id}", delete(remove))
}

/// The answer to an accepted post.
#[derive(Debug, Serialize, Deserialize)]
pub struct Accepted {
    pub id: i64,
    pub status: String,
    /// Lets the reader delete the comment later; only its hash is stored.
    pub delete_token: String,
}

/// Refuses browser requests from origins outside the allowlist.
pub fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    match state
        .origins
        .check(headers.get(header::ORIGIN).map(|v| v.as_bytes()), None)
    {
        OriginCheck::Refused => Err(AppError::Forbidden("forbidden_origin")),
        _ => Ok(()),
    }
}

async fn create(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let mut lang = None;
    match create_checked(&state, &client, &headers, body, &mut lang).await {
        Ok(resp) => resp,
        Err(e) => {
            let mut resp = e.into_response();
            // The widget's `lang` outranks the headers when the refusal is told.
            if let Some(lang) = lang {
                resp.extensions_mut().insert(AskedLang(lang));
            }
            resp
        }
    }
}

async fn create_checked(
    state: &AppState,
    client: &Client,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    lang: &mut Option<String>,
) -> Result<Response, AppError> {
    let body = submission_body(state, headers, body, "application/json")?;
    // Read leniently first, so that even a body the strict parse refuses (an unknown
    // field, a wrong type) gets its refusal in the language it asked for.
    *lang = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("lang")?.as_str().map(str::to_owned));
    let sub = parse_json(&body)?;
    let accepted = accept(state, client, sub).await?;
    Ok((StatusCode::ACCEPTED, Json(accepted)).into_response())
}

/// What either entry point checks before it reads a submission: the origin, the content
/// type (`mime`), and that the body arrived whole and within the size limit.
pub fn submission_body(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    mime: &str,
) -> Result<Bytes, AppError> {
    check_origin(state, headers)?;
    body_of(headers, body, mime)
}

/// Checks and stores a submission from either entry point.
pub async fn accept(
    state: &AppState,
    client: &Client,
    sub: Submission,
) -> Result<Accepted, AppError> {
    let token = random_hex(32)?;
    // The honeypot is looked at last, so a bot gets exactly the answer a person would:
    // the same refusals, the same limits, and an id from the same sequence.
    let clean = sub.check(&state.config)?;
    if !state.pages.contains(&clean.page) {
        return Err(Invalid::Page.into());
    }
    state
        .limits
        .posts_client
        .check(&client.ip_hash)
        .map_err(AppError::RateLimited)?;
    state
        .limits
        .posts_page
        .check(&clean.page)
        .map_err(AppError::RateLimited)?;
    if sub.is_bot() {
        let store = state.store.clone();
        let (last, pending) = blocking(move || {
            Ok((
                store.last_id()?,
                store.count_status(crate::comments::store::Status::Pending)?,
            ))
        })
        .await?;
        if pending >= i64::from(state.config.max_pending) {
            return Err(AppError::QueueFull);
        }
        // The next id, as a real post would get; a bot that posts again sees it grow.
        let mut shown = state
            .honeypot_last_id
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        *shown = (*shown).max(last) + 1;
        return Ok(Accepted {
            id: *shown,
            status: "pending".into(),
            delete_token: token,
        });
    }
    let (created, created_unix) = now();
    let lang = Pages::lang_of(&clean.page, &state.languages).to_string();
    let new = NewComment {
        page: clean.page,
        parent: clean.parent,
        name: clean.name,
        email: clean.email,
        body: clean.body,
        created,
        created_unix,
        ip_hash: Some(client.ip_hash.clone()),
        delete_token_hash: token_hash(&token),
        lang,
    };
    let store = state.store.clone();
    let for_mail = new.clone();
    let cap = state.config.max_pending;
    let id = match blocking(move || store.insert_capped(&new, cap)).await? {
        Ok(id) => id,
        Err(InsertError::Parent) => return Err(Invalid::Parent.into()),
        Err(InsertError::QueueFull) => return Err(AppError::QueueFull),
    };
    crate::comments::notify::new_comment(&state.config.smtp, id, &for_mail);
    Ok(Accepted {
        id,
        status: "pending".into(),
        delete_token: token,
    })
}

#[derive(Deserialize)]
struct ListQuery {
    page: String,
}

#[derive(Serialize)]
struct Listing {
    page: String,
    comments: Vec<BakedComment>,
}

async fn list(State(state): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, AppError> {
    let q: ListQuery = serde_urlencoded::from_str(q.as_deref().unwrap_or(""))
        .map_err(|_| AppError::Invalid(Invalid::Page))?;
    let page = sala_core::content::normalize_page_path(&q.page);
    if !state.pages.contains(&page) {
        return Err(AppError::NotFound);
    }
    let store = state.store.clone();
    let p = page.clone();
    let comments = blocking(move || store.approved(&p)).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-cache")],
        Json(Listing { page, comments }),
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeleteRequest {
    delete_token: String,
}

async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    check_origin(&state, &headers)?;
    if !content_type_is(&headers, "application/json") {
        return Err(AppError::UnsupportedMediaType);
    }
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let body = body.map_err(body_error)?;
    let req: DeleteRequest =
        serde_json::from_slice(&body).map_err(|_| AppError::Invalid(Invalid::BadJson))?;
    if req.delete_token.len() != 64 {
        return Err(AppError::NotFound);
    }
    let hash = token_hash(&req.delete_token);
    let store = state.store.clone();
    if blocking(move || store.delete_with_token(id, &hash)).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(AppError::NotFound)
    }
}
