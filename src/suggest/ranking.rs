//! Which routine to suggest first to this person, from what their log says of each. One
//! order, used by the composer (src/suggest/compose.rs) between routines that cover as many of the
//! asked-for areas, and by the picker for every list it shows and its Suggested row.
//!
//! Better first:
//!
//! 1. not done today (done yesterday is no reason to wait);
//! 2. the one that eased this person's tension most: the median drop of a routine whose ratings
//!    say it eases ([`Verdict::Eases`], at least [`MIN_RATED`] rated sessions), and last the
//!    ones whose ratings say it raises tension; too few ratings or no clear change count as
//!    nothing known; then every massage before the plain rests of [`REST_ROUTINES`], which
//!    are there to compare with;
//! 3. when areas were asked for, the one whose main (first) area was asked for, then the one
//!    with fewest areas that were not, so a neck list starts with neck routines;
//! 4. the one done longest ago (never done first), for variety;
//! 5. the better first try: one whose file says it makes a good first session
//!    (`first_try = true`), then the shortest, then the one with fewest areas, so an empty
//!    log opens on a short routine picked for the purpose rather than on the alphabet;
//! 6. the id, so that nothing is left to chance.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, TimeZone};

use crate::log::RoutineHistory;
pub use crate::log::effect::MIN_RATED;
use crate::log::effect::{Effect, Verdict};
use crate::log::stats::REST_ROUTINES;
use crate::routine::{Area, Routine};

/// What the log says of one routine, as the ranking reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standing {
    /// Local days since it was last done; `None`: never.
    pub days_since: Option<i64>,
    pub sessions: u64,
    /// What its completed, rated sessions say.
    pub effect: Effect,
    /// How much more it eased than resting, when both have enough ratings.
    pub versus_rest: Option<f64>,
}

impl Default for Standing {
    fn default() -> Self {
        Standing {
            days_since: None,
            sessions: 0,
            effect: crate::log::effect::Ratings::default().effect(),
            versus_rest: None,
        }
    }
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
            effect: history.effect,
            versus_rest: history.versus_rest,
        }
    }

    pub fn done_today(&self) -> bool {
        self.days_since == Some(0)
    }

    /// Whether the log shows this routine easing tension, on enough ratings to say so.
    pub fn eases(&self) -> bool {
        self.effect.verdict() == Verdict::Eases
    }

    /// The median change the ranking goes by: only one the ratings can stand behind.
    fn known_change(&self) -> f64 {
        match (self.effect.verdict(), self.effect.median) {
            (Verdict::Eases | Verdict::Raises, Some(median)) => median,
            _ => 0.0,
        }
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
        // Never done is the longest ago of all.
        let age = |s: &Standing| s.days_since.unwrap_or(i64::MAX);
        a.done_today()
            .cmp(&b.done_today())
            .then_with(|| a.known_change().total_cmp(&b.known_change()))
            .then_with(|| is_rest(self.routine).cmp(&is_rest(other.routine)))
            .then_with(|| focus(self.routine, asked).cmp(&focus(other.routine, asked)))
            .then_with(|| age(b).cmp(&age(a)))
            .then_with(|| first_try(self.routine).cmp(&first_try(other.routine)))
            .then_with(|| self.routine.id.cmp(&other.routine.id))
    }
}

/// Whether the routine's main area was asked for (`false` sorts first), then how many of its
/// areas were not; all equal when nothing was asked.
fn focus(routine: &Routine, asked: &[Area]) -> (bool, usize) {
    if asked.is_empty() {
        return (false, 0);
    }
    let main_asked = routine.areas.first().is_some_and(|a| asked.contains(a));
    let extra = routine.areas.iter().filter(|a| !asked.contains(a)).count();
    (!main_asked, extra)
}

/// A plain rest ([`REST_ROUTINES`]) works no area: unless it eased the person most, it comes
/// after every massage, being there to compare with.
fn is_rest(routine: &Routine) -> bool {
    REST_ROUTINES.contains(&routine.id.as_str())
}

