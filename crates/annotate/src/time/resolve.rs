//! Turns a [`Sem`] into a TIMEX3 value against the anchor (the publication date), keeping
//! the little discourse state TimeML needs ("the quarter" is the one last mentioned).

use super::lexicon::Unit;
use super::rules::{Rel, Sem};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// What earlier expressions of the same text said, for anaphoric ones.
#[derive(Debug, Default)]
pub struct State {
    /// The last quarter named, as (year, quarter).
    pub last_quarter: Option<(i32, u32)>,
    /// The last calendar value resolved ("1998-10-23", "1998"), for "that day", "that year".
    pub last_date: Option<String>,
}

/// The TIMEX3 type of a meaning: "date", "time", "duration" or "set".
pub fn kind(sem: &Sem) -> &'static str {
    match sem {
        Sem::Duration(_) => "duration",
        Sem::Set(_) => "set",
        Sem::Literal { kind, .. } => kind,
        Sem::Clock { .. } => "time",
        Sem::DayOffset { part: Some(_), .. } | Sem::Weekday { part: Some(_), .. } => "time",
        Sem::Date { part: Some(_), .. } => "time",
        _ => "date",
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn with_part(v: String, part: Option<&str>) -> String {
    match part {
        Some(p) => format!("{v}T{p}"),
        None => v,
    }
}

fn direction(off: i64) -> &'static str {
    match off.signum() {
        -1 => "PAST_REF",
        1 => "FUTURE_REF",
        _ => "PRESENT_REF",
    }
}

/// The year of month `m` (day `d`) without a year: the anchor's year, unless that puts it
/// more than about three months ahead (then the year before) or more than nine months behind
/// (then the year after). When the sentence looks ahead, a date more than two months behind
/// is taken in the next year. (Fitted on the shape of news usage, not on single documents.)
fn nearest_year(anchor: NaiveDate, m: u32, d: u32, future: bool) -> i32 {
    let y = anchor.year();
    let Some(date) =
        NaiveDate::from_ymd_opt(y, m, d.max(1)).or_else(|| NaiveDate::from_ymd_opt(y, m, 28))
    else {
        return y;
    };
    let diff = (date - anchor).num_days();
    if future {
        if diff < -60 {
            y + 1
        } else {
            y
        }
    } else if diff > 92 {
        y - 1
    } else if diff < -275 {
        y + 1
    } else {
        y
    }
}

fn shift_months(y: i32, m: u32, off: i64) -> (i32, u32) {
    let idx = i64::from(y) * 12 + i64::from(m) - 1 + off;
    ((idx.div_euclid(12)) as i32, (idx.rem_euclid(12) + 1) as u32)
}

