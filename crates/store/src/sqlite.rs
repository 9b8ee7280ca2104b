//! [`SqliteStore`]: the [`Store`] over one SQLite file (bundled SQLite, WAL, FTS5).
//!
//! Records are kept whole as JSON (`articles.json`, `stories.json`) beside the indexed columns
//! that filtering needs. The schema version is `PRAGMA user_version`; [`MIGRATIONS`] lists the
//! scripts that bring a file from each version to the next, run in one transaction each.

use crate::query::{fts_query, snippet_parts, CLOSE, OPEN};
use crate::{Batch, Counts, Error, Hit, Page, Result, Store, StoryPage, StoryQuery, StorySummary};
use model::{Article, Story, StoryId};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// The schema version this program writes.
pub const SCHEMA_VERSION: u32 = 2;

/// `MIGRATIONS[v]` brings a store from version `v` to `v + 1`.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the first schema.
    "
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT,
        title TEXT,
        published INTEGER,
        json TEXT NOT NULL
    );
    CREATE TABLE stories (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        headline TEXT NOT NULL,
        first_published INTEGER,
        last_published INTEGER,
        n_articles INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        summary TEXT NOT NULL,
        json TEXT NOT NULL
    );
    CREATE INDEX stories_by_last ON stories(last_published DESC, id);
    CREATE TABLE story_articles (
        article TEXT PRIMARY KEY,
        story_n INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX story_articles_by_story ON story_articles(story_n);
    CREATE TABLE claims (
        cn INTEGER PRIMARY KEY,
        story_n INTEGER NOT NULL,
        claim_id TEXT NOT NULL
    );
    CREATE INDEX claims_by_story ON claims(story_n);
    CREATE TABLE documents (
        key TEXT PRIMARY KEY,
        article TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE claim_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE story_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
    ",
    // 1 -> 2: rendered story pages, written with their story (stories of older files have none
    // until they next change; readers render those on demand).
    "
    CREATE TABLE story_pages (
        n INTEGER PRIMARY KEY,
        renderer TEXT NOT NULL,
        html TEXT NOT NULL
    );
    ",
];

/// How many read connections a file store keeps: two per core (a reader that waits on the
/// disk leaves its core to another), at least 4 and at most 32.
pub fn reader_count() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get() * 2)
        .unwrap_or(4)
        .clamp(4, 32)
}

/// How much of the file each reader maps into memory: reads of large records (a story is
/// tens of kilobytes, many pages) become memory copies instead of one `pread` per page.
const READER_MMAP: i64 = 1 << 30;

/// The SQLite store. Cheap to share (`Arc<SqliteStore>`): one writer connection, a pool of
/// readers, and a watcher connection that notices commits made by other processes.
pub struct SqliteStore {
    writer: Mutex<Connection>,
    readers: Pool,
    /// Asked for `PRAGMA data_version`, which changes when another connection commits (the
    /// writer here or any connection of another process). `None` in memory.
    watcher: Option<Mutex<Connection>>,
    /// Commits made through [`Store::commit`] of this value.
    commits: AtomicU64,
}

/// Read connections, each used by one caller at a time; callers wait when all are out.
struct Pool {
    free: Mutex<Vec<Connection>>,
    returned: Condvar,
    size: usize,
}

/// A reader on loan from the [`Pool`]; it goes back when dropped.
struct Reader<'a> {
    pool: &'a Pool,
    conn: Option<Connection>,
}

impl std::ops::Deref for Reader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("a reader holds its connection until dropped")
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            lock(&self.pool.free).push(c);
            self.pool.returned.notify_one();
        }
    }
}

/// Either a pooled reader or, for a store in memory, the writer itself.
enum ReadConn<'a> {
    Pooled(Reader<'a>),
    Writer(MutexGuard<'a, Connection>),
}

impl std::ops::Deref for ReadConn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            ReadConn::Pooled(r) => r,
            ReadConn::Writer(w) => w,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and migrates it to [`SCHEMA_VERSION`].
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        migrate(&mut writer)?;
        let read_only = || -> Result<Connection> {
            let r = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            configure(&r)?;
            Ok(r)
        };
        let size = reader_count();
        let mut free = Vec::with_capacity(size);
        for _ in 0..size {
            let r = read_only()?;
            r.pragma_update(None, "mmap_size", READER_MMAP)?;
            free.push(r);
        }
        Ok(SqliteStore {
            writer: Mutex::new(writer),
            readers: Pool {
                free: Mutex::new(free),
                returned: Condvar::new(),
                size,
            },
            watcher: Some(Mutex::new(read_only()?)),
            commits: AtomicU64::new(0),
        })
    }

    /// A store that lives in memory only (tests, examples).
    pub fn open_in_memory() -> Result<SqliteStore> {
        let mut writer = Connection::open_in_memory()?;
        configure(&writer)?;
        migrate(&mut writer)?;
        Ok(SqliteStore {
            writer: Mutex::new(writer),
            readers: Pool {
                free: Mutex::new(Vec::new()),
                returned: Condvar::new(),
                size: 0,
            },
            watcher: None,
            commits: AtomicU64::new(0),
        })
    }

    /// How many readers can work at once (0 for a store in memory: reads share the writer).
    pub fn readers(&self) -> usize {
        self.readers.size
    }

    fn write(&self) -> MutexGuard<'_, Connection> {
        lock(&self.writer)
    }

    /// A reader connection: a free one if any, else wait for the next one returned.
    fn read(&self) -> ReadConn<'_> {
        if self.readers.size == 0 {
            return ReadConn::Writer(self.write());
        }
        let mut free = lock(&self.readers.free);
        loop {
            if let Some(c) = free.pop() {
                return ReadConn::Pooled(Reader {
                    pool: &self.readers,
                    conn: Some(c),
                });
            }
            free = self
                .readers
                .returned
                .wait(free)
                .unwrap_or_else(|e| e.into_inner());
        }
    }
}

