//! HTML extraction on small pages written for these tests: main text without furniture,
//! metadata with provenance, and hostile input (empty, binary, huge, deep, truncated).

use extract::html;
use model::{Document, Format};
use std::path::Path;

fn page(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/html")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn doc(name: &str, html: String, url: Option<&str>) -> Document {
    let mut d = Document::new(name, Format::Html, html);
    d.url = url.map(String::from);
    d
}

/// Checks that the body holds every `keep` snippet and none of the `drop` snippets.
fn check_body(a: &model::Article, keep: &[&str], drop: &[&str]) {
    let body = a.body();
    for k in keep {
        assert!(body.contains(k), "missing {k:?} in body:\n{body}");
    }
    for d in drop {
        assert!(!body.contains(d), "kept {d:?} in body:\n{body}");
    }
}

#[test]
fn news_article_body_without_furniture() {
    let a = html::extract(&doc("news", page("news_article.html"), None));
    check_body(
        &a,
        &[
            "The ceasefire agreed on Tuesday",
            "We heard no shelling last night",
            "Negotiators are due to meet again",
        ],
        &[
            "Home",
            "We use cookies",
            "Advertisement",
            "Share on Facebook",
            "Related stories",
            "Talks resume",
            "reader comment",
            "Most read",
            "All rights reserved",
            "Aid trucks wait",
            "Minute Read",
        ],
    );
    assert_eq!(a.paragraphs.len(), 3, "{:#?}", a.paragraphs);
    assert_eq!(
        a.captions,
        vec!["Aid trucks wait at the checkpoint on Thursday.".to_string()]
    );
}

#[test]
fn news_article_metadata() {
    let a = html::extract(&doc("news", page("news_article.html"), None));
    assert_eq!(
        a.title.as_deref(),
        Some("Ceasefire holds in northern valley")
    );
    assert_eq!(a.source.as_deref(), Some("The Daily Example"));
    assert_eq!(a.provenance["source"].method, "json-ld:publisher");
    assert_eq!(a.byline.as_deref(), Some("Jane Smith"));
    assert_eq!(
        a.published.map(|t| t.to_string()).as_deref(),
        Some("2025-03-14T09:30:00+02:00")
    );
    assert_eq!(a.provenance["published"].method, "json-ld:datePublished");
    assert_eq!(
        a.updated.map(|t| t.to_string()).as_deref(),
        Some("2025-03-14T12:00:00+02:00")
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert!(!a.partial);
    assert_eq!(
        a.id,
        model::Article::make_id("news", &page("news_article.html"))
    );
}

#[test]
fn wire_credit_is_not_a_byline() {
    let a = html::extract(&doc("wire", page("wire_story.html"), None));
    assert_eq!(a.credit.as_deref(), Some("Reuters"));
    assert_eq!(a.byline, None);
    assert_eq!(a.title.as_deref(), Some("Markets slip as oil rises"));
    check_body(&a, &["European shares slipped", "pan-European index"], &[]);
}

#[test]
fn domain_is_the_last_resort_outlet_and_url_gives_the_date() {
    let a = html::extract(&doc(
        "bridge",
        page("url_date_only.html"),
        Some("https://www.example-town.org/news/2024/05/08/bridge"),
    ));
    assert_eq!(a.source.as_deref(), Some("example-town.org"));
    assert_eq!(a.provenance["source"].method, "domain");
    assert_eq!(
        a.published.map(|t| t.to_string()).as_deref(),
        Some("2024-05-08")
    );
    assert_eq!(a.provenance["published"].method, "url");
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn fetch_date_is_a_weak_fallback() {
    let mut d = doc("bridge", page("url_date_only.html"), None);
    d.fetched = model::PubTime::parse("2024-06-01T10:00:00Z");
    let a = html::extract(&d);
    assert_eq!(a.provenance["published"].method, "fetched");
    assert!(a.provenance["published"].confidence < 0.5);
}

#[test]
fn paywall_marks_partial() {
    let html = r#"<html><head><script type="application/ld+json">
        {"@type":"NewsArticle","headline":"Locked","isAccessibleForFree":false}</script></head>
        <body><article><p>Only the first paragraph of this story is visible to readers without a subscription.</p></article></body></html>"#;
    let a = html::extract(&doc("pay", html.into(), None));
    assert!(a.partial);
    assert!(a.diagnostics.iter().any(|d| d.contains("paywall")));
}

#[test]
fn empty_page_gives_an_empty_article_with_a_diagnostic() {
    let a = html::extract(&doc("empty", String::new(), None));
    assert!(a.paragraphs.is_empty());
    assert!(a.diagnostics.iter().any(|d| d.contains("empty")));
}

#[test]
fn binary_content_is_refused() {
    let junk: String = (0..4000u32)
        .map(|i| char::from_u32(i % 32).unwrap_or(' '))
        .collect();
    let a = html::extract(&doc("bin", junk, None));
    assert!(a.paragraphs.is_empty());
    assert!(a.diagnostics.iter().any(|d| d.contains("binary")));
}

#[test]
fn oversized_page_is_refused_with_a_diagnostic() {
    let big = format!(
        "<html><body><p>{}</p></body></html>",
        "word ".repeat(html::MAX_HTML_BYTES / 5 + 10)
    );
    let a = html::extract(&doc("big", big, None));
    assert!(a.partial);
    assert!(a.paragraphs.is_empty());
    assert!(a.diagnostics.iter().any(|d| d.contains("limit")));
}

fn nested(depth: usize) -> String {
    let mut s = String::from("<html><body>");
    for _ in 0..depth {
        s.push_str("<div>");
    }
    s.push_str(
        "<p>A paragraph at the bottom of a very deep tree of divisions, still readable.</p>",
    );
    for _ in 0..depth {
        s.push_str("</div>");
    }
    s.push_str("</body></html>");
    s
}

#[test]
fn deep_nesting_is_flattened_not_fatal() {
    let a = html::extract(&doc("deep", nested(1_000), None));
    check_body(&a, &["A paragraph at the bottom"], &[]);
    assert!(a.diagnostics.iter().any(|d| d.contains("nested deeper")));
}

#[test]
fn absurd_nesting_is_cut_quickly() {
    let t = std::time::Instant::now();
    let a = html::extract(&doc("deeper", nested(200_000), None));
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
    assert!(a.partial);
    assert!(a.diagnostics.iter().any(|d| d.contains("page cut")));
}

#[test]
fn truncated_html_is_partial() {
    let full = page("news_article.html");
    let cut = &full[..full.find("Negotiators").unwrap_or(full.len() / 2)];
    let a = html::extract(&doc("cut", cut.to_string(), None));
    assert!(a.partial);
    check_body(&a, &["The ceasefire agreed on Tuesday"], &[]);
}

#[test]
fn extraction_is_deterministic() {
    let d = doc("news", page("news_article.html"), None);
    assert_eq!(html::extract(&d), html::extract(&d));
}
