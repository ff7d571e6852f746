//! `knead due`: quiet when a session was completed today, else a one-line nudge naming the
//! area least recently worked. It reads the log from its end and stops soon after the answer
//! is known, so it stays fast however long the log is (it is meant for a shell prompt).
//!
//! Reading from the end relies on the log being nearly in time order: `knead import` keeps it
//! so, and sessions are appended as they end. Sessions from two terminals can still end out
//! of order, and one paused for days comes after everything since it began; so the answer is
//! worked out from every session read, whatever their order, and reading goes on some way
//! past the point where it seems settled (see [`SLACK_SESSIONS`]).

use std::fmt;
use std::ops::ControlFlow;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

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

/// Reading stops once this many sessions have been read that started more than a day
/// before the oldest day that could still change the answer: a session out of place by more
/// than that is one in a great many.
pub const SLACK_SESSIONS: u32 = 8;

/// The area to suggest and when it was last worked (`None`: not within the horizon, or never
/// when the log is shorter than that).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nudge {
    pub area: Area,
    pub last_worked: Option<NaiveDate>,
    pub today: NaiveDate,
    /// The log goes back further than [`HORIZON_DAYS`]: a session older than that was read.
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
/// zone; only a completed one makes today done or counts as working its areas (one ended
/// early is as if it were not there). Never-worked areas come first, in the order given.
pub fn check_due<Tz: TimeZone>(
    log: &LogFile,
    areas: &[Area],
    now: &DateTime<Tz>,
    on_warning: impl FnMut(Warning),
) -> Result<Due, LogError> {
    let areas = if areas.is_empty() { Area::ALL } else { areas };
    let tz = now.timezone();
    let today = now.date_naive();
    let mut wanted: Vec<Area> = Vec::with_capacity(areas.len());
    for area in areas {
        if !wanted.contains(area) {
            wanted.push(*area);
        }
    }
    // The start of the latest session within the horizon that worked each wanted area.
    let mut latest: Vec<Option<DateTime<FixedOffset>>> = vec![None; wanted.len()];
    let mut done_today = false;
    let horizon = today
        .checked_sub_days(chrono::Days::new(HORIZON_DAYS))
        .unwrap_or(NaiveDate::MIN);
    let mut beyond_horizon = false;
    let mut past_the_answer = 0;
    log.read_backwards_as(
        Glance::from_json_line,
        |record| {
            if !record.completed {
                return ControlFlow::Continue(());
            }
            let day = local_day(&record.started, &tz);
            if day == today {
                done_today = true;
                return ControlFlow::Break(());
            }
            if day < horizon {
                beyond_horizon = true;
            } else {
                for area in &record.areas {
                    if let Some(i) = wanted.iter().position(|a| a == area) {
                        latest[i] = latest[i].max(Some(record.started));
                    }
                }
            }
            // Only a session from this day on could still change the answer: one completed
            // today, one for an area not seen yet, or a later one for the oldest area.
            let needed_from = match latest.iter().min() {
                Some(Some(oldest)) => local_day(oldest, &tz).min(today),
                _ => horizon,
            };
            if day
                .checked_add_days(chrono::Days::new(1))
                .is_some_and(|d| d < needed_from)
            {
                past_the_answer += 1;
            }
            if past_the_answer >= SLACK_SESSIONS {
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
    // Never-worked areas first, in the order given; then the one worked longest ago.
    let (area, last_worked) = match latest.iter().position(Option::is_none) {
        Some(i) => (wanted[i], None),
        None => {
            let (i, oldest) = latest
                .iter()
                .enumerate()
                .min_by_key(|(_, time)| **time)
                .map(|(i, time)| (i, time.map(|t| local_day(&t, &tz))))
                .unwrap_or((0, None));
            (wanted[i], oldest)
        }
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
    fn a_session_ended_early_does_not_count_as_working_its_areas() {
        let (_dir, log) = log_with(&[
            record("2026-11-15T08:00:00+01:00", "feet", true),
            record("2026-11-20T08:00:00+01:00", "jaw", true),
            record("2026-11-24T08:00:00+01:00", "neck", true),
            // Skipped through on the feet: they are still the area least recently worked.
            record("2026-11-25T08:00:00+01:00", "feet", false),
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
    fn sessions_that_ended_out_of_order_are_all_counted() {
        // Two terminals: a long jaw session begun before midnight ended after a short neck
        // session begun after it, so its line comes last.
        let mut jaw = record("2026-11-22T23:30:00+01:00", "jaw", true);
        jaw.ended = at("2026-11-23T00:40:00+01:00");
        let neck = record("2026-11-23T00:10:00+01:00", "neck", true);
        let (_dir, log) = log_with(&[record("2026-11-18T08:00:00+01:00", "jaw", true), neck, jaw]);
        let now = at("2026-11-25T21:00:00+01:00");
        let due = check_due(&log, &[Area::Neck, Area::Jaw], &now, |w| panic!("{w}")).unwrap();
        assert_eq!(
            due.message().unwrap(),
            "No session yet today. Least recently worked: jaw (3 days ago)."
        );
    }

    #[test]
    fn older_sessions_at_the_end_hide_nothing() {
        // As an import by an earlier knead left a log: older sessions after today's.
        let older = [
            record("2026-10-01T08:00:00+01:00", "jaw", true),
            record("2026-09-20T08:00:00+01:00", "feet", true),
        ];
        let now = at("2026-11-25T21:00:00+01:00");
        let done = record("2026-11-25T08:00:00+01:00", "neck", true);
        let (_dir, log) = log_with(&[&[done][..], &older].concat());
        assert_eq!(check_due(&log, &areas(), &now, |_| ()).unwrap(), Due::DoneToday);

        let early = record("2026-11-25T08:00:00+01:00", "neck", false);
        let (_dir, log) = log_with(&[&[early][..], &older].concat());
        let due = check_due(&log, &areas(), &now, |_| ()).unwrap();
        // The neck session ended early, so no area was worked in the last two weeks.
        assert_eq!(
            due.message().unwrap(),
            "No session yet today. Least recently worked: neck (not in the last 2 weeks)."
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
        // The September and October sessions are beyond the horizon: the jaw is named first,
        // as not worked within it.
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
        // Before the last sessions, enough older ones for reading to stop among them.
        let mut text = "not json\n".repeat(50_000);
        for day in 1..=SLACK_SESSIONS {
            text.push_str(&record(&format!("2026-11-0{day}T08:00:00+01:00"), "jaw", true).to_json_line());
            text.push('\n');
        }
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
