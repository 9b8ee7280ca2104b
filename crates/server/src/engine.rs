//! Adding documents to a store through the pipeline: shared by `storyline ingest` and
//! `POST /api/articles`.
//!
//! Incremental and idempotent: the stored articles are replayed (in arrival order) into a fresh
//! [`Engine`] (deduplicated and clustered again, not annotated), the new documents are added
//! (those already consumed are skipped), and only the stories whose membership the new
//! documents changed are built (annotated, aligned, rendered); those and the new articles go to
//! the store in one [`Batch`], so a batch is either wholly stored or not at all.

use crate::Result;
use model::{Article, ArticleId, Digest, Document, InputError, StoryId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use store::{document_key, story_hash, Batch, Store, StoryPage};

/// What the pipeline said about one added article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub article: ArticleId,
    pub story: StoryId,
    pub duplicate_of: Option<ArticleId>,
}

/// The part of `pipeline::Pipeline` that ingestion needs; a trait so the store and server can
/// be tested without the whole pipeline, and so the pipeline can change behind it.
pub trait Engine: Send {
    /// Extracts, deduplicates, clusters and annotates one document.
    fn add_document(&mut self, doc: &Document) -> Added;
    /// Adds an already-extracted (stored) article: the replay path.
    fn add_article(&mut self, article: Article) -> Added;
    /// Adds already-extracted articles in order, as `add_article` on each would.
    fn add_articles(&mut self, articles: Vec<Article>) -> Vec<Added> {
        articles.into_iter().map(|a| self.add_article(a)).collect()
    }
    /// Every article and story as they stand.
    fn digest(&self) -> Digest;
    /// Every story's id with a fingerprint of its membership: a story whose fingerprint did
    /// not change has the same record. (The default builds everything: engines override it.)
    fn story_fingerprints(&self) -> BTreeMap<StoryId, u64> {
        self.digest()
            .stories
            .iter()
            .map(|s| {
                let key = s.articles.join("\0");
                (s.id.clone(), model::stable_hash(key.as_bytes()))
            })
            .collect()
    }
    /// The records of the named stories and the articles they hold (as in [`Engine::digest`]).
    fn digest_stories(&self, ids: &BTreeSet<StoryId>) -> Digest {
        let mut d = self.digest();
        d.stories.retain(|s| ids.contains(&s.id));
        let keep: BTreeSet<&String> = d.stories.iter().flat_map(|s| &s.articles).collect();
        d.articles.retain(|a| keep.contains(&a.id));
        d
    }
}

impl From<pipeline::Added> for Added {
    fn from(a: pipeline::Added) -> Added {
        Added {
            article: a.article,
            story: a.story,
            duplicate_of: a.duplicate_of,
        }
    }
}

impl Engine for pipeline::Pipeline {
    fn add_document(&mut self, doc: &Document) -> Added {
        pipeline::Pipeline::add_document(self, doc).into()
    }
    fn add_article(&mut self, article: Article) -> Added {
        pipeline::Pipeline::add_article(self, article).into()
    }
    fn add_articles(&mut self, articles: Vec<Article>) -> Vec<Added> {
        pipeline::Pipeline::add_articles(self, articles)
            .into_iter()
            .map(Added::from)
            .collect()
    }
    fn digest(&self) -> Digest {
        pipeline::Pipeline::digest(self)
    }
    fn story_fingerprints(&self) -> BTreeMap<StoryId, u64> {
        pipeline::Pipeline::story_fingerprints(self)
    }
    fn digest_stories(&self, ids: &BTreeSet<StoryId>) -> Digest {
        pipeline::Pipeline::digest_stories(self, ids)
    }
}

/// The real pipeline, with default settings.
pub fn pipeline_engine() -> crate::EngineFactory {
    std::sync::Arc::new(|| {
        Box::new(pipeline::Pipeline::new(pipeline::Config::default())) as Box<dyn Engine>
    })
}

/// What became of one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub input: String,
    /// "added", "duplicate" (stored, and marked as a copy of `duplicate_of`), "already-stored"
    /// (ingested before: nothing changed) or "error".
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<StoryId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<ArticleId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Outcome {
    pub fn failed(e: &InputError) -> Outcome {
        Outcome {
            input: e.input.clone(),
            status: "error".into(),
            article: None,
            story: None,
            duplicate_of: None,
            error: Some(e.error.clone()),
        }
    }
}

/// Stored articles handed to the engine at once when replaying.
const REPLAY_BATCH: usize = 256;

/// Replays every stored article into `engine`, in arrival order. Returns how many.
pub fn replay(store: &dyn Store, engine: &mut dyn Engine) -> Result<usize> {
    let mut n = 0;
    let mut batch = Vec::with_capacity(REPLAY_BATCH);
    store.each_article(&mut |a| {
        batch.push(a);
        n += 1;
        if batch.len() == REPLAY_BATCH {
            engine.add_articles(std::mem::take(&mut batch));
        }
    })?;
    engine.add_articles(batch);
    Ok(n)
}

