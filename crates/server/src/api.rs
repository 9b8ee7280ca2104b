//! The JSON API handlers.

use crate::cache::Kind;
use crate::engine::{add_documents, replay, Outcome};
use crate::{blocking, read, ApiError, AppState};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use model::{Article, Document, Format, InputError, Span, Story};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use store::StoryQuery;

/// The largest page `GET /api/stories` returns.
pub const MAX_LIMIT: usize = 200;

#[derive(Debug, Deserialize)]
pub struct StoriesParams {
    pub q: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

/// Parses a `since`/`until` value: a date or time as `PubTime` writes it.
pub(crate) fn parse_time(name: &str, v: Option<&str>) -> Result<Option<i64>, ApiError> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => model::PubTime::parse(v)
            .map(|t| Some(t.approx_unix()))
            .ok_or_else(|| {
                ApiError(
                    StatusCode::BAD_REQUEST,
                    format!("{name}: expected a date like 2025-03-14, got {v:?}"),
                )
            }),
    }
}

impl StoriesParams {
    pub(crate) fn to_query(&self) -> Result<StoryQuery, ApiError> {
        let since = parse_time("since", self.since.as_deref())?;
        // A bare date as `until` means the whole day.
        let until = parse_time("until", self.until.as_deref())?.map(|t| {
            if self.until.as_deref().map(str::trim).map(str::len) == Some(10) {
                t + 12 * 3600
            } else {
                t
            }
        });
        let since = since.map(|t| {
            if self.since.as_deref().map(str::trim).map(str::len) == Some(10) {
                t - 12 * 3600
            } else {
                t
            }
        });
        Ok(StoryQuery {
            since,
            until,
            text: self.q.clone(),
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(50).clamp(1, MAX_LIMIT),
        })
    }
}

pub async fn stories(
    State(st): State<Arc<AppState>>,
    Query(p): Query<StoriesParams>,
) -> Result<Response, ApiError> {
    let q = p.to_query()?;
    let state = st.clone();
    let page = read(&st, move || Ok(state.store.list_stories(&q)?)).await?;
    Ok(Json(page).into_response())
}

/// The story record exactly as stored, from the cache when it is there.
pub async fn story(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    // Asked before reading, so whatever is read next is at least this new (see `cache`).
    let generation = st.store.generation()?;
    let answer = |json: Bytes| ([(header::CONTENT_TYPE, "application/json")], json).into_response();
    if let Some(json) = st.cache.get(generation, Kind::StoryJson, &id) {
        return Ok(answer(json));
    }
    let state = st.clone();
    let json = read(&st, move || {
        Ok(state.store.story_json(&id)?.map(|j| (id, j)))
    })
    .await?;
    match json {
        Some((id, json)) => {
            let json = Bytes::from(json);
            st.cache.put(generation, Kind::StoryJson, &id, json.clone());
            Ok(answer(json))
        }
        None => Err(ApiError(StatusCode::NOT_FOUND, "no such story".into())),
    }
}

/// A span of an article, named for what points at it.
#[derive(Debug, Serialize)]
pub struct NamedSpan {
    /// "paragraph", "mention", "quote", "speaker", "time", "claim", "brief".
    pub kind: String,
    pub span: Span,
    pub text: String,
    /// The entity, claim or speaker it belongs to, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ArticleAnswer {
    pub article: Article,
    pub story: Option<String>,
    /// Every span of the body that the story refers to, ordered by start.
    pub spans: Vec<NamedSpan>,
}