fn configure(c: &Connection) -> Result<()> {
    c.busy_timeout(std::time::Duration::from_secs(10))?;
    // FULL: a transaction acknowledged by commit survives a crash of the process or the OS.
    c.pragma_update(None, "synchronous", "FULL")?;
    c.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn user_version(c: &Connection) -> Result<u32> {
    Ok(c.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))?)
}

fn migrate(c: &mut Connection) -> Result<()> {
    loop {
        let v = user_version(c)?;
        if v as usize >= MIGRATIONS.len() {
            if v > SCHEMA_VERSION {
                return Err(Error::TooNew {
                    found: v,
                    known: SCHEMA_VERSION,
                });
            }
            return Ok(());
        }
        let tx = c.transaction()?;
        tx.execute_batch(MIGRATIONS[v as usize])?;
        tx.pragma_update(None, "user_version", v + 1)?;
        tx.commit()?;
    }
}

fn unix(t: &Option<model::PubTime>) -> Option<i64> {
    t.as_ref().map(model::PubTime::approx_unix)
}

fn summary(s: &Story) -> StorySummary {
    StorySummary {
        id: s.id.clone(),
        headline: s.headline.clone(),
        articles: s.articles.len(),
        sources: s.sources.clone(),
        first_published: s.first_published,
        last_published: s.last_published,
    }
}

/// The text a story is found by in listings: headline, sources, entity names, claims.
fn story_text(s: &Story) -> String {
    let mut t = s.headline.clone();
    for part in s
        .sources
        .iter()
        .chain(s.entities.iter().map(|e| &e.name))
        .chain(s.claims.iter().map(|c| &c.text))
    {
        t.push('\n');
        t.push_str(part);
    }
    t
}

/// Control characters never reach the index, so snippet marks are unambiguous.
fn clean(s: &str) -> String {
    s.replace([OPEN, CLOSE], " ")
}

fn put_article(tx: &Transaction<'_>, a: &Article) -> Result<bool> {
    let json = serde_json::to_string(a)?;
    let n = tx.execute(
        "INSERT INTO articles (id, source, title, published, json) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO NOTHING",
        params![a.id, a.source, a.title, unix(&a.published), json],
    )?;
    if n == 0 {
        return Ok(false);
    }
    let seq = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO article_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
        params![
            seq,
            clean(a.title.as_deref().unwrap_or("")),
            clean(&a.body())
        ],
    )?;
    Ok(true)
}

fn delete_story_index(tx: &Transaction<'_>, n: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM claim_fts WHERE rowid IN (SELECT cn FROM claims WHERE story_n = ?1)",
        [n],
    )?;
    tx.execute("DELETE FROM claims WHERE story_n = ?1", [n])?;
    tx.execute("DELETE FROM story_articles WHERE story_n = ?1", [n])?;
    tx.execute("DELETE FROM story_fts WHERE rowid = ?1", [n])?;
    // A page shows one version of its story: it goes when the story changes or goes.
    tx.execute("DELETE FROM story_pages WHERE n = ?1", [n])?;
    Ok(())
}

fn put_page(tx: &Transaction<'_>, p: &StoryPage) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO story_pages (n, renderer, html) SELECT n, ?2, ?3 FROM stories WHERE id = ?1
         ON CONFLICT(n) DO UPDATE SET renderer = excluded.renderer, html = excluded.html",
    )?
    .execute(params![p.story, p.renderer, p.html])?;
    Ok(())
}

