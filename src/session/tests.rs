//! The session's rules, driven by hand-set ticks: nothing here sleeps.

use std::time::Duration;

use proptest::prelude::*;

use super::*;
use crate::routine::{Area, Goal, Pressure, Source, Stroke};
use crate::text::SafeText;

pub(crate) fn step(name: &str, seconds: u32, side: Side) -> Step {
    Step {
        name: SafeText::sanitized(name),
        cue: SafeText::sanitized(&format!("{name}, slowly")),
        seconds,
        pressure: Some(Pressure::Medium),
        stroke: Stroke::Circles,
        tempo: None,
        side,
        spot: None,
        group: None,
        avoid_with: Vec::new(),
        gentle_with: Vec::new(),
    }
}

/// An `each` step in the side block `group`.
pub(crate) fn grouped(name: &str, seconds: u32, group: &str) -> Step {
    Step {
        group: Some(group.to_string()),
        ..step(name, seconds, Side::Each)
    }
}

pub(crate) fn routine(id: &str, steps: Vec<Step>) -> Routine {
    Routine {
        id: id.to_string(),
        name: SafeText::sanitized(&format!("Routine {id}")),
        summary: SafeText::sanitized(""),
        areas: vec![Area::Neck],
        goals: vec![Goal::Stress],
        helps: Vec::new(),
        cautions: Vec::new(),
        equipment: Vec::new(),
        steps,
        for_you: Vec::new(),
        first_try: false,
        source: Source::BuiltIn,
    }
}

