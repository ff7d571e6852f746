//! Composing a session for some body areas and, optionally, a number of minutes: which
//! routines, in which order, and why. Plain Rust: the library, the log's summary and the
//! current time are passed in, so the same inputs always give the same session.
//!
//! First every asked-for area gets a routine (fewest routines first: one that covers more of
//! the areas still open wins), then, when the minutes would stretch the session too far,
//! more routines for the areas are added. Between routines that cover as much, the
//! preference is the one the picker orders its lists by: see [`crate::suggest::ranking`].
//!
//! With minutes, a routine is added only while the session would still give each part at
//! least [`MIN_FACTOR`] of its own length; the first one is always taken, however short
//! the time. Areas that no longer fit are reported as left out.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, TimeZone};

use crate::log::RoutineHistory;
use crate::log::stats::REST_ROUTINES;
use crate::log_words::suggestion_reason;
use crate::routine::{Area, Library, Routine};
use crate::suggest::ranking::{Ranked, Standing};
/// Routines are not squeezed below half their own length to fit more in.
pub const MIN_FACTOR: f64 = 0.5;
/// More routines are added while the chosen ones would be stretched past half again their
/// length.
pub const MAX_FACTOR: f64 = 1.5;

#[derive(Clone, Debug, PartialEq)]
pub struct Composition<'a> {
    /// In the order they run.
    pub chosen: Vec<Choice<'a>>,
    /// Asked-for areas that no chosen routine covers: there was no time left for them.
    pub left_out: Vec<Area>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Choice<'a> {
    pub routine: &'a Routine,
    /// One line: what it covers and what the log says of it.
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("no routine covers the {}; `knead areas` lists the areas that have routines", spoken(.0))]
    NoRoutineFor(Vec<Area>),
    #[error("no body area to compose a session for")]
    NoAreas,
}

/// Chooses routines for `areas` (repeats are ignored) to fill `minutes`, or, without
/// minutes, one routine per area at most, each at its own length.
pub fn compose<'a, Tz: TimeZone>(
    library: &'a Library,
    areas: &[Area],
    minutes: Option<f64>,
    history: &HashMap<String, RoutineHistory>,
    now: &DateTime<Tz>,
) -> Result<Composition<'a>, ComposeError> {
    let mut asked: Vec<Area> = Vec::new();
    for area in areas {
        if !asked.contains(area) {
            asked.push(*area);
        }
    }
    if asked.is_empty() {
        return Err(ComposeError::NoAreas);
    }
    // A plain rest works no area: it is there to compare with, never a session for one.
    let is_massage = |r: &Routine| !REST_ROUTINES.contains(&r.id.as_str());
    let uncovered: Vec<Area> = asked
        .iter()
        .copied()
        .filter(|&a| !library.in_area(a).any(is_massage))
        .collect();
    if !uncovered.is_empty() {
        return Err(ComposeError::NoRoutineFor(uncovered));
    }
    let candidates: Vec<Candidate> = library
        .routines()
        .iter()
        .filter(|r| is_massage(r) && asked.iter().any(|&a| r.has_area(a)))
        .map(|r| Candidate::new(r, history.get(&r.id), now))
        .collect();
    let budget = minutes.map(|m| m * 60.0);
    let fits = |chosen_seconds: f64, candidate: &Candidate| match budget {
        None => true,
        Some(budget) => (chosen_seconds + candidate.seconds) * MIN_FACTOR <= budget,
    };

    let mut chosen: Vec<Choice> = Vec::new();
    let mut taken: Vec<usize> = Vec::new();
    let mut seconds = 0.0;
    let mut open: Vec<Area> = asked.clone();
    while !open.is_empty() {
        let best = candidates
            .iter()
            .enumerate()
            .filter(|(i, c)| !taken.contains(i) && c.covers(&open) > 0)
            .filter(|(_, c)| chosen.is_empty() || fits(seconds, c))
            .min_by(|(_, a), (_, b)| {
                b.covers(&open)
                    .cmp(&a.covers(&open))
                    .then_with(|| a.cmp(b, &asked))
            });
        let Some((i, candidate)) = best else { break };
        let newly: Vec<Area> = open
            .iter()
            .copied()
            .filter(|&a| candidate.routine().has_area(a))
            .collect();
        open.retain(|a| !newly.contains(a));
        chosen.push(Choice {
            routine: candidate.routine(),
            reason: candidate.reason(&format!("covers {}", spoken(&newly))),
        });
        taken.push(i);
        seconds += candidate.seconds;
    }
    if let Some(budget) = budget {
        while seconds * MAX_FACTOR < budget {
            let best = candidates
                .iter()
                .enumerate()
                .filter(|(i, c)| !taken.contains(i) && fits(seconds, c))
                .min_by(|(_, a), (_, b)| a.cmp(b, &asked));
            let Some((i, candidate)) = best else { break };
            let areas: Vec<Area> = candidate.asked_areas(&asked);
            chosen.push(Choice {
                routine: candidate.routine(),
                reason: candidate.reason(&format!("more time for the {}", spoken(&areas))),
            });
            taken.push(i);
            seconds += candidate.seconds;
        }
    }
    Ok(Composition {
        chosen,
        left_out: open,
    })
}

