//! Plain-text reports -> articles: archive records with `- Key: value` fields, dateline leads,
//! aggregator pages with related-link lists, news pages with bylines, teasers and captions,
//! and rewrites with standfirsts and repeated paragraphs.
//!
//! Boilerplate is recognised by the shape of lines, never by their wording (see
//! `lines::Kind` and the rules in `plain/body.rs` and `plain/record.rs`). Every line that does
//! not reach the body, the captions, the title or `metadata` is listed in `removed` with a
//! short reason: `repeated-title`, `timestamp`, `byline`, `navigation`, `teaser`,
//! `subheading`, `related-links`, `social`, `copyright`, `repeated-paragraph`,
//! `repeated-line`, `record-header` (and `repeated-across-outlet` from [`OutletMemory`]).
//!
//! Fields the container gave (`Document::{url, source, title, published, byline}`) are trusted
//! and win; the rest is read from the text, and every guess has a [`Provenance`]. Nothing is
//! invented: no date in the text gives `published: None`, no outlet gives `source: None`.
//! A standfirst goes to `metadata["standfirst"]`, not the body (it restates the lede).
//!
//! ```
//! use model::{Document, Format};
//! let doc = Document::new(
//!     "x.txt",
//!     Format::Text,
//!     "Port Reopens After Storm\n\nby · Harbour Herald\n\nThe port reopened on Monday.\n\nShips queued.",
//! );
//! let a = extract::plain::extract(&doc);
//! assert_eq!(a.title.as_deref(), Some("Port Reopens After Storm"));
//! assert_eq!(a.source.as_deref(), Some("Harbour Herald"));
//! assert_eq!(a.byline, None);
//! assert_eq!(a.paragraphs, ["The port reopened on Monday.", "Ships queued."]);
//! ```

mod body;
mod lines;
mod memory;
mod names;
mod record;

pub use memory::OutletMemory;

use model::{Article, Document, Provenance, PubTime, Removed};
use std::collections::BTreeMap;

/// A value read from the text, with how it was found.
#[derive(Debug, Clone)]
struct Guess<T> {
    value: T,
    method: String,
    confidence: f32,
}

/// What the readers find, before it becomes an [`Article`]. The first offer of a field wins
/// unless a later one is more confident.
#[derive(Debug, Default)]
struct Draft {
    title: Option<Guess<String>>,
    source: Option<Guess<String>>,
    published: Option<Guess<PubTime>>,
    byline: Option<Guess<String>>,
    credit: Option<String>,
    paragraphs: Vec<String>,
    captions: Vec<String>,
    standfirst: Vec<String>,
    metadata: BTreeMap<String, String>,
    removed: Vec<Removed>,
}

fn offer<T>(slot: &mut Option<Guess<T>>, value: T, method: &str, confidence: f32) {
    if slot.as_ref().is_none_or(|g| g.confidence < confidence) {
        *slot = Some(Guess {
            value,
            method: method.to_string(),
            confidence,
        });
    }
}

impl Draft {
    fn offer_title(&mut self, v: &str, method: &str, conf: f32) {
        let v = v.trim();
        if !v.is_empty() {
            offer(&mut self.title, v.to_string(), method, conf);
        }
    }
    fn offer_source(&mut self, v: &str, method: &str, conf: f32) {
        let v = v.trim();
        if !v.is_empty() {
            offer(&mut self.source, v.to_string(), method, conf);
        }
    }
    fn offer_byline(&mut self, v: &str, method: &str, conf: f32) {
        let v = v.trim();
        if !v.is_empty() {
            offer(&mut self.byline, v.to_string(), method, conf);
        }
    }
    fn offer_published(&mut self, t: PubTime, method: &str, conf: f32) {
        offer(&mut self.published, t, method, conf);
    }
    fn apply_byline(&mut self, b: names::Byline) {
        if let Some(p) = b.person {
            self.offer_byline(&p, "byline-line", 0.85);
        }
        if let Some(o) = b.outlet {
            self.offer_source(&o, "byline-line", 0.85);
        }
    }
    fn remove(&mut self, text: &str, reason: &str) {
        self.removed.push(Removed {
            text: text.to_string(),
            reason: reason.to_string(),
        });
    }
}

/// Extracts one article from a plain-text document. Never fails: an empty or unreadable text
/// gives an article with no paragraphs.
pub fn extract(doc: &Document) -> Article {
    let mut a = Article::new(
        Article::make_id(&doc.input, &doc.content),
        doc.input.clone(),
    );
    let mut d = Draft::default();
    let container_title = doc.title.as_deref().filter(|t| !t.trim().is_empty());
    if record::is_record(&doc.content) {
        record::read_record(&doc.content, container_title, &mut d);
    } else {
        let units = lines::split(&doc.content);
        body::read_news(&units, container_title, &mut d);
    }
    if !d.standfirst.is_empty() {
        let body: std::collections::BTreeSet<String> =
            d.paragraphs.iter().map(|p| lines::norm(p)).collect();
        let kept: Vec<String> = std::mem::take(&mut d.standfirst)
            .into_iter()
            .filter(|s| !body.contains(&lines::norm(s)))
            .collect();
        if !kept.is_empty() {
            d.metadata.insert("standfirst".into(), kept.join("\n\n"));
        }
    }

    a.url = doc.url.clone();
    let mut prov = BTreeMap::new();
    a.title = pick(
        container_title.map(String::from),
        d.title,
        "title",
        &mut prov,
    );
    a.source = pick(
        doc.source.clone().filter(|s| !s.trim().is_empty()),
        d.source,
        "source",
        &mut prov,
    );
    a.byline = pick(
        doc.byline.clone().filter(|s| !s.trim().is_empty()),
        d.byline,
        "byline",
        &mut prov,
    );
    a.published = pick(doc.published, d.published, "published", &mut prov);
    if a.published.is_none() {
        if let Some(t) = doc.fetched {
            a.published = Some(t);
            prov.insert("published".into(), Provenance::new("fetched", 0.3));
        }
    }
    a.credit = d.credit;
    a.paragraphs = d.paragraphs;
    a.captions = d.captions;
    a.metadata = d.metadata;
    a.removed = d.removed;
    // Title, body and captions together: more text makes a surer guess on short reports.
    let sample = [
        a.title.clone().unwrap_or_default(),
        a.body(),
        a.captions.join("\n"),
    ]
    .join("\n\n");
    if let Some((lang, conf)) = text::detect_language(&sample) {
        a.language = Some(lang.to_string());
        prov.insert("language".into(), Provenance::new("whatlang", conf));
    }
    a.provenance = prov;
    a.partial = doc.partial;
    a.diagnostics = doc.notes.clone();
    if a.paragraphs.is_empty() && !doc.content.trim().is_empty() {
        a.diagnostics.push("plain: no body paragraph found".into());
    }
    a
}

/// The container's value if any (provenance `container`), else the guess.
fn pick<T>(
    container: Option<T>,
    guess: Option<Guess<T>>,
    field: &str,
    prov: &mut BTreeMap<String, Provenance>,
) -> Option<T> {
    if let Some(v) = container {
        prov.insert(field.into(), Provenance::new("container", 1.0));
        return Some(v);
    }
    let g = guess?;
    prov.insert(field.into(), Provenance::new(g.method, g.confidence));
    Some(g.value)
}
