//! Entity recognition and cross-article resolution: a `check(text, expected)` table for
//! mentions, resolution of name variants, roles and acronyms on small texts, speaker linking,
//! and the five real ceasefire reports in `examples/ceasefire` (skipped when absent).

use annotate::entities;
use model::{Annotations, Article, Entity, EntityType, Quote, QuoteKind, Span};
use proptest::prelude::*;
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
            assert_eq!(m.article, "a");
            format!("{} {}", short(m.kind), m.text)
        })
        .collect();
    assert_eq!(got, expected, "in {text:?}");
}

#[test]
fn mentions_table() {
    check(
        "Kremlin spokesman Dmitry Peskov said on Friday that talks would go on.",
        &["ORG Kremlin", "PER Dmitry Peskov"],
    );
    check(
        "Russian President Vladimir Putin met U.S. special envoy Steve Witkoff in Moscow.",
        &[
            "PER Vladimir Putin",
            "LOC U.S.",
            "PER Steve Witkoff",
            "LOC Moscow",
        ],
    );
    check(
        "Kremlin spokesman Dmitri S. Peskov exuded cautious optimism.",
        &["ORG Kremlin", "PER Dmitri S. Peskov"],
    );
    check(
        "However, Apple Inc. and the Bank of England disagreed with the Ministry of Defence.",
        &[
            "ORG Apple Inc.",
            "ORG Bank of England",
            "ORG Ministry of Defence",
        ],
    );
    // A name at the start of a sentence, found by its reporting verb.
    check(
        "On Friday, Peskov said the talks were useful.",
        &["PER Peskov"],
    );
    // A title-cased headline keeps only names the body confirms.
    check(
        "Trump Calls Talks With Putin Productive Amid Conflict\n\nPresident Donald Trump spoke to Vladimir Putin.",
        &["PER Trump", "PER Putin", "PER Donald Trump", "PER Vladimir Putin"],
    );
    check(
        "Ursula von der Leyen visited Kyiv with Prime Minister Keir Starmer.",
        &["PER Ursula von der Leyen", "LOC Kyiv", "PER Keir Starmer"],
    );
    // Shouted datelines: gazetteer names only.
    check(
        "KYIV, UKRAINE (MARCH 14, 2025) (REUTERS) VARIOUS OF PEOPLE WALKING IN STREET",
        &["LOC KYIV", "LOC UKRAINE", "ORG REUTERS"],
    );
    check(
        "Donald Trump and Vladimir Putin spoke of a U.S.-Russia deal after the Trump-Putin call.",
        &[
            "PER Donald Trump",
            "PER Vladimir Putin",
            "LOC U.S.",
            "LOC Russia",
            "PER Trump",
            "PER Putin",
        ],
    );
    check(
        "Drones hit a refinery in the Oryol region and the town of Kurchatov.",
        &["LOC Oryol", "LOC Kurchatov"],
    );
    check(
        "The Beatles' label Apple Corps sued Apple Computer in the High Court.",
        &[
            "ORG Beatles",
            "ORG Apple Corps",
            "ORG Apple Computer",
            "ORG High Court",
        ],
    );
    // Products, units, months and demonyms are not entities.
    check(
        "The new iPhone runs at 2 GHz, Ukrainian officials said in March.",
        &[],
    );
    check(
        "Greenland's Political Unity Shines Against Annexation Talks",
        &["LOC Greenland"],
    );
    check(
        "Michael Waltz, national security adviser to the president, spoke to Karoline Leavitt, the White House press secretary.",
        &["PER Michael Waltz", "PER Karoline Leavitt", "ORG White House"],
    );
}

#[test]
fn roles_before_and_after_names() {
    let check_role = |body: &str, name: &str, expected: Option<&str>| {
        let at = body.find(name).expect("name in body");
        let got = entities::role_of(body, Span::new(at, at + name.len()));
        assert_eq!(got.as_deref(), expected, "role of {name} in {body:?}");
    };
    check_role(
        "Kremlin spokesperson Dmitry Peskov said so.",
        "Dmitry Peskov",
        Some("Kremlin spokesperson"),
    );
    check_role(
        "He met U.S. special envoy Steve Witkoff.",
        "Steve Witkoff",
        Some("U.S. special envoy"),
    );
    check_role(
        "Putin met Steve Witkoff, the U.S. special envoy, in Moscow.",
        "Steve Witkoff",
        Some("U.S. special envoy"),
    );
    check_role(
        "Michael Waltz, national security adviser to Trump, agreed.",
        "Michael Waltz",
        Some("national security adviser to Trump"),
    );
    check_role(
        "Russian President Vladimir Putin spoke.",
        "Vladimir Putin",
        Some("Russian President"),
    );
    check_role("Then Vladimir Putin spoke.", "Vladimir Putin", None);
    check_role("Putin met Witkoff, who said nothing.", "Witkoff", None);
}