/// get-ready 3 · a 60 · b-left 20 · switch 5 · b-right 20 · c 30 = 138 s (130 s of steps).
fn basic() -> Vec<Routine> {
    vec![routine(
        "basic",
        vec![
            step("a", 60, Side::Both),
            step("b", 20, Side::Each),
            step("c", 30, Side::Left),
        ],
    )]
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn s(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// Far from zero, so nothing depends on the clock's origin.
const ORIGIN: Duration = Duration::from_secs(86_400);

/// A session with the clock the shell would have, ticked once at the origin.
struct Harness {
    session: Session,
    clock: ManualClock,
}

impl Harness {
    fn new(routines: Vec<Routine>, timing: Timing, minutes: Option<f64>) -> Harness {
        let clock = ManualClock::new();
        clock.set(Moment(ORIGIN));
        let mut h = Harness {
            session: Session::new(routines, timing, minutes),
            clock,
        };
        h.tick();
        h
    }

    fn basic() -> Harness {
        Harness::new(basic(), Timing::default(), None)
    }

    fn started() -> Harness {
        let mut h = Harness::basic();
        h.send(Event::Start);
        h
    }

    fn tick(&mut self) -> Vec<Cue> {
        self.session.update(Event::Tick(self.clock.now()))
    }

    fn wait(&mut self, by: Duration) -> Vec<Cue> {
        self.clock.advance(by);
        self.tick()
    }

    /// Waits in one-second ticks, as the shell would, collecting the cues.
    fn wait_ticking(&mut self, by: Duration) -> Vec<Cue> {
        let end = self.clock.now() + by;
        let mut cues = Vec::new();
        while self.clock.now() < end {
            let step = end.saturating_since(self.clock.now()).min(s(1));
            cues.extend(self.wait(step));
        }
        cues
    }

    fn send(&mut self, event: Event) -> Vec<Cue> {
        self.session.update(event)
    }

    fn at(&self, since_origin: Duration) -> Moment {
        Moment(ORIGIN + since_origin)
    }

    fn phase(&self) -> &Phase {
        self.session.phase()
    }
}

fn began(routine: usize, step: usize, side: Side) -> Cue {
    Cue::Began(SegmentKind::Step { routine, step, side })
}

fn step_phase(routine: usize, step: usize, side: Side) -> Phase {
    Phase::Running(SegmentKind::Step { routine, step, side })
}

fn outcome_of(cues: &[Cue]) -> Option<&Outcome> {
    cues.iter().find_map(|c| match c {
        Cue::Finished(o) | Cue::Ended(o) => Some(o),
        _ => None,
    })
}

// ----- The lifecycle -----

#[test]
fn the_overview_waits_for_start() {
    let mut h = Harness::basic();
    assert_eq!(h.phase(), &Phase::Ready);
    assert_eq!(h.session.current_segment(), None);
    assert_eq!(h.session.next_step().map(|s| s.name.as_str()), Some("a"));
    assert_eq!(h.session.remaining(), Duration::ZERO);
    assert_eq!(h.session.overall_progress(), 0.0);
    assert!(!h.session.is_running());
    for event in [
        Event::Next,
        Event::Previous,
        Event::Extend,
        Event::TogglePause,
        Event::CancelQuit,
    ] {
        assert!(h.send(event).is_empty());
    }
    // Long gaps in the overview are just the person reading.
    assert!(h.wait(s(600)).is_empty());
    assert_eq!(h.phase(), &Phase::Ready);

    assert!(h.send(Event::Start).is_empty());
    assert_eq!(h.phase(), &Phase::Running(SegmentKind::GetReady));
    assert!(h.session.is_running());
    assert_eq!(h.session.remaining(), s(3));
    assert_eq!(h.session.current_step(), None);
    assert_eq!(h.session.step_number(), None);
    assert_eq!(h.session.next_step().map(|s| s.name.as_str()), Some("a"));
    assert!(h.send(Event::Start).is_empty(), "a second Start does nothing");
}

#[test]
fn get_ready_counts_down_into_the_first_step() {
    let mut h = Harness::started();
    assert!(h.wait(s(1)).is_empty());
    assert!(h.wait(s(1)).is_empty());
    assert_eq!(h.session.remaining(), s(1));
    assert_eq!(h.wait(s(1)), vec![began(0, 0, Side::Both)]);
    assert_eq!(h.phase(), &step_phase(0, 0, Side::Both));
    assert_eq!(h.session.remaining(), s(60));
    assert_eq!(h.session.step_number(), Some((1, 3)));
    assert_eq!(h.session.next_step().map(|s| s.name.as_str()), Some("b"));
    let (r, i, st, side) = h.session.current_step().unwrap();
    assert_eq!(
        (r.id.as_str(), i, st.name.as_str(), side),
        ("basic", 0, "a", Side::Both)
    );
}

#[test]
fn a_segment_starts_at_the_deadline_not_at_the_tick() {
    let mut h = Harness::started();
    h.wait(ms(2500));
    assert_eq!(h.wait(ms(2500)), vec![began(0, 0, Side::Both)]);
    // Step a began at 3 s, so at 5 s it has 58 s left, not 60.
    assert_eq!(h.session.remaining(), s(58));
    assert_eq!(h.session.elapsed_in_segment(), s(2));
}

#[test]
fn an_each_sided_step_is_left_switch_right() {
    let mut h = Harness::started();
    h.wait_ticking(s(62));
    assert_eq!(h.wait(s(1)), vec![began(0, 1, Side::Left)]);
    assert_eq!(h.session.steps_done(), 1);
    // What comes next is b's right side.
    assert_eq!(
        h.session.next_pass(),
        Some(SegmentKind::Step {
            routine: 0,
            step: 1,
            side: Side::Right
        })
    );
    h.wait_ticking(s(19));
    assert_eq!(
        h.wait(s(1)),
        vec![Cue::Began(SegmentKind::SwitchSide { routine: 0, step: 1 })]
    );
    assert_eq!(
        h.phase(),
        &Phase::Running(SegmentKind::SwitchSide { routine: 0, step: 1 })
    );
    assert_eq!(h.session.step_number(), Some((2, 3)));
    assert_eq!(h.session.current_step(), None);
    assert_eq!(h.session.steps_done(), 1, "the left side alone is not the step");
    h.wait_ticking(s(4));
    assert_eq!(h.wait(s(1)), vec![began(0, 1, Side::Right)]);
    assert_eq!(h.session.current_step().map(|c| c.3), Some(Side::Right));
    assert_eq!(h.session.next_step().map(|s| s.name.as_str()), Some("c"));
    h.wait_ticking(s(19));
    assert_eq!(h.wait(s(1)), vec![began(0, 2, Side::Left)]);
    assert_eq!(h.session.steps_done(), 2);
    assert_eq!(h.session.next_step(), None);
}

#[test]
fn a_full_run_finishes_with_its_outcome() {
    let mut h = Harness::started();
    let cues = h.wait_ticking(s(140));
    let expected_order = [
        began(0, 0, Side::Both),
        Cue::TenSecondsLeft,
        began(0, 1, Side::Left),
        Cue::Began(SegmentKind::SwitchSide { routine: 0, step: 1 }),
        began(0, 1, Side::Right),
        began(0, 2, Side::Left),
    ];
    assert_eq!(cues[..6], expected_order);
    let outcome = outcome_of(&cues).expect("finished");
    assert_eq!(cues.len(), 7);
    assert!(matches!(cues[6], Cue::Finished(_)));
    assert_eq!(
        *outcome,
        Outcome {
            routines: vec!["basic".to_string()],
            started: h.at(Duration::ZERO),
            ended: h.at(s(138)),
            planned: s(130),
            active: s(130),
            extended: Duration::ZERO,
            passes_done: 4,
            passes_skipped: 0,
            passes_total: 4,
            steps_done: 3,
            steps_total: 3,
            reached_end: true,
            completed: true,
        }
    );
    assert_eq!(h.phase(), &Phase::Finished { completed: true });
    assert_eq!(h.session.outcome(), Some(outcome));
    assert_eq!(h.session.overall_progress(), 1.0);
    assert_eq!(h.session.current_segment(), None);
    assert_eq!(h.session.active(), s(130));
}

#[test]
fn finished_is_terminal() {
    let mut h = Harness::started();
    h.wait_ticking(s(140));
    let outcome = h.session.outcome().cloned();
    for event in [
        Event::Start,
        Event::TogglePause,
        Event::Pause(PauseReason::Suspended),
        Event::Next,
        Event::Previous,
        Event::Extend,
        Event::Quit,
        Event::ConfirmQuit,
        Event::CancelQuit,
    ] {
        assert!(h.send(event).is_empty(), "{event:?}");
        assert!(h.wait(s(3600)).is_empty());
        assert_eq!(h.phase(), &Phase::Finished { completed: true });
        assert_eq!(h.session.outcome().cloned(), outcome);
    }
}

#[test]
fn an_empty_plan_finishes_at_start() {
    let timing = Timing {
        get_ready: Duration::ZERO,
        ..Timing::default()
    };
    let mut h = Harness::new(Vec::new(), timing, None);
    let cues = h.send(Event::Start);
    let outcome = outcome_of(&cues).expect("finished at once");
    assert!(outcome.completed);
    assert_eq!((outcome.steps_done, outcome.steps_total), (0, 0));
    assert_eq!(h.phase(), &Phase::Finished { completed: true });
}

#[test]
fn events_act_at_the_last_tick() {
    let mut h = Harness::basic();
    // The clock moves, but the session only learns of it from a tick.
    h.clock.advance(s(2));
    h.send(Event::Start);
    assert_eq!(h.session.now(), h.at(Duration::ZERO));
    assert_eq!(h.wait(Duration::ZERO), Vec::new());
    assert_eq!(
        h.session.remaining(),
        s(1),
        "the countdown ran from the last tick"
    );
}

#[test]
fn time_never_runs_backwards() {
    let mut h = Harness::started();
    h.wait(s(2));
    assert!(h.session.update(Event::Tick(h.at(s(1)))).is_empty());
    assert_eq!(h.session.now(), h.at(s(2)));
    assert_eq!(h.session.remaining(), s(1));
}

// ----- Deadlines -----

/// Odd lengths so that scaling to ten minutes is not a round factor.
fn ten_minute_session() -> Harness {
    let routines = vec![routine(
        "odd",
        vec![
            step("a", 47, Side::Both),
            step("b", 31, Side::Each),
            step("c", 83, Side::Right),
            step("d", 13, Side::Left),
        ],
    )];
    let mut h = Harness::new(routines, Timing::default(), Some(10.0));
    assert_eq!(h.session.plan().total(), s(600));
    h.send(Event::Start);
    h
}

fn run_to_the_end(h: &mut Harness, mut interval: impl FnMut() -> Duration) -> Outcome {
    for _ in 0..100_000 {
        let cues = h.wait(interval());
        assert!(!cues.iter().any(|c| matches!(c, Cue::Paused(_))), "{cues:?}");
        if let Some(outcome) = outcome_of(&cues) {
            return outcome.clone();
        }
    }
    panic!("never finished: {:?}", h.phase());
}

#[test]
fn ten_minutes_end_exactly_whatever_the_tick_rate() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut irregular = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Anything from a nanosecond to just under the late-tick limit.
        Duration::from_nanos(1 + (seed >> 33) % 4_999_999_999)
    };
    let rates: [&mut dyn FnMut() -> Duration; 4] = [
        &mut || s(1),
        &mut || ms(700),
        &mut || Duration::from_nanos(333_333_333),
        &mut irregular,
    ];
    for rate in rates {
        let mut h = ten_minute_session();
        let outcome = run_to_the_end(&mut h, rate);
        assert_eq!(outcome.ended, h.at(s(600)));
        assert_eq!(outcome.active, outcome.planned);
        assert_eq!(outcome.steps_done, 4);
    }
}

