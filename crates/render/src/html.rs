//! Server-side HTML for a story's dossier and for one article with a highlighted span.
//!
//! Article text is untrusted: every string taken from an article or a story goes through
//! [`escape`] (text and attribute values alike), ids in links go through [`url_part`], and an
//! article's URL becomes a link only when it is `http(s)`. No markup, script or event handler
//! from data ever reaches the page. The page's own style sheet and script are the constants
//! [`CSS`] and [`JS`]; the page reads fully without the script.

use model::{Article, Span, Story};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The version of what this module writes. Bump it with every change to the HTML it
/// produces: stored pages are keyed by it (with the style sheet), so a bump makes readers
/// render anew instead of serving pages of the old shape. The test `output_is_versioned`
/// fails until the bump is made.
pub const VERSION: u32 = 1;

/// The page's style sheet (inlined into every page: no external assets).
pub const CSS: &str = include_str!("page.css");
/// The page's optional script, served by the server at `/assets/app.js`.
pub const JS: &str = include_str!("page.js");

/// Escapes text for HTML element content and quoted attribute values.
///
/// ```
/// assert_eq!(render::html::escape(r#"<a href="x">'&'</a>"#),
///            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`] appended to `out`: runs without markup characters are copied whole.
pub fn escape_into(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// Percent-encodes an id for use inside a URL path or query (everything but `A-Za-z0-9-_.~`).
pub fn url_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The link that opens an article with a span highlighted.
pub fn cite_href(article: &str, span: Span) -> String {
    format!(
        "/articles/{}?hl={}-{}#hl",
        url_part(article),
        span.start,
        span.end
    )
}

/// How a page is wrapped.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Load the page's script from this URL (the server passes `/assets/app.js`); `None` for a
    /// standalone file.
    pub script_src: Option<String>,
}

/// Wraps a body into a complete page. `title` is escaped here; `body` must already be HTML.
pub fn layout(title: &str, body: &str, opts: &Options) -> String {
    let mut out = String::with_capacity(body.len() + CSS.len() + 512);
    out.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">");
    let _ = write!(out, "<title>{} · storyline</title>", escape(title));
    let _ = write!(out, "<style>{CSS}</style>");
    if let Some(src) = &opts.script_src {
        let _ = write!(out, "<script src=\"{}\" defer></script>", escape(src));
    }
    out.push_str("</head><body><header class=\"top\"><a href=\"/\" class=\"brand\">storyline</a>");
    out.push_str("<form action=\"/\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" placeholder=\"Search stories and articles\" aria-label=\"Search\"></form></header>\n<main>");
    out.push_str(body);
    out.push_str("</main></body></html>\n");
    out
}

fn fmt_time(t: &Option<model::PubTime>) -> String {
    t.map(|t| t.to_string()).unwrap_or_else(|| "undated".into())
}

/// Numbers the story's articles 1.. in story order, for citation marks.
struct Sources<'a> {
    by_id: BTreeMap<&'a str, &'a Article>,
    number: BTreeMap<&'a str, usize>,
}

impl<'a> Sources<'a> {
    fn new(story: &'a Story, articles: &'a [Article]) -> Sources<'a> {
        let by_id = articles.iter().map(|a| (a.id.as_str(), a)).collect();
        let number = story
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.as_str(), i + 1))
            .collect();
        Sources { by_id, number }
    }

    fn name(&self, id: &str) -> String {
        self.by_id
            .get(id)
            .and_then(|a| a.source.clone().or_else(|| a.title.clone()))
            .unwrap_or_else(|| id.to_string())
    }

    /// `[n]` linking to the article with the span highlighted.
    fn cite(&self, article: &str, span: Span) -> String {
        let n = self
            .number
            .get(article)
            .map(|n| n.to_string())
            .unwrap_or_else(|| "·".into());
        format!(
            "<a class=\"cite\" href=\"{}\" title=\"{}\">[{}]</a>",
            escape(&cite_href(article, span)),
            escape(&self.name(article)),
            n
        )
    }
}

/// The whole dossier page of a story. `articles` are the story's articles (any order; missing
/// ones are shown by id).
pub fn story_page(story: &Story, articles: &[Article]) -> String {
    layout(
        &story.headline,
        &story_body(story, articles),
        &Options::default(),
    )
}

