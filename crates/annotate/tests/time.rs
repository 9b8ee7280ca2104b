//! Table tests for `annotate::time`: each case is a text, an anchor (the publication time)
//! and the expressions expected, as (surface text, TIMEX3 value, type).

use annotate::time::{expressions, timeline};
use model::{Annotations, Article, PubTime};

/// Checks that `text` anchored at `anchor` yields exactly `expected`, in order.
fn check(text: &str, anchor: Option<&str>, expected: &[(&str, &str, &str)]) {
    let anchor = anchor.map(|a| PubTime::parse(a).expect("test anchor parses"));
    let got = expressions(text, anchor.as_ref());
    let got: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|t| {
            assert_eq!(t.span.slice(text), t.text, "span points at the text");
            (t.text.as_str(), t.value.as_str(), t.kind.as_str())
        })
        .collect();
    assert_eq!(got, expected, "in {text:?}");
}

// Friday 14 March 2025: the anchor of the hard cases.
const FRI: Option<&str> = Some("2025-03-14");

#[test]
fn bare_weekdays_are_past_biased() {
    check(
        "The talks ended on Thursday.",
        FRI,
        &[("Thursday", "2025-03-13", "date")],
    );
    check(
        "Officials met on Friday.",
        FRI,
        &[("Friday", "2025-03-14", "date")],
    );
    check(
        "Fighting resumed on Saturday.",
        FRI,
        &[("Saturday", "2025-03-08", "date")],
    );
    check(
        "They meet again next Thursday.",
        FRI,
        &[("next Thursday", "2025-03-20", "date")],
    );
    check(
        "Talks will resume on Monday.",
        FRI,
        &[("Monday", "2025-03-17", "date")],
    );
    check(
        "He spoke last Friday.",
        FRI,
        &[("last Friday", "2025-03-07", "date")],
    );
    check(
        "Shelling continued Thursday night.",
        FRI,
        &[("Thursday night", "2025-03-13TNI", "time")],
    );
}

#[test]
fn relative_periods() {
    check(
        "Talks began last week.",
        FRI,
        &[("last week", "2025-W10", "date")],
    );
    check(
        "The ceasefire was agreed earlier this month.",
        FRI,
        &[("earlier this month", "2025-03", "date")],
    );
    check(
        "Prices rose last year.",
        FRI,
        &[("last year", "2024", "date")],
    );
    check(
        "It ends next month.",
        FRI,
        &[("next month", "2025-04", "date")],
    );
    check(
        "The truce expires two weeks from now.",
        FRI,
        &[("two weeks from now", "2025-W13", "date")],
    );
    check(
        "Two weeks ago the front moved.",
        FRI,
        &[("Two weeks ago", "2025-W09", "date")],
    );
    check(
        "The strike came three days later.",
        FRI,
        &[("three days later", "P3D", "duration")],
    );
    check(
        "Yesterday's vote and today's talks, tomorrow's deadline.",
        FRI,
        &[
            ("Yesterday", "2025-03-13", "date"),
            ("today", "2025-03-14", "date"),
            ("tomorrow", "2025-03-15", "date"),
        ],
    );
    check(
        "Shelling resumed last night and this morning.",
        FRI,
        &[
            ("last night", "2025-03-13TNI", "time"),
            ("this morning", "2025-03-14TMO", "time"),
        ],
    );
}

#[test]
fn dates_without_a_year_and_with_one() {
    check(
        "The deal was signed on February 12.",
        FRI,
        &[("February 12", "2025-02-12", "date")],
    );
    check(
        "Troops left on Dec. 5.",
        Some("2025-01-10"),
        &[("Dec. 5", "2024-12-05", "date")],
    );
    check(
        "It was signed on March 14, 2025 in Doha.",
        None,
        &[("March 14, 2025", "2025-03-14", "date")],
    );
    check(
        "Elections are due in August 2026.",
        FRI,
        &[("August 2026", "2026-08", "date")],
    );
    check("The war began in 2022.", FRI, &[("2022", "2022", "date")]);
    check(
        "It happened on 14 March 2025.",
        None,
        &[("14 March 2025", "2025-03-14", "date")],
    );
    check(
        "KYIV (MARCH 14, 2025) The Kremlin said on Friday (March 14) that talks went on.",
        FRI,
        &[
            ("MARCH 14, 2025", "2025-03-14", "date"),
            ("Friday", "2025-03-14", "date"),
            ("March 14", "2025-03-14", "date"),
        ],
    );
    check(
        "In July last year the talks failed.",
        FRI,
        &[("July last year", "2024-07", "date")],
    );
}

