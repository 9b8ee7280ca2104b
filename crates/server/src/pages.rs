//! The web page: the story list with search, the story dossier and the article view, all
//! rendered on the server (through `render::html`, which escapes everything from data).

use crate::api::StoriesParams;
use crate::cache::Kind;
use crate::{read, ApiError, AppState};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use render::html::{escape, layout, url_part, Options};
use serde::Deserialize;
use std::fmt::Write;
use std::sync::Arc;
use store::{Hit, Page, StorySummary};

fn opts() -> Options {
    Options {
        script_src: Some("/assets/app.js".into()),
    }
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    (status, Html(layout(title, body, &opts()))).into_response()
}

/// An error shown as a page rather than JSON.
fn error_page(e: ApiError) -> Response {
    page(
        e.0,
        "Error",
        &format!("<h1>{}</h1><p>{}</p>", e.0, escape(&e.1)),
    )
}

pub async fn not_found() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Not found",
        "<h1>Not found</h1><p><a href=\"/\">All stories</a></p>",
    )
}

pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        render::html::JS,
    )
        .into_response()
}

fn when(s: &StorySummary) -> String {
    match (&s.first_published, &s.last_published) {
        (Some(a), Some(b)) if a.date() != b.date() => format!("{} – {}", a.date(), b.date()),
        (_, Some(b)) => b.date().to_string(),
        (Some(a), None) => a.date().to_string(),
        (None, None) => "undated".into(),
    }
}

/// The text of a snippet with its matches in `<b>`, escaped.
fn snippet_html(h: &Hit) -> String {
    let mut o = String::new();
    let mut at = 0;
    for s in &h.highlights {
        if let (Some(before), Some(m)) = (h.snippet.get(at..s.start), h.snippet.get(s.start..s.end))
        {
            o.push_str(&escape(before));
            let _ = write!(o, "<b>{}</b>", escape(m));
            at = s.end;
        }
    }
    o.push_str(&escape(h.snippet.get(at..).unwrap_or("")));
    o
}

fn index_body(p: &StoriesParams, stories: &Page<StorySummary>, hits: &[Hit]) -> String {
    let q = p.q.clone().unwrap_or_default();
    let mut o = String::new();
    let _ = write!(
        o,
        "<form action=\"/\" method=\"get\" class=\"filters\" role=\"search\"><input type=\"search\" name=\"q\" id=\"q\" value=\"{}\" placeholder=\"Search\" aria-label=\"Search stories\"> <label>since <input type=\"date\" name=\"since\" value=\"{}\"></label> <button type=\"submit\">Search</button></form>",
        escape(&q),
        escape(p.since.as_deref().unwrap_or("")),
    );
    if q.trim().is_empty() {
        let _ = write!(
            o,
            "<h1>Stories</h1><p class=\"meta\">{} stories</p>",
            stories.total
        );
    } else {
        let _ = write!(
            o,
            "<h1>Stories matching “{}”</h1><p class=\"meta\">{} stories</p>",
            escape(&q),
            stories.total
        );
    }
    o.push_str("<ul class=\"stories\">");
    for s in &stories.items {
        let mut sources = s.sources.clone();
        let more = sources.len().saturating_sub(4);
        sources.truncate(4);
        let _ = write!(
            o,
            "<li><a class=\"headline\" href=\"/stories/{}\">{}</a><br><span class=\"meta\">{} · {} articles · {}{}</span></li>",
            escape(&url_part(&s.id)),
            escape(&s.headline),
            escape(&when(s)),
            s.articles,
            escape(&sources.join(", ")),
            if more > 0 { format!(" +{more}") } else { String::new() }
        );
    }
    o.push_str("</ul>");
    if stories.items.is_empty() {
        o.push_str("<p class=\"empty\">No stories.</p>");
    }
    // Paging links keep the filters.
    let limit = p.limit.unwrap_or(50).clamp(1, crate::api::MAX_LIMIT);
    let link = |offset: usize| {
        let mut u = format!("/?offset={offset}&limit={limit}");
        if !q.is_empty() {
            let _ = write!(u, "&q={}", url_part(&q));
        }
        if let Some(s) = &p.since {
            let _ = write!(u, "&since={}", url_part(s));
        }
        escape(&u)
    };
    o.push_str("<nav class=\"pager\">");
    if stories.offset > 0 {
        let _ = write!(
            o,
            "<a href=\"{}\" rel=\"prev\">← newer</a>",
            link(stories.offset.saturating_sub(limit))
        );
    }
    if stories.offset + stories.items.len() < stories.total {
        let _ = write!(
            o,
            "<a href=\"{}\" rel=\"next\">older →</a>",
            link(stories.offset + limit)
        );
    }
    o.push_str("</nav>");
    if !hits.is_empty() {
        o.push_str("<h2>Matching articles and claims</h2><ul class=\"hits\">");
        for h in hits {
            let href = match (&h.kind[..], &h.article, &h.story) {
                ("article", Some(a), _) => format!("/articles/{}", url_part(a)),
                (_, _, Some(s)) => format!("/stories/{}", url_part(s)),
                _ => "/".into(),
            };
            let _ = write!(
                o,
                "<li><span class=\"flag\">{}</span> <a href=\"{}\">{}</a><br><span class=\"snippet\">{}</span></li>",
                escape(&h.kind),
                escape(&href),
                escape(if h.title.is_empty() { "(untitled)" } else { &h.title }),
                snippet_html(h)
            );
        }
        o.push_str("</ul>");
    }
    o
}