#[test]
fn a_tenth_of_a_minute_works() {
    let mut h = Harness::new(basic(), Timing::default(), Some(0.1));
    assert_eq!(h.session.plan().total(), s(6));
    h.send(Event::Start);
    let outcome = run_to_the_end(&mut h, || ms(250));
    assert_eq!(outcome.ended, h.at(s(6)));
    assert_eq!(outcome.steps_done, 3);
}

#[test]
fn one_huge_tick_after_a_pause_passes_every_segment_exactly() {
    let timing = Timing {
        late_tick: Duration::MAX,
        ..Timing::default()
    };
    let mut h = Harness::new(basic(), timing, None);
    h.send(Event::Start);
    h.wait(s(10));
    h.send(Event::TogglePause);
    h.wait(s(3600));
    assert_eq!(h.send(Event::TogglePause), vec![Cue::Resumed]);
    let cues = h.wait(s(86_400));
    assert_eq!(
        cues.iter()
            .filter(|c| matches!(c, Cue::Began(SegmentKind::Step { .. })))
            .count(),
        3,
        "{cues:?}"
    );
    assert!(cues.contains(&Cue::Began(SegmentKind::SwitchSide { routine: 0, step: 1 })));
    // Step a was passed by the jump, so its ten-second bell would come too late to ring.
    assert!(!cues.contains(&Cue::TenSecondsLeft));
    let outcome = outcome_of(&cues).expect("finished");
    assert_eq!(outcome.ended, h.at(s(138 + 3600)));
    assert_eq!(outcome.active, s(130));
}

// ----- Pause -----

#[test]
fn a_pause_moves_the_deadline_by_the_time_paused() {
    let mut h = Harness::started();
    h.wait_ticking(s(13));
    assert_eq!(h.send(Event::TogglePause), vec![Cue::Paused(PauseReason::Asked)]);
    assert_eq!(
        h.phase(),
        &Phase::Paused {
            resumes: Box::new(step_phase(0, 0, Side::Both)),
            since: h.at(s(13)),
            reason: PauseReason::Asked,
        }
    );
    assert!(!h.session.is_running());
    assert_eq!(h.session.current_step().map(|c| c.2.name.as_str()), Some("a"));
    assert!(h.wait_ticking(s(40)).is_empty());
    assert_eq!(h.session.remaining(), s(50));
    assert_eq!(h.session.active(), s(10));
    assert_eq!(h.send(Event::TogglePause), vec![Cue::Resumed]);
    assert_eq!(h.session.remaining(), s(50));
    h.wait_ticking(s(49));
    assert_eq!(h.wait(s(1)), vec![began(0, 1, Side::Left)]);
    assert_eq!(h.session.remaining(), s(20));
    assert_eq!(h.session.active(), s(60));
}

#[test]
fn twenty_pause_resume_cycles_do_not_freeze_the_countdown() {
    let mut h = Harness::started();
    h.wait_ticking(s(4));
    let before = h.session.remaining();
    for cycle in 1..=20u64 {
        h.wait(s(1));
        assert_eq!(h.send(Event::TogglePause), vec![Cue::Paused(PauseReason::Asked)]);
        h.wait(s(2));
        assert_eq!(h.send(Event::TogglePause), vec![Cue::Resumed]);
        assert_eq!(h.session.remaining(), before - s(cycle), "cycle {cycle}");
    }
    // Pausing and resuming within one tick neither loses nor gains time.
    for _ in 0..20 {
        h.send(Event::TogglePause);
        h.send(Event::TogglePause);
    }
    assert!(h.session.is_running());
    h.wait(s(1));
    assert_eq!(h.session.remaining(), before - s(21));
}

#[test]
fn pause_for_suspend_is_idempotent() {
    let mut h = Harness::started();
    h.wait(s(1));
    assert_eq!(
        h.send(Event::Pause(PauseReason::Suspended)),
        vec![Cue::Paused(PauseReason::Suspended)]
    );
    let paused = h.phase().clone();
    h.wait(s(30));
    assert!(h.send(Event::Pause(PauseReason::Suspended)).is_empty());
    assert!(h.send(Event::Pause(PauseReason::Asked)).is_empty());
    assert_eq!(h.phase(), &paused);
    assert_eq!(h.send(Event::TogglePause), vec![Cue::Resumed]);
    assert_eq!(h.session.remaining(), s(2));
}

// ----- Late ticks: the laptop slept or the process was stopped -----

#[test]
fn a_gap_in_the_middle_of_a_step_pauses_at_the_last_tick() {
    let mut h = Harness::started();
    h.wait_ticking(s(13));
    let gap = s(2 * 3600);
    assert_eq!(h.wait(gap), vec![Cue::Paused(PauseReason::Asleep(gap))]);
    assert_eq!(
        h.phase(),
        &Phase::Paused {
            resumes: Box::new(step_phase(0, 0, Side::Both)),
            since: h.at(s(13)),
            reason: PauseReason::Asleep(gap),
        }
    );
    assert_eq!(h.session.remaining(), s(50));
    assert_eq!(h.session.active(), s(10));
    h.wait(s(3));
    assert_eq!(h.send(Event::TogglePause), vec![Cue::Resumed]);
    assert_eq!(h.session.remaining(), s(50));
    h.wait_ticking(s(49));
    assert_eq!(h.wait(s(1)), vec![began(0, 1, Side::Left)]);
    assert_eq!(h.session.active(), s(60));
}

#[test]
fn a_gap_right_after_a_step_boundary_pauses_the_new_step() {
    let mut h = Harness::started();
    // This tick lands exactly on step a's deadline: b-left begins there.
    let cues = h.wait_ticking(s(63));
    assert_eq!(cues.last(), Some(&began(0, 1, Side::Left)));
    assert_eq!(h.wait(s(600)), vec![Cue::Paused(PauseReason::Asleep(s(600)))]);
    assert_eq!(h.session.current_step().map(|c| c.3), Some(Side::Left));
    assert_eq!(h.session.remaining(), s(20));
    assert_eq!(h.session.active(), s(60));
    assert_eq!(h.session.steps_done(), 1);
}

#[test]
fn a_gap_across_a_step_boundary_does_not_finish_the_step() {
    let mut h = Harness::started();
    h.wait_ticking(s(62));
    h.wait(ms(500));
    assert_eq!(h.wait(s(600)), vec![Cue::Paused(PauseReason::Asleep(s(600)))]);
    assert_eq!(h.session.current_step().map(|c| c.2.name.as_str()), Some("a"));
    assert_eq!(h.session.remaining(), ms(500));
    assert_eq!(h.session.steps_done(), 0);
    h.send(Event::TogglePause);
    assert_eq!(h.wait(ms(500)), vec![began(0, 1, Side::Left)]);
}