/// Adds `docs` to a replayed `engine` and commits what changed as one batch. On error the
/// engine holds articles the store does not: drop it and replay a fresh one.
pub fn add_documents(
    store: &dyn Store,
    engine: &mut dyn Engine,
    docs: &[Document],
) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::with_capacity(docs.len());
    let mut keys = Vec::new();
    let mut seen_keys = BTreeSet::new();
    let mut new_ids: Vec<ArticleId> = Vec::new();
    let mut new_set = BTreeSet::new();
    let before = engine.story_fingerprints();
    for doc in docs {
        let key = document_key(doc);
        let mut o = Outcome {
            input: doc.input.clone(),
            status: "already-stored".into(),
            article: None,
            story: None,
            duplicate_of: None,
            error: None,
        };
        if store.has_document(&key)? || !seen_keys.insert(key.clone()) {
            outcomes.push(o);
            continue;
        }
        let added = engine.add_document(doc);
        o.article = Some(added.article.clone());
        o.story = Some(added.story.clone());
        if !store.has_article(&added.article)? && new_set.insert(added.article.clone()) {
            o.status = if added.duplicate_of.is_some() {
                "duplicate".into()
            } else {
                "added".into()
            };
            o.duplicate_of = added.duplicate_of;
            new_ids.push(added.article.clone());
        }
        keys.push((key, added.article));
        outcomes.push(o);
    }
    if keys.is_empty() {
        return Ok(outcomes);
    }
    commit_stories(
        store,
        engine,
        Scope::Changed(&before),
        &new_ids,
        keys,
        &mut outcomes,
    )?;
    Ok(outcomes)
}

/// Rebuilds every story of a replayed `engine` and stores those whose record differs from the
/// stored one (and drops stored stories that no longer exist), in one batch. For a store
/// written by another version of storyline, whose stories the current pipeline would form
/// differently. Returns how many stories were written.
pub fn rebuild(store: &dyn Store, engine: &dyn Engine) -> Result<usize> {
    commit_stories(store, engine, Scope::All, &[], Vec::new(), &mut [])
}

/// Which stories [`commit_stories`] builds.
enum Scope<'a> {
    /// Those whose membership differs from these fingerprints (taken before the new
    /// documents were added), and those the store does not have: the others' records are
    /// what is stored.
    Changed(&'a BTreeMap<StoryId, u64>),
    All,
}

/// Builds the stories in `scope`, and commits in one batch the new articles (`new_ids`), the
/// consumed document keys, every built story whose record differs from the stored one with its
/// rendered page, and the removal of stored stories the engine no longer has. Sets each
/// outcome's story to its article's final story. Returns how many stories were written.
fn commit_stories(
    store: &dyn Store,
    engine: &dyn Engine,
    scope: Scope<'_>,
    new_ids: &[ArticleId],
    keys: Vec<(String, ArticleId)>,
    outcomes: &mut [Outcome],
) -> Result<usize> {
    let after = engine.story_fingerprints();
    let stored: BTreeMap<StoryId, u64> = store.story_hashes()?.into_iter().collect();
    let build: BTreeSet<StoryId> = after
        .iter()
        .filter(|(id, f)| match scope {
            Scope::Changed(before) => before.get(*id) != Some(*f) || !stored.contains_key(*id),
            Scope::All => true,
        })
        .map(|(id, _)| id.clone())
        .collect();
    let digest = engine.digest_stories(&build);
    let mut by_id: BTreeMap<&str, &Article> = BTreeMap::new();
    for a in &digest.articles {
        by_id.insert(a.id.as_str(), a);
    }
    let articles: Vec<Article> = new_ids
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).map(|a| (*a).clone()))
        .collect();
    let mut stories = Vec::new();
    for s in &digest.stories {
        if stored.get(&s.id) != Some(&story_hash(s)?) {
            stories.push(s.clone());
        }
    }
    let removed_stories: Vec<StoryId> = stored
        .keys()
        .filter(|id| !after.contains_key(*id))
        .cloned()
        .collect();
    // The final story of each article (clustering may have moved it since it was added).
    let mut story_of: BTreeMap<&str, &str> = BTreeMap::new();
    for s in &digest.stories {
        for a in &s.articles {
            story_of.insert(a.as_str(), s.id.as_str());
        }
    }
    for o in outcomes.iter_mut() {
        if let Some(s) = o.article.as_deref().and_then(|a| story_of.get(a)) {
            o.story = Some(s.to_string());
        }
    }
    // Each changed story is rendered now, once, rather than on every view.
    let pages = stories
        .iter()
        .map(|s| {
            let mine: Vec<Article> = s
                .articles
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).map(|a| (*a).clone()))
                .collect();
            StoryPage {
                story: s.id.clone(),
                renderer: crate::page_renderer().to_string(),
                html: crate::story_page(s, &mine),
            }
        })
        .collect();
    let written = stories.len();
    if articles.is_empty() && keys.is_empty() && written == 0 && removed_stories.is_empty() {
        return Ok(0);
    }
    store.commit(&Batch {
        articles,
        stories,
        removed_stories,
        documents: keys,
        pages,
    })?;
    Ok(written)
}

