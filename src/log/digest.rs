//! One pass over the log for the full-screen view: the picker's marks, the history screen and
//! the line on the end screen all come from the figures gathered here, so the log is read once
//! however many of them are shown. What is kept grows with the days, the routines and the few
//! latest sessions, never with the number of sessions.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use chrono::{DateTime, NaiveDate, TimeZone};

use super::effect::{Effect, Ratings, StartLevel};
use super::error::LogError;
use super::local_day;
use super::record::Record;
use super::stats::{REST_ROUTINES, RoutineHistory, Stats, StatsBuilder, rest_ratings, streaks};
use super::store::{LogFile, Warning};
use crate::system::background::Background;

/// How many of the latest sessions are kept, newest first.
pub const LATEST_KEPT: usize = 40;

/// One routine's line in the history: how often it was done and what its ratings say.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutineRow {
    pub id: String,
    /// The name as of its latest session.
    pub name: String,
    pub sessions: u64,
    pub effect: Effect,
    ratings: Ratings,
}

impl RoutineRow {
    /// What the sessions that began at `level` say.
    pub fn ratings_from(&self, level: StartLevel) -> Effect {
        self.ratings.effect_from(level)
    }
}

/// What the end screen tells of one routine of the session just recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutineRecap {
    pub id: String,
    /// The session just recorded was the routine's `nth`.
    pub nth: u64,
    /// Its ratings, the new session's included.
    pub effect: Effect,
    /// Points of median drop more than resting ([`REST_ROUTINES`]), when both have enough.
    pub versus_rest: Option<f64>,
}

/// The end screen's figures once a session is in the log: per routine of the session, then
/// the streak.
#[derive(Clone, Debug, PartialEq)]
pub struct Recap {
    pub routines: Vec<RoutineRecap>,
    /// Days in a row with a completed session, today's included.
    pub streak_days: u32,
    /// The session ended early: it counts in none of the figures.
    pub ended_early: bool,
}

/// The log as it is read on its own thread, for the full-screen view and the end screen.
pub type LogDigest = Background<Result<Digest, LogError>>;

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

