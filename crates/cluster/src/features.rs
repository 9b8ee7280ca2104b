//! Cheap features read from an article's own text: content terms, capitalised-phrase names,
//! numbers, the dates it mentions and its relative time words ("yesterday", "on Tuesday").
//! Used by [`crate::Clusterer::add`] when the caller has no annotations; [`crate::Features`]
//! lets a caller supply better ones.
//!
//! The scan allocates nothing per token: it tokenises into a reused span buffer, lower-cases
//! into a reused string, and hands each feature to a [`Sink`] as a borrowed `&str`. The
//! clusterer's sink interns them straight to ids; [`read`] collects them as [`Raw`] strings.

use model::Article;

/// What one article says about its event, as raw strings; interned by the clusterer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Raw {
    /// Lower-cased words of the title (stop words kept: the clusterer drops them).
    pub title_words: Vec<String>,
    /// Lower-cased words of the body.
    pub body_words: Vec<String>,
    /// Lower-cased names: single name words and multi-word phrases.
    pub names: Vec<String>,
    /// Numbers other than years, as written ("6.1", "81st", "2,000").
    pub numbers: Vec<String>,
    /// Dates mentioned, in order of appearance.
    pub dates: Vec<Date>,
    /// The dateline: the first full date (day, month and year) of the title or the first
    /// paragraphs, the stand-in for a missing publication date.
    pub dateline: Option<Date>,
    /// Relative time words of the lead ("yesterday", "on Tuesday"), in order.
    pub relative: Vec<Relative>,
    /// Lower-cased surnames of the people the text is about, most mentioned first: names of
    /// several words whose last word is also mentioned alone ("Vincent Jackson ... Jackson
    /// said"), the way reports name a person, seldom a place or an organisation.
    pub persons: Vec<String>,
}

/// A time word whose day depends on when the report was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relative {
    /// "today" (0), "yesterday" (1): this many days before the reference day.
    DaysBefore(u32),
    /// A weekday named without a date (0 = Monday): the last such day on or before the
    /// reference day.
    Weekday(u32),
}

impl Relative {
    /// The day (days since the Unix epoch) this word means in a report of day `reference`.
    pub fn resolve(self, reference: i64) -> i64 {
        match self {
            Relative::DaysBefore(n) => reference - i64::from(n),
            Relative::Weekday(w) => {
                // 1970-01-01 was a Thursday (3 with Monday = 0).
                let today = (reference + 3).rem_euclid(7);
                reference - (today - i64::from(w)).rem_euclid(7)
            }
        }
    }
}

/// Where a scan sends what it finds; strings are lower-cased and borrowed for the call only.
pub(crate) trait Sink {
    fn word(&mut self, w: &str, title: bool);
    /// A name word or a whole multi-word name.
    fn name(&mut self, n: &str);
    fn number(&mut self, n: &str);
    /// Whether a lower-cased word is a stop word (a sink may answer from a cache).
    fn is_stop(&mut self, w: &str) -> bool {
        text::is_stopword(w)
    }
}

/// Dates and relative words found by a scan (kept apart from the [`Sink`]: few per article).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct When {
    pub dates: Vec<Date>,
    pub dateline: Option<Date>,
    pub relative: Vec<Relative>,
    /// Surnames of the people the text is about, most mentioned first (see [`Raw::persons`]).
    pub persons: Vec<String>,
}

impl When {
    fn clear(&mut self) {
        self.dates.clear();
        self.dateline = None;
        self.relative.clear();
        self.persons.clear();
    }
}

/// Reused buffers of a scan.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    spans: Vec<(usize, usize)>,
    lower: String,
    phrase: String,
    run: Vec<(usize, usize)>,
    /// Last words of the article's name runs so far, and each run's span in it and whether
    /// the run had several words.
    lasts: String,
    runs: Vec<(usize, usize, bool)>,
    pub when: When,
}

impl Sink for Raw {
    fn word(&mut self, w: &str, title: bool) {
        if title {
            self.title_words.push(w.to_string());
        } else {
            self.body_words.push(w.to_string());
        }
    }
    fn name(&mut self, n: &str) {
        self.names.push(n.to_string());
    }
    fn number(&mut self, n: &str) {
        self.numbers.push(n.to_string());
    }
}