#[test]
fn a_gap_while_paused_changes_nothing() {
    let mut h = Harness::started();
    h.wait_ticking(s(10));
    h.send(Event::TogglePause);
    let paused = h.phase().clone();
    assert!(h.wait(s(8 * 3600)).is_empty());
    assert_eq!(h.phase(), &paused, "still Asked, since unchanged");
    // Likewise while asking "Quit?".
    h.send(Event::TogglePause);
    h.send(Event::Quit);
    let asking = h.phase().clone();
    assert!(h.wait(s(3600)).is_empty());
    assert_eq!(h.phase(), &asking);
}

#[test]
fn a_gap_during_get_ready_pauses_the_countdown() {
    let mut h = Harness::started();
    h.wait(s(1));
    assert_eq!(h.wait(s(60)), vec![Cue::Paused(PauseReason::Asleep(s(60)))]);
    assert_eq!(
        h.phase(),
        &Phase::Paused {
            resumes: Box::new(Phase::Running(SegmentKind::GetReady)),
            since: h.at(s(1)),
            reason: PauseReason::Asleep(s(60)),
        }
    );
    assert_eq!(h.session.remaining(), s(2));
    h.send(Event::TogglePause);
    assert_eq!(h.wait(s(2)), vec![began(0, 0, Side::Both)]);
}

#[test]
fn a_gap_of_exactly_the_limit_is_not_late() {
    let mut h = Harness::started();
    h.wait(s(3));
    assert!(h.wait(s(5)).is_empty());
    assert!(h.session.is_running());
    assert_eq!(h.session.remaining(), s(55));
}

// ----- Extend -----

#[test]
fn extend_adds_real_seconds_even_when_scaled() {
    // Scaled to a quarter: step a lasts 15 s, yet Extend still adds 15 real seconds.
    let mut h = Harness::new(basic(), Timing::default(), Some(138.0 / 4.0 / 60.0));
    h.send(Event::Start);
    assert!(h.send(Event::Extend).is_empty());
    assert_eq!(h.session.extended(), Duration::ZERO, "get-ready is not a step");
    assert_eq!(h.wait(ms(750)), vec![began(0, 0, Side::Both)]);
    h.wait(s(1));
    assert_eq!(h.session.remaining(), ms(14_000));
    h.send(Event::Extend);
    h.send(Event::Extend);
    assert_eq!(h.session.remaining(), ms(44_000));
    assert_eq!(h.session.extension(), s(30));
    assert_eq!(h.session.extended(), s(30));
    // Extending while paused adds time and stays paused; while asking "Quit?" it does not.
    h.send(Event::TogglePause);
    h.send(Event::Extend);
    assert!(matches!(h.phase(), Phase::Paused { .. }));
    h.send(Event::Quit);
    h.send(Event::Extend);
    h.send(Event::CancelQuit);
    h.send(Event::TogglePause);
    assert_eq!(h.session.remaining(), ms(59_000));
    h.wait_ticking(ms(58_999));
    assert_eq!(h.wait(ms(1)), vec![began(0, 1, Side::Left)]);
    let outcome = run_to_the_end(&mut h, || s(1));
    assert_eq!(outcome.extended, s(45));
    assert_eq!(outcome.active, outcome.planned + s(45));
    assert_eq!(outcome.ended, h.at(ms(34_500) + s(45)));
}

#[test]
fn extend_does_not_stretch_the_waits() {
    let mut h = Harness::started();
    h.send(Event::Next);
    h.send(Event::Next);
    h.send(Event::Next);
    assert_eq!(
        h.phase(),
        &Phase::Running(SegmentKind::SwitchSide { routine: 0, step: 1 })
    );
    h.send(Event::Extend);
    assert_eq!(h.session.remaining(), s(5));
    assert_eq!(h.session.extended(), Duration::ZERO);
}

// ----- Ten seconds left -----

#[test]
fn ten_seconds_left_rings_once_and_only_in_long_steps() {
    let routines = vec![routine(
        "r",
        vec![step("long", 60, Side::Both), step("short", 59, Side::Both)],
    )];
    let mut h = Harness::new(routines, Timing::default(), None);
    h.send(Event::Start);
    h.wait_ticking(s(52));
    assert_eq!(h.session.remaining(), s(11));
    assert_eq!(h.wait(s(1)), vec![Cue::TenSecondsLeft]);
    // More time after the warning does not warn again.
    h.send(Event::Extend);
    let cues = h.wait_ticking(s(25));
    assert_eq!(cues, vec![began(0, 1, Side::Both)]);
    let cues = h.wait_ticking(s(60));
    assert!(!cues.contains(&Cue::TenSecondsLeft), "{cues:?}");
    assert!(outcome_of(&cues).is_some());
}

#[test]
fn previous_into_a_long_step_warns_again() {
    let mut h = Harness::started();
    h.wait_ticking(s(52));
    assert_eq!(h.wait(s(1)), vec![Cue::TenSecondsLeft]);
    assert_eq!(h.send(Event::Previous), vec![began(0, 0, Side::Both)]);
    let cues = h.wait_ticking(s(50));
    assert_eq!(cues, vec![Cue::TenSecondsLeft]);
}

// ----- Next and Previous -----

#[test]
fn next_walks_the_segments_and_skipped_passes_count_as_skipped() {
    let mut h = Harness::started();
    assert_eq!(h.send(Event::Next), vec![began(0, 0, Side::Both)]);
    h.wait_ticking(s(10));
    assert_eq!(h.send(Event::Next), vec![began(0, 1, Side::Left)]);
    assert_eq!(h.session.active(), s(10));
    assert_eq!((h.session.passes_done(), h.session.passes_skipped()), (0, 1));
    assert_eq!(
        h.send(Event::Next),
        vec![Cue::Began(SegmentKind::SwitchSide { routine: 0, step: 1 })]
    );
    assert_eq!(h.send(Event::Next), vec![began(0, 1, Side::Right)]);
    assert_eq!(h.send(Event::Next), vec![began(0, 2, Side::Left)]);
    assert_eq!((h.session.passes_done(), h.session.passes_skipped()), (0, 3));
    let cues = h.send(Event::Next);
    let outcome = outcome_of(&cues).expect("finished");
    // The plan ran out, but nothing was done: it ended early.
    assert!(matches!(cues[..], [Cue::Finished(_)]));
    assert_eq!((outcome.steps_done, outcome.passes_skipped), (0, 4));
    assert_eq!(outcome.active, s(10));
    assert_eq!(outcome.ended, h.at(s(10)));
    assert!(outcome.reached_end && !outcome.completed);
}

#[test]
fn skipping_through_every_pass_is_not_a_completed_session() {
    let mut h = Harness::started();
    // Through the get-ready, then a few seconds on each of the four passes.
    h.send(Event::Next);
    while h.session.outcome().is_none() {
        h.wait(s(2));
        h.send(Event::Next);
    }
    let outcome = h.session.outcome().unwrap().clone();
    assert!(outcome.reached_end);
    assert!(!outcome.completed, "8 s of 130 s is not a session done");
    assert_eq!(h.phase(), &Phase::Finished { completed: false });
    assert_eq!(
        (outcome.passes_done, outcome.passes_skipped, outcome.passes_total),
        (0, 4, 4)
    );
    assert_eq!((outcome.steps_done, outcome.steps_total), (0, 3));
    assert_eq!(outcome.active, s(8));
}

