//! What a session times: the segments in order and their lengths, optionally scaled so the
//! whole session lasts a chosen number of minutes.

use std::ops::RangeInclusive;
use std::time::Duration;

use crate::routine::{Routine, Side};

/// The minutes a session may be scaled to. The command line rejects anything else; the
/// plan clamps, so a stray value can never make it panic.
pub const MINUTES_RANGE: RangeInclusive<f64> = 0.1..=180.0;

/// The waits around the steps, and when a gap between ticks means the process was not
/// running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    pub get_ready: Duration,
    pub switch_side: Duration,
    /// Between two routines of a chained session.
    pub transition: Duration,
    /// A gap between ticks longer than this means the laptop slept or the process was
    /// stopped; `Duration::MAX` turns the check off.
    pub late_tick: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            get_ready: Duration::from_secs(3),
            switch_side: Duration::from_secs(5),
            transition: Duration::from_secs(5),
            late_tick: Duration::from_secs(5),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    GetReady,
    /// One pass of a routine step; `side` is never `Each` (an `each` step is two segments).
    Step {
        routine: usize,
        step: usize,
        side: Side,
    },
    /// Between the left and the right pass of an `each` step.
    SwitchSide {
        routine: usize,
        step: usize,
    },
    /// Between two routines of a chained session.
    Transition {
        to_routine: usize,
    },
}

impl SegmentKind {
    /// The routine step this segment belongs to: a step's passes and the switch between them
    /// share it, which is how the session knows when a step is done.
    pub fn step_ref(self) -> Option<(usize, usize)> {
        match self {
            SegmentKind::Step { routine, step, .. } | SegmentKind::SwitchSide { routine, step } => {
                Some((routine, step))
            }
            SegmentKind::GetReady | SegmentKind::Transition { .. } => None,
        }
    }