fn put_story(tx: &Transaction<'_>, s: &Story) -> Result<()> {
    let json = serde_json::to_string(s)?;
    let hash = model::stable_hash(json.as_bytes()) as i64;
    let sum = serde_json::to_string(&summary(s))?;
    let n: i64 = tx.query_row(
        "INSERT INTO stories (id, headline, first_published, last_published, n_articles, hash, summary, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(id) DO UPDATE SET headline = excluded.headline,
            first_published = excluded.first_published, last_published = excluded.last_published,
            n_articles = excluded.n_articles, hash = excluded.hash, summary = excluded.summary,
            json = excluded.json
         RETURNING n",
        params![
            s.id,
            s.headline,
            unix(&s.first_published),
            unix(&s.last_published),
            s.articles.len() as i64,
            hash,
            sum,
            json
        ],
        |r| r.get(0),
    )?;
    delete_story_index(tx, n)?;
    tx.execute(
        "INSERT INTO story_fts (rowid, text) VALUES (?1, ?2)",
        params![n, clean(&story_text(s))],
    )?;
    {
        let mut link = tx.prepare_cached(
            "INSERT INTO story_articles (article, story_n) VALUES (?1, ?2)
             ON CONFLICT(article) DO UPDATE SET story_n = excluded.story_n",
        )?;
        for a in &s.articles {
            link.execute(params![a, n])?;
        }
        let mut claim =
            tx.prepare_cached("INSERT INTO claims (story_n, claim_id) VALUES (?1, ?2)")?;
        let mut fts = tx.prepare_cached("INSERT INTO claim_fts (rowid, text) VALUES (?1, ?2)")?;
        for c in &s.claims {
            claim.execute(params![n, c.id])?;
            fts.execute(params![tx.last_insert_rowid(), clean(&c.text)])?;
        }
    }
    Ok(())
}

fn remove_story(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let n: Option<i64> = tx
        .query_row("SELECT n FROM stories WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    if let Some(n) = n {
        delete_story_index(tx, n)?;
        tx.execute("DELETE FROM stories WHERE n = ?1", [n])?;
    }
    Ok(())
}

impl Store for SqliteStore {
    fn schema_version(&self) -> Result<u32> {
        user_version(&self.read())
    }

    fn counts(&self) -> Result<Counts> {
        let c = self.read();
        let articles: i64 = c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        let stories: i64 = c.query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        Ok(Counts {
            articles: articles as usize,
            stories: stories as usize,
        })
    }

