//! Time expressions found in text and normalised to TIMEX3 values against the publication
//! time ([`expressions`]), and a story's dated events built from them ([`timeline`]).
//!
//! The engine is a table of regex rules (`time/rules.rs`) in the manner of HeidelTime: every rule
//! proposes spans, the longest non-overlapping ones win, and each is resolved in text order
//! against the anchor (`time/resolve.rs`). TimeML conventions are those of the TempEval-3 data:
//! "on" is left out of a span, "the" and modifiers ("last", "early", "about") are kept;
//! "the last two years" is a duration (`P2Y`); "last week" is an ISO week (`2025-W10`).
//!
//! Resolution rules worth knowing:
//! - A bare weekday is **past-biased**: the most recent such day on or before the anchor
//!   ("on Thursday" in a Friday report is the day before; "on Friday" is that same day).
//!   When the words just before it in its sentence look ahead ("will", "is to", "scheduled",
//!   "plans to", "as soon as", ...), it is the next such day on or after the anchor instead.
//!   "next Thursday" is always ahead, "last Thursday" always before.
//! - A month-day or month without a year ("February 12") takes the year that puts it nearest
//!   the anchor, a date ahead costing double unless the sentence looks ahead.
//! - "the quarter", "the latest period" is the quarter last named in the text, else the last
//!   complete quarter; "a year earlier", "year-ago" is that quarter a year back, else last year.
//!
//! Without an anchor, relative expressions keep an unresolved value: a weekday becomes
//! `XXXX-WXX-4`, "February 12" `XXXX-02-12`, "yesterday" and "last week" `PAST_REF`, "today"
//! and "this year" `PRESENT_REF`, "tomorrow" and "next month" `FUTURE_REF`.
//! With an anchor of month precision ("2025-03"), month- and year-level expressions resolve
//! and day-level ones (weekdays, "yesterday", "last week") keep those unresolved values.
//!
//! ```
//! let anchor = model::PubTime::parse("2025-03-14").unwrap();
//! let t = annotate::time::expressions("Talks ended on Thursday after a three-year war.", Some(&anchor));
//! assert_eq!(t[0].text, "Thursday");
//! assert_eq!(t[0].value, "2025-03-13");
//! assert_eq!(t[1].value, "P3Y");
//! assert_eq!(t[1].kind, "duration");
//! ```

mod lexicon;
mod memo;
mod prefilter;
mod resolve;
mod rules;

use model::{Annotations, Article, PubTime, Span, TimeExpr, TimelineEntry};
use rules::{Ctx, Reads, Sem};
use std::cell::{Cell, OnceCell};
use std::collections::{BTreeSet, HashMap};

/// A proposed expression before selection.
#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    span: Span,
    rule: usize,
    sem: Sem,
}

/// Words that, shortly before an expression in its sentence, make it point to the future.
const FUTURE_CUES: &[&str] = &["will", "shall", "scheduled", "upcoming"];

/// Whether the few words before `start` in its sentence look ahead.
fn looks_ahead(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    // Only the current sentence or clause.
    let clause = before
        .rsplit(['.', ';', '\n', '?', '!'])
        .next()
        .unwrap_or(before)
        .to_ascii_lowercase();
    let words: Vec<&str> = clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let recent = &words[words.len().saturating_sub(7)..];
    if recent
        .iter()
        .any(|w| FUTURE_CUES.contains(w) || w.ends_with("'ll"))
    {
        return true;
    }
    let joined = recent.join(" ");
    [
        "is to",
        "are to",
        "as soon as",
        "as early as",
        "to be held",
        "plans to",
        "planned to",
        "planning to",
        "set to",
        "expected to",
        "due to",
        "to resume",
    ]
    .iter()
    .any(|p| joined.contains(p))
}

