//! The figures of the log: totals, streaks, per-area and per-routine figures and a 12-week
//! heat map, gathered in one streaming pass, as plain data for `knead stats` and the history
//! screen to show. What is kept grows with the number of days, areas and routines, never with
//! the number of sessions.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Days, FixedOffset, Month, NaiveDate, TimeZone};
use foldhash::fast::FixedState;

use super::effect::{Effect, Ratings};
use super::error::LogError;
use super::local_days::LocalDays;
use super::query::{DateArg, DayRange};
use super::record::Record;
use super::store::{LogFile, Warning};
use super::view::RecordView;

/// Seconds as whole minutes, rounded to the nearest: how every view shows the figures.
pub fn minutes(seconds: u64) -> u64 {
    (seconds + 30) / 60
}

/// How many weeks the heat map shows, the current one last.
pub const HEAT_MAP_WEEKS: usize = 12;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub sessions: u64,
    pub seconds: u64,
}

impl Totals {
    fn add(&mut self, seconds: u64) {
        self.sessions += 1;
        self.seconds += seconds;
    }

    fn merge(&mut self, other: Totals) {
        self.sessions += other.sessions;
        self.seconds += other.seconds;
    }
}

/// The figures for one area or one routine.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The routine's name as of its latest session; the area itself for areas.
    pub name: String,
    /// Every session, completed or ended early.
    pub sessions: u64,
    /// Of `sessions`, those that ended early.
    pub ended_early: u64,
    pub seconds: u64,
    /// The start of the latest session, completed or not.
    pub last: DateTime<FixedOffset>,
    /// The local day of `last`.
    pub last_day: NaiveDate,
    /// The start of the latest completed session, for the ranking.
    pub last_completed: Option<DateTime<FixedOffset>>,
    /// The tension ratings of its completed sessions rated both before and after: a session
    /// skipped through says nothing about what the routine does.
    pub ratings: Ratings,
}

impl Group {
    fn new(name: &str, record: &RecordView, day: NaiveDate) -> Group {
        Group {
            name: name.to_string(),
            sessions: 0,
            ended_early: 0,
            seconds: 0,
            last: record.started,
            last_day: day,
            last_completed: None,
            ratings: Ratings::default(),
        }
    }

    fn add(&mut self, record: &RecordView, name: &str, day: NaiveDate) {
        self.sessions += 1;
        self.seconds += u64::from(record.active_s);
        if record.started >= self.last {
            self.last = record.started;
            self.last_day = day;
            if self.name != name {
                self.name = name.to_string();
            }
        }
        if !record.completed {
            self.ended_early += 1;
            return;
        }
        if self.last_completed.is_none_or(|last| record.started >= last) {
            self.last_completed = Some(record.started);
        }
        if let (Some(before), Some(after)) = (record.tension_before, record.tension_after) {
            self.ratings.add(before, after);
        }
    }

    /// Takes in `later`, gathered from later records: on a tie for the last time the later
    /// record's name wins, as it does when records are added one by one.
    fn merge(&mut self, later: Group) {
        self.sessions += later.sessions;
        self.ended_early += later.ended_early;
        self.last_completed = self.last_completed.max(later.last_completed);
        self.seconds += later.seconds;
        if later.last >= self.last {
            self.last = later.last;
            self.last_day = later.last_day;
            self.name = later.name;
        }
        self.ratings.merge(&later.ratings);
    }

    /// What its ratings say: the one figure every view shows.
    pub fn effect(&self) -> Effect {
        self.ratings.effect()
    }
}

/// What one local day holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Day {
    pub sessions: u32,
    pub seconds: u64,
    pub completed: bool,
}

impl Day {
    fn add(&mut self, more: Day) {
        self.sessions += more.sessions;
        self.seconds += more.seconds;
        self.completed |= more.completed;
    }
}

// `Day` counts completed sessions only: the calendar, and the weeks drawn from it, show the
// sessions done, not those ended early.