#[test]
fn a_pass_is_done_from_half_its_time_and_the_session_from_half_the_planned_time() {
    let mut h = Harness::started();
    h.send(Event::Next);
    // a: 30 of 60 s is half: done.
    h.wait_ticking(s(30));
    h.send(Event::Next);
    // b left: 9 of 20 s, then a pause that does not count, then skipped.
    h.wait_ticking(s(9));
    h.send(Event::TogglePause);
    h.wait(s(60));
    h.send(Event::TogglePause);
    h.send(Event::Next);
    assert_eq!((h.session.passes_done(), h.session.passes_skipped()), (1, 1));
    h.send(Event::Next);
    // b right: 10 of 20 s, done; c: all of it.
    h.wait_ticking(s(10));
    h.send(Event::Next);
    let outcome = run_to_the_end(&mut h, || s(1));
    assert_eq!(
        (outcome.passes_done, outcome.passes_skipped, outcome.passes_total),
        (3, 1, 4)
    );
    // b's left side was skipped, so b is not done.
    assert_eq!(outcome.steps_done, 2);
    // 30 + 9 + 10 + 30 = 79 s of 130: more than half.
    assert_eq!(outcome.active, s(79));
    assert!(outcome.reached_end && outcome.completed);

    // Going back and doing a skipped pass again in full makes it done.
    let mut h = Harness::started();
    h.send(Event::Next);
    h.send(Event::Next);
    h.send(Event::Previous);
    h.wait_ticking(s(60));
    // a is done; b's left side, left at once, stays skipped until it is done in its turn.
    assert_eq!((h.session.passes_done(), h.session.passes_skipped()), (1, 1));
    h.wait_ticking(s(20));
    assert_eq!((h.session.passes_done(), h.session.passes_skipped()), (2, 0));
}

#[test]
fn quitting_after_most_of_the_time_is_still_ended_early() {
    let mut h = Harness::started();
    h.wait_ticking(s(125));
    h.send(Event::Quit);
    let outcome = outcome_of(&h.send(Event::ConfirmQuit)).unwrap().clone();
    assert!(!outcome.reached_end);
    assert!(!outcome.completed);
    assert_eq!(
        (outcome.passes_done, outcome.passes_skipped, outcome.passes_total),
        (4, 0, 4),
        "c ran 17 of 30 s"
    );
}

#[test]
fn next_while_paused_moves_on_and_stays_paused() {
    let mut h = Harness::started();
    h.wait_ticking(s(13));
    h.send(Event::TogglePause);
    h.wait(s(2));
    assert_eq!(h.send(Event::Next), vec![began(0, 1, Side::Left)]);
    assert!(matches!(
        h.phase(),
        Phase::Paused { resumes, reason: PauseReason::Asked, .. }
            if **resumes == step_phase(0, 1, Side::Left)
    ));
    assert_eq!(h.session.active(), s(10));
    h.wait(s(30));
    assert_eq!(h.session.remaining(), s(20));
    h.send(Event::TogglePause);
    h.wait_ticking(s(19));
    assert_eq!(
        h.wait(s(1)),
        vec![Cue::Began(SegmentKind::SwitchSide { routine: 0, step: 1 })]
    );
}

#[test]
fn previous_goes_back_to_the_start_of_the_previous_step_pass() {
    let mut h = Harness::started();
    for _ in 0..5 {
        h.send(Event::Next);
    }
    assert_eq!(h.phase(), &step_phase(0, 2, Side::Left));
    h.wait(s(4));
    // From c, the previous pass is the right side of b.
    assert_eq!(h.send(Event::Previous), vec![began(0, 1, Side::Right)]);
    assert_eq!(h.session.remaining(), s(20));
    // The 20 s of b's right side again, and the 4 s of c that will be done again.
    assert_eq!(h.session.extended(), s(24));
    assert_eq!(h.session.active(), s(4));
    // From the right side, the left side of the same step.
    assert_eq!(h.send(Event::Previous), vec![began(0, 1, Side::Left)]);
    assert_eq!(h.session.extended(), s(44));
    // From the switch, the left side again.
    h.send(Event::Next);
    assert_eq!(
        h.phase(),
        &Phase::Running(SegmentKind::SwitchSide { routine: 0, step: 1 })
    );
    assert_eq!(h.send(Event::Previous), vec![began(0, 1, Side::Left)]);
    assert_eq!(h.session.extended(), s(64));
    // Back to a, the first step, and then it starts over.
    assert_eq!(h.send(Event::Previous), vec![began(0, 0, Side::Both)]);
    h.wait(s(3));
    assert_eq!(h.session.remaining(), s(57));
    assert_eq!(h.send(Event::Previous), vec![began(0, 0, Side::Both)]);
    assert_eq!(h.session.remaining(), s(60));
    assert_eq!(h.session.extended(), s(184));
    assert_eq!(h.session.active(), s(7));
    // Only what ran: a for 3 s, c for 4 s, both far from half.
    assert_eq!((h.session.passes_done(), h.session.steps_done()), (0, 0));
    let outcome = run_to_the_end(&mut h, || s(1));
    // Done in full on the way to the end, every pass counts once.
    assert_eq!((outcome.passes_done, outcome.passes_skipped), (4, 0));
    assert_eq!(outcome.steps_done, 3);
    assert!(outcome.active <= outcome.planned + outcome.extended);
}

/// Found by the property test: back from a step pass just begun, then on to the end. The
/// moment spent in the pass left behind is done again, so it counts as extra.
#[test]
fn previous_from_a_pass_just_begun_keeps_active_within_planned_and_extended() {
    let mut h = Harness::started();
    h.send(Event::Next);
    h.wait_ticking(s(60));
    h.wait(ms(1));
    assert_eq!(h.phase(), &step_phase(0, 1, Side::Left));
    h.send(Event::Previous);
    let outcome = run_to_the_end(&mut h, || ms(700));
    assert!(
        outcome.active <= outcome.planned + outcome.extended,
        "{outcome:?}"
    );
    assert_eq!(outcome.active, outcome.planned + outcome.extended);
}

#[test]
fn previous_while_paused_restarts_on_resume() {
    let mut h = Harness::started();
    h.wait_ticking(s(23));
    h.send(Event::TogglePause);
    h.wait(s(100));
    assert_eq!(h.send(Event::Previous), vec![began(0, 0, Side::Both)]);
    assert!(matches!(h.phase(), Phase::Paused { .. }));
    assert_eq!(h.session.remaining(), s(60));
    assert_eq!(h.session.active(), s(20), "the pause is not active time");
    h.wait(s(7));
    h.send(Event::TogglePause);
    h.wait(s(1));
    assert_eq!(h.session.remaining(), s(59));
}

