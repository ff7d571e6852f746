//! A day given on the command line (`--since 7d`). Its own module, with nothing but chrono and
//! `text` under it, because the build script compiles the command line (`src/cli.rs`) to write
//! the manual pages and completions, and this is the one type of the log the command line uses.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, NaiveDate};

use crate::text::sanitize;

/// A day given on the command line: a calendar date, or a number of days or weeks before
/// today (`7d` is the day a week ago, so `--since 7d` covers eight calendar days with today).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateArg {
    On(NaiveDate),
    DaysAgo(u32),
    WeeksAgo(u32),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {0:?}: use YYYY-MM-DD, or days or weeks ago such as 7d or 4w")]
pub struct BadDate(String);

impl FromStr for DateArg {
    type Err = BadDate;

    fn from_str(text: &str) -> Result<DateArg, BadDate> {
        let bad = || BadDate(sanitize(text));
        let text = text.trim();
        if let Some((count, unit)) = text
            .strip_suffix(['d', 'D'])
            .map(|n| (n, 'd'))
            .or_else(|| text.strip_suffix(['w', 'W']).map(|n| (n, 'w')))
        {
            if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let count: u32 = count.parse().map_err(|_| bad())?;
            return Ok(if unit == 'd' {
                DateArg::DaysAgo(count)
            } else {
                DateArg::WeeksAgo(count)
            });
        }
        // Exactly YYYY-MM-DD: chrono alone would also take `2026-1-5`.
        let shape = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shape {
            return Err(bad());
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(DateArg::On)
            .map_err(|_| bad())
    }
}

impl fmt::Display for DateArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateArg::On(date) => write!(f, "{date}"),
            DateArg::DaysAgo(n) => write!(f, "{n}d"),
            DateArg::WeeksAgo(n) => write!(f, "{n}w"),
        }
    }
}

impl DateArg {
    /// The calendar day this names, counted back from `today`.
    pub fn resolve(self, today: NaiveDate) -> NaiveDate {
        let back = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(NaiveDate::MIN);
        match self {
            DateArg::On(date) => date,
            DateArg::DaysAgo(n) => back(u64::from(n)),
            DateArg::WeeksAgo(n) => back(u64::from(n) * 7),
        }
    }
}
