//! Route tests through tower's `oneshot`: every documented route answers, filters and paging
//! work, posting is guarded, and untrusted article text never becomes markup.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use model::{
    Article, BriefSentence, Citation, Claim, Contradiction, Copy, Digest, Document, PubTime, Quote,
    QuoteKind, Span, Story, Support, TimelineEntry,
};
use server::{AppState, Config, Engine};
use std::sync::Arc;
use store::{Batch, SqliteStore, Store};
use tower::ServiceExt;

/// One story per document title: enough pipeline to exercise the server.
#[derive(Default)]
struct OneStory {
    articles: Vec<Article>,
}

impl Engine for OneStory {
    fn add_document(&mut self, doc: &Document) -> server::Added {
        let mut a = Article::new(Article::make_id(&doc.input, &doc.content), &doc.input);
        a.title = doc.content.lines().next().map(String::from);
        a.url = doc.url.clone();
        a.paragraphs = doc.content.split("\n\n").map(String::from).collect();
        self.add_article(a)
    }
    fn add_article(&mut self, a: Article) -> server::Added {
        let added = server::Added {
            article: a.id.clone(),
            story: "s-all".into(),
            duplicate_of: None,
        };
        self.articles.push(a);
        added
    }
    fn digest(&self) -> Digest {
        let stories = self.articles.first().map(|first| {
            let mut s = Story::new("s-all", first.title.clone().unwrap_or_default());
            s.articles = self.articles.iter().map(|a| a.id.clone()).collect();
            s
        });
        Digest {
            articles: self.articles.clone(),
            stories: stories.into_iter().collect(),
            errors: Vec::new(),
        }
    }
}

fn article(id: &str, source: &str, paragraphs: &[&str], day: &str) -> Article {
    let mut a = Article::new(id, format!("test/{id}"));
    a.title = Some(paragraphs[0].to_string());
    a.source = Some(source.into());
    a.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
    a.published = PubTime::parse(day);
    a
}

/// A store with two stories; the first carries every section of a dossier.
fn sample_store() -> Arc<SqliteStore> {
    let a1 = article(
        "a-1",
        "Reuters",
        &[
            "Truce agreed",
            "Peskov said the truce would hold.",
            "It began on March 10.",
        ],
        "2025-03-10",
    );
    let a2 = article(
        "a-2",
        "AP",
        &["Truce holds", "The truce held overnight, AP reported."],
        "2025-03-11",
    );
    let a3 = article(
        "a-3",
        "BBC",
        &["Floods in Valencia", "Rain flooded the city."],
        "2025-04-02",
    );
    let mut s1 = Story::new("s-1", "Truce agreed");
    s1.articles = vec!["a-1".into(), "a-2".into()];
    s1.sources = vec!["Reuters".into(), "AP".into()];
    s1.first_published = a1.published;
    s1.last_published = a2.published;
    s1.brief = vec![BriefSentence {
        text: "A truce was agreed and held overnight.".into(),
        citations: vec![
            Citation {
                article: "a-1".into(),
                span: Span::new(14, 47),
            },
            Citation {
                article: "a-2".into(),
                span: Span::new(13, 51),
            },
        ],
    }];
    s1.quotes = vec![Quote {
        speaker: Some("Peskov".into()),
        speaker_span: Some(Span::new(14, 20)),
        speaker_entity: None,
        text: "the truce would hold".into(),
        kind: QuoteKind::Indirect,
        cue: Some("said".into()),
        cue_span: None,
        article: "a-1".into(),
        span: Span::new(26, 46),
        confidence: 0.9,
    }];
    s1.timeline = vec![TimelineEntry {
        date: "2025-03-10".into(),
        precision: "day".into(),
        text: "It began on March 10.".into(),
        article: "a-1".into(),
        span: Span::new(49, 70),
    }];
    s1.claims = vec![
        Claim {
            id: "c-1".into(),
            text: "A truce was agreed".into(),
            support: vec![
                Support {
                    article: "a-1".into(),
                    source: Some("Reuters".into()),
                    span: Span::new(14, 47),
                },
                Support {
                    article: "a-2".into(),
                    source: Some("AP".into()),
                    span: Span::new(13, 51),
                },
            ],
            independent_sources: 2,
            single_source: false,
            attributed_to: None,
        },
        Claim {
            id: "c-2".into(),
            text: "It began on March 10".into(),
            support: vec![Support {
                article: "a-1".into(),
                source: Some("Reuters".into()),
                span: Span::new(49, 70),
            }],
            independent_sources: 1,
            single_source: true,
            attributed_to: None,
        },
    ];
    s1.contradictions = vec![Contradiction {
        claims: vec!["c-2".into()],
        kind: "date".into(),
        note: "another report says March 9".into(),
    }];
    s1.copies = vec![Copy {
        article: "a-2".into(),
        origin: "a-1".into(),
        similarity: 0.42,
        changes: vec!["headline".into()],
    }];
    let mut s2 = Story::new("s-2", "Floods in Valencia");
    s2.articles = vec!["a-3".into()];
    s2.sources = vec!["BBC".into()];
    s2.first_published = a3.published;
    s2.last_published = a3.published;
    let db = SqliteStore::open_in_memory().unwrap();
    db.commit(&Batch {
        articles: vec![a1, a2, a3],
        stories: vec![s1, s2],
        ..Batch::default()
    })
    .unwrap();
    Arc::new(db)
}