#[test]
fn previous_during_get_ready_restarts_the_countdown() {
    let mut h = Harness::started();
    h.wait(s(2));
    assert!(h.send(Event::Previous).is_empty());
    assert_eq!(h.phase(), &Phase::Running(SegmentKind::GetReady));
    assert_eq!(h.session.remaining(), s(3));
    assert_eq!(h.session.extended(), Duration::ZERO);
}

// ----- Quit -----

#[test]
fn quit_in_the_overview_ends_without_an_outcome() {
    let mut h = Harness::basic();
    assert!(h.send(Event::Quit).is_empty());
    assert_eq!(h.phase(), &Phase::Finished { completed: false });
    assert_eq!(h.session.outcome(), None);
    assert!(h.send(Event::Start).is_empty());
    assert_eq!(h.phase(), &Phase::Finished { completed: false });
}

#[test]
fn quit_asks_first_and_holds_the_timer() {
    let mut h = Harness::started();
    h.wait_ticking(s(13));
    assert!(h.send(Event::Quit).is_empty());
    assert_eq!(
        h.phase(),
        &Phase::ConfirmQuit {
            resumes: Box::new(step_phase(0, 0, Side::Both)),
            since: h.at(s(13)),
        }
    );
    assert!(h.send(Event::Quit).is_empty(), "asking again changes nothing");
    for event in [Event::TogglePause, Event::Next, Event::Previous, Event::Start] {
        assert!(h.send(event).is_empty());
    }
    assert!(h.wait_ticking(s(20)).is_empty());
    assert_eq!(h.session.remaining(), s(50));
    assert_eq!(h.session.current_step().map(|c| c.2.name.as_str()), Some("a"));
    assert!(h.send(Event::CancelQuit).is_empty());
    assert_eq!(h.phase(), &step_phase(0, 0, Side::Both));
    assert_eq!(h.session.remaining(), s(50));
    h.wait_ticking(s(49));
    assert_eq!(h.wait(s(1)), vec![began(0, 1, Side::Left)]);
}

#[test]
fn confirming_quit_ends_with_an_outcome() {
    let mut h = Harness::started();
    h.wait_ticking(s(13));
    h.send(Event::Quit);
    h.wait(s(4));
    let cues = h.send(Event::ConfirmQuit);
    assert!(matches!(cues[..], [Cue::Ended(_)]));
    assert_eq!(
        *outcome_of(&cues).unwrap(),
        Outcome {
            routines: vec!["basic".to_string()],
            started: h.at(Duration::ZERO),
            ended: h.at(s(13)),
            planned: s(130),
            active: s(10),
            extended: Duration::ZERO,
            passes_done: 0,
            passes_skipped: 1,
            passes_total: 4,
            steps_done: 0,
            steps_total: 3,
            reached_end: false,
            completed: false,
        }
    );
    assert_eq!(h.phase(), &Phase::Finished { completed: false });
    assert_eq!(h.session.overall_progress(), 13.0 / 138.0);
    assert!(h.send(Event::Quit).is_empty());
    assert!(h.send(Event::CancelQuit).is_empty());
}

#[test]
fn quit_during_a_pause_returns_to_the_pause() {
    let mut h = Harness::started();
    h.wait_ticking(s(13));
    h.send(Event::TogglePause);
    let paused = h.phase().clone();
    h.wait(s(3));
    h.send(Event::Quit);
    h.wait(s(3));
    assert!(h.send(Event::CancelQuit).is_empty());
    assert_eq!(h.phase(), &paused);
    h.wait(s(3));
    h.send(Event::TogglePause);
    assert_eq!(h.session.remaining(), s(50));
    // Quitting from a pause ends where the pause began.
    h.wait(s(1));
    h.send(Event::TogglePause);
    h.send(Event::Quit);
    let cues = h.send(Event::ConfirmQuit);
    assert_eq!(outcome_of(&cues).unwrap().ended, h.at(s(23)));
    assert_eq!(outcome_of(&cues).unwrap().active, s(11));
}

#[test]
fn confirm_and_cancel_without_a_question_do_nothing() {
    let mut h = Harness::started();
    assert!(h.send(Event::ConfirmQuit).is_empty());
    assert!(h.send(Event::CancelQuit).is_empty());
    assert_eq!(h.phase(), &Phase::Running(SegmentKind::GetReady));
}

// ----- Chained routines -----

#[test]
fn chained_routines_run_back_to_back_with_a_transition() {
    let routines = vec![
        routine("first", vec![step("a1", 10, Side::Both)]),
        routine(
            "second",
            vec![step("b1", 10, Side::Each), step("b2", 5, Side::Right)],
        ),
    ];
    let mut h = Harness::new(routines, Timing::default(), None);
    assert_eq!(h.session.steps_total(), 3);
    h.send(Event::Start);
    h.wait_ticking(s(12));
    assert_eq!(
        h.wait(s(1)),
        vec![Cue::Began(SegmentKind::Transition { to_routine: 1 })]
    );
    assert_eq!(
        h.phase(),
        &Phase::Running(SegmentKind::Transition { to_routine: 1 })
    );
    assert_eq!(h.session.next_step().map(|s| s.name.as_str()), Some("b1"));
    assert_eq!(h.session.step_number(), None);
    h.wait_ticking(s(4));
    assert_eq!(h.wait(s(1)), vec![began(1, 0, Side::Left)]);
    assert_eq!(h.session.step_number(), Some((1, 2)));
    assert_eq!(h.session.current_step().map(|c| c.0.id.as_str()), Some("second"));
    let cues = h.wait_ticking(s(60));
    let outcome = outcome_of(&cues).expect("finished");
    assert_eq!(outcome.routines, vec!["first", "second"]);
    assert_eq!(outcome.ended, h.at(s(3 + 10 + 5 + 10 + 5 + 10 + 5)));
    assert_eq!(outcome.planned, s(35));
    assert_eq!((outcome.steps_done, outcome.steps_total), (3, 3));
}

#[test]
fn previous_from_a_transition_goes_back_into_the_previous_routine() {
    let routines = vec![
        routine("first", vec![step("a1", 10, Side::Both)]),
        routine("second", vec![step("b1", 10, Side::Both)]),
    ];
    let mut h = Harness::new(routines, Timing::default(), None);
    h.send(Event::Start);
    h.send(Event::Next);
    assert_eq!(
        h.send(Event::Next),
        vec![Cue::Began(SegmentKind::Transition { to_routine: 1 })]
    );
    assert_eq!(h.send(Event::Previous), vec![began(0, 0, Side::Both)]);
}

