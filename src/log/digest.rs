//! One pass over the log for the full-screen view: the picker's marks, the history screen and
//! the line on the end screen all come from the figures gathered here, so the log is read once
//! however many of them are shown. What is kept grows with the days, the routines and the few
//! latest sessions, never with the number of sessions.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use chrono::{DateTime, NaiveDate, TimeZone};

use super::error::LogError;
use super::local_day;
use super::record::Record;
use super::stats::{HEAT_MAP_WEEKS, RoutineHistory, Stats, StatsBuilder, minutes, streaks};
use super::store::{LogFile, Warning};
use crate::ranking::MIN_RATED;

/// How many of the latest sessions are kept, newest first.
pub const LATEST_KEPT: usize = 40;

/// The tension ratings of one routine's sessions rated both before and after.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Ratings {
    rated: u64,
    before_sum: u64,
    after_sum: u64,
}

impl Ratings {
    fn add(&mut self, before: u8, after: u8) {
        self.rated += 1;
        self.before_sum += u64::from(before);
        self.after_sum += u64::from(after);
    }
}

/// One routine's line in the history: how tense the person was before and after it.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutineRow {
    pub id: String,
    /// The name as of its latest session.
    pub name: String,
    pub sessions: u64,
    pub rated: u64,
    /// Averages over the rated sessions; `None` when none was rated.
    pub before: Option<f64>,
    pub after: Option<f64>,
}

impl RoutineRow {
    pub fn change(&self) -> Option<f64> {
        Some(self.after? - self.before?)
    }

    /// Whether the average rests on enough ratings to go by.
    pub fn enough(&self) -> bool {
        self.rated >= MIN_RATED
    }
}

/// What the full-screen view knows of the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Digest {
    /// The same figures as `knead stats`: totals, this week, streaks, the 12-week calendar,
    /// per routine.
    pub stats: Stats,
    /// The latest sessions, newest first, at most [`LATEST_KEPT`].
    pub latest: Vec<Record>,
    /// Damaged lines that were skipped.
    pub skipped_lines: u64,
    /// Local days with a completed session, for the streak once a new session is added.
    done_days: BTreeSet<NaiveDate>,
}

/// A record ordered by its start, then its id, for keeping the latest few.
#[derive(Debug)]
struct ByStart(Record);

impl ByStart {
    fn key(&self) -> (DateTime<chrono::Utc>, &str) {
        ByStart::key_of(&self.0)
    }

    fn key_of(record: &Record) -> (DateTime<chrono::Utc>, &str) {
        (record.started.to_utc(), record.id.as_str())
    }
}

impl PartialEq for ByStart {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for ByStart {}

impl PartialOrd for ByStart {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ByStart {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// Gathers a [`Digest`] one record at a time; two builders over the two halves of a log merge.
pub struct DigestBuilder<Tz: TimeZone> {
    tz: Tz,
    stats: StatsBuilder<Tz>,
    /// The latest sessions so far, the oldest of them on top.
    latest: BinaryHeap<Reverse<ByStart>>,
    done_days: BTreeSet<NaiveDate>,
    /// The last day inserted: a log in time order repeats it, and a set insert is dearer.
    last_done_day: Option<NaiveDate>,
}

impl<Tz: TimeZone> DigestBuilder<Tz> {
    pub fn new(now: &DateTime<Tz>) -> Self {
        DigestBuilder {
            tz: now.timezone(),
            stats: StatsBuilder::new(now, None),
            latest: BinaryHeap::with_capacity(LATEST_KEPT + 1),
            done_days: BTreeSet::new(),
            last_done_day: None,
        }
    }

    pub fn add(&mut self, record: Record) {
        self.stats.add(&record);
        if !self.stats.has_happened(&record) {
            return;
        }
        if record.completed {
            let day = local_day(&record.started, &self.tz);
            if self.last_done_day != Some(day) {
                self.done_days.insert(day);
                self.last_done_day = Some(day);
            }
        }
        self.keep_latest(ByStart(record));
    }

    fn keep_latest(&mut self, record: ByStart) {
        if self.latest.len() == LATEST_KEPT
            && self
                .latest
                .peek()
                .is_some_and(|Reverse(oldest)| record <= *oldest)
        {
            return;
        }
        self.latest.push(Reverse(record));
        if self.latest.len() > LATEST_KEPT {
            self.latest.pop();
        }
    }

    /// Takes in the figures of `later`, gathered from the records after this one's.
    pub fn merge(&mut self, later: DigestBuilder<Tz>) {
        self.stats.merge(later.stats);
        for Reverse(record) in later.latest {
            self.keep_latest(record);
        }
        self.done_days.extend(later.done_days);
    }

