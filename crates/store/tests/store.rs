//! Integration tests of the SQLite store: round trips, idempotence, migrations, filters, search.

use model::{Article, Claim, PubTime, Story};
use store::{Batch, SqliteStore, Store, StoryQuery, SCHEMA_VERSION};

fn article(id: &str, title: &str, body: &str, day: &str) -> Article {
    let mut a = Article::new(id, format!("test/{id}.txt"));
    a.title = Some(title.into());
    a.source = Some(format!("Outlet {id}"));
    a.paragraphs = body.split("\n\n").map(String::from).collect();
    a.published = PubTime::parse(day);
    a
}

fn story(id: &str, headline: &str, articles: &[&Article], claims: &[&str]) -> Story {
    let mut s = Story::new(id, headline);
    s.articles = articles.iter().map(|a| a.id.clone()).collect();
    s.sources = articles.iter().filter_map(|a| a.source.clone()).collect();
    s.first_published = articles.iter().filter_map(|a| a.published).min();
    s.last_published = articles.iter().filter_map(|a| a.published).max();
    s.claims = claims
        .iter()
        .enumerate()
        .map(|(i, t)| Claim {
            id: format!("c-{id}-{i}"),
            text: t.to_string(),
            support: Vec::new(),
            independent_sources: 1,
            single_source: true,
            attributed_to: None,
        })
        .collect();
    s
}

fn sample() -> (Vec<Article>, Vec<Story>) {
    let a1 = article(
        "a-1",
        "Truce agreed in Gaza",
        "Both sides agreed to a ceasefire on Monday.\n\nPeskov said talks would go on.",
        "2025-03-10",
    );
    let a2 = article(
        "a-2",
        "Ceasefire holds",
        "The ceasefire held through Tuesday night.",
        "2025-03-11",
    );
    let a3 = article(
        "a-3",
        "Floods in Valencia",
        "Heavy rain flooded the streets of Valencia.",
        "2025-04-02",
    );
    let s1 = story(
        "s-1",
        "Ceasefire agreed",
        &[&a1, &a2],
        &["A ceasefire was agreed on Monday"],
    );
    let s2 = story("s-2", "Valencia floods", &[&a3], &["Rain flooded Valencia"]);
    (vec![a1, a2, a3], vec![s1, s2])
}

fn filled() -> SqliteStore {
    let db = SqliteStore::open_in_memory().unwrap();
    let (articles, stories) = sample();
    db.commit(&Batch {
        articles,
        stories,
        ..Batch::default()
    })
    .unwrap();
    db
}

#[test]
fn records_round_trip() {
    let db = filled();
    let (articles, stories) = sample();
    assert_eq!(db.article("a-2").unwrap().as_ref(), Some(&articles[1]));
    assert_eq!(db.story("s-1").unwrap().as_ref(), Some(&stories[0]));
    assert_eq!(db.article("missing").unwrap(), None);
    let mut order = Vec::new();
    db.each_article(&mut |a| order.push(a.id)).unwrap();
    assert_eq!(order, ["a-1", "a-2", "a-3"]);
    let c = db.counts().unwrap();
    assert_eq!((c.articles, c.stories), (3, 2));
    assert_eq!(db.story_of("a-3").unwrap().as_deref(), Some("s-2"));
}

#[test]
fn committing_the_same_batch_twice_changes_nothing() {
    let db = filled();
    let (articles, stories) = sample();
    db.commit(&Batch {
        articles,
        stories,
        ..Batch::default()
    })
    .unwrap();
    let c = db.counts().unwrap();
    assert_eq!((c.articles, c.stories), (3, 2));
    assert_eq!(db.search("ceasefire", 10).unwrap().len(), 3);
}

#[test]
fn stories_update_and_disappear() {
    let db = filled();
    let (articles, _) = sample();
    let merged = story(
        "s-1",
        "Ceasefire and floods",
        &[&articles[0], &articles[1], &articles[2]],
        &["Merged claim"],
    );
    db.commit(&Batch {
        stories: vec![merged.clone()],
        removed_stories: vec!["s-2".into()],
        ..Batch::default()
    })
    .unwrap();
    assert_eq!(db.story("s-2").unwrap(), None);
    assert_eq!(db.story("s-1").unwrap(), Some(merged));
    // The old claims left the index with their story.
    assert!(db
        .search("Valencia flooded rain", 10)
        .unwrap()
        .iter()
        .all(|h| h.kind == "article"));
    let hits = db.search("merged", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].story.as_deref(), Some("s-1"));
    // The floods article now belongs to s-1.
    let hits = db.search("Valencia", 10).unwrap();
    assert_eq!(hits[0].story.as_deref(), Some("s-1"));
}