/// Reads the raw features of `article`: title, paragraphs and captions.
pub fn read(article: &Article) -> Raw {
    let mut raw = Raw::default();
    let mut scratch = Scratch::default();
    scan_article(article, &mut raw, &mut scratch, usize::MAX);
    raw.names.sort_unstable();
    raw.names.dedup();
    let when = std::mem::take(&mut scratch.when);
    raw.dates = when.dates;
    raw.dateline = when.dateline;
    raw.relative = when.relative;
    raw.persons = when.persons;
    raw
}

/// Paragraphs (after the title) searched for a dateline and for relative time words.
const LEAD_PARAGRAPHS: usize = 3;
const RELATIVE_PARAGRAPHS: usize = 6;

/// Scans title, paragraphs and captions into `sink` and `scratch.when`.
/// Scans title, paragraphs and captions into `sink` and `scratch.when`, the body up to
/// `max_words` words: a report says what happened, who, where and when in its first few
/// hundred words, and the cost of an article stays bounded however long it is.
pub(crate) fn scan_article<S: Sink>(
    article: &Article,
    sink: &mut S,
    scratch: &mut Scratch,
    max_words: usize,
) {
    scratch.when.clear();
    if let Some(t) = &article.title {
        scan(t, sink, scratch, Part::Title, usize::MAX);
    }
    let mut left = max_words;
    for (i, p) in article.paragraphs.iter().enumerate() {
        let part = if i < LEAD_PARAGRAPHS {
            Part::Lead
        } else if i < RELATIVE_PARAGRAPHS {
            Part::Near
        } else {
            Part::Body
        };
        if left == 0 {
            break;
        }
        left -= scan(p, sink, scratch, part, left);
    }
    for p in &article.captions {
        if left == 0 {
            break;
        }
        left -= scan(p, sink, scratch, Part::Body, left);
    }
    persons(scratch);
}

/// Fills `scratch.when.persons` from the name runs seen, and forgets the runs.
fn persons(scratch: &mut Scratch) {
    let text = |r: &(usize, usize, bool)| &scratch.lasts[r.0..r.1];
    let mut found: Vec<(usize, &str)> = Vec::new();
    for r in scratch.runs.iter().filter(|r| r.2) {
        let last = text(r);
        if found.iter().any(|f| f.1 == last) {
            continue;
        }
        let alone = scratch
            .runs
            .iter()
            .filter(|x| !x.2 && text(x) == last)
            .count();
        if alone > 0 {
            let whole = scratch
                .runs
                .iter()
                .filter(|x| x.2 && text(x) == last)
                .count();
            found.push((alone + whole, last));
        }
    }
    found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    scratch.when.persons = found.iter().take(3).map(|f| f.1.to_string()).collect();
    scratch.lasts.clear();
    scratch.runs.clear();
}

/// Which part of the article a text is: where datelines and relative words are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Title,
    /// The first paragraphs: dateline and relative words.
    Lead,
    /// Further early paragraphs: relative words.
    Near,
    Body,
}

/// Word tokens of `text` as byte spans, the rules of [`text::tokens`] without its
/// allocations: letters and digits, joined across `'`, `’` and `-` inside a word, `.` and `,`
/// between digits, and `.` in acronyms ("U.S").
fn tokenize(text: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    if text.is_ascii() {
        tokenize_ascii(text.as_bytes(), out);
        return;
    }
    let mut start: Option<usize> = None;
    // The two characters before the current one.
    let (mut prev, mut prev2) = (None::<char>, None::<char>);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start {
            let next = it.peek().map(|x| x.1);
            let p = prev.unwrap_or(' ');
            let keep = matches!(c, '\'' | '’' | '-' | '.' | ',')
                && next.is_some_and(char::is_alphanumeric)
                && match c {
                    '.' | ',' if p.is_ascii_digit() => next.is_some_and(|n| n.is_ascii_digit()),
                    '.' => {
                        p.is_uppercase()
                            && next.is_some_and(char::is_uppercase)
                            && !prev2.is_some_and(char::is_alphanumeric)
                    }
                    ',' => false,
                    _ => true,
                };
            if !keep {
                out.push((s, i));
                start = None;
            }
        }
        prev2 = prev;
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
}

