//! Dates and times as news text writes them -> [`PubTime`], keeping the precision and the
//! offset that were given. Shared by the plain-text and HTML readers.
//!
//! Read forms (case-insensitive, with an optional weekday in front):
//! - ISO 8601 / RFC 3339: `2025-03-14`, `2025-03-14T21:50:49`, `2025-03-14T21:50:49.5+02:00`,
//!   `2025-03-14 21:50Z`; a bare `2025-03` (whole string only) is a month;
//! - RFC 2822 and browser dumps: `Fri, 14 Mar 2025 18:53:14 GMT`,
//!   `Fri Mar 14 2025 21:50:49 GMT+0200 (Eastern European Standard Time)`;
//! - written dates: `14th March 2025`, `14 of March, 2025`, `14-Mar-2025`, `March 14, 2025`,
//!   `Mar. 14 2025`, `March 2025` (a month);
//! - numeric: `2025/03/14`, `2025.03.14`, `14/03/2025`, `14.03.2025`, `03/14/25`;
//! - a time after the date (`, 10:30`, ` at 10:30 a.m.`, `T10:30:00`) or before it
//!   (`10:30 AM EDT, Fri March 14, 2025`), with a zone: `Z`, `+02:00`, `+0200`, `GMT+2`,
//!   `UTC-05:00`, or an abbreviation from [`zone_offset`].
//!
//! Rules:
//! - **Never the clock.** Nothing is filled from "now": a date without a year is not a date.
//! - **Precision is kept.** A date stays [`PubTime::Date`], a month [`PubTime::Month`], a time
//!   without zone [`PubTime::Local`], a time with a zone [`PubTime::Zoned`] at that offset.
//! - **Ambiguous numeric dates are day-first** (`03/04/2025` is 3 April), the order most of the
//!   world's press uses, unless it is clearly US: the second number is above 12
//!   (`03/14/2025`), the same expression carries a US zone (`EDT`, `PT`...), or the caller asks
//!   for [`DateOrder::MonthFirst`] (e.g. a page declared `en-US`).
//! - US generic zones (`ET`, `CT`, `MT`, `PT`) follow US daylight-saving dates (second Sunday
//!   of March to first Sunday of November) of the date they qualify.
//! - Two-digit years: `00`-`69` are 20xx, `70`-`99` 19xx. Four-digit years must be 1800-2199.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use model::{PubTime, Span};
use regex::Regex;
use std::sync::LazyLock;
use text::month_number;

/// How to read an ambiguous all-numeric date such as `03/04/2025`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// 3 April (the default).
    #[default]
    DayFirst,
    /// March 4 (US usage).
    MonthFirst,
}

/// Reads a string that is a date or time (and nothing else but a label such as `Published:`,
/// `Updated on`, a weekday or a parenthesised zone name). Day-first for ambiguous numbers.
///
/// ```
/// use extract::dates::parse_datetime;
/// assert_eq!(parse_datetime("14th March 2025").unwrap().to_string(), "2025-03-14");
/// assert_eq!(
///     parse_datetime("Fri Mar 14 2025 21:50:49 GMT+0200 (Eastern European Standard Time)")
///         .unwrap()
///         .to_string(),
///     "2025-03-14T21:50:49+02:00"
/// );
/// assert!(parse_datetime("on Friday").is_none());
/// ```
pub fn parse_datetime(s: &str) -> Option<PubTime> {
    parse_datetime_with(s, DateOrder::DayFirst)
}

/// [`parse_datetime`] with an explicit order for ambiguous numeric dates.
pub fn parse_datetime_with(s: &str, order: DateOrder) -> Option<PubTime> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 || !two_digits(s) {
        return None;
    }
    if let Some(c) = MONTH_ONLY.captures(s) {
        let year: i32 = c[1].parse().ok()?;
        let month: u32 = c[2].parse().ok()?;
        return ((1..=12).contains(&month) && valid_year(year))
            .then_some(PubTime::Month { year, month });
    }
    let (t, span) = find_dates_with(s, order).into_iter().next()?;
    let before = &s[..span.start];
    let after = &s[span.end..];
    (LABEL_PREFIX.is_match(before) && TRAILER.is_match(after)).then_some(t)
}