#[test]
fn listing_filters_and_pages() {
    let db = filled();
    let ids = |q: StoryQuery| -> (usize, Vec<String>) {
        let p = db.list_stories(&q).unwrap();
        (p.total, p.items.into_iter().map(|s| s.id).collect())
    };
    assert_eq!(
        ids(StoryQuery::default()),
        (2, vec!["s-2".into(), "s-1".into()])
    );
    let since = PubTime::parse("2025-04-01").unwrap().approx_unix();
    assert_eq!(
        ids(StoryQuery {
            since: Some(since),
            ..StoryQuery::default()
        }),
        (1, vec!["s-2".into()])
    );
    assert_eq!(
        ids(StoryQuery {
            text: Some("ceasefire".into()),
            ..StoryQuery::default()
        }),
        (1, vec!["s-1".into()])
    );
    assert_eq!(
        ids(StoryQuery {
            limit: 1,
            offset: 1,
            ..StoryQuery::default()
        }),
        (2, vec!["s-1".into()])
    );
    // FTS syntax in user text is searched as words, never interpreted.
    assert_eq!(
        ids(StoryQuery {
            text: Some("\"NEAR( *".into()),
            ..StoryQuery::default()
        })
        .0,
        0
    );
}

#[test]
fn search_ranks_and_marks_snippets() {
    let db = filled();
    let hits = db.search("ceasefire", 10).unwrap();
    assert!(hits
        .iter()
        .any(|h| h.kind == "claim" && h.story.as_deref() == Some("s-1")));
    for h in &hits {
        assert!(!h.highlights.is_empty(), "{h:?}");
        for s in &h.highlights {
            assert_eq!(s.slice(&h.snippet).to_lowercase(), "ceasefire");
        }
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    }
    let a = hits
        .iter()
        .find(|h| h.article.as_deref() == Some("a-1"))
        .unwrap();
    assert_eq!(a.story.as_deref(), Some("s-1"));
    // Prefix match on the last word.
    assert_eq!(
        db.search("Pesk", 10).unwrap()[0].article.as_deref(),
        Some("a-1")
    );
    assert!(db.search("   ", 10).unwrap().is_empty());
}

#[test]
fn an_empty_v0_file_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::write(&path, b"").unwrap();
    let db = SqliteStore::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
    let (articles, stories) = sample();
    db.commit(&Batch {
        articles,
        stories,
        ..Batch::default()
    })
    .unwrap();
    drop(db);
    // Reopening keeps the data and does not migrate again.
    let db = SqliteStore::open(&path).unwrap();
    assert_eq!(db.counts().unwrap().articles, 3);
    assert_eq!(db.search("Valencia", 5).unwrap().len(), 2);
}

#[test]
fn a_newer_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(SqliteStore::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(c);
    match SqliteStore::open(&path) {
        Err(store::Error::TooNew { found, known }) => {
            assert_eq!((found, known), (SCHEMA_VERSION + 1, SCHEMA_VERSION))
        }
        other => panic!("expected TooNew, got {:?}", other.map(|_| ())),
    }
}

/// Child side of [`a_killed_writer_leaves_whole_batches`]: commits batches of ten articles and
/// says so after each, until killed.
fn write_until_killed(path: &str) {
    use std::io::Write;
    let db = SqliteStore::open(std::path::Path::new(path)).unwrap();
    for i in 0..100_000 {
        let articles: Vec<Article> = (0..10)
            .map(|j| {
                article(
                    &format!("a-{i}-{j}"),
                    "Crash test",
                    "Body text.\n\nMore.",
                    "2025-01-01",
                )
            })
            .collect();
        let refs: Vec<&Article> = articles.iter().collect();
        let s = story(&format!("s-{i}"), "Crash", &refs, &["claim"]);
        db.commit(&Batch {
            articles,
            stories: vec![s],
            ..Batch::default()
        })
        .unwrap();
        println!("committed {}", i + 1);
        std::io::stdout().flush().unwrap();
    }
}