/// The length of words that open `matched` but stay out of the span in TimeML: a
/// preposition before a determiner ("over the last two years"), and the article before a
/// hyphenated adjective ("the third-quarter results").
fn leading_trim(matched: &str) -> usize {
    let lower = matched.to_ascii_lowercase();
    for prep in ["over ", "within ", "under "] {
        if let Some(rest) = lower.strip_prefix(prep) {
            if ["the ", "these ", "those ", "its ", "their "]
                .iter()
                .any(|d| rest.starts_with(d))
            {
                return prep.len();
            }
        }
    }
    for det in ["the ", "a "] {
        if let Some(rest) = lower.strip_prefix(det) {
            if !rest.contains(' ') && rest.contains('-') {
                return det.len();
            }
        }
    }
    0
}

fn boundary_ok(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let last = text[..span.end].chars().next_back();
    let word = char::is_alphanumeric;
    let glued_before = before.is_some_and(word);
    let glued_after = last.is_some_and(word) && after.is_some_and(word);
    !(glued_before || glued_after)
}

/// All rule matches, then the longest non-overlapping ones, in text order: window by window
/// (no match crosses a window's edge, so no two windows' candidates overlap or merge), each
/// window's taken from the memo when its bytes were met before (see `time/memo.rs`).
fn candidates(text: &str) -> Vec<Candidate> {
    memo::candidates(text, &prefilter::windows(text))
}

/// The candidates of window `w` of `text` (the longest non-overlapping ones, in text order),
/// and the bytes of `text` their finding read: the window with the character before it and
/// the one that closes it, and whatever the rules' builders looked at around their matches.
fn window_candidates(text: &str, w: &prefilter::Window) -> (Vec<Candidate>, Reads) {
    let before = text[..w.start]
        .chars()
        .next_back()
        .map_or(0, char::len_utf8);
    let read = Cell::new(Reads {
        lo: w.start - before,
        hi: w.hay_end,
    });
    let rules = rules::rules();
    let mut all = Vec::new();
    // The text before the window stays in the haystack: `\b` at its start sees it.
    let hay = &text[..w.hay_end];
    for (i, rule) in rules.iter().enumerate().take(64) {
        if w.rules & (1 << i) == 0 {
            continue;
        }
        let mut at = w.start;
        while at < w.end {
            let Some(found) = rule.re.find_at(hay, at) else {
                break;
            };
            at = if found.end() > found.start() {
                found.end()
            } else {
                hay[found.end()..]
                    .chars()
                    .next()
                    .map_or(hay.len(), |c| found.end() + c.len_utf8())
            };
            let Some(caps) = rule.re.captures_at(hay, found.start()) else {
                continue;
            };
            propose(text, &caps, i, rule, &read, &mut all);
        }
    }
    (select(text, all), read.get())
}

/// A rule's match as a candidate, if its span and meaning hold up.
fn propose(
    text: &str,
    caps: &regex::Captures,
    i: usize,
    rule: &rules::Rule,
    read: &Cell<Reads>,
    all: &mut Vec<Candidate>,
) {
    let Some(m) = caps.get(0) else { return };
    // Trailing spaces and commas never belong to an expression.
    let matched = m.as_str();
    let trimmed = matched.trim_end_matches([' ', ',', '\n', '\t']);
    // "over the last two years": the preposition stays out of the span.
    let lead = leading_trim(trimmed);
    let span = Span::new(m.start() + lead, m.start() + trimmed.len());
    if span.is_empty() || !boundary_ok(text, span) {
        return;
    }
    let ctx = Ctx::new(text, span.start, span.end, read);
    if let Some(sem) = (rule.build)(caps, &ctx) {
        all.push(Candidate { span, rule: i, sem });
    }
}

