//! `storyline ingest | stories | show | search | serve`: the embedded store and what reads it.
//!
//! `ingest` replays the stored articles into a fresh pipeline (deduplication and clustering
//! only), adds the new documents in batches, builds only the stories each batch changed, and
//! commits each batch in one transaction: a batch reported as stored survives a crash, and
//! running the same ingest again changes nothing. `--rebuild` rebuilds every story (after an
//! upgrade that forms stories differently).

use crate::Outcome;
use anyhow::Context;
use clap::Args as ClapArgs;
use model::{Document, InputError};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use store::{SqliteStore, Store, StoryQuery};

#[derive(Debug, ClapArgs)]
pub struct IngestArgs {
    /// Files and folders to add (read recursively).
    #[arg(required_unless_present = "rebuild")]
    pub paths: Vec<PathBuf>,
    /// The store file (created if missing).
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
    /// Documents per transaction.
    #[arg(long, default_value_t = 500)]
    pub batch: usize,
    /// Rebuild every stored story first (e.g. after upgrading storyline), not only those the
    /// new documents change.
    #[arg(long)]
    pub rebuild: bool,
}

#[derive(Debug, ClapArgs)]
pub struct StoriesArgs {
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
    /// Only stories with an article published since this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only stories matching this text.
    #[arg(long)]
    pub query: Option<String>,
    /// At most this many stories.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Skip this many stories.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print the page as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, ClapArgs)]
pub struct ShowArgs {
    /// The story id.
    pub story: String,
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
    /// md, json or html.
    #[arg(long, default_value = "md", value_parser = ["md", "json", "html"])]
    pub format: String,
}

#[derive(Debug, ClapArgs)]
pub struct SearchArgs {
    pub query: String,
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print the hits as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The bearer token POST /api/articles requires (else $STORYLINE_TOKEN; without either,
    /// adding articles over HTTP is refused).
    #[arg(long)]
    pub token: Option<String>,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    pub max_body: usize,
    /// Megabytes of story answers (JSON records, rendered pages) kept in memory; 0 keeps none.
    /// Whatever is kept is dropped as soon as the store changes.
    #[arg(long, default_value_t = 256)]
    pub cache_mb: usize,
}

/// Opens an existing store; reading commands never create one.
fn open_existing(db: &Path) -> anyhow::Result<SqliteStore> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {}: add articles first with `storyline ingest PATH --db {}`",
            db.display(),
            db.display()
        );
    }
    SqliteStore::open(db).with_context(|| format!("opening {}", db.display()))
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<Outcome> {
    let store = SqliteStore::open(&a.db).with_context(|| format!("opening {}", a.db.display()))?;
    let mut docs: Vec<Document> = Vec::new();
    let mut errors: Vec<InputError> = Vec::new();
    let progress = super::Progress::new("reading");
    for path in &a.paths {
        ingest::read_path(path, &mut |r| {
            match r {
                Ok(d) => docs.push(d),
                Err(e) => {
                    eprintln!("storyline: skipped {}: {}", e.input, e.error);
                    errors.push(e);
                }
            }
            progress.tick();
        });
    }
    progress.finish();
    // Documents consumed before need no pipeline: when nothing is new, nothing is replayed.
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    let before = docs.len();
    let mut keep = Vec::with_capacity(docs.len());
    for d in docs {
        if !store.has_document(&store::document_key(&d))? {
            keep.push(d);
        }
    }
    let docs = keep;
    if docs.len() < before {
        counts.insert("already-stored".into(), before - docs.len());
    }
    let mut engine: Box<dyn server::Engine> = (server::pipeline_engine())();
    let replayed = if docs.is_empty() && !a.rebuild {
        0
    } else {
        let progress = super::Progress::new("replaying stored articles");
        let n = server::replay(&store, engine.as_mut())?;
        progress.finish();
        n
    };
    if a.rebuild {
        let progress = super::Progress::new("rebuilding every story");
        let written = server::rebuild(&store, engine.as_ref())?;
        progress.finish();
        eprintln!(
            "storyline: rebuilt the stories of {replayed} stored articles; {written} changed"
        );
    }
    let progress = super::Progress::new("adding");
    for chunk in docs.chunks(a.batch.max(1)) {
        let outcomes = server::add_documents(&store, engine.as_mut(), chunk)?;
        for o in outcomes {
            *counts.entry(o.status).or_default() += 1;
            progress.tick();
        }
    }
    progress.finish();
    let c = store.counts()?;
    let n = |k: &str| counts.get(k).copied().unwrap_or(0);
    eprintln!(
        "storyline: {} added, {} duplicates, {} already stored, {} failed; the store has {} articles in {} stories (replayed {replayed})",
        n("added"),
        n("duplicate"),
        n("already-stored"),
        errors.len(),
        c.articles,
        c.stories
    );
    Ok(if errors.is_empty() {
        Outcome::Ok
    } else {
        Outcome::SomeInputsFailed
    })
}