fn annotate_all(articles: &[Article]) -> Vec<Annotations> {
    articles.iter().map(annotate_one).collect()
}

fn annotate_one(a: &Article) -> Annotations {
    let body = a.body();
    Annotations {
        mentions: entities::mentions(a, &body),
        ..Annotations::default()
    }
}

fn resolve(articles: &[Article]) -> Vec<Entity> {
    let anns = annotate_all(articles);
    let items: Vec<(&Article, &Annotations)> = articles.iter().zip(anns.iter()).collect();
    entities::resolve(&items)
}

fn find<'e>(entities: &'e [Entity], surface: &str) -> Vec<&'e Entity> {
    entities
        .iter()
        .filter(|e| e.name == surface || e.aliases.iter().any(|a| a == surface))
        .collect()
}

fn small_story() -> Vec<Article> {
    vec![
        article(
            "a1",
            "Alpha",
            "Kremlin spokesman Dmitry Peskov said the talks would go on.\n\nPeskov added that Moscow was ready.",
        ),
        article(
            "a2",
            "Beta",
            "Kremlin spokeswoman? No: Kremlin spokesman Dmitri S. Peskov said Russia wanted details.\n\nThe Kremlin spokesman also said the U.S. envoy had arrived.",
        ),
        article(
            "a3",
            "Gamma",
            "Dmitri Peskov told reporters the United States and Russia would talk. Donald Trump agreed, and Melania Trump smiled.\n\nTrump said it was good.",
        ),
    ]
}

#[test]
fn resolution_merges_name_variants_and_roles() {
    let ents = resolve(&small_story());
    let peskov = find(&ents, "Peskov");
    assert_eq!(peskov.len(), 1, "{ents:#?}");
    let p = peskov[0];
    assert_eq!(p.kind, EntityType::Person);
    assert_eq!(p.name, "Dmitri S. Peskov");
    for alias in ["Dmitry Peskov", "Dmitri Peskov", "Peskov"] {
        assert!(
            p.aliases.iter().any(|a| a == alias),
            "{alias} in {:?}",
            p.aliases
        );
    }
    assert_eq!(
        p.roles.first().map(String::as_str),
        Some("Kremlin spokesman")
    );
    // "The Kremlin spokesman" alone is a mention of him.
    assert!(
        p.mentions.iter().any(|m| m.article == "a2"
            && m.text == "Kremlin spokesman"
            && !m.text.contains("Peskov")),
        "{:?}",
        p.mentions
    );
    assert_eq!(p.sources, ["Alpha", "Beta", "Gamma"]);
    assert_eq!(
        p.id,
        format!("e-{:016x}", model::stable_hash(p.name.as_bytes()))
    );
    // U.S. = United States; two Trumps stay apart and "Trump" goes to the first-named one.
    let us = find(&ents, "U.S.");
    assert_eq!(us.len(), 1);
    assert_eq!(us[0].name, "United States");
    assert_eq!(us[0].kind, EntityType::Location);
    assert_eq!(find(&ents, "Melania Trump").len(), 1);
    let donald = find(&ents, "Donald Trump");
    assert_eq!(donald.len(), 1);
    assert!(donald[0].aliases.iter().any(|a| a == "Trump"));
    // Most mentioned first, then by name; deterministic.
    for w in ents.windows(2) {
        assert!(
            (w[0].mentions.len(), &w[1].name) >= (w[1].mentions.len(), &w[0].name),
            "order: {} then {}",
            w[0].name,
            w[1].name
        );
    }
    assert_eq!(ents, resolve(&small_story()));
}

#[test]
fn acronyms_join_their_long_form() {
    let ents = resolve(&[article(
        "a",
        "S",
        "The International Atomic Energy Agency sent inspectors. The IAEA said more were coming, and the Worldwide Fund for Nature (WFN) agreed with Acme Widgets Corporation (AWC).",
    )]);
    let iaea = find(&ents, "IAEA");
    assert_eq!(iaea.len(), 1);
    assert_eq!(iaea[0].name, "International Atomic Energy Agency");
    let awc = find(&ents, "AWC");
    assert_eq!(awc.len(), 1, "{ents:#?}");
    assert_eq!(awc[0].name, "Acme Widgets Corporation");
}