/// The longest non-overlapping candidates (ties: the earlier rule, then the earlier start), in
/// text order, clock times merged with their day.
fn select(text: &str, mut all: Vec<Candidate>) -> Vec<Candidate> {
    all.sort_by(|a, b| {
        b.span
            .len()
            .cmp(&a.span.len())
            .then(a.rule.cmp(&b.rule))
            .then(a.span.start.cmp(&b.span.start))
    });
    let mut taken: Vec<Candidate> = Vec::new();
    for c in all {
        if taken.iter().all(|t| !t.span.overlaps(c.span)) {
            taken.push(c);
        }
    }
    taken.sort_by_key(|c| c.span.start);
    merge_clock_with_day(text, taken)
}

/// [`candidates`] the plain way, every rule over the whole text: the oracle of the prefilter.
#[cfg(test)]
fn candidates_unfiltered(text: &str) -> Vec<Candidate> {
    let mut all = Vec::new();
    let read = Cell::new(Reads { lo: 0, hi: 0 });
    for (i, rule) in rules::rules().iter().enumerate() {
        for caps in rule.re.captures_iter(text) {
            propose(text, &caps, i, rule, &read, &mut all);
        }
    }
    select(text, all)
}

/// "5 p.m. EST, Nov. 6" is one expression: a clock time followed by the day it is on.
fn merge_clock_with_day(text: &str, cands: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(cands.len());
    for c in cands {
        if let Some(prev) = out.last_mut() {
            if let Sem::Clock { h, m, on: None } = prev.sem {
                let gap = &text[prev.span.end..c.span.start];
                if c.sem.is_day() && (gap == ", " || gap == " ") {
                    prev.sem = Sem::Clock {
                        h,
                        m,
                        on: Some(Box::new(c.sem)),
                    };
                    prev.span = Span::new(prev.span.start, c.span.end);
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Every time expression in `text` with its byte span, TIMEX3 value and type, normalised
/// against `anchor` (the publication time). See the module docs for the resolution rules
/// and the values kept when there is no anchor.
pub fn expressions(text: &str, anchor: Option<&PubTime>) -> Vec<TimeExpr> {
    let anchor_date = anchor.map(PubTime::date);
    // A month-precision anchor cannot place "Thursday" or "yesterday": those stay unresolved.
    let day_known = anchor.is_some_and(|a| a.precision() != model::Precision::Month);
    let mut state = resolve::State::default();
    candidates(text)
        .into_iter()
        .map(|c| {
            let future = looks_ahead(text, c.span.start);
            let a = if day_known || !c.sem.needs_day() {
                anchor_date
            } else {
                None
            };
            let value = resolve::value(&c.sem, a, future, &mut state);
            TimeExpr {
                span: c.span,
                text: c.span.slice(text).to_string(),
                value,
                kind: resolve::kind(&c.sem).to_string(),
            }
        })
        .collect()
}

/// The precision of a resolved date value, or `None` for what a timeline does not show
/// (references, quarters, seasons, decades, unresolved values).
fn precision(value: &str) -> Option<&'static str> {
    let b = value.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !digits(0..4) {
        return None;
    }
    match b.len() {
        4 => Some("year"),
        7 if b[4] == b'-' && digits(5..7) => Some("month"),
        8 if &value[4..6] == "-W" && digits(6..8) => Some("week"),
        10 if digits(5..7) && digits(8..10) => Some("day"),
        n if n > 10 && b[10] == b'T' && digits(5..7) && digits(8..10) => Some("time"),
        _ => None,
    }
}

/// Whether a sentence is only a date line ("March 14, 2025" or "Published 14 March 2025").
fn is_date_line(sentence: &str, expr: &TimeExpr) -> bool {
    // As many words as tokens: counted without lower-casing them.
    let words = text::tokens(sentence).len();
    let expr_words = text::tokens(&expr.text).len();
    words <= expr_words + 2
}

/// Whether `expr` is a wire dateline's date ("WASHINGTON, March 14 (Reuters) -"): the
/// publication day, near the start of the body, followed by a credit or a dash.
fn is_dateline(body: &str, expr: &TimeExpr, published: Option<&PubTime>) -> bool {
    let Some(p) = published else { return false };
    if expr.span.start > 80
        || !expr
            .value
            .starts_with(&p.date().format("%Y-%m-%d").to_string())
    {
        return false;
    }
    let after = body[expr.span.end..].trim_start();
    after.starts_with('(')
        || after.starts_with('-')
        || after.starts_with('—')
        || after.starts_with('–')
}

/// A story's dated events: for each resolved day, month, year, week or time expression (not
/// durations, sets or references, not the publication-date line), the sentence that holds it.
/// Entries of different articles that give the same date for near-identical sentences are
/// merged into the earliest article's. Ordered by date, then article arrival, then position.
pub fn timeline(items: &[(&Article, &Annotations)]) -> Vec<TimelineEntry> {
    let bodies: Vec<String> = items.iter().map(|(a, _)| a.body()).collect();
    timeline_bodies(items, &bodies)
}

/// [`timeline`] with each article's body already joined (`bodies[i]` is `items[i]`'s).
pub(crate) fn timeline_bodies(
    items: &[(&Article, &Annotations)],
    bodies: &[String],
) -> Vec<TimelineEntry> {
    struct Row {
        entry: TimelineEntry,
        arrival: usize,
        /// The sentence's content terms, taken when first compared.
        terms: OnceCell<BTreeSet<String>>,
    }
    let terms_of = |sentence: &str| -> BTreeSet<String> {
        text::content_terms(sentence).into_iter().collect()
    };
    let mut rows: Vec<Row> = Vec::new();
    // Rows by date: only rows of the same date can be duplicates.
    let mut by_date: HashMap<String, Vec<usize>> = HashMap::new();
    for (arrival, ((article, ann), body)) in items.iter().zip(bodies).enumerate() {
        // Sentences only for an article with a date to place.
        let mut sentences: Option<Vec<Span>> = None;
        let mut seen: BTreeSet<(usize, String)> = BTreeSet::new();
        for t in &ann.times {
            if t.kind == "duration" || t.kind == "set" {
                continue;
            }
            let Some(prec) = precision(&t.value) else {
                continue;
            };
            let sentences = sentences.get_or_insert_with(|| text::sentences(body));
            let Some(sent) = sentences.iter().find(|s| s.contains(t.span)) else {
                continue;
            };
            let sentence = sent.slice(body);
            if is_date_line(sentence, t) || is_dateline(body, t, article.published.as_ref()) {
                continue;
            }
            if !seen.insert((sent.start, t.value.clone())) {
                continue;
            }
            let entry = TimelineEntry {
                date: t.value.clone(),
                precision: prec.to_string(),
                text: sentence.to_string(),
                article: article.id.clone(),
                span: *sent,
            };
            let terms = OnceCell::new();
            let same_date = by_date.entry(entry.date.clone()).or_default();
            let duplicate = same_date.iter().any(|&k| {
                let r: &Row = &rows[k];
                r.entry.article != entry.article
                    && similar(
                        r.terms.get_or_init(|| terms_of(&r.entry.text)),
                        terms.get_or_init(|| terms_of(sentence)),
                    )
            });
            if !duplicate {
                same_date.push(rows.len());
                rows.push(Row {
                    entry,
                    arrival,
                    terms,
                });
            }
        }
    }
    rows.sort_by(|a, b| {
        a.entry
            .date
            .cmp(&b.entry.date)
            .then(a.arrival.cmp(&b.arrival))
            .then(a.entry.span.start.cmp(&b.entry.span.start))
    });
    rows.into_iter().map(|r| r.entry).collect()
}

/// Near-identical sentences: most of their content terms shared.
fn similar(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    if a.is_empty() || b.is_empty() {
        return a == b;
    }
    let inter = a.intersection(b).count();
    let union = a.union(b).count();
    inter * 10 >= union * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_of_values() {
        assert_eq!(precision("2025-03-13"), Some("day"));
        assert_eq!(precision("2025-03"), Some("month"));
        assert_eq!(precision("2025"), Some("year"));
        assert_eq!(precision("2025-W10"), Some("week"));
        assert_eq!(precision("2025-03-13T10:00"), Some("time"));
        assert_eq!(precision("2025-Q4"), None);
        assert_eq!(precision("PAST_REF"), None);
        assert_eq!(precision("P3Y"), None);
    }

    /// What the prefilter must not change: every candidate with its rule and meaning.
    fn found(c: &[Candidate]) -> Vec<(Span, usize, String)> {
        c.iter()
            .map(|c| (c.span, c.rule, format!("{:?}", c.sem)))
            .collect()
    }

    fn check_prefilter(text: &str) {
        assert_eq!(
            found(&candidates(text)),
            found(&candidates_unfiltered(text)),
            "in {text:?}"
        );
    }

    #[test]
    fn prefilter_finds_what_a_full_search_finds() {
        for text in [
            "Talks ended on Thursday after a three-year war. He left at 5 p.m. EST, Nov. 6.",
            "On Jan. 5, 2025, at 10:30 GMT (local) it rained; the 1990s were \"early\".",
            "_2025 x2025 2025_ 3.5 years ago. The first half of 2024: weekſ, 3 \u{212A}m.",
            "In March\n\n2025 was the year-end. Every Monday! Last year's quarter? Now.",
            "the 21st century, the day before yesterday, New Year's Eve, a.m. and 7 a.m",
            "Q4 results: the year-ago period, the same quarter a year earlier, this past spring.",
            "— twenty-four hours — «two thousand and five» “next week” (this weekend)",
            "٢٠٢٥ March ١٤, the nineteen-eighties, a few days, sept. 3, Sept. 3, SEPT. 3",
        ] {
            check_prefilter(text);
        }
    }

    /// The ceasefire samples and the evaluation texts, where present.
    #[test]
    fn prefilter_on_real_text() {
        let mut files = Vec::new();
        let mut dirs: Vec<std::path::PathBuf> =
            ["../../examples/ceasefire", "../../../shared/data/time"]
                .iter()
                .map(std::path::PathBuf::from)
                .collect();
        while let Some(d) = dirs.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else {
                    files.push(p);
                }
            }
        }
        files.sort();
        if files.is_empty() {
            eprintln!("prefilter_on_real_text: no sample or evaluation text found, skipped");
        }
        for f in files.iter().take(400) {
            if let Ok(text) = std::fs::read_to_string(f) {
                check_prefilter(&text);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn prefilter_on_word_salad(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "Jan.", "Sept.", "a.m.", "p.m", "5", "2025", "3.5", "10:30", "12/03/2024", "year",
                "years", "ago", "last", "next", "the", "Monday", "Mondays", "March", "may", "week",
                "weekend", "day", "today", "now", "a", "few", "twenty-four", "hours", "quarter",
                "second", "half", "of", "early", "1990s", "'s", ".", ",", "-", " ", "\n", "\"",
                "(", ")", ";", "_", "\u{17F}", "\u{212A}", "é", "’", "—", "EST", "GMT", "every",
                "per", "spring", "that", "same", "period", "Christmas", "New Year's", "noon",
                "Mar", "MAR", "mar", "DEC", "Dec.", "friday", "1990's", "0s", "am", "AM", "4pm",
                ":", "/", "later", "hence", "Day", "day's", "JUNE", "Sept", "sep.",
            ]),
            0..40,
        ), seps in proptest::collection::vec(proptest::sample::select(vec!["", " ", "  "]), 40)) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            check_prefilter(&text);
        }
    }

    #[test]
    fn future_cues() {
        let t = "He will meet Bush on Thursday.";
        assert!(looks_ahead(t, t.find("Thursday").unwrap()));
        let t = "He met Bush on Thursday. He will go.";
        assert!(!looks_ahead(t, t.find("Thursday").unwrap()));
    }
}
