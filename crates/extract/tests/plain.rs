//! Plain-text reader tests: golden fixtures (one per report shape, written for this project),
//! the ceasefire samples from `examples/` (skipped when absent), and properties.
//!
//! Golden files: `tests/data/plain/NAME.txt` is read and the key facts of its article are
//! compared with `NAME.expected.json`. A missing expected file is written on the first run
//! (review it, then commit it); set `UPDATE_GOLDEN=1` to rewrite them all after a deliberate
//! change.

use model::{Article, Document, Format, PubTime};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn read(name: &str, content: &str) -> Article {
    extract::plain::extract(&Document::new(name, Format::Text, content))
}

/// The facts a golden file pins down.
fn facts(a: &Article) -> Value {
    json!({
        "title": a.title,
        "source": a.source,
        "published": a.published.map(|t| t.to_string()),
        "byline": a.byline,
        "credit": a.credit,
        "language": a.language,
        "paragraphs": a.paragraphs.len(),
        "first_paragraph": a.paragraphs.first(),
        "last_paragraph": a.paragraphs.last(),
        "captions": a.captions,
        "metadata_keys": a.metadata.keys().collect::<Vec<_>>(),
        "removed_reasons": a.removed.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>(),
        "provenance": a.provenance.iter().map(|(k, p)| (k.clone(), p.method.clone())).collect::<std::collections::BTreeMap<_, _>>(),
    })
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/plain")
}

fn check_golden(name: &str) {
    let dir = data_dir();
    let input = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("fixture");
    let got = facts(&read(name, &input));
    let path = dir.join(format!("{name}.expected.json"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    match std::fs::read_to_string(&path) {
        Ok(s) if !update => {
            let want: Value = serde_json::from_str(&s).expect("golden json");
            assert_eq!(
                got,
                want,
                "{name}: got\n{}",
                serde_json::to_string_pretty(&got).unwrap_or_default()
            );
        }
        _ => {
            let s = serde_json::to_string_pretty(&got).unwrap_or_default() + "\n";
            std::fs::write(&path, s).expect("write golden");
            eprintln!("wrote {} (review it)", path.display());
        }
    }
}

#[test]
fn golden_archive_record() {
    check_golden("archive_record");
}

#[test]
fn golden_archive_plain_keys() {
    check_golden("archive_plain_keys");
}

#[test]
fn golden_dateline_lead() {
    check_golden("dateline_lead");
}

#[test]
fn golden_aggregator_page() {
    check_golden("aggregator_page");
}

#[test]
fn golden_news_page() {
    check_golden("news_page");
}

#[test]
fn golden_rewrite() {
    check_golden("rewrite");
}

#[test]
fn golden_bare_text() {
    check_golden("bare_text");
}

/// `PLAIN_DUMP=1 cargo test -p extract --test plain dump -- --nocapture` prints the articles
/// of the fixtures and samples, for reviewing rules.
#[test]
fn dump() {
    if std::env::var_os("PLAIN_DUMP").is_none() {
        return;
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in [
        data_dir(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceasefire"),
    ] {
        if let Ok(rd) = std::fs::read_dir(dir) {
            paths.extend(
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "txt")),
            );
        }
    }
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let a = read(&p.display().to_string(), &text);
        println!("{}", serde_json::to_string_pretty(&a).unwrap_or_default());
    }
}

/// The ceasefire samples, when the repository has them: the key facts of each shape.
fn sample(prefix: &str) -> Option<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceasefire");
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    let text = std::fs::read_to_string(entry.path()).ok()?;
    Some(read(&entry.path().display().to_string(), &text))
}

fn body_has(a: &Article, s: &str) -> bool {
    a.body().contains(s)
}