/// A routine with what the preference needs to know of it.
struct Candidate<'a> {
    ranked: Ranked<'a>,
    seconds: f64,
}

impl<'a> Candidate<'a> {
    fn new<Tz: TimeZone>(routine: &'a Routine, history: Option<&RoutineHistory>, now: &DateTime<Tz>) -> Self {
        Candidate {
            ranked: Ranked {
                routine,
                standing: Standing::new(history, now),
            },
            seconds: f64::from(routine.planned_seconds()),
        }
    }

    fn routine(&self) -> &'a Routine {
        self.ranked.routine
    }

    fn covers(&self, open: &[Area]) -> usize {
        open.iter().filter(|&&a| self.routine().has_area(a)).count()
    }

    fn asked_areas(&self, asked: &[Area]) -> Vec<Area> {
        asked
            .iter()
            .copied()
            .filter(|&a| self.routine().has_area(a))
            .collect()
    }

    /// The shared ranking: `Less` is better.
    fn cmp(&self, other: &Candidate, asked: &[Area]) -> Ordering {
        self.ranked.cmp(&other.ranked, asked)
    }

    fn reason(&self, what: &str) -> String {
        let why = suggestion_reason(&self.ranked.standing, self.routine().planned_seconds());
        format!("{what} · {why}")
    }
}