/// [`tokenize`] for ASCII text, byte by byte (most news text; the same rules).
fn tokenize_ascii(b: &[u8], out: &mut Vec<(usize, usize)>) {
    let mut start: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start {
            let next = b.get(i + 1).copied();
            // A token has started, so there is a character before this one.
            let p = b[i - 1];
            let keep = matches!(c, b'\'' | b'-' | b'.' | b',')
                && next.is_some_and(|n| n.is_ascii_alphanumeric())
                && match c {
                    b'.' | b',' if p.is_ascii_digit() => next.is_some_and(|n| n.is_ascii_digit()),
                    b'.' => {
                        p.is_ascii_uppercase()
                            && next.is_some_and(|n| n.is_ascii_uppercase())
                            && !(i >= 2 && b[i - 2].is_ascii_alphanumeric())
                    }
                    b',' => false,
                    _ => true,
                };
            if !keep {
                out.push((s, i));
                start = None;
            }
        }
    }
    if let Some(s) = start {
        out.push((s, b.len()));
    }
}

/// A calendar date of day, month or year precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    /// 1..=12, or 0 when only the year is known.
    pub month: u32,
    /// 1..=31, or 0 when unknown.
    pub day: u32,
}

impl Date {
    /// Parses TIMEX-like values: `2025`, `2025-03`, `2025-03-14` (anything after the day is
    /// ignored). None for other values.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.get(..s.len().min(10))?.split('-');
        let year: i32 = it.next()?.parse().ok()?;
        if !(1000..=2999).contains(&year) {
            return None;
        }
        let month: u32 = match it.next() {
            Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
            None => 0,
        };
        let day: u32 = match it.next() {
            Some(d) => d.parse().ok().filter(|d| (1..=31).contains(d))?,
            None => 0,
        };
        Some(Date { year, month, day })
    }

    /// Days since 0000-03-01 (a civil-day count), at the middle of the unknown part.
    pub fn days(&self) -> i64 {
        let m = if self.month == 0 { 7 } else { self.month };
        let d = if self.day == 0 {
            if self.month == 0 {
                1
            } else {
                15
            }
        } else {
            self.day
        };
        days_from_civil(self.year, m, d)
    }

    fn full(&self) -> bool {
        self.year != 0 && self.month != 0 && self.day != 0
    }
}

/// Days from the civil date (proleptic Gregorian), Howard Hinnant's well-known formula.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

const MONTHS: [(&str, u32); 24] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

fn month_of(w: &str) -> Option<u32> {
    // Every month name starts with one of these letters: most words are rejected at once.
    if !(3..=9).contains(&w.len())
        || !matches!(
            w.as_bytes()[0].to_ascii_lowercase(),
            b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
        )
    {
        return None;
    }
    MONTHS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(w))
        .map(|(_, m)| *m)
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// 0 = Monday for a full weekday name, in any case.
fn weekday_of(w: &str) -> Option<u32> {
    let b = w.as_bytes();
    if !(6..=9).contains(&b.len()) || !b[b.len() - 3..].eq_ignore_ascii_case(b"day") {
        return None;
    }
    WEEKDAYS
        .iter()
        .position(|d| d.eq_ignore_ascii_case(w))
        .map(|i| i as u32)
}

fn year_of(w: &str) -> Option<i32> {
    let w = w.trim_start_matches('\'');
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        return (1900..=2099).contains(&y).then_some(y);
    }
    None
}

