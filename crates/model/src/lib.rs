//! The plain data that flows through storyline: [`Article`], [`Story`], [`Span`], [`Quote`],
//! [`Claim`] and their ids. No IO, no clock, no logic beyond small helpers.
//!
//! Every span ([`Span`]) is a pair of **byte offsets into an article's body text**, which is
//! [`Article::body`]: the paragraphs joined with `"\n\n"`. Anything that quotes an article (a
//! quote, a claim's support, a timeline entry) points back into those bytes.
//!
//! ```
//! use model::{Article, Span};
//! let mut a = Article::new("a1", "inline");
//! a.paragraphs = vec!["Peskov said so.".into(), "Second.".into()];
//! let s = Span::new(0, 6);
//! assert_eq!(s.slice(&a.body()), "Peskov");
//! assert_eq!(a.paragraph_spans()[1], Span::new(17, 24));
//! ```

mod time;

pub use time::{year_of, Precision, PubTime};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Stable ids: `a-…` for articles, `s-…` for stories, `e-…` entities, `c-…` claims.
pub type ArticleId = String;
pub type StoryId = String;

/// FNV-1a 64-bit: a small, stable, dependency-free hash for ids and shingles. Never changes
/// across versions (ids derived from it are stored).
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A half-open byte range `[start, end)` into an article's [`Article::body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The text under the span; empty if the span is out of bounds or not on char boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Why a field holds the value it holds: every guess carries its method and a confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// How the value was found, e.g. `"json-ld"`, `"meta:og:site_name"`, `"dateline"`,
    /// `"record-field:Date"`, `"domain"`, `"whatlang"`.
    pub method: String,
    /// 0.0 ..= 1.0.
    pub confidence: f32,
}

impl Provenance {
    pub fn new(method: impl Into<String>, confidence: f32) -> Provenance {
        Provenance {
            method: method.into(),
            confidence,
        }
    }
}

/// A line or block dropped from the body, with the reason it was dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    pub text: String,
    /// A short machine-readable reason, e.g. `"related-links"`, `"teaser"`,
    /// `"repeated-paragraph"`, `"repeated-title"`, `"copyright"`, `"navigation"`.
    pub reason: String,
}

/// One extracted article. Built by `extract`, enriched by later stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    /// Where it came from: a path, `path#line`, `path#record`, or `http`.
    pub input: String,
    #[serde(default)]
    pub url: Option<String>,
    /// The outlet, e.g. "Reuters", "Mail Online". `None` when nothing in the input names it.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// Publication time, with the precision and offset the input gave.
    #[serde(default)]
    pub published: Option<PubTime>,
    #[serde(default)]
    pub updated: Option<PubTime>,
    #[serde(default)]
    pub byline: Option<String>,
    /// A wire credit such as "Reuters" or "AP" when the article credits one.
    #[serde(default)]
    pub credit: Option<String>,
    /// ISO 639-1 code, e.g. "en".
    #[serde(default)]
    pub language: Option<String>,
    pub paragraphs: Vec<String>,
    #[serde(default)]
    pub captions: Vec<String>,
    /// Record fields that are not body: ids, rights, keywords, shot lists...
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    #[serde(default)]
    pub removed: Vec<Removed>,
    /// How each guessed field was found, keyed by field name ("published", "source", ...).
    #[serde(default)]
    pub provenance: BTreeMap<String, Provenance>,
    /// True when the body is known to be incomplete (feed summary, paywall, truncation).
    #[serde(default)]
    pub partial: bool,
    /// Problems met while extracting that did not stop it.
    #[serde(default)]
    pub diagnostics: Vec<String>,
    /// Set by dedupe: the id of the earlier article this one copies.
    #[serde(default)]
    pub duplicate_of: Option<ArticleId>,
    /// Set by align: ids of the claims this article added to its story, in arrival order.
    #[serde(default)]
    pub novel_claims: Vec<String>,
}

