//! The session log: every finished or ended-early session as one JSON line, the store that
//! appends and reads it, and what is read back from it: chosen sessions, figures, the answer
//! to `due`. Plain Rust, no terminal types and no output: each question takes the current
//! time and gives plain data, which the commands (src/commands/history/) and the full-screen
//! views show, so tests need neither a clock nor a terminal.
//!
//! Time is always passed in as a `DateTime<Tz>`; its time zone decides which local day a
//! session belongs to (`chrono::Local` in the program, fixed or test zones in tests).

mod date_arg;
pub mod digest;
pub mod due;
pub mod effect;
pub mod error;
#[cfg(any(test, feature = "test-support"))]
pub mod fixture;
pub mod import;
mod lines;
mod local_days;
mod once;
pub mod query;
mod recent;
pub mod record;
pub mod recorder;
mod rewrite;
mod seen;
pub mod session_id;
pub mod stats;
pub mod store;
pub mod tension;
pub mod view;
pub mod worked;

pub use due::{Due, Nudge, check_due};
pub use error::LogError;
#[cfg(any(test, feature = "test-support"))]
pub use fixture::RecordBuilder;
pub use import::{ImportSummary, import_file};
pub use lines::{LinePosition, ReadSummary, Warning};
pub use query::{DateArg, LogOptions, select};
#[cfg(any(test, feature = "test-support"))]
pub use record::synthetic_records;
pub use record::{Record, SCHEMA_VERSION};
pub use stats::{
    Day, Group, HeatMap, HeatMapRows, RoutineHistory, Stats, StatsBuilder, Totals, gather_stats, minutes,
};
pub use store::{LogFile, LogOrigin};
pub use tension::Tension;
pub use view::RecordView;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

/// The local day a moment falls on in `tz`: the day a session counts for.
pub(crate) fn local_day<Tz: TimeZone>(time: &DateTime<FixedOffset>, tz: &Tz) -> NaiveDate {
    time.with_timezone(tz).date_naive()
}

#[cfg(test)]
pub(crate) mod testing {
    use super::fixture::RecordBuilder;
    use super::record::Record;
    use super::store::{LogFile, LogOrigin};
    use chrono::{DateTime, FixedOffset};

    /// A log holding `records`, in a folder that lasts as long as the `TempDir`.
    pub fn log_with(records: &[Record]) -> (tempfile::TempDir, LogFile) {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        log.append_many(records).unwrap();
        (dir, log)
    }

    pub fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    /// A rated, completed session with a note that needs escaping.
    pub fn sample() -> Record {
        let mut record = RecordBuilder::new(at("2026-11-25T11:30:12+01:00"))
            .areas(&["neck", "shoulders"])
            .minutes(8)
            .steps(8)
            .rated(6, Some(3))
            .note("left side \"tight\", better")
            .build();
        record.id = "20261125T103012Z-0000abcd".into();
        record.ended = at("2026-11-25T11:39:40+01:00");
        record.active_s = 470;
        record
    }

    /// Sessions of 5, 10, 20, 40 and 80 minutes spread over the twelve weeks up to Wednesday
    /// 25 November 2026, one in each quartile of the heat map and one above, then one from
    /// the week before the map begins.
    pub fn heat_map_records() -> Vec<Record> {
        let mut records = Vec::new();
        for (date, minutes) in [
            ("2026-09-07", 5),
            ("2026-11-02", 10),
            ("2026-11-16", 20),
            ("2026-11-24", 40),
            ("2026-11-25", 80),
        ] {
            let mut r = record(&format!("{date}T08:00:00+01:00"), "neck", true);
            r.active_s = minutes * 60;
            records.push(r);
        }
        records.push(record("2026-08-31T08:00:00+02:00", "neck", true));
        records
    }

    /// A ten-minute session of `routine` (working the area of the same name) at `started`.
    pub fn record(started: &str, routine: &str, completed: bool) -> Record {
        let record = RecordBuilder::new(at(started))
            .routine(routine, &format!("The {routine} routine"))
            .areas(&[routine]);
        if completed { record } else { record.ended_early(2) }.build()
    }
}