// ----- Side blocks -----

/// get-ready 3 · a 30 · b-left 20 · c-left 10 · switch 5 · b-right 20 · c-right 10 · d 15
/// = 113 s (105 s of steps); b and c are the side block "calf".
fn calf_block() -> Harness {
    let routines = vec![routine(
        "legs",
        vec![
            step("a", 30, Side::Both),
            grouped("b", 20, "calf"),
            grouped("c", 10, "calf"),
            step("d", 15, Side::Both),
        ],
    )];
    let mut h = Harness::new(routines, Timing::default(), None);
    h.send(Event::Start);
    h
}

fn next_name(h: &Harness) -> Option<&str> {
    h.session.next_step().map(|s| s.name.as_str())
}

#[test]
fn a_side_block_runs_on_the_left_switches_once_and_runs_on_the_right() {
    let mut h = calf_block();
    let cues = h.wait_ticking(s(32));
    assert_eq!(cues, vec![began(0, 0, Side::Both)]);
    assert_eq!(h.wait(s(1)), vec![began(0, 1, Side::Left)]);
    assert_eq!(h.session.steps_done(), 1);
    assert_eq!(next_name(&h), Some("c"), "the next step on the same side");
    assert_eq!(
        h.session.next_pass(),
        Some(SegmentKind::Step {
            routine: 0,
            step: 2,
            side: Side::Left
        })
    );
    h.wait_ticking(s(20));
    assert_eq!(
        h.session.current_step().map(|c| (c.1, c.3)),
        Some((2, Side::Left))
    );
    assert_eq!(h.session.steps_done(), 1, "b's left side alone is not the step");
    assert_eq!(h.session.step_number(), Some((3, 4)));
    // After the block's last left pass comes the right side of its first step.
    assert_eq!(
        h.session.next_pass(),
        Some(SegmentKind::Step {
            routine: 0,
            step: 1,
            side: Side::Right
        })
    );
    assert_eq!(
        h.wait_ticking(s(10)),
        vec![Cue::Began(SegmentKind::SwitchSide { routine: 0, step: 1 })]
    );
    assert_eq!(h.session.step_number(), Some((2, 4)), "the switch leads into b");
    assert_eq!(next_name(&h), Some("b"), "and b's right side is next");
    assert_eq!(h.session.steps_done(), 1);
    assert_eq!(h.wait_ticking(s(5)), vec![began(0, 1, Side::Right)]);
    assert_eq!(next_name(&h), Some("c"));
    assert_eq!(h.wait_ticking(s(20)), vec![began(0, 2, Side::Right)]);
    assert_eq!(h.session.steps_done(), 2);
    assert_eq!(next_name(&h), Some("d"));
    assert_eq!(h.wait_ticking(s(10)), vec![began(0, 3, Side::Both)]);
    assert_eq!(h.session.steps_done(), 3);
    let cues = h.wait_ticking(s(15));
    let outcome = outcome_of(&cues).expect("finished");
    assert_eq!(outcome.ended, h.at(s(113)));
    assert_eq!((outcome.planned, outcome.active), (s(105), s(105)));
    assert_eq!((outcome.steps_done, outcome.steps_total), (4, 4));
}

#[test]
fn next_and_previous_move_pass_by_pass_across_the_switch() {
    let mut h = calf_block();
    h.send(Event::Next);
    assert_eq!(h.send(Event::Next), vec![began(0, 1, Side::Left)]);
    assert_eq!(h.send(Event::Next), vec![began(0, 2, Side::Left)]);
    assert_eq!(
        (h.session.passes_done(), h.session.passes_skipped()),
        (0, 2),
        "a and b's left side were skipped"
    );
    assert_eq!(
        h.send(Event::Next),
        vec![Cue::Began(SegmentKind::SwitchSide { routine: 0, step: 1 })]
    );
    // From the switch, back to the last pass on the left: c, not b.
    assert_eq!(h.send(Event::Previous), vec![began(0, 2, Side::Left)]);
    assert_eq!(h.session.extended(), s(10));
    h.send(Event::Next);
    assert_eq!(h.send(Event::Next), vec![began(0, 1, Side::Right)]);
    h.wait(s(4));
    // From b's right side, back across the switch to c's left side.
    assert_eq!(h.send(Event::Previous), vec![began(0, 2, Side::Left)]);
    assert_eq!(h.session.extended(), s(10 + 10 + 4));
    assert_eq!(h.send(Event::Previous), vec![began(0, 1, Side::Left)]);
    for _ in 0..4 {
        h.send(Event::Next);
    }
    assert_eq!(h.phase(), &step_phase(0, 2, Side::Right));
    assert_eq!(h.session.steps_done(), 0, "nothing ran long enough");
    // Extend lengthens the pass being done, nothing else.
    h.send(Event::Extend);
    assert_eq!(h.session.remaining(), s(10) + EXTEND_BY);
    assert_eq!(h.send(Event::Next), vec![began(0, 3, Side::Both)]);
    assert_eq!(h.session.steps_done(), 0);
    let outcome = run_to_the_end(&mut h, || s(1));
    // Only d ran in full.
    assert_eq!((outcome.steps_done, outcome.steps_total), (1, 4));
    assert!(!outcome.completed);
    assert!(outcome.active <= outcome.planned + outcome.extended);
}

#[test]
fn a_side_block_scaled_to_minutes_ends_on_time() {
    let routines = vec![routine(
        "legs",
        vec![grouped("b", 20, "calf"), grouped("c", 10, "calf")],
    )];
    let mut h = Harness::new(routines, Timing::default(), Some(2.0));
    h.send(Event::Start);
    let outcome = run_to_the_end(&mut h, || ms(700));
    assert_eq!(outcome.ended, h.at(s(120)));
    assert_eq!((outcome.steps_done, outcome.steps_total), (2, 2));
}

// ----- Progress -----

#[test]
fn overall_progress_follows_the_plan_not_the_extensions() {
    let mut h = Harness::started();
    h.wait_ticking(s(33));
    assert_eq!(h.session.overall_progress(), 33.0 / 138.0);
    assert_eq!(h.session.segment_progress(), 0.5);
    h.send(Event::Extend);
    assert_eq!(h.session.overall_progress(), 33.0 / 138.0);
    h.wait_ticking(s(40));
    assert_eq!(
        h.session.overall_progress(),
        63.0 / 138.0,
        "held at the step's end"
    );
    assert!(h.session.segment_progress() < 1.0);
}

// ----- Properties -----

fn any_event() -> impl Strategy<Value = Event> {
    prop_oneof![
        Just(Event::Start),
        Just(Event::TogglePause),
        Just(Event::Pause(PauseReason::Suspended)),
        Just(Event::Pause(PauseReason::Asked)),
        Just(Event::Next),
        Just(Event::Previous),
        Just(Event::Extend),
        Just(Event::Quit),
        Just(Event::ConfirmQuit),
        Just(Event::CancelQuit),
    ]
}

