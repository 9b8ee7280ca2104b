//! Words of the time grammar: numbers, months, weekdays, units, seasons, and the regex
//! fragments built from them.

/// Regex fragment: a cardinal written in digits or words ("30", "1,200", "twenty-four", "a").
pub const NUM: &str = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+1/2)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|one|two|three|four|five|six|seven|eight|nine|a hundred|hundred|a couple of|a few|few|several|some|many|an|a)";

/// Regex fragment: a calendar or clock unit, singular or plural.
pub const UNIT: &str = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|century|centuries)";

/// Regex fragment: a full month name (case-sensitive: "may" and "march" are verbs).
pub const MONTH_FULL: &str =
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)";

/// Regex fragment: a month name or its abbreviation ("Aug.", "Sept."), or a full name in
/// capitals ("MARCH", in wire datelines and slugs).
pub const MONTH_ANY: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)";

/// Regex fragment: a weekday name.
pub const WEEKDAY: &str = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

/// Month number of a (possibly abbreviated) month name.
pub fn month(word: &str) -> Option<u32> {
    text::month_number(word)
}

/// ISO weekday number (Monday = 1) of a weekday name.
pub fn weekday(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let d = match w.get(..3)? {
        "mon" => 1,
        "tue" => 2,
        "wed" => 3,
        "thu" => 4,
        "fri" => 5,
        "sat" => 6,
        "sun" => 7,
        _ => return None,
    };
    Some(d)
}

/// TimeML season code.
pub fn season(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// TimeML part-of-day code.
pub fn part_of_day(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" | "overnight" => "NI",
        _ => return None,
    })
}

fn small(word: &str) -> Option<u32> {
    Some(match word {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    })
}

/// A number as the text gives it: `Some(Exact(n))` for "thirty-one" or "1,200",
/// `Some(Vague)` for "several", "a few", "some"; `None` for anything else.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    Exact(f64),
    Vague,
}

/// Reads a number matched by [`NUM`].
pub fn amount(text: &str) -> Option<Amount> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    if t.as_bytes()[0].is_ascii_digit() {
        let (whole, half) = match t.strip_suffix("1/2") {
            Some(w) => (w.trim(), 0.5),
            None => (t.as_str(), 0.0),
        };
        let n: f64 = whole.replace(',', "").parse().ok()?;
        return Some(Amount::Exact(n + half));
    }
    match t.as_str() {
        "a couple of" | "couple of" => return Some(Amount::Exact(2.0)),
        "a few" | "few" | "several" | "some" | "many" => return Some(Amount::Vague),
        "a hundred" => return Some(Amount::Exact(100.0)),
        _ => {}
    }
    let mut total = 0u32;
    for part in t.split(['-', ' ']) {
        total += small(part)?;
    }
    Some(Amount::Exact(f64::from(total)))
}

/// A calendar or clock unit with its TimeML duration letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// Reads a word matched by [`UNIT`]; "night" counts as a day, "fortnight" is handled by
    /// the caller as two weeks.
    pub fn parse(word: &str) -> Option<Unit> {
        let w = word.to_ascii_lowercase();
        let w = w.as_str();
        Some(match w {
            _ if w.starts_with("sec") => Unit::Second,
            _ if w.starts_with("min") => Unit::Minute,
            _ if w.starts_with("hour") => Unit::Hour,
            _ if w.starts_with("weekend") => Unit::Weekend,
            _ if w.starts_with("day") || w.starts_with("night") => Unit::Day,
            _ if w.starts_with("week") || w.starts_with("fortnight") => Unit::Week,
            _ if w.starts_with("month") => Unit::Month,
            _ if w.starts_with("quarter") => Unit::Quarter,
            _ if w.starts_with("year") => Unit::Year,
            _ if w.starts_with("decade") => Unit::Decade,
            _ if w.starts_with("centur") => Unit::Century,
            _ => return None,
        })
    }

    /// A TimeML duration ("P3Y", "PT5H", "PXD") of `n` of this unit.
    pub fn duration(self, n: Amount) -> String {
        let (time, letter, scale) = match self {
            Unit::Second => (true, "S", 1.0),
            Unit::Minute => (true, "M", 1.0),
            Unit::Hour => (true, "H", 1.0),
            Unit::Day => (false, "D", 1.0),
            Unit::Week => (false, "W", 1.0),
            Unit::Weekend => (false, "D", 2.0),
            Unit::Month => (false, "M", 1.0),
            Unit::Quarter => (false, "Q", 1.0),
            Unit::Year => (false, "Y", 1.0),
            Unit::Decade => (false, "Y", 10.0),
            Unit::Century => (false, "Y", 100.0),
        };
        let t = if time { "T" } else { "" };
        match n {
            Amount::Vague => format!("P{t}X{letter}"),
            Amount::Exact(x) => {
                let x = x * scale;
                if x.fract() == 0.0 {
                    format!("P{t}{}{letter}", x as i64)
                } else if matches!(self, Unit::Hour) {
                    format!(
                        "PT{}H{}M",
                        x.trunc() as i64,
                        (x.fract() * 60.0).round() as i64
                    )
                } else if matches!(self, Unit::Minute) {
                    format!(
                        "PT{}M{}S",
                        x.trunc() as i64,
                        (x.fract() * 60.0).round() as i64
                    )
                } else {
                    format!("P{t}{x}{letter}")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(amount("twenty-four"), Some(Amount::Exact(24.0)));
        assert_eq!(amount("1,200"), Some(Amount::Exact(1200.0)));
        assert_eq!(amount("a few"), Some(Amount::Vague));
        assert_eq!(amount("5 1/2"), Some(Amount::Exact(5.5)));
        assert_eq!(amount("banana"), None);
        assert_eq!(Unit::Hour.duration(Amount::Exact(5.5)), "PT5H30M");
        assert_eq!(Unit::Decade.duration(Amount::Exact(2.0)), "P20Y");
    }
}
