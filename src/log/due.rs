//! `knead due`: quiet when a session was completed today, else a one-line nudge naming the
//! area least recently worked.
//!
//! The log may be in any order (a log joined by hand with `cat`, sessions from two terminals
//! that ended out of order, one left paused for days), so every line is read, as `stats` and
//! `log` read them: with the same validation (`Record::validate`, which `RecordView` makes
//! too), a repeated id counted once, and a session that starts after `now` (a clock set
//! wrong elsewhere) taken as not yet happened. A long log is read in parts on two cores at
//! once, each line where it lies, without copying its text.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use super::error::LogError;
use super::local_day;
use super::local_days::LocalDays;
use super::store::{LogFile, Warning};
use super::view::RecordView;
use crate::routine::Area;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Due {
    /// A session was completed today: say nothing.
    DoneToday,
    Nudge(Nudge),
}

/// How far back a session still counts as working its areas: an area last worked before that
/// is named as not worked in these weeks.
pub const HORIZON_DAYS: u64 = 14;

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
pub fn check_due<Tz>(
    log: &LogFile,
    areas: &[Area],
    now: &DateTime<Tz>,
    on_warning: impl FnMut(Warning),
) -> Result<Due, LogError>
where
    Tz: TimeZone + Send + Sync,
    Tz::Offset: Send + Sync,
{
    let areas = if areas.is_empty() { Area::ALL } else { areas };
    let mut wanted: Vec<Area> = Vec::with_capacity(areas.len());
    for area in areas {
        if !wanted.contains(area) {
            wanted.push(*area);
        }
    }
    let now_fixed = now.fixed_offset();
    let new = || Seen::new(wanted.len(), now.timezone());
    let feed = |seen: &mut Seen<Tz>, record: &RecordView| seen.add(record, &wanted, now, &now_fixed);
    let seen = log.read_views_in_parts(new, feed, Seen::join, on_warning)?;
    if seen.done_today {
        return Ok(Due::DoneToday);
    }
    let tz = now.timezone();
    // Never-worked areas first, in the order given; then the one worked longest ago.
    let (area, last_worked) = match seen.latest.iter().position(Option::is_none) {
        Some(i) => (wanted[i], None),
        None => {
            let (i, oldest) = seen
                .latest
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
        today: now.date_naive(),
        beyond_horizon: seen.beyond_horizon,
    }))
}

/// What the sessions read so far say, in an order that does not matter.
struct Seen<Tz: TimeZone> {
    local_days: LocalDays<Tz>,
    done_today: bool,
    /// The start of the latest session within the horizon that worked each wanted area.
    latest: Vec<Option<DateTime<FixedOffset>>>,
    /// A session older than the horizon was read.
    beyond_horizon: bool,
}

impl<Tz: TimeZone> Seen<Tz> {
    fn new(areas: usize, tz: Tz) -> Seen<Tz> {
        Seen {
            local_days: LocalDays::new(tz),
            done_today: false,
            latest: vec![None; areas],
            beyond_horizon: false,
        }
    }

    fn add(
        &mut self,
        record: &RecordView,
        wanted: &[Area],
        now: &DateTime<Tz>,
        now_fixed: &DateTime<FixedOffset>,
    ) {
        // Not yet happened: recorded by a machine whose clock is ahead.
        if record.started > *now_fixed || !record.completed {
            return;
        }
        let today = now.date_naive();
        let day = self.local_days.of(&record.started);
        if day == today {
            self.done_today = true;
        }
        let horizon = today
            .checked_sub_days(chrono::Days::new(HORIZON_DAYS))
            .unwrap_or(NaiveDate::MIN);
        if day < horizon {
            self.beyond_horizon = true;
            return;
        }
        for area in record.areas.iter().filter_map(Area::parse) {
            if let Some(i) = wanted.iter().position(|a| *a == area) {
                self.latest[i] = self.latest[i].max(Some(record.started));
            }
        }
    }