#[derive(Clone, Debug)]
enum Op {
    Wait(Duration),
    Send(Event),
}

fn any_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0u64..3_000).prop_map(|n| Op::Wait(ms(n))),
        1 => (3_000u64..50_000_000).prop_map(|n| Op::Wait(ms(n))),
        1 => Just(Op::Wait(Duration::ZERO)),
        4 => any_event().prop_map(Op::Send),
    ]
}

fn any_side() -> impl Strategy<Value = Side> {
    prop_oneof![
        Just(Side::Left),
        Just(Side::Right),
        Just(Side::Both),
        Just(Side::Each)
    ]
}

/// Steps of any side, some with a group: side blocks, and also groups `knead check` refuses
/// (on a step that is not `each`, split by another step), which the session must still run
/// soundly.
fn any_routines() -> impl Strategy<Value = Vec<Routine>> {
    let any_group = prop_oneof![Just(Some("calf")), Just(Some("foot"))];
    let any_step = prop_oneof![
        2 => (1u32..150, any_side(), Just(None)),
        2 => (1u32..150, Just(Side::Each), Just(Some("calf"))),
        1 => (1u32..150, any_side(), any_group),
    ];
    let steps = prop::collection::vec(any_step, 1..7);
    prop::collection::vec(steps, 1..4).prop_map(|routines| {
        routines
            .into_iter()
            .enumerate()
            .map(|(r, steps)| {
                let steps = steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, (secs, side, group))| Step {
                        group: group.map(str::to_string),
                        ..step(&format!("s{i}"), secs, side)
                    })
                    .collect();
                routine(&format!("r{r}"), steps)
            })
            .collect()
    })
}

fn any_timing() -> impl Strategy<Value = Timing> {
    (
        0u64..6,
        0u64..6,
        0u64..6,
        prop_oneof![Just(5u64), Just(30), Just(u64::MAX)],
    )
        .prop_map(|(get_ready, switch_side, transition, late)| Timing {
            get_ready: s(get_ready),
            switch_side: s(switch_side),
            transition: s(transition),
            late_tick: if late == u64::MAX { Duration::MAX } else { s(late) },
        })
}

fn check_invariants(session: &Session) -> Result<(), TestCaseError> {
    let planned = session.plan().planned_step_time();
    prop_assert!(session.active() <= planned + session.extended());
    prop_assert!(session.steps_done() <= session.steps_total());
    if let Some((index, segment)) = session.current_segment() {
        prop_assert!(index < session.plan().segments().len());
        prop_assert!(session.remaining() <= segment.length + session.extension());
        if let Some((r, s)) = segment.kind.step_ref() {
            prop_assert!(session.routines().get(r).is_some_and(|x| s < x.steps.len()));
        }
    }
    if let Phase::Running(SegmentKind::Step { routine, step, .. }) = session.phase() {
        prop_assert!(
            session
                .routines()
                .get(*routine)
                .is_some_and(|x| *step < x.steps.len())
        );
    }
    prop_assert!((0.0..=1.0).contains(&session.segment_progress()));
    prop_assert!((0.0..=1.0).contains(&session.overall_progress()));
    if let Some(outcome) = session.outcome() {
        prop_assert!(outcome.active <= outcome.planned + outcome.extended);
        prop_assert!(outcome.ended >= outcome.started);
    }
    Ok(())
}

/// Every step is in the plan as its passes: left then right for `each`, once otherwise; one
/// switch per side block; the waits left out when they are zero.
fn check_plan(session: &Session) -> Result<(), TestCaseError> {
    let segments = session.plan().segments();
    for (r, routine) in session.routines().iter().enumerate() {
        for (i, step) in routine.steps.iter().enumerate() {
            let sides: Vec<Side> = segments
                .iter()
                .filter_map(|seg| match seg.kind {
                    SegmentKind::Step { routine, step, side } if (routine, step) == (r, i) => Some(side),
                    _ => None,
                })
                .collect();
            let want = match step.side {
                Side::Each => vec![Side::Left, Side::Right],
                side => vec![side],
            };
            prop_assert_eq!(sides, want);
        }
        let blocks = (0..routine.steps.len())
            .filter(|&i| routine.steps[i].side == Side::Each && routine.side_block(i).start == i)
            .count();
        let switches = segments
            .iter()
            .filter(|seg| matches!(seg.kind, SegmentKind::SwitchSide { routine, .. } if routine == r))
            .count();
        let expected = if session.timing().switch_side.is_zero() {
            0
        } else {
            blocks
        };
        prop_assert_eq!(switches, expected);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_sequence_keeps_the_invariants(
        routines in any_routines(),
        timing in any_timing(),
        minutes in prop::option::of(0.1f64..30.0),
        ops in prop::collection::vec(any_op(), 0..120),
    ) {
        let mut session = Session::new(routines, timing, minutes);
        check_plan(&session)?;
        let mut now = Moment(ORIGIN);
        session.update(Event::Tick(now));
        let mut finished: Option<(Phase, Option<Outcome>)> = None;
        let mut active = Duration::ZERO;
        // The furthest segment entered: a step can only be done once its last pass ran.
        let mut furthest = 0;
        for op in ops {
            let cues = match op {
                Op::Wait(by) => {
                    now += by;
                    session.update(Event::Tick(now))
                }
                Op::Send(event) => session.update(event),
            };
            check_invariants(&session)?;
            prop_assert!(session.active() >= active, "active time never shrinks");
            active = session.active();
            match session.current_segment() {
                Some((index, _)) => furthest = furthest.max(index),
                None if session.outcome().is_some() => furthest = session.plan().segments().len(),
                None => {}
            }
            // A pass restarted with `Previous` after half its time is done while being timed.
            let could_be_done = (0..=furthest)
                .filter(|&i| session.plan().finishes_step(i).is_some())
                .count();
            prop_assert!(session.steps_done() as usize <= could_be_done);
            prop_assert!(session.passes_done() + session.passes_skipped() <= session.passes_total());
            if let Some(outcome) = session.outcome().filter(|o| o.completed) {
                prop_assert!(outcome.reached_end, "a completed run reached its end");
                prop_assert!(outcome.active * 2 >= outcome.planned, "and ran half its time");
            }
            match &finished {
                Some(done) => {
                    prop_assert!(cues.is_empty());
                    prop_assert_eq!(session.phase(), &done.0);
                    prop_assert_eq!(session.outcome(), done.1.as_ref());
                }
                None if matches!(session.phase(), Phase::Finished { .. }) => {
                    finished = Some((session.phase().clone(), session.outcome().cloned()));
                }
                None => {}
            }
        }
    }
}
