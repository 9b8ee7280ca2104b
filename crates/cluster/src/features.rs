//! Cheap features read from an article's own text: content terms, capitalised-phrase names,
//! numbers, and the dates it mentions. Used by [`crate::Clusterer::add`] when the caller has no
//! annotations; [`crate::Features`] lets a caller supply better ones.

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
    /// Dates mentioned, most precise first within their order of appearance.
    pub dates: Vec<Date>,
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

const MONTHS: [(&str, u32); 22] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
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
    ("mar", 3),
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

/// Lower case, byte by byte for ASCII words (most of them), by Unicode rules otherwise.
fn lower(w: &str) -> String {
    if w.is_ascii() {
        w.to_ascii_lowercase()
    } else {
        w.to_lowercase()
    }
}

/// Reads the raw features of `article`: title, paragraphs and captions.
pub fn read(article: &Article) -> Raw {
    let mut raw = Raw::default();
    if let Some(t) = &article.title {
        let toks = text::tokens(t);
        raw.title_words = toks.iter().map(|k| lower(k.text(t))).collect();
        scan(t, &toks, &mut raw, true);
    }
    for p in article.paragraphs.iter().chain(&article.captions) {
        let toks = text::tokens(p);
        raw.body_words.extend(toks.iter().map(|k| lower(k.text(p))));
        scan(p, &toks, &mut raw, false);
    }
    raw.names.sort_unstable();
    raw.names.dedup();
    raw
}

/// Names, numbers and dates of one paragraph.
fn scan(p: &str, toks: &[text::Token], raw: &mut Raw, title: bool) {
    let words: Vec<&str> = toks.iter().map(|t| t.text(p)).collect();
    // A token starts a sentence when only punctuation, quotes or space stand between it and
    // the previous sentence end (or the paragraph start).
    let starts_sentence = |i: usize| -> bool {
        let before = if i == 0 {
            &p[..toks[0].span.start]
        } else {
            &p[toks[i - 1].span.end..toks[i].span.start]
        };
        i == 0 || before.contains(['.', '!', '?', ':', '\n', ';'])
    };
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, raw: &mut Raw| {
        if run.is_empty() {
            return;
        }
        let lower: Vec<String> = run.iter().map(|w| lower(w)).collect();
        for w in &lower {
            raw.names.push(w.clone());
        }
        if lower.len() > 1 {
            raw.names.push(lower.join(" "));
        }
        run.clear();
    };
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        // Dates: "August 2, 2013", "Aug. 2", "2 August 2013", "August 2013", "2013".
        if let Some(m) = month_of(w) {
            let next = words.get(i + 1).copied();
            let next2 = words.get(i + 2).copied();
            // "may" and "march" are words too: require a capital and a number next to them.
            if text::is_capitalized(w) {
                if let Some(d) = next.and_then(day_of) {
                    let y = next2.and_then(year_of).unwrap_or(0);
                    raw.dates.push(Date {
                        year: y,
                        month: m,
                        day: d,
                    });
                    i += if y != 0 { 3 } else { 2 };
                    flush(&mut run, raw);
                    continue;
                }
                if let Some(y) = next.and_then(year_of) {
                    raw.dates.push(Date {
                        year: y,
                        month: m,
                        day: 0,
                    });
                    i += 2;
                    flush(&mut run, raw);
                    continue;
                }
            }
        }
        if let (Some(d), Some(m)) = (day_of(w), words.get(i + 1).and_then(|n| month_of(n))) {
            if words.get(i + 1).is_some_and(|n| text::is_capitalized(n)) {
                let y = words.get(i + 2).and_then(|n| year_of(n)).unwrap_or(0);
                raw.dates.push(Date {
                    year: y,
                    month: m,
                    day: d,
                });
                i += if y != 0 { 3 } else { 2 };
                flush(&mut run, raw);
                continue;
            }
        }
        if let Some(y) = year_of(w) {
            raw.dates.push(Date {
                year: y,
                month: 0,
                day: 0,
            });
            flush(&mut run, raw);
            i += 1;
            continue;
        }
        if w.bytes().any(|b| b.is_ascii_digit()) {
            raw.numbers.push(lower(w));
            flush(&mut run, raw);
            i += 1;
            continue;
        }
        let cap = text::is_capitalized(w);
        let lowered = lower(w);
        let name_like = cap
            && w.chars().count() > 1
            && !text::is_stopword(&lowered)
            && month_of(w).is_none()
            && !is_weekday(&lowered)
            && !(starts_sentence(i) && run.is_empty() && !title && is_common_opener(&lowered));
        // In a title every word may be capitalised: only keep runs there that look like names
        // elsewhere too (the body's runs cover them), so titles add no names of their own.
        if name_like && !title {
            run.push(w);
        } else {
            flush(&mut run, raw);
        }
        i += 1;
    }
    flush(&mut run, raw);
}

fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
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