#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub today: NaiveDate,
    pub since: Option<NaiveDate>,
    /// Records in the log, counted or not.
    pub in_log: u64,
    pub total: Totals,
    pub completed: u64,
    /// Monday to today.
    pub this_week: Totals,
    /// Today and the 29 days before.
    pub last_30_days: Totals,
    pub current_streak_days: u32,
    pub longest_streak_days: u32,
    pub by_area: BTreeMap<String, Group>,
    pub by_routine: BTreeMap<String, Group>,
    pub heat_map: HeatMap,
}

/// Kept by key while records are added, sorted once at the end: a hashed lookup costs less
/// than a walk down a tree of strings, and the builder makes several for every record.
type Groups = HashMap<String, Group, FixedState>;

/// Gathers [`Stats`] one record at a time.
pub struct StatsBuilder<Tz: TimeZone> {
    local_days: LocalDays<Tz>,
    now: DateTime<FixedOffset>,
    today: NaiveDate,
    range: DayRange,
    in_log: u64,
    total: Totals,
    completed: u64,
    this_week: Totals,
    last_30_days: Totals,
    days: HashMap<NaiveDate, Day, FixedState>,
    by_area: Groups,
    by_routine: Groups,
}

fn days_before(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    days_before(day, u64::from(day.weekday().num_days_from_monday()))
}

impl<Tz: TimeZone> StatsBuilder<Tz> {
    /// Counts sessions from `since` (a local day) on; `now`'s zone decides local days.
    pub fn new(now: &DateTime<Tz>, since: Option<NaiveDate>) -> Self {
        StatsBuilder {
            local_days: LocalDays::new(now.timezone()),
            now: now.fixed_offset(),
            today: now.date_naive(),
            range: DayRange { since, until: None },
            in_log: 0,
            total: Totals::default(),
            completed: 0,
            this_week: Totals::default(),
            last_30_days: Totals::default(),
            days: HashMap::default(),
            by_area: Groups::default(),
            by_routine: Groups::default(),
        }
    }

    /// Whether the session has begun by now. One that starts later was recorded by a machine
    /// whose clock is ahead: every figure takes it as not yet happened.
    pub fn has_happened(&self, record: &Record) -> bool {
        record.started <= self.now
    }

    pub fn add(&mut self, record: &Record) {
        self.add_view(&record.view());
    }

    /// [`StatsBuilder::add`] for a record as it lies in the line just read.
    pub fn add_view(&mut self, record: &RecordView) {
        self.in_log += 1;
        // Not yet happened, as `has_happened` says.
        if record.started > self.now {
            return;
        }
        let day = self.local_days.of(&record.started);
        if !self.range.contains(day) {
            return;
        }
        let seconds = u64::from(record.active_s);
        self.total.add(seconds);
        if record.completed {
            self.completed += 1;
        }
        if day <= self.today {
            if day >= monday_of(self.today) {
                self.this_week.add(seconds);
            }
            if day >= days_before(self.today, 29) {
                self.last_30_days.add(seconds);
            }
        }
        if record.completed {
            self.days.entry(day).or_default().add(Day {
                sessions: 1,
                seconds,
                completed: true,
            });
        }
        for area in record.areas.iter() {
            add_to(&mut self.by_area, area, area, record, day);
        }
        // A session of several routines counts for each, under its own id.
        if record.routine.contains('+') {
            for id in record.routine_ids() {
                add_to(&mut self.by_routine, id, id, record, day);
            }
        } else {
            add_to(&mut self.by_routine, &record.routine, record.title(), record, day);
        }
    }

    /// Takes in the figures of `later`, gathered from the records after this one's.
    pub fn merge(&mut self, later: StatsBuilder<Tz>) {
        self.in_log += later.in_log;
        self.total.merge(later.total);
        self.completed += later.completed;
        self.this_week.merge(later.this_week);
        self.last_30_days.merge(later.last_30_days);
        for (day, figures) in later.days {
            self.days.entry(day).or_default().add(figures);
        }
        for (groups, more) in [
            (&mut self.by_area, later.by_area),
            (&mut self.by_routine, later.by_routine),
        ] {
            for (key, group) in more {
                match groups.get_mut(&key) {
                    Some(mine) => mine.merge(group),
                    None => {
                        groups.insert(key, group);
                    }
                }
            }
        }
    }