#[test]
fn ceasefire_samples() {
    let Some(a) = sample("000_") else {
        eprintln!("skipped: examples/ceasefire not found");
        return;
    };
    assert_eq!(a.source.as_deref(), Some("Reuters"));
    assert!(matches!(a.published, Some(PubTime::Date(_))));
    assert_eq!(
        a.published.map(|t| t.to_string()).as_deref(),
        Some("2025-03-14")
    );
    assert!(
        a.paragraphs[0].starts_with("The Kremlin said on Friday"),
        "{:?}",
        a.paragraphs
    );
    assert!(!body_has(&a, "Copyright"));
    assert!(a.metadata.contains_key("summary"));
    assert_eq!(
        a.title
            .as_deref()
            .map(|t| t.starts_with("Kremlin says Putin")),
        Some(true)
    );
    assert!(a
        .paragraphs
        .last()
        .is_some_and(|p| p.ends_with("briefed Trump.")));

    let a = sample("001_").expect("sample 001");
    assert_eq!(a.source.as_deref(), Some("Shafaq News"));
    assert_eq!(
        a.published.map(|t| t.to_string()).as_deref(),
        Some("2025-03-14")
    );
    assert!(a.paragraphs[0].starts_with("On Friday"));
    assert_eq!(a.paragraphs.len(), 7);

    let a = sample("002_").expect("sample 002");
    assert_eq!(
        a.published.map(|t| t.to_string()).as_deref(),
        Some("2025-03-14T21:50:49+02:00")
    );
    assert!(!body_has(&a, "MORE ON THEME"));
    assert!(!body_has(&a, "GMT"));
    assert!(!body_has(&a, "Greenland"));
    assert!(!body_has(&a, "Follow us"));
    assert!(!body_has(&a, "All Rights Reserved"));
    assert!(a
        .paragraphs
        .last()
        .is_some_and(|p| p.starts_with("As tensions remain high")));
    assert!(a.removed.iter().any(|r| r.reason == "related-links"));

    let a = sample("003_").expect("sample 003");
    assert_eq!(a.byline, None);
    assert_eq!(a.source.as_deref(), Some("Mail Online"));
    assert!(!body_has(&a, "Read More"));
    assert!(!body_has(&a, "BREAKING NEWS"));
    assert!(!body_has(&a, "what he'd 'love' to tell Putin"));
    assert!(a
        .removed
        .iter()
        .any(|r| r.reason == "teaser" && r.text == "Read More"));
    assert!(a
        .captions
        .iter()
        .any(|c| c.starts_with("President Donald Trump is pushing")));
    assert!(a
        .captions
        .iter()
        .any(|c| c.starts_with("Russian President Vladimir Putin")));
    assert!(!body_has(&a, "(left)"));
    assert_eq!(
        a.title.as_deref(),
        Some("Trump reveals where ceasefire talks with Putin stand")
    );

    let a = sample("004_").expect("sample 004");
    let mut seen = std::collections::BTreeSet::new();
    for p in &a.paragraphs {
        assert!(seen.insert(p.clone()), "repeated: {p}");
    }
    assert!(a.body().contains("cautious optimism"));
    assert_eq!(
        a.title.as_deref(),
        Some("Diplomatic Talks Resurface as Putin Meets U.S. Envoy in Moscow")
    );
    assert_eq!(
        a.published.map(|t| t.to_string()).as_deref(),
        Some("2025-03-14")
    );
    assert!(a.removed.iter().any(|r| r.reason == "repeated-paragraph"));
}

#[test]
fn container_fields_win_and_guesses_have_provenance() {
    let text =
        "date 2024-11-02 Lowland Times/ On Saturday, the strike went on.\n\nMore talks are due.";
    let mut doc = Document::new("x", Format::Text, text);
    doc.source = Some("Feed Name".into());
    doc.published = PubTime::parse("2024-11-03T08:00:00Z");
    let a = extract::plain::extract(&doc);
    assert_eq!(a.source.as_deref(), Some("Feed Name"));
    assert_eq!(
        a.published.map(|t| t.to_string()).as_deref(),
        Some("2024-11-03T08:00:00Z")
    );
    assert_eq!(a.provenance["source"].method, "container");
    let a = read("x", text);
    assert_eq!(a.source.as_deref(), Some("Lowland Times"));
    assert_eq!(a.provenance["source"].method, "dateline");
    assert_eq!(a.provenance["published"].method, "dateline");
    assert_eq!(a.id, Article::make_id("x", text));
}

#[test]
fn nothing_is_invented() {
    let a = read("x", "The river rose overnight.\n\nRoads were closed.");
    assert_eq!(a.published, None);
    assert_eq!(a.source, None);
    assert_eq!(a.byline, None);
    assert_eq!(a.title, None);
    assert_eq!(a.paragraphs.len(), 2);
    let a = read("x", "");
    assert!(a.paragraphs.is_empty());
}

#[test]
fn outlet_memory_strips_cross_document_boilerplate() {
    let mut memory = extract::plain::OutletMemory::new();
    let mut last = None;
    for i in 0..3 {
        let text = format!(
            "Story {i} Headline Here\n\nby · Valley Gazette\n\nThe mayor spoke about item number {i} on Monday, said aides.\n\nSign up to our morning email.\n\nThe talks go on, aides said on Monday night."
        );
        let mut a = read("x", &text);
        memory.strip(&mut a);
        last = Some(a);
    }
    let a = last.expect("three articles");
    assert!(!a.body().contains("Sign up"), "{:?}", a.paragraphs);
    assert!(a
        .removed
        .iter()
        .any(|r| r.reason == "repeated-across-outlet"));
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lines in the shapes the reader reacts to, to reach its rules often.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z ,.'!?()·:/-]{0,80}",
        Just("Fri, 14 Mar 2025 18:53:14 GMT".to_string()),
        Just("Read More".to_string()),
        Just("by · Some Outlet".to_string()),
        Just("- Story Text: It rained all day.".to_string()),
        Just("- Date: 3rd May 2024".to_string()),
        Just("- Copyright Holder: ACME".to_string()),
        Just("date 2024-01-02 Some Paper/ On Monday it rained.".to_string()),
        Just("© 2024 Someone. All rights reserved.".to_string()),
        Just("A man (left) walks past the gate".to_string()),
        Just(String::new()),
        "\\PC{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_and_paragraphs_come_from_the_input(s in "\\PC{0,300}") {
        let a = read("p", &s);
        let input = squash(&s);
        for p in &a.paragraphs {
            prop_assert!(!p.trim().is_empty());
            prop_assert!(input.contains(&squash(p)), "{p:?} not in input");
        }
    }

    #[test]
    fn structured_inputs_keep_the_invariants(lines in proptest::collection::vec(line(), 0..25)) {
        let s = lines.join("\n");
        let a = read("p", &s);
        let input = squash(&s);
        for p in &a.paragraphs {
            prop_assert!(!p.trim().is_empty());
            prop_assert!(input.contains(&squash(p)), "{p:?} not in input");
        }
        prop_assert_eq!(read("p", &s), a, "deterministic");
    }
}