    fn commit(&self, batch: &Batch) -> Result<()> {
        let mut c = self.write();
        let tx = c.transaction()?;
        for a in &batch.articles {
            put_article(&tx, a)?;
        }
        for id in &batch.removed_stories {
            remove_story(&tx, id)?;
        }
        for s in &batch.stories {
            put_story(&tx, s)?;
        }
        for p in &batch.pages {
            put_page(&tx, p)?;
        }
        for (key, article) in &batch.documents {
            tx.execute(
                "INSERT INTO documents (key, article) VALUES (?1, ?2) ON CONFLICT(key) DO NOTHING",
                params![key, article],
            )?;
        }
        tx.commit()?;
        self.commits.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    fn generation(&self) -> Result<u64> {
        // Read the counter first: a commit landing in between then shows in `data_version`
        // now or in the counter next time, never in neither.
        let local = self.commits.load(Ordering::SeqCst);
        let external = match &self.watcher {
            Some(w) => lock(w)
                .prepare_cached("PRAGMA data_version")?
                .query_row([], |r| r.get::<_, i64>(0))? as u64,
            None => 0,
        };
        // Both parts only grow, so their sum changes whenever either does.
        Ok(local.wrapping_add(external))
    }

    fn article(&self, id: &str) -> Result<Option<Article>> {
        let json: Option<String> = self
            .read()
            .prepare_cached("SELECT json FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    fn has_article(&self, id: &str) -> Result<bool> {
        Ok(self
            .read()
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
            .exists([id])?)
    }

    fn story_of(&self, article: &str) -> Result<Option<StoryId>> {
        Ok(self
            .read()
            .prepare_cached(
                "SELECT s.id FROM story_articles sa JOIN stories s ON s.n = sa.story_n
                 WHERE sa.article = ?1",
            )?
            .query_row([article], |r| r.get(0))
            .optional()?)
    }

    fn has_document(&self, key: &str) -> Result<bool> {
        Ok(self
            .read()
            .prepare_cached("SELECT 1 FROM documents WHERE key = ?1")?
            .exists([key])?)
    }

    fn each_article(&self, f: &mut dyn FnMut(Article)) -> Result<()> {
        let c = self.read();
        let mut st = c.prepare("SELECT json FROM articles ORDER BY seq")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let json: String = r.get(0)?;
            f(serde_json::from_str(&json)?);
        }
        Ok(())
    }

    fn story(&self, id: &str) -> Result<Option<Story>> {
        Ok(self
            .story_json(id)?
            .map(|j| serde_json::from_str(&j))
            .transpose()?)
    }

    fn story_json(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .read()
            .prepare_cached("SELECT json FROM stories WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    fn story_page(&self, id: &str, renderer: &str) -> Result<Option<String>> {
        Ok(self
            .read()
            .prepare_cached(
                "SELECT p.html FROM stories s JOIN story_pages p ON p.n = s.n
                 WHERE s.id = ?1 AND p.renderer = ?2",
            )?
            .query_row([id, renderer], |r| r.get(0))
            .optional()?)
    }

    fn story_hashes(&self) -> Result<Vec<(StoryId, u64)>> {
        let c = self.read();
        let mut st = c.prepare("SELECT id, hash FROM stories ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn list_stories(&self, q: &StoryQuery) -> Result<Page<StorySummary>> {
        let c = self.read();
        let fts = match q.text.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => match fts_query(t) {
                Some(f) => Some(f),
                None => {
                    return Ok(Page {
                        total: 0,
                        offset: q.offset,
                        items: Vec::new(),
                    })
                }
            },
            _ => None,
        };
        let from = if fts.is_some() {
            "FROM stories s JOIN story_fts f ON f.rowid = s.n WHERE story_fts MATCH ?1"
        } else {
            "FROM stories s WHERE ?1 IS NULL"
        };
        let filter = "AND (?2 IS NULL OR s.last_published >= ?2)
                      AND (?3 IS NULL OR s.first_published <= ?3)";
        let total: i64 = c
            .prepare_cached(&format!("SELECT count(*) {from} {filter}"))?
            .query_row(params![fts, q.since, q.until], |r| r.get(0))?;
        let mut st = c.prepare_cached(&format!(
            "SELECT s.summary {from} {filter}
             ORDER BY s.last_published IS NULL, s.last_published DESC, s.id LIMIT ?4 OFFSET ?5"
        ))?;
        let rows = st.query_map(
            params![fts, q.since, q.until, q.limit as i64, q.offset as i64],
            |r| r.get::<_, String>(0),
        )?;
        let mut items = Vec::new();
        for r in rows {
            items.push(serde_json::from_str(&r?)?);
        }
        Ok(Page {
            total: total as usize,
            offset: q.offset,
            items,
        })
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>> {
        let Some(fts) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let c = self.read();
        let mut hits = Vec::new();
        let open = OPEN.to_string();
        let close = CLOSE.to_string();
        let mut st = c.prepare_cached(
            "SELECT a.id, a.title, snippet(article_fts, -1, ?2, ?3, '…', 20),
                    bm25(article_fts, 4.0, 1.0),
                    (SELECT s.id FROM story_articles sa JOIN stories s ON s.n = sa.story_n
                     WHERE sa.article = a.id)
             FROM article_fts JOIN articles a ON a.seq = article_fts.rowid
             WHERE article_fts MATCH ?1 ORDER BY rank LIMIT ?4",
        )?;
        let rows = st.query_map(params![fts, open, close, limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, f64>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for r in rows {
            let (id, title, snip, rank, story) = r?;
            let (snippet, highlights) = snippet_parts(&snip);
            hits.push(Hit {
                kind: "article".into(),
                article: Some(id),
                story,
                claim: None,
                title: title.unwrap_or_default(),
                snippet,
                highlights,
                score: -rank,
            });
        }
        let mut st = c.prepare_cached(
            "SELECT c.claim_id, s.id, s.headline, snippet(claim_fts, 0, ?2, ?3, '…', 24),
                    bm25(claim_fts)
             FROM claim_fts JOIN claims c ON c.cn = claim_fts.rowid
             JOIN stories s ON s.n = c.story_n
             WHERE claim_fts MATCH ?1 ORDER BY rank LIMIT ?4",
        )?;
        let rows = st.query_map(params![fts, open, close, limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, f64>(4)?,
            ))
        })?;
        for r in rows {
            let (claim, story, headline, snip, rank) = r?;
            let (snippet, highlights) = snippet_parts(&snip);
            hits.push(Hit {
                kind: "claim".into(),
                article: None,
                story: Some(story),
                claim: Some(claim),
                title: headline,
                snippet,
                highlights,
                score: -rank,
            });
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.article.cmp(&b.article))
                .then_with(|| a.claim.cmp(&b.claim))
        });
        hits.truncate(limit);
        Ok(hits)
    }
}

/// Keeps `story_hash` and the stored `hash` column the same function.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::story_hash;

    #[test]
    fn stored_hash_is_story_hash() {
        let db = SqliteStore::open_in_memory().unwrap();
        let s = Story::new("s-1", "x");
        db.commit(&Batch {
            stories: vec![s.clone()],
            ..Batch::default()
        })
        .unwrap();
        assert_eq!(
            db.story_hashes().unwrap(),
            vec![("s-1".to_string(), story_hash(&s).unwrap())]
        );
    }
}