    pub fn finish(self, skipped_lines: u64) -> Digest {
        let mut latest: Vec<Record> = self.latest.into_iter().map(|Reverse(r)| r.0).collect();
        latest.sort_by(|a, b| ByStart::key_of(b).cmp(&ByStart::key_of(a)));
        // Shown in the reader's local time, as `knead log` shows them, not in the offset of
        // the machine that recorded them (a log imported from another zone).
        for record in &mut latest {
            record.started = record.started.with_timezone(&self.tz).fixed_offset();
            record.ended = record.ended.with_timezone(&self.tz).fixed_offset();
        }
        Digest {
            stats: self.stats.finish(),
            latest,
            skipped_lines,
            done_days: self.done_days,
        }
    }
}

impl Digest {
    /// Reads the whole log once, as two halves on two cores when it is long. Damaged lines are
    /// counted, handed to `on_warning` and skipped (the full-screen view cannot print them
    /// while it runs; it shows the count, and `knead stats` names them).
    pub fn read<Tz>(
        log: &LogFile,
        now: &DateTime<Tz>,
        mut on_warning: impl FnMut(Warning),
    ) -> Result<Digest, LogError>
    where
        Tz: TimeZone + Send + Sync,
        Tz::Offset: Send + Sync,
    {
        let mut skipped = 0;
        let (mut first, second) = log.read_in_two(
            || DigestBuilder::new(now),
            |builder, record| builder.add(record),
            |warning| {
                skipped += 1;
                on_warning(warning);
            },
        )?;
        first.merge(second);
        Ok(first.finish(skipped))
    }

    /// Whether the log holds no session at all: a first-time user.
    pub fn is_empty(&self) -> bool {
        self.stats.in_log == 0
    }

    /// What the ranking needs of each routine, by id.
    pub fn routine_history(&self) -> HashMap<String, RoutineHistory> {
        self.stats
            .by_routine
            .iter()
            .map(|(id, group)| {
                let history = RoutineHistory {
                    last: group.last,
                    sessions: group.sessions,
                    tension_change_sum: group.tension_change_sum,
                    rated_sessions: group.rated_sessions,
                };
                (id.clone(), history)
            })
            .collect()
    }

    /// Every routine in the log with how tense the person was before and after it, best
    /// first: those whose average rests on enough ratings by the change (most eased first),
    /// then those with fewer ratings the same way, then those never rated, most done first.
    pub fn routine_rows(&self) -> Vec<RoutineRow> {
        let mut rows: Vec<RoutineRow> = self
            .stats
            .by_routine
            .iter()
            .map(|(id, group)| RoutineRow {
                id: id.clone(),
                name: group.name.clone(),
                sessions: group.sessions,
                rated: group.rated_sessions,
                before: group.tension_before(),
                after: group.tension_after(),
            })
            .collect();
        let tier = |r: &RoutineRow| match (r.enough(), r.rated > 0) {
            (true, _) => 0,
            (false, true) => 1,
            (false, false) => 2,
        };
        rows.sort_by(|a, b| {
            tier(a)
                .cmp(&tier(b))
                .then_with(|| a.change().unwrap_or(0.0).total_cmp(&b.change().unwrap_or(0.0)))
                .then_with(|| b.sessions.cmp(&a.sessions))
                .then_with(|| a.id.cmp(&b.id))
        });
        rows
    }

    /// Minutes done in each of the last [`HEAT_MAP_WEEKS`] weeks, Monday to Sunday, the
    /// current week last.
    pub fn weekly_minutes(&self) -> Vec<u64> {
        self.stats
            .heat_map
            .days
            .chunks(7)
            .map(|week| minutes(week.iter().map(|d| d.seconds).sum()))
            .take(HEAT_MAP_WEEKS)
            .collect()
    }

