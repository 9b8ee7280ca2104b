//! Entity recognition and cross-article resolution: `check(text, expected)` tables for
//! mentions, resolution of name variants and roles, and the real ceasefire samples.

use annotate::entities;
use model::{Annotations, Article, EntityType, Quote, QuoteKind};
use std::path::Path;

fn article(id: &str, source: &str, text: &str) -> Article {
    let mut a = Article::new(id, "test");
    a.source = Some(source.to_string());
    a.paragraphs = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    a
}

fn short(k: EntityType) -> &'static str {
    match k {
        EntityType::Person => "PER",
        EntityType::Organization => "ORG",
        EntityType::Location => "LOC",
        EntityType::Other => "OTH",
    }
}

/// `expected` lists "TYPE text" for every mention, in order.
fn check(text: &str, expected: &[&str]) {
    let a = article("a", "test", text);
    let body = a.body();
    let got: Vec<String> = entities::mentions(&a, &body)
        .iter()
        .map(|m| {
            assert_eq!(m.span.slice(&body), m.text);
            format!("{} {}", short(m.kind), m.text)
        })
        .collect();
    assert_eq!(got, expected, "in {text:?}");
}

#[test]
fn dump_samples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceasefire");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<_> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let a = article("x", "x", &text);
        let body = a.body();
        let got: Vec<String> = entities::mentions(&a, &body)
            .iter()
            .map(|m| format!("{} {}", short(m.kind), m.text))
            .collect();
        println!("{}: {}", f.display(), got.join(" | "));
    }
}
