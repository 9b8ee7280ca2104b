//! The pattern table: each rule is a regex and a builder that reads its captures into a
//! [`Sem`], the meaning of the expression before it is resolved against an anchor.

use super::lexicon::{self, amount, Amount, Unit, MONTH_ANY, MONTH_FULL, NUM, UNIT, WEEKDAY};
use regex::{Captures, Regex};
use std::sync::OnceLock;

/// Which way a relative word points: "last", "this", "next", or nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    None,
    Last,
    This,
    Next,
}

fn rel_of(word: Option<&str>) -> Rel {
    let Some(w) = word else { return Rel::None };
    let w = w.to_ascii_lowercase();
    let w = w.trim();
    if w.contains("coming") || w.contains("next") || w.contains("following") {
        Rel::Next
    } else if w.contains("past") || w.contains("last") || w.contains("previous") {
        // "this past spring" is the one just gone.
        if w.starts_with("this") {
            Rel::This
        } else {
            Rel::Last
        }
    } else if w.contains("this") || w.contains("current") {
        Rel::This
    } else {
        Rel::None
    }
}

/// What an expression means, before resolution against the publication time.
#[derive(Debug, Clone, PartialEq)]
pub enum Sem {
    /// A calendar day; a missing year is chosen nearest the anchor.
    Date {
        y: Option<i32>,
        m: u32,
        d: u32,
        part: Option<&'static str>,
    },
    /// A month; a missing year is chosen by `rel`, by `year_off` from the anchor's year
    /// ("July last year"), or nearest the anchor.
    Month {
        y: Option<i32>,
        m: u32,
        rel: Rel,
        year_off: Option<i32>,
    },
    /// A value that needs no anchor: "1990", "199", "1989-H2", "P3Y" with its kind.
    Literal {
        kind: &'static str,
        value: String,
    },
    /// A quarter; `q: None` is "the quarter": the last complete one. `year_off` moves it by
    /// years ("last year's third quarter").
    Quarter {
        q: Option<u32>,
        y: Option<i32>,
        rel: Rel,
        year_off: i32,
    },
    /// A half year of the anchor's year.
    Half {
        h: u32,
        y: Option<i32>,
    },
    Season {
        s: &'static str,
        y: Option<i32>,
        rel: Rel,
    },
    Weekday {
        wd: u32,
        rel: Rel,
        part: Option<&'static str>,
    },
    /// "today", "yesterday", "tomorrow", "last night".
    DayOffset {
        off: i64,
        part: Option<&'static str>,
    },
    /// "last week", "this year", "two months ago": the anchor moved by `off` units, written at
    /// that unit's precision.
    Shift {
        unit: Unit,
        off: i64,
    },
    /// "a year earlier", "the year-ago quarter": the last mentioned quarter a year back.
    YearAgo,
    /// "that year", "later that day": the last date mentioned, at this unit's precision.
    That(Unit),
    /// "year-end": the last day of the anchor's year.
    YearEnd,
    /// "PRESENT_REF", "PAST_REF", "FUTURE_REF".
    Ref(&'static str),
    Duration(String),
    Set(String),
    /// A clock time on the anchor's day, or on the day `on` names.
    Clock {
        h: u32,
        m: u32,
        on: Option<Box<Sem>>,
    },
    /// A holiday: fixed month-day, or the n-th weekday of a month (n = -1: the last).
    Holiday {
        m: u32,
        d: u32,
        nth_wd: Option<(i32, u32)>,
    },
}

impl Sem {
    /// Whether resolving this meaning needs the anchor's day, not just its month.
    pub fn needs_day(&self) -> bool {
        match self {
            Sem::Weekday { .. } | Sem::DayOffset { .. } | Sem::Clock { .. } => true,
            Sem::Shift { unit, .. } => matches!(
                unit,
                Unit::Second | Unit::Minute | Unit::Hour | Unit::Day | Unit::Week | Unit::Weekend
            ),
            _ => false,
        }
    }

    /// Whether this meaning names a day (for merging a clock time with the day it is on).
    pub fn is_day(&self) -> bool {
        matches!(
            self,
            Sem::Date { .. } | Sem::Weekday { .. } | Sem::DayOffset { .. }
        )
    }
}

pub use ctx::{Ctx, Reads};

/// Where a match sits, for builders that look around it; in a module of its own so that
/// builders read the text only through its methods, which note every byte they read (the
/// window memo in `time/memo.rs` is keyed by those bytes).
mod ctx {
    use std::cell::Cell;

    /// The byte range of a text that a computation read: `lo..hi`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Reads {
        pub lo: usize,
        pub hi: usize,
    }

    impl Reads {
        /// Widened to cover `lo..hi` too.
        pub fn cover(self, lo: usize, hi: usize) -> Reads {
            Reads {
                lo: self.lo.min(lo),
                hi: self.hi.max(hi),
            }
        }
    }