    /// The end screen's lines once `record` is in the log: for each routine of the session
    /// how often it was done and what it does for the person's tension, then the streak.
    /// The digest was read before the record was written, so the record is counted here.
    pub fn after_session<Tz: TimeZone>(&self, record: &Record, now: &DateTime<Tz>) -> Vec<String> {
        let mut lines = Vec::new();
        let ids: Vec<&str> = record.routine_ids().collect();
        for id in &ids {
            let group = self.stats.by_routine.get(*id);
            let ratings = group.map_or_else(Ratings::default, |g| Ratings {
                rated: g.rated_sessions,
                before_sum: g.tension_before_sum,
                after_sum: g.tension_after_sum,
            });
            let mut line = routine_line(
                group.map_or(0, |g| g.sessions) + 1,
                ratings,
                record.tension_before.zip(record.tension_after),
            );
            if ids.len() > 1 {
                line = format!("{id}: {line}");
            }
            lines.push(line);
        }
        let mut done_days = self.done_days.clone();
        if record.completed {
            done_days.insert(local_day(&record.started, &now.timezone()));
        }
        match streaks(done_days, now.date_naive()).0 {
            0 => {}
            1 => lines.push("Streak: 1 day.".to_string()),
            n => lines.push(format!("Streak: {n} days in a row.")),
        }
        lines
    }
}

/// "5th time; tension down 2.1 on average over 4 rated sessions."
fn routine_line(nth: u64, mut ratings: Ratings, this_one: Option<(u8, u8)>) -> String {
    if let Some((before, after)) = this_one {
        ratings.add(before, after);
    }
    let time = format!("{} time", ordinal(nth));
    if ratings.rated < MIN_RATED {
        return match MIN_RATED - ratings.rated {
            _ if ratings.rated == 0 => format!("{time}."),
            1 => format!("{time}; 1 more rated session shows what it does for your tension."),
            n => format!("{time}; {n} more rated sessions show what it does for your tension."),
        };
    }
    let change = (ratings.after_sum as f64 - ratings.before_sum as f64) / ratings.rated as f64;
    let rated = ratings.rated;
    let shown = (change.abs() * 10.0).round() / 10.0;
    if shown == 0.0 {
        format!("{time}; tension unchanged on average over {rated} rated sessions.")
    } else if change < 0.0 {
        format!("{time}; tension down {shown:.1} on average over {rated} rated sessions.")
    } else {
        format!("{time}; tension up {shown:.1} on average over {rated} rated sessions.")
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "112th".
pub fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::testing::{at, record};
    use crate::log::{LogOrigin, synthetic_records};

    fn rated(started: &str, routine: &str, before: u8, after: u8) -> Record {
        let mut r = record(started, routine, true);
        r.tension_before = Some(before);
        r.tension_after = Some(after);
        r
    }

    fn digest(records: Vec<Record>, now: &DateTime<chrono::FixedOffset>) -> Digest {
        let mut builder = DigestBuilder::new(now);
        for r in records {
            builder.add(r);
        }
        builder.finish(0)
    }

    #[test]
    fn a_session_in_the_future_has_not_happened_yet() {
        let now = at("2026-11-25T21:00:00+01:00");
        let past = record("2026-11-24T08:00:00+01:00", "neck", true);
        let future = record("2026-12-25T08:00:00+01:00", "neck", true);
        let digest = digest(vec![past.clone(), future], &now);
        assert_eq!(digest.stats.total.sessions, 1);
        assert_eq!(digest.stats.this_week.sessions, 1);
        assert_eq!(digest.latest, std::slice::from_ref(&past));
        assert_eq!(digest.routine_history()["neck"].last, past.started);
        assert_eq!(digest.stats.by_area["neck"].sessions, 1);
    }

    #[test]
    fn the_latest_sessions_are_in_the_readers_local_time() {
        let now = at("2026-11-25T21:00:00-05:00");
        let tokyo = record("2026-11-25T22:00:00+09:00", "neck", true);
        let digest = digest(vec![tokyo.clone()], &now);
        assert_eq!(digest.latest[0].started.to_rfc3339(), "2026-11-25T08:00:00-05:00");
        assert_eq!(digest.latest[0].started, tokyo.started);
    }

    #[test]
    fn ordinals() {
        let shown: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112]
            .map(ordinal)
            .to_vec();
        assert_eq!(
            shown,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th", "112th"
            ]
        );
    }

    #[test]
    fn the_end_screen_counts_the_new_session_in() {
        let now = at("2026-11-25T20:00:00+01:00");
        let d = digest(
            vec![
                rated("2026-11-20T08:00:00+01:00", "neck", 6, 4),
                rated("2026-11-21T08:00:00+01:00", "neck", 7, 4),
                record("2026-11-23T08:00:00+01:00", "neck", true),
                rated("2026-11-24T08:00:00+01:00", "neck", 5, 4),
            ],
            &now,
        );
        let mut new = rated("2026-11-25T19:00:00+01:00", "neck", 6, 4);
        // (-2 - 3 - 1 - 2) / 4
        assert_eq!(
            d.after_session(&new, &now),
            [
                "5th time; tension down 2.0 on average over 4 rated sessions.",
                "Streak: 3 days in a row."
            ]
        );
        new.tension_after = None;
        new.completed = false;
        assert_eq!(
            d.after_session(&new, &now),
            [
                "5th time; tension down 2.0 on average over 3 rated sessions.",
                "Streak: 2 days in a row."
            ]
        );
        let first = rated("2026-11-25T19:00:00+01:00", "jaw+feet", 6, 6);
        assert_eq!(
            d.after_session(&first, &now),
            [
                "jaw: 1st time; 2 more rated sessions show what it does for your tension.",
                "feet: 1st time; 2 more rated sessions show what it does for your tension.",
                "Streak: 3 days in a row."
            ]
        );
        let empty = digest(Vec::new(), &now);
        assert_eq!(
            empty.after_session(&record("2026-11-25T19:00:00+01:00", "jaw", true), &now),
            ["1st time.", "Streak: 1 day."]
        );
    }

