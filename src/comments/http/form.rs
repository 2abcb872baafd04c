//! The plain HTML form (`POST /comments/form`) that works with JavaScript off. It answers
//! with a 303 back to the page it came from, and only to a page of this site.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Router};

use super::api::{accept, submission_body};
use super::{AppError, AppState, Client};
use crate::comments::validate::{parse_form, return_path, Invalid};

pub fn router() -> Router<AppState> {
    Router::new().route("/comments/form", post(submit))
}

/// The UI string that explains a refusal, shared by the form's error page and the widget.
pub fn message_key(i: Invalid) -> &'static str {
    match i {
        Invalid::Consent => "comments_err_consent",
        Invalid::NameEmpty | Invalid::NameChars => "comments_err_name",
        Invalid::NameTooLong | Invalid::BodyTooLong => "comments_err_too_long",
        Invalid::Email => "comments_err_email",
        Invalid::BodyEmpty | Invalid::BodyChars => "comments_err_body",
        Invalid::TooManyLinks => "comments_err_links",
        Invalid::Page | Invalid::ReturnPath => "comments_err_page",
        Invalid::BadJson | Invalid::BadForm | Invalid::Parent => "comments_err_generic",
    }
}

async fn submit(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let mut lang = state.request_lang("", &headers);
    let mut back = None;
    match handle(&state, &client, &headers, body, &mut lang, &mut back).await {
        Ok(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        Err(e) => e.into_html(&state, &lang, back.as_deref()),
    }
}

async fn handle(
    state: &AppState,
    client: &Client,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    lang: &mut String,
    back: &mut Option<String>,
) -> Result<String, AppError> {
    let body = submission_body(state, headers, body, "application/x-www-form-urlencoded")?;
    let (sub, fields) = parse_form(&body)?;
    *lang = state.request_lang(&fields.lang, headers);
    // The way back must be a page of this site; never an absolute or scheme-relative URL.
    let ret = return_path(if fields.return_to.is_empty() {
        &fields.page
    } else {
        &fields.return_to
    })?;
    if !state.pages.contains(&ret) {
        return Err(Invalid::ReturnPath.into());
    }
    let page_url = format!("{}{}index.html", state.site_url, ret);
    *back = Some(page_url.clone());
    accept(state, client, sub).await?;
    Ok(format!("{page_url}#comment-pending"))
}
