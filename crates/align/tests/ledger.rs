//! Table-driven checks of the claim ledger: which clause pairs are the same claim, which
//! disagreements are flagged, what each article adds, and that a brief rests on its claims.

use align::{align_story, check_brief, claims_of, same_claim, Alignment, StoryArticle};
use model::{Annotations, Article, BriefSentence, Citation, Span};

fn article(id: &str, source: &str, body: &str) -> Article {
    let mut a = Article::new(id, "test");
    a.source = Some(source.into());
    a.paragraphs = body.split("\n\n").map(str::to_string).collect();
    a
}

fn story(bodies: &[(&str, &str)]) -> (Vec<Article>, Alignment) {
    let articles: Vec<Article> = bodies
        .iter()
        .enumerate()
        .map(|(i, (src, body))| article(&format!("a{i}"), src, body))
        .collect();
    let none = Annotations::default();
    let items: Vec<StoryArticle<'_>> = articles
        .iter()
        .map(|a| StoryArticle {
            article: a,
            annotations: &none,
            origin: &a.id,
        })
        .collect();
    let out = align_story(&items);
    (articles, out)
}

/// Whether the first clause of `a` and the first clause of `b` are one claim.
fn check_same(a: &str, b: &str, expected: bool) {
    let none = Annotations::default();
    let ca = claims_of(&article("x", "X", a), &none);
    let cb = claims_of(&article("y", "Y", b), &none);
    assert_eq!(
        same_claim(&ca[0], &cb[0]),
        expected,
        "{a:?} / {b:?}: similarity {}",
        align::similarity(&ca[0], &cb[0])
    );
}

#[test]
fn claim_pairs() {
    let table: &[(&str, &str, bool)] = &[
        // Paraphrase, numbers in words and digits.
        (
            "Ukraine accepted a 30-day ceasefire proposed by Washington.",
            "Washington's proposal of a ceasefire lasting thirty days was accepted by Ukraine.",
            true,
        ),
        // Reordered clauses, a frame on one side only.
        (
            "Putin held late night talks with Witkoff in Moscow, Peskov said.",
            "In Moscow, Witkoff and Putin held talks late at night.",
            true,
        ),
        // Transliterated names.
        (
            "Dmitry Peskov said the phone call would be arranged after the briefing.",
            "Dmitri Peskov said the phone call would be arranged after the briefing.",
            true,
        ),
        // The same quoted words, different framing.
        (
            "Peskov spoke of \"cautious optimism\" about the prospect.",
            "There were grounds for 'cautious optimism', the Kremlin said.",
            true,
        ),
        // Shared names only: not a claim in common.
        (
            "Trump and Putin will speak by phone.",
            "Trump criticised Putin over the drone strikes on Kyiv.",
            false,
        ),
        // The same kind of event, other people.
        (
            "Tara Reid checked into a rehab clinic in Malibu.",
            "Lindsay Lohan checked into a rehab clinic in Los Angeles.",
            false,
        ),
        (
            "The earthquake killed 30 people in the north.",
            "The government announced new tariffs on steel imports.",
            false,
        ),
    ];
    for (a, b, same) in table {
        check_same(a, b, *same);
    }
}