fn quote(article: &str, speaker: &str) -> Quote {
    Quote {
        speaker: Some(speaker.to_string()),
        speaker_span: None,
        speaker_entity: None,
        text: "We will talk".to_string(),
        kind: QuoteKind::Direct,
        cue: Some("said".to_string()),
        cue_span: None,
        article: article.to_string(),
        span: Span::new(0, 1),
        confidence: 1.0,
    }
}

#[test]
fn speakers_link_by_name_surname_and_role() {
    let story = small_story();
    let ents = resolve(&story);
    let peskov = find(&ents, "Peskov")[0].clone();
    let mut quotes = vec![
        quote("a1", "Kremlin spokesman Dmitry Peskov"),
        quote("a1", "Peskov"),
        quote("a2", "the Kremlin spokesman"),
        quote("a2", "Kremlin spokesperson"),
        quote("a3", "a senior official"),
    ];
    entities::link_speakers(&mut quotes, &ents);
    for q in &quotes[..4] {
        assert_eq!(
            q.speaker_entity.as_deref(),
            Some(peskov.id.as_str()),
            "{q:?}"
        );
        assert_eq!(q.speaker.as_deref(), Some(peskov.name.as_str()));
    }
    assert_eq!(quotes[4].speaker_entity, None);
    assert_eq!(quotes[4].speaker.as_deref(), Some("a senior official"));
    // By span: the quote's speaker span points at a mention.
    let body = story[2].body();
    let at = body.find("Dmitri Peskov").unwrap_or(0);
    let mut q = quote("a3", "he");
    q.speaker_span = Some(Span::new(at, at + 13));
    entities::link_speakers(std::slice::from_mut(&mut q), &ents);
    assert_eq!(q.speaker_entity.as_deref(), Some(peskov.id.as_str()));
}

#[test]
fn ceasefire_samples_merge_peskov() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceasefire");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} is absent", dir.display());
        return;
    };
    let mut files: Vec<_> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let articles: Vec<Article> = files
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            article(&format!("a{n}"), &format!("source{n}"), &text)
        })
        .collect();
    let ents = resolve(&articles);
    let peskovs: Vec<&Entity> = ents
        .iter()
        .filter(|e| e.name.contains("Peskov") || e.aliases.iter().any(|a| a.contains("Peskov")))
        .collect();
    assert_eq!(peskovs.len(), 1, "{peskovs:#?}");
    let p = peskovs[0];
    let forms: Vec<&str> = std::iter::once(p.name.as_str())
        .chain(p.aliases.iter().map(String::as_str))
        .collect();
    for f in [
        "Dmitry Peskov",
        "Dmitri Peskov",
        "Dmitri S. Peskov",
        "Peskov",
    ] {
        assert!(forms.contains(&f), "{f} in {forms:?}");
    }
    assert!(
        p.roles.iter().any(|r| r == "Kremlin spokesman"),
        "roles {:?}",
        p.roles
    );
    assert!(p.sources.len() >= 4, "{:?}", p.sources);
    // Putin with and without his middle initial is one person too.
    let putins: Vec<&Entity> = ents.iter().filter(|e| e.name.ends_with("Putin")).collect();
    assert_eq!(putins.len(), 1, "{putins:#?}");
    assert!(putins[0]
        .aliases
        .iter()
        .any(|a| a == "Vladimir V. Putin" || a == "Putin"));
    assert_eq!(find(&ents, "U.S.").len(), 1);
    assert_eq!(find(&ents, "US").len(), 1);
    assert_eq!(find(&ents, "US")[0].name, "United States");
}

proptest! {
    #[test]
    fn mention_spans_stay_inside_the_body(s in "\\PC{0,300}") {
        let a = article("p", "p", &s);
        let body = a.body();
        for m in entities::mentions(&a, &body) {
            prop_assert!(m.span.end <= body.len());
            prop_assert!(body.get(m.span.start..m.span.end).is_some());
            prop_assert_eq!(m.span.slice(&body), m.text.as_str());
            prop_assert!(!m.span.is_empty());
        }
    }

    #[test]
    fn capitalised_word_salad_never_panics(words in proptest::collection::vec("[A-Z][a-z]{0,6}|U\\.S\\.|-|'s|,|\\.|of|the", 0..40)) {
        let text = words.join(" ");
        let a = article("p", "p", &text);
        let body = a.body();
        let anns = annotate_one(&a);
        let items = [(&a, &anns)];
        let ents = entities::resolve(&items);
        for e in &ents {
            prop_assert!(e.id.starts_with("e-"));
            prop_assert!(!e.mentions.is_empty());
        }
        prop_assert!(anns.mentions.iter().all(|m| m.span.end <= body.len()));
    }
}