/// A `--since` date as a Unix time: a bare date counts from the start of its day.
fn since_unix(s: &str) -> anyhow::Result<i64> {
    let t = model::PubTime::parse(s)
        .with_context(|| format!("--since: expected a date like 2025-03-14, got {s:?}"))?;
    Ok(match t {
        model::PubTime::Date(_) => t.approx_unix() - 12 * 3600,
        _ => t.approx_unix(),
    })
}

pub fn stories(a: StoriesArgs) -> anyhow::Result<Outcome> {
    let store = open_existing(&a.db)?;
    let q = StoryQuery {
        since: a.since.as_deref().map(since_unix).transpose()?,
        until: None,
        text: a.query.clone(),
        offset: a.offset,
        limit: a.limit.max(1),
    };
    let page = store.list_stories(&q)?;
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&page)?)?;
        return Ok(Outcome::Ok);
    }
    for s in &page.items {
        let when = s
            .last_published
            .map(|t| t.date().to_string())
            .unwrap_or_else(|| "undated   ".into());
        writeln!(
            out,
            "{}  {when}  {:>4} articles  {}",
            s.id,
            s.articles,
            s.headline.replace(['\n', '\r'], " ")
        )?;
    }
    writeln!(
        out,
        "({} of {} stories{})",
        page.items.len(),
        page.total,
        if page.offset > 0 {
            format!(", from {}", page.offset)
        } else {
            String::new()
        }
    )?;
    Ok(Outcome::Ok)
}

pub fn show(a: ShowArgs) -> anyhow::Result<Outcome> {
    let store = open_existing(&a.db)?;
    let Some(json) = store.story_json(&a.story)? else {
        anyhow::bail!("no story {:?} in {}", a.story, a.db.display());
    };
    let out = match a.format.as_str() {
        "json" => json + "\n",
        format => {
            let story: model::Story = serde_json::from_str(&json)?;
            let mut articles = Vec::with_capacity(story.articles.len());
            for id in &story.articles {
                if let Some(art) = store.article(id)? {
                    articles.push(art);
                }
            }
            if format == "html" {
                render::html::story_page(&story, &articles)
            } else {
                let refs: Vec<&model::Article> = articles.iter().collect();
                render::markdown::story(&story, &refs)
            }
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome::Ok)
}

pub fn search(a: SearchArgs) -> anyhow::Result<Outcome> {
    let store = open_existing(&a.db)?;
    let hits = store.search(&a.query, a.limit.max(1))?;
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?;
        return Ok(Outcome::Ok);
    }
    let (on, off) = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    for h in &hits {
        let id = h.article.as_deref().or(h.claim.as_deref()).unwrap_or("");
        writeln!(
            out,
            "{:<7} {id}  {}  (story {}, score {:.2})",
            h.kind,
            h.title.replace(['\n', '\r'], " "),
            h.story.as_deref().unwrap_or("-"),
            h.score
        )?;
        let mut snippet = String::new();
        let mut at = 0;
        for s in &h.highlights {
            if let (Some(before), Some(m)) =
                (h.snippet.get(at..s.start), h.snippet.get(s.start..s.end))
            {
                snippet.push_str(before);
                snippet.push_str(on);
                snippet.push_str(m);
                snippet.push_str(off);
                at = s.end;
            }
        }
        snippet.push_str(h.snippet.get(at..).unwrap_or(""));
        writeln!(out, "        {snippet}")?;
    }
    if hits.is_empty() {
        writeln!(out, "no match")?;
    }
    Ok(Outcome::Ok)
}

pub fn serve(a: ServeArgs) -> anyhow::Result<Outcome> {
    let store = SqliteStore::open(&a.db).with_context(|| format!("opening {}", a.db.display()))?;
    let token = a
        .token
        .clone()
        .or_else(|| std::env::var("STORYLINE_TOKEN").ok())
        .filter(|t| !t.trim().is_empty());
    let posting = if token.is_some() {
        "on"
    } else {
        "off (no token)"
    };
    let mut config = server::Config::with_pipeline(token);
    config.max_body = a.max_body;
    config.cache_bytes = a.cache_mb.saturating_mul(1024 * 1024);
    let state = server::AppState::new(Arc::new(store), config);
    server::run(&a.addr, state, |addr| {
        eprintln!(
            "storyline: serving {} on http://{addr}/ (adding articles: {posting})",
            a.db.display()
        );
    })?;
    Ok(Outcome::Ok)
}