/// The dossier as an HTML fragment (what [`story_page`] wraps).
pub fn story_body(story: &Story, articles: &[Article]) -> String {
    let src = Sources::new(story, articles);
    let mut o = String::new();
    let _ = write!(
        o,
        "<article class=\"story\" id=\"story\"><h1>{}</h1><p class=\"meta\">{} articles · {} sources ({} independent) · {} – {}</p>",
        escape(&story.headline),
        story.articles.len(),
        story.sources.len(),
        story.independent_sources,
        escape(&fmt_time(&story.first_published)),
        escape(&fmt_time(&story.last_published)),
    );

    // The brief.
    o.push_str("<section id=\"brief\"><h2>Brief</h2>");
    if story.brief.is_empty() {
        o.push_str("<p class=\"empty\">No brief yet.</p>");
    } else {
        o.push_str("<p class=\"brief\">");
        for s in &story.brief {
            let _ = write!(o, "<span class=\"sentence\">{}", escape(&s.text));
            for c in &s.citations {
                o.push_str(&src.cite(&c.article, c.span));
            }
            o.push_str("</span> ");
        }
        o.push_str("</p>");
    }
    o.push_str("</section>");

    // Contradiction flags by claim id.
    let mut contested: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in &story.contradictions {
        for id in &c.claims {
            contested
                .entry(id.as_str())
                .or_default()
                .push(c.kind.as_str());
        }
    }

    // Who said what.
    o.push_str("<section id=\"quotes\"><h2>Who said what</h2>");
    if story.quotes.is_empty() {
        o.push_str("<p class=\"empty\">No quotes found.</p>");
    } else {
        let mut by_speaker: BTreeMap<String, Vec<&model::Quote>> = BTreeMap::new();
        for q in &story.quotes {
            let who = q.speaker.clone().unwrap_or_else(|| "Unattributed".into());
            by_speaker.entry(who).or_default().push(q);
        }
        o.push_str("<dl class=\"quotes\">");
        for (who, qs) in &by_speaker {
            let _ = write!(o, "<dt>{}</dt>", escape(who));
            for q in qs {
                let (open, close) = match q.kind {
                    model::QuoteKind::Direct => ("“", "”"),
                    model::QuoteKind::Indirect => ("", ""),
                };
                let _ = write!(
                    o,
                    "<dd><q class=\"{}\">{open}{}{close}</q> <span class=\"src\">{}{}</span>{}</dd>",
                    match q.kind {
                        model::QuoteKind::Direct => "direct",
                        model::QuoteKind::Indirect => "indirect",
                    },
                    escape(&q.text),
                    escape(&src.name(&q.article)),
                    q.cue
                        .as_deref()
                        .map(|c| format!(", {}", escape(c)))
                        .unwrap_or_default(),
                    src.cite(&q.article, q.span)
                );
            }
        }
        o.push_str("</dl>");
    }
    o.push_str("</section>");

    // Timeline.
    o.push_str("<section id=\"timeline\"><h2>Timeline</h2>");
    if story.timeline.is_empty() {
        o.push_str("<p class=\"empty\">No dated events.</p>");
    } else {
        let mut entries: Vec<&model::TimelineEntry> = story.timeline.iter().collect();
        entries.sort_by(|a, b| a.date.cmp(&b.date));
        o.push_str("<ol class=\"timeline\">");
        for e in entries {
            let _ = write!(
                o,
                "<li><time>{}</time> {}{}</li>",
                escape(&e.date),
                escape(&e.text),
                src.cite(&e.article, e.span)
            );
        }
        o.push_str("</ol>");
    }
    o.push_str("</section>");

    // Source-by-claim matrix.
    o.push_str("<section id=\"claims\"><h2>Claims by source</h2>");
    if story.claims.is_empty() {
        o.push_str("<p class=\"empty\">No claims aligned.</p>");
    } else {
        let mut cols: BTreeSet<String> = BTreeSet::new();
        for c in &story.claims {
            for s in &c.support {
                cols.insert(s.source.clone().unwrap_or_else(|| src.name(&s.article)));
            }
        }
        let cols: Vec<String> = cols.into_iter().collect();
        o.push_str(
            "<div class=\"scroll\"><table class=\"matrix\"><thead><tr><th scope=\"col\">Claim</th>",
        );
        for c in &cols {
            let _ = write!(
                o,
                "<th scope=\"col\" class=\"rot\"><span>{}</span></th>",
                escape(c)
            );
        }
        o.push_str("</tr></thead><tbody>");
        for c in &story.claims {
            let _ = write!(
                o,
                "<tr id=\"claim-{}\"><th scope=\"row\">{}",
                escape(&url_part(&c.id)),
                escape(&c.text)
            );
            if let Some(who) = &c.attributed_to {
                let _ = write!(o, " <span class=\"who\">({})</span>", escape(who));
            }
            if c.single_source {
                o.push_str(" <span class=\"flag single\">single source</span>");
            }
            if let Some(kinds) = contested.get(c.id.as_str()) {
                let _ = write!(
                    o,
                    " <span class=\"flag contra\">contradicted: {}</span>",
                    escape(&kinds.join(", "))
                );
            }
            o.push_str("</th>");
            for col in &cols {
                let hit = c
                    .support
                    .iter()
                    .find(|s| s.source.clone().unwrap_or_else(|| src.name(&s.article)) == *col);
                match hit {
                    Some(s) => {
                        let _ = write!(
                            o,
                            "<td class=\"yes\"><a href=\"{}\" title=\"{}\">●</a></td>",
                            escape(&cite_href(&s.article, s.span)),
                            escape(col)
                        );
                    }
                    None => o.push_str("<td class=\"no\"></td>"),
                }
            }
            o.push_str("</tr>");
        }
        o.push_str("</tbody></table></div>");
        if !story.contradictions.is_empty() {
            let text: BTreeMap<&str, &str> = story
                .claims
                .iter()
                .map(|c| (c.id.as_str(), c.text.as_str()))
                .collect();
            o.push_str("<h3>Contradictions</h3><ul class=\"contra\">");
            for c in &story.contradictions {
                let _ = write!(
                    o,
                    "<li><span class=\"flag contra\">{}</span> {}",
                    escape(&c.kind),
                    escape(&c.note)
                );
                o.push_str("<ul>");
                for id in &c.claims {
                    let _ = write!(
                        o,
                        "<li><a href=\"#claim-{}\">{}</a></li>",
                        escape(&url_part(id)),
                        escape(text.get(id.as_str()).copied().unwrap_or(id))
                    );
                }
                o.push_str("</ul></li>");
            }
            o.push_str("</ul>");
        }
    }
    o.push_str("</section>");

    // Copies and syndication.
    o.push_str("<section id=\"copies\"><h2>Copies and syndication</h2>");
    if story.copies.is_empty() {
        o.push_str("<p class=\"empty\">No copies: every article is its own report.</p>");
    } else {
        o.push_str("<div class=\"scroll\"><table class=\"copies\"><thead><tr><th>Copy</th><th>Origin</th><th>Similarity</th><th>What changed</th></tr></thead><tbody>");
        for c in &story.copies {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{:.0}%</td><td>{}</td></tr>",
                article_link(&src, &c.article),
                article_link(&src, &c.origin),
                c.similarity * 100.0,
                escape(&c.changes.join(", "))
            );
        }
        o.push_str("</tbody></table></div>");
    }
    o.push_str("</section>");

    // The articles, numbered as cited.
    o.push_str("<section id=\"articles\"><h2>Articles</h2><ol class=\"articles\">");
    for id in &story.articles {
        let a = src.by_id.get(id.as_str());
        let _ = write!(
            o,
            "<li>{} <span class=\"src\">{} · {}</span></li>",
            article_link(&src, id),
            escape(&a.and_then(|a| a.source.clone()).unwrap_or_default()),
            escape(&fmt_time(&a.and_then(|a| a.published)))
        );
    }
    o.push_str("</ol></section></article>");
    o
}