/// "neck", "neck and jaw", "neck, jaw and feet".
pub fn spoken(areas: &[Area]) -> String {
    let names: Vec<&str> = areas.iter().map(|a| a.as_str()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::testing::routine;
    use crate::suggest::ranking::tests::{done, now};
    use chrono::FixedOffset;

    fn library(routines: &[Routine]) -> Library {
        let mut library = Library::default();
        for r in routines {
            library.insert(r.clone());
        }
        library
    }

    fn history(entries: &[(&str, RoutineHistory)]) -> HashMap<String, RoutineHistory> {
        entries
            .iter()
            .map(|(id, h)| (id.to_string(), h.clone()))
            .collect()
    }

    fn ids(c: &Composition) -> Vec<String> {
        c.chosen.iter().map(|c| c.routine.id.clone()).collect()
    }

    fn chosen(
        library: &Library,
        areas: &[Area],
        minutes: Option<f64>,
        history: &HashMap<String, RoutineHistory>,
    ) -> Vec<String> {
        ids(&compose(library, areas, minutes, history, &now()).unwrap())
    }

    use Area::*;

    #[test]
    fn ties_are_broken_by_id_whatever_the_order_of_insertion() {
        let (b, a) = (routine("b-neck", &[Neck], 300), routine("a-neck", &[Neck], 300));
        let none = HashMap::new();
        assert_eq!(
            chosen(&library(&[b.clone(), a.clone()]), &[Neck], None, &none),
            ["a-neck"]
        );
        assert_eq!(chosen(&library(&[a, b]), &[Neck], None, &none), ["a-neck"]);
    }

    #[test]
    fn a_routine_done_today_gives_way_but_one_done_yesterday_does_not() {
        let lib = library(&[routine("a-neck", &[Neck], 300), routine("b-neck", &[Neck], 300)]);
        let h = history(&[("a-neck", done(0, &[-5; 5])), ("b-neck", done(30, &[]))]);
        assert_eq!(chosen(&lib, &[Neck], None, &h), ["b-neck"]);
        let h = history(&[("a-neck", done(1, &[-5; 5])), ("b-neck", done(30, &[]))]);
        assert_eq!(chosen(&lib, &[Neck], None, &h), ["a-neck"]);
    }

    #[test]
    fn the_one_that_lowered_tension_most_wins_and_a_bad_one_loses_to_an_unrated_one() {
        let lib = library(&[
            routine("a-neck", &[Neck], 300),
            routine("b-neck", &[Neck], 300),
            routine("c-neck", &[Neck], 300),
        ]);
        let h = history(&[
            ("a-neck", done(10, &[-1, -2, -1, -2, -2])),
            ("b-neck", done(10, &[-3, -2, -3, -3, -3])),
            ("c-neck", done(10, &[])),
        ]);
        assert_eq!(chosen(&lib, &[Neck], None, &h), ["b-neck"]);
        let h = history(&[
            ("a-neck", done(10, &[1, 1, 1, 1, 1])),
            ("b-neck", done(10, &[2, 2, 2, 2, 2])),
        ]);
        assert_eq!(
            chosen(&lib, &[Neck], None, &h),
            ["c-neck"],
            "never done, never rated"
        );
        let h = history(&[
            ("a-neck", done(10, &[1, 1, 1, 1, 1])),
            ("b-neck", done(10, &[2, 2, 2, 2, 2])),
            ("c-neck", done(10, &[3, 3, 3, 3, 3])),
        ]);
        assert_eq!(chosen(&lib, &[Neck], None, &h), ["a-neck"], "the least bad");
        // Two ratings are too few to go by, however good: the one done longest ago wins.
        let h = history(&[
            ("a-neck", done(10, &[-1, -1, -1, -1, -1])),
            ("b-neck", done(10, &[-5, -5])),
            ("c-neck", done(20, &[])),
        ]);
        assert_eq!(chosen(&lib, &[Neck], None, &h), ["a-neck"]);
        let h = history(&[("b-neck", done(10, &[-5, -5])), ("c-neck", done(20, &[]))]);
        assert_eq!(chosen(&lib, &[Neck], None, &h), ["a-neck"], "never done");
    }

    #[test]
    fn a_focused_routine_beats_one_with_areas_not_asked_for() {
        let lib = library(&[
            routine("a-wide", &[Neck, Face, Abdomen], 300),
            routine("b-desk", &[Neck, Hands], 300),
            routine("c-neck", &[Neck], 300),
        ]);
        assert_eq!(chosen(&lib, &[Neck], None, &HashMap::new()), ["c-neck"]);
        // Not at the price of variety: done today, it gives way.
        let h = history(&[("c-neck", done(0, &[]))]);
        assert_eq!(chosen(&lib, &[Neck], None, &h), ["b-desk"]);
    }

    #[test]
    fn the_one_done_longest_ago_comes_first_and_never_done_before_all() {
        let lib = library(&[routine("a-neck", &[Neck], 300), routine("b-neck", &[Neck], 300)]);
        let h = history(&[("a-neck", done(5, &[])), ("b-neck", done(9, &[]))]);
        assert_eq!(chosen(&lib, &[Neck], None, &h), ["b-neck"]);
        let h = history(&[("b-neck", done(90, &[]))]);
        assert_eq!(chosen(&lib, &[Neck], None, &h), ["a-neck"]);
    }

    #[test]
    fn one_routine_for_two_areas_beats_two_routines() {
        let lib = library(&[
            routine("a-neck", &[Neck], 300),
            routine("b-shoulders", &[Shoulders], 300),
            routine("z-both", &[Neck, Shoulders, Hands], 300),
        ]);
        let h = history(&[("z-both", done(1, &[4, 4, 4, 4, 4]))]);
        let c = compose(&lib, &[Neck, Shoulders], None, &h, &now()).unwrap();
        assert_eq!(ids(&c), ["z-both"], "coverage first, even when done yesterday");
        assert_eq!(c.chosen[0].reason, "covers neck and shoulders · done yesterday");
        assert!(c.left_out.is_empty());
    }

    #[test]
    fn without_minutes_each_area_gets_one_routine_in_the_order_chosen() {
        let lib = library(&[
            routine("jaw", &[Jaw, Temples], 300),
            routine("neck", &[Neck], 300),
            routine("feet", &[Feet], 300),
            routine("neck-two", &[Neck], 300),
        ]);
        let c = compose(&lib, &[Neck, Jaw, Neck], None, &HashMap::new(), &now()).unwrap();
        assert_eq!(ids(&c), ["neck", "jaw"], "the focused one first, repeats ignored");
        assert_eq!(c.chosen[0].reason, "covers neck · a 5-minute start");
        assert_eq!(c.chosen[1].reason, "covers jaw · a 5-minute start");
    }

    #[test]
    fn minutes_to_spare_add_routines_until_none_would_be_stretched_too_far() {
        let lib = library(&[
            routine("a", &[Neck], 300),
            routine("b", &[Neck], 300),
            routine("c", &[Neck, Jaw], 300),
            routine("d", &[Feet], 300),
        ]);
        let none = HashMap::new();
        // 5 minutes a routine: 7.5 is the most one is stretched to.
        assert_eq!(chosen(&lib, &[Neck], Some(7.5), &none), ["a"]);
        assert_eq!(chosen(&lib, &[Neck], Some(7.6), &none), ["a", "b"]);
        let c = compose(&lib, &[Neck], Some(16.0), &none, &now()).unwrap();
        assert_eq!(
            ids(&c),
            ["a", "b", "c"],
            "never a routine for an area not asked for"
        );
        assert_eq!(c.chosen[1].reason, "more time for the neck · a 5-minute start");
        assert_eq!(c.chosen[2].reason, "more time for the neck · a 5-minute start");
    }

    #[test]
    fn areas_that_do_not_fit_the_minutes_are_left_out() {
        let lib = library(&[routine("jaw", &[Jaw], 600), routine("neck", &[Neck], 600)]);
        let none = HashMap::new();
        // Ten minutes each: two at half their length need ten minutes.
        let c = compose(&lib, &[Neck, Jaw], Some(8.0), &none, &now()).unwrap();
        assert_eq!((ids(&c), c.left_out), (vec!["jaw".to_string()], vec![Neck]));
        let c = compose(&lib, &[Neck, Jaw], Some(10.0), &none, &now()).unwrap();
        assert_eq!((ids(&c), c.left_out), (vec!["jaw".into(), "neck".into()], vec![]));
        // A shorter jaw routine is the better first try, and it fits.
        let lib = library(&[
            routine("jaw", &[Jaw], 600),
            routine("neck", &[Neck], 600),
            routine("short-jaw", &[Jaw], 120),
        ]);
        let c = compose(&lib, &[Neck, Jaw], Some(8.0), &none, &now()).unwrap();
        assert_eq!(
            (ids(&c), c.left_out),
            (vec!["short-jaw".into(), "neck".into()], vec![])
        );
        // However little the time, one routine is taken and squeezed.
        let c = compose(&lib, &[Neck], Some(0.5), &none, &now()).unwrap();
        assert_eq!((ids(&c), c.left_out), (vec!["neck".to_string()], vec![]));
    }

    #[test]
    fn a_plain_rest_is_never_composed_as_a_session_for_an_area() {
        let lib = library(&[
            routine("quiet-rest", &[Abdomen], 180),
            routine("belly", &[Abdomen], 600),
        ]);
        assert_eq!(chosen(&lib, &[Abdomen], Some(4.0), &HashMap::new()), ["belly"]);
        let only_rest = library(&[routine("quiet-rest", &[Abdomen], 180)]);
        assert_eq!(
            compose(&only_rest, &[Abdomen], None, &HashMap::new(), &now()).unwrap_err(),
            ComposeError::NoRoutineFor(vec![Abdomen])
        );
    }

    #[test]
    fn an_area_without_routines_is_an_error_naming_it() {
        let lib = library(&[routine("neck", &[Neck], 300)]);
        let err = compose(&lib, &[Neck, Chest, Feet], None, &HashMap::new(), &now()).unwrap_err();
        assert_eq!(err, ComposeError::NoRoutineFor(vec![Chest, Feet]));
        assert_eq!(
            err.to_string(),
            "no routine covers the chest and feet; `knead areas` lists the areas that have routines"
        );
        assert_eq!(
            compose(&lib, &[], None, &HashMap::new(), &now()).unwrap_err(),
            ComposeError::NoAreas
        );
    }

    #[test]
    fn the_same_log_and_clock_always_give_the_same_session() {
        let lib = Library::built_in().library;
        let h = history(&[
            ("neck-release", done(1, &[-2, -2, -2, -2, -2])),
            ("desk-break", done(4, &[-1, -1, -1, -1, -1])),
            ("shoulder-unknot", done(12, &[-3, -3, -3, -3, -3])),
        ]);
        let first = compose(&lib, &[Shoulders, Neck], Some(20.0), &h, &now()).unwrap();
        for _ in 0..20 {
            let again = compose(&lib, &[Shoulders, Neck], Some(20.0), &h, &now()).unwrap();
            assert_eq!(again, first);
        }
        // Desk break covers both areas; the time left goes to the one that eased tension
        // most.
        assert_eq!(ids(&first), ["desk-break", "shoulder-unknot"]);
        assert_eq!(
            first.chosen[0].reason,
            "covers shoulders and neck · eased your tension by 1.0 over 5 sessions"
        );
        // For the neck alone, neck release eased tension more than desk break; done
        // yesterday it still comes first, done today it waits.
        let neck =
            |h: &HashMap<String, RoutineHistory>| ids(&compose(&lib, &[Neck], Some(8.0), h, &now()).unwrap());
        assert_eq!(neck(&h), ["neck-release"]);
        let mut today = h.clone();
        today.get_mut("neck-release").unwrap().last = now();
        assert_eq!(neck(&today), ["desk-break"]);
    }

    #[test]
    fn days_are_counted_in_the_clock_s_own_time_zone() {
        let lib = library(&[routine("a-neck", &[Neck], 300), routine("b-neck", &[Neck], 300)]);
        // 23:30 on the 24th at +01:00 is already the 25th at +02:00: yesterday in one zone,
        // today (so it waits) in the other.
        let mut h = history(&[("b-neck", done(30, &[]))]);
        h.insert(
            "a-neck".into(),
            RoutineHistory {
                last: DateTime::parse_from_rfc3339("2026-11-24T23:30:00+01:00").unwrap(),
                ..done(0, &[-3, -3, -3, -3, -3])
            },
        );
        let here = now();
        let east = now().with_timezone(&FixedOffset::east_opt(2 * 3600).unwrap());
        assert_eq!(ids(&compose(&lib, &[Neck], None, &h, &here).unwrap()), ["a-neck"]);
        assert_eq!(ids(&compose(&lib, &[Neck], None, &h, &east).unwrap()), ["b-neck"]);
    }
}