fn day_of(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A one- or two-digit number.
fn small(w: &str) -> Option<u32> {
    (!w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// A four-digit year, or a two-digit one read as 20xx.
fn numeric_year(w: &str) -> Option<i32> {
    if w.len() == 2 && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse::<i32>().ok().map(|y| 2000 + y);
    }
    year_of(w)
}

/// A numeric date from its three parts: `d/m/y` or `m/d/y` (whichever part exceeds 12 is the
/// day; when neither does, slashes read month first and dots day first).
fn numeric_date(a: u32, b: u32, year: i32, slash: bool) -> Option<Date> {
    let (month, day) = if a > 12 {
        (b, a)
    } else if b > 12 || slash {
        (a, b)
    } else {
        (b, a)
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
}

/// Dates written in one token: `2013-09-14`, `14.09.2013`; and seasons such as `2008-09`
/// (their first year).
fn token_date(w: &str) -> Option<Date> {
    let b = w.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        return Date::parse(w).filter(|d| (1900..=2099).contains(&d.year));
    }
    if b.len() == 7 && b[4] == b'-' && b[5..].iter().all(u8::is_ascii_digit) {
        let year = year_of(&w[..4])?;
        return Some(Date {
            year,
            month: 0,
            day: 0,
        });
    }
    let mut parts = w.split('.');
    let (x, y, z) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    numeric_date(small(x)?, small(y)?, year_of(z)?, false)
}

/// Lower-cases `w` into `buf`: byte by byte for ASCII words (most of them), by Unicode rules
/// otherwise.
fn lower_into(w: &str, buf: &mut String) {
    buf.clear();
    if w.is_ascii() {
        buf.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        buf.extend(w.chars().flat_map(char::to_lowercase));
    }
}

/// True when the text between two tokens is a slash, with spaces around it or not.
fn slash_between(p: &str, a: (usize, usize), b: (usize, usize)) -> bool {
    p.get(a.1..b.0).is_some_and(|g| g.trim() == "/")
}

/// Names, numbers, dates and relative words of one text, and its lower-cased words, up to
/// `max` words; returns how many words it read.
fn scan<S: Sink>(p: &str, sink: &mut S, scratch: &mut Scratch, part: Part, max: usize) -> usize {
    let Scratch {
        spans,
        lower,
        phrase,
        run,
        lasts,
        runs,
        when,
    } = scratch;
    tokenize(p, spans);
    spans.truncate(max);
    let title = part == Part::Title;
    let word = |k: usize| -> &str { &p[spans[k].0..spans[k].1] };
    // A token starts a sentence when only punctuation, quotes or space stand between it and
    // the previous sentence end (or the paragraph start).
    let starts_sentence = |k: usize| -> bool {
        k == 0 || p[spans[k - 1].1..spans[k].0].contains(['.', '!', '?', ':', '\n', ';'])
    };
    let push_date = |d: Date, when: &mut When| {
        if d.full() && part != Part::Body && part != Part::Near && when.dateline.is_none() {
            when.dateline = Some(d);
        }
        when.dates.push(d);
    };
    let n = spans.len();
    let mut i = 0;
    while i < n {
        let w = word(i);
        // Every token is a word of the text (the clusterer drops stop words and numbers).
        let skip = date_at(p, spans, i);
        if let Some((d, len)) = skip {
            for k in i..i + len {
                lower_into(word(k), lower);
                sink.word(lower, title);
            }
            push_date(d, when);
            flush(p, run, sink, lower, phrase, (lasts, runs));
            i += len;
            continue;
        }
        lower_into(w, lower);
        sink.word(lower, title);
        if w.bytes().any(|b| b.is_ascii_digit()) {
            if let Some(d) = token_date(w) {
                push_date(d, when);
            } else {
                sink.number(lower);
            }
            flush(p, run, sink, lower, phrase, (lasts, runs));
            i += 1;
            continue;
        }
        if part != Part::Body {
            let rel = match lower.as_str() {
                "yesterday" => Some(Relative::DaysBefore(1)),
                "today" | "tonight" => Some(Relative::DaysBefore(0)),
                _ => weekday_of(w)
                    // "Friday, June 7, 2013" is a dateline, not a relative day.
                    .filter(|_| !(i + 1 < n && date_at(p, spans, i + 1).is_some()))
                    .map(Relative::Weekday),
            };
            if let Some(r) = rel {
                if !title {
                    when.relative.push(r);
                }
                flush(p, run, sink, lower, phrase, (lasts, runs));
                i += 1;
                continue;
            }
        }
        let cap = text::is_capitalized(w);
        let name_like = cap
            && !title
            && w.chars().nth(1).is_some()
            && !sink.is_stop(lower)
            && month_of(w).is_none()
            && weekday_of(w).is_none()
            && !(starts_sentence(i) && run.is_empty() && is_common_opener(lower));
        // In a title every word may be capitalised: only keep runs there that look like names
        // elsewhere too (the body's runs cover them), so titles add no names of their own.
        if name_like {
            run.push(spans[i]);
        } else {
            flush(p, run, sink, lower, phrase, (lasts, runs));
        }
        i += 1;
    }
    flush(p, run, sink, lower, phrase, (lasts, runs));
    n
}

/// Hands a run of name words to the sink: each word, and the whole phrase.
fn flush<S: Sink>(
    p: &str,
    run: &mut Vec<(usize, usize)>,
    sink: &mut S,
    lower: &mut String,
    phrase: &mut String,
    (lasts, runs): (&mut String, &mut Vec<(usize, usize, bool)>),
) {
    if run.is_empty() {
        return;
    }
    phrase.clear();
    for (k, &(s, e)) in run.iter().enumerate() {
        lower_into(&p[s..e], lower);
        sink.name(lower);
        if k > 0 {
            phrase.push(' ');
        }
        phrase.push_str(lower);
    }
    if run.len() > 1 {
        sink.name(phrase);
    }
    let start = lasts.len();
    lasts.push_str(lower);
    runs.push((start, lasts.len(), run.len() > 1));
    run.clear();
}

/// A date starting at token `i` and how many tokens it takes: "August 2, 2013", "Aug. 2",
/// "2 August 2013", "August 2013", "14 / 09 / 2013", "8/2/13", "2013".
fn date_at(p: &str, spans: &[(usize, usize)], i: usize) -> Option<(Date, usize)> {
    let word = |k: usize| spans.get(k).map(|&(s, e)| &p[s..e]);
    let w = word(i)?;
    // Every date starts with a digit or a capitalised month name.
    let b0 = w.as_bytes()[0];
    if !(b0.is_ascii_digit() || matches!(b0, b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D'))
    {
        return None;
    }
    let (next, next2) = (word(i + 1), word(i + 2));
    if let Some(month) = month_of(w) {
        // "may" and "march" are words too: require a capital and a number next to them.
        if text::is_capitalized(w) {
            if let Some(day) = next.and_then(day_of) {
                let year = next2.and_then(year_of).unwrap_or(0);
                let len = if year != 0 { 3 } else { 2 };
                return Some((Date { year, month, day }, len));
            }
            if let Some(year) = next.and_then(year_of) {
                return Some((
                    Date {
                        year,
                        month,
                        day: 0,
                    },
                    2,
                ));
            }
        }
        return None;
    }
    if let Some(day) = day_of(w) {
        if let Some(month) = next.filter(|n| text::is_capitalized(n)).and_then(month_of) {
            let year = next2.and_then(year_of).unwrap_or(0);
            let len = if year != 0 { 3 } else { 2 };
            return Some((Date { year, month, day }, len));
        }
    }
    if let (Some(a), Some(b), Some(y)) =
        (small(w), next.and_then(small), next2.and_then(numeric_year))
    {
        if slash_between(p, spans[i], spans[i + 1]) && slash_between(p, spans[i + 1], spans[i + 2])
        {
            if let Some(d) = numeric_date(a, b, y, true) {
                return Some((d, 3));
            }
        }
    }
    let year = year_of(w)?;
    Some((
        Date {
            year,
            month: 0,
            day: 0,
        },
        1,
    ))
}

/// Sentence-initial capitalised words that are rarely names: adverbs, pronouns, reporting
/// openers. (Stop words are already excluded.)
fn is_common_opener(w: &str) -> bool {
    matches!(
        w,
        "according"
            | "although"
            | "however"
            | "meanwhile"
            | "earlier"
            | "later"
            | "today"
            | "yesterday"
            | "tonight"
            | "police"
            | "officials"
            | "authorities"
            | "now"
            | "still"
            | "even"
            | "many"
            | "several"
            | "last"
            | "next"
            | "one"
            | "two"
            | "three"
            | "while"
            | "since"
            | "though"
            | "despite"
            | "instead"
            | "just"
            | "like"
            | "reports"
            | "witnesses"
            | "residents"
            | "people"
            | "it's"
            | "that's"
            | "there's"
            | "here"
            | "news"
            | "update"
            | "updated"
            | "breaking"
            | "photo"
            | "video"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, names: &[&str], dates: &[(i32, u32, u32)], numbers: &[&str]) {
        let mut a = Article::new("a", "x");
        a.paragraphs = vec![text.to_string()];
        let r = read(&a);
        let mut want: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(r.names, want, "names of {text:?}");
        let got: Vec<(i32, u32, u32)> = r.dates.iter().map(|d| (d.year, d.month, d.day)).collect();
        assert_eq!(got, dates, "dates of {text:?}");
        assert_eq!(r.numbers, numbers, "numbers of {text:?}");
    }

    #[test]
    fn names_dates_numbers() {
        check(
            "Tara Reid entered Promises in Malibu on August 2, 2013.",
            &["malibu", "promises", "reid", "tara", "tara reid"],
            &[(2013, 8, 2)],
            &[],
        );
        check(
            "However, a 6.1 quake hit Chile on 3 March. It was in May 2009.",
            &["chile"],
            &[(0, 3, 3), (2009, 5, 0)],
            &["6.1"],
        );
        check(
            "The 81st Oscars, in 2009.",
            &["oscars"],
            &[(2009, 0, 0)],
            &["81st"],
        );
        check("We may march in March.", &[], &[], &[]);
        check(
            "It was posted 14 / 09 / 2013 and 8/2/13, the 2008-09 season, 2013-06-07.",
            &[],
            &[(2013, 9, 14), (2013, 8, 2), (2008, 0, 0), (2013, 6, 7)],
            &[],
        );
        // Non-ASCII words are safe to slice and lower-case.
        check(
            "Place Vendôme, Zürich.",
            &["place", "place vendôme zürich", "vendôme", "zürich"],
            &[],
            &[],
        );
    }

    #[test]
    fn datelines_relative_days_and_persons() {
        let mut a = Article::new("a", "x");
        a.title = Some("Chargers' Jamal Williams arrested".into());
        a.paragraphs = vec![
            "FEB. 2, 2009".into(),
            "Jamal Williams was arrested early Sunday, police said. Williams was released.".into(),
            "On Friday, June 7, 2013 nothing happened.".into(),
        ];
        let r = read(&a);
        assert_eq!(r.dateline, Date::parse("2009-02-02"));
        // "Friday, June 7, 2013" is a date, not a relative day.
        assert_eq!(r.relative, vec![Relative::Weekday(6)]);
        assert_eq!(r.persons, vec!["williams".to_string()]);
        // 2009-02-02 was a Monday: the Sunday before is 2009-02-01; "yesterday" the day before.
        let day = |s: &str| Date::parse(s).map(|d| d.days() - days_from_civil(1970, 1, 1));
        let monday = day("2009-02-02").unwrap_or_default();
        assert_eq!(
            Some(Relative::Weekday(6).resolve(monday)),
            day("2009-02-01")
        );
        assert_eq!(Some(Relative::Weekday(0).resolve(monday)), Some(monday));
        assert_eq!(
            Some(Relative::DaysBefore(1).resolve(monday)),
            day("2009-02-01")
        );
    }

    #[test]
    fn own_tokenizer_matches_text_tokens() {
        for t in [
            "The 30-day truce, don't 3.5 U.S. (Kyiv) 2,000 people; e.g. A.B.C",
            "Ümlaut’s end. 14 / 09 / 2013 — Vendôme",
            "A.B. U.S.A. x.Y 3.5.6 1,2,3 a-b- -c 'd' e'f",
            "Z.Z Q. R.s",
            "",
            "...",
        ] {
            let mut ours = Vec::new();
            tokenize(t, &mut ours);
            let theirs: Vec<(usize, usize)> = text::tokens(t)
                .iter()
                .map(|k| (k.span.start, k.span.end))
                .collect();
            assert_eq!(ours, theirs, "tokens of {t:?}");
        }
    }

    #[test]
    fn dates_parse_and_count_days() {
        assert_eq!(
            Date::parse("2025-03-14"),
            Some(Date {
                year: 2025,
                month: 3,
                day: 14
            })
        );
        assert_eq!(Date::parse("2025").map(|d| d.month), Some(0));
        assert_eq!(Date::parse("PRESENT_REF"), None);
        let a = Date::parse("2025-03-01").unwrap().days();
        let b = Date::parse("2025-02-28").unwrap().days();
        assert_eq!(a - b, 1);
        assert_eq!(
            days_from_civil(1970, 1, 1) - days_from_civil(1969, 12, 31),
            1
        );
    }
}
