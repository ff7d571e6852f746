//! `knead log`: the sessions that match a few filters, most recent first, as a table, JSON
//! lines or CSV.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, TimeZone};
use serde::Serialize;

use super::error::LogError;
use super::local_day;
use super::record::{Record, format_time};
use super::store::{LogFile, Warning};
use crate::routine::Area;
use crate::table::Table;
use crate::text::sanitize;

/// How many sessions `knead log` shows unless told otherwise.
pub const DEFAULT_LIMIT: usize = 20;

/// What `knead log` prints when the log holds no session at all.
pub const EMPTY_LOG_MESSAGE: &str = "No sessions logged yet. Run `knead` to start one.";

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

/// How `knead log` prints. The command line's own value type maps onto this.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Table,
    Jsonl,
    Csv,
}

/// The options of `knead log`, already parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogOptions {
    /// Sessions started on this local day or later.
    pub since: Option<DateArg>,
    /// Sessions started on this local day or earlier.
    pub until: Option<DateArg>,
    pub area: Option<Area>,
    /// A routine id, matched exactly.
    pub routine: Option<String>,
    /// The most sessions to print, newest first; 0 prints them all.
    pub limit: usize,
    pub format: LogFormat,
}

impl Default for LogOptions {
    fn default() -> Self {
        LogOptions {
            since: None,
            until: None,
            area: None,
            routine: None,
            limit: DEFAULT_LIMIT,
            format: LogFormat::Table,
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

/// `knead log`: prints the selected sessions in the chosen format. Damaged lines go to
/// `on_warning`; the caller shows them on stderr.
pub fn print_log<Tz: TimeZone>(
    log: &LogFile,
    options: &LogOptions,
    now: &DateTime<Tz>,
    out: &mut impl Write,
    on_warning: impl FnMut(Warning),
) -> Result<(), LogError> {
    let (records, total) = select(log, options, now, on_warning)?;
    let written = match options.format {
        LogFormat::Table => write_table(&records, total, &now.timezone(), out),
        LogFormat::Jsonl => write_jsonl(&records, out),
        LogFormat::Csv => write_csv(&records, out),
    };
    written.map_err(LogError::Output)
}

fn write_table<Tz: TimeZone>(
    records: &[Record],
    total: u64,
    tz: &Tz,
    out: &mut impl Write,
) -> io::Result<()> {
    if total == 0 {
        return writeln!(out, "{EMPTY_LOG_MESSAGE}");
    }
    if records.is_empty() {
        return writeln!(out, "No sessions match; {total} in the log in all.");
    }
    let mut table = Table::new(["DATE", "TIME", "ROUTINE", "AREAS", "MIN", "RESULT", "TENSION"])
        .align_right(&[4])
        .max_width(2, 28)
        .max_width(3, 30);
    for record in records {
        let local = record.started.with_timezone(tz).naive_local();
        let result = if record.completed {
            "done".to_string()
        } else {
            format!("ended early {}/{}", record.steps_done, record.steps_total)
        };
        table.row(vec![
            local.format("%Y-%m-%d").to_string(),
            local.format("%H:%M").to_string(),
            routine_title(record).to_string(),
            record.areas.join(", "),
            minutes(u64::from(record.active_s)).to_string(),
            result,
            tension(record),
        ]);
    }
    table.write(out)
}

/// The routine's name, or its id when the name is blank.
pub(crate) fn routine_title(record: &Record) -> &str {
    if record.name.trim().is_empty() {
        &record.routine
    } else {
        &record.name
    }
}

/// Seconds as whole minutes, rounded to the nearest.
pub(crate) fn minutes(seconds: u64) -> u64 {
    (seconds + 30) / 60
}

fn tension(record: &Record) -> String {
    let show = |t: Option<u8>| t.map_or("?".to_string(), |t| t.to_string());
    match (record.tension_before, record.tension_after) {
        (None, None) => String::new(),
        (before, after) => format!("{} → {}", show(before), show(after)),
    }
}

fn write_jsonl(records: &[Record], out: &mut impl Write) -> io::Result<()> {
    for record in records {
        writeln!(out, "{}", record.to_json_line())?;
    }
    Ok(())
}

/// One CSV row: the record's fields under their JSON names, areas joined with `;`.
#[derive(Serialize)]
struct CsvRow<'a> {
    id: &'a str,
    routine: &'a str,
    name: &'a str,
    areas: String,
    started: String,
    ended: String,
    planned_s: u32,
    active_s: u32,
    steps_done: u32,
    steps_total: u32,
    completed: bool,
    tension_before: Option<u8>,
    tension_after: Option<u8>,
    note: Option<&'a str>,
}

/// The CSV header, also written when no session matches.
pub const CSV_HEADER: &[&str] = &[
    "id",
    "routine",
    "name",
    "areas",
    "started",
    "ended",
    "planned_s",
    "active_s",
    "steps_done",
    "steps_total",
    "completed",
    "tension_before",
    "tension_after",
    "note",
];

fn write_csv(records: &[Record], out: &mut impl Write) -> io::Result<()> {
    let mut csv = csv::WriterBuilder::new().has_headers(false).from_writer(out);
    csv.write_record(CSV_HEADER)?;
    for record in records {
        csv.serialize(CsvRow {
            id: &record.id,
            routine: &record.routine,
            name: &record.name,
            areas: record.areas.join(";"),
            started: format_time(&record.started),
            ended: format_time(&record.ended),
            planned_s: record.planned_s,
            active_s: record.active_s,
            steps_done: record.steps_done,
            steps_total: record.steps_total,
            completed: record.completed,
            tension_before: record.tension_before,
            tension_after: record.tension_after,
            note: record.note.as_deref(),
        })?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::store::LogOrigin;
    use crate::log::testing::{at, record, sample};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn log_with(records: &[Record]) -> (tempfile::TempDir, LogFile) {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        log.append_many(records).unwrap();
        (dir, log)
    }

    fn run(log: &LogFile, options: &LogOptions) -> String {
        let now = at("2026-11-25T20:00:00+01:00");
        let mut out = Vec::new();
        print_log(log, options, &now, &mut out, |w| panic!("{w}")).unwrap();
        String::from_utf8(out).unwrap()
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

    #[test]
    fn the_table_is_aligned_and_safe_to_print() {
        let mut hostile = record("2026-11-24T07:05:00+01:00", "neck", false);
        hostile.name = "Evil\u{1b}]0;owned\u{7} routine".into();
        hostile.tension_before = Some(7);
        let (_dir, log) = log_with(&[sample(), hostile]);
        let text = run(&log, &LogOptions::default());
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
        let expected = "\
DATE        TIME   ROUTINE                 AREAS            MIN  RESULT           TENSION
2026-11-25  11:30  Neck release            neck, shoulders    8  done             6 → 3
2026-11-24  07:05  Evil\u{FFFD}]0;owned\u{FFFD} routine  neck              10  ended early 2/6  7 → ?
";
        assert_eq!(text, expected);
    }

    #[test]
    fn an_empty_log_and_an_empty_match_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        assert_eq!(
            run(&log, &LogOptions::default()),
            format!("{EMPTY_LOG_MESSAGE}\n")
        );
        let csv = LogOptions {
            format: LogFormat::Csv,
            ..LogOptions::default()
        };
        assert_eq!(run(&log, &csv), CSV_HEADER.join(",") + "\n");
        let (_dir, log) = log_with(&[sample()]);
        let none = LogOptions {
            area: Some(Area::Feet),
            ..LogOptions::default()
        };
        assert_eq!(run(&log, &none), "No sessions match; 1 in the log in all.\n");
    }

    #[test]
    fn jsonl_lines_are_records() {
        let (_dir, log) = log_with(&[sample()]);
        let jsonl = LogOptions {
            format: LogFormat::Jsonl,
            ..LogOptions::default()
        };
        let text = run(&log, &jsonl);
        assert_eq!(Record::from_json_line(text.trim_end()).unwrap(), sample());
    }

    #[test]
    fn csv_reads_back_with_the_csv_crate() {
        let mut tricky = record("2026-11-24T07:05:00+01:00", "neck", false);
        tricky.name = "Neck, \"quick\"".into();
        tricky.note = Some("line one\nline two".into());
        let (_dir, log) = log_with(&[sample(), tricky.clone()]);
        let options = LogOptions {
            format: LogFormat::Csv,
            ..LogOptions::default()
        };
        let text = run(&log, &options);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], sample().id);
        assert_eq!(&rows[0][3], "neck;shoulders");
        assert_eq!(&rows[0][4], "2026-11-25T11:30:12+01:00");
        assert_eq!(&rows[0][11], "6");
        assert_eq!(&rows[1][2], "Neck, \"quick\"");
        assert_eq!(&rows[1][10], "false");
        assert_eq!(&rows[1][11], "");
        assert_eq!(&rows[1][13], "line one\nline two");
    }
}
