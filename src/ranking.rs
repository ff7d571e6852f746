//! Which routine to suggest first to this person, from what their log says of each. One
//! order, used by the composer (src/compose.rs) between routines that cover as many of the
//! asked-for areas, and by the picker for every list it shows.
//!
//! Better first:
//!
//! 1. not done in the last [`RECENT_DAYS`] days, for variety;
//! 2. the one that lowered tension most on average, once it rests on at least [`MIN_RATED`]
//!    rated sessions (with fewer, nothing is claimed: it counts as no change, so a known good
//!    one beats an untried one and a known bad one loses to it);
//! 3. when areas were asked for, the one with fewest areas that were not, so a neck session
//!    is a neck routine;
//! 4. the one done longest ago (never done first);
//! 5. the id, so that nothing is left to chance.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, TimeZone};

use crate::log::RoutineHistory;
use crate::routine::{Area, Routine};

/// A routine done this many local days ago or less recently (0 is today) counts as recent.
pub const RECENT_DAYS: i64 = 2;

/// Below this many sessions rated before and after, an average says too little to go by.
pub const MIN_RATED: u64 = 3;

/// What the log says of one routine, as the ranking reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Standing {
    /// Local days since it was last done; `None`: never.
    pub days_since: Option<i64>,
    pub sessions: u64,
    /// Sessions rated both before and after.
    pub rated: u64,
    /// The average change over them (negative: less tense after), once there are at least
    /// [`MIN_RATED`].
    pub change: Option<f64>,
}

impl Standing {
    pub fn new<Tz: TimeZone>(history: Option<&RoutineHistory>, now: &DateTime<Tz>) -> Standing {
        let Some(history) = history else {
            return Standing::default();
        };
        let tz = now.timezone();
        Standing {
            // A session "in the future" (a clock set wrong) counts as today.
            days_since: Some(
                (now.date_naive() - history.last.with_timezone(&tz).date_naive())
                    .num_days()
                    .max(0),
            ),
            sessions: history.sessions,
            rated: history.rated_sessions,
            change: history
                .tension_change()
                .filter(|_| history.rated_sessions >= MIN_RATED),
        }
    }

    pub fn recent(&self) -> bool {
        self.days_since.is_some_and(|d| d <= RECENT_DAYS)
    }

    /// Whether the log shows this routine lowering tension, on enough ratings to say so.
    pub fn eases(&self) -> bool {
        self.change.is_some_and(|c| c < 0.0)
    }
}

/// A routine and its standing: what the ranking orders.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked<'a> {
    pub routine: &'a Routine,
    pub standing: Standing,
}

impl Ranked<'_> {
    /// The order described at the top of this module for someone who asked for `asked`
    /// (no areas: no preference for focus); `Less` is better.
    pub fn cmp(&self, other: &Ranked, asked: &[Area]) -> Ordering {
        let (a, b) = (&self.standing, &other.standing);
        let change = |s: &Standing| s.change.unwrap_or(0.0);
        // Never done is the longest ago of all.
        let age = |s: &Standing| s.days_since.unwrap_or(i64::MAX);
        a.recent()
            .cmp(&b.recent())
            .then_with(|| change(a).total_cmp(&change(b)))
            .then_with(|| extra_areas(self.routine, asked).cmp(&extra_areas(other.routine, asked)))
            .then_with(|| age(b).cmp(&age(a)))
            .then_with(|| self.routine.id.cmp(&other.routine.id))
    }
}

/// How many of the routine's areas were not asked for; none when nothing was asked.
fn extra_areas(routine: &Routine, asked: &[Area]) -> usize {
    if asked.is_empty() {
        return 0;
    }
    routine.areas.iter().filter(|a| !asked.contains(a)).count()
}

/// The routines with their standings, best first for someone who asked for `asked`.
pub fn rank<'a, Tz: TimeZone>(
    routines: impl IntoIterator<Item = &'a Routine>,
    history: &HashMap<String, RoutineHistory>,
    now: &DateTime<Tz>,
    asked: &[Area],
) -> Vec<Ranked<'a>> {
    let mut ranked: Vec<Ranked> = routines
        .into_iter()
        .map(|routine| Ranked {
            routine,
            standing: Standing::new(history.get(&routine.id), now),
        })
        .collect();
    ranked.sort_by(|a, b| a.cmp(b, asked));
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, FixedOffset};

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-25T20:00:00+01:00").unwrap()
    }

    fn routine(id: &str, areas: &[Area]) -> Routine {
        crate::routine::testing::routine(id, areas, 60)
    }

    fn done(days_ago: i64, changes: &[i64]) -> RoutineHistory {
        RoutineHistory {
            last: now() - Duration::days(days_ago),
            sessions: changes.len().max(1) as u64,
            tension_change_sum: changes.iter().sum(),
            rated_sessions: changes.len() as u64,
        }
    }

    fn order(routines: &[Routine], history: &[(&str, RoutineHistory)], asked: &[Area]) -> Vec<String> {
        let history: HashMap<String, RoutineHistory> = history
            .iter()
            .map(|(id, h)| (id.to_string(), h.clone()))
            .collect();
        rank(routines, &history, &now(), asked)
            .iter()
            .map(|r| r.routine.id.clone())
            .collect()
    }

    #[test]
    fn nothing_is_claimed_on_fewer_than_three_ratings() {
        let two = Standing::new(Some(&done(10, &[-5, -5])), &now());
        assert_eq!((two.rated, two.change, two.eases()), (2, None, false));
        let three = Standing::new(Some(&done(10, &[-3, -2, -1])), &now());
        assert_eq!((three.rated, three.change, three.eases()), (3, Some(-2.0), true));
        let rs = [routine("a", &[Area::Neck]), routine("b", &[Area::Neck])];
        // Two strong ratings do not lift b over a; three mild ones do.
        assert_eq!(
            order(&rs, &[("b", done(10, &[-5, -5])), ("a", done(20, &[]))], &[]),
            ["a", "b"]
        );
        assert_eq!(
            order(&rs, &[("b", done(10, &[-1, -1, -1])), ("a", done(20, &[]))], &[]),
            ["b", "a"]
        );
    }

    #[test]
    fn helpers_first_then_longest_ago_and_recent_ones_last() {
        let rs = [
            routine("a", &[Area::Neck]),
            routine("b", &[Area::Neck]),
            routine("c", &[Area::Neck]),
            routine("d", &[Area::Neck]),
            routine("e", &[Area::Neck]),
        ];
        let history = [
            ("a", done(0, &[-4, -4, -4])), // the best, but done today
            ("b", done(5, &[-1, -2, -3])),
            ("c", done(30, &[])),
            ("d", done(9, &[1, 1, 1])), // raised tension
        ];
        assert_eq!(order(&rs, &history, &[]), ["b", "e", "c", "d", "a"]);
    }

    #[test]
    fn a_focused_routine_comes_first_only_when_areas_were_asked_for() {
        let rs = [
            routine("a-wide", &[Area::Neck, Area::Hands]),
            routine("b-neck", &[Area::Neck]),
        ];
        assert_eq!(order(&rs, &[], &[Area::Neck]), ["b-neck", "a-wide"]);
        assert_eq!(order(&rs, &[], &[]), ["a-wide", "b-neck"]);
    }
}
