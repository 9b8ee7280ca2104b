//! A deterministic stream of news-like articles built from real text, for the benches.
//!
//! The base texts are the ECB+ documents (`events/ecbplus`), the PolNeAR articles
//! (`quotes/polnear/data/*/text`) and the gold main texts of the extraction sets
//! (`extraction/aeb/ground-truth.json`, `extraction/wcxb-dev-articles/ground-truth`, English
//! only) under the shared data folder; at least one of them must be there.
//!
//! Each base text is read once into templates: its sentences with holes where a name, a
//! number or a date is written. A name is every capitalised word that is not the first of its
//! sentence (and the sentence-initial ones that are names elsewhere in the text), but for a
//! few generic words of institutions and titles ("Court", "President"); a number is every
//! token with a digit that is not a date; a date is "March 3", "3 March 2009", "March 2009",
//! a bare month, a year or `2009-03-03`.
//!
//! The generator recombines them into stories: each story takes one event (the ECB+ documents
//! of one topic and subtopic; a PolNeAR or extraction text is an event of its own), gives
//! every name of it a new invented name (the same one wherever the name recurs), every number
//! new digits, and moves every date by the days between the event's own date (the first date
//! its texts give) and the story's date, so that two stories from one base text are two
//! events by every signal but their wording. It then emits a few articles about it from
//! different outlets: the event's real reports with sentences dropped, reordered or
//! regrouped, other headlines, and wire copies of the first article, re-headlined, cut, with
//! boilerplate added or the credit removed. Stories overlap in time as in a real feed, dates
//! are spread over six months. Filling templates costs a few microseconds an article. The
//! same seed gives the same articles, byte for byte.

use crate::cluster::SplitMix;
use crate::{ecbplus, Error, Result};
use model::{Article, PubTime};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One base text: a title and sentences grouped into paragraphs, and its templates.
#[derive(Debug, Clone)]
pub struct Base {
    /// What it is about, coarsely: `ecbplus-<topic>`, `polnear-<date>` or `web-<set>-<id>`.
    pub group: String,
    /// The event it reports: the ECB+ label (`3/ecbplus`) or the file's name. Reports of one
    /// event are the independent articles of one generated story.
    pub event: String,
    pub title: String,
    pub paragraphs: Vec<Vec<String>>,
    /// The names to vary (distinct words, sorted).
    pub names: Vec<String>,
    /// Numbers written in the text (distinct, sorted).
    numbers: Vec<String>,
    /// The title and every sentence (paragraphs flattened) as templates.
    title_template: Template,
    sentences: Vec<Template>,
    /// The event's day as the text gives it (days since the Unix epoch), if it gives one:
    /// its first full date, else its first month, else its first year; else the date the
    /// source gives.
    day: Option<i64>,
}

/// A sentence with holes.
#[derive(Debug, Clone, Default)]
struct Template {
    text: String,
    holes: Vec<Hole>,
}

/// A byte range of a template's text and what is written there.
#[derive(Debug, Clone, Copy)]
struct Hole {
    start: u32,
    end: u32,
    what: What,
}

#[derive(Debug, Clone, Copy)]
enum What {
    /// Index into the base's names.
    Name(u32),
    /// Index into the base's numbers.
    Number(u32),
    Date(Written),
}

/// A date as written, to write again moved.
#[derive(Debug, Clone, Copy)]
enum Written {
    /// "March 3, 2009" or "3 March 2009" (`day_first`), year optional.
    Day {
        year: Option<i32>,
        month: u32,
        day: u32,
        day_first: bool,
    },
    /// "March 2009".
    Month {
        year: i32,
        month: u32,
    },
    /// "March" alone.
    MonthAlone(u32),
    Year(i32),
    /// `2009-03-03`.
    Iso {
        year: i32,
        month: u32,
        day: u32,
    },
}