/// The spans of `article` that its story (if any) points at, plus its paragraphs.
pub(crate) fn spans_of(article: &Article, story: Option<&Story>) -> Vec<NamedSpan> {
    let body = article.body();
    let mut out: Vec<NamedSpan> = Vec::new();
    let mut push = |kind: &str, span: Span, about: Option<String>| {
        out.push(NamedSpan {
            kind: kind.into(),
            span,
            text: span.slice(&body).to_string(),
            about,
        })
    };
    for s in article.paragraph_spans() {
        push("paragraph", s, None);
    }
    if let Some(story) = story {
        let me = article.id.as_str();
        for e in &story.entities {
            for m in e.mentions.iter().filter(|m| m.article == me) {
                push("mention", m.span, Some(e.id.clone()));
            }
        }
        for q in story.quotes.iter().filter(|q| q.article == me) {
            push("quote", q.span, q.speaker.clone());
            if let Some(s) = q.speaker_span {
                push("speaker", s, q.speaker.clone());
            }
        }
        for t in story.timeline.iter().filter(|t| t.article == me) {
            push("time", t.span, Some(t.date.clone()));
        }
        for c in &story.claims {
            for s in c.support.iter().filter(|s| s.article == me) {
                push("claim", s.span, Some(c.id.clone()));
            }
        }
        for b in &story.brief {
            for c in b.citations.iter().filter(|c| c.article == me) {
                push("brief", c.span, None);
            }
        }
    }
    out.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.kind.cmp(&b.kind)));
    out
}

pub async fn article(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let state = st.clone();
    let answer = read(&st, move || {
        let st = state;
        let Some(article) = st.store.article(&id)? else {
            return Ok(None);
        };
        let story_id = st.store.story_of(&id)?;
        let story = match &story_id {
            Some(s) => st.store.story(s)?,
            None => None,
        };
        let spans = spans_of(&article, story.as_ref());
        Ok(Some(ArticleAnswer {
            article,
            story: story_id,
            spans,
        }))
    })
    .await?;
    match answer {
        Some(a) => Ok(Json(a).into_response()),
        None => Err(ApiError(StatusCode::NOT_FOUND, "no such article".into())),
    }
}

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub limit: Option<usize>,
}

pub async fn search(
    State(st): State<Arc<AppState>>,
    Query(p): Query<SearchParams>,
) -> Result<Response, ApiError> {
    let q = p.q.unwrap_or_default();
    let limit = p.limit.unwrap_or(20).clamp(1, MAX_LIMIT);
    let qq = q.clone();
    let state = st.clone();
    let hits = read(&st, move || Ok(state.store.search(&qq, limit)?)).await?;
    Ok(Json(serde_json::json!({ "query": q, "hits": hits })).into_response())
}

pub async fn openapi() -> Response {
    Json(crate::openapi::document()).into_response()
}

/// One uploaded file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upload {
    /// A file name: its extension tells the format (`.txt`, `.html`, `.jsonl`, `.xml`...).
    pub name: String,
    pub content: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostBody {
    pub files: Vec<Upload>,
}

#[derive(Debug, Serialize)]
pub struct PostAnswer {
    pub results: Vec<Outcome>,
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn post_articles(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let Some(token) = st.config.token.clone() else {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "adding articles is disabled: start the server with --token or STORYLINE_TOKEN".into(),
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same(given.trim().as_bytes(), token.as_bytes()) {
        let mut r = ApiError(
            StatusCode::UNAUTHORIZED,
            "a valid bearer token is required".into(),
        )
        .into_response();
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            "Bearer".parse().expect("static header"),
        );
        return Ok(r);
    }
    let Some(factory) = st.config.engine.clone() else {
        return Err(ApiError(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server has no pipeline to add articles with".into(),
        ));
    };
    let body: PostBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError(StatusCode::BAD_REQUEST, format!("bad body: {e}")))?;
    let answer = blocking(move || {
        let mut docs = Vec::new();
        let mut failed = Vec::new();
        for f in &body.files {
            let mut sink = |r: Result<Document, InputError>| match r {
                Ok(d) => docs.push(d),
                Err(e) => failed.push(Outcome::failed(&e)),
            };
            match st.config.reader {
                Some(read) => read(&f.name, f.content.as_bytes(), &mut sink),
                None => sink(Ok(Document::new(&f.name, Format::Text, &f.content))),
            }
        }
        let mut warm = st.warm.lock().unwrap_or_else(|e| e.into_inner());
        let mut engine = match warm.take() {
            Some(e) => e,
            None => {
                let mut e = factory();
                replay(st.store.as_ref(), e.as_mut())?;
                e
            }
        };
        let mut results = add_documents(st.store.as_ref(), engine.as_mut(), &docs)?;
        // Only an engine whose additions were all committed is kept warm.
        *warm = Some(engine);
        results.extend(failed);
        Ok(PostAnswer { results })
    })
    .await?;
    Ok((StatusCode::OK, Json(answer)).into_response())
}