/// PolNeAR's article texts (`../shared/data/quotes/polnear`): clean news texts whose
/// metadata names the title and the wire credit. Measures how much running text the reader
/// keeps (nearly all of it should be), titles and wire credits; skipped when absent.
#[test]
fn polnear_texts_keep_their_body() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/quotes/polnear/data");
    let Ok(meta) = std::fs::read_to_string(root.join("metadata.tsv")) else {
        eprintln!("skipped: ../shared/data/quotes/polnear not found");
        return;
    };
    let (mut n, mut kept_sum, mut low, mut titles, mut wires, mut wire_hits) = (0, 0.0, 0, 0, 0, 0);
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    let verbose = std::env::var_os("PLAIN_DUMP").is_some();
    for row in meta.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 {
            continue;
        }
        let (name, title, wire) = (cols[1], cols[7], cols[11]);
        let Some(text) = ["dev", "train"].iter().find_map(|c| {
            std::fs::read_to_string(root.join(c).join("text").join(format!("{name}.txt"))).ok()
        }) else {
            continue;
        };
        let a = read(name, &text);
        n += 1;
        let words = |s: &str| s.split_whitespace().count();
        let first_line = text.lines().next().unwrap_or("");
        let total = words(&text) - words(first_line);
        let kept = a
            .paragraphs
            .iter()
            .chain(&a.captions)
            .map(|p| words(p))
            .sum::<usize>()
            + a.metadata.get("standfirst").map_or(0, |s| words(s))
            + a.metadata.get("dateline").map_or(0, |s| words(s))
            - if a.title.is_none() {
                words(first_line)
            } else {
                0
            };
        let share = (kept as f64 / total.max(1) as f64).min(1.0);
        kept_sum += share;
        if share < 0.9 {
            low += 1;
        }
        if a.title.as_deref().map(|t| t.trim_end_matches('.')) == Some(title.trim_end_matches('.'))
        {
            titles += 1;
        }
        if !matches!(wire, "None" | "NA" | "") {
            wires += 1;
            let got = a.credit.as_deref().or(a.source.as_deref()).unwrap_or("");
            if got.eq_ignore_ascii_case(wire) {
                wire_hits += 1;
            } else if verbose {
                let lede: String = a
                    .paragraphs
                    .first()
                    .map_or("", |p| p.as_str())
                    .chars()
                    .take(90)
                    .collect();
                println!(
                    "{name}\tWIRE-MISS\t{wire} got {got:?} lede {lede:?} dateline {:?}",
                    a.metadata.get("dateline")
                );
            }
        }
        for r in &a.removed {
            *reasons.entry(r.reason.clone()).or_default() += 1;
            if verbose {
                println!("{name}\t{}\t{}", r.reason, r.text);
            }
        }
        if verbose {
            for c in &a.captions {
                println!("{name}\tCAPTION\t{c}");
            }
        }
    }
    let mean = kept_sum / n.max(1) as f64;
    eprintln!(
        "polnear: {n} texts, body words kept {mean:.3} (under 0.9: {low}), titles {titles}/{n}, wire credits {wire_hits}/{wires}, removed {reasons:?}"
    );
    assert!(n == 0 || mean > 0.95, "body words kept {mean:.3}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Dates: no panic on any text, spans on char boundaries inside the text, and a found
    /// span read alone gives the same time.
    #[test]
    fn dates_never_panic_and_spans_read_back(
        s in "\\PC{0,60}",
        d in prop_oneof![
            Just("14th March 2025"), Just("Fri, 14 Mar 2025 18:53:14 GMT"),
            Just("2025-03-14T21:50:49+02:00"), Just("03/04/2025 10:00 EST"), Just("March 2025"),
        ],
    ) {
        let text = format!("{s} {d} {s}");
        let _ = extract::dates::parse_datetime(&s);
        for (t, span) in extract::dates::find_dates(&text) {
            prop_assert!(text.get(span.start..span.end).is_some());
            let again = extract::dates::parse_datetime(span.slice(&text));
            prop_assert_eq!(again, Some(t), "{:?}", span.slice(&text));
        }
    }
}
