//! Table tests for `annotate::quotes`: each case is an article's paragraphs and the quotes
//! expected, written as (speaker, speaker as written, cue, text, kind).

use annotate::quotes::quotes;
use model::{Article, Quote, QuoteKind};
use proptest::prelude::*;

use QuoteKind::{Direct, Indirect};

type Expected<'a> = (&'a str, &'a str, &'a str, &'a str, QuoteKind);

fn run(paragraphs: &[&str]) -> (String, Vec<Quote>) {
    let mut a = Article::new("a1", "test");
    a.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
    let body = a.body();
    let q = quotes(&a, &body, &[]);
    (body, q)
}

fn check(paragraphs: &[&str], expected: &[Expected]) {
    let (body, got) = run(paragraphs);
    let got: Vec<(String, String, String, String, QuoteKind)> = got
        .iter()
        .map(|q| {
            (
                q.speaker.clone().unwrap_or_default(),
                q.speaker_span
                    .map(|s| s.slice(&body).to_string())
                    .unwrap_or_default(),
                q.cue_span
                    .map(|s| s.slice(&body).to_string())
                    .unwrap_or_default(),
                q.text.clone(),
                q.kind,
            )
        })
        .collect();
    let want: Vec<(String, String, String, String, QuoteKind)> = expected
        .iter()
        .map(|(a, b, c, d, k)| {
            (
                a.to_string(),
                b.to_string(),
                c.to_string(),
                d.to_string(),
                *k,
            )
        })
        .collect();
    assert_eq!(got, want, "in {paragraphs:?}");
}

#[test]
fn reuters_soundbite() {
    check(
        &["(SOUNDBITE) (Russian) RESIDENT, 58, VALERII, SAYING: \"We did not sleep all night.\""],
        &[(
            "RESIDENT, 58, VALERII",
            "RESIDENT, 58, VALERII",
            "SAYING",
            "We did not sleep all night.",
            Direct,
        )],
    );
}

#[test]
fn soundbite_with_content_in_next_paragraph() {
    check(
        &[
            "UKRAINIAN SOLDIER, ANDRIY, SAYING:",
            "\"They shelled us again at dawn.\"",
        ],
        &[(
            "UKRAINIAN SOLDIER, ANDRIY",
            "UKRAINIAN SOLDIER, ANDRIY",
            "SAYING",
            "They shelled us again at dawn.",
            Direct,
        )],
    );
}

#[test]
fn quote_broken_by_he_said() {
    check(
        &[
            "Kremlin spokesman Dmitry Peskov arrived on Friday.",
            "“We are ready,” he said, “but not before the summit.”",
        ],
        &[(
            "Dmitry Peskov",
            "he",
            "said",
            "We are ready, but not before the summit.",
            Direct,
        )],
    );
}

#[test]
fn quote_broken_across_sentences() {
    check(
        &["\"The line held,\" Zelenskiy said. \"We will not give up the east.\""],
        &[(
            "Zelenskiy",
            "Zelenskiy",
            "said",
            "The line held, We will not give up the east.",
            Direct,
        )],
    );
}

#[test]
fn quote_spanning_two_paragraphs() {
    check(
        &[
            "Ursula von der Leyen said: “Europe will stand by Ukraine.",
            "“We will pay for it, and we will not waver.”",
        ],
        &[(
            "Ursula von der Leyen",
            "Ursula von der Leyen",
            "said",
            "Europe will stand by Ukraine.\n\nWe will pay for it, and we will not waver.",
            Direct,
        )],
    );
}

#[test]
fn indirect_speech_without_that() {
    check(
        &["Peskov said Putin had conveyed the message to Trump."],
        &[(
            "Peskov",
            "Peskov",
            "said",
            "Putin had conveyed the message to Trump",
            Indirect,
        )],
    );
}

#[test]
fn indirect_speech_with_that_after_adverbial() {
    check(
        &["The ministry said in a statement that the talks would resume."],
        &[(
            "The ministry",
            "The ministry",
            "said",
            "that the talks would resume",
            Indirect,
        )],
    );
}

