//! The embedded store: articles and stories kept between runs, with full-text search.
//!
//! The [`Store`] trait is what the CLI and the server use; [`SqliteStore`] implements it over
//! one SQLite file (WAL, FTS5, migrations by `PRAGMA user_version`). A PostgreSQL backend is
//! meant to implement the same trait later: the trait speaks only in `model` types and the small
//! query/answer structs below, never in SQL.
//!
//! Writes come in a [`Batch`] (new articles, changed stories, stories gone): one batch is one
//! transaction, so a batch that [`Store::commit`] acknowledged is durable, and a process killed
//! at any point leaves the last committed state.
//!
//! ```
//! use store::{Batch, SqliteStore, Store, StoryQuery};
//! let db = SqliteStore::open_in_memory().unwrap();
//! let mut a = model::Article::new("a-1", "inline");
//! a.title = Some("Truce agreed".into());
//! a.paragraphs = vec!["Both sides agreed to a truce on Monday.".into()];
//! let mut s = model::Story::new("s-1", "Truce agreed");
//! s.articles = vec!["a-1".into()];
//! db.commit(&Batch { articles: vec![a], stories: vec![s], ..Batch::default() }).unwrap();
//! assert_eq!(db.list_stories(&StoryQuery::default()).unwrap().total, 1);
//! assert_eq!(db.search("truce", 10).unwrap()[0].article.as_deref(), Some("a-1"));
//! ```

mod query;
mod sqlite;

pub use query::fts_query;
pub use sqlite::{reader_count, SqliteStore, SCHEMA_VERSION};

use model::{Article, ArticleId, PubTime, Story, StoryId};
use serde::{Deserialize, Serialize};

/// Everything that can go wrong in a store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("stored record is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The file was written by a newer storyline.
    #[error("store schema version {found} is newer than this program's {known}")]
    TooNew { found: u32, known: u32 },
    /// A user error: a bad filter value.
    #[error("invalid query: {0}")]
    Query(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// One atomic write: new articles (appended in this order), stories to insert or replace, and
/// story ids that no longer exist (merged into another).
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub articles: Vec<Article>,
    pub stories: Vec<Story>,
    pub removed_stories: Vec<StoryId>,
    /// Content keys of the input documents this batch consumed (see [`Store::has_document`]),
    /// each with the article it became.
    pub documents: Vec<(String, ArticleId)>,
    /// Rendered pages of stories, kept beside them so that showing a story needs no
    /// rendering. Written after `stories`; a story that changes or goes loses its old page.
    pub pages: Vec<StoryPage>,
}

/// A story rendered for people, as the reader that asks for it will send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryPage {
    pub story: StoryId,
    /// Which renderer (and version of it) wrote `html`: a reader only takes pages written by
    /// the renderer it would use itself, so a page never outlives a change of renderer.
    pub renderer: String,
    pub html: String,
}

/// Filters and paging for [`Store::list_stories`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoryQuery {
    /// Only stories whose last article was published at or after this Unix time.
    pub since: Option<i64>,
    /// Only stories whose first article was published at or before this Unix time.
    pub until: Option<i64>,
    /// Only stories matching this text (headline, claims, entity names, sources).
    pub text: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

impl Default for StoryQuery {
    fn default() -> StoryQuery {
        StoryQuery {
            since: None,
            until: None,
            text: None,
            offset: 0,
            limit: 50,
        }
    }
}

/// A story as listed: enough to show a row, without its dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: StoryId,
    pub headline: String,
    pub articles: usize,
    pub sources: Vec<String>,
    pub first_published: Option<PubTime>,
    pub last_published: Option<PubTime>,
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// How many items match, over all pages.
    pub total: usize,
    pub offset: usize,
    pub items: Vec<T>,
}

/// A search hit: an article (title/body) or a claim of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// "article" or "claim".
    pub kind: String,
    pub article: Option<ArticleId>,
    pub story: Option<StoryId>,
    pub claim: Option<String>,
    /// The article's title or the claim's story headline.
    pub title: String,
    /// A short excerpt around the match, plain text.
    pub snippet: String,
    /// Byte ranges of the matched terms inside `snippet`.
    pub highlights: Vec<model::Span>,
    /// Higher is better; comparable within one answer only.
    pub score: f64,
}

/// Counts for status lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub articles: usize,
    pub stories: usize,
}

/// What storyline keeps. Implemented by [`SqliteStore`]; a PostgreSQL backend will implement
/// the same trait (JSON columns become `jsonb`, FTS5 becomes `tsvector`).
pub trait Store: Send + Sync {
    /// The schema version of the open store.
    fn schema_version(&self) -> Result<u32>;
    fn counts(&self) -> Result<Counts>;
    /// Writes a batch in one transaction: all of it or nothing.
    fn commit(&self, batch: &Batch) -> Result<()>;
    fn article(&self, id: &str) -> Result<Option<Article>>;
    fn has_article(&self, id: &str) -> Result<bool>;
    /// The story an article belongs to.
    fn story_of(&self, article: &str) -> Result<Option<StoryId>>;
    /// Whether an input document with this content key was already consumed.
    fn has_document(&self, key: &str) -> Result<bool>;
    /// Every stored article in arrival order (for replaying into a pipeline).
    fn each_article(&self, f: &mut dyn FnMut(Article)) -> Result<()>;
    fn story(&self, id: &str) -> Result<Option<Story>>;
    /// The story record as stored JSON text (what the API sends, without re-encoding).
    fn story_json(&self, id: &str) -> Result<Option<String>>;
    /// A number that grows whenever a commit lands, whether made through this value or by
    /// another process writing the same store. Caches of stored records keep the generation
    /// they were read at and are dropped when it moves: a record read after this returned `g`
    /// is at least as new as the store was at `g`.
    fn generation(&self) -> Result<u64>;
    /// The story's stored page, if one was written with it by `renderer` (see [`StoryPage`]).
    fn story_page(&self, id: &str, renderer: &str) -> Result<Option<String>>;
    /// Ids and content hashes of every stored story, to find what a batch changes.
    fn story_hashes(&self) -> Result<Vec<(StoryId, u64)>>;
    /// Stories, most recently updated first, filtered and paged.
    fn list_stories(&self, q: &StoryQuery) -> Result<Page<StorySummary>>;
    /// Full-text search over article titles and bodies and claim texts, best first.
    fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>>;
}

/// The content hash stored with each story: FNV-1a of its JSON.
pub fn story_hash(story: &Story) -> Result<u64> {
    Ok(model::stable_hash(serde_json::to_string(story)?.as_bytes()))
}

/// The key under which an input document is remembered, so that ingesting it again is a no-op.
pub fn document_key(doc: &model::Document) -> String {
    let mut key = Vec::with_capacity(doc.input.len() + doc.content.len() + 1);
    key.extend_from_slice(doc.input.as_bytes());
    key.push(0);
    key.extend_from_slice(doc.content.as_bytes());
    format!(
        "d-{:016x}-{:08x}",
        model::stable_hash(&key),
        doc.content.len()
    )
}
