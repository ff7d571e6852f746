//! `knead due`: quiet when a session was completed today, else a one-line nudge naming the
//! area least recently worked. It reads the log from its end and stops as soon as the answer
//! is known, so it stays fast however long the log is (it is meant for a shell prompt).
//!
//! Reading from the end assumes the log is roughly in time order, which holds for lines
//! appended by sessions; `knead import` appends older sessions after newer ones, and until
//! new sessions follow them the answer may name an area by an imported session's date.

use std::fmt;
use std::ops::ControlFlow;

use chrono::{DateTime, NaiveDate, TimeZone};

use super::error::LogError;
use super::local_day;
use super::record::Glance;
use super::store::{LogFile, Warning};
use crate::routine::Area;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Due {
    /// A session was completed today: say nothing.
    DoneToday,
    Nudge(Nudge),
}

/// How far back `due` reads. An area not worked for this long is named without reading
/// further: the whole log would be needed to prove "never", and a prompt cannot wait for that.
pub const HORIZON_DAYS: u64 = 14;

/// The area to suggest and when it was last worked (`None`: not within the horizon, or never
/// when the log is shorter than that).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nudge {
    pub area: Area,
    pub last_worked: Option<NaiveDate>,
    pub today: NaiveDate,
    /// The log goes back further than [`HORIZON_DAYS`], and reading stopped there.
    pub beyond_horizon: bool,
}

impl fmt::Display for Nudge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "No session yet today. Least recently worked: {}", self.area)?;
        match self.last_worked {
            None if self.beyond_horizon => write!(f, " (not in the last {} weeks).", HORIZON_DAYS / 7),
            None => write!(f, " (not yet)."),
            Some(day) => match (self.today - day).num_days() {
                0 => write!(f, " (earlier today)."),
                1 => write!(f, " (yesterday)."),
                n => write!(f, " ({n} days ago)."),
            },
        }
    }
}

impl Due {
    /// The line to print, if any.
    pub fn message(&self) -> Option<String> {
        match self {
            Due::DoneToday => None,
            Due::Nudge(nudge) => Some(nudge.to_string()),
        }
    }
}