    pub struct Ctx<'t> {
        text: &'t str,
        start: usize,
        end: usize,
        read: &'t Cell<Reads>,
    }

    impl<'t> Ctx<'t> {
        /// The match `start..end` of `text`; what the builder reads around it widens `read`.
        pub fn new(text: &'t str, start: usize, end: usize, read: &'t Cell<Reads>) -> Ctx<'t> {
            Ctx {
                text,
                start,
                end,
                read,
            }
        }

        fn note(&self, lo: usize, hi: usize) {
            self.read.set(self.read.get().cover(lo, hi));
        }

        /// The word before the match, lowercased ("" at the start).
        pub fn prev_word(&self) -> String {
            let before = &self.text[..self.start];
            let trimmed = before.trim_end();
            let word = trimmed
                .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
                .next()
                .unwrap_or("");
            // Read back to the character that ends the word, or to the start of the text.
            let from = trimmed.len() - word.len();
            let lo = trimmed[..from]
                .char_indices()
                .next_back()
                .map_or(0, |(i, _)| i);
            self.note(lo, self.start);
            word.to_ascii_lowercase()
        }
        /// Up to `n` bytes after the match.
        pub fn after(&self, n: usize) -> &'t str {
            let mut e = (self.end + n).min(self.text.len());
            // The byte at `end + n` is read to find the character boundary.
            self.note(self.end, (self.end + n + 1).min(self.text.len()));
            while !self.text.is_char_boundary(e) {
                e -= 1;
            }
            &self.text[self.end..e]
        }
        /// Up to `n` bytes before the match.
        pub fn before(&self, n: usize) -> &'t str {
            let mut s = self.start.saturating_sub(n);
            self.note(s, self.start);
            while !self.text.is_char_boundary(s) {
                s += 1;
            }
            &self.text[s..self.start]
        }
    }
}

type Build = fn(&Captures, &Ctx) -> Option<Sem>;

pub struct Rule {
    pub re: Regex,
    pub build: Build,
    /// What every match holds: a stretch of text without it skips the rule (see
    /// `time/prefilter.rs`).
    pub needs: Needs,
}

/// What every match of a rule holds.
#[derive(Debug, Clone, Copy)]
pub struct Needs {
    /// A digit (ASCII or any other numeric character).
    pub digit: bool,
    /// One of these ASCII strings, anywhere in a word (none: no word needed).
    pub words: &'static [&'static str],
    /// `words` as written; else in any case.
    pub exact_case: bool,
}

impl Needs {
    const fn any(words: &'static [&'static str]) -> Needs {
        Needs {
            digit: false,
            words,
            exact_case: false,
        }
    }
    const fn cased(words: &'static [&'static str]) -> Needs {
        Needs {
            digit: false,
            words,
            exact_case: true,
        }
    }
    const fn digit_and(words: &'static [&'static str], exact_case: bool) -> Needs {
        Needs {
            digit: true,
            words,
            exact_case,
        }
    }
}

const DIGIT: Needs = Needs::digit_and(&[], false);
/// What starts every month name or abbreviation [`MONTH_ANY`] matches, as written.
const MONTH_STEMS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "JAN",
    "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
/// The weekday names [`WEEKDAY`] matches.
const WEEKDAYS: &[&str] = &text::WEEKDAY_NAMES;
/// The stems of every word [`UNIT`] matches.
const UNITS: &[&str] = &[
    "second",
    "minute",
    "hour",
    "day",
    "night",
    "week",
    "fortnight",
    "month",
    "quarter",
    "year",
    "decade",
    "centur",
];
/// The month names [`MONTH_FULL`] matches.
const MONTHS: &[&str] = &text::MONTH_NAMES;

fn g<'c>(c: &'c Captures, name: &str) -> Option<&'c str> {
    c.name(name).map(|m| m.as_str())
}

fn year(c: &Captures, name: &str) -> Option<i32> {
    g(c, name).and_then(|y| y.parse().ok())
}

fn day(c: &Captures) -> Option<u32> {
    let d: u32 = g(c, "d")?.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn part(c: &Captures) -> Option<&'static str> {
    g(c, "part").and_then(lexicon::part_of_day)
}

/// Prepositions and modifiers after which a bare month name or season is a time.
const TIME_PREP: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "of",
    "from",
    "through",
    "before",
    "after",
    "during",
    "early",
    "late",
    "mid",
    "last",
    "next",
    "this",
    "that",
    "each",
    "every",
    "to",
    "and",
    "or",
    "on",
    "for",
    "between",
    "the",
    "around",
    "past",
    "coming",
    "beginning",
    "end",
    "middle",
];

fn build_month_day(c: &Captures, _: &Ctx) -> Option<Sem> {
    let m = lexicon::month(g(c, "mon")?)?;
    Some(Sem::Date {
        y: year(c, "y"),
        m,
        d: day(c)?,
        part: None,
    })
}

fn build_numeric(c: &Captures, _: &Ctx) -> Option<Sem> {
    let m: u32 = g(c, "m")?.parse().ok()?;
    let mut y: i32 = g(c, "y")?.parse().ok()?;
    if y < 100 {
        y += if y < 50 { 2000 } else { 1900 };
    }
    if !(1..=12).contains(&m) {
        return None;
    }
    Some(Sem::Date {
        y: Some(y),
        m,
        d: day(c)?,
        part: None,
    })
}

fn build_month_year(c: &Captures, _: &Ctx) -> Option<Sem> {
    let m = lexicon::month(g(c, "mon")?)?;
    Some(Sem::Month {
        y: year(c, "y"),
        m,
        rel: Rel::None,
        year_off: None,
    })
}

fn build_month(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    let name = g(c, "mon")?;
    let m = lexicon::month(name)?;
    let rel = rel_of(g(c, "rel"));
    if g(c, "rel").is_none() && g(c, "mod").is_none() && g(c, "ry").is_none() {
        // "May" and "March" alone need a preposition before them to be months.
        let prev = ctx.prev_word();
        if (name == "May" || name == "March") && !TIME_PREP.contains(&prev.as_str()) {
            return None;
        }
        // "June Smith": a month name followed by a capitalised word is likely a name.
        let next = ctx.after(2);
        if next.starts_with(' ')
            && next[1..].starts_with(|ch: char| ch.is_uppercase())
            && !TIME_PREP.contains(&prev.as_str())
        {
            return None;
        }
    }
    let year_off = g(c, "ry").map(|w| match w.to_ascii_lowercase().as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    });
    Some(Sem::Month {
        y: None,
        m,
        rel,
        year_off,
    })
}