impl Article {
    pub fn new(id: impl Into<String>, input: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            input: input.into(),
            url: None,
            source: None,
            title: None,
            published: None,
            updated: None,
            byline: None,
            credit: None,
            language: None,
            paragraphs: Vec::new(),
            captions: Vec::new(),
            metadata: BTreeMap::new(),
            removed: Vec::new(),
            provenance: BTreeMap::new(),
            partial: false,
            diagnostics: Vec::new(),
            duplicate_of: None,
            novel_claims: Vec::new(),
        }
    }

    /// The body text every [`Span`] points into: paragraphs joined by a blank line.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// The span of each paragraph inside [`Article::body`].
    pub fn paragraph_spans(&self) -> Vec<Span> {
        let mut out = Vec::with_capacity(self.paragraphs.len());
        let mut at = 0;
        for p in &self.paragraphs {
            out.push(Span::new(at, at + p.len()));
            at += p.len() + 2;
        }
        out
    }

    /// A deterministic article id from where it came from and what it says.
    pub fn make_id(input: &str, text: &str) -> ArticleId {
        let mut key = Vec::with_capacity(input.len() + text.len() + 1);
        key.extend_from_slice(input.as_bytes());
        key.push(0);
        key.extend_from_slice(text.as_bytes());
        format!("a-{:016x}", stable_hash(&key))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Organization,
    Location,
    Other,
}

/// One mention of an entity in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub article: ArticleId,
    pub span: Span,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
}

/// An entity resolved across a story's articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    /// The canonical (longest full) name.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Other surface forms: "Dmitri S. Peskov", "Peskov".
    pub aliases: Vec<String>,
    /// Descriptions that refer to it: "Kremlin spokesman".
    #[serde(default)]
    pub roles: Vec<String>,
    pub mentions: Vec<Mention>,
    /// Outlets that mention it.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
}

/// Someone's words, as reported by one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The speaker as written (after pronoun/description resolution, the resolved name).
    pub speaker: Option<String>,
    /// Where the speaker is named in the text (the pronoun itself if that is what the text has).
    #[serde(default)]
    pub speaker_span: Option<Span>,
    /// The resolved entity id, set when a story's entities are resolved.
    #[serde(default)]
    pub speaker_entity: Option<String>,
    /// The quoted or reported content, without the quote marks.
    pub text: String,
    pub kind: QuoteKind,
    /// The cue verb ("said", "told", "SAYING").
    pub cue: Option<String>,
    #[serde(default)]
    pub cue_span: Option<Span>,
    pub article: ArticleId,
    /// The content span.
    pub span: Span,
    pub confidence: f32,
}

/// A time expression found in an article, normalised against its publication time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub span: Span,
    pub text: String,
    /// TIMEX3-style value: "2025-03-13", "2025-03", "2025-W11", "P3Y", "PRESENT_REF", ...
    pub value: String,
    /// "date", "time", "duration" or "set".
    #[serde(rename = "type")]
    pub kind: String,
}

/// A dated event of a story's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The resolved date, as precise as the text allows ("2025-03-13", "2025-03").
    pub date: String,
    /// "day", "month", "year", "week", "time".
    pub precision: String,
    /// The sentence that dates the event.
    pub text: String,
    pub article: ArticleId,
    pub span: Span,
}

/// Per-article annotations, produced by `annotate` before story-level resolution.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub times: Vec<TimeExpr>,
}

/// One article's claim of support for a story-level claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Support {
    pub article: ArticleId,
    pub source: Option<String>,
    pub span: Span,
}

/// A fact (or someone's statement) aligned across a story's articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub text: String,
    pub support: Vec<Support>,
    /// Distinct origins among the supporting articles (copies of one origin count once).
    pub independent_sources: usize,
    pub single_source: bool,
    /// The speaker when the claim is someone's statement.
    pub attributed_to: Option<String>,
}