/// Answers `knead due` among `areas` (all areas when empty; the caller may pass the areas of
/// the routines the person has). A session counts for the local day it started on in `now`'s
/// zone; only a completed one makes today done, and any session, even one ended early, counts
/// as working its areas. Never-worked areas come first, in the order given.
pub fn check_due<Tz: TimeZone>(
    log: &LogFile,
    areas: &[Area],
    now: &DateTime<Tz>,
    on_warning: impl FnMut(Warning),
) -> Result<Due, LogError> {
    let areas = if areas.is_empty() { Area::ALL } else { areas };
    let tz = now.timezone();
    let today = now.date_naive();
    let mut unseen: Vec<Area> = Vec::with_capacity(areas.len());
    for area in areas {
        if !unseen.contains(area) {
            unseen.push(*area);
        }
    }
    // The area seen last while reading backwards is the least recently worked.
    let mut oldest: Option<(Area, NaiveDate)> = None;
    let mut done_today = false;
    let horizon = today
        .checked_sub_days(chrono::Days::new(HORIZON_DAYS))
        .unwrap_or(NaiveDate::MIN);
    let mut beyond_horizon = false;
    log.read_backwards_as(
        Glance::from_json_line,
        |record| {
            let day = local_day(&record.started, &tz);
            if day < horizon {
                beyond_horizon = true;
                return ControlFlow::Break(());
            }
            if record.completed && day == today {
                done_today = true;
                return ControlFlow::Break(());
            }
            for &area in &record.areas {
                if let Some(i) = unseen.iter().position(|a| *a == area) {
                    unseen.remove(i);
                    oldest = Some((area, day));
                }
            }
            // Every area has been seen, so the last one seen is the answer; but today's
            // completed session could still be further up if the log is slightly out of order
            // (two terminals), so keep going until a record from before today.
            if unseen.is_empty() && day < today {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
        on_warning,
    )?;
    if done_today {
        return Ok(Due::DoneToday);
    }
    // Never-worked areas first. Once every area has been seen `oldest` is set, so the
    // fallback is never taken.
    let (area, last_worked) = match unseen.first() {
        Some(area) => (*area, None),
        None => oldest.map_or((areas[0], None), |(area, day)| (area, Some(day))),
    };
    Ok(Due::Nudge(Nudge {
        area,
        last_worked,
        today,
        beyond_horizon,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::record::Record;
    use crate::log::store::LogOrigin;
    use crate::log::testing::{at, log_with, record};

    fn areas() -> Vec<Area> {
        vec![Area::Neck, Area::Jaw, Area::Feet]
    }

    #[test]
    fn quiet_when_a_session_was_completed_today() {
        let (_dir, log) = log_with(&[
            record("2026-11-20T08:00:00+01:00", "jaw", true),
            record("2026-11-25T00:30:00+01:00", "neck", true),
        ]);
        let now = at("2026-11-25T21:00:00+01:00");
        let due = check_due(&log, &areas(), &now, |w| panic!("{w}")).unwrap();
        assert_eq!(due, Due::DoneToday);
        assert_eq!(due.message(), None);
    }

    #[test]
    fn an_early_end_today_still_nudges_and_names_the_oldest_area() {
        let (_dir, log) = log_with(&[
            record("2026-11-15T08:00:00+01:00", "feet", true),
            record("2026-11-20T08:00:00+01:00", "jaw", true),
            record("2026-11-24T08:00:00+01:00", "neck", true),
            record("2026-11-25T08:00:00+01:00", "neck", false),
        ]);
        let now = at("2026-11-25T21:00:00+01:00");
        let due = check_due(&log, &areas(), &now, |w| panic!("{w}")).unwrap();
        assert_eq!(
            due.message().unwrap(),
            "No session yet today. Least recently worked: feet (10 days ago)."
        );
    }

    #[test]
    fn a_never_worked_area_comes_first_and_an_empty_log_nudges() {
        let (_dir, log) = log_with(&[record("2026-11-24T08:00:00+01:00", "neck", true)]);
        let now = at("2026-11-25T21:00:00+01:00");
        let due = check_due(&log, &areas(), &now, |_| ()).unwrap();
        let Due::Nudge(nudge) = due else { panic!() };
        assert_eq!((nudge.area, nudge.last_worked), (Area::Jaw, None));
        let dir = tempfile::tempdir().unwrap();
        let empty = LogFile::new(dir.path().join("none.jsonl"), LogOrigin::Named);
        let due = check_due(&empty, &[], &now, |_| ()).unwrap();
        assert_eq!(
            due.message().unwrap(),
            "No session yet today. Least recently worked: neck (not yet)."
        );
    }

    #[test]
    fn reading_stops_at_the_horizon_and_says_so() {
        let (_dir, log) = log_with(&[
            record("2026-09-01T08:00:00+01:00", "jaw", true),
            record("2026-10-01T08:00:00+01:00", "feet", true),
            record("2026-11-24T08:00:00+01:00", "neck", true),
        ]);
        let now = at("2026-11-25T21:00:00+01:00");
        // Reading stops at the October session, so the jaw is not seen at all: it is named
        // first, as not worked within the horizon.
        let due = check_due(&log, &areas(), &now, |_| ()).unwrap();
        let Due::Nudge(nudge) = &due else { panic!() };
        assert_eq!(
            (nudge.area, nudge.last_worked, nudge.beyond_horizon),
            (Area::Jaw, None, true)
        );
        assert_eq!(
            due.message().unwrap(),
            "No session yet today. Least recently worked: jaw (not in the last 2 weeks)."
        );
    }

    #[test]
    fn the_answer_comes_from_the_end_without_reading_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        // Thousands of garbage lines up front: reaching any of them would raise a warning.
        let mut text = "not json\n".repeat(50_000);
        for r in [
            record("2026-11-21T08:00:00+01:00", "feet", true),
            record("2026-11-22T08:00:00+01:00", "jaw", true),
            record("2026-11-23T08:00:00+01:00", "neck", true),
        ] {
            text.push_str(&r.to_json_line());
            text.push('\n');
        }
        std::fs::write(&path, text).unwrap();
        let log = LogFile::new(&path, LogOrigin::Named);
        let now = at("2026-11-25T21:00:00+01:00");
        let due = check_due(&log, &areas(), &now, |w| panic!("read too far: {w}")).unwrap();
        let Due::Nudge(nudge) = due else { panic!() };
        assert_eq!(nudge.area, Area::Feet);
        let done_now = at("2026-11-23T21:00:00+01:00");
        assert_eq!(
            check_due(&log, &areas(), &done_now, |w| panic!("{w}")).unwrap(),
            Due::DoneToday
        );
    }

    #[test]
    fn a_hundred_thousand_sessions_answer_from_the_last_few() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        let records: Vec<Record> = crate::log::synthetic_records(100_000, 3).collect();
        log.append_many(&records).unwrap();
        let now = records.last().unwrap().started + chrono::Duration::days(1);

        let start = std::time::Instant::now();
        let due = check_due(&log, &[Area::Neck, Area::Jaw], &now, |w| panic!("{w}")).unwrap();
        let answer = start.elapsed();
        let Due::Nudge(nudge) = due else { panic!() };
        let last_jaw = records.iter().rev().find(|r| r.areas.iter().any(|a| a == "jaw"));
        let last_neck = records.iter().rev().find(|r| r.areas.iter().any(|a| a == "neck"));
        let expected = if last_jaw.unwrap().started < last_neck.unwrap().started {
            Area::Jaw
        } else {
            Area::Neck
        };
        assert_eq!(nudge.area, expected);

        let start = std::time::Instant::now();
        let mut read = 0;
        log.read_backwards(
            |_| {
                read += 1;
                ControlFlow::Continue(())
            },
            |_| (),
        )
        .unwrap();
        let whole = start.elapsed();
        assert_eq!(read, 100_000);
        // Relative, so a busy machine does not fail it: the answer reads a few lines, not all.
        assert!(answer * 20 < whole, "answer {answer:?}, whole log {whole:?}");
    }
}