pub async fn index(State(st): State<Arc<AppState>>, Query(p): Query<StoriesParams>) -> Response {
    let q = match p.to_query() {
        Ok(q) => q,
        Err(e) => return error_page(e),
    };
    let text = p.q.clone().unwrap_or_default();
    let state = st.clone();
    let got = read(&st, move || {
        let st = state;
        let stories = st.store.list_stories(&q)?;
        let hits = if text.trim().is_empty() {
            Vec::new()
        } else {
            st.store.search(&text, 20)?
        };
        Ok((stories, hits))
    })
    .await;
    match got {
        Ok((stories, hits)) => page(StatusCode::OK, "Stories", &index_body(&p, &stories, &hits)),
        Err(e) => error_page(e),
    }
}

/// Names what [`story_page`] writes, for pages kept in the store: the render crate's output
/// version and a hash of everything else that shapes the page here (the inlined style sheet,
/// the script's address). A stored page from any other renderer is not served.
pub fn page_renderer() -> &'static str {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let mut shape = render::html::CSS.as_bytes().to_vec();
        shape.extend_from_slice(opts().script_src.as_deref().unwrap_or("").as_bytes());
        format!(
            "html-v{}-{:016x}",
            render::html::VERSION,
            model::stable_hash(&shape)
        )
    })
}

/// A story's whole dossier page as this server sends it (`articles`: the story's articles).
pub fn story_page(story: &model::Story, articles: &[model::Article]) -> String {
    layout(
        &story.headline,
        &render::html::story_body(story, articles),
        &opts(),
    )
}

/// A rendered page as an answer.
fn html(page: Bytes) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// The story's dossier page, rendered once per generation of the store and then kept.
pub async fn story(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    // Asked before reading, so whatever is read next is at least this new (see `cache`).
    let generation = match st.store.generation() {
        Ok(g) => g,
        Err(e) => return error_page(e.into()),
    };
    if let Some(page) = st.cache.get(generation, Kind::StoryPage, &id) {
        return html(page);
    }
    let state = st.clone();
    let got = read(&st, move || {
        let st = state;
        // Written with the story when it was committed; rendered here only for stories
        // stored before pages were, or by another renderer.
        if let Some(page) = st.store.story_page(&id, page_renderer())? {
            return Ok(Some((id, Bytes::from(page))));
        }
        let Some(story) = st.store.story(&id)? else {
            return Ok(None);
        };
        let mut articles = Vec::with_capacity(story.articles.len());
        for a in &story.articles {
            if let Some(a) = st.store.article(a)? {
                articles.push(a);
            }
        }
        Ok(Some((id, Bytes::from(story_page(&story, &articles)))))
    })
    .await;
    match got {
        Ok(Some((id, page))) => {
            st.cache.put(generation, Kind::StoryPage, &id, page.clone());
            html(page)
        }
        Ok(None) => not_found().await,
        Err(e) => error_page(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct ArticleParams {
    pub hl: Option<String>,
}

pub async fn article(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Query<ArticleParams>,
) -> Response {
    let hl = p.hl.as_deref().and_then(render::html::parse_hl);
    let state = st.clone();
    let got = read(&st, move || {
        let st = state;
        let Some(article) = st.store.article(&id)? else {
            return Ok(None);
        };
        let story = match st.store.story_of(&id)? {
            Some(s) => st.store.story(&s)?.map(|s| (s.id, s.headline)),
            None => None,
        };
        Ok(Some((article, story)))
    })
    .await;
    match got {
        Ok(Some((article, story))) => {
            let html = render::html::article_page_with(
                &article,
                hl,
                story.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
                &opts(),
            );
            (StatusCode::OK, Html(html)).into_response()
        }
        Ok(None) => not_found().await,
        Err(e) => error_page(e),
    }
}
