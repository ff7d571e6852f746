//! Choosing sessions from the log: the days given on the command line, and the newest
//! sessions that match a few filters (`knead log`, and any view that lists past sessions).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

pub use super::date_arg::DateArg;
use super::error::LogError;
use super::local_day;
use super::record::Record;
use super::store::{LogFile, Warning};
use crate::routine::Area;

/// How many sessions `knead log` shows unless told otherwise.
pub const DEFAULT_LIMIT: usize = 20;

/// Which sessions to choose: those of `knead log`'s options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogOptions {
    /// Sessions started on this local day or later.
    pub since: Option<DateArg>,
    /// Sessions started on this local day or earlier.
    pub until: Option<DateArg>,
    pub area: Option<Area>,
    /// A routine id, matched exactly.
    pub routine: Option<String>,
    /// The most sessions to choose, newest first; 0 chooses them all.
    pub limit: usize,
}

impl Default for LogOptions {
    fn default() -> Self {
        LogOptions {
            since: None,
            until: None,
            area: None,
            routine: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// The days a command covers, as local dates, both ends included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DayRange {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl DayRange {
    pub fn new(
        since: Option<DateArg>,
        until: Option<DateArg>,
        today: NaiveDate,
    ) -> Result<DayRange, LogError> {
        let range = DayRange {
            since: since.map(|d| d.resolve(today)),
            until: until.map(|d| d.resolve(today)),
        };
        if let (Some(since), Some(until)) = (range.since, range.until)
            && since > until
        {
            return Err(LogError::DateRange { since, until });
        }
        Ok(range)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }
}

/// A matching record, ordered by start time and then by its place in the file, so that of two
/// sessions started in the same second the later line counts as newer.
struct Newest {
    line: u64,
    record: Record,
}

impl Newest {
    /// Times with different offsets compare as instants.
    fn key(&self) -> (DateTime<FixedOffset>, u64) {
        (self.record.started, self.line)
    }
}

impl PartialEq for Newest {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for Newest {}
impl PartialOrd for Newest {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Newest {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// The matching records, newest first, at most `limit` of them (all when 0), and how many
/// records the log holds in all. Memory holds only the records kept.
pub fn select<Tz: TimeZone>(
    log: &LogFile,
    options: &LogOptions,
    now: &DateTime<Tz>,
    on_warning: impl FnMut(Warning),
) -> Result<(Vec<Record>, u64), LogError> {
    let tz = now.timezone();
    let range = DayRange::new(options.since, options.until, now.date_naive())?;
    let area = options.area.map(Area::as_str);
    // A min-heap of the newest seen so far: each newer match pushes out the oldest kept.
    let mut newest: BinaryHeap<Reverse<Newest>> = BinaryHeap::new();
    let mut line = 0;
    let summary = log.read(
        |record| {
            line += 1;
            let wanted = range.contains(local_day(&record.started, &tz))
                && area.is_none_or(|a| record.areas.iter().any(|r| r == a))
                && options
                    .routine
                    .as_ref()
                    .is_none_or(|id| record.routine_ids().any(|r| r == id));
            if !wanted {
                return;
            }
            newest.push(Reverse(Newest { line, record }));
            if options.limit > 0 && newest.len() > options.limit {
                newest.pop();
            }
        },
        on_warning,
    )?;
    let records = newest
        .into_sorted_vec()
        .into_iter()
        .map(|Reverse(n)| n.record)
        .collect();
    Ok((records, summary.records))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::testing::{at, log_with, record};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn dates_are_calendar_days_or_days_and_weeks_back() {
        let parse = |t: &str| t.parse::<DateArg>().map(|d| d.resolve(today()));
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(parse("2026-03-01"), Ok(day(3, 1)));
        assert_eq!(parse("0d"), Ok(today()));
        assert_eq!(parse("7d"), Ok(day(11, 18)));
        assert_eq!(parse("4w"), Ok(day(10, 28)));
        assert_eq!(parse("30D"), Ok(day(10, 26)));
        assert_eq!(parse("99999999d"), Ok(NaiveDate::MIN));
        for bad in [
            "",
            "d",
            "-3d",
            "7 days",
            "2026-1-5",
            "2026-02-30",
            "yesterday",
            "7d\u{1b}",
        ] {
            let error = parse(bad).unwrap_err().to_string();
            assert!(
                error.contains("YYYY-MM-DD") && !error.contains('\u{1b}'),
                "{error}"
            );
        }
    }

    #[test]
    fn newest_first_with_a_limit_and_filters() {
        let records: Vec<Record> = (1..=30)
            .map(|d| {
                let routine = if d % 3 == 0 { "jaw" } else { "neck" };
                record(&format!("2026-10-{d:02}T09:00:00+02:00"), routine, true)
            })
            .collect();
        let (_dir, log) = log_with(&records);
        let now = at("2026-11-25T20:00:00+01:00");
        let ids = |options: &LogOptions| -> Vec<String> {
            let (selected, total) = select(&log, options, &now, |w| panic!("{w}")).unwrap();
            assert_eq!(total, 30);
            selected.into_iter().map(|r| r.id).collect()
        };
        let newest: Vec<String> = records.iter().rev().map(|r| r.id.clone()).collect();
        assert_eq!(ids(&LogOptions::default()), newest[..20]);
        assert_eq!(
            ids(&LogOptions {
                limit: 3,
                ..LogOptions::default()
            }),
            newest[..3]
        );
        assert_eq!(
            ids(&LogOptions {
                limit: 0,
                ..LogOptions::default()
            }),
            newest
        );
        let jaw = LogOptions {
            area: Some(Area::Jaw),
            since: Some(DateArg::On(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap())),
            until: Some("2026-10-21".parse().unwrap()),
            ..LogOptions::default()
        };
        let expected: Vec<String> = [21, 18, 15, 12]
            .iter()
            .map(|d| records[d - 1].id.clone())
            .collect();
        assert_eq!(ids(&jaw), expected);
        let by_routine = LogOptions {
            routine: Some("jaw".into()),
            limit: 2,
            ..LogOptions::default()
        };
        assert_eq!(ids(&by_routine), [records[29].id.clone(), records[26].id.clone()]);
        let (_dir2, combined) = log_with(&[record("2026-11-24T08:00:00+01:00", "neck+jaw", true)]);
        let jaw_only = LogOptions {
            routine: Some("jaw".into()),
            ..LogOptions::default()
        };
        assert_eq!(select(&combined, &jaw_only, &now, |_| ()).unwrap().0.len(), 1);
        let reversed = LogOptions {
            since: Some(DateArg::DaysAgo(1)),
            until: Some(DateArg::DaysAgo(2)),
            ..LogOptions::default()
        };
        assert!(matches!(
            select(&log, &reversed, &now, |_| ()),
            Err(LogError::DateRange { .. })
        ));
    }

    #[test]
    fn out_of_order_lines_still_list_newest_first() {
        let late = record("2026-11-20T08:00:00+01:00", "neck", true);
        let early = record("2026-11-02T08:00:00+01:00", "jaw", true);
        let middle = record("2026-11-10T08:00:00+01:00", "feet", false);
        let (_dir, log) = log_with(&[late.clone(), early.clone(), middle.clone()]);
        let now = at("2026-11-25T20:00:00+01:00");
        let (selected, _) = select(&log, &LogOptions::default(), &now, |_| ()).unwrap();
        assert_eq!(selected, [late, middle, early]);
    }

    #[test]
    fn days_are_local_to_the_given_zone() {
        // 23:30 UTC on the 24th is already the 25th in +01:00.
        let (_dir, log) = log_with(&[record("2026-11-24T23:30:00+00:00", "neck", true)]);
        let options = LogOptions {
            since: Some(DateArg::DaysAgo(0)),
            ..LogOptions::default()
        };
        let now_plus_one = at("2026-11-25T20:00:00+01:00");
        assert_eq!(select(&log, &options, &now_plus_one, |_| ()).unwrap().0.len(), 1);
        let now_utc = at("2026-11-25T20:00:00+00:00");
        assert_eq!(select(&log, &options, &now_utc, |_| ()).unwrap().0.len(), 0);
    }
}