fn app_with(store: Arc<SqliteStore>, config: Config) -> Router {
    server::router(AppState::new(store, config))
}

fn app() -> Router {
    app_with(sample_store(), Config::default())
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String, Option<String>) {
    let r = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = r.status();
    let ct = r
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string());
    let body = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap(), ct)
}

async fn post(app: &Router, token: Option<&str>, body: String) -> (StatusCode, String) {
    let mut req = Request::post("/api/articles").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let r = app
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = r.status();
    let body = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[tokio::test]
async fn every_documented_route_answers_and_every_api_route_is_documented() {
    let app = app();
    let (status, body, _) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let doc = json(&body);
    let mut listed = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            listed.push(format!("{} {path}", method.to_uppercase()));
            let uri = path.replace(
                "{id}",
                if path.contains("stories") {
                    "s-1"
                } else {
                    "a-1"
                },
            );
            let status = match method.as_str() {
                "get" => get(&app, &uri).await.0,
                "post" => post(&app, None, "{\"files\":[]}".into()).await.0,
                m => panic!("unexpected method {m}"),
            };
            assert!(
                status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {uri}: {status}"
            );
        }
    }
    listed.sort();
    // The API routes the router has (kept in step with `server::router` by this test).
    let mut routes = vec![
        "GET /api/stories",
        "GET /api/stories/{id}",
        "GET /api/articles/{id}",
        "POST /api/articles",
        "GET /api/search",
        "GET /api/openapi.json",
    ];
    routes.sort();
    assert_eq!(listed, routes);
    // And nothing else under /api answers.
    assert_eq!(get(&app, "/api/nothing").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn stories_are_listed_filtered_and_paged() {
    let app = app();
    let ids = |body: &str| -> (u64, Vec<String>) {
        let v = json(body);
        let items = v["items"].as_array().unwrap();
        (
            v["total"].as_u64().unwrap(),
            items
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_string())
                .collect(),
        )
    };
    assert_eq!(
        ids(&get(&app, "/api/stories").await.1),
        (2, vec!["s-2".into(), "s-1".into()])
    );
    assert_eq!(
        ids(&get(&app, "/api/stories?q=truce").await.1),
        (1, vec!["s-1".into()])
    );
    assert_eq!(
        ids(&get(&app, "/api/stories?since=2025-04-01").await.1),
        (1, vec!["s-2".into()])
    );
    assert_eq!(
        ids(&get(&app, "/api/stories?until=2025-03-10").await.1),
        (1, vec!["s-1".into()])
    );
    assert_eq!(
        ids(&get(&app, "/api/stories?limit=1&offset=1").await.1),
        (2, vec!["s-1".into()])
    );
    assert_eq!(
        get(&app, "/api/stories?since=yesterday").await.0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn story_and_article_records() {
    let app = app();
    let (status, body, ct) = get(&app, "/api/stories/s-1").await;
    assert_eq!(
        (status, ct.as_deref()),
        (StatusCode::OK, Some("application/json"))
    );
    let story: Story = serde_json::from_str(&body).unwrap();
    assert_eq!(story.claims.len(), 2);
    assert_eq!(
        get(&app, "/api/stories/s-404").await.0,
        StatusCode::NOT_FOUND
    );

    let v = json(&get(&app, "/api/articles/a-1").await.1);
    assert_eq!(v["story"], "s-1");
    let spans = v["spans"].as_array().unwrap();
    let quote = spans.iter().find(|s| s["kind"] == "quote").unwrap();
    assert_eq!(quote["text"], "the truce would hold");
    assert_eq!(spans.iter().filter(|s| s["kind"] == "paragraph").count(), 3);
    assert_eq!(
        get(&app, "/api/articles/a-404").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn search_answers_ranked_hits() {
    let app = app();
    let v = json(&get(&app, "/api/search?q=truce").await.1);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.len() >= 3, "{v}");
    assert!(hits.iter().any(|h| h["kind"] == "claim"));
    assert!(hits
        .windows(2)
        .all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()));
    let v = json(&get(&app, "/api/search?q=%22%20OR%20*").await.1);
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn posting_needs_the_token_and_fits_the_limit() {
    let body = serde_json::json!({ "files": [
        { "name": "one.txt", "content": "Quake strikes\n\nThe ground shook." },
        { "name": "two.txt", "content": "Quake aftermath\n\nRescuers dug." }
    ]})
    .to_string();
    // No token configured: refused.
    assert_eq!(
        post(&app(), Some("x"), body.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let store = Arc::new(SqliteStore::open_in_memory().unwrap());
    let config = Config {
        token: Some("sekret".into()),
        max_body: 4096,
        engine: Some(Arc::new(|| {
            Box::new(OneStory::default()) as Box<dyn Engine>
        })),
        reader: None,
        ..Config::default()
    };
    let app = app_with(store.clone(), config);
    assert_eq!(
        post(&app, None, body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(&app, Some("sekreT"), body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, answer) = post(&app, Some("sekret"), body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let v = json(&answer);
    let statuses: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["added", "added"]);
    assert_eq!(store.counts().unwrap().articles, 2);
    // Again: nothing changes.
    let v = json(&post(&app, Some("sekret"), body).await.1);
    assert_eq!(v["results"][0]["status"], "already-stored");
    assert_eq!(store.counts().unwrap().articles, 2);
    // Too large.
    let big = serde_json::json!({ "files": [{ "name": "big.txt", "content": "x".repeat(5000) }] });
    assert_eq!(
        post(&app, Some("sekret"), big.to_string()).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        post(&app, Some("sekret"), "not json".into()).await.0,
        StatusCode::BAD_REQUEST
    );
}

const EVIL: &[&str] = &[
    "<script>alert('t')</script> Breaking <img src=x onerror=alert(1)>",
    "Click <a href=\"javascript:alert(2)\">here</a> or <svg onload=alert(3)>.",
    "\"><iframe src=javascript:alert(4)></iframe><body onload=alert(5)>",
    "<style>body{display:none}</style><meta http-equiv=refresh content=0;url=javascript:alert(6)>",
];

/// The tags the page itself writes; anything else in a page came from data.
const OUR_TAGS: &[&str] = &[
    "!doctype", "html", "head", "meta", "title", "style", "script", "body", "header", "a", "form",
    "input", "main", "article", "h1", "h2", "h3", "p", "span", "section", "dl", "dt", "dd", "q",
    "ol", "ul", "li", "time", "div", "table", "thead", "tbody", "tr", "th", "td", "nav", "mark",
    "br", "b", "label", "button",
];

/// Checks that a page built from [`EVIL`] has only our own tags, no event-handler attribute,
/// no `javascript:` link, and only our own script.
fn assert_inert(page: &str) {
    let mut rest = page;
    while let Some(i) = rest.find('<') {
        let tag_end = rest[i..].find('>').map(|e| i + e + 1).unwrap_or(rest.len());
        let tag = &rest[i..tag_end];
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_lowercase();
        assert!(OUR_TAGS.contains(&name.as_str()), "foreign tag {tag:?}");
        // Attribute names, with quoted values removed.
        let mut bare = String::new();
        let mut quoted = false;
        for c in tag.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if !quoted {
                bare.push(c.to_ascii_lowercase());
            }
        }
        assert!(
            !bare
                .split_whitespace()
                .any(|w| w.starts_with("on") && w.contains('=')),
            "handler in {tag:?}"
        );
        assert!(!tag.to_lowercase().contains("href=\"javascript"), "{tag:?}");
        assert!(!tag.to_lowercase().contains("src=\"javascript"), "{tag:?}");
        if name == "script" && !tag.starts_with("</") {
            assert_eq!(tag, "<script src=\"/assets/app.js\" defer>");
        }
        rest = &rest[tag_end..];
    }
}

#[tokio::test]
async fn article_markup_is_shown_as_text() {
    // Ingest an article full of markup through the ingestion path.
    let store = Arc::new(SqliteStore::open_in_memory().unwrap());
    let mut engine = OneStory::default();
    let mut doc = Document::new("evil.txt", model::Format::Text, EVIL.join("\n\n"));
    doc.url = Some("javascript:alert(7)".into());
    server::add_documents(store.as_ref(), &mut engine, &[doc]).unwrap();
    let id = engine.articles[0].id.clone();
    // Give the story every section, each quoting the evil text.
    let mut story = store.story("s-all").unwrap().unwrap();
    let span = Span::new(0, EVIL[0].len());
    story.sources = vec![EVIL[2].into()];
    story.brief = vec![BriefSentence {
        text: EVIL[1].into(),
        citations: vec![Citation {
            article: id.clone(),
            span,
        }],
    }];
    story.quotes = vec![Quote {
        speaker: Some(EVIL[3].into()),
        speaker_span: None,
        speaker_entity: None,
        text: EVIL[0].into(),
        kind: QuoteKind::Direct,
        cue: Some(EVIL[1].into()),
        cue_span: None,
        article: id.clone(),
        span,
        confidence: 1.0,
    }];
    story.timeline = vec![TimelineEntry {
        date: EVIL[2].into(),
        precision: "day".into(),
        text: EVIL[0].into(),
        article: id.clone(),
        span,
    }];
    story.claims = vec![Claim {
        id: EVIL[2].into(),
        text: EVIL[1].into(),
        support: vec![Support {
            article: id.clone(),
            source: Some(EVIL[3].into()),
            span,
        }],
        independent_sources: 1,
        single_source: true,
        attributed_to: Some(EVIL[0].into()),
    }];
    story.contradictions = vec![Contradiction {
        claims: vec![EVIL[2].into()],
        kind: EVIL[0].into(),
        note: EVIL[3].into(),
    }];
    story.copies = vec![Copy {
        article: id.clone(),
        origin: id.clone(),
        similarity: 1.0,
        changes: vec![EVIL[1].into()],
    }];
    store
        .commit(&Batch {
            stories: vec![story],
            ..Batch::default()
        })
        .unwrap();

    let app = app_with(store, Config::default());
    let pages = [
        "/".to_string(),
        "/?q=script+alert".to_string(),
        "/?q=%3Cscript%3E".to_string(),
        "/stories/s-all".to_string(),
        format!("/articles/{id}"),
        format!("/articles/{id}?hl=0-40"),
    ];
    for uri in &pages {
        let (status, page, ct) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(ct.as_deref(), Some("text/html; charset=utf-8"));
        assert_inert(&page);
    }
    // The text is shown, escaped.
    let (_, page, _) = get(&app, "/stories/s-all").await;
    assert!(
        page.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"),
        "{page}"
    );
    let (_, page, _) = get(&app, &format!("/articles/{id}?hl=0-8")).await;
    assert!(
        page.contains("<mark id=\"hl\">&lt;script&gt;</mark>"),
        "{page}"
    );
    assert!(
        page.contains("javascript:alert(7)"),
        "the url is shown as text"
    );
    // And the policy forbids inline script even if something slipped through.
    let r = app
        .clone()
        .oneshot(Request::get("/stories/s-all").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let csp = r
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"));
}

#[tokio::test]
async fn pages_render_every_section() {
    let app = app();
    let (status, page, _) = get(&app, "/stories/s-1").await;
    assert_eq!(status, StatusCode::OK);
    for needle in [
        "id=\"brief\"",
        "id=\"quotes\"",
        "id=\"timeline\"",
        "id=\"claims\"",
        "id=\"copies\"",
        "single source",
        "contradicted: date",
        "/articles/a-1?hl=14-47#hl",
        "Peskov",
    ] {
        assert!(page.contains(needle), "{needle} missing");
    }
    let (_, page, _) = get(&app, "/articles/a-1?hl=14-47").await;
    assert!(
        page.contains("<mark id=\"hl\">Peskov said the truce would hold.</mark>"),
        "{page}"
    );
    let (_, page, _) = get(&app, "/?q=valencia").await;
    assert!(
        page.contains("/stories/s-2") && page.contains("<b>Valencia</b>"),
        "{page}"
    );
    assert_eq!(get(&app, "/stories/nope").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/assets/app.js").await.0, StatusCode::OK);
}

/// Regression guard for the story cache: an answer served twice is served from memory, and a
/// commit (through this server's store or by another process writing the file) is seen by the
/// very next request.
#[tokio::test]
async fn cached_story_answers_never_go_stale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let served = Arc::new(SqliteStore::open(&path).unwrap());
    let a = article(
        "a-1",
        "Reuters",
        &["Truce agreed", "It held."],
        "2025-03-10",
    );
    let mut s = Story::new("s-1", "Truce agreed");
    s.articles = vec!["a-1".into()];
    served
        .commit(&Batch {
            articles: vec![a],
            stories: vec![s.clone()],
            ..Batch::default()
        })
        .unwrap();
    let app = app_with(served.clone(), Config::default());
    let headline = |body: &str| json(body)["headline"].as_str().unwrap().to_string();
    let api = get(&app, "/api/stories/s-1").await.1;
    assert_eq!(api, served.story_json("s-1").unwrap().unwrap());
    let page = get(&app, "/stories/s-1").await.1;
    // Twice: the same bytes (now from the cache).
    assert_eq!(get(&app, "/api/stories/s-1").await.1, api);
    assert_eq!(get(&app, "/stories/s-1").await.1, page);

    // A commit through the served store.
    s.headline = "Truce holds".into();
    served
        .commit(&Batch {
            stories: vec![s.clone()],
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(
        headline(&get(&app, "/api/stories/s-1").await.1),
        "Truce holds"
    );
    assert!(get(&app, "/stories/s-1")
        .await
        .1
        .contains("<h1>Truce holds</h1>"));

    // A commit by another writer of the same file, as `storyline ingest` in another process.
    let other = SqliteStore::open(&path).unwrap();
    s.headline = "Truce broken".into();
    other
        .commit(&Batch {
            stories: vec![s.clone()],
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(
        headline(&get(&app, "/api/stories/s-1").await.1),
        "Truce broken"
    );
    assert!(get(&app, "/stories/s-1")
        .await
        .1
        .contains("<h1>Truce broken</h1>"));
    other
        .commit(&Batch {
            removed_stories: vec!["s-1".into()],
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(get(&app, "/api/stories/s-1").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/stories/s-1").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn story_pages_are_served_as_stored_by_the_same_renderer_only() {
    let store = sample_store();
    let app = app_with(store.clone(), Config::default());
    let rendered = get(&app, "/stories/s-2").await.1;
    let page = |renderer: &str, html: &str| store::StoryPage {
        story: "s-2".into(),
        renderer: renderer.into(),
        html: html.into(),
    };
    store
        .commit(&Batch {
            pages: vec![page("some other renderer", "<p>old shape</p>")],
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(get(&app, "/stories/s-2").await.1, rendered);
    store
        .commit(&Batch {
            pages: vec![page(server::page_renderer(), "<p>as stored</p>")],
            ..Batch::default()
        })
        .unwrap();
    let (status, body, ct) = get(&app, "/stories/s-2").await;
    assert_eq!(
        (status, body.as_str(), ct.as_deref()),
        (
            StatusCode::OK,
            "<p>as stored</p>",
            Some("text/html; charset=utf-8")
        )
    );
}