    pub fn finish(self) -> Stats {
        let days: BTreeMap<NaiveDate, Day> = self.days.into_iter().collect();
        let done_days = days.iter().filter(|(_, d)| d.completed).map(|(day, _)| *day);
        let (current, longest) = streaks(done_days, self.today);
        Stats {
            today: self.today,
            since: self.range.since,
            in_log: self.in_log,
            total: self.total,
            completed: self.completed,
            this_week: self.this_week,
            last_30_days: self.last_30_days,
            current_streak_days: current,
            longest_streak_days: longest,
            heat_map: HeatMap::new(&days, self.today),
            by_area: self.by_area.into_iter().collect(),
            by_routine: self.by_routine.into_iter().collect(),
        }
    }
}

fn add_to(groups: &mut Groups, key: &str, name: &str, record: &RecordView, day: NaiveDate) {
    // Look up before inserting so that only a new key costs an allocation.
    match groups.get_mut(key) {
        Some(group) => group.add(record, name, day),
        None => {
            let mut group = Group::new(name, record, day);
            group.add(record, name, day);
            groups.insert(key.to_string(), group);
        }
    }
}

/// The current and the longest run of consecutive days in `done_days` (ascending). The
/// current run ends today, or yesterday when today has nothing yet: the day is not over.
/// Days after `today` (a clock set wrong) are left out.
pub fn streaks(done_days: impl IntoIterator<Item = NaiveDate>, today: NaiveDate) -> (u32, u32) {
    let yesterday = days_before(today, 1);
    let (mut current, mut longest, mut run) = (0, 0, 0);
    let mut previous: Option<NaiveDate> = None;
    for day in done_days.into_iter().take_while(|d| *d <= today) {
        run = match previous {
            Some(p) if p.succ_opt() == Some(day) => run + 1,
            Some(p) if p == day => run,
            _ => 1,
        };
        longest = longest.max(run);
        if day == today || day == yesterday {
            current = run;
        }
        previous = Some(day);
    }
    (current, longest)
}

/// The last [`HEAT_MAP_WEEKS`] weeks, Monday to Sunday, the current week last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeatMap {
    /// The Monday of the first column.
    pub first_day: NaiveDate,
    pub today: NaiveDate,
    /// One entry a day from `first_day`, seven a week.
    pub days: Vec<Day>,
    /// The upper bounds, in seconds, of levels 1 to 3: the quartiles of the active days'
    /// times. Level 4 is above the last.
    pub thresholds: [u64; 3],
    /// The least time on one day with a session, in seconds.
    pub least: u64,
    /// The most time on one day shown, in seconds.
    pub max: u64,
}

/// The calendar's rows: for each weekday, Monday first, the level of its day in each week.
pub type HeatMapRows = [[Option<u8>; HEAT_MAP_WEEKS]; 7];

/// The level of a day as much as the most.
pub const TOP_LEVEL: u8 = 4;

impl HeatMap {
    fn new(days: &BTreeMap<NaiveDate, Day>, today: NaiveDate) -> HeatMap {
        let first_day = days_before(monday_of(today), 7 * (HEAT_MAP_WEEKS as u64 - 1));
        let cells: Vec<Day> = (0..HEAT_MAP_WEEKS as u64 * 7)
            .map(|i| {
                first_day
                    .checked_add_days(Days::new(i))
                    .and_then(|d| days.get(&d).copied())
                    .unwrap_or_default()
            })
            .collect();
        let shown = (today - first_day).num_days() as usize + 1;
        let mut active: Vec<u64> = cells[..shown.min(cells.len())]
            .iter()
            .filter(|d| d.sessions > 0)
            .map(|d| d.seconds)
            .collect();
        active.sort_unstable();
        let quartile = |q: usize| {
            if active.is_empty() {
                0
            } else {
                active[(active.len() - 1) * q / 4]
            }
        };
        HeatMap {
            first_day,
            today,
            days: cells,
            thresholds: [quartile(1), quartile(2), quartile(3)],
            least: active.first().copied().unwrap_or(0),
            max: active.last().copied().unwrap_or(0),
        }
    }