/// The first date (with its time and zone when written next to it) inside `text`, and its
/// byte span in `text`. Day-first for ambiguous numbers.
///
/// ```
/// use extract::dates::find_date;
/// let line = "date 2025-03-14 Shafaq News/ On Friday";
/// let (t, span) = find_date(line).unwrap();
/// assert_eq!(t.to_string(), "2025-03-14");
/// assert_eq!(&line[span.start..span.end], "2025-03-14");
/// ```
pub fn find_date(text: &str) -> Option<(PubTime, Span)> {
    find_dates_with(text, DateOrder::DayFirst)
        .into_iter()
        .next()
}

/// Every date in `text`, in order, without overlaps.
pub fn find_dates(text: &str) -> Vec<(PubTime, Span)> {
    find_dates_with(text, DateOrder::DayFirst)
}

/// [`find_dates`] with an explicit order for ambiguous numeric dates.
pub fn find_dates_with(text: &str, order: DateOrder) -> Vec<(PubTime, Span)> {
    if !two_digits(text) {
        return Vec::new();
    }
    let mut cores = cores(text);
    cores.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut out: Vec<(PubTime, Span)> = Vec::new();
    let mut taken_to = 0;
    for c in cores {
        if c.start < taken_to {
            continue;
        }
        if let Some((t, span)) = extend(text, &c, order) {
            if span.start < taken_to {
                continue;
            }
            taken_to = span.end;
            out.push((t, span));
        }
    }
    out
}

/// The UTC offset of a zone abbreviation (upper case, as written: `EDT`, `CEST`, `GMT`), for
/// the given date when the abbreviation is a generic US zone (`ET`, `PT`...). `None` for
/// unknown or ambiguous ones (`IST`).
pub fn zone_offset(abbr: &str, date: NaiveDate) -> Option<FixedOffset> {
    let minutes = match abbr {
        "ET" | "CT" | "MT" | "PT" | "AKT" => {
            let standard = match abbr {
                "ET" => -300,
                "CT" => -360,
                "MT" => -420,
                "PT" => -480,
                _ => -540,
            };
            standard + if us_dst(date) { 60 } else { 0 }
        }
        _ => ZONES.iter().find(|(z, _)| *z == abbr)?.1,
    };
    FixedOffset::east_opt(minutes * 60)
}

/// Zone abbreviations with a single usual meaning in English-language news, in minutes east of
/// UTC. `CST` is the US one; `IST` (India, Ireland, Israel) is left out as ambiguous.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("UT", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("WAT", 60),
    ("EET", 120),
    ("EEST", 180),
    ("CAT", 120),
    ("SAST", 120),
    ("EAT", 180),
    ("MSK", 180),
    ("TRT", 180),
    ("AST", -240),
    ("ADT", -180),
    ("GST", 240),
    ("PKT", 300),
    ("ICT", 420),
    ("WIB", 420),
    ("SGT", 480),
    ("HKT", 480),
    ("AWST", 480),
    ("JST", 540),
    ("KST", 540),
    ("ACST", 570),
    ("ACDT", 630),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
    ("HST", -600),
    ("AKST", -540),
    ("AKDT", -480),
    ("PST", -480),
    ("PDT", -420),
    ("MST", -420),
    ("MDT", -360),
    ("CST", -360),
    ("CDT", -300),
    ("EST", -300),
    ("EDT", -240),
    ("NST", -210),
    ("NDT", -150),
    ("BRT", -180),
    ("ART", -180),
];

const US_ZONES: &[&str] = &[
    "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST", "ET", "CT",
    "MT", "PT", "AKT",
];

/// US daylight saving time (rules since 2007): second Sunday of March to first Sunday of
/// November.
fn us_dst(date: NaiveDate) -> bool {
    let y = date.year();
    let start = NaiveDate::from_weekday_of_month_opt(y, 3, Weekday::Sun, 2);
    let end = NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Sun, 1);
    match (start, end) {
        (Some(s), Some(e)) => s <= date && date < e,
        _ => false,
    }
}

const MONTH: &str = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// Two ASCII digits in a row: every date form has a year of four digits or a two-digit one
/// after two separators, read with `str::parse` (which takes ASCII digits only), so text
/// without them holds no date and the patterns need not run.
fn two_digits(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit())
}

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file, checked by the tests.
    Regex::new(pattern).expect("valid date pattern")
}