/// Reads the base texts under `data` (the shared data folder).
pub fn load_bases(data: &Path) -> Result<Vec<Base>> {
    let mut out = Vec::new();
    let ecb = data.join("events/ecbplus");
    if ecb.is_dir() {
        for d in ecbplus::load(&ecb, "all")? {
            let a = d.article();
            let sentences: Vec<String> = a.paragraphs;
            if sentences.len() < 3 {
                continue;
            }
            let title = sentences[0].clone();
            let paragraphs: Vec<Vec<String>> =
                sentences[1..].chunks(2).map(<[String]>::to_vec).collect();
            out.push(base(
                format!("ecbplus-{}", d.topic),
                d.label(),
                title,
                paragraphs,
                None,
            ));
        }
    }
    for split in ["train", "dev"] {
        let dir = data.join("quotes/polnear/data").join(split).join("text");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let raw = crate::read(&f)?;
            let text = String::from_utf8_lossy(&raw);
            let mut blocks = text
                .split("\n\n")
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|b| !b.is_empty());
            let Some(title) = blocks.next() else { continue };
            let paragraphs = split_sentences(blocks);
            // File names are `<publisher>_<date>_<slug>.txt`.
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let date = name.split('_').nth(1).unwrap_or("").to_string();
            if paragraphs.len() >= 2 {
                let day = iso_day(&date);
                out.push(base(
                    format!("polnear-{date}"),
                    name,
                    title,
                    paragraphs,
                    day,
                ));
            }
        }
    }
    load_extraction(data, &mut out)?;
    if out.is_empty() {
        return Err(Error::Missing(data.join("events/ecbplus")));
    }
    Ok(out)
}

/// The gold main texts of the extraction sets that are English news-like prose.
fn load_extraction(data: &Path, out: &mut Vec<Base>) -> Result<()> {
    let mut texts: Vec<(String, Option<String>, String, Option<i64>)> = Vec::new();
    let aeb = data.join("extraction/aeb/ground-truth.json");
    if aeb.is_file() {
        let raw = crate::read(&aeb)?;
        let v: serde_json::Value = serde_json::from_slice(&raw).map_err(|e| Error::Data {
            path: aeb.clone(),
            msg: e.to_string(),
        })?;
        if let Some(m) = v.as_object() {
            // serde_json's map is sorted by key: a fixed order.
            for (id, page) in m {
                if let Some(body) = page.get("articleBody").and_then(|b| b.as_str()) {
                    texts.push((format!("aeb/{id}"), None, body.to_string(), None));
                }
            }
        }
    }
    let wcxb = data.join("extraction/wcxb-dev-articles/ground-truth");
    if let Ok(entries) = std::fs::read_dir(&wcxb) {
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let raw = crate::read(&f)?;
            let Ok(v) = serde_json::from_slice::<serde_json::Value>(&raw) else {
                continue;
            };
            let g = &v["ground_truth"];
            let Some(body) = g["main_content"].as_str() else {
                continue;
            };
            let id = f
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let title = g["title"].as_str().map(str::to_string);
            let day = g["publish_date"].as_str().and_then(iso_day);
            texts.push((format!("wcxb/{id}"), title, body.to_string(), day));
        }
    }
    for (id, title, body, day) in texts {
        if !matches!(text::detect_language(&body), Some(("en", _))) {
            continue;
        }
        let blocks = body
            .split('\n')
            .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
            // Headings, captions and list items are not the prose a report is made of.
            .filter(|b| b.split(' ').count() >= 8);
        let mut paragraphs = split_sentences(blocks);
        paragraphs.truncate(40);
        if paragraphs.len() < 3 {
            continue;
        }
        let title = match title {
            Some(t) if !t.trim().is_empty() => t,
            _ => paragraphs[0][0].clone(),
        };
        let group = format!("web-{}", id.replace('/', "-"));
        out.push(base(group, id, title, paragraphs, day));
    }
    Ok(())
}

