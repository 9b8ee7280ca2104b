//! [`PubTime`]: a publication time that keeps the precision and the offset it was given.
//!
//! A date stays a date (`"2025-03-14"`), a time without zone stays naive
//! (`"2025-03-14T21:50:49"`), and a zoned time keeps its offset (`"2025-03-14T21:50:49+02:00"`).
//! Serialised as that string.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PubTime {
    /// Year and month only.
    Month {
        year: i32,
        month: u32,
    },
    Date(NaiveDate),
    /// Date and time, zone unknown.
    Local(NaiveDateTime),
    /// Date and time with a known UTC offset.
    Zoned(DateTime<FixedOffset>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Month,
    Day,
    Time,
}

impl PubTime {
    pub fn precision(&self) -> Precision {
        match self {
            PubTime::Month { .. } => Precision::Month,
            PubTime::Date(_) => Precision::Day,
            PubTime::Local(_) | PubTime::Zoned(_) => Precision::Time,
        }
    }

    /// The calendar date as written (local to the given offset); the 1st for month precision.
    pub fn date(&self) -> NaiveDate {
        match self {
            PubTime::Month { year, month } => {
                NaiveDate::from_ymd_opt(*year, *month, 1).unwrap_or_default()
            }
            PubTime::Date(d) => *d,
            PubTime::Local(dt) => dt.date(),
            PubTime::Zoned(dt) => dt.date_naive(),
        }
    }

    /// Seconds since the Unix epoch, for ordering and proximity: naive times are read as UTC,
    /// dates as their noon UTC (the middle of the day, whatever the zone).
    pub fn approx_unix(&self) -> i64 {
        match self {
            PubTime::Month { .. } => self
                .date()
                .and_time(NaiveTime::from_hms_opt(0, 0, 0).unwrap_or_default())
                .and_utc()
                .timestamp(),
            PubTime::Date(d) => d
                .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
                .and_utc()
                .timestamp(),
            PubTime::Local(dt) => dt.and_utc().timestamp(),
            PubTime::Zoned(dt) => dt.timestamp(),
        }
    }

    /// Parses the forms [`fmt::Display`] writes, plus RFC 3339 with `Z`.
    pub fn parse(s: &str) -> Option<PubTime> {
        let s = s.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Some(PubTime::Zoned(dt));
        }
        for f in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
                return Some(PubTime::Local(dt));
            }
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(PubTime::Date(d));
        }
        if s.len() == 7 && s.as_bytes()[4] == b'-' {
            let year = s[..4].parse().ok()?;
            let month = s[5..].parse().ok()?;
            if (1..=12).contains(&month) {
                return Some(PubTime::Month { year, month });
            }
        }
        None
    }
}

impl PartialOrd for PubTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PubTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.approx_unix()
            .cmp(&other.approx_unix())
            .then_with(|| self.to_string().cmp(&other.to_string()))
    }
}

impl fmt::Display for PubTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PubTime::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            PubTime::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            PubTime::Local(dt) => write!(f, "{}", dt.format("%Y-%m-%dT%H:%M:%S")),
            PubTime::Zoned(dt) => {
                if dt.offset().local_minus_utc() == 0 {
                    write!(f, "{}", dt.format("%Y-%m-%dT%H:%M:%SZ"))
                } else {
                    write!(f, "{}", dt.format("%Y-%m-%dT%H:%M:%S%:z"))
                }
            }
        }
    }
}

impl Serialize for PubTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PubTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PubTime::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("bad time {s:?}")))
    }
}

/// Year of a [`PubTime`], handy for resolving year-less dates.
pub fn year_of(t: &PubTime) -> i32 {
    t.date().year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_keep_precision() {
        for s in [
            "2025-03",
            "2025-03-14",
            "2025-03-14T21:50:49",
            "2025-03-14T21:50:49+02:00",
            "2025-03-14T21:50:49Z",
        ] {
            let t = PubTime::parse(s).unwrap();
            assert_eq!(t.to_string(), s);
        }
        assert_eq!(
            PubTime::parse("2025-03-14").unwrap().precision(),
            Precision::Day
        );
    }

    #[test]
    fn zoned_orders_by_instant() {
        let a = PubTime::parse("2025-03-14T21:00:00+02:00").unwrap();
        let b = PubTime::parse("2025-03-14T20:00:00Z").unwrap();
        assert!(a < b);
    }
}