#[cfg(test)]
pub(crate) mod fake {
    //! A tiny engine for tests: one story per first word of the title, exact-body duplicates.
    use super::*;
    use model::Story;

    #[derive(Default)]
    pub struct Fake {
        articles: Vec<Article>,
    }

    impl Fake {
        fn key(a: &Article) -> String {
            a.title
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase()
        }
    }

    impl Engine for Fake {
        fn add_document(&mut self, doc: &Document) -> Added {
            let mut a = Article::new(Article::make_id(&doc.input, &doc.content), &doc.input);
            a.title = doc
                .title
                .clone()
                .or_else(|| doc.content.lines().next().map(String::from));
            a.source = doc.source.clone();
            a.published = doc.published;
            a.url = doc.url.clone();
            a.paragraphs = doc.content.split("\n\n").map(String::from).collect();
            self.add_article(a)
        }

        fn add_article(&mut self, mut a: Article) -> Added {
            if let Some(old) = self.articles.iter().find(|b| b.id == a.id) {
                return Added {
                    article: old.id.clone(),
                    story: format!("s-{}", Fake::key(old)),
                    duplicate_of: old.duplicate_of.clone(),
                };
            }
            a.duplicate_of = self
                .articles
                .iter()
                .find(|b| b.paragraphs == a.paragraphs)
                .map(|b| b.id.clone());
            let added = Added {
                article: a.id.clone(),
                story: format!("s-{}", Fake::key(&a)),
                duplicate_of: a.duplicate_of.clone(),
            };
            self.articles.push(a);
            added
        }

        fn digest(&self) -> Digest {
            let mut stories: BTreeMap<String, Story> = BTreeMap::new();
            for a in &self.articles {
                let k = Fake::key(a);
                let s = stories.entry(k.clone()).or_insert_with(|| {
                    Story::new(format!("s-{k}"), a.title.clone().unwrap_or_default())
                });
                s.articles.push(a.id.clone());
                if let Some(src) = &a.source {
                    if !s.sources.contains(src) {
                        s.sources.push(src.clone());
                    }
                }
                s.first_published = s.first_published.min(a.published).or(a.published);
                s.last_published = s.last_published.max(a.published);
            }
            Digest {
                articles: self.articles.clone(),
                stories: stories.into_values().collect(),
                errors: Vec::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fake::Fake;
    use super::*;
    use model::Format;
    use store::SqliteStore;

    fn doc(input: &str, text: &str) -> Document {
        Document::new(input, Format::Text, text)
    }

    fn ingest(db: &SqliteStore, docs: &[Document]) -> Vec<String> {
        let mut e = Fake::default();
        replay(db, &mut e).unwrap();
        add_documents(db, &mut e, docs)
            .unwrap()
            .into_iter()
            .map(|o| o.status)
            .collect()
    }

    #[test]
    fn ingest_is_incremental_and_idempotent() {
        let db = SqliteStore::open_in_memory().unwrap();
        let first = [
            doc("a.txt", "Truce agreed\n\nBody one."),
            doc("b.txt", "Floods hit\n\nRain."),
        ];
        assert_eq!(ingest(&db, &first), ["added", "added"]);
        let before = (db.counts().unwrap(), db.story_hashes().unwrap());
        assert_eq!(ingest(&db, &first), ["already-stored", "already-stored"]);
        assert_eq!((db.counts().unwrap(), db.story_hashes().unwrap()), before);
        // A new article joins the stored story; the other story is not rewritten.
        let more = [
            doc("c.txt", "Truce holds\n\nBody two."),
            doc("d.txt", "Truce agreed\n\nBody one."),
        ];
        assert_eq!(ingest(&db, &more), ["added", "duplicate"]);
        let s = db.story("s-truce").unwrap().unwrap();
        assert_eq!(s.articles.len(), 3);
        assert_eq!(db.counts().unwrap().articles, 4);
        // Each changed story was stored with its page, as the page route would render it.
        let articles: Vec<Article> = s
            .articles
            .iter()
            .map(|a| db.article(a).unwrap().unwrap())
            .collect();
        assert_eq!(
            db.story_page("s-truce", crate::page_renderer()).unwrap(),
            Some(crate::story_page(&s, &articles))
        );
        // Same input twice within one batch.
        assert_eq!(
            ingest(&db, &[doc("e.txt", "New x"), doc("e.txt", "New x")]),
            ["added", "already-stored"]
        );
    }
}
