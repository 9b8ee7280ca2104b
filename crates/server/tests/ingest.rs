//! Ingestion through the real pipeline: incremental ingest gives the same stories as one run,
//! and ingesting the same input twice changes nothing.

use server::{add_documents, pipeline_engine, replay};
use std::path::Path;
use store::{SqliteStore, Store};

fn documents(files: &[&str]) -> Vec<model::Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceasefire");
    let mut docs = Vec::new();
    for f in files {
        ingest::read_path(&dir.join(f), &mut |r| docs.push(r.unwrap()));
    }
    docs
}

fn ingest_into(db: &SqliteStore, docs: &[model::Document]) -> Vec<String> {
    let mut engine = pipeline_engine()();
    replay(db, engine.as_mut()).unwrap();
    add_documents(db, engine.as_mut(), docs)
        .unwrap()
        .into_iter()
        .map(|o| o.status)
        .collect()
}

fn stories(db: &SqliteStore) -> Vec<String> {
    let mut out = Vec::new();
    for (id, _) in db.story_hashes().unwrap() {
        out.push(db.story_json(&id).unwrap().unwrap());
    }
    out
}

#[test]
fn incremental_ingest_equals_one_run_and_repeats_change_nothing() {
    let files = [
        "000_8ace54d4b3508a50.txt",
        "001_70a02ab978a1e1f6.txt",
        "002_3ea26d97d52a4def.txt",
        "003_8780c45163dbb04d.txt",
        "004_221738ab18bbfacf.txt",
    ];
    let once = SqliteStore::open_in_memory().unwrap();
    let all = documents(&files);
    assert!(ingest_into(&once, &all)
        .iter()
        .all(|s| s == "added" || s == "duplicate"));

    let steps = SqliteStore::open_in_memory().unwrap();
    ingest_into(&steps, &documents(&files[..2]));
    ingest_into(&steps, &documents(&files[2..]));
    assert_eq!(stories(&steps), stories(&once));
    assert_eq!(steps.counts().unwrap(), once.counts().unwrap());

    let before = stories(&once);
    assert!(ingest_into(&once, &all)
        .iter()
        .all(|s| s == "already-stored"));
    assert_eq!(stories(&once), before);
}

#[test]
fn stories_a_batch_does_not_touch_stay_as_one_run_builds_them() {
    let files = [
        "000_8ace54d4b3508a50.txt",
        "001_70a02ab978a1e1f6.txt",
        "002_3ea26d97d52a4def.txt",
        "003_8780c45163dbb04d.txt",
    ];
    let bridge = model::Document::new(
        "bridge.txt",
        model::Format::Text,
        "Toledo closes its river bridge\n\nThe city council of Toledo voted on Tuesday to close \
         the old river bridge after engineers found cracks in two of its piers, the mayor said.",
    );
    let mut first = documents(&files[..2]);
    first.push(bridge.clone());
    let mut all = first.clone();
    all.extend(documents(&files[2..]));

    let once = SqliteStore::open_in_memory().unwrap();
    ingest_into(&once, &all);
    let steps = SqliteStore::open_in_memory().unwrap();
    ingest_into(&steps, &first);
    let bridge_story = steps.story_hashes().unwrap();
    ingest_into(&steps, &documents(&files[2..]));
    assert_eq!(steps.counts().unwrap().stories, 2);
    assert_eq!(stories(&steps), stories(&once));
    // The bridge story was written by the first batch and left alone by the second.
    let after = steps.story_hashes().unwrap();
    assert!(bridge_story.iter().any(|s| after.contains(s)));
}
