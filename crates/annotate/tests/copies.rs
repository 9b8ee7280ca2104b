//! An exact copy's annotations (same paragraphs, same publication time, another id) are the
//! original's with the id put in: `annotations_for_copy` must equal annotating afresh.

use annotate::{annotate, annotations_for_copy, same_annotation_input};
use model::{Article, PubTime};

fn article(id: &str, text: &str, published: Option<PubTime>) -> Article {
    let mut a = Article::new(id.to_string(), "");
    a.paragraphs = text
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    a.published = published;
    a
}

fn texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/ceasefire");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .expect("examples/ceasefire is in the repository")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| std::fs::read_to_string(e.path()).expect("a readable sample"))
        .collect();
    out.push(
        "Kremlin spokesman Dmitry Peskov said on Friday that Putin had sent a message to Trump.\n\n\
         \"We are cautiously optimistic,\" Peskov told reporters. Talks resume next Thursday."
            .to_string(),
    );
    out
}

#[test]
fn a_copy_annotates_as_its_original_with_its_own_id() {
    let published = PubTime::parse("2025-03-14T12:00:00+00:00");
    assert!(published.is_some());
    let (mut mentions, mut quotes) = (0, 0);
    for (i, text) in texts().iter().enumerate() {
        for p in [None, published] {
            let original = article(&format!("a-original{i}"), text, p);
            let copy = article(&format!("a-copy{i}"), text, p);
            assert!(same_annotation_input(&original, &copy));
            let first = annotate(&original);
            mentions += first.mentions.len();
            quotes += first.quotes.len();
            assert_eq!(annotations_for_copy(&first, &copy.id), annotate(&copy));
        }
    }
    // The texts hold what is being copied: the check above compared something.
    assert!(
        mentions > 20 && quotes > 4,
        "{mentions} mentions, {quotes} quotes"
    );
}

#[test]
fn other_paragraphs_or_times_are_not_the_same_input() {
    let a = article("a-1", "Peskov spoke on Friday.", None);
    let b = article("a-2", "Peskov spoke on Friday!", None);
    let c = article(
        "a-3",
        "Peskov spoke on Friday.",
        PubTime::parse("2025-03-14"),
    );
    assert!(!same_annotation_input(&a, &b));
    assert!(!same_annotation_input(&a, &c));
}