#[test]
fn pronoun_speaker_resolved_to_previous_named_person() {
    check(
        &[
            "Sergei Lavrov met reporters in Moscow on Monday.",
            "He said the proposal was unacceptable.",
        ],
        &[(
            "Sergei Lavrov",
            "He",
            "said",
            "the proposal was unacceptable",
            Indirect,
        )],
    );
}

#[test]
fn description_speaker_resolved_to_named_spokesman() {
    check(
        &[
            "Kremlin spokesman Dmitry Peskov said the talks would continue.",
            "The Kremlin spokesman said no date had been set.",
        ],
        &[
            (
                "Kremlin spokesman Dmitry Peskov",
                "Kremlin spokesman Dmitry Peskov",
                "said",
                "the talks would continue",
                Indirect,
            ),
            (
                "Dmitry Peskov",
                "The Kremlin spokesman",
                "said",
                "no date had been set",
                Indirect,
            ),
        ],
    );
}

#[test]
fn postposed_speaker_with_object_and_appositive() {
    check(
        &[
            "“The ceasefire is holding,” Peskov told reporters.",
            "\"It is a fragile calm,\" said Anna Smith, a researcher at the institute.",
            "Brian Fallon, a spokesman for the campaign, said the report was false.",
        ],
        &[
            (
                "Peskov",
                "Peskov",
                "told",
                "The ceasefire is holding,",
                Direct,
            ),
            (
                "Anna Smith, a researcher at the institute",
                "Anna Smith, a researcher at the institute",
                "said",
                "It is a fragile calm,",
                Direct,
            ),
            (
                "Brian Fallon, a spokesman for the campaign",
                "Brian Fallon, a spokesman for the campaign,",
                "said",
                "the report was false",
                Indirect,
            ),
        ],
    );
}

#[test]
fn according_to_and_colon() {
    check(
        &[
            "According to the Kremlin, the meeting is off.",
            "Talks will resume in May, according to two officials.",
        ],
        &[
            (
                "the Kremlin",
                "the Kremlin",
                "According to",
                "the meeting is off",
                Indirect,
            ),
            (
                "two officials",
                "two officials",
                "according to",
                "Talks will resume in May",
                Indirect,
            ),
        ],
    );
}

#[test]
fn doubled_apostrophes_and_auxiliary_cue() {
    check(
        &["''We have done our part,'' Mr. Lew has said."],
        &[(
            "Mr. Lew",
            "Mr. Lew",
            "has said",
            "We have done our part,",
            Direct,
        )],
    );
}

#[test]
fn no_quote_without_a_cue() {
    check(&["The talks resumed on Monday in Geneva."], &[]);
}

#[test]
fn fields_are_filled() {
    let (body, q) = run(&["“We will talk,” Kremlin spokesman Dmitry Peskov said."]);
    assert_eq!(q.len(), 1);
    let q = &q[0];
    assert_eq!(q.article, "a1");
    assert_eq!(q.span.slice(&body), "We will talk,");
    assert_eq!(q.cue.as_deref(), Some("said"));
    assert!(q.speaker_entity.is_none());
    assert!(q.confidence > 0.5 && q.confidence <= 1.0);
}

proptest! {
    #[test]
    fn spans_stay_inside_the_body(
        paras in proptest::collection::vec("[A-Za-z“”‘’\"' ,.:]{0,60}( said| told| according to|, SAYING:)?[A-Za-z“”‘’\"' ,.]{0,40}", 1..4)
    ) {
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        let (body, qs) = run(&refs);
        for q in qs {
            let spans = [Some(q.span), q.speaker_span, q.cue_span];
            for s in spans.into_iter().flatten() {
                prop_assert!(s.start <= s.end && s.end <= body.len());
                prop_assert!(body.is_char_boundary(s.start) && body.is_char_boundary(s.end));
            }
        }
    }
}