fn article_link(src: &Sources<'_>, id: &str) -> String {
    let title = src
        .by_id
        .get(id)
        .and_then(|a| a.title.clone())
        .unwrap_or_else(|| src.name(id));
    format!(
        "<a href=\"/articles/{}\">{}</a>",
        escape(&url_part(id)),
        escape(&title)
    )
}

/// Parses the `hl` query value `START-END`.
pub fn parse_hl(s: &str) -> Option<Span> {
    let (a, b) = s.split_once('-')?;
    let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a <= b).then(|| Span::new(a, b))
}

/// One article's page, with `hl` (a byte span of [`Article::body`]) in `<mark id="hl">`.
/// `story` is the id and headline of the story it belongs to, for the back link.
pub fn article_page(article: &Article, hl: Option<Span>, story: Option<(&str, &str)>) -> String {
    article_page_with(article, hl, story, &Options::default())
}

/// [`article_page`] with page options.
pub fn article_page_with(
    article: &Article,
    hl: Option<Span>,
    story: Option<(&str, &str)>,
    opts: &Options,
) -> String {
    let title = article.title.clone().unwrap_or_else(|| article.id.clone());
    let mut o = String::new();
    if let Some((id, headline)) = story {
        let _ = write!(
            o,
            "<nav class=\"back\"><a href=\"/stories/{}\">← {}</a></nav>",
            escape(&url_part(id)),
            escape(headline)
        );
    }
    let _ = write!(
        o,
        "<article class=\"doc\"><h1>{}</h1><p class=\"meta\">",
        escape(&title)
    );
    let mut meta = Vec::new();
    if let Some(s) = &article.source {
        meta.push(escape(s));
    }
    if let Some(b) = &article.byline {
        meta.push(escape(b));
    }
    meta.push(escape(&fmt_time(&article.published)));
    o.push_str(&meta.join(" · "));
    if let Some(u) = &article.url {
        let t = u.trim();
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            let _ = write!(
                o,
                " · <a href=\"{}\" rel=\"noopener noreferrer nofollow\">original</a>",
                escape(t)
            );
        } else {
            let _ = write!(o, " · <span class=\"url\">{}</span>", escape(t));
        }
    }
    o.push_str("</p>");
    let body = article.body();
    let hl = hl.filter(|s| !s.is_empty() && body.get(s.start..s.end).is_some());
    let mut marked = false;
    for (p, span) in article.paragraphs.iter().zip(article.paragraph_spans()) {
        o.push_str("<p>");
        match hl.filter(|h| h.overlaps(span)) {
            Some(h) => {
                let a = h.start.max(span.start) - span.start;
                let b = h.end.min(span.end) - span.start;
                match (p.get(..a), p.get(a..b), p.get(b..)) {
                    (Some(x), Some(y), Some(z)) => {
                        o.push_str(&escape(x));
                        if marked {
                            let _ = write!(o, "<mark>{}</mark>", escape(y));
                        } else {
                            let _ = write!(o, "<mark id=\"hl\">{}</mark>", escape(y));
                            marked = true;
                        }
                        o.push_str(&escape(z));
                    }
                    _ => o.push_str(&escape(p)),
                }
            }
            None => o.push_str(&escape(p)),
        }
        o.push_str("</p>");
    }
    o.push_str("</article>");
    layout(&title, &o, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_hl(paragraphs: &[&str], hl: Span, expected_mark: &str) {
        let mut a = Article::new("a-1", "t");
        a.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
        let page = article_page(&a, Some(hl), None);
        let start = page.find("<mark id=\"hl\">").map(|i| i + 14);
        let got = start.map(|s| &page[s..s + page[s..].find("</mark>").unwrap_or(0)]);
        assert_eq!(got.unwrap_or(""), expected_mark, "{page}");
    }

    #[test]
    fn spans_are_marked() {
        check_hl(&["Peskov said so.", "Then."], Span::new(0, 6), "Peskov");
        check_hl(&["One.", "Two <b>."], Span::new(6, 14), "Two &lt;b&gt;.");
        // Out of bounds or inside a character: no mark, no panic.
        check_hl(&["é"], Span::new(1, 2), "");
        check_hl(&["short"], Span::new(3, 99), "");
    }

    #[test]
    fn escaping_keeps_all_other_text() {
        for (input, expected) in [
            ("", ""),
            ("plain", "plain"),
            ("é<ü>&ß\"'", "é&lt;ü&gt;&amp;ß&quot;&#39;"),
            ("<<", "&lt;&lt;"),
            ("日本>", "日本&gt;"),
        ] {
            assert_eq!(escape(input), expected, "{input:?}");
        }
    }

    #[test]
    fn hl_values_parse() {
        assert_eq!(parse_hl("3-9"), Some(Span::new(3, 9)));
        assert_eq!(parse_hl("9-3"), None);
        assert_eq!(parse_hl("x"), None);
    }

    #[test]
    fn urls_only_link_when_http() {
        let mut a = Article::new("a-1", "t");
        a.url = Some("javascript:alert(1)".into());
        assert!(!article_page(&a, None, None).contains("href=\"javascript"));
        a.url = Some("https://example.org/x?a=1&b=\"2\"".into());
        assert!(article_page(&a, None, None)
            .contains("href=\"https://example.org/x?a=1&amp;b=&quot;2&quot;\""));
    }

    #[test]
    fn ids_are_encoded_in_links() {
        assert_eq!(url_part("a-1/../x y"), "a-1%2F..%2Fx%20y");
        assert_eq!(
            cite_href("a\"><script>", Span::new(1, 2)),
            "/articles/a%22%3E%3Cscript%3E?hl=1-2#hl"
        );
    }

    /// A story with every section filled, and markup in every text.
    fn full_story() -> (Story, Vec<Article>) {
        use model::{
            BriefSentence, Citation, Claim, Contradiction, Copy, PubTime, Quote, QuoteKind,
            Support, TimelineEntry,
        };
        let mut a1 = Article::new("a-1", "t/1");
        a1.title = Some("Truce <agreed>".into());
        a1.source = Some("Wire & Co".into());
        a1.published = PubTime::parse("2025-03-10");
        a1.paragraphs = vec![
            "Peskov said the truce would hold.".into(),
            "It began.".into(),
        ];
        let mut a2 = Article::new("a/2", "t/2");
        a2.title = Some("Truce \"holds\"".into());
        a2.published = PubTime::parse("2025-03-11T08:00:00Z");
        a2.paragraphs = vec!["The truce held, 'AP' said.".into()];
        let mut s = Story::new("s-1", "Truce <b>agreed</b>");
        s.articles = vec!["a-1".into(), "a/2".into(), "a-missing".into()];
        s.sources = vec!["Wire & Co".into()];
        s.first_published = a1.published;
        s.last_published = a2.published;
        s.independent_sources = 2;
        let cite = |a: &str, st: usize, en: usize| Citation {
            article: a.into(),
            span: Span::new(st, en),
        };
        s.brief = vec![BriefSentence {
            text: "A truce <held>.".into(),
            citations: vec![cite("a-1", 0, 6), cite("a/2", 4, 9)],
        }];
        s.quotes = vec![
            Quote {
                speaker: Some("Peskov".into()),
                speaker_span: Some(Span::new(0, 6)),
                speaker_entity: None,
                text: "the truce would <hold>".into(),
                kind: QuoteKind::Indirect,
                cue: Some("said".into()),
                cue_span: None,
                article: "a-1".into(),
                span: Span::new(12, 32),
                confidence: 0.9,
            },
            Quote {
                speaker: None,
                speaker_span: None,
                speaker_entity: None,
                text: "held".into(),
                kind: QuoteKind::Direct,
                cue: None,
                cue_span: None,
                article: "a/2".into(),
                span: Span::new(10, 14),
                confidence: 0.5,
            },
        ];
        s.timeline = vec![TimelineEntry {
            date: "2025-03-10".into(),
            precision: "day".into(),
            text: "It began.".into(),
            article: "a-1".into(),
            span: Span::new(35, 44),
        }];
        let support = |a: &str, src: Option<&str>| Support {
            article: a.into(),
            source: src.map(String::from),
            span: Span::new(0, 4),
        };
        s.claims = vec![
            Claim {
                id: "c-1".into(),
                text: "A truce held".into(),
                support: vec![support("a-1", Some("Wire & Co")), support("a/2", None)],
                independent_sources: 2,
                single_source: false,
                attributed_to: Some("officials".into()),
            },
            Claim {
                id: "c 2".into(),
                text: "It began <early>".into(),
                support: vec![support("a-1", Some("Wire & Co"))],
                independent_sources: 1,
                single_source: true,
                attributed_to: None,
            },
        ];
        s.contradictions = vec![Contradiction {
            claims: vec!["c 2".into(), "c-9".into()],
            kind: "date".into(),
            note: "another says <March 9>".into(),
        }];
        s.copies = vec![Copy {
            article: "a/2".into(),
            origin: "a-1".into(),
            similarity: 0.42,
            changes: vec!["headline".into(), "<lead>".into()],
        }];
        (s, vec![a2, a1])
    }

    /// The output version and a hash of the full story's page. When the page changes, bump
    /// [`VERSION`] and put the new hash here: stored pages of the old shape then stop being
    /// served.
    const OUTPUT: (u32, u64) = (1, 0x4f9d0e2d033eaf07);

    #[test]
    fn output_is_versioned() {
        let (s, articles) = full_story();
        let page = story_page(&s, &articles);
        let hash = model::stable_hash(page.as_bytes());
        assert_eq!(
            (VERSION, hash),
            OUTPUT,
            "the story page changed: bump VERSION (if not done yet) and set OUTPUT to ({}, {hash:#x})",
            if OUTPUT.0 == VERSION { VERSION + 1 } else { VERSION }
        );
        // The page is escaped throughout.
        assert!(!page.contains("<held>") && !page.contains("<b>agreed"));
    }
}