    pub fn is_step(self) -> bool {
        matches!(self, SegmentKind::Step { .. })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    pub length: Duration,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    segments: Vec<Segment>,
    /// `starts[i]` is where segment `i` begins, from the start of the plan.
    starts: Vec<Duration>,
    total: Duration,
}

impl Plan {
    /// Several routines make one chained session, run back to back. Waits of zero length
    /// are left out: a zero-second get-ready or switch is no wait at all, and the step that
    /// follows announces itself anyway.
    pub fn new(routines: &[Routine], timing: &Timing, minutes: Option<f64>) -> Plan {
        let mut segments = Vec::new();
        push_wait(&mut segments, SegmentKind::GetReady, timing.get_ready);
        for (r, routine) in routines.iter().enumerate() {
            if r > 0 {
                let kind = SegmentKind::Transition { to_routine: r };
                push_wait(&mut segments, kind, timing.transition);
            }
            for (s, step) in routine.steps.iter().enumerate() {
                let pass = |side| Segment {
                    kind: SegmentKind::Step {
                        routine: r,
                        step: s,
                        side,
                    },
                    length: Duration::from_secs(step.seconds.into()),
                };
                if step.side == Side::Each {
                    segments.push(pass(Side::Left));
                    let switch = SegmentKind::SwitchSide { routine: r, step: s };
                    push_wait(&mut segments, switch, timing.switch_side);
                    segments.push(pass(Side::Right));
                } else {
                    segments.push(pass(step.side));
                }
            }
        }
        if let Some(target) = minutes.and_then(target_millis) {
            let lengths: Vec<Duration> = segments.iter().map(|s| s.length).collect();
            for (segment, length) in segments.iter_mut().zip(scale(&lengths, target)) {
                segment.length = length;
            }
        }
        let mut starts = Vec::with_capacity(segments.len());
        let mut total = Duration::ZERO;
        for segment in &segments {
            starts.push(total);
            total += segment.length;
        }
        Plan {
            segments,
            starts,
            total,
        }
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn get(&self, index: usize) -> Option<&Segment> {
        self.segments.get(index)
    }

    /// Where segment `index` begins, from the start of the plan; past the end, the total.
    pub fn start_of(&self, index: usize) -> Duration {
        self.starts.get(index).copied().unwrap_or(self.total)
    }

    pub fn total(&self) -> Duration {
        self.total
    }

    /// The time planned for massage itself: the step segments, without the waits.
    pub fn planned_step_time(&self) -> Duration {
        self.segments
            .iter()
            .filter(|s| s.kind.is_step())
            .map(|s| s.length)
            .sum()
    }
}

fn push_wait(segments: &mut Vec<Segment>, kind: SegmentKind, length: Duration) {
    if !length.is_zero() {
        segments.push(Segment { kind, length });
    }
}

fn target_millis(minutes: f64) -> Option<u128> {
    if minutes.is_nan() {
        return None;
    }
    let minutes = minutes.clamp(*MINUTES_RANGE.start(), *MINUTES_RANGE.end());
    Some((minutes * 60_000.0).round() as u128)
}

/// `lengths` stretched or shrunk to add up to exactly `target_ms`. Each boundary is placed
/// from the cumulative unscaled length and rounded to the millisecond on its own, so
/// rounding never accumulates: no boundary is more than half a millisecond from where exact
/// arithmetic would put it, and the last one is the target.
fn scale(lengths: &[Duration], target_ms: u128) -> Vec<Duration> {
    let total: u128 = lengths.iter().map(Duration::as_nanos).sum();
    if total == 0 {
        return lengths.to_vec();
    }
    let mut cumulative = 0;
    let mut previous_ms = 0;
    lengths
        .iter()
        .map(|length| {
            cumulative += length.as_nanos();
            // Rounded to nearest in integers: (2·a·b + c) / 2c.
            let boundary_ms = (2 * cumulative * target_ms + total) / (2 * total);
            let scaled = boundary_ms - previous_ms;
            previous_ms = boundary_ms;
            Duration::from_millis(u64::try_from(scaled).unwrap_or(u64::MAX))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::tests::{routine, step};

    fn kinds(plan: &Plan) -> Vec<SegmentKind> {
        plan.segments().iter().map(|s| s.kind).collect()
    }

    fn secs(plan: &Plan) -> Vec<u64> {
        plan.segments().iter().map(|s| s.length.as_secs()).collect()
    }

    #[test]
    fn one_routine_in_order_with_each_sided_steps_split() {
        let r = routine(
            "neck",
            vec![
                step("a", 30, Side::Both),
                step("b", 20, Side::Each),
                step("c", 10, Side::Right),
            ],
        );
        let plan = Plan::new(&[r], &Timing::default(), None);
        use SegmentKind::*;
        assert_eq!(
            kinds(&plan),
            vec![
                GetReady,
                Step {
                    routine: 0,
                    step: 0,
                    side: Side::Both
                },
                Step {
                    routine: 0,
                    step: 1,
                    side: Side::Left
                },
                SwitchSide { routine: 0, step: 1 },
                Step {
                    routine: 0,
                    step: 1,
                    side: Side::Right
                },
                Step {
                    routine: 0,
                    step: 2,
                    side: Side::Right
                },
            ]
        );
        assert_eq!(secs(&plan), vec![3, 30, 20, 5, 20, 10]);
        assert_eq!(plan.planned_step_time(), Duration::from_secs(80));
        assert_eq!(plan.total(), Duration::from_secs(88));
        assert_eq!(plan.start_of(2), Duration::from_secs(33));
        assert_eq!(plan.start_of(99), plan.total());
    }

    #[test]
    fn chained_routines_get_a_transition_and_zero_waits_are_left_out() {
        let a = routine("a", vec![step("a1", 10, Side::Each)]);
        let b = routine("b", vec![step("b1", 20, Side::Both)]);
        let plan = Plan::new(&[a.clone(), b.clone()], &Timing::default(), None);
        use SegmentKind::*;
        assert_eq!(
            kinds(&plan),
            vec![
                GetReady,
                Step {
                    routine: 0,
                    step: 0,
                    side: Side::Left
                },
                SwitchSide { routine: 0, step: 0 },
                Step {
                    routine: 0,
                    step: 0,
                    side: Side::Right
                },
                Transition { to_routine: 1 },
                Step {
                    routine: 1,
                    step: 0,
                    side: Side::Both
                },
            ]
        );
        let no_waits = Timing {
            get_ready: Duration::ZERO,
            switch_side: Duration::ZERO,
            transition: Duration::ZERO,
            ..Timing::default()
        };
        let plan = Plan::new(&[a, b], &no_waits, None);
        assert!(plan.segments().iter().all(|s| s.kind.is_step()));
        assert_eq!(plan.total(), Duration::from_secs(40));
    }

    #[test]
    fn scaling_hits_the_minutes_exactly_and_keeps_proportions() {
        let r = routine(
            "r",
            vec![
                step("a", 60, Side::Both),
                step("b", 45, Side::Each),
                step("c", 7, Side::Left),
                step("d", 120, Side::Both),
            ],
        );
        let unscaled = Plan::new(std::slice::from_ref(&r), &Timing::default(), None);
        for minutes in [10.0, 0.1, 7.3, 1.0 / 3.0, 180.0, 2.5] {
            let plan = Plan::new(std::slice::from_ref(&r), &Timing::default(), Some(minutes));
            let want = Duration::from_millis((minutes * 60_000.0_f64).round() as u64);
            assert_eq!(plan.total(), want, "{minutes} min");
            assert_eq!(plan.segments().len(), unscaled.segments().len());
            // Every boundary within half a millisecond of exact proportional placement.
            let factor = want.as_secs_f64() / unscaled.total().as_secs_f64();
            for i in 0..plan.segments().len() {
                let exact = unscaled.start_of(i).as_secs_f64() * factor;
                let got = plan.start_of(i).as_secs_f64();
                assert!((exact - got).abs() <= 0.0005 + 1e-9, "{minutes}: {i}");
            }
        }
        // The waits scale with the steps.
        let ten = Plan::new(std::slice::from_ref(&r), &Timing::default(), Some(10.0));
        let factor = 600.0 / unscaled.total().as_secs_f64();
        let get_ready = ten.segments()[0].length.as_secs_f64();
        assert!((get_ready - 3.0 * factor).abs() < 0.001);
    }

    #[test]
    fn many_odd_segments_do_not_drift() {
        let steps = (0..100).map(|i| step(&format!("s{i}"), 7, Side::Both)).collect();
        let plan = Plan::new(&[routine("r", steps)], &Timing::default(), Some(1.0 / 7.0));
        assert_eq!(plan.total(), Duration::from_millis(8571));
        let lengths: Vec<u128> = plan.segments()[1..]
            .iter()
            .map(|s| s.length.as_millis())
            .collect();
        assert!(lengths.iter().all(|&l| (85..=86).contains(&l)), "{lengths:?}");
    }

    #[test]
    fn stray_minutes_never_panic() {
        let r = routine("r", vec![step("a", 60, Side::Both)]);
        let at = |m| Plan::new(std::slice::from_ref(&r), &Timing::default(), Some(m)).total();
        assert_eq!(at(f64::NAN), Duration::from_secs(63));
        assert_eq!(at(-5.0), Duration::from_secs(6));
        assert_eq!(at(f64::INFINITY), Duration::from_secs(180 * 60));
        assert_eq!(
            Plan::new(&[], &Timing::default(), Some(5.0)).total(),
            Duration::from_secs(300)
        );
        let nothing = Timing {
            get_ready: Duration::ZERO,
            ..Timing::default()
        };
        assert_eq!(Plan::new(&[], &nothing, Some(5.0)).total(), Duration::ZERO);
    }
}