    pub fn date(&self, index: usize) -> NaiveDate {
        self.first_day + Days::new(index as u64)
    }

    /// Whether every day with a session holds the same time: then there are no quartiles to
    /// tell apart, and each such day is as much as the most.
    pub fn all_alike(&self) -> bool {
        self.least == self.max
    }

    /// 0 for no session, else 1 to 4 by quartile of minutes; `None` for days still to come.
    pub fn level(&self, index: usize) -> Option<u8> {
        let day = self.days.get(index)?;
        if self.date(index) > self.today {
            return None;
        }
        if day.sessions == 0 {
            return Some(0);
        }
        if self.all_alike() {
            return Some(TOP_LEVEL);
        }
        Some(1 + self.thresholds.iter().filter(|t| day.seconds > **t).count() as u8)
    }

    /// The levels row by row, as the calendar shows them.
    pub fn rows(&self) -> HeatMapRows {
        std::array::from_fn(|weekday| std::array::from_fn(|week| self.level(week * 7 + weekday)))
    }

    /// The month each column begins, where it is the first column or the first week of a
    /// month; `None` for the other columns.
    pub fn month_starts(&self) -> [Option<Month>; HEAT_MAP_WEEKS] {
        std::array::from_fn(|week| {
            let monday = self.date(week * 7);
            let new_month = week == 0 || self.date(week * 7 - 7).month() != monday.month();
            new_month
                .then(|| Month::try_from(monday.month() as u8).ok())
                .flatten()
        })
    }

    /// The sessions and time of each week shown, the current week last.
    pub fn weeks(&self) -> Vec<Totals> {
        self.days
            .chunks(7)
            .map(|week| Totals {
                sessions: week.iter().map(|d| u64::from(d.sessions)).sum(),
                seconds: week.iter().map(|d| d.seconds).sum(),
            })
            .collect()
    }
}

/// Reads the whole log once and gathers the statistics from `since` on. A long log is read
/// in parts on two cores, their figures merged.
pub fn gather_stats<Tz>(
    log: &LogFile,
    since: Option<DateArg>,
    now: &DateTime<Tz>,
    on_warning: impl FnMut(Warning),
) -> Result<Stats, LogError>
where
    Tz: TimeZone + Send + Sync,
    Tz::Offset: Send + Sync,
{
    let since = since.map(|d| d.resolve(now.date_naive()));
    let stats = log.read_views_in_parts(
        || StatsBuilder::new(now, since),
        |builder, record| builder.add_view(record),
        StatsBuilder::merge,
        on_warning,
    )?;
    Ok(stats.finish())
}

/// The built-in routines of sitting or lying still: what a routine is compared with, since
/// rating tension again after a few quiet minutes lowers it too.
pub const REST_ROUTINES: [&str; 2] = ["quiet-rest", "quiet-rest-long"];

/// The ratings of every resting session, whichever of [`REST_ROUTINES`] it was.
pub fn rest_ratings(by_routine: &BTreeMap<String, Group>) -> Ratings {
    let mut rest = Ratings::default();
    for id in REST_ROUTINES {
        if let Some(group) = by_routine.get(id) {
            rest.merge(&group.ratings);
        }
    }
    rest
}

impl Stats {
    /// What resting ([`REST_ROUTINES`]) did to this person's tension, for comparison.
    pub fn rest_effect(&self) -> Effect {
        rest_ratings(&self.by_routine).effect()
    }

