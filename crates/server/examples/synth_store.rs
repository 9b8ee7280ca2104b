//! Builds a large store for load tests by replicating real pipeline output with variations.
//!
//! The reports under a folder (default `examples/ceasefire`) go through the real pipeline once;
//! each resulting story and its articles are then copied N times with fresh ids, a numbered
//! headline, shifted publication times and an extra closing paragraph (spans stay valid: the
//! paragraph is appended); each story is stored with its rendered page. Usage:
//! `cargo run --release -p server --example synth_store -- DB [ARTICLES] [FOLDER]`; the story
//! ids are written one a line beside the store, as `DB` with the extension `.ids`.

use model::{Article, PubTime, Story};
use std::path::PathBuf;
use store::{Batch, SqliteStore, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(
        args.next()
            .ok_or("usage: synth_store DB [ARTICLES] [FOLDER]")?,
    );
    let target: usize = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(100_000);
    let folder = PathBuf::from(args.next().unwrap_or_else(|| "examples/ceasefire".into()));

    let mut p = pipeline::Pipeline::new(pipeline::Config::default());
    ingest::read_path(&folder, &mut |r| {
        if let Ok(doc) = r {
            p.add_document(&doc);
        }
    });
    let digest = p.digest();
    if digest.articles.is_empty() {
        return Err(format!("no articles under {}", folder.display()).into());
    }
    let store = SqliteStore::open(&db)?;
    let start = std::time::Instant::now();
    let mut made = 0usize;
    let mut round = 0u64;
    let mut batch = Batch::default();
    let mut ids = String::new();
    let cities = [
        "Kyiv",
        "Moscow",
        "Washington",
        "Geneva",
        "Istanbul",
        "Riyadh",
        "Brussels",
    ];
    while made < target {
        for base in &digest.stories {
            let mut json = serde_json::to_string(base)?;
            let mut articles = Vec::new();
            for id in &base.articles {
                let Some(a) = digest.articles.iter().find(|a| &a.id == id) else {
                    continue;
                };
                let new_id = format!(
                    "a-{:016x}",
                    model::stable_hash(format!("{id}/{round}").as_bytes())
                );
                json = json.replace(&format!("\"{id}\""), &format!("\"{new_id}\""));
                let mut a: Article = a.clone();
                a.id = new_id;
                a.input = format!("synthetic/{round}/{}", a.input);
                a.title = a.title.map(|t| format!("{t} ({round})"));
                a.published = shift(a.published, round);
                a.paragraphs.push(format!(
                    "Filed from the {} desk, item {round}.",
                    cities[round as usize % cities.len()]
                ));
                articles.push(a);
            }
            let mut s: Story = serde_json::from_str(&json)?;
            s.id = format!(
                "s-{:016x}",
                model::stable_hash(format!("{}/{round}", base.id).as_bytes())
            );
            s.headline = format!("{} ({round})", s.headline);
            s.first_published = shift(s.first_published, round);
            s.last_published = shift(s.last_published, round);
            ids.push_str(&s.id);
            ids.push('\n');
            made += articles.len();
            // Stored with its page, as `storyline ingest` does.
            batch.pages.push(store::StoryPage {
                story: s.id.clone(),
                renderer: server::page_renderer().to_string(),
                html: server::story_page(&s, &articles),
            });
            batch.articles.extend(articles);
            batch.stories.push(s);
        }
        round += 1;
        if batch.articles.len() >= 5000 || made >= target {
            store.commit(&batch)?;
            batch = Batch::default();
            eprint!("\r{made} articles");
        }
    }
    let ids_path = db.with_extension("ids");
    std::fs::write(&ids_path, ids)?;
    let c = store.counts()?;
    eprintln!(
        "\r{} articles, {} stories in {:.1}s",
        c.articles,
        c.stories,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Moves a time `round` hours back, keeping its precision.
fn shift(t: Option<PubTime>, round: u64) -> Option<PubTime> {
    let d = chrono::Duration::hours(round as i64);
    t.map(|t| match t {
        PubTime::Zoned(z) => PubTime::Zoned(z - d),
        PubTime::Local(l) => PubTime::Local(l - d),
        PubTime::Date(x) => PubTime::Date(x - chrono::Duration::days(round as i64 / 24)),
        m => m,
    })
}