/// Paragraph texts -> paragraphs of sentences (empty ones dropped).
fn split_sentences(blocks: impl Iterator<Item = String>) -> Vec<Vec<String>> {
    blocks
        .map(|b| {
            text::sentences(&b)
                .iter()
                .map(|s| s.slice(&b).to_string())
                .collect::<Vec<String>>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Days since the Unix epoch of a `YYYY-MM-DD` prefix.
fn iso_day(s: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(days_of(d))
}

fn days_of(d: chrono::NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - UNIX_CE
}

fn date_of(days: i64) -> Option<chrono::NaiveDate> {
    i32::try_from(days + UNIX_CE)
        .ok()
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
}

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const UNIX_CE: i64 = 719_163;

use chrono::Datelike as _;

const MONTHS: [(&str, u32); 22] = [
    ("January", 1),
    ("Jan", 1),
    ("February", 2),
    ("Feb", 2),
    ("March", 3),
    ("Mar", 3),
    ("April", 4),
    ("Apr", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("Aug", 8),
    ("September", 9),
    ("Sept", 9),
    ("Sep", 9),
    ("October", 10),
    ("Oct", 10),
    ("November", 11),
    ("Nov", 11),
    ("December", 12),
    ("Dec", 12),
];

/// Capitalised words that are generic parts of names or titles, kept as they are ("Supreme
/// Court" becomes "Kalomer Court").
const GENERIC: [&str; 44] = [
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "President",
    "Prime",
    "Minister",
    "Senator",
    "Sen",
    "Governor",
    "Gov",
    "Rep",
    "Judge",
    "Officer",
    "Sgt",
    "Capt",
    "General",
    "Gen",
    "Police",
    "Department",
    "Court",
    "County",
    "City",
    "University",
    "Street",
    "Avenue",
    "Road",
    "River",
    "North",
    "South",
    "East",
    "West",
    "National",
    "International",
    "Company",
    "Party",
    "Council",
    "Ministry",
    "Army",
    "Hospital",
    "School",
    "Center",
    "Centre",
];

fn month_of(w: &str) -> Option<u32> {
    MONTHS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

fn day_of(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !matches!(&w[digits.len()..], "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        return (1900..=2099).contains(&y).then_some(y);
    }
    None
}

/// `w` without a possessive ending.
fn stem_of(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

/// Whether a token can be a name word (capitalised, some letter, not a date word, not a stop
/// word, not generic).
fn name_like(w: &str) -> bool {
    let w = stem_of(w);
    text::is_capitalized(w)
        && w.chars().nth(1).is_some()
        && !w.bytes().any(|b| b.is_ascii_digit())
        && month_of(w).is_none()
        && !text::WEEKDAY_NAMES.contains(&w)
        && !GENERIC.contains(&w)
        && !text::is_stopword(&w.to_lowercase())
}

/// A date written at token `i` of `s` and the index of its last token.
fn date_at(s: &str, tokens: &[text::Token], i: usize) -> Option<(Written, usize)> {
    let word = |k: usize| tokens.get(k).map(|t| t.text(s));
    let w = word(i)?;
    let (next, next2) = (word(i + 1), word(i + 2));
    if let Some(month) = month_of(w) {
        if let Some(day) = next.and_then(day_of) {
            let year = next2.and_then(year_of);
            let last = if year.is_some() { i + 2 } else { i + 1 };
            let written = Written::Day {
                year,
                month,
                day,
                day_first: false,
            };
            return Some((written, last));
        }
        if let Some(year) = next.and_then(year_of) {
            return Some((Written::Month { year, month }, i + 1));
        }
        // "May" opens sentences as a verb; other bare month names are months.
        return (i > 0 && w.len() > 3).then_some((Written::MonthAlone(month), i));
    }
    if let Some(day) = day_of(w) {
        if let Some(month) = next.and_then(month_of) {
            let year = next2.and_then(year_of);
            let last = if year.is_some() { i + 2 } else { i + 1 };
            let written = Written::Day {
                year,
                month,
                day,
                day_first: true,
            };
            return Some((written, last));
        }
    }
    if let Some(year) = year_of(w) {
        return Some((Written::Year(year), i));
    }
    let b = w.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let d = chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()?;
        let written = Written::Iso {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        };
        return Some((written, i));
    }
    None
}

/// Reads one text into a base: its names (every capitalised word not first in its sentence,
/// which then counts as a name first in a sentence too), numbers and dates as holes.
fn base(
    group: String,
    event: String,
    title: String,
    paragraphs: Vec<Vec<String>>,
    source_day: Option<i64>,
) -> Base {
    let tokenised: Vec<(&str, Vec<text::Token>)> = paragraphs
        .iter()
        .flatten()
        .map(|s| (s.as_str(), text::tokens(s)))
        .collect();
    let mut names: BTreeMap<&str, ()> = BTreeMap::new();
    for (s, toks) in &tokenised {
        for (i, t) in toks.iter().enumerate().skip(1) {
            let w = t.text(s);
            // After a dash, a colon or an opening quote a word is capitalised anyway.
            let gap = &s[toks[i - 1].span.end..t.span.start];
            if name_like(w) && !gap.contains(['—', '–', ':', '"', '“', '(']) && !gap.contains(" - ")
            {
                names.insert(stem_of(w), ());
            }
        }
    }
    // A dateline ("PHILADELPHIA —") opens its sentence in capitals.
    for (s, toks) in &tokenised {
        if let Some(t) = toks.first() {
            let w = t.text(s);
            if w.len() > 2 && !w.chars().any(char::is_lowercase) && name_like(w) {
                names.insert(w, ());
            }
        }
    }
    let names: Vec<String> = names.into_keys().map(str::to_string).collect();
    let mut numbers: Vec<String> = Vec::new();
    let mut day = None;
    let mut month_day = None;
    let mut year_day = None;
    let mut template = |s: &str, toks: &[text::Token]| -> Template {
        let mut holes = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            let w = t.text(s);
            if let Some((written, last)) = date_at(s, toks, i) {
                let (start, end) = (t.span.start, toks[last].span.end);
                match written {
                    Written::Day {
                        year: Some(y),
                        month,
                        day: d,
                        ..
                    }
                    | Written::Iso {
                        year: y,
                        month,
                        day: d,
                    } => {
                        day = day
                            .or_else(|| chrono::NaiveDate::from_ymd_opt(y, month, d).map(days_of));
                    }
                    Written::Month { year, month } => {
                        month_day = month_day.or_else(|| {
                            chrono::NaiveDate::from_ymd_opt(year, month, 15).map(days_of)
                        });
                    }
                    Written::Year(y) => {
                        year_day = year_day
                            .or_else(|| chrono::NaiveDate::from_ymd_opt(y, 7, 1).map(days_of));
                    }
                    _ => {}
                }
                holes.push(Hole {
                    start: start as u32,
                    end: end as u32,
                    what: What::Date(written),
                });
                i = last + 1;
                continue;
            }
            if w.bytes().any(|b| b.is_ascii_digit()) {
                let k = match numbers.iter().position(|n| n == w) {
                    Some(k) => k,
                    None => {
                        numbers.push(w.to_string());
                        numbers.len() - 1
                    }
                };
                holes.push(Hole {
                    start: t.span.start as u32,
                    end: t.span.end as u32,
                    what: What::Number(k as u32),
                });
            } else if text::is_capitalized(w) {
                let stem = stem_of(w);
                if let Ok(k) = names.binary_search_by(|n| n.as_str().cmp(stem)) {
                    holes.push(Hole {
                        start: t.span.start as u32,
                        end: (t.span.start + stem.len()) as u32,
                        what: What::Name(k as u32),
                    });
                }
            }
            i += 1;
        }
        Template {
            text: s.to_string(),
            holes,
        }
    };
    let sentences: Vec<Template> = tokenised
        .iter()
        .map(|(s, toks)| template(s, toks))
        .collect();
    let title_template = template(&title, &text::tokens(&title));
    let day = day.or(month_day).or(year_day).or(source_day);
    Base {
        event,
        group,
        title,
        paragraphs,
        names,
        numbers,
        title_template,
        sentences,
        day,
    }
}

const OUTLETS: [&str; 12] = [
    "Daily Ledger",
    "Morning Star",
    "City Courier",
    "Evening Post",
    "Northern Times",
    "Valley Herald",
    "Coastal Gazette",
    "Capital Wire",
    "Metro Chronicle",
    "Harbor Tribune",
    "Plains Observer",
    "Summit Journal",
];

const BOILERPLATE: [&str; 4] = [
    "Sign up for our morning newsletter to get the top stories of the day delivered to your inbox.",
    "This article has been updated with additional reporting. Follow us on social media for the latest news.",
    "Copyright of the respective wire service; republished with permission. All rights reserved.",
    "Readers can send news tips to our newsroom by email or through the secure contact form on our website.",
];

/// Syllables of invented names: 48 of them, two or three to a name (about 113,000 names).
const SYLLABLES: [&str; 48] = [
    "ka", "lo", "mer", "vin", "da", "sto", "ra", "bel", "ton", "ri", "ga", "nov", "el", "sa",
    "mar", "ko", "ven", "tu", "lia", "dor", "phe", "ans", "qui", "zel", "bru", "cal", "den", "fi",
    "gor", "hal", "ix", "jo", "kes", "lum", "mo", "nan", "or", "pra", "rud", "sel", "tam", "ul",
    "vas", "wen", "yar", "zo", "bri", "cos",
];

/// An event: its base texts, their names and numbers as one list each, and its day.
#[derive(Debug)]
struct Event {
    bases: Vec<usize>,
    /// Distinct names of its texts; per base, its names' indices here.
    names: Vec<String>,
    name_of: Vec<Vec<u32>>,
    numbers: Vec<String>,
    number_of: Vec<Vec<u32>>,
    day: Option<i64>,
}

/// The article generator; an iterator of articles in publication order.
#[derive(Debug)]
pub struct Generator {
    bases: Vec<Base>,
    events: Vec<Event>,
    rng: SplitMix,
    /// Articles still to emit.
    left: usize,
    total: usize,
    emitted: usize,
    active: Vec<Live>,
    stories: usize,
    /// Per event: the last story told from it (0 for none yet).
    last_told: Vec<usize>,
}

/// Events drawn when a story starts, of which the least recently told is taken.
const DRAWS: usize = 8;

/// A story being emitted.
#[derive(Debug)]
struct Live {
    /// Index into the generator's events.
    event: usize,
    /// The event's names and numbers as this story writes them.
    names: Vec<String>,
    numbers: Vec<String>,
    /// Days its dates move by.
    shift: i64,
    /// The first article's title and paragraphs, for wire copies.
    wire: Option<(String, Vec<String>)>,
    remaining: usize,
    id: usize,
}

/// Days the stream spans.
const SPAN_DAYS: f64 = 180.0;
/// Stories open at once.
const ACTIVE: usize = 64;
/// The first publication day of the stream, 2025-01-01 (days since the Unix epoch).
const START_DAY: i64 = 20_089;
/// The day of an event whose texts give none.
const DEFAULT_DAY: i64 = 15_000;

impl Generator {
    pub fn new(bases: Vec<Base>, n: usize, seed: u64) -> Generator {
        let mut by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, b) in bases.iter().enumerate() {
            by.entry(b.event.as_str()).or_default().push(i);
        }
        let events: Vec<Event> = by
            .into_values()
            .map(|members| {
                let mut names: Vec<String> = members
                    .iter()
                    .flat_map(|b| bases[*b].names.iter().cloned())
                    .collect();
                names.sort();
                names.dedup();
                let mut numbers: Vec<String> = members
                    .iter()
                    .flat_map(|b| bases[*b].numbers.iter().cloned())
                    .collect();
                numbers.sort();
                numbers.dedup();
                let index = |all: &[String], mine: &[String]| -> Vec<u32> {
                    mine.iter()
                        .map(|n| all.binary_search(n).unwrap_or(0) as u32)
                        .collect()
                };
                let name_of = members
                    .iter()
                    .map(|b| index(&names, &bases[*b].names))
                    .collect();
                let number_of = members
                    .iter()
                    .map(|b| index(&numbers, &bases[*b].numbers))
                    .collect();
                let day = members.iter().find_map(|b| bases[*b].day);
                Event {
                    bases: members,
                    names,
                    name_of,
                    numbers,
                    number_of,
                    day,
                }
            })
            .collect();
        Generator {
            last_told: vec![0; events.len()],
            bases,
            events,
            rng: SplitMix(seed ^ 0x5707_1e5e),
            left: n,
            total: n,
            emitted: 0,
            active: Vec::new(),
            stories: 0,
        }
    }

    /// Stories started so far (the generator's truth, for comparison with the clusterer).
    pub fn stories(&self) -> usize {
        self.stories
    }

    /// A new name in the shape of `old`: letters of an acronym ("NFL", "U.S") replaced by
    /// other capitals, other words by an invented name.
    fn name(rng: &mut SplitMix, old: &str, out: &mut String) {
        out.clear();
        let upper = old.chars().filter(|c| c.is_uppercase()).count();
        if upper > 1 && !old.chars().any(char::is_lowercase) {
            for c in old.chars() {
                if c.is_alphabetic() {
                    out.push(char::from(b'A' + rng.below(26) as u8));
                } else {
                    out.push(c);
                }
            }
            return;
        }
        let n = 2 + rng.below(2);
        for k in 0..n {
            let s = SYLLABLES[rng.below(SYLLABLES.len())];
            if k == 0 {
                let mut c = s.chars();
                if let Some(f) = c.next() {
                    out.push(f.to_ascii_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push_str(s);
            }
        }
    }

    /// New digits in the shape of `old` ("6.1" -> "4.7", "2,000" -> "7,315", "81st" ->
    /// "23rd"): each run of digits keeps its length, a leading digit stays non-zero.
    fn number(rng: &mut SplitMix, old: &str, out: &mut String) {
        out.clear();
        let mut prev_digit = false;
        for c in old.chars() {
            if c.is_ascii_digit() {
                let d = if prev_digit || c == '0' {
                    rng.below(10)
                } else {
                    1 + rng.below(9)
                };
                out.push(char::from(b'0' + d as u8));
                prev_digit = true;
            } else {
                out.push(c);
                prev_digit = false;
            }
        }
        // An ordinal's suffix follows its new last digits.
        for suffix in ["st", "nd", "rd", "th"] {
            if let Some(digits) = out.strip_suffix(suffix) {
                if let Some(n) = digits
                    .rsplit(|c: char| !c.is_ascii_digit())
                    .next()
                    .and_then(|d| d.parse::<u64>().ok())
                {
                    let want = match (n % 10, n % 100) {
                        (_, 11..=13) => "th",
                        (1, _) => "st",
                        (2, _) => "nd",
                        (3, _) => "rd",
                        _ => "th",
                    };
                    let keep = out.len() - suffix.len();
                    out.truncate(keep);
                    out.push_str(want);
                }
                break;
            }
        }
    }

    fn start_story(&mut self, today: i64) -> Live {
        // Of a few events drawn, the one least recently told: a base text comes back as
        // seldom as the stream's length allows, as a real event does not recur.
        let mut event = self.rng.below(self.events.len());
        for _ in 1..DRAWS {
            let other = self.rng.below(self.events.len());
            if self.last_told[other] < self.last_told[event] {
                event = other;
            }
        }
        self.last_told[event] = self.stories + 1;
        let ev = &self.events[event];
        let mut names = Vec::with_capacity(ev.names.len());
        let mut buf = String::new();
        for old in &ev.names {
            Generator::name(&mut self.rng, old, &mut buf);
            names.push(buf.clone());
        }
        let mut numbers = Vec::with_capacity(ev.numbers.len());
        for old in &ev.numbers {
            Generator::number(&mut self.rng, old, &mut buf);
            numbers.push(buf.clone());
        }
        // The event happened on the day its first report comes out or a day or two before.
        let story_day = today - self.rng.below(3) as i64;
        let shift = story_day - ev.day.unwrap_or(DEFAULT_DAY);
        let remaining = 1 + self.rng.below(8);
        self.stories += 1;
        Live {
            event,
            names,
            numbers,
            shift,
            wire: None,
            remaining,
            id: self.stories,
        }
    }
}

/// Writes template `t` of base `b` (of event `ev`) as story `live` tells it into `out`.
fn fill(t: &Template, b: usize, ev: &Event, live: &Live, out: &mut String) {
    let mut at = 0usize;
    for h in &t.holes {
        let (start, end) = (h.start as usize, h.end as usize);
        out.push_str(&t.text[at..start]);
        at = end;
        match h.what {
            What::Name(k) => {
                let e = ev.name_of[b][k as usize] as usize;
                out.push_str(&live.names[e]);
            }
            What::Number(k) => {
                let e = ev.number_of[b][k as usize] as usize;
                out.push_str(&live.numbers[e]);
            }
            What::Date(w) => write_date(w, ev.day.unwrap_or(DEFAULT_DAY), live.shift, out),
        }
    }
    out.push_str(&t.text[at..]);
}

/// Writes a date moved by `shift` days; dates without a year take the event's (`reference`).
fn write_date(w: Written, reference: i64, shift: i64, out: &mut String) {
    let ref_year = date_of(reference).map_or(2010, |d| d.year());
    let moved = |y: i32, m: u32, d: u32| {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .or_else(|| chrono::NaiveDate::from_ymd_opt(y, m, 28))
            .and_then(|x| date_of(days_of(x) + shift))
    };
    let month = |m: u32| text::MONTH_NAMES[(m.clamp(1, 12) - 1) as usize];
    let _ = match w {
        Written::Day {
            year,
            month: m,
            day,
            day_first,
        } => match moved(year.unwrap_or(ref_year), m, day) {
            Some(x) => match (year, day_first) {
                (Some(_), false) => write!(out, "{} {}, {}", month(x.month()), x.day(), x.year()),
                (Some(_), true) => write!(out, "{} {} {}", x.day(), month(x.month()), x.year()),
                (None, false) => write!(out, "{} {}", month(x.month()), x.day()),
                (None, true) => write!(out, "{} {}", x.day(), month(x.month())),
            },
            None => write!(out, "{} {day}", month(m)),
        },
        Written::Month { year, month: m } => match moved(year, m, 15) {
            Some(x) => write!(out, "{} {}", month(x.month()), x.year()),
            None => write!(out, "{} {year}", month(m)),
        },
        Written::MonthAlone(m) => match moved(ref_year, m, 15) {
            Some(x) => write!(out, "{}", month(x.month())),
            None => write!(out, "{}", month(m)),
        },
        Written::Year(y) => match moved(y, 7, 1) {
            Some(x) => write!(out, "{}", x.year()),
            None => write!(out, "{y}"),
        },
        Written::Iso {
            year,
            month: m,
            day,
        } => match moved(year, m, day) {
            Some(x) => write!(out, "{}", x.format("%Y-%m-%d")),
            None => write!(out, "{year:04}-{m:02}-{day:02}"),
        },
    };
}

impl Iterator for Generator {
    type Item = Article;

    fn next(&mut self) -> Option<Article> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let k = self.emitted;
        self.emitted += 1;
        let day = k as f64 * SPAN_DAYS / self.total.max(1) as f64;
        let minutes = (day * 1440.0) as i64;
        let today = START_DAY + minutes / 1440;
        // Keep about ACTIVE stories open; a new one starts when a slot is free or by chance.
        if self.active.len() < ACTIVE || self.rng.below(6) == 0 {
            let s = self.start_story(today);
            self.active.push(s);
        }
        let slot = self.rng.below(self.active.len());
        let published = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t + chrono::Duration::minutes(minutes))
            .map(PubTime::Local);
        let outlet = OUTLETS[self.rng.below(OUTLETS.len())];
        let kind = self.rng.below(10);
        let live = &self.active[slot];
        let ev = &self.events[live.event];
        let (title, mut paragraphs) = match (&live.wire, kind) {
            // A wire copy: the first article's text, re-headlined, cut, with boilerplate or
            // without its credit.
            (Some((title, paras)), 0..=3) => {
                let mut paras = paras.clone();
                let variant = self.rng.below(4);
                let mut title = title.clone();
                match variant {
                    0 => title = format!("{title} ({outlet})"),
                    1 => {
                        let keep = (paras.len() * 2 / 3).max(1);
                        paras.truncate(keep);
                    }
                    2 => {
                        let at = self.rng.below(paras.len() + 1);
                        paras.insert(at, BOILERPLATE[self.rng.below(BOILERPLATE.len())].into());
                    }
                    _ => {
                        if let Some(p) = paras.first_mut() {
                            *p = p.replacen("(Capital Wire) - ", "", 1);
                        }
                    }
                }
                (title, paras)
            }
            // An independent report: sentences regrouped, some dropped, another headline.
            _ => {
                let which = self.rng.below(ev.bases.len());
                let b = ev.bases[which];
                let base = &self.bases[b];
                let mut sentences: Vec<&Template> = base.sentences.iter().collect();
                let drop = self.rng.below(sentences.len() / 3 + 1);
                for _ in 0..drop {
                    let i = self.rng.below(sentences.len());
                    if sentences.len() > 2 {
                        sentences.remove(i);
                    }
                }
                if self.rng.below(2) == 0 && sentences.len() > 3 {
                    let i = 1 + self.rng.below(sentences.len() - 2);
                    sentences.swap(i, i + 1);
                }
                let mut title = String::new();
                let headline = if self.rng.below(2) == 0 {
                    Some(&base.title_template)
                } else {
                    sentences.first().copied()
                };
                if let Some(t) = headline {
                    fill(t, which, ev, live, &mut title);
                }
                let per = 1 + self.rng.below(3);
                let paras: Vec<String> = sentences
                    .chunks(per)
                    .map(|c| {
                        let mut p = String::new();
                        for (i, t) in c.iter().enumerate() {
                            if i > 0 {
                                p.push(' ');
                            }
                            fill(t, which, ev, live, &mut p);
                        }
                        p
                    })
                    .collect();
                (title, paras)
            }
        };
        let live = &mut self.active[slot];
        if live.wire.is_none() {
            if let Some(p) = paragraphs.first_mut() {
                *p = format!("(Capital Wire) - {p}");
            }
            live.wire = Some((title.clone(), paragraphs.clone()));
        }
        let (story, event) = (live.id, live.event);
        live.remaining -= 1;
        if live.remaining == 0 {
            self.active.swap_remove(slot);
        }
        let mut a = Article::new(
            format!("g-{k:08}"),
            format!("bench#event-{event}#story-{story}"),
        );
        a.title = Some(title);
        a.source = Some(outlet.to_string());
        a.published = published;
        a.language = Some("en".into());
        paragraphs.retain(|p| !p.is_empty());
        a.paragraphs = paragraphs;
        Some(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases() -> Vec<Base> {
        let b = |t: &str, p: &[&str]| {
            base(
                "g".into(),
                t.to_string(),
                t.to_string(),
                p.iter().map(|s| vec![s.to_string()]).collect(),
                None,
            )
        };
        vec![
            b(
                "Quake hits coast",
                &[
                    "A strong earthquake hit the coast of Chile near Valparaiso on March 3, 2010.",
                    "SANTIAGO - Officials said 12 people died, and the Supreme Court closed.",
                    "Chile sent rescuers to search the rubble in 2010.",
                ],
            ),
            b(
                "Singer enters rehab",
                &[
                    "The singer Lindsay Lohan entered a clinic in Malibu on 4 June, her publicist said.",
                    "Fans of Lohan sent messages of support, the 81st such clinic stay said NBC.",
                ],
            ),
        ]
    }

    #[test]
    fn deterministic_and_ordered() {
        let a: Vec<Article> = Generator::new(bases(), 200, 7).collect();
        let b: Vec<Article> = Generator::new(bases(), 200, 7).collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 200);
        assert!(a.windows(2).all(|w| w[0].published <= w[1].published));
        let c: Vec<Article> = Generator::new(bases(), 200, 8).collect();
        assert_ne!(a, c);
        assert!(a.iter().all(|x| !x.paragraphs.is_empty()));
    }

    #[test]
    fn names_numbers_and_dates_are_varied() {
        let b = bases();
        assert_eq!(
            b[0].names,
            vec!["Chile", "SANTIAGO", "Supreme", "Valparaiso"]
        );
        assert_eq!(b[1].names, vec!["Lindsay", "Lohan", "Malibu", "NBC"]);
        let mut g = Generator::new(b, 60, 1);
        let texts: Vec<String> = g.by_ref().map(|a| a.body()).collect();
        for t in &texts {
            for old in [
                "Valparaiso",
                "Santiago",
                "SANTIAGO",
                "Chile",
                "Lohan",
                "Lindsay",
                "NBC",
                "2010",
                "4 June",
            ] {
                assert!(!t.contains(old), "{old} in {t}");
            }
            // Generic words stay, the sentence-initial name is renamed too.
            if t.contains("closed") {
                assert!(t.contains("Court"), "{t}");
            }
            if t.contains("hit the coast") {
                assert!(t.contains(", 2025") || t.contains(", 2024"), "{t}");
            }
        }
        // Numbers are redrawn (the same digits may come back by chance).
        assert!(texts.iter().any(|t| t.contains(" people died")));
        assert!(!texts
            .iter()
            .filter(|t| t.contains(" people died"))
            .all(|t| t.contains("12 people")));
        assert!(g.stories() > 1);
    }

    #[test]
    fn one_story_writes_one_name_everywhere() {
        let mut g = Generator::new(bases(), 40, 3);
        let arts: Vec<Article> = g.by_ref().collect();
        let mut by_story: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
        for a in &arts {
            by_story.entry(a.input.as_str()).or_default().push(a);
        }
        // Within a story, the word after "near" is the same invented place.
        for arts in by_story.values() {
            let places: std::collections::BTreeSet<String> = arts
                .iter()
                .filter_map(|a| {
                    let body = a.body();
                    let at = body.find("near ")?;
                    body[at + 5..].split_whitespace().next().map(str::to_string)
                })
                .collect();
            assert!(places.len() <= 1, "{places:?}");
        }
    }

    #[test]
    fn numbers_keep_their_shape() {
        let mut rng = SplitMix(5);
        let mut out = String::new();
        for (old, check) in [
            ("6.1", "d.d"),
            ("2,000", "d,ddd"),
            ("12", "dd"),
            ("30-day", "dd-day"),
        ] {
            Generator::number(&mut rng, old, &mut out);
            let shape: String = out
                .chars()
                .map(|c| if c.is_ascii_digit() { 'd' } else { c })
                .collect();
            assert_eq!(shape, check, "{old} -> {out}");
        }
        for _ in 0..50 {
            Generator::number(&mut rng, "81st", &mut out);
            let n: u64 = out[..2].parse().unwrap_or(0);
            let want = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            assert!(out.ends_with(want), "{out}");
        }
    }

    #[test]
    fn dates_move_together() {
        let mut out = String::new();
        let reference = iso_day("2010-03-03").unwrap_or(0);
        let shift = iso_day("2025-02-10").unwrap_or(0) - reference;
        for (w, want) in [
            (
                Written::Day {
                    year: Some(2010),
                    month: 3,
                    day: 3,
                    day_first: false,
                },
                "February 10, 2025",
            ),
            (
                Written::Day {
                    year: None,
                    month: 3,
                    day: 4,
                    day_first: true,
                },
                "11 February",
            ),
            (Written::Year(2009), "2024"),
            (
                Written::Month {
                    year: 2010,
                    month: 1,
                },
                "December 2024",
            ),
        ] {
            out.clear();
            write_date(w, reference, shift, &mut out);
            assert_eq!(out, want);
        }
    }
}