/// Gathers a [`Digest`] one record at a time; the builders of the parts of a log merge.
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
    /// Reads the whole log once, in parts on two cores when it is long. Damaged lines are
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
        let digest = log.read_in_parts(
            || DigestBuilder::new(now),
            |builder, record| builder.add(record),
            DigestBuilder::merge,
            |warning| {
                skipped += 1;
                on_warning(warning);
            },
        )?;
        Ok(digest.finish(skipped))
    }

    /// Whether the log holds no session at all: a first-time user.
    pub fn is_empty(&self) -> bool {
        self.stats.in_log == 0
    }

    /// What the ranking needs of each routine, by id.
    pub fn routine_history(&self) -> HashMap<String, RoutineHistory> {
        // A routine only ever ended early was never done, for the ranking.
        self.stats
            .by_routine
            .iter()
            .filter_map(|(id, group)| {
                let history = RoutineHistory {
                    last: group.last_completed?,
                    sessions: group.sessions - group.ended_early,
                    effect: group.effect(),
                    versus_rest: self.stats.versus_rest(id, group),
                };
                Some((id.clone(), history))
            })
            .collect()
    }

    /// Every routine in the log with what its ratings say, best first: those with enough
    /// ratings by their median change (most eased first), then those with fewer ratings,
    /// most rated first, then those never rated, most done first.
    pub fn routine_rows(&self) -> Vec<RoutineRow> {
        let mut rows: Vec<RoutineRow> = self
            .stats
            .by_routine
            .iter()
            .map(|(id, group)| RoutineRow {
                id: id.clone(),
                name: group.name.clone(),
                sessions: group.sessions,
                effect: group.effect(),
                ratings: group.ratings,
            })
            .collect();
        let tier = |r: &RoutineRow| match (r.effect.claimed_median(), r.effect.rated > 0) {
            (Some(_), _) => 0,
            (None, true) => 1,
            (None, false) => 2,
        };
        rows.sort_by(|a, b| {
            tier(a)
                .cmp(&tier(b))
                .then_with(|| {
                    let median = |r: &RoutineRow| r.effect.claimed_median().unwrap_or(0.0);
                    median(a).total_cmp(&median(b))
                })
                .then_with(|| b.effect.rated.cmp(&a.effect.rated))
                .then_with(|| b.sessions.cmp(&a.sessions))
                .then_with(|| a.id.cmp(&b.id))
        });
        rows
    }

    /// The end screen's figures once `record` is in the log. The digest was read before the
    /// record was written, so the record is counted here.
    pub fn recap<Tz: TimeZone>(&self, record: &Record, now: &DateTime<Tz>) -> Recap {
        let this_one = match (record.completed, record.tension_before, record.tension_after) {
            (true, Some(before), Some(after)) => Some((before, after)),
            _ => None,
        };
        let ids: Vec<&str> = record.routine_ids().collect();
        let mut rest = rest_ratings(&self.stats.by_routine);
        if let Some((before, after)) = this_one.filter(|_| ids.iter().any(|id| REST_ROUTINES.contains(id))) {
            rest.add(before, after);
        }
        let rest = rest.effect();
        // A session ended early counts in no figure, so there is nothing to say of it.
        let routines = ids
            .iter()
            .filter(|_| record.completed)
            .map(|id| {
                let group = self.stats.by_routine.get(*id);
                let mut ratings = group.map_or_else(Ratings::default, |g| g.ratings);
                if let Some((before, after)) = this_one {
                    ratings.add(before, after);
                }
                let effect = ratings.effect();
                RoutineRecap {
                    id: id.to_string(),
                    nth: group.map_or(0, |g| g.sessions - g.ended_early) + 1,
                    effect,
                    versus_rest: if REST_ROUTINES.contains(id) {
                        None
                    } else {
                        effect.more_than(&rest)
                    },
                }
            })
            .collect();
        let mut done_days = self.done_days.clone();
        if record.completed {
            done_days.insert(local_day(&record.started, &now.timezone()));
        }
        Recap {
            routines,
            streak_days: streaks(done_days, now.date_naive()).0,
            ended_early: !record.completed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::stats::{HEAT_MAP_WEEKS, minutes};
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
    fn sessions_ended_early_leave_the_ranking_the_tension_figures_and_the_calendar_alone() {
        let now = at("2026-11-25T20:00:00+01:00");
        let early = |started: &str, routine: &str| {
            let mut r = rated(started, routine, 8, 2);
            r.completed = false;
            r
        };
        let records = vec![
            rated("2026-11-10T08:00:00+01:00", "neck", 6, 5),
            // Skipped through, rated as if it did wonders: it must not count.
            early("2026-11-24T08:00:00+01:00", "neck"),
            early("2026-11-25T08:00:00+01:00", "jaw"),
        ];
        let d = digest(records, &now);
        let history = d.routine_history();
        let neck = &history["neck"];
        assert_eq!(
            neck.last,
            at("2026-11-10T08:00:00+01:00"),
            "last done: the completed one"
        );
        assert_eq!(
            (neck.sessions, neck.effect.rated, neck.effect.median),
            (1, 1, Some(-1.0))
        );
        assert!(!history.contains_key("jaw"), "never done to the end");
        let rows = d.routine_rows();
        let neck_row = rows.iter().find(|r| r.id == "neck").unwrap();
        assert_eq!((neck_row.effect.rated, neck_row.effect.median), (1, Some(-1.0)));
        // The calendar has nothing on the days of the sessions ended early.
        let map = &d.stats.heat_map;
        let level_on = |date: &str| {
            let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            map.level((day - map.first_day).num_days() as usize)
        };
        // The one day done is as much as the most: the top shade.
        assert_eq!(level_on("2026-11-10"), Some(4));
        assert_eq!(
            (level_on("2026-11-24"), level_on("2026-11-25")),
            (Some(0), Some(0))
        );
        assert_eq!(minutes(d.stats.heat_map.weeks()[11].seconds), 0);
        // `knead stats` still counts them as sessions, and says how many ended early.
        assert_eq!((d.stats.total.sessions, d.stats.completed), (3, 1));
        assert_eq!(d.stats.by_routine["neck"].sessions, 2);
        assert_eq!(d.stats.by_routine["neck"].ended_early, 1);
        assert_eq!(d.stats.by_routine["jaw"].ended_early, 1);
        // The end screen after another ended-early one: no tension line from it, no streak.
        let again = early("2026-11-25T19:00:00+01:00", "neck");
        let recap = d.recap(&again, &now);
        assert!(recap.ended_early && recap.routines.is_empty());
        assert_eq!(recap.streak_days, 0);
        let done = rated("2026-11-25T19:00:00+01:00", "neck", 5, 3);
        let recap = d.recap(&done, &now);
        assert_eq!((recap.routines[0].nth, recap.routines[0].effect.rated), (2, 2));
        assert_eq!(recap.streak_days, 1);
    }

    #[test]
    fn the_end_screen_counts_the_new_session_in() {
        let now = at("2026-11-25T20:00:00+01:00");
        let d = digest(
            vec![
                rated("2026-11-19T08:00:00+01:00", "neck", 6, 4),
                rated("2026-11-20T08:00:00+01:00", "neck", 6, 4),
                rated("2026-11-21T08:00:00+01:00", "neck", 7, 4),
                record("2026-11-23T08:00:00+01:00", "neck", true),
                rated("2026-11-24T08:00:00+01:00", "neck", 5, 4),
            ],
            &now,
        );
        let mut new = rated("2026-11-25T19:00:00+01:00", "neck", 6, 4);
        // Changes -2, -2, -3, -1 and now -2.
        let recap = d.recap(&new, &now);
        assert_eq!((recap.routines[0].nth, recap.routines[0].effect.rated), (6, 5));
        assert_eq!(recap.routines[0].effect.median, Some(-2.0));
        assert_eq!(recap.streak_days, 3);
        // Ended early: counted as a session, not as a rating or a day of the streak.
        new.completed = false;
        let recap = d.recap(&new, &now);
        assert!(recap.ended_early && recap.routines.is_empty(), "{recap:?}");
        assert_eq!(recap.streak_days, 2);
        let first = rated("2026-11-25T19:00:00+01:00", "jaw+feet", 6, 6);
        let recap = d.recap(&first, &now);
        let ids: Vec<(&str, u64)> = recap.routines.iter().map(|r| (r.id.as_str(), r.nth)).collect();
        assert_eq!(ids, [("jaw", 1), ("feet", 1)]);
        let empty = digest(Vec::new(), &now);
        let recap = empty.recap(&record("2026-11-25T19:00:00+01:00", "jaw", true), &now);
        assert_eq!((recap.routines[0].effect.rated, recap.streak_days), (0, 1));
    }

    #[test]
    fn a_routine_is_compared_with_resting_once_both_have_enough_ratings() {
        let now = at("2026-11-25T20:00:00+01:00");
        let mut records = Vec::new();
        for day in 10..15 {
            records.push(rated(&format!("2026-11-{day}T08:00:00+01:00"), "neck", 7, 3));
        }
        for day in 10..14 {
            records.push(rated(
                &format!("2026-11-{day}T12:00:00+01:00"),
                "quiet-rest",
                6,
                5,
            ));
        }
        let d = digest(records, &now);
        let neck = rated("2026-11-25T19:00:00+01:00", "neck", 7, 3);
        // Four resting sessions: no comparison yet.
        assert_eq!(d.recap(&neck, &now).routines[0].versus_rest, None);
        let rest = rated("2026-11-25T19:00:00+01:00", "quiet-rest-long", 6, 4);
        let recap = d.recap(&rest, &now);
        assert_eq!(
            recap.routines[0].versus_rest, None,
            "rest is not compared with itself"
        );
        let mut with_rest = d.clone();
        with_rest.stats.by_routine.insert(
            "quiet-rest-long".into(),
            digest(
                vec![rated("2026-11-15T12:00:00+01:00", "quiet-rest-long", 6, 5)],
                &now,
            )
            .stats
            .by_routine["quiet-rest-long"]
                .clone(),
        );
        // Neck: median -4; rest: median -1 over five sessions.
        assert_eq!(with_rest.recap(&neck, &now).routines[0].versus_rest, Some(3.0));
    }

    #[test]
    fn routines_best_first_and_weekly_minutes() {
        let now = at("2026-11-25T20:00:00+01:00");
        let d = digest(
            vec![
                rated("2026-11-02T08:00:00+01:00", "neck", 6, 3),
                rated("2026-11-03T08:00:00+01:00", "neck", 6, 4),
                rated("2026-11-03T09:00:00+01:00", "neck", 6, 3),
                rated("2026-11-03T10:00:00+01:00", "neck", 6, 2),
                rated("2026-11-04T08:00:00+01:00", "neck", 7, 5),
                rated("2026-11-05T08:00:00+01:00", "jaw", 8, 1), // one rating: not enough
                rated("2026-11-06T08:00:00+01:00", "feet", 5, 5),
                rated("2026-11-07T08:00:00+01:00", "feet", 5, 5),
                rated("2026-11-07T09:00:00+01:00", "feet", 5, 5),
                rated("2026-11-07T10:00:00+01:00", "feet", 5, 4),
                rated("2026-11-08T08:00:00+01:00", "feet", 5, 6),
                record("2026-11-24T08:00:00+01:00", "hands", true),
                record("2026-11-25T08:00:00+01:00", "hands", false),
            ],
            &now,
        );
        let rows = d.routine_rows();
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        // neck: five rated, median -3; feet: five rated, median 0; jaw: one rated.
        assert_eq!(ids, ["neck", "feet", "jaw", "hands"]);
        assert_eq!(rows[0].effect.claimed_median(), Some(-3.0));
        assert_eq!((rows[2].effect.rated, rows[2].effect.claimed_median()), (1, None));
        assert_eq!((rows[3].sessions, rows[3].effect.rated), (2, 0));
        let weeks: Vec<u64> = d
            .stats
            .heat_map
            .weeks()
            .iter()
            .map(|w| minutes(w.seconds))
            .collect();
        assert_eq!(weeks.len(), HEAT_MAP_WEEKS);
        // Eleven sessions of ten minutes in the week of Monday 2 November, two this week, of
        // which one ended early and is not counted.
        assert_eq!(&weeks[8..], [110, 0, 0, 10]);
        assert_eq!(d.latest.len(), 13);
        assert_eq!(d.latest[0].started, at("2026-11-25T08:00:00+01:00"));
        assert_eq!(d.routine_history()["neck"].effect.rated, 5);
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
        // The session of 24 November ended early: the last done is the chain's.
        assert_eq!(neck.last, at("2026-11-23T09:00:00+01:00"));
        assert_eq!((neck.sessions, neck.effect.rated), (4, 3));
        assert_eq!(neck.effect.median, Some(-3.0));
        let jaw = &history["jaw"];
        assert_eq!((jaw.sessions, jaw.effect.median), (1, Some(-4.0)));
        assert_eq!(jaw.last, at("2026-11-23T09:00:00+01:00"));
        assert_eq!(history.len(), 2);
    }

    #[test]
    fn a_long_log_read_in_parts_gives_the_same_digest() {
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