fn weekday_of(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn nth_weekday(y: i32, m: u32, nth: i32, wd: u32) -> Option<NaiveDate> {
    let target = weekday_of(wd);
    if nth > 0 {
        NaiveDate::from_weekday_of_month_opt(y, m, target, nth as u8)
    } else {
        let (ny, nm) = shift_months(y, m, 1);
        let mut d = NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?;
        while d.weekday() != target {
            d = d.pred_opt()?;
        }
        Some(d)
    }
}

/// The value of `sem` against `anchor`; `future` says the sentence looks ahead.
pub fn value(sem: &Sem, anchor: Option<NaiveDate>, future: bool, st: &mut State) -> String {
    let v = value_of(sem, anchor, future, st);
    let calendar = v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    if calendar && !matches!(sem, Sem::That(_)) {
        st.last_date = Some(v.clone());
    }
    v
}

fn value_of(sem: &Sem, anchor: Option<NaiveDate>, future: bool, st: &mut State) -> String {
    match sem {
        Sem::That(unit) => {
            let Some(last) = st.last_date.clone() else {
                return "PAST_REF".into();
            };
            let keep = match unit {
                Unit::Year => 4,
                Unit::Month => 7,
                Unit::Quarter => {
                    return if last.get(4..6) == Some("-Q") {
                        last
                    } else {
                        format!("{}-QX", &last[..4])
                    }
                }
                _ => 10,
            };
            match last.get(..keep) {
                Some(v) if v.len() == keep && !v.contains('W') && !v.contains('Q') => v.to_string(),
                _ if keep == 10 && last.len() == 7 => format!("{last}-XX"),
                _ => last[..4].to_string(),
            }
        }
        Sem::Literal { value, .. } | Sem::Duration(value) | Sem::Set(value) => value.clone(),
        Sem::Ref(r) => (*r).to_string(),
        Sem::Date { y, m, d, part } => {
            let y = match (y, anchor) {
                (Some(y), _) => *y,
                (None, Some(a)) => nearest_year(a, *m, *d, future),
                (None, None) => return with_part(format!("XXXX-{m:02}-{d:02}"), *part),
            };
            match NaiveDate::from_ymd_opt(y, *m, *d) {
                Some(date) => with_part(ymd(date), *part),
                None => format!("{y:04}-{m:02}"),
            }
        }
        Sem::Month {
            y,
            m,
            rel,
            year_off,
        } => {
            let y = match (y, anchor) {
                (Some(y), _) => *y,
                (None, Some(a)) if year_off.is_some() => a.year() + year_off.unwrap_or(0),
                (None, None) => return format!("XXXX-{m:02}"),
                (None, Some(a)) => {
                    let am = a.month();
                    match rel {
                        Rel::Last => {
                            if *m < am {
                                a.year()
                            } else {
                                a.year() - 1
                            }
                        }
                        Rel::Next => {
                            if *m > am {
                                a.year()
                            } else {
                                a.year() + 1
                            }
                        }
                        Rel::This => a.year(),
                        Rel::None => nearest_year(a, *m, 15, future),
                    }
                }
            };
            format!("{y:04}-{m:02}")
        }
        Sem::Quarter {
            q,
            y,
            rel,
            year_off,
        } => {
            let Some(a) = anchor else {
                return match (q, y) {
                    (Some(q), Some(y)) => format!("{y:04}-Q{q}"),
                    (Some(q), None) => format!("XXXX-Q{q}"),
                    _ => "XXXX-QX".into(),
                };
            };
            let aq = (a.month() - 1) / 3 + 1;
            let last_complete = if aq == 1 {
                (a.year() - 1, 4)
            } else {
                (a.year(), aq - 1)
            };
            let (mut qy, qq) = match q {
                Some(q) => {
                    let mut year = y.unwrap_or(a.year());
                    if y.is_none() {
                        match rel {
                            Rel::Last if *q >= aq => year -= 1,
                            Rel::Next if *q <= aq => year += 1,
                            _ => {}
                        }
                    }
                    (year, *q)
                }
                None => (y.unwrap_or(last_complete.0), last_complete.1),
            };
            qy += year_off;
            st.last_quarter = Some((qy, qq));
            format!("{qy:04}-Q{qq}")
        }
        Sem::Half { h, y } => match (y, anchor) {
            (Some(y), _) => format!("{y:04}-H{h}"),
            (None, Some(a)) => format!("{:04}-H{h}", a.year()),
            (None, None) => format!("XXXX-H{h}"),
        },
        Sem::Season { s, y, rel } => {
            let y = match (y, anchor) {
                (Some(y), _) => *y,
                (None, None) => return format!("XXXX-{s}"),
                (None, Some(a)) => match rel {
                    Rel::Last => a.year() - 1,
                    Rel::Next => a.year() + 1,
                    _ => a.year(),
                },
            };
            format!("{y:04}-{s}")
        }
        Sem::Weekday { wd, rel, part } => {
            let Some(a) = anchor else {
                return with_part(format!("XXXX-WXX-{wd}"), *part);
            };
            let cur = i64::from(a.weekday().number_from_monday());
            let back = (cur - i64::from(*wd)).rem_euclid(7);
            let ahead = (i64::from(*wd) - cur).rem_euclid(7);
            let off = match rel {
                Rel::Last => -(if back == 0 { 7 } else { back }),
                Rel::Next => {
                    if ahead == 0 {
                        7
                    } else {
                        ahead
                    }
                }
                Rel::This => i64::from(*wd) - cur,
                Rel::None => {
                    if future {
                        ahead
                    } else {
                        -back
                    }
                }
            };
            with_part(ymd(a + Duration::days(off)), *part)
        }
        Sem::DayOffset { off, part } => match anchor {
            Some(a) => with_part(ymd(a + Duration::days(*off)), *part),
            None => direction(*off).to_string(),
        },
        Sem::Shift { unit, off } => {
            let Some(a) = anchor else {
                return direction(*off).to_string();
            };
            match unit {
                Unit::Second | Unit::Minute | Unit::Hour => ymd(a),
                Unit::Day => ymd(a + Duration::days(*off)),
                Unit::Week => week(a + Duration::days(7 * off)),
                Unit::Weekend => {
                    // "the weekend" in a report from Monday to Wednesday is the one just gone.
                    let wd = a.weekday().number_from_monday();
                    let base = if *off == 0 && wd <= 3 { -1 } else { *off };
                    format!("{}-WE", week(a + Duration::days(7 * base)))
                }
                Unit::Month => {
                    let (y, m) = shift_months(a.year(), a.month(), *off);
                    format!("{y:04}-{m:02}")
                }
                Unit::Quarter => {
                    let (y, m) = shift_months(a.year(), a.month(), 3 * off);
                    let q = (m - 1) / 3 + 1;
                    st.last_quarter = Some((y, q));
                    format!("{y:04}-Q{q}")
                }
                Unit::Year => format!("{:04}", i64::from(a.year()) + off),
                Unit::Decade => format!("{:03}", i64::from(a.year()) / 10 + off),
                Unit::Century => format!("{:02}", i64::from(a.year()) / 100 + off),
            }
        }
        Sem::YearEnd => match anchor {
            Some(a) => format!("{:04}-12-31", a.year()),
            None => "XXXX-12-31".into(),
        },
        Sem::YearAgo => match (st.last_quarter, anchor) {
            (Some(_), Some(a)) => {
                let aq = (a.month() - 1) / 3 + 1;
                let (y, q) = if aq == 1 {
                    (a.year() - 1, 4)
                } else {
                    (a.year(), aq - 1)
                };
                format!("{:04}-Q{q}", y - 1)
            }
            (Some((y, q)), None) => format!("{:04}-Q{q}", y - 1),
            (None, Some(a)) => format!("{:04}", a.year() - 1),
            (None, None) => "PAST_REF".into(),
        },
        Sem::Clock { h, m, on } => {
            let day = match on {
                Some(s) => value_of(s, anchor, future, st),
                None => match anchor {
                    Some(a) => ymd(a),
                    None => "XXXX-XX-XX".into(),
                },
            };
            let day = day.split('T').next().unwrap_or("XXXX-XX-XX").to_string();
            if *h == 24 {
                format!("{day}T24:00")
            } else {
                format!("{day}T{h:02}:{m:02}")
            }
        }
        Sem::Holiday { m, d, nth_wd } => {
            let y = match anchor {
                Some(a) => nearest_year(a, *m, (*d).max(15), future),
                None => {
                    return if nth_wd.is_some() {
                        format!("XXXX-{m:02}")
                    } else {
                        format!("XXXX-{m:02}-{d:02}")
                    }
                }
            };
            let date = match nth_wd {
                Some((n, wd)) => nth_weekday(y, *m, *n, *wd),
                None => NaiveDate::from_ymd_opt(y, *m, *d),
            };
            date.map(ymd).unwrap_or_else(|| format!("{y:04}-{m:02}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn nearest_year_prefers_the_past() {
        assert_eq!(nearest_year(d("2025-03-14"), 2, 12, false), 2025);
        assert_eq!(nearest_year(d("2025-01-10"), 12, 5, false), 2024);
        assert_eq!(nearest_year(d("1989-10-30"), 2, 15, false), 1989);
        assert_eq!(nearest_year(d("1989-10-30"), 12, 5, false), 1989);
        assert_eq!(nearest_year(d("2025-03-14"), 9, 1, false), 2024);
        assert_eq!(nearest_year(d("2025-03-14"), 9, 1, true), 2025);
        assert_eq!(nearest_year(d("2025-11-14"), 1, 20, true), 2026);
    }

    #[test]
    fn thanksgiving() {
        assert_eq!(nth_weekday(1999, 11, 4, 4), Some(d("1999-11-25")));
        assert_eq!(nth_weekday(2025, 5, -1, 1), Some(d("2025-05-26")));
    }
}