/// (bodies, expected contradiction kind)
#[test]
fn contradictions() {
    let table: &[(&[(&str, &str)], &str)] = &[
        (
            &[
                ("Wire", "The earthquake killed 30 people in the coastal town of Ica on Monday."),
                ("Daily", "The earthquake killed 45 people in the coastal town of Ica on Monday."),
            ],
            "number",
        ),
        (
            &[
                ("Wire", "The minister confirmed the mine will close next year after the vote."),
                ("Daily", "The minister confirmed the mine will not close next year after the vote."),
            ],
            "negation",
        ),
        (
            &[
                ("Wire", "Kremlin spokesman Dmitry Peskov said there were grounds for \"cautious optimism\" after the talks."),
                ("Daily", "Peskov stated that Putin expressed \"cautious optimism\" about the proposal after the talks."),
                ("Post", "Peskov said there was reason to feel 'cautious optimism' after the talks."),
            ],
            "speaker",
        ),
        (
            &[
                ("Wire", "Peskov said the talks were \"very useful and constructive\" for both sides."),
                ("Daily", "Peskov said the talks were \"very useful and productive\" for both sides."),
            ],
            "quote-drift",
        ),
    ];
    for (bodies, kind) in table {
        let (_, out) = story(bodies);
        assert!(
            out.contradictions.iter().any(|c| c.kind == *kind),
            "{kind} not flagged in {bodies:?}: {:?}",
            out.contradictions
        );
    }
    // Agreement is not a contradiction.
    let (_, out) = story(&[
        ("Wire", "The earthquake killed 30 people in Ica on Monday."),
        (
            "Daily",
            "Thirty people were killed by the earthquake in Ica on Monday.",
        ),
    ]);
    assert!(out.contradictions.is_empty(), "{:?}", out.contradictions);
    assert_eq!(out.claims[0].independent_sources, 2);
}

#[test]
fn novelty_in_arrival_order() {
    let (_, out) = story(&[
        ("Wire", "The earthquake killed 30 people in Ica on Monday."),
        (
            "Daily",
            "Thirty people were killed by the earthquake in Ica on Monday.\n\nRescuers searched the rubble of the cathedral through the night.",
        ),
        ("Post", "The earthquake killed 45 people in Ica on Monday, officials said."),
    ]);
    let quake = &out.claims[0].id;
    assert_eq!(out.novel_claims["a0"], vec![quake.clone()]);
    // The second article adds only the rescue.
    assert_eq!(out.novel_claims["a1"].len(), 1);
    assert_ne!(&out.novel_claims["a1"][0], quake);
    // The third changes a number: the claim is news again.
    assert_eq!(out.novel_claims["a2"], vec![quake.clone()]);
}

#[test]
fn copies_count_once() {
    let a = article(
        "a0",
        "Reuters",
        "The earthquake killed 30 people in Ica on Monday.",
    );
    let b = article(
        "a1",
        "Yahoo",
        "The earthquake killed 30 people in Ica on Monday.",
    );
    let none = Annotations::default();
    let out = align_story(&[
        StoryArticle {
            article: &a,
            annotations: &none,
            origin: "a0",
        },
        StoryArticle {
            article: &b,
            annotations: &none,
            origin: "a0",
        },
    ]);
    assert_eq!(out.claims[0].support.len(), 2);
    assert_eq!(out.claims[0].independent_sources, 1);
    assert!(out.claims[0].single_source);
}

#[test]
fn brief_rests_on_claims() {
    let (_, out) = story(&[
        ("Wire", "The earthquake killed 30 people in Ica on Monday. Rescuers searched the rubble of the old cathedral through the night. The president declared three days of national mourning for the victims."),
        ("Daily", "Thirty people were killed by the earthquake in Ica on Monday. The president declared three days of national mourning for all the victims."),
        ("Post", "The earthquake in Ica on Monday killed 30 people. Aftershocks damaged the port of Pisco and its main pier, officials said."),
    ]);
    assert!(!out.brief.is_empty());
    check_brief(&out.brief, &out.claims).expect("the brief cites its claims");
    // Most corroborated first.
    assert!(out.brief[0].text.contains("30") || out.brief[0].text.contains("Thirty"));
    assert!(out.brief.iter().any(|s| s.text.starts_with("Only ")));
    // A sentence without support, or citing a span no claim has, is rejected.
    let mut bad = out.brief.clone();
    bad.push(BriefSentence {
        text: "Made up.".into(),
        citations: vec![],
    });
    assert!(check_brief(&bad, &out.claims).is_err());
    let mut bad = out.brief.clone();
    bad[0].citations = vec![Citation {
        article: "a0".into(),
        span: Span::new(0, 1),
    }];
    assert!(check_brief(&bad, &out.claims).is_err());
}