    #[test]
    fn routines_best_first_and_weekly_minutes() {
        let now = at("2026-11-25T20:00:00+01:00");
        let d = digest(
            vec![
                rated("2026-11-02T08:00:00+01:00", "neck", 6, 3),
                rated("2026-11-03T08:00:00+01:00", "neck", 6, 4),
                rated("2026-11-04T08:00:00+01:00", "neck", 7, 5),
                rated("2026-11-05T08:00:00+01:00", "jaw", 8, 1), // one rating: not enough
                rated("2026-11-06T08:00:00+01:00", "feet", 5, 5),
                rated("2026-11-07T08:00:00+01:00", "feet", 5, 5),
                rated("2026-11-08T08:00:00+01:00", "feet", 5, 6),
                record("2026-11-24T08:00:00+01:00", "hands", true),
                record("2026-11-25T08:00:00+01:00", "hands", false),
            ],
            &now,
        );
        let rows = d.routine_rows();
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["neck", "feet", "jaw", "hands"]);
        assert_eq!((rows[0].before, rows[0].after), (Some(19.0 / 3.0), Some(4.0)));
        assert_eq!((rows[2].rated, rows[2].enough()), (1, false));
        assert_eq!((rows[3].sessions, rows[3].before), (2, None));
        let weeks = d.weekly_minutes();
        assert_eq!(weeks.len(), HEAT_MAP_WEEKS);
        // Seven sessions of ten minutes in the week of Monday 2 November, two this week.
        assert_eq!(&weeks[8..], [70, 0, 0, 20]);
        assert_eq!(d.latest.len(), 9);
        assert_eq!(d.latest[0].started, at("2026-11-25T08:00:00+01:00"));
        assert_eq!(d.routine_history()["neck"].rated_sessions, 3);
    }

    #[test]
    fn each_routine_of_a_chain_gets_its_history_and_the_latest_start_wins() {
        let now = at("2026-11-25T20:00:00+01:00");
        let unrated_after = |started, routine| {
            let mut r = record(started, routine, true);
            r.tension_before = Some(5);
            r
        };
        let d = digest(
            vec![
                rated("2026-11-20T08:00:00+01:00", "neck", 7, 4),
                rated("2026-11-22T08:00:00+01:00", "neck", 6, 5),
                record("2026-11-24T08:00:00+01:00", "neck", false),
                // Out of order: still not the latest.
                unrated_after("2026-11-21T08:00:00+01:00", "neck"),
                rated("2026-11-23T09:00:00+01:00", "jaw+neck", 8, 4),
            ],
            &now,
        );
        let history = d.routine_history();
        let neck = &history["neck"];
        assert_eq!(neck.last, at("2026-11-24T08:00:00+01:00"));
        assert_eq!((neck.sessions, neck.rated_sessions), (5, 3));
        assert_eq!(neck.tension_change(), Some((-3.0 - 1.0 - 4.0) / 3.0));
        let jaw = &history["jaw"];
        assert_eq!((jaw.sessions, jaw.tension_change()), (1, Some(-4.0)));
        assert_eq!(jaw.last, at("2026-11-23T09:00:00+01:00"));
        assert_eq!(history.len(), 2);
    }

    #[test]
    fn a_long_log_read_in_two_halves_gives_the_same_digest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.jsonl");
        let mut text = String::new();
        let records: Vec<Record> = synthetic_records(20_000, 3).collect();
        for (i, record) in records.iter().enumerate() {
            if i == 15_000 {
                text.push_str("not a record\n");
            }
            text.push_str(&record.to_json_line());
            text.push('\n');
        }
        std::fs::write(&path, &text).unwrap();
        let now = at("2026-01-20T20:00:00+01:00");
        let split = Digest::read(&LogFile::new(&path, LogOrigin::Named), &now, |_| {}).unwrap();
        let one_pass = digest(records, &now);
        assert_eq!(split.skipped_lines, 1);
        assert_eq!(
            Digest {
                skipped_lines: 0,
                ..split
            },
            one_pass
        );
        assert_eq!(one_pass.latest.len(), LATEST_KEPT);
    }
}