fn build_year(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    let y: i32 = g(c, "y")?.parse().ok()?;
    let before = ctx.before(2);
    let after = ctx.after(8);
    if before.ends_with(['$', '#', '.', ',', '/', '-', '£', '€'])
        || before.ends_with(|ch: char| ch.is_ascii_digit())
        || after.starts_with(['%', '/'])
        || after.starts_with(|ch: char| ch.is_ascii_digit())
        || after.starts_with(",0")
        || after.starts_with(",1")
        || after.starts_with(".") && after[1..].starts_with(|ch: char| ch.is_ascii_digit())
    {
        return None;
    }
    // Units and counts after a number make it a quantity: "1990 troops".
    let next_word: String = after
        .trim_start()
        .chars()
        .take_while(|ch| ch.is_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    const QUANTITY: &[&str] = &[
        "people", "troops", "shares", "dollars", "feet", "meters", "miles", "tons", "cars",
        "workers", "members", "soldiers", "points", "percent", "units", "yen", "pounds",
    ];
    if QUANTITY.contains(&next_word.as_str()) {
        return None;
    }
    let half = g(c, "half").map(|h| h.to_ascii_lowercase());
    if let Some(h) = half {
        let n = if h.starts_with("first") { 1 } else { 2 };
        return Some(Sem::Half { h: n, y: Some(y) });
    }
    Some(Sem::Literal {
        kind: "date",
        value: format!("{y:04}"),
    })
}

fn build_decade(c: &Captures, _: &Ctx) -> Option<Sem> {
    let d = g(c, "dec")?;
    Some(Sem::Literal {
        kind: "date",
        value: d[..3].to_string(),
    })
}

fn build_word_decade(c: &Captures, _: &Ctx) -> Option<Sem> {
    let w = g(c, "w")?.to_ascii_lowercase();
    const DECADES: [&str; 8] = [
        "twenties",
        "thirties",
        "forties",
        "fifties",
        "sixties",
        "seventies",
        "eighties",
        "nineties",
    ];
    let i = DECADES.iter().position(|d| *d == w)?;
    Some(Sem::Literal {
        kind: "date",
        value: format!("19{}", i + 2),
    })
}

fn build_spelled_year(c: &Captures, _: &Ctx) -> Option<Sem> {
    let hi = g(c, "hi")?.to_ascii_lowercase();
    let lo = g(c, "lo")?.to_ascii_lowercase();
    let Some(Amount::Exact(n)) = amount(&lo) else {
        return None;
    };
    let base = if hi.starts_with("nineteen") {
        1900
    } else {
        1800
    };
    Some(Sem::Literal {
        kind: "date",
        value: format!("{}", base + n as i32),
    })
}

fn build_two_thousand(c: &Captures, _: &Ctx) -> Option<Sem> {
    let n = match g(c, "lo") {
        Some(lo) => match amount(&lo.to_ascii_lowercase())? {
            Amount::Exact(n) => n as i32,
            Amount::Vague => return None,
        },
        None => 0,
    };
    Some(Sem::Literal {
        kind: "date",
        value: format!("{}", 2000 + n),
    })
}

fn build_quarter(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    let pre = g(c, "pre").unwrap_or("").to_ascii_lowercase();
    let words: Vec<&str> = pre
        .split(|ch: char| ch.is_whitespace() || ch == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let plural = g(c, "pl").is_some();
    let period = g(c, "qw").is_some_and(|w| w.eq_ignore_ascii_case("period"));
    let y0 = year(c, "y0");
    let year_off = match g(c, "ry").map(|w| w.to_ascii_lowercase()).as_deref() {
        Some("last") => -1,
        Some("next") => 1,
        _ => 0,
    };
    let mut q = None;
    let mut rel = Rel::None;
    let mut year_ago = false;
    for w in &words {
        match *w {
            "first" | "1st" => q = Some(1),
            "second" | "2nd" => q = Some(2),
            "third" | "3rd" => q = Some(3),
            "fourth" | "4th" | "final" => q = Some(4),
            "last" | "previous" | "past" => rel = Rel::Last,
            "this" | "current" => rel = Rel::This,
            "next" | "coming" => rel = Rel::Next,
            "year" | "ago" | "earlier" => year_ago = true,
            _ => {}
        }
    }
    let prev = ctx.prev_word();
    if words.is_empty()
        && matches!(
            prev.as_str(),
            "a" | "one" | "three" | "every" | "each" | "per"
        )
    {
        return None;
    }
    if period && y0.is_none() && !year_ago {
        return None;
    }
    if y0.is_some() || year_off != 0 {
        return Some(Sem::Quarter {
            q,
            y: y0.or(year(c, "y")),
            rel: Rel::None,
            year_off,
        });
    }
    if plural {
        if let Some(q) = q {
            return Some(Sem::Set(format!("XXXX-Q{q}")));
        }
        return None;
    }
    if year_ago {
        return Some(Sem::YearAgo);
    }
    // "the quarter", "the latest quarter", "the fourth quarter".
    if q.is_none() && rel == Rel::None && !words.contains(&"the") && !words.contains(&"latest") {
        return None;
    }
    if q.is_none() && rel != Rel::None {
        return Some(Sem::Shift {
            unit: Unit::Quarter,
            off: match rel {
                Rel::Last => -1,
                Rel::Next => 1,
                _ => 0,
            },
        });
    }
    Some(Sem::Quarter {
        q,
        y: year(c, "y"),
        rel,
        year_off: 0,
    })
}

fn build_half(c: &Captures, _: &Ctx) -> Option<Sem> {
    let o = g(c, "o")?.to_ascii_lowercase();
    let h = if o == "first" { 1 } else { 2 };
    Some(Sem::Half { h, y: year(c, "y") })
}

fn build_period(_: &Captures, _: &Ctx) -> Option<Sem> {
    Some(Sem::Quarter {
        q: None,
        y: None,
        rel: Rel::None,
        year_off: 0,
    })
}

fn build_year_ago(_: &Captures, _: &Ctx) -> Option<Sem> {
    Some(Sem::YearAgo)
}

fn build_season(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    let s = lexicon::season(g(c, "s")?)?;
    let relw = g(c, "rel");
    let y = year(c, "y");
    const SEASON_PREP: &[&str] = &[
        "in", "since", "until", "by", "during", "early", "late", "last", "next", "this", "each",
        "every", "through", "before", "after", "past",
    ];
    if relw.is_none() && y.is_none() && !SEASON_PREP.contains(&ctx.prev_word().as_str()) {
        return None;
    }
    Some(Sem::Season {
        s,
        y,
        rel: rel_of(relw),
    })
}

fn build_weekday(c: &Captures, _: &Ctx) -> Option<Sem> {
    let wd = lexicon::weekday(g(c, "wd")?)?;
    if g(c, "pl").is_some() {
        let p = part(c).map(|p| format!("T{p}")).unwrap_or_default();
        return Some(Sem::Set(format!("XXXX-WXX-{wd}{p}")));
    }
    Some(Sem::Weekday {
        wd,
        rel: rel_of(g(c, "rel")),
        part: part(c),
    })
}

fn build_weekday_date(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    build_month_day(c, ctx)
}

fn build_day_word(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    let w = g(c, "w")?.to_ascii_lowercase();
    // "in today's world", "the people of tomorrow": generic, not a day.
    let generic_prev = matches!(ctx.prev_word().as_str(), "in" | "of" | "for" | "the");
    if generic_prev && (ctx.after(2) == "'s" || (w == "tomorrow" && ctx.prev_word() == "of")) {
        return None;
    }
    let off = if w.contains("before yesterday") {
        -2
    } else if w.contains("after tomorrow") {
        2
    } else if w.starts_with("yesterday") {
        -1
    } else if w.starts_with("tomorrow") {
        1
    } else {
        0
    };
    Some(Sem::DayOffset { off, part: part(c) })
}

fn build_part_of_day(c: &Captures, _: &Ctx) -> Option<Sem> {
    let rel = g(c, "rel")?.to_ascii_lowercase();
    let p = part(c)?;
    let off = match rel.as_str() {
        "last" | "yesterday" => -1,
        "tomorrow" => 1,
        _ => 0,
    };
    Some(Sem::DayOffset { off, part: Some(p) })
}

fn build_ref(c: &Captures, _: &Ctx) -> Option<Sem> {
    let w = c.get(0)?.as_str().to_ascii_lowercase();
    let r = if w.contains("recent")
        || w.contains("previous")
        || w.contains("past")
        || w.contains("former")
        || w.contains("lately")
    {
        "PAST_REF"
    } else if w.contains("future") || w.contains("soon") {
        "FUTURE_REF"
    } else {
        "PRESENT_REF"
    };
    Some(Sem::Ref(r))
}

fn build_current(_: &Captures, ctx: &Ctx) -> Option<Sem> {
    // "current" as an adjective of time, not "electric current" or "current account".
    let next: String = ctx
        .after(20)
        .trim_start()
        .chars()
        .take_while(|ch| ch.is_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    if matches!(
        next.as_str(),
        "account" | "accounts" | "affairs" | "events" | "flows"
    ) {
        return None;
    }
    if matches!(
        ctx.prev_word().as_str(),
        "electric" | "ocean" | "the" | "a" | "strong"
    ) && next.is_empty()
    {
        return None;
    }
    Some(Sem::Ref("PRESENT_REF"))
}

fn shift_off(rel: &str) -> i64 {
    match rel_of(Some(rel)) {
        Rel::Last => -1,
        Rel::Next => 1,
        _ => 0,
    }
}

fn build_shift(c: &Captures, _: &Ctx) -> Option<Sem> {
    let unit = Unit::parse(g(c, "unit")?)?;
    let off = shift_off(g(c, "rel")?);
    if unit == Unit::Weekend {
        return Some(Sem::Shift { unit, off });
    }
    match unit {
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => None,
        Unit::Decade | Unit::Century => {
            let rel = g(c, "rel")?.to_ascii_lowercase();
            if rel.contains("past") || rel.contains("last") {
                Some(Sem::Duration(unit.duration(Amount::Exact(1.0))))
            } else {
                Some(Sem::Shift { unit, off })
            }
        }
        _ => Some(Sem::Shift { unit, off }),
    }
}

fn build_weekend(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    let _ = (c, ctx);
    Some(Sem::Shift {
        unit: Unit::Weekend,
        off: 0,
    })
}

fn build_ago(c: &Captures, _: &Ctx) -> Option<Sem> {
    let unit = Unit::parse(g(c, "unit")?)?;
    let n = amount(g(c, "n")?)?;
    let dir = g(c, "dir")?.to_ascii_lowercase();
    let sign = if dir == "ago" || dir == "earlier" || dir == "before" {
        -1
    } else {
        1
    };
    let n = match n {
        Amount::Exact(n) if n.fract() == 0.0 => n as i64,
        _ if dir == "later" || dir == "earlier" => return Some(Sem::Duration(unit.duration(n))),
        _ => return Some(Sem::Ref(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" })),
    };
    if n == 1 && unit == Unit::Year && sign < 0 {
        return Some(Sem::YearAgo);
    }
    // "three days later", "a day earlier" count from an event, not from the report: TimeML
    // annotates them as durations.
    if dir == "later" || dir == "earlier" {
        return Some(Sem::Duration(unit.duration(Amount::Exact(n as f64))));
    }
    let (unit, n) = match unit {
        Unit::Decade => (Unit::Year, n * 10),
        Unit::Century => (Unit::Year, n * 100),
        Unit::Weekend => (Unit::Week, n),
        u => (u, n),
    };
    Some(Sem::Shift {
        unit,
        off: sign * n,
    })
}

fn build_duration(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    let after = ctx.after(6).to_ascii_lowercase();
    if after.starts_with("-old") || after.starts_with(" old") || after.starts_with("s-old") {
        return None;
    }
    let unit_word = g(c, "unit")?;
    let unit = Unit::parse(unit_word)?;
    let n_text = g(c, "n")?.to_ascii_lowercase();
    let mut n = amount(&n_text)?;
    if unit_word.to_ascii_lowercase().starts_with("fortnight") {
        if let Amount::Exact(x) = n {
            n = Amount::Exact(x * 2.0);
        }
    }
    // "a quarter" is a fraction, not three months; "one day" is often "some day".
    if unit == Unit::Quarter
        && (matches!(n_text.as_str(), "a" | "an" | "one")
            || matches!(n_text.as_str(), "two" | "three")
                && ctx.after(4).to_ascii_lowercase().starts_with(" of"))
    {
        return None;
    }
    // "a second group": the ordinal, not one second.
    if unit == Unit::Second && matches!(n_text.as_str(), "a" | "an") {
        return None;
    }
    let unit_plural = unit_word.to_ascii_lowercase().ends_with('s')
        || unit_word.to_ascii_lowercase().ends_with("ies");
    if matches!(n, Amount::Exact(x) if x == 1.0) && unit_plural {
        return None;
    }
    let lead = g(c, "lead").map(|w| w.to_ascii_lowercase());
    // "the past two years" is a duration; "the first nine months" too.
    let _ = lead;
    Some(Sem::Duration(unit.duration(n)))
}

fn build_vague_plural(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    let unit = Unit::parse(g(c, "unit")?)?;
    if g(c, "lead").is_none() {
        let prev = ctx.prev_word();
        if !matches!(
            prev.as_str(),
            "for"
                | "within"
                | "over"
                | "took"
                | "take"
                | "takes"
                | "lasted"
                | "spent"
                | "after"
                | "the"
        ) {
            return None;
        }
    }
    if ctx.after(4).to_ascii_lowercase().starts_with("-old") {
        return None;
    }
    Some(Sem::Duration(unit.duration(Amount::Vague)))
}

fn build_recent_unit(c: &Captures, _: &Ctx) -> Option<Sem> {
    let unit = Unit::parse(g(c, "unit")?)?;
    if unit == Unit::Year {
        return Some(Sem::Ref("PAST_REF"));
    }
    Some(Sem::Duration(unit.duration(Amount::Vague)))
}

fn build_set_adverb(c: &Captures, _: &Ctx) -> Option<Sem> {
    let w = c.get(0)?.as_str().to_ascii_lowercase();
    let v = match w.as_str() {
        "daily" | "nightly" => "P1D",
        "weekly" => "P1W",
        "biweekly" => "P2W",
        "monthly" => "P1M",
        "quarterly" => "P3M",
        "annually" | "yearly" | "annual" => "P1Y",
        "hourly" => "PT1H",
        _ => return None,
    };
    Some(Sem::Set(v.to_string()))
}

fn build_every(c: &Captures, _: &Ctx) -> Option<Sem> {
    if let Some(wd) = g(c, "wd").and_then(lexicon::weekday) {
        return Some(Sem::Set(format!("XXXX-WXX-{wd}")));
    }
    if let Some(m) = g(c, "mon").and_then(lexicon::month) {
        return Some(Sem::Set(format!("XXXX-{m:02}")));
    }
    let unit = Unit::parse(g(c, "unit")?)?;
    let n = match g(c, "n") {
        Some(n) if n.eq_ignore_ascii_case("other") => Amount::Exact(2.0),
        Some(n) => amount(n)?,
        None => Amount::Exact(1.0),
    };
    if unit == Unit::Quarter {
        return Some(Sem::Set("P1Q".into()));
    }
    Some(Sem::Set(unit.duration(n)))
}

fn build_rate(c: &Captures, ctx: &Ctx) -> Option<Sem> {
    // "$5 million a year", "20 percent a year": a rate after an amount.
    let before = ctx.before(24).to_ascii_lowercase();
    let amounty = before.trim_end().ends_with(|ch: char| ch.is_ascii_digit())
        || [
            "million", "billion", "percent", "%", "dollars", "times", "cents", "tons", "barrels",
        ]
        .iter()
        .any(|w| before.trim_end().ends_with(w));
    if !amounty {
        return None;
    }
    let unit = Unit::parse(g(c, "unit")?)?;
    Some(Sem::Set(unit.duration(Amount::Exact(1.0))))
}

fn build_clock(c: &Captures, _: &Ctx) -> Option<Sem> {
    let mut h: u32 = g(c, "h")?.parse().ok()?;
    let m: u32 = match g(c, "mi") {
        Some(m) => m.parse().ok()?,
        None => 0,
    };
    let ap = g(c, "ap").unwrap_or("").to_ascii_lowercase();
    if h > 12 && !ap.is_empty() || h > 23 || m > 59 {
        return None;
    }
    if ap.starts_with('p') && h < 12 {
        h += 12;
    }
    if ap.starts_with('a') && h == 12 {
        h = 0;
    }
    Some(Sem::Clock { h, m, on: None })
}

fn build_noon(c: &Captures, _: &Ctx) -> Option<Sem> {
    let w = g(c, "w")?.to_ascii_lowercase();
    let h = if w == "midnight" { 24 } else { 12 };
    Some(Sem::Clock { h, m: 0, on: None })
}

fn build_holiday(c: &Captures, _: &Ctx) -> Option<Sem> {
    let w = g(c, "h")?.to_ascii_lowercase();
    let s = |m, d| Some(Sem::Holiday { m, d, nth_wd: None });
    match w.as_str() {
        _ if w.starts_with("christmas eve") => s(12, 24),
        _ if w.starts_with("christmas") => s(12, 25),
        _ if w.starts_with("new year's eve") => s(12, 31),
        _ if w.starts_with("new year") => s(1, 1),
        _ if w.starts_with("independence") => s(7, 4),
        _ if w.starts_with("halloween") => s(10, 31),
        _ if w.starts_with("valentine") => s(2, 14),
        _ if w.starts_with("thanksgiving") => Some(Sem::Holiday {
            m: 11,
            d: 0,
            nth_wd: Some((4, 4)),
        }),
        _ if w.starts_with("labor") => Some(Sem::Holiday {
            m: 9,
            d: 0,
            nth_wd: Some((1, 1)),
        }),
        _ if w.starts_with("memorial") => Some(Sem::Holiday {
            m: 5,
            d: 0,
            nth_wd: Some((-1, 1)),
        }),
        _ => None,
    }
}

fn build_year_end(_: &Captures, _: &Ctx) -> Option<Sem> {
    Some(Sem::YearEnd)
}

fn build_future_past(c: &Captures, _: &Ctx) -> Option<Sem> {
    let w = c.get(0)?.as_str().to_ascii_lowercase();
    Some(Sem::Ref(if w.contains("future") || w.contains("term") {
        "FUTURE_REF"
    } else {
        "PAST_REF"
    }))
}

fn build_century(c: &Captures, _: &Ctx) -> Option<Sem> {
    let n: i32 = g(c, "n")?.parse().ok()?;
    (1..=30).contains(&n).then(|| Sem::Literal {
        kind: "date",
        value: format!("{:02}", n - 1),
    })
}

fn build_that(c: &Captures, _: &Ctx) -> Option<Sem> {
    Some(Sem::That(Unit::parse(g(c, "unit")?)?))
}

fn build_the_year(c: &Captures, _: &Ctx) -> Option<Sem> {
    let w = c.get(0)?.as_str().to_ascii_lowercase();
    if w.contains("full") || w.contains("current") {
        return Some(Sem::Shift {
            unit: Unit::Year,
            off: 0,
        });
    }
    if w.ends_with("week") {
        return Some(Sem::Shift {
            unit: Unit::Week,
            off: 0,
        });
    }
    Some(Sem::Duration("P1Y".into()))
}

/// Modifiers kept inside a span ("about a decade", "at least 30 days").
const DUR_MOD: &str = r"(?:about|around|almost|nearly|roughly|approximately|some|more than|less than|fewer than|up to|at least|at most|no more than|no less than|only|just|barely|another|an additional|the full|a full|the entire|an entire)";

/// Modifiers of a month, year or relative period kept inside its span.
const POS_MOD: &str = r"(?:early|late|mid|the end of|the beginning of|the start of|the middle of|the rest of|end of|beginning of|start of|middle of|the first half of|the second half of|the latter half of|the latter part of|the early part of)";

/// The rule table, compiled once. Order breaks ties between equally long matches.
pub fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        type Spec = (&'static str, String, Build, Needs);
        let specs: Vec<Spec> = vec![
            (
                "month-day-year",
                format!(
                    r"\b(?:{WEEKDAY},?\s+(?:the\s+)?)?(?P<mon>{MONTH_ANY})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>1\d{{3}}|20\d\d)\b)?"
                ),
                build_month_day,
                Needs::digit_and(MONTH_STEMS, true),
            ),
            (
                "day-month-year",
                format!(
                    r"\b(?:{WEEKDAY},?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH_ANY})(?:,?\s+(?P<y>1\d{{3}}|20\d\d)\b)?"
                ),
                build_month_day,
                Needs::digit_and(MONTH_STEMS, true),
            ),
            (
                "weekday-date",
                format!(
                    r"\b{WEEKDAY},?\s+(?P<mon>{MONTH_ANY})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>1\d{{3}}|20\d\d)\b)?"
                ),
                build_weekday_date,
                Needs::digit_and(WEEKDAYS, true),
            ),
            (
                "iso-date",
                r"\b(?P<y>1\d{3}|20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b".to_string(),
                build_numeric,
                Needs::digit_and(&["-"], false),
            ),
            (
                "numeric-date",
                r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d\d)\b".to_string(),
                build_numeric,
                Needs::digit_and(&["/"], false),
            ),
            (
                "month-year",
                format!(
                    r"\b(?:(?i:{POS_MOD})[\s-]+)?(?P<mon>{MONTH_FULL}|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)(?:\s+of)?,?\s+(?P<y>1\d{{3}}|20\d\d)\b"
                ),
                build_month_year,
                Needs::digit_and(MONTH_STEMS, true),
            ),
            (
                "month",
                format!(
                    r"\b(?:(?P<rel>(?i:last|next|this past|this coming|this|past|coming))\s+)?(?:(?P<mod>(?i:{POS_MOD}))[\s-]+)?(?P<mon>{MONTH_FULL})\b(?:\s+(?P<ry>(?i:this|last|next))\s+(?i:year)\b)?"
                ),
                build_month,
                Needs::cased(MONTHS),
            ),
            (
                "year",
                format!(
                    r"\b(?:(?i:(?P<half>the first half of|the second half of|first half of|second half of)|{POS_MOD}|fiscal year|fiscal|calendar year|calendar|the year|model year|post|pre)[\s-]+)?(?P<y>1[5-9]\d\d|20\d\d)\b"
                ),
                build_year,
                DIGIT,
            ),
            (
                "decade",
                r"\b(?:(?i:the)\s+)?(?:(?i:early|mid|late)[\s-]+)?(?P<dec>1\d\d0|20\d0)'?s\b".to_string(),
                build_decade,
                Needs::digit_and(&["0s", "0's"], false),
            ),
            (
                "word-decade",
                r"\b(?i:the)\s+(?:(?i:early|mid|late)[\s-]+)?(?P<w>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b".to_string(),
                build_word_decade,
                Needs::any(&["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]),
            ),
            (
                "spelled-year",
                r"(?i)\b(?:the\s+year\s+)?(?P<hi>nineteen|eighteen)[\s-]+(?P<lo>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b".to_string(),
                build_spelled_year,
                Needs::any(&["nineteen", "eighteen"]),
            ),
            (
                "two-thousand",
                r"(?i)\b(?:the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?(?P<lo>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?))?\b".to_string(),
                build_two_thousand,
                Needs::any(&["thousand"]),
            ),
            (
                "quarter",
                r"(?i)\b(?P<pre>(?:the\s+)?(?:(?P<ry>this|last|next)\s+year's\s+)?(?:(?P<y0>1\d{3}|20\d\d)\s+)?(?:(?:fiscal|calendar|latest|last|past|previous|current|this|next|same|comparable|corresponding|year[\s-]earlier|year[\s-]ago|first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+){0,3})(?P<qw>quarter|period)(?P<pl>s)?\b(?:(?:\s+of|,)?\s+(?:fiscal\s+)?(?P<y>1\d{3}|20\d\d)\b)?".to_string(),
                build_quarter,
                Needs::any(&["quarter", "period"]),
            ),
            (
                "half",
                r"(?i)\b(?:the\s+)?(?:fiscal\s+)?(?P<o>first|second|latter)[\s-]+half\b(?:\s+of\s+(?:fiscal\s+)?(?P<y>1\d{3}|20\d\d)\b)?".to_string(),
                build_half,
                Needs::any(&["half"]),
            ),
            (
                "period",
                r"(?i)\b(?:the\s+)?(?:latest|most recent|recent|current)\s+(?:period|quarter)\b".to_string(),
                build_period,
                Needs::any(&["period", "quarter"]),
            ),
            (
                "year-ago-period",
                r"(?i)\b(?:(?:the|a)\s+)?(?:year[\s-]earlier|year[\s-]ago|prior[\s-]year|year-before)\s+(?:period|quarter)\b|\b(?:year-earlier|year-ago)\b|\b(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|quarter)\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+(?:the\s+)?(?:previous|prior)\s+year)\b|\blast\s+year's\s+(?:quarter|period)\b".to_string(),
                build_year_ago,
                Needs::any(&["year", "period", "quarter"]),
            ),
            (
                "season",
                r"(?i)\b(?:(?P<rel>last|next|this past|this coming|this|early|late|mid|the)[\s-]+)?(?P<s>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?P<y>1\d{3}|20\d\d)\b)?".to_string(),
                build_season,
                Needs::any(&["spring", "summer", "fall", "autumn", "winter"]),
            ),
            (
                "weekday",
                format!(
                    r"\b(?:(?P<rel>(?i:last|next|this past|this coming|this|coming|early|late))\s+)?(?P<wd>{WEEKDAY})(?P<pl>s)?(?:,?\s+(?P<part>(?i:morning|afternoon|evening|night)))?\b"
                ),
                build_weekday,
                Needs::cased(WEEKDAYS),
            ),
            (
                "day-word",
                r"(?i)\b(?:(?:early|late|earlier|later)\s+)?(?P<w>today|tonight|yesterday|tomorrow|the day before yesterday|the day after tomorrow)(?:\s+(?P<part>morning|afternoon|evening|night))?\b".to_string(),
                build_day_word,
                Needs::any(&["today", "tonight", "yesterday", "tomorrow"]),
            ),
            (
                "part-of-day",
                r"(?i)\b(?:(?:early|late|later|earlier)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+(?P<part>morning|afternoon|evening|night)\b".to_string(),
                build_part_of_day,
                Needs::any(&["morning", "afternoon", "evening", "night"]),
            ),
            (
                "present",
                r"(?i)\b(?:right now|just now|now|currently|at present|these days|nowadays|at the moment)\b".to_string(),
                build_ref,
                Needs::any(&["now", "currently", "present", "days", "moment"]),
            ),
            (
                "current",
                r"(?i)\bcurrent\b".to_string(),
                build_current,
                Needs::any(&["current"]),
            ),
            (
                "past-ref",
                r"(?i)\b(?:recently|lately)\b".to_string(),
                build_ref,
                Needs::any(&["recently", "lately"]),
            ),
            (
                "future-past",
                r"(?i)\bthe\s+(?:near\s+|distant\s+)?(?:future|past)\b|\bthe\s+(?:near|short)\s+term\b|\bpast\s+years\b".to_string(),
                build_future_past,
                Needs::any(&["future", "past", "term"]),
            ),
            (
                "shift",
                format!(
                    r"(?i)\b(?:(?:{POS_MOD}|earlier|later)[\s-]+)?(?P<rel>last|next|this|this past|this coming|the past|the last|the coming|the next|the previous|the following|the current|past|previous|coming|current)\s+(?P<unit>week|weekend|month|year|decade|century)\b"
                ),
                build_shift,
                Needs::any(&["week", "month", "year", "decade", "century"]),
            ),
            (
                "weekend",
                r"(?i)\b(?:the|this)\s+weekend\b".to_string(),
                build_weekend,
                Needs::any(&["weekend"]),
            ),
            (
                "year-end",
                r"(?i)\byear[\s-]end\b".to_string(),
                build_year_end,
                Needs::any(&["year"]),
            ),
            (
                "ago",
                format!(
                    r"(?i)\b(?:(?:about|almost|nearly|more than|less than|some|roughly|just|only|over|barely)\s+)?(?P<n>{NUM})[\s-]+(?P<unit>{UNIT})\s+(?P<dir>ago|earlier|later|from now|hence)\b"
                ),
                build_ago,
                Needs::any(&["ago", "earlier", "later", "now", "hence"]),
            ),
            (
                "every",
                format!(
                    r"(?i)\b(?:every|each|per)\s+(?:(?P<n>{NUM}|other)\s+)?(?:(?P<unit>{UNIT})|(?P<wd>{WEEKDAY})|(?P<mon>{MONTH_FULL}))\b"
                ),
                build_every,
                Needs::any(&["every", "each", "per"]),
            ),
            (
                "set-adverb",
                r"(?i)\b(?:daily|nightly|weekly|biweekly|monthly|yearly|hourly)\b".to_string(),
                build_set_adverb,
                Needs::any(&["daily", "night", "week", "month", "year", "hour"]),
            ),
            (
                "rate",
                r"(?i)\b(?:a|an|per)\s+(?P<unit>day|week|month|year|hour)\b".to_string(),
                build_rate,
                Needs::any(&["day", "week", "month", "year", "hour"]),
            ),
            (
                "duration",
                format!(
                    r"(?i)\b(?:{DUR_MOD}\s+)?(?:(?P<lead>the|these|those|its|their|his|her)\s+)?(?:(?:past|last|next|first|coming|previous|following|final|latest|remaining|additional|further|other|initial|same)\s+)?(?P<n>{NUM})(?:\s+(?:to|or)\s+{NUM})?(?:\s+(?:more|additional|full|straight|consecutive|long|trading|business|working|calendar|extra))?\s+(?P<unit>{UNIT})(?:\s+or\s+so)?\b"
                ),
                build_duration,
                Needs::any(UNITS),
            ),
            (
                "duration-adjective",
                format!(
                    r"(?i)\b(?:{DUR_MOD}\s+)?(?P<n>{NUM})-(?P<unit>{UNIT})(?:-long)?\b"
                ),
                build_duration,
                Needs::any(UNITS),
            ),
            (
                "vague-plural",
                r"(?i)\b(?:(?P<lead>the\s+(?:past|last|next|coming|following|previous)|recent|coming)\s+)?(?P<unit>minutes|hours|days|weeks|months|years|decades|centuries)\b".to_string(),
                build_vague_plural,
                Needs::any(UNITS),
            ),
            (
                "recent-unit",
                r"(?i)\brecent\s+(?P<unit>weeks|months|years|decades)\b".to_string(),
                build_recent_unit,
                Needs::any(&["recent"]),
            ),
            (
                "century",
                r"(?i)\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b".to_string(),
                build_century,
                Needs::any(&["century"]),
            ),
            (
                "that",
                r"(?i)\b(?:(?:earlier|later|early|late)\s+(?:in\s+)?)?that\s+(?:same\s+)?(?P<unit>day|week|month|year|quarter)\b".to_string(),
                build_that,
                Needs::any(&["day", "week", "month", "year", "quarter"]),
            ),
            (
                "the-year",
                r"(?i)\b(?:the|this)\s+(?:(?:full|current)\s+)?(?:fiscal\s+)?year\b".to_string(),
                build_the_year,
                Needs::any(&["year"]),
            ),
            (
                "clock",
                r"(?i)\b(?:(?:about|around|approximately|shortly after|shortly before|just after|just before|roughly)\s+)?(?P<h>\d{1,2})(?::(?P<mi>\d\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am\b|pm\b|a\.m\b|p\.m\b)(?:\s+(?:[A-Z]{2,4}T|GMT|UTC)\b)?".to_string(),
                build_clock,
                Needs::digit_and(&["am", "pm", "a.m", "p.m"], false),
            ),
            (
                "clock-24",
                r"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?:\s+(?:GMT|UTC|[A-Z]{2,4}T)\b)".to_string(),
                build_clock,
                Needs::digit_and(&[":"], false),
            ),
            (
                "noon",
                r"(?i)\b(?P<w>noon|midday|midnight)\b".to_string(),
                build_noon,
                Needs::any(&["noon", "midday", "midnight"]),
            ),
            (
                "holiday",
                r"\b(?P<h>Christmas(?: (?:Day|Eve))?|New Year's(?: (?:Day|Eve))?|Thanksgiving(?: Day)?|Independence Day|Halloween|Valentine's Day|Labor Day|Memorial Day)".to_string(),
                build_holiday,
                Needs::cased(&["Christmas", "Year", "Thanksgiving", "Day", "Halloween"]),
            ),
        ];
        specs
            .into_iter()
            // ASCII word boundaries keep every rule on the regex crate's lazy DFA: a Unicode
            // `\b` makes it give up on the first non-ASCII byte (curly quotes, dashes) and
            // fall back to the much slower PikeVM over the whole text.
            .filter_map(|(name, pat, build, needs)| match Regex::new(&pat.replace(r"\b", r"(?-u:\b)")) {
                Ok(re) => Some(Rule { re, build, needs }),
                Err(e) => {
                    debug_assert!(false, "bad time rule {name}: {e}");
                    None
                }
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_compiles() {
        assert_eq!(rules().len(), 42);
    }
}
