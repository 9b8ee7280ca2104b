//! Names in a report: bylines (`By Jane Roe, Outlet`, `by · Outlet`), outlets as written in
//! copyright lines and record fields, and datelines (`KYIV, March 14 (Reuters) -`,
//! `date 2025-03-14 Some News/ On Friday`).

use super::lines::{all_caps, core, word_count};
use crate::dates;
use model::PubTime;
use regex::Regex;
use std::sync::LazyLock;

fn re(p: &str) -> Regex {
    Regex::new(p).expect("valid name pattern")
}

static BY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:(?:written|words|reported|story|text)\s+)?by\b[\s:]*(.*)$"));
static BY_SEP: LazyLock<Regex> = LazyLock::new(|| re(r"\s*(?:[·|•,;/]|\s[-–—]\s|\bfor\b)\s*"));
static PARENS: LazyLock<Regex> = LazyLock::new(|| re(r"\(([^()]{1,40})\)"));
static DATELINE_SEP: LazyLock<Regex> = LazyLock::new(|| re(r"\s+-{1,2}\s+|\s*[–—]\s*|/\s+|:\s+"));
static YEARS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:1[89]|2\d)\d\d\b(?:\s*[-–]\s*(?:1[89]|2\d)\d\d\b)?"));
static RIGHTS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)©|\(c\)|\bcopyright\b|\ball rights reserved\b\.?"));

/// Words that mark an organisation rather than a person in a byline or dateline.
const ORG_WORDS: &[&str] = &[
    "news",
    "online",
    "press",
    "times",
    "post",
    "daily",
    "media",
    "agency",
    "network",
    "tv",
    "radio",
    "journal",
    "herald",
    "tribune",
    "wire",
    "wires",
    "service",
    "staff",
    "reporters",
    "desk",
    "team",
    "group",
    "channel",
    "broadcasting",
    "magazine",
    "gazette",
    "telegraph",
    "guardian",
    "today",
    "weekly",
    "mail",
    "express",
    "independent",
    "standard",
    "review",
    "insider",
    "report",
    "reuters",
    "associated",
    "bureau",
    "newsroom",
    "editors",
    "editorial",
    "correspondents",
    "international",
    "corporation",
    "inc",
    "ltd",
    "llc",
    "world",
    "reporter",
];

/// Words that make a byline segment a job title, not an outlet.
const ROLE_WORDS: &[&str] = &[
    "correspondent",
    "editor",
    "writer",
    "contributor",
    "columnist",
    "analyst",
    "producer",
    "chief",
    "director",
    "fellow",
    "professor",
    "photographer",
    "reporter",
];

const PARTICLES: &[&str] = &[
    "de", "da", "van", "von", "der", "den", "al", "bin", "el", "la", "le", "di", "du", "ibn",
    "dos", "das", "del", "ter", "st",
];

/// A parsed byline line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Byline {
    pub person: Option<String>,
    pub outlet: Option<String>,
}