#[test]
fn a_killed_writer_leaves_whole_batches() {
    use std::io::BufRead;
    if let Ok(path) = std::env::var("STORYLINE_CRASH_CHILD") {
        return write_until_killed(&path);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_killed_writer_leaves_whole_batches",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("STORYLINE_CRASH_CHILD", &path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut acknowledged = 0;
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        if let Some(n) = line.unwrap().strip_prefix("committed ") {
            acknowledged = n.parse().unwrap();
            if acknowledged >= 25 {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(acknowledged >= 25, "the child did not get going");
    let c = rusqlite::Connection::open(&path).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(c);
    let db = SqliteStore::open(&path).unwrap();
    let counts = db.counts().unwrap();
    // Every acknowledged batch is there, and batches are whole.
    assert!(
        counts.articles >= acknowledged * 10,
        "{counts:?} < {acknowledged} batches"
    );
    assert_eq!(counts.articles % 10, 0);
    assert_eq!(counts.articles / 10, counts.stories);
    assert_eq!(db.search("crash", 1).unwrap().len(), 1);
}

#[test]
fn the_generation_moves_with_every_commit_from_any_process() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gen.db");
    let db = SqliteStore::open(&path).unwrap();
    let g0 = db.generation().unwrap();
    // Reading moves nothing.
    assert_eq!(db.counts().unwrap().articles, 0);
    assert_eq!(db.generation().unwrap(), g0);
    let (articles, stories) = sample();
    db.commit(&Batch {
        articles,
        stories,
        ..Batch::default()
    })
    .unwrap();
    let g1 = db.generation().unwrap();
    assert!(g1 > g0, "{g1} after own commit, {g0} before");
    // Another writer of the same file (as another process would be): seen too.
    let other = SqliteStore::open(&path).unwrap();
    let mut s = story("s-3", "Later story", &[], &[]);
    s.headline.push_str(" (updated)");
    other
        .commit(&Batch {
            stories: vec![s],
            ..Batch::default()
        })
        .unwrap();
    let g2 = db.generation().unwrap();
    assert!(g2 > g1, "{g2} after another's commit, {g1} before");
    assert!(db.story_json("s-3").unwrap().is_some());
    // In memory there is only this value to commit through.
    let mem = SqliteStore::open_in_memory().unwrap();
    let m0 = mem.generation().unwrap();
    mem.commit(&Batch::default()).unwrap();
    assert!(mem.generation().unwrap() > m0);
}

#[test]
fn many_threads_share_the_readers() {
    let dir = tempfile::tempdir().unwrap();
    let db = std::sync::Arc::new(SqliteStore::open(&dir.path().join("pool.db")).unwrap());
    let (articles, stories) = sample();
    db.commit(&Batch {
        articles,
        stories,
        ..Batch::default()
    })
    .unwrap();
    let want = db.story_json("s-1").unwrap();
    // More threads than readers: they take turns and all get the record.
    let threads: Vec<_> = (0..db.readers() * 3)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || {
                (0..50)
                    .map(|_| db.story_json("s-1").unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap().iter().all(|j| *j == want));
    }
}

fn page(story: &str, renderer: &str, html: &str) -> store::StoryPage {
    store::StoryPage {
        story: story.into(),
        renderer: renderer.into(),
        html: html.into(),
    }
}

#[test]
fn pages_live_and_die_with_their_story() {
    let db = filled();
    assert_eq!(db.story_page("s-1", "r1").unwrap(), None);
    db.commit(&Batch {
        pages: vec![page("s-1", "r1", "<p>one</p>"), page("s-404", "r1", "x")],
        ..Batch::default()
    })
    .unwrap();
    assert_eq!(
        db.story_page("s-1", "r1").unwrap().as_deref(),
        Some("<p>one</p>")
    );
    // Another renderer does not take it; a page for no story is not kept.
    assert_eq!(db.story_page("s-1", "r2").unwrap(), None);
    assert_eq!(db.story_page("s-404", "r1").unwrap(), None);
    // The story changes without a new page: the old one is gone with the old version.
    let (_, stories) = sample();
    let mut s1 = stories[0].clone();
    s1.headline = "Ceasefire holds".into();
    db.commit(&Batch {
        stories: vec![s1.clone()],
        ..Batch::default()
    })
    .unwrap();
    assert_eq!(db.story_page("s-1", "r1").unwrap(), None);
    // Story and page in one batch; then the story goes, and its page with it.
    db.commit(&Batch {
        stories: vec![s1],
        pages: vec![page("s-1", "r1", "<p>two</p>")],
        ..Batch::default()
    })
    .unwrap();
    assert_eq!(
        db.story_page("s-1", "r1").unwrap().as_deref(),
        Some("<p>two</p>")
    );
    db.commit(&Batch {
        removed_stories: vec!["s-1".into()],
        ..Batch::default()
    })
    .unwrap();
    assert_eq!(db.story_page("s-1", "r1").unwrap(), None);
}

/// `tests/data/v1.db` was written by the schema-1 release (`storyline ingest` of two short
/// self-written reports); opening it must migrate it in place and keep every record.
#[test]
fn a_v1_file_is_migrated_to_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v1.db"),
        &path,
    )
    .unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    let v: u32 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    drop(raw);
    let db = SqliteStore::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        db.counts().unwrap(),
        store::Counts {
            articles: 2,
            stories: 2
        }
    );
    let listed = db.list_stories(&StoryQuery::default()).unwrap();
    let ids: Vec<&str> = listed.items.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    for id in &ids {
        let json = db.story_json(id).unwrap().unwrap();
        let story: Story = serde_json::from_str(&json).unwrap();
        assert_eq!(story.articles.len(), 1);
        assert!(db.article(&story.articles[0]).unwrap().is_some());
        // Old stories have no page until they change.
        assert_eq!(db.story_page(id, "any").unwrap(), None);
    }
    let hits = db.search("bridge", 10).unwrap();
    assert_eq!(hits.iter().filter(|h| h.kind == "article").count(), 2);
    // The migrated file takes pages, and reopening does not migrate again.
    db.commit(&Batch {
        pages: vec![page(ids[0], "r1", "<p>bridge</p>")],
        ..Batch::default()
    })
    .unwrap();
    drop(db);
    let db = SqliteStore::open(&path).unwrap();
    assert_eq!(
        db.story_page(ids[0], "r1").unwrap().as_deref(),
        Some("<p>bridge</p>")
    );
}