static MONTH_ONLY: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})-(\d{2})$"));
static ISO: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{4})-(\d{1,2})-(\d{1,2})"));
static YMD: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{4})([/.])(\d{1,2})([/.])(\d{1,2})\b"));
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})\b"));
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+{MONTH}\.?,?[\s-]+(\d{{4}})\b"
    ))
});
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
});
static MY: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)\b{MONTH}\.?,?\s+(\d{{4}})\b")));
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:T|\s*(?:,|\bat\b|[-–|])?\s*)(?:(\d{1,2}):([0-5]\d)(?::([0-5]\d)(?:[.,]\d+)?)?(?:\s*([ap])\.?\s?m(?:\.|\b))?|(\d{1,2})\s*([ap])\.?\s?m(?:\.|\b))",
    )
});
static TIME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?:\s*([ap])\.?\s?m\.?)?|\b(\d{1,2})\s*([ap])\.?\s?m\.?)(\s*(?-i:[A-Z]{1,5})(?:\s*[+\-−]\d{1,2}(?::?\d{2})?)?|\s*[+\-−]\d{1,2}(?::?\d{2})?)?\s*(?:,|\bon\b|\|)?\s*$",
    )
});
static ZONE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\s*(?:(?:(GMT|UTC|UT)\s?)?([+\-−])(\d{1,2})(?::?(\d{2}))?\b|([A-Z]{1,5})\b)")
});
static COMMENT: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*\([^()]{1,60}\)"));
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+$",
    )
});
static LABEL_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[\s\-–—|:,(\[]*(?:(?:last|first|originally)?\s*(?:published|updated|modified|posted|created|date[d]?|issued|on|at)\b[\s:,\-–—|]*)*$",
    )
});
static TRAILER: LazyLock<Regex> = LazyLock::new(|| re(r"^[\s.,;:|)\]]*$"));

/// A date found in the text before time and zone are looked at.
#[derive(Debug)]
struct Core {
    start: usize,
    end: usize,
    kind: CoreKind,
}

#[derive(Debug)]
enum CoreKind {
    Day(NaiveDate),
    /// Numeric `a/b/year` whose order is settled once the zone is known.
    Ambiguous(u32, u32, i32),
    Month(i32, u32),
}

fn valid_year(y: i32) -> bool {
    (1800..=2199).contains(&y)
}

/// A month name is a date part only when capitalised ("May 2025", "MAY 2025"), so that the
/// verb "may" and similar words are not read as months.
fn month_word(name: &str) -> Option<u32> {
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    month_number(name)
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.parse().ok()
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !valid_year(y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn cores(text: &str) -> Vec<Core> {
    let mut out = Vec::new();
    let mut push = |start: usize, end: usize, kind: Option<CoreKind>| {
        if let Some(kind) = kind {
            out.push(Core { start, end, kind });
        }
    };
    for c in ISO.captures_iter(text) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        if text[m.end..].starts_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        let kind = (|| {
            let d = day(num(&c[1])?, num(&c[2])?, num(&c[3])?)?;
            Some(CoreKind::Day(d))
        })();
        push(m.start, m.end, kind);
    }
    for c in YMD.captures_iter(text) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        if c[2] != c[4] {
            continue;
        }
        let kind = (|| Some(CoreKind::Day(day(num(&c[1])?, num(&c[3])?, num(&c[5])?)?)))();
        push(m.start, m.end, kind);
    }
    for c in NUMERIC.captures_iter(text) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        if c[2] != c[4] || (c[5].len() == 2 && &c[2] != "/") {
            continue;
        }
        let kind = (|| {
            let a: u32 = num(&c[1])?;
            let b: u32 = num(&c[3])?;
            let mut y: i32 = num(&c[5])?;
            if c[5].len() == 2 {
                y += if y < 70 { 2000 } else { 1900 };
            }
            // At least one reading must be a real date.
            (day(y, b, a).is_some() || day(y, a, b).is_some())
                .then_some(CoreKind::Ambiguous(a, b, y))
        })();
        push(m.start, m.end, kind);
    }
    // Day-month-year and month-day-year: the same reading with the groups in another order
    // (capture indexes of day, month word, year).
    for (re, (d, mo, y)) in [(&*DMY, (1, 2, 3)), (&*MDY, (2, 1, 3))] {
        for c in re.captures_iter(text) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            let kind = (|| {
                Some(CoreKind::Day(day(
                    num(&c[y])?,
                    month_word(&c[mo])?,
                    num(&c[d])?,
                )?))
            })();
            push(m.start, m.end, kind);
        }
    }
    for c in MY.captures_iter(text) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let kind = (|| {
            let y: i32 = num(&c[2])?;
            let mo = month_word(&c[1])?;
            valid_year(y).then_some(CoreKind::Month(y, mo))
        })();
        push(m.start, m.end, kind);
    }
    out
}