    /// How much more `group` eased tension than resting did, when both have enough ratings
    /// (never for resting itself).
    pub fn versus_rest(&self, id: &str, group: &Group) -> Option<f64> {
        if REST_ROUTINES.contains(&id) {
            return None;
        }
        group.effect().more_than(&self.rest_effect())
    }
}

/// What the log says about one routine, for choosing between routines.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutineHistory {
    /// The start of the latest completed session with it.
    pub last: DateTime<FixedOffset>,
    /// Its completed sessions.
    pub sessions: u64,
    /// What its ratings say (completed, rated sessions only).
    pub effect: Effect,
    /// How much more it eased than resting, when both have enough ratings.
    pub versus_rest: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::store::{LinePosition, LogOrigin};
    use crate::log::testing::{at, heat_map_records, record};
    use chrono::{MappedLocalTime, NaiveDateTime, Utc};

    /// Central European time in 2026: +01:00, then +02:00 from 29 March 01:00 UTC.
    #[derive(Clone, Copy, Debug)]
    struct Berlin2026;

    impl Berlin2026 {
        fn switch() -> NaiveDateTime {
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap().naive_utc()
        }
        fn offset(hours: i32) -> FixedOffset {
            FixedOffset::east_opt(hours * 3600).unwrap()
        }
    }

    impl TimeZone for Berlin2026 {
        type Offset = FixedOffset;
        fn from_offset(_: &FixedOffset) -> Self {
            Berlin2026
        }
        fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
            self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
        }
        fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<FixedOffset> {
            let utc = *local - chrono::Duration::hours(1);
            MappedLocalTime::Single(self.offset_from_utc_datetime(&utc))
        }
        fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
            self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
        }
        fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
            Berlin2026::offset(if *utc >= Berlin2026::switch() { 2 } else { 1 })
        }
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn stats_of<Tz: TimeZone>(records: &[Record], now: &DateTime<Tz>) -> Stats {
        let mut builder = StatsBuilder::new(now, None);
        for record in records {
            builder.add(record);
        }
        builder.finish()
    }

    #[test]
    fn streaks_count_back_from_today_or_yesterday() {
        let today = day("2026-11-25");
        let days = |list: &[&str]| list.iter().map(|d| day(d)).collect::<Vec<_>>();
        let run = days(&["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]);
        assert_eq!(streaks(run.clone(), today), (0, 4));
        let mut recent = run.clone();
        recent.extend(days(&["2026-11-23", "2026-11-24"]));
        assert_eq!(
            streaks(recent.clone(), today),
            (2, 4),
            "today not done yet keeps the streak"
        );
        recent.push(today);
        assert_eq!(streaks(recent.clone(), today), (3, 4));
        recent.push(day("2026-11-26"));
        assert_eq!(
            streaks(recent, today),
            (3, 4),
            "a day in the future does not count"
        );
        assert_eq!(streaks(days(&["2026-11-24", "2026-11-24"]), today), (1, 1));
        assert_eq!(streaks(Vec::new(), today), (0, 0));
        let long: Vec<NaiveDate> = (0..40).map(|n| days_before(today, 39 - n)).collect();
        assert_eq!(streaks(long, today), (40, 40));
    }

    #[test]
    fn a_session_belongs_to_the_local_day_it_started_on() {
        // Twenty minutes apart, but on both sides of midnight at +01:00: two days. The first
        // runs past midnight and still counts for the day it started on.
        let mut late = record("2026-11-23T23:50:00+01:00", "neck", true);
        late.ended = at("2026-11-24T00:05:00+01:00");
        let records = [late, record("2026-11-24T00:10:00+01:00", "neck", true)];
        let now = at("2026-11-24T09:00:00+01:00");
        let stats = stats_of(&records, &now);
        assert_eq!((stats.current_streak_days, stats.longest_streak_days), (2, 2));
        // In UTC both started on the 23rd: one day, which is yesterday, so the streak holds.
        let utc = now.with_timezone(&FixedOffset::east_opt(0).unwrap());
        let stats = stats_of(&records, &utc);
        assert_eq!((stats.current_streak_days, stats.longest_streak_days), (1, 1));
        // At -05:00 the same: 17:50 and 18:10 on the 23rd.
        let new_york = now.with_timezone(&FixedOffset::west_opt(5 * 3600).unwrap());
        let stats = stats_of(&records, &new_york);
        assert_eq!((stats.current_streak_days, stats.longest_streak_days), (1, 1));
        assert_eq!(stats.heat_map.days.iter().filter(|d| d.sessions > 0).count(), 1);
        // Only an ended-early session: no streak.
        let stats = stats_of(&[record("2026-11-25T08:00:00+01:00", "neck", false)], &now);
        assert_eq!((stats.current_streak_days, stats.longest_streak_days), (0, 0));
    }

    #[test]
    fn streaks_follow_local_days_across_a_daylight_saving_change() {
        let records = [
            record("2026-03-28T21:00:00+01:00", "neck", true),
            record("2026-03-29T09:00:00+02:00", "neck", true),
            // Just after midnight in summer time: the 30th locally, but the 29th at +01:00.
            record("2026-03-30T00:30:00+02:00", "neck", true),
        ];
        let now = Berlin2026.with_ymd_and_hms(2026, 3, 30, 12, 0, 0).unwrap();
        let stats = stats_of(&records, &now);
        assert_eq!((stats.current_streak_days, stats.longest_streak_days), (3, 3));
        assert_eq!(stats.this_week.sessions, 1);
        let winter_only = FixedOffset::east_opt(3600).unwrap();
        let now = now.with_timezone(&winter_only);
        let stats = stats_of(&records, &now);
        assert_eq!((stats.current_streak_days, stats.longest_streak_days), (2, 2));
        assert_eq!(stats.this_week.sessions, 0);
    }

    #[test]
    fn totals_groups_and_tension_changes() {
        let rated = |started, routine, before, after| {
            let mut r = record(started, routine, true);
            r.tension_before = Some(before);
            r.tension_after = after;
            r
        };
        let mut records = vec![
            rated("2026-11-25T08:00:00+01:00", "neck", 6, Some(3)), // Wednesday, today
            rated("2026-11-23T08:00:00+01:00", "neck", 5, Some(4)), // Monday
            rated("2026-11-22T08:00:00+01:00", "neck", 7, None),    // Sunday: last week
            record("2026-11-01T08:00:00+01:00", "jaw", false),
            record("2026-10-01T08:00:00+02:00", "jaw", true),
        ];
        records[0].areas.push("shoulders".into());
        records[0].active_s = 300;
        records[0].name = "Neck, renamed".into();
        let now = at("2026-11-25T20:00:00+01:00");
        let stats = stats_of(&records, &now);
        assert_eq!(
            stats.total,
            Totals {
                sessions: 5,
                seconds: 2700
            }
        );
        assert_eq!(stats.completed, 4);
        assert_eq!(
            stats.this_week,
            Totals {
                sessions: 2,
                seconds: 900
            }
        );
        assert_eq!(stats.last_30_days.sessions, 4);
        let neck = &stats.by_routine["neck"];
        assert_eq!((neck.sessions, neck.seconds, neck.effect().rated), (3, 1500, 2));
        // -3 and -1
        assert_eq!(neck.effect().median, Some(-2.0));
        assert_eq!(neck.name, "Neck, renamed");
        assert_eq!(neck.last, records[0].started);
        let jaw = &stats.by_routine["jaw"];
        assert_eq!((jaw.sessions, jaw.effect().median), (2, None));
        assert_eq!(jaw.last_day, day("2026-11-01"));
        assert_eq!(stats.by_area["shoulders"].sessions, 1);
        assert_eq!(stats.by_area.len(), 3);
        assert_eq!((stats.current_streak_days, stats.longest_streak_days), (1, 2));

        let both = record("2026-11-24T08:00:00+01:00", "neck+jaw", true);
        let stats = stats_of(&[both], &now);
        let ids: Vec<(&str, &str)> = stats
            .by_routine
            .iter()
            .map(|(k, g)| (k.as_str(), g.name.as_str()))
            .collect();
        assert_eq!(ids, [("jaw", "jaw"), ("neck", "neck")]);
    }

    #[test]
    fn the_heat_map_has_twelve_weeks_by_quartile_ending_this_week() {
        let records = heat_map_records();
        let now = at("2026-11-25T20:00:00+01:00");
        let stats = stats_of(&records, &now);
        let map = &stats.heat_map;
        assert_eq!(map.first_day, day("2026-09-07"));
        assert_eq!(map.thresholds.map(minutes), [10, 20, 40]);
        // 5 and 10 minutes are the first quartile, 20 the second, 40 the third, 80 above.
        let level_on = |date: &str| map.level((day(date) - map.first_day).num_days() as usize);
        let dates = [
            "2026-09-07",
            "2026-11-02",
            "2026-11-16",
            "2026-11-24",
            "2026-11-25",
            "2026-11-20",
            "2026-11-26",
        ];
        let levels = [Some(1), Some(1), Some(2), Some(3), Some(4), Some(0), None];
        assert_eq!(dates.map(level_on), levels, "a day to come has no level");
        let weekly: Vec<(u64, u64)> = map
            .weeks()
            .iter()
            .map(|w| (w.sessions, minutes(w.seconds)))
            .collect();
        let mut expected = vec![(0, 0); 12];
        expected[0] = (1, 5);
        expected[8] = (1, 10);
        expected[10] = (1, 20);
        expected[11] = (2, 120);
        assert_eq!(weekly, expected);
    }

    #[test]
    fn a_calendar_of_equal_days_shows_them_at_the_top_shade() {
        // The same ten minutes every day: each day is as much as the most, not the least.
        let records: Vec<Record> = (20..=25)
            .map(|d| record(&format!("2026-11-{d}T08:00:00+01:00"), "neck", true))
            .collect();
        let now = at("2026-11-25T20:00:00+01:00");
        let map = stats_of(&records, &now).heat_map;
        let level_on = |date: &str| map.level((day(date) - map.first_day).num_days() as usize);
        let days = ["2026-11-20", "2026-11-23", "2026-11-25", "2026-11-19"];
        assert_eq!(days.map(level_on), [Some(4), Some(4), Some(4), Some(0)]);
    }

    #[test]
    fn a_long_log_read_in_parts_gives_the_same_figures_and_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.jsonl");
        let mut text = String::new();
        for (i, record) in crate::log::record::synthetic_records(20_000, 7).enumerate() {
            // Damage on both sides of the middle, to see their line numbers come out right.
            if i == 100 || i == 15_000 {
                text.push_str("not a record\n");
            }
            text.push_str(&record.to_json_line());
            text.push('\n');
        }
        assert!(
            text.len() as u64 > super::super::store::SPLIT_FROM_BYTES,
            "the log must be long enough to split"
        );
        std::fs::write(&path, &text).unwrap();
        let log = LogFile::new(&path, LogOrigin::Named);
        let now = at("2026-11-25T20:00:00+01:00");

        let mut one_pass = StatsBuilder::new(&now, None);
        let mut single_warnings = Vec::new();
        log.read(|record| one_pass.add(&record), |w| single_warnings.push(w.line))
            .unwrap();
        let mut split_warnings = Vec::new();
        let split = gather_stats(&log, None, &now, |w| split_warnings.push(w.line)).unwrap();

        assert_eq!(split, one_pass.finish());
        assert_eq!(split.in_log, 20_000);
        assert_eq!(split_warnings, single_warnings);
        assert_eq!(
            split_warnings,
            [LinePosition::Number(101), LinePosition::Number(15_002)]
        );
    }
}