#[test]
fn durations() {
    check(
        "The three-year war left the region in ruins.",
        FRI,
        &[("three-year", "P3Y", "duration")],
    );
    check(
        "Both sides accepted a 30-day ceasefire.",
        FRI,
        &[("30-day", "P30D", "duration")],
    );
    check(
        "Prices have doubled over the last two years.",
        FRI,
        &[("the last two years", "P2Y", "duration")],
    );
    check(
        "The meeting lasted five hours.",
        FRI,
        &[("five hours", "PT5H", "duration")],
    );
    check(
        "It could take several weeks.",
        FRI,
        &[("several weeks", "PXW", "duration")],
    );
    check(
        "He can be held for up to 180 days.",
        FRI,
        &[("up to 180 days", "P180D", "duration")],
    );
    check("a 45-year-old man was arrested", FRI, &[]);
}

#[test]
fn quarters_references_and_sets() {
    check(
        "Profit fell in the fourth quarter.",
        Some("2025-10-20"),
        &[("the fourth quarter", "2025-Q4", "date")],
    );
    check(
        "Third-quarter profit rose 5% from a year earlier.",
        Some("1989-10-26"),
        &[
            ("Third-quarter", "1989-Q3", "date"),
            ("a year earlier", "1988-Q3", "date"),
        ],
    );
    check(
        "Net income for fiscal 1989 was flat.",
        FRI,
        &[("fiscal 1989", "1989", "date")],
    );
    check(
        "Aid is now reaching Gaza and has recently increased.",
        FRI,
        &[
            ("now", "PRESENT_REF", "date"),
            ("recently", "PAST_REF", "date"),
        ],
    );
    check(
        "Flights run daily and the report is published every week.",
        FRI,
        &[("daily", "P1D", "set"), ("every week", "P1W", "set")],
    );
    check(
        "The economy grew in the 1990s and again this summer.",
        FRI,
        &[
            ("the 1990s", "199", "date"),
            ("this summer", "2025-SU", "date"),
        ],
    );
    check(
        "The talks failed at 5 p.m. on Thursday.",
        FRI,
        &[
            ("5 p.m.", "2025-03-14T17:00", "time"),
            ("Thursday", "2025-03-13", "date"),
        ],
    );
}

#[test]
fn without_an_anchor_relative_values_stay_unresolved() {
    check(
        "On Thursday, talks that began last week resumed; February 12 was a Wednesday.",
        None,
        &[
            ("Thursday", "XXXX-WXX-4", "date"),
            ("last week", "PAST_REF", "date"),
            ("February 12", "XXXX-02-12", "date"),
            ("Wednesday", "XXXX-WXX-3", "date"),
        ],
    );
    check(
        "It ends tomorrow.",
        None,
        &[("tomorrow", "FUTURE_REF", "date")],
    );
}

#[test]
fn words_that_only_look_like_times_are_left_alone() {
    check(
        "Protesters march on the capital; they may return.",
        FRI,
        &[],
    );
    check(
        "The 1990 troops were deployed and $2025 was paid.",
        FRI,
        &[],
    );
    check("Prices are expected to fall further.", FRI, &[]);
}

#[test]
fn spans_stay_inside_the_text_on_arbitrary_input() {
    let texts = [
        "é on Thursday — 3 p.m. «last week» 30-day",
        "Thursday",
        "",
        "Jan. 5, 2024, 10:30 a.m. EST, next Friday and the 1980s",
    ];
    for t in texts {
        for e in expressions(t, PubTime::parse("2025-03-14T10:00:00Z").as_ref()) {
            assert!(e.span.end <= t.len() && e.span.start < e.span.end);
            assert_eq!(e.span.slice(t), e.text);
        }
    }
}

fn article(id: &str, published: &str, paragraphs: &[&str]) -> Article {
    let mut a = Article::new(id, "test");
    a.published = PubTime::parse(published);
    a.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
    a
}

fn annotated(a: &Article) -> Annotations {
    Annotations {
        times: expressions(&a.body(), a.published.as_ref()),
        ..Annotations::default()
    }
}

#[test]
fn timeline_orders_dated_sentences_and_merges_repeats() {
    let a = article(
        "a1",
        "2025-03-14",
        &[
            "March 14, 2025",
            "The ceasefire took effect on Thursday after a three-year war. Talks began on February 12.",
        ],
    );
    let b = article(
        "a2",
        "2025-03-15",
        &["MOSCOW, March 15 (Reuters) - The ceasefire took effect on Thursday after the three-year war."],
    );
    let (aa, ab) = (annotated(&a), annotated(&b));
    let t = timeline(&[(&a, &aa), (&b, &ab)]);
    let got: Vec<(&str, &str, &str)> = t
        .iter()
        .map(|e| (e.date.as_str(), e.precision.as_str(), e.article.as_str()))
        .collect();
    assert_eq!(
        got,
        [("2025-02-12", "day", "a1"), ("2025-03-13", "day", "a1")],
        "{t:#?}"
    );
    let body = a.body();
    assert_eq!(t[0].span.slice(&body), "Talks began on February 12.");
    assert_eq!(t[0].text, "Talks began on February 12.");
}