/// How well it suits someone new to it (`Less` is better): marked as a first try by its
/// file, then shorter, then fewer areas.
fn first_try(routine: &Routine) -> (bool, u32, usize) {
    (!routine.first_try, routine.planned_seconds(), routine.areas.len())
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
pub(crate) mod tests {
    use super::*;
    use crate::log::effect::Ratings;
    use chrono::{Duration, FixedOffset};

    /// The moment the tests of the ranking and of the composer are run at.
    pub(crate) fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-25T20:00:00+01:00").unwrap()
    }

    fn routine(id: &str, areas: &[Area]) -> Routine {
        crate::routine::testing::routine(id, areas, 60)
    }

    /// Done `days_ago` days before `now()`, with these tension changes rated (from 6).
    pub(crate) fn done(days_ago: i64, changes: &[i8]) -> RoutineHistory {
        let mut ratings = Ratings::default();
        for &c in changes {
            ratings.add(6, (6 + c) as u8);
        }
        RoutineHistory {
            last: now() - Duration::days(days_ago),
            sessions: changes.len().max(1) as u64,
            effect: ratings.effect(),
            versus_rest: None,
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
    fn nothing_is_claimed_on_fewer_than_five_ratings() {
        let four = Standing::new(Some(&done(10, &[-5, -5, -5, -5])), &now());
        assert_eq!((four.effect.rated, four.eases()), (4, false));
        let five = Standing::new(Some(&done(10, &[-3, -2, -1, -2, -2])), &now());
        assert_eq!((five.effect.median, five.eases()), (Some(-2.0), true));
        let rs = [routine("a", &[Area::Neck]), routine("b", &[Area::Neck])];
        // Four strong ratings do not lift b over a; five do.
        assert_eq!(
            order(
                &rs,
                &[("b", done(10, &[-5, -5, -5, -5])), ("a", done(20, &[]))],
                &[]
            ),
            ["a", "b"]
        );
        assert_eq!(
            order(
                &rs,
                &[("b", done(10, &[-1, -1, -1, -1, -1])), ("a", done(20, &[]))],
                &[]
            ),
            ["b", "a"]
        );
    }

    #[test]
    fn the_routine_that_eased_most_comes_first_even_when_done_yesterday() {
        let rs = [
            routine("a", &[Area::Neck]),
            routine("b", &[Area::Neck]),
            routine("c", &[Area::Neck]),
            routine("d", &[Area::Neck]),
            routine("e", &[Area::Neck]),
        ];
        let history = [
            ("a", done(1, &[-4, -4, -4, -3, -4])), // the best, done yesterday
            ("b", done(5, &[-1, -2, -3, -1, -2])),
            ("c", done(30, &[])),
            ("d", done(9, &[1, 1, 1, 2, 1])), // raised tension
        ];
        assert_eq!(order(&rs, &history, &[]), ["a", "b", "e", "c", "d"]);
        // Done today, it waits behind the rest.
        let history = [
            ("a", done(0, &[-4, -4, -4, -3, -4])),
            ("b", done(5, &[-1, -2, -3, -1, -2])),
        ];
        assert_eq!(order(&rs, &history, &[]), ["b", "c", "d", "e", "a"]);
    }

    #[test]
    fn a_small_median_drop_is_no_reason_to_rank_higher() {
        let rs = [routine("a", &[Area::Neck]), routine("b", &[Area::Neck])];
        // Median -0.5: no clear change, so b is only a routine done lately.
        let history = [("b", done(3, &[0, -1, 0, -1, 0, -1]))];
        assert_eq!(order(&rs, &history, &[]), ["a", "b"]);
    }

    #[test]
    fn a_neck_list_puts_routines_whose_main_area_is_the_neck_first() {
        let rs = [
            routine("a-wide", &[Area::Shoulders, Area::Neck]),
            routine("b-neck", &[Area::Neck, Area::Shoulders]),
            routine("c-neck", &[Area::Neck]),
        ];
        assert_eq!(order(&rs, &[], &[Area::Neck]), ["c-neck", "b-neck", "a-wide"]);
    }

    #[test]
    fn an_empty_log_opens_on_a_first_try_then_a_short_routine_not_the_alphabet() {
        let long = crate::routine::testing::routine("a-long", &[Area::Neck], 600);
        let wide = crate::routine::testing::routine("b-wide", &[Area::Neck, Area::Jaw], 120);
        let short = crate::routine::testing::routine("c-short", &[Area::Jaw], 120);
        let mut starter = crate::routine::testing::routine("d-starter", &[Area::Neck, Area::Jaw], 300);
        starter.first_try = true;
        let rs = [long, wide, short, starter];
        assert_eq!(order(&rs, &[], &[]), ["d-starter", "c-short", "b-wide", "a-long"]);
        // Asked for the neck, focus comes first: the neck alone, then the neck and more.
        assert_eq!(
            order(&rs, &[], &[Area::Neck]),
            ["a-long", "d-starter", "b-wide", "c-short"]
        );
    }
}