    fn join(&mut self, other: Seen<Tz>) {
        self.done_today |= other.done_today;
        self.beyond_horizon |= other.beyond_horizon;
        for (mine, theirs) in self.latest.iter_mut().zip(other.latest) {
            *mine = (*mine).max(theirs);
        }
    }
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
    fn todays_session_before_older_ones_still_counts() {
        // `cat other.jsonl >> log`: ten older sessions after today's.
        let mut records = vec![record("2026-11-25T08:00:00+01:00", "neck", true)];
        for day in 10..20 {
            records.push(record(&format!("2026-11-{day}T08:00:00+01:00"), "jaw", true));
        }
        let (_dir, log) = log_with(&records);
        let now = at("2026-11-25T21:00:00+01:00");
        assert_eq!(
            check_due(&log, &areas(), &now, |w| panic!("{w}")).unwrap(),
            Due::DoneToday
        );
        // And an area worked only early in the file still counts as worked then.
        records[0] = record("2026-11-23T08:00:00+01:00", "neck", true);
        records.insert(0, record("2026-11-24T08:00:00+01:00", "feet", true));
        let (_dir, log) = log_with(&records);
        let due = check_due(&log, &areas(), &now, |w| panic!("{w}")).unwrap();
        assert_eq!(
            due.message().unwrap(),
            "No session yet today. Least recently worked: jaw (6 days ago)."
        );
    }

    #[test]
    fn records_other_readers_reject_do_not_count() {
        let today = record("2026-11-25T08:00:00+01:00", "neck", true);
        let line = today.to_json_line();
        let bad = [
            line.replace(
                &format!("\"v\":{}", crate::log::record::SCHEMA_VERSION),
                "\"v\":0",
            ),
            line.replace(
                &format!(",\"ended\":\"{}\"", crate::log::record::format_time(&today.ended)),
                "",
            ),
            line.replace(&crate::log::record::format_time(&today.ended), "yesterday"),
            line.replace("\"completed\":true", "\"completed\":true,\"tension_before\":11"),
            line.replace(&today.id, ""),
            line.replace(&format!("\"id\":\"{}\",", today.id), ""),
        ];
        let now = at("2026-11-25T21:00:00+01:00");
        for bad in bad {
            assert_ne!(bad, line);
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("log.jsonl");
            std::fs::write(&path, format!("{bad}\n")).unwrap();
            let log = LogFile::new(&path, LogOrigin::Named);
            let mut warnings = 0;
            let due = check_due(&log, &areas(), &now, |_| warnings += 1).unwrap();
            assert!(matches!(due, Due::Nudge(_)), "{bad}");
            assert_eq!(warnings, 1, "{bad}");
        }
    }

    #[test]
    fn a_session_in_the_future_has_not_happened_yet() {
        let (_dir, log) = log_with(&[
            record("2026-11-20T08:00:00+01:00", "neck", true),
            record("2026-11-25T22:00:00+01:00", "jaw", true),
            record("2026-12-25T08:00:00+01:00", "neck", true),
        ]);
        let now = at("2026-11-25T21:00:00+01:00");
        let due = check_due(&log, &[Area::Neck], &now, |w| panic!("{w}")).unwrap();
        assert_eq!(
            due.message().unwrap(),
            "No session yet today. Least recently worked: neck (5 days ago)."
        );
    }

    #[test]
    fn a_shuffled_long_log_gives_the_same_answer_as_an_ordered_one() {
        let records: Vec<Record> = crate::log::synthetic_records(60_000, 3).collect();
        let now = records[records.len() - 40].started + chrono::Duration::hours(1);
        let (_dir, ordered) = log_with(&records);
        let mut shuffled = records.clone();
        // A fixed permutation: reversed halves, then interleaved.
        let half = shuffled.len() / 2;
        shuffled[..half].reverse();
        shuffled.rotate_left(half / 3);
        let (_dir2, shuffled) = log_with(&shuffled);
        for areas in [vec![Area::Neck, Area::Jaw], Vec::new()] {
            let a = check_due(&ordered, &areas, &now, |w| panic!("{w}")).unwrap();
            let b = check_due(&shuffled, &areas, &now, |w| panic!("{w}")).unwrap();
            assert_eq!(a, b);
        }
    }
}