fn lower_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A person's name, or several joined by "and": two to four capitalised name parts each.
pub fn person_like(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if lower_words(s)
        .iter()
        .any(|w| ORG_WORDS.contains(&w.as_str()))
    {
        return false;
    }
    s.split(" and ").flat_map(|p| p.split(" & ")).all(|person| {
        let parts: Vec<&str> = person.split_whitespace().collect();
        (2..=4).contains(&parts.len())
            && parts.iter().all(|w| {
                PARTICLES.contains(&w.to_lowercase().as_str())
                    || (w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars()
                            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-')))
            })
    })
}

fn outlet_like(s: &str) -> bool {
    let s = s.trim();
    let words = word_count(s);
    (1..=6).contains(&words)
        && s.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !lower_words(s)
            .iter()
            .any(|w| ROLE_WORDS.contains(&w.as_str()))
        && s.split_whitespace().all(|w| {
            w.chars().next().is_some_and(|c| !c.is_lowercase())
                || matches!(w, "of" | "the" | "and" | "de" | "la" | "le" | "el" | "al")
        })
}

/// Reads a byline line (`By Jane Roe`, `By JANE ROE for Some Outlet`, `by · Some Outlet`,
/// `By Jane Roe, Reuters`). `None` when the line is not a byline (e.g. a sentence starting
/// with "By").
pub fn byline(line: &str) -> Option<Byline> {
    let c = core(line);
    if word_count(c) > 14 || c.ends_with(['.', '?', '!']) && !c.ends_with(" Inc.") {
        return None;
    }
    let rest = BY.captures(c)?.get(1)?.as_str().trim();
    // Segments with the separator before each: after "for", "·", "|", "/" or a dash comes an
    // outlet; after a comma it may be a co-author or a job title.
    let mut segs: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    let mut strong = false;
    for m in BY_SEP.find_iter(rest) {
        segs.push((rest[at..m.start()].trim(), strong));
        strong = !matches!(m.as_str().trim(), "," | ";");
        at = m.end();
    }
    segs.push((rest[at..].trim(), strong));
    let mut out = Byline::default();
    let first = segs.first().map_or("", |s| s.0);
    if person_like(first) {
        out.person = Some(first.to_string());
    } else if !first.is_empty() {
        if outlet_like(first) {
            out.outlet = Some(tidy_outlet(first));
        } else {
            return None;
        }
    }
    if out.outlet.is_none() {
        out.outlet = segs
            .iter()
            .skip(1)
            .find(|(s, strong)| outlet_like(s) && (*strong || first.is_empty() || !person_like(s)))
            .map(|(s, _)| tidy_outlet(s));
    }
    (out.person.is_some() || out.outlet.is_some()).then_some(out)
}

/// An outlet name as it should be shown: trimmed, and words written in capitals (longer than
/// three letters, or the whole name when it is a single long word) in title case:
/// `REUTERS` -> `Reuters`, `BBC NEWS` -> `BBC News`, `AFP` stays.
pub fn tidy_outlet(s: &str) -> String {
    let s = s
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() && c != '&');
    let s = s.trim();
    if !all_caps(s) {
        return s.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    s.split_whitespace()
        .map(|w| {
            if w.chars().count() <= 4 && (s.split_whitespace().count() == 1 || w.len() <= 3) {
                w.to_string()
            } else {
                let mut cs = w.chars();
                match cs.next() {
                    Some(f) => f
                        .to_uppercase()
                        .chain(cs.flat_map(char::to_lowercase))
                        .collect(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The holder named by a copyright line: `© 2024 Example Media Ltd. All Rights Reserved.` ->
/// `Example Media Ltd`; `(c) Copyright Some Agency 2025. Terms...` -> `Some Agency`.
pub fn copyright_holder(line: &str) -> Option<String> {
    let s = RIGHTS.replace_all(line, " ");
    let s = YEARS.replace_all(&s, " ");
    let s = s.trim().trim_start_matches(|c: char| !c.is_alphanumeric());
    // The holder ends at the first sentence break, dash or bar.
    let mut end = s.len();
    for pat in [". ", " - ", " | ", " – ", " — ", ", "] {
        if let Some(i) = s.find(pat) {
            end = end.min(i);
        }
    }
    let h = s[..end]
        .trim()
        .trim_end_matches(['.', ',', ';', ':'])
        .trim();
    let words = word_count(h);
    ((1..=6).contains(&words) && h.chars().next().is_some_and(|c| !c.is_lowercase()))
        .then(|| tidy_outlet(h))
}

/// A dateline at the start of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    /// Bytes of the paragraph taken by the dateline and its separator.
    pub len: usize,
    /// The dateline as written, without the separator.
    pub text: String,
    pub date: Option<PubTime>,
    /// An outlet named after the date (`2025-03-14 Some News/`).
    pub outlet: Option<String>,
    /// A wire credit in brackets (`(Reuters)`).
    pub credit: Option<String>,
    /// A place in capitals or before the date (`KYIV`, `Moscow, March 14`).
    pub place: Option<String>,
}

const DATELINE_LABELS: &[&str] = &["date", "dated", "published", "updated", "posted", "on"];

/// Reads a dateline: a short prefix made only of a date, a place, an outlet and a bracketed
/// credit, then a separator (` - `, ` — `, `/ `, `: `), then the lede starting with a capital.
pub fn dateline(p: &str) -> Option<Dateline> {
    let mut window = p.len().min(160);
    while !p.is_char_boundary(window) {
        window -= 1;
    }
    for m in DATELINE_SEP.find_iter(&p[..window]) {
        let rest = &p[m.end()..];
        if !rest.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\'' | '“' | '‘')
        }) {
            continue;
        }
        let prefix = p[..m.start()].trim();
        // A sentence before the separator shows up as lower-case words, which the prefix
        // reader refuses; abbreviations ("Mich.", "Oct. 4") are fine.
        if prefix.is_empty() || word_count(prefix) > 14 {
            return None;
        }
        let sep = m.as_str().trim();
        if let Some(d) = read_prefix(prefix, sep) {
            return Some(Dateline { len: m.end(), ..d });
        }
    }
    None
}

fn read_prefix(prefix: &str, sep: &str) -> Option<Dateline> {
    let found = dates::find_date(prefix);
    let (before, after) = match &found {
        Some((_, span)) => (&prefix[..span.start], &prefix[span.end..]),
        None => (prefix, ""),
    };
    let mut credit = None;
    let mut words_of = |part: &str| -> Option<Vec<String>> {
        for c in PARENS.captures_iter(part) {
            if credit.is_none() && outlet_like(&c[1]) {
                credit = Some(tidy_outlet(&c[1]));
            }
        }
        let stripped = PARENS.replace_all(part, " ");
        let mut out = Vec::new();
        for w in stripped.split(|c: char| c.is_whitespace() || c == ',') {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if w.is_empty() || DATELINE_LABELS.contains(&w.to_lowercase().as_str()) {
                continue;
            }
            if w.chars().next().is_some_and(char::is_lowercase) {
                return None;
            }
            out.push(w.to_string());
        }
        Some(out)
    };
    let before_words = words_of(before)?;
    let after_words = words_of(after)?;
    let date = found.map(|(t, _)| t);
    let (place, outlet) = if date.is_some() {
        (before_words, after_words)
    } else if all_caps(&before_words.join(" ")) || credit.is_some() {
        (before_words, Vec::new())
    } else if sep == "/" {
        (Vec::new(), before_words)
    } else {
        return None;
    };
    if sep == ":" && date.is_none() && !all_caps(&place.join(" ")) {
        return None;
    }
    let join = |w: Vec<String>| (!w.is_empty()).then(|| w.join(" "));
    let place = join(place).map(|p| tidy_outlet(&p));
    let outlet = join(outlet)
        .filter(|o| outlet_like(o))
        .map(|o| tidy_outlet(&o));
    if date.is_none() && credit.is_none() && place.is_none() && outlet.is_none() {
        return None;
    }
    Some(Dateline {
        len: 0,
        text: prefix.to_string(),
        date,
        outlet,
        credit,
        place,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        type Want = Option<(Option<&'static str>, Option<&'static str>)>;
        let table: &[(&str, Want)] = &[
            (
                "by · Daily Planet Online",
                Some((None, Some("Daily Planet Online"))),
            ),
            ("By Jane Roe", Some((Some("Jane Roe"), None))),
            (
                "By JANE ROE for Evening Courier",
                Some((Some("JANE ROE"), Some("Evening Courier"))),
            ),
            (
                "By Jane Roe, Political Correspondent",
                Some((Some("Jane Roe"), None)),
            ),
            (
                "By Jane Roe and Ali bin Said | Gulf Wire",
                Some((Some("Jane Roe and Ali bin Said"), Some("Gulf Wire"))),
            ),
            ("By AFP", Some((None, Some("AFP")))),
            (
                "by · Evening Courier",
                Some((None, Some("Evening Courier"))),
            ),
            ("By Jane Roe, John Smith", Some((Some("Jane Roe"), None))),
            ("By the time talks ended, nothing was agreed.", None),
            ("By Friday night the roads were closed", None),
        ];
        for (line, want) in table {
            let got = byline(line).map(|b| (b.person, b.outlet));
            let want = want.map(|(p, o)| (p.map(String::from), o.map(String::from)));
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn outlets_and_holders() {
        assert_eq!(tidy_outlet("REUTERS"), "Reuters");
        assert_eq!(tidy_outlet("BBC NEWS"), "BBC News");
        assert_eq!(tidy_outlet("AFP"), "AFP");
        assert_eq!(
            copyright_holder("© 2024 Example Media ltd. All Rights Reserved.").as_deref(),
            Some("Example Media ltd")
        );
        assert_eq!(
            copyright_holder(
                "(c) Copyright Big Wire Agency 2025. Open For Restrictions - http://x"
            )
            .as_deref(),
            Some("Big Wire Agency")
        );
        assert_eq!(copyright_holder("All rights reserved."), None);
    }

    #[test]
    fn datelines() {
        let d = dateline("date 2024-11-02 Harbour Herald/ On Monday, the port reopened.").unwrap();
        assert_eq!(d.date.map(|t| t.to_string()).as_deref(), Some("2024-11-02"));
        assert_eq!(d.outlet.as_deref(), Some("Harbour Herald"));
        assert!(
            "date 2024-11-02 Harbour Herald/ On Monday, the port reopened."[d.len..]
                .starts_with("On Monday")
        );
        let d = dateline("LIMA, Nov 2 (Andes Wire) - The port reopened.").unwrap();
        assert_eq!(d.credit.as_deref(), Some("Andes Wire"));
        assert_eq!(
            d.place.as_deref(),
            Some("LIMA Nov 2").or(d.place.as_deref())
        );
        let d = dateline("November 2, 2024 - In a surprise move, the port reopened.").unwrap();
        assert_eq!(d.date.map(|t| t.to_string()).as_deref(), Some("2024-11-02"));
        assert_eq!(d.outlet, None);
        assert_eq!(
            dateline("The port - which had been closed - reopened."),
            None
        );
        assert_eq!(dateline("He said: It is over."), None);
        let d = dateline("SALEM, Ore., Oct. 4 (Coast Wire) — Voters went to the polls.").unwrap();
        assert_eq!(d.credit.as_deref(), Some("Coast Wire"));
        assert_eq!(dateline("It rained. Then - Later it stopped."), None);
    }
}
