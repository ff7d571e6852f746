//! What a session times: the segments in order and their lengths, optionally scaled so the
//! whole session lasts a chosen number of minutes.

use std::ops::RangeInclusive;
use std::time::Duration;

use crate::routine::{Routine, Side, Step};

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
    /// Between the left and the right passes of a side block (an `each` step, or a run of
    /// them sharing a `group`); `step` is the block's first step, the one the switch leads
    /// into.
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
    /// The routine step this segment belongs to: a step's passes, and for the switch the
    /// step it leads into.
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
            let mut s = 0;
            while let Some(step) = routine.steps.get(s) {
                let pass = |step: usize, side| Segment {
                    kind: SegmentKind::Step {
                        routine: r,
                        step,
                        side,
                    },
                    length: Duration::from_secs(routine.steps[step].seconds.into()),
                };
                // An `each` step without a group is a block of one: left, switch, right.
                let block = routine.side_block(s);
                if step.side == Side::Each {
                    segments.extend(block.clone().map(|i| pass(i, Side::Left)));
                    let switch = SegmentKind::SwitchSide {
                        routine: r,
                        step: block.start,
                    };
                    push_wait(&mut segments, switch, timing.switch_side);
                    segments.extend(block.clone().map(|i| pass(i, Side::Right)));
                } else {
                    segments.push(pass(s, step.side));
                }
                s = block.end;
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

    /// The step whose last pass is segment `index`: leaving that segment finishes the step.
    /// In a side block the left pass of a step is followed by other steps' passes, so "the
    /// next segment is another step" is not enough; no later segment may belong to it.
    pub fn finishes_step(&self, index: usize) -> Option<(usize, usize)> {
        let segment = self.segments.get(index)?;
        let step = segment.kind.step_ref().filter(|_| segment.kind.is_step())?;
        let later = &self.segments[index + 1..];
        later
            .iter()
            .all(|s| s.kind.step_ref() != Some(step))
            .then_some(step)
    }

    /// The length of the session, as every front end shows it (the list, the picker, the
    /// overview, `--plain`, `--dry-run`, `show`): the time of its steps, both sides of an
    /// `each` step counted, without the get-ready, the switches and the moves between
    /// routines, which depend on the settings. Unscaled, it is the sum of the routines'
    /// [`Routine::planned_seconds`]; the session itself also takes the waits, which the dry
    /// run adds up in its last line.
    pub fn length(&self) -> Duration {
        self.planned_step_time()
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

/// The least time a pass of a pressing step needs to find the spot and work it.
pub const SHORTEST_PRESSING_PASS: Duration = Duration::from_secs(20);

impl Plan {
    /// The shortest pass of a pressing step that this plan, scaled, made shorter than its
    /// routine asks for and shorter than [`SHORTEST_PRESSING_PASS`]: the step and its length.
    /// `None` when scaling squeezed no pressing step that far.
    pub fn squeezed_pressing_pass<'a>(&self, routines: &'a [Routine]) -> Option<(&'a Step, Duration)> {
        self.segments
            .iter()
            .filter_map(|segment| {
                let SegmentKind::Step { routine, step, .. } = segment.kind else {
                    return None;
                };
                let step = routines.get(routine)?.steps.get(step)?;
                let asked = Duration::from_secs(step.seconds.into());
                let squeezed = segment.length < SHORTEST_PRESSING_PASS && segment.length < asked;
                (step.stroke.presses() && squeezed).then_some((step, segment.length))
            })
            .min_by_key(|(_, length)| *length)
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
    use crate::routine::Step;
    use crate::session::tests::{grouped, routine, step};

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
        // The one length shown everywhere is the routine's own, without the waits.
        let r = &[routine(
            "neck",
            vec![
                step("a", 30, Side::Both),
                step("b", 20, Side::Each),
                step("c", 10, Side::Right),
            ],
        )];
        assert_eq!(plan.length(), Duration::from_secs(r[0].planned_seconds().into()));
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

    fn left(step: usize) -> SegmentKind {
        SegmentKind::Step {
            routine: 0,
            step,
            side: Side::Left,
        }
    }

    fn right(step: usize) -> SegmentKind {
        SegmentKind::Step {
            routine: 0,
            step,
            side: Side::Right,
        }
    }

    fn both(step: usize) -> SegmentKind {
        SegmentKind::Step {
            routine: 0,
            step,
            side: Side::Both,
        }
    }

    fn switch(step: usize) -> SegmentKind {
        SegmentKind::SwitchSide { routine: 0, step }
    }

    #[test]
    fn a_side_block_runs_every_step_on_the_left_then_one_switch_then_the_right() {
        let r = routine(
            "legs",
            vec![
                step("breathe", 30, Side::Both),
                grouped("squeeze", 20, "calf"),
                grouped("strokes", 25, "calf"),
                grouped("hold", 15, "calf"),
                step("shake", 10, Side::Each),
                step("rest", 5, Side::Both),
            ],
        );
        let plan = Plan::new(&[r], &Timing::default(), None);
        assert_eq!(
            kinds(&plan),
            vec![
                SegmentKind::GetReady,
                both(0),
                left(1),
                left(2),
                left(3),
                switch(1),
                right(1),
                right(2),
                right(3),
                left(4),
                switch(4),
                right(4),
                both(5),
            ]
        );
        assert_eq!(secs(&plan), vec![3, 30, 20, 25, 15, 5, 20, 25, 15, 10, 5, 10, 5]);
        // The same massage as three separate `each` steps, with two switches fewer.
        assert_eq!(plan.planned_step_time(), Duration::from_secs(175));
        assert_eq!(plan.total(), Duration::from_secs(3 + 175 + 2 * 5));
    }

    #[test]
    fn a_step_is_finished_by_its_last_pass_only() {
        let r = routine(
            "legs",
            vec![
                grouped("squeeze", 20, "calf"),
                grouped("strokes", 25, "calf"),
                step("rest", 5, Side::Both),
            ],
        );
        let plan = Plan::new(&[r], &Timing::default(), None);
        // get-ready, squeeze L, strokes L, switch, squeeze R, strokes R, rest
        let finished: Vec<_> = (0..8).map(|i| plan.finishes_step(i)).collect();
        assert_eq!(
            finished,
            vec![
                None,
                None,
                None,
                None,
                Some((0, 0)),
                Some((0, 1)),
                Some((0, 2)),
                None
            ]
        );
    }

    #[test]
    fn a_group_of_one_and_a_group_the_parser_would_refuse_keep_the_plain_order() {
        let plain = routine(
            "r",
            vec![
                step("a", 10, Side::Each),
                step("b", 20, Side::Both),
                step("c", 30, Side::Each),
            ],
        );
        let plan = |steps: Vec<Step>| kinds(&Plan::new(&[routine("r", steps)], &Timing::default(), None));
        let expected = kinds(&Plan::new(&[plain], &Timing::default(), None));
        // A block of one step is an `each` step as it always ran.
        assert_eq!(
            plan(vec![
                grouped("a", 10, "x"),
                step("b", 20, Side::Both),
                grouped("c", 30, "y"),
            ]),
            expected
        );
        // A group on a step that is not `each` joins nothing, and a group split by another
        // step makes two blocks: `knead check` refuses both, the plan stays sound anyway.
        let mut b = grouped("b", 20, "x");
        b.side = Side::Both;
        assert_eq!(
            plan(vec![grouped("a", 10, "x"), b, grouped("c", 30, "x")]),
            expected
        );
        // Neighbouring blocks with different names stay apart.
        assert_eq!(
            plan(vec![
                grouped("a", 10, "x"),
                grouped("b", 10, "x"),
                grouped("c", 10, "y"),
                grouped("d", 10, "y"),
            ]),
            vec![
                SegmentKind::GetReady,
                left(0),
                left(1),
                switch(0),
                right(0),
                right(1),
                left(2),
                left(3),
                switch(2),
                right(2),
                right(3),
            ]
        );
    }

    #[test]
    fn a_plan_with_blocks_scales_to_the_minutes_like_any_other() {
        let r = routine(
            "r",
            vec![
                grouped("a", 45, "calf"),
                grouped("b", 30, "calf"),
                step("c", 60, Side::Both),
            ],
        );
        let unscaled = Plan::new(std::slice::from_ref(&r), &Timing::default(), None);
        let plan = Plan::new(std::slice::from_ref(&r), &Timing::default(), Some(3.0));
        assert_eq!(plan.total(), Duration::from_secs(180));
        assert_eq!(kinds(&plan), kinds(&unscaled));
        let factor = 180.0 / unscaled.total().as_secs_f64();
        for i in 0..plan.segments().len() {
            let exact = unscaled.start_of(i).as_secs_f64() * factor;
            assert!((exact - plan.start_of(i).as_secs_f64()).abs() <= 0.0005 + 1e-9);
        }
    }
}