/// One event of a story: the sentences of its articles that report the same happening (a
/// looser link than a [`Claim`]: "Putin sent a message" and "the message was handed to an
/// envoy" are two claims of one event), with the claims those sentences carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// The sentence that shares most with the others, as written.
    pub text: String,
    /// Every sentence of the event, in arrival order.
    pub support: Vec<Support>,
    /// Ids of the claims whose clauses lie in those sentences.
    pub claims: Vec<String>,
    /// Distinct origins among the supporting articles (copies of one origin count once).
    pub independent_sources: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contradiction {
    pub claims: Vec<String>,
    /// "number", "date", "place", "negation", "speaker" (misattribution), "quote-drift".
    pub kind: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    pub article: ArticleId,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefSentence {
    pub text: String,
    pub citations: Vec<Citation>,
}

/// A copy (wire syndication, rewrite, duplicate) of an origin article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Copy {
    pub article: ArticleId,
    pub origin: ArticleId,
    pub similarity: f32,
    /// What changed: "headline", "paragraphs-added", "paragraphs-cut", "attribution-removed", ...
    pub changes: Vec<String>,
}

/// A story: the articles that report one event, and what storyline made of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: StoryId,
    pub headline: String,
    pub articles: Vec<ArticleId>,
    pub sources: Vec<String>,
    pub first_published: Option<PubTime>,
    pub last_published: Option<PubTime>,
    #[serde(default)]
    pub independent_sources: usize,
    #[serde(default)]
    pub copies: Vec<Copy>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub contradictions: Vec<Contradiction>,
    #[serde(default)]
    pub brief: Vec<BriefSentence>,
    /// The events the story's sentences report, most supported first.
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Story {
    pub fn new(id: impl Into<String>, headline: impl Into<String>) -> Story {
        Story {
            id: id.into(),
            headline: headline.into(),
            articles: Vec::new(),
            sources: Vec::new(),
            first_published: None,
            last_published: None,
            independent_sources: 0,
            copies: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
            timeline: Vec::new(),
            claims: Vec::new(),
            contradictions: Vec::new(),
            brief: Vec::new(),
            events: Vec::new(),
        }
    }
}

/// The digest: what `storyline digest --format json` prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    pub articles: Vec<Article>,
    pub stories: Vec<Story>,
    /// Inputs that could not be read, with the reason; the run went on without them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<InputError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputError {
    pub input: String,
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_spans_point_into_body() {
        let mut a = Article::new("a", "x");
        a.paragraphs = vec!["One é.".into(), "Two.".into(), "Three.".into()];
        let body = a.body();
        let spans = a.paragraph_spans();
        for (p, s) in a.paragraphs.iter().zip(spans) {
            assert_eq!(s.slice(&body), p);
        }
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(
            Article::make_id("in", "text"),
            Article::make_id("in", "text")
        );
        assert_ne!(
            Article::make_id("in", "text"),
            Article::make_id("in2", "text")
        );
    }
}

/// What an input document is, before extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (a report as pasted, an archive record, a JSON Lines `text`).
    Text,
    /// An HTML page or fragment (a web page, a feed item's content, a WARC response body).
    Html,
}

/// One raw document as read by `ingest`, with whatever the container said about it (a feed
/// item's link and date, a WARC record's URI and date, a JSON Lines record's fields).
/// `extract` turns it into an [`Article`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Where it came from: a path, `path#line-N`, `path#item-N`, `path#record-N`.
    pub input: String,
    pub format: Format,
    /// The decoded text (HTML or plain), valid UTF-8.
    pub content: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// A publication time the container states (feed item date, JSON Lines field): trusted.
    #[serde(default)]
    pub published: Option<PubTime>,
    /// A time to fall back on when the content has none (the WARC fetch date): a weak guess.
    #[serde(default)]
    pub fetched: Option<PubTime>,
    #[serde(default)]
    pub byline: Option<String>,
    /// True when the container says the content is partial (a feed summary).
    #[serde(default)]
    pub partial: bool,
    /// Notes from reading (charset guessed, truncated...), copied into the article's diagnostics.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Document {
    pub fn new(input: impl Into<String>, format: Format, content: impl Into<String>) -> Document {
        Document {
            input: input.into(),
            format,
            content: content.into(),
            url: None,
            source: None,
            title: None,
            published: None,
            fetched: None,
            byline: None,
            partial: false,
            notes: Vec::new(),
        }
    }
}