/// A time of day read from captures: hour, minute, second and an optional am/pm letter.
fn clock(
    h: Option<&str>,
    mi: Option<&str>,
    s: Option<&str>,
    ap: Option<&str>,
) -> Option<NaiveTime> {
    let mut h: u32 = num(h?)?;
    let mi: u32 = mi.map_or(Some(0), num)?;
    let s: u32 = s.map_or(Some(0), num)?;
    if let Some(ap) = ap {
        if !(1..=12).contains(&h) {
            return None;
        }
        let pm = ap.eq_ignore_ascii_case("p");
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    NaiveTime::from_hms_opt(h, mi, s)
}

/// A zone written as an offset or an abbreviation: its offset in seconds, or the abbreviation
/// when it needs the date (generic US zones), plus whether it is a US zone.
#[derive(Debug, Clone)]
enum Zone {
    Offset(i32),
    Abbr(String),
}

/// Reads a zone at the start of `s`; returns it and the length consumed.
fn zone_at(s: &str) -> Option<(Zone, usize)> {
    let c = ZONE.captures(s)?;
    let len = c.get(0)?.end();
    if let Some(sign) = c.get(2) {
        let h: i32 = num(&c[3])?;
        let m: i32 = c.get(4).map_or(Some(0), |m| num(m.as_str()))?;
        if h > 14 || m > 59 {
            return None;
        }
        let secs = (h * 60 + m) * 60;
        let secs = if sign.as_str() == "+" { secs } else { -secs };
        return Some((Zone::Offset(secs), len));
    }
    let abbr = c.get(5)?.as_str();
    let known = ZONES.iter().any(|(z, _)| *z == abbr) || US_ZONES.contains(&abbr);
    known.then(|| (Zone::Abbr(abbr.to_string()), len))
}

fn is_us(zone: &Option<Zone>) -> bool {
    matches!(zone, Some(Zone::Abbr(a)) if US_ZONES.contains(&a.as_str()))
}

fn offset_of(zone: &Zone, date: NaiveDate) -> Option<FixedOffset> {
    match zone {
        Zone::Offset(secs) => FixedOffset::east_opt(*secs),
        Zone::Abbr(a) => zone_offset(a, date),
    }
}

/// The char boundary at most `n` bytes before `at`.
fn back(text: &str, at: usize, n: usize) -> usize {
    let mut i = at.saturating_sub(n);
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Grows a core date with the weekday and time before it, the time, zone and parenthesised
/// zone name after it, and builds the [`PubTime`].
fn extend(text: &str, core: &Core, order: DateOrder) -> Option<(PubTime, Span)> {
    let mut start = core.start;
    let mut end = core.end;
    // Only a short stretch before the date is looked at, so long texts stay linear.
    let from = back(text, start, 24);
    if let Some(m) = WEEKDAY.find(&text[from..start]) {
        start = from + m.start();
    }
    let mut time: Option<NaiveTime> = None;
    let mut zone: Option<Zone> = None;
    if !matches!(core.kind, CoreKind::Month(..)) {
        if let Some(c) = TIME_AFTER.captures(&text[end..]) {
            let t = if c.get(1).is_some() {
                clock(
                    c.get(1).map(|m| m.as_str()),
                    c.get(2).map(|m| m.as_str()),
                    c.get(3).map(|m| m.as_str()),
                    c.get(4).map(|m| m.as_str()),
                )
            } else {
                clock(
                    c.get(5).map(|m| m.as_str()),
                    None,
                    None,
                    c.get(6).map(|m| m.as_str()),
                )
            };
            if let Some(t) = t {
                time = Some(t);
                end += c.get(0).map_or(0, |m| m.end());
                if let Some((z, len)) = zone_at(&text[end..]) {
                    zone = Some(z);
                    end += len;
                }
            }
        }
        if time.is_none() {
            let from = back(text, start, 48);
            if let Some(c) = TIME_BEFORE.captures(&text[from..start]) {
                let t = if c.get(1).is_some() {
                    clock(
                        c.get(1).map(|m| m.as_str()),
                        c.get(2).map(|m| m.as_str()),
                        c.get(3).map(|m| m.as_str()),
                        c.get(4).map(|m| m.as_str()),
                    )
                } else {
                    clock(
                        c.get(5).map(|m| m.as_str()),
                        None,
                        None,
                        c.get(6).map(|m| m.as_str()),
                    )
                };
                let z = c.get(7).and_then(|m| zone_at(m.as_str())).map(|(z, _)| z);
                // An unknown capitalised word between time and date: not a timestamp.
                let zone_ok = c.get(7).is_none() || z.is_some();
                if let (Some(t), true) = (t, zone_ok) {
                    time = Some(t);
                    zone = z;
                    start = c.get(0).map_or(start, |m| from + m.start());
                }
            }
        }
        if let Some(m) = COMMENT.find(&text[end..]) {
            if time.is_some() {
                end += m.end();
            }
        }
    }
    let date = match core.kind {
        CoreKind::Month(year, month) => {
            return Some((PubTime::Month { year, month }, Span::new(start, end)))
        }
        CoreKind::Day(d) => d,
        CoreKind::Ambiguous(a, b, y) => {
            let month_first =
                b > 12 || (a <= 12 && (order == DateOrder::MonthFirst || is_us(&zone)));
            if month_first {
                day(y, a, b)?
            } else {
                day(y, b, a)?
            }
        }
    };
    let t = match (time, zone) {
        (None, _) => PubTime::Date(date),
        (Some(t), None) => PubTime::Local(NaiveDateTime::new(date, t)),
        (Some(t), Some(z)) => {
            let off = offset_of(&z, date)?;
            let local = NaiveDateTime::new(date, t);
            let utc = local - Duration::seconds(i64::from(off.local_minus_utc()));
            PubTime::Zoned(chrono::DateTime::from_naive_utc_and_offset(utc, off))
        }
    };
    Some((t, Span::new(start, end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let got = parse_datetime(input).map(|t| t.to_string());
        assert_eq!(got.as_deref(), expected, "parse_datetime({input:?})");
    }

    #[test]
    fn parses_the_forms_news_text_uses() {
        let table: &[(&str, Option<&str>)] = &[
            ("2025-03-14", Some("2025-03-14")),
            ("2025-03", Some("2025-03")),
            ("2025-03-14T21:50:49", Some("2025-03-14T21:50:49")),
            ("2025-03-14T21:50:49Z", Some("2025-03-14T21:50:49Z")),
            (
                "2025-03-14T21:50:49.250+02:00",
                Some("2025-03-14T21:50:49+02:00"),
            ),
            ("2025-03-14 21:50", Some("2025-03-14T21:50:00")),
            (
                "2025-03-14T21:50:49-0500",
                Some("2025-03-14T21:50:49-05:00"),
            ),
            (
                "Fri, 14 Mar 2025 18:53:14 GMT",
                Some("2025-03-14T18:53:14Z"),
            ),
            (
                "Fri, 14 Mar 2025 18:53:14 +0100",
                Some("2025-03-14T18:53:14+01:00"),
            ),
            (
                "Fri Mar 14 2025 21:50:49 GMT+0200 (Eastern European Standard Time)",
                Some("2025-03-14T21:50:49+02:00"),
            ),
            ("14th March 2025", Some("2025-03-14")),
            ("1st of May, 2024", Some("2024-05-01")),
            ("March 14, 2025", Some("2025-03-14")),
            ("MARCH 14, 2025", Some("2025-03-14")),
            ("14 Mar 2025", Some("2025-03-14")),
            ("14-Mar-2025", Some("2025-03-14")),
            ("Friday, 14 March 2025", Some("2025-03-14")),
            ("2025/03/14", Some("2025-03-14")),
            ("2025.03.14", Some("2025-03-14")),
            ("14/03/2025", Some("2025-03-14")),
            ("14.03.2025", Some("2025-03-14")),
            ("03/04/2025", Some("2025-04-03")),
            ("03/14/2025", Some("2025-03-14")),
            ("3/14/25", Some("2025-03-14")),
            ("03/04/2025 10:00 EST", Some("2025-03-04T10:00:00-05:00")),
            (
                "Mar. 14, 2025 10:30 a.m. EDT",
                Some("2025-03-14T10:30:00-04:00"),
            ),
            ("March 14, 2025 at 9 pm", Some("2025-03-14T21:00:00")),
            ("March 14, 2025 12:05 a.m.", Some("2025-03-14T00:05:00")),
            (
                "14 March 2025, 10:30 CET",
                Some("2025-03-14T10:30:00+01:00"),
            ),
            (
                "14 March 2025 10:30 UTC+5:30",
                Some("2025-03-14T10:30:00+05:30"),
            ),
            (
                "10:30 AM EDT, Fri March 14, 2025",
                Some("2025-03-14T10:30:00-04:00"),
            ),
            (
                "Updated 3:42 PM GMT+2, March 14, 2025",
                Some("2025-03-14T15:42:00+02:00"),
            ),
            ("Jan 10, 2025 9:00 ET", Some("2025-01-10T09:00:00-05:00")),
            ("Jul 10, 2025 9:00 ET", Some("2025-07-10T09:00:00-04:00")),
            ("Published: 14 March 2025", Some("2025-03-14")),
            ("Last updated on March 14, 2025", Some("2025-03-14")),
            ("March 2025", Some("2025-03")),
            // Not dates, or not only dates.
            ("", None),
            ("on Friday", None),
            ("March 14", None),
            ("14 March", None),
            ("The talks of 14 March 2025 went well", None),
            ("31/02/2025", None),
            ("2025-13-01", None),
            ("32 March 2025", None),
            ("14 March 2025 25:00", None),
            ("they may 2025", None),
            ("1.2.25", None),
        ];
        for (input, expected) in table {
            check(input, *expected);
        }
    }

    #[test]
    fn day_first_unless_clearly_us() {
        assert_eq!(
            parse_datetime_with("03/04/2025", DateOrder::MonthFirst).map(|t| t.to_string()),
            Some("2025-03-04".to_string())
        );
        assert_eq!(
            parse_datetime_with("14/03/2025", DateOrder::MonthFirst).map(|t| t.to_string()),
            Some("2025-03-14".to_string())
        );
    }

    #[test]
    fn finds_dates_inside_lines_with_spans() {
        let table: &[(&str, Option<(&str, &str)>)] = &[
            (
                "date 2025-03-14 Shafaq News/ On Friday",
                Some(("2025-03-14", "2025-03-14")),
            ),
            (
                "March 14, 2025 - In a significant development",
                Some(("2025-03-14", "March 14, 2025")),
            ),
            (
                "KYIV, UKRAINE (MARCH 14, 2025) (REUTERS) VARIOUS",
                Some(("2025-03-14", "MARCH 14, 2025")),
            ),
            (
                "Posted Fri, 14 Mar 2025 18:53:14 GMT by staff",
                Some(("2025-03-14T18:53:14Z", "Fri, 14 Mar 2025 18:53:14 GMT")),
            ),
            ("nothing here, 12:30 or 2025", None),
            ("the may 2025 meeting", None),
        ];
        for (input, expected) in table {
            let got = find_date(input).map(|(t, s)| (t.to_string(), s.slice(input).to_string()));
            let want = expected.map(|(t, s)| (t.to_string(), s.to_string()));
            assert_eq!(got, want, "find_date({input:?})");
        }
    }

    #[test]
    fn finds_every_date() {
        let got: Vec<String> = find_dates("From 1 March 2025 to 2025-03-14, then April 2025.")
            .into_iter()
            .map(|(t, _)| t.to_string())
            .collect();
        assert_eq!(got, ["2025-03-01", "2025-03-14", "2025-04"]);
    }

    #[test]
    fn long_texts_stay_fast() {
        let text = "On 14 March 2025 at 10:30 talks began. ".repeat(20_000);
        let t = std::time::Instant::now();
        assert_eq!(find_dates(&text).len(), 20_000);
        assert!(t.elapsed().as_secs() < 20);
    }

    #[test]
    fn zones() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 14).unwrap_or_default();
        assert_eq!(
            zone_offset("EDT", d).map(|o| o.local_minus_utc()),
            Some(-4 * 3600)
        );
        assert_eq!(
            zone_offset("PT", d).map(|o| o.local_minus_utc()),
            Some(-7 * 3600)
        );
        assert_eq!(zone_offset("IST", d), None);
    }
}
