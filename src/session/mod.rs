//! A massage session as a state machine. [`Session`] is the model, [`Event`]s are the
//! messages, and [`Session::update`] answers with the [`Cue`]s the shell acts on (bells,
//! speech, the log). Time arrives only in `Event::Tick(now)`: nothing here reads a clock or
//! sleeps, so every timing rule is tested by sending ticks.
//!
//! Timing is deadline based. The current segment has a start and a length; when a tick is at
//! or past the deadline, the next segment starts *at the deadline*, not at the tick. Tick
//! deltas are never added up, so a session ends exactly on time whatever the tick rate.
//! A pause moves the segment's start later by the time paused.

mod clock;
mod plan;
#[cfg(test)]
pub(crate) mod tests;
pub mod words;

use std::collections::BTreeMap;
use std::time::Duration;

#[cfg(any(test, feature = "test-support"))]
pub use clock::ManualClock;
pub use clock::{Clock, Moment, SystemClock};
pub use plan::{MINUTES_RANGE, Plan, Segment, SegmentKind, Timing};

use crate::routine::{Routine, Side, Step};

/// What `Extend` adds to the current step: real seconds, whatever the plan's scaling.
pub const EXTEND_BY: Duration = Duration::from_secs(15);
/// `TenSecondsLeft` is only worth a bell in steps long enough to lose track of time.
const WARN_FROM_LENGTH: Duration = Duration::from_secs(60);
const WARN_AT_REMAINING: Duration = Duration::from_secs(10);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The overview, waiting for `Start`.
    Ready,
    /// A segment of the plan is being timed: the get-ready, a step pass, the switch between
    /// sides, or the move to the next routine.
    Running(SegmentKind),
    Paused {
        resumes: Box<Phase>,
        since: Moment,
        reason: PauseReason,
    },
    /// "Quit?" The timer is held while the person answers.
    ConfirmQuit {
        resumes: Box<Phase>,
        since: Moment,
    },
    Finished {
        completed: bool,
    },
}

impl Phase {
    /// Whether the timer runs: a timed segment that is neither paused nor asking "Quit?".
    pub fn is_running(&self) -> bool {
        matches!(self, Phase::Running(_))
    }

    /// When the timer stopped, if it is held by a pause or the quit question. A question
    /// asked during a pause is held since the pause.
    fn held_since(&self) -> Option<Moment> {
        match self {
            Phase::Paused { since, .. } => Some(*since),
            Phase::ConfirmQuit { resumes, since } => resumes.held_since().or(Some(*since)),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PauseReason {
    /// The person pressed pause.
    Asked,
    /// Ticks stopped for this long (the laptop slept, the process was stopped): the session
    /// paused where the last tick left it.
    Asleep(Duration),
    /// The shell is about to suspend the process (Ctrl-Z).
    Suspended,
    /// The keys' help is open over the screen: the time spent reading it is not the step's.
    Help,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Tick(Moment),
    Start,
    TogglePause,
    /// Pauses if the timer runs, does nothing otherwise; safe to send on every suspend.
    Pause(PauseReason),
    Next,
    Previous,
    /// `EXTEND_BY` more for the current step.
    Extend,
    /// Asks "Quit?" (or ends at once in the overview, where nothing has begun).
    Quit,
    ConfirmQuit,
    CancelQuit,
}

/// What the shell must do in answer to an update.
#[derive(Clone, Debug, PartialEq)]
pub enum Cue {
    /// A step pass, the switch between sides or the move to the next routine began. The
    /// get-ready has no cue of its own: it begins with `Start`, which the shell sent.
    Began(SegmentKind),
    TenSecondsLeft,
    Paused(PauseReason),
    Resumed,
    /// The plan ran to its end (time up or `Next` past the last step); whether that makes
    /// a completed session is the outcome's to say.
    Finished(Outcome),
    /// The person quit early.
    Ended(Outcome),
}

/// What a session amounted to, for the summary and the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Routine ids, in the order they ran.
    pub routines: Vec<String>,
    pub started: Moment,
    /// The last moment the timer ran: the final deadline, or where it was held when the
    /// person quit (a pause before quitting is not part of the session).
    pub ended: Moment,
    /// The step segments of the plan, without waits.
    pub planned: Duration,
    /// Time spent in step segments with the timer running.
    pub active: Duration,
    /// Step time added beyond the plan: `Extend`, and each step segment entered again with
    /// `Previous`.
    pub extended: Duration,
    /// Step passes that ran at least half their planned time (see [`Session::passes_done`]).
    pub passes_done: u32,
    /// Step passes left before half their planned time ran.
    pub passes_skipped: u32,
    /// Step passes in the plan; those never reached are neither done nor skipped.
    pub passes_total: u32,
    /// Routine steps with every pass done; an `each` step counts once.
    pub steps_done: u32,
    pub steps_total: u32,
    /// The plan ran to its end, however quickly.
    pub reached_end: bool,
    /// It reached its end and at least half the planned step time ran: a session done, for
    /// the streak, `due` and every figure. Anything else ended early.
    pub completed: bool,
}

#[derive(Clone, Debug)]
pub struct Session {
    routines: Vec<Routine>,
    plan: Plan,
    timing: Timing,
    phase: Phase,
    /// The last tick; every other event acts at this moment.
    now: Moment,
    run: Option<Run>,
    outcome: Option<Outcome>,
}

/// What exists from `Start` on.
#[derive(Clone, Debug)]
struct Run {
    started: Moment,
    segment: usize,
    /// When the current segment began, moved later by each pause, so that the timer's
    /// moment minus this is the time the segment really ran.
    segment_started: Moment,
    extension: Duration,
    warned: bool,
    /// Running time of the step segments already left.
    active: Duration,
    extended: Duration,
    /// Per segment of the plan: the running time booked to it, over every visit.
    ran: Vec<Duration>,
    /// Per segment of the plan: whether it was ever left.
    left: Vec<bool>,
}

impl Session {
    /// A session over `routines`, back to back, with the waits of `timing`, scaled to last
    /// `minutes` when given. Send a first `Tick` before anything else: until then the
    /// session's time is `Moment::ZERO`, and a first tick long after a `Start` would look
    /// like the laptop had slept.
    pub fn new(routines: Vec<Routine>, timing: Timing, minutes: Option<f64>) -> Session {
        let plan = Plan::new(&routines, &timing, minutes);
        Session {
            routines,
            plan,
            timing,
            phase: Phase::Ready,
            now: Moment::ZERO,
            run: None,
            outcome: None,
        }
    }

    pub fn update(&mut self, event: Event) -> Vec<Cue> {
        let mut cues = Vec::new();
        match event {
            Event::Tick(now) => self.tick(now, &mut cues),
            Event::Start => self.start(&mut cues),
            Event::TogglePause => match self.phase {
                Phase::Paused { .. } => self.resume(&mut cues),
                _ => self.pause(self.now, PauseReason::Asked, &mut cues),
            },
            Event::Pause(reason) => self.pause(self.now, reason, &mut cues),
            Event::Next => {
                if let Some(at) = self.navigable() {
                    self.leave_forward(at, &mut cues);
                }
            }
            Event::Previous => self.previous(&mut cues),
            Event::Extend => self.extend(),
            Event::Quit => self.quit(),
            Event::ConfirmQuit => self.confirm_quit(&mut cues),
            Event::CancelQuit => self.cancel_quit(),
        }
        // A resume or a jump can land on a segment that is already due (zero length).
        self.advance(self.now, &mut cues);
        cues
    }

    fn tick(&mut self, now: Moment, cues: &mut Vec<Cue>) {
        // One monotonic clock never goes back; if it seems to, time stands still.
        let Some(gap) = now.0.checked_sub(self.now.0) else {
            return;
        };
        let previous = self.now;
        if self.phase.is_running() && gap > self.timing.late_tick {
            // The process did not run during the gap: finish what was due by the last
            // tick, then hold the session there, so the gap counts for nothing.
            self.advance(previous, cues);
            self.pause(previous, PauseReason::Asleep(gap), cues);
            self.now = now;
        } else {
            self.now = now;
            self.advance(now, cues);
        }
    }

    /// Passes every segment whose deadline is at or before `to`, each one starting at the
    /// previous one's deadline.
    fn advance(&mut self, to: Moment, cues: &mut Vec<Cue>) {
        while self.phase.is_running() {
            let index = self.run_segment();
            let (Some(run), Some(segment)) = (&mut self.run, self.plan.get(index)) else {
                return;
            };
            let deadline = run.segment_started + segment.length + run.extension;
            if to < deadline {
                let warn = segment.kind.is_step()
                    && segment.length >= WARN_FROM_LENGTH
                    && deadline.saturating_since(to) <= WARN_AT_REMAINING;
                if warn && !run.warned {
                    run.warned = true;
                    cues.push(Cue::TenSecondsLeft);
                }
                return;
            }
            self.leave_forward(deadline, cues);
        }
    }

    fn start(&mut self, cues: &mut Vec<Cue>) {
        if self.phase != Phase::Ready {
            return;
        }
        self.run = Some(Run {
            started: self.now,
            segment: 0,
            segment_started: self.now,
            extension: Duration::ZERO,
            warned: false,
            active: Duration::ZERO,
            extended: Duration::ZERO,
            ran: vec![Duration::ZERO; self.plan.segments().len()],
            left: vec![false; self.plan.segments().len()],
        });
        if self.plan.segments().is_empty() {
            self.finish(true, self.now, cues);
        } else {
            self.enter(0, self.now, cues);
        }
    }

    fn pause(&mut self, at: Moment, reason: PauseReason, cues: &mut Vec<Cue>) {
        if !self.phase.is_running() {
            return;
        }
        let resumes = Box::new(self.take_phase());
        self.phase = Phase::Paused {
            resumes,
            since: at,
            reason,
        };
        cues.push(Cue::Paused(reason));
    }

    fn resume(&mut self, cues: &mut Vec<Cue>) {
        if !matches!(self.phase, Phase::Paused { .. }) {
            return;
        }
        if let Phase::Paused { resumes, since, .. } = self.take_phase() {
            self.shift(since);
            self.phase = *resumes;
            cues.push(Cue::Resumed);
        }
    }

    fn confirm_quit(&mut self, cues: &mut Vec<Cue>) {
        if matches!(self.phase, Phase::ConfirmQuit { .. }) {
            let at = self.timer_moment();
            self.leave(at);
            self.finish(false, at, cues);
        }
    }

    fn cancel_quit(&mut self) {
        if !matches!(self.phase, Phase::ConfirmQuit { .. }) {
            return;
        }
        if let Phase::ConfirmQuit { resumes, since } = self.take_phase() {
            // Back into a pause, the pause's own start still covers the question.
            if resumes.is_running() {
                self.shift(since);
            }
            self.phase = *resumes;
        }
    }

    /// Moves the segment's start later by the time the timer was held since `since`.
    fn shift(&mut self, since: Moment) {
        let held = self.now.saturating_since(since);
        if let Some(run) = &mut self.run {
            run.segment_started += held;
        }
    }

    fn previous(&mut self, cues: &mut Vec<Cue>) {
        let Some(at) = self.navigable() else {
            return;
        };
        let current = self.run_segment();
        // The start of the previous step pass; with none before (the first step, the
        // get-ready), the current segment starts over.
        let target = (0..current)
            .rev()
            .find(|&i| self.plan.get(i).is_some_and(|s| s.kind.is_step()))
            .unwrap_or(current);
        // Going back from a step pass leaves it to be done again in full later: the time
        // already spent in it is extra too.
        let abandoned = match &self.run {
            Some(run) if target < current && self.in_step_pass() => at.saturating_since(run.segment_started),
            _ => Duration::ZERO,
        };
        self.leave(at);
        if let (Some(run), Some(segment)) = (&mut self.run, self.plan.get(target))
            && segment.kind.is_step()
        {
            // Doing a step again is more step time than planned; count it so that
            // active ≤ planned + extended stays true.
            run.extended += segment.length + abandoned;
        }
        self.enter(target, at, cues);
    }

    fn extend(&mut self) {
        if self.navigable().is_none() {
            return;
        }
        if self.in_step_pass()
            && let Some(run) = &mut self.run
        {
            run.extension += EXTEND_BY;
            run.extended += EXTEND_BY;
        }
    }

    fn quit(&mut self) {
        match self.phase {
            Phase::Ready => self.phase = Phase::Finished { completed: false },
            Phase::ConfirmQuit { .. } | Phase::Finished { .. } => {}
            _ => {
                let resumes = Box::new(self.take_phase());
                self.phase = Phase::ConfirmQuit {
                    resumes,
                    since: self.now,
                };
            }
        }
    }

    /// Where `Next`, `Previous` and `Extend` act: while the timer runs or is paused (the
    /// change waits in the pause), not in the overview, at the end, or during "Quit?".
    fn navigable(&self) -> Option<Moment> {
        let ok = self.phase.is_running() || matches!(self.phase, Phase::Paused { .. });
        (ok && self.run.is_some()).then(|| self.timer_moment())
    }

    /// Leaves the current segment at `at` for the next one, or finishes after the last.
    fn leave_forward(&mut self, at: Moment, cues: &mut Vec<Cue>) {
        let current = self.run_segment();
        self.leave(at);
        if self.plan.get(current + 1).is_some() {
            self.enter(current + 1, at, cues);
        } else {
            self.finish(true, at, cues);
        }
    }

    /// Books the running time of the current segment, if it is a step pass.
    fn leave(&mut self, at: Moment) {
        if self.in_step_pass()
            && let Some(run) = &mut self.run
        {
            let ran = at.saturating_since(run.segment_started);
            run.active += ran;
            if let (Some(total), Some(left)) = (run.ran.get_mut(run.segment), run.left.get_mut(run.segment)) {
                *total += ran;
                *left = true;
            }
        }
    }

    fn enter(&mut self, index: usize, at: Moment, cues: &mut Vec<Cue>) {
        let (Some(run), Some(segment)) = (&mut self.run, self.plan.get(index)) else {
            return;
        };
        run.segment = index;
        run.segment_started = at;
        run.extension = Duration::ZERO;
        run.warned = false;
        let kind = segment.kind;
        // Entered during a pause, the new segment waits in the pause and starts on resume.
        let mut slot = &mut self.phase;
        while let Phase::Paused { resumes, .. } | Phase::ConfirmQuit { resumes, .. } = slot {
            slot = resumes;
        }
        *slot = Phase::Running(kind);
        if kind != SegmentKind::GetReady {
            cues.push(Cue::Began(kind));
        }
    }

    /// Ends the session at `at`, at the plan's end or not; the current segment's time must
    /// already be booked.
    fn finish(&mut self, reached_end: bool, at: Moment, cues: &mut Vec<Cue>) {
        let Some(run) = &self.run else {
            return;
        };
        let planned = self.plan.planned_step_time();
        let completed = reached_end && run.active * 2 >= planned;
        let outcome = Outcome {
            routines: self.routines.iter().map(|r| r.id.clone()).collect(),
            started: run.started,
            ended: at,
            planned,
            active: run.active,
            extended: run.extended,
            passes_done: self.passes_done(),
            passes_skipped: self.passes_skipped(),
            passes_total: self.passes_total(),
            steps_done: self.steps_done(),
            steps_total: self.steps_total(),
            reached_end,
            completed,
        };
        self.phase = Phase::Finished { completed };
        self.outcome = Some(outcome.clone());
        cues.push(if reached_end {
            Cue::Finished(outcome)
        } else {
            Cue::Ended(outcome)
        });
    }

    fn take_phase(&mut self) -> Phase {
        std::mem::replace(&mut self.phase, Phase::Ready)
    }

    fn in_step_pass(&self) -> bool {
        self.plan
            .get(self.run_segment())
            .is_some_and(|s| s.kind.is_step())
    }

    fn run_segment(&self) -> usize {
        self.run.as_ref().map_or(0, |run| run.segment)
    }

    /// The moment the segment timer stands at: now while it runs, the start of the hold
    /// while paused or asking, the end once finished.
    fn timer_moment(&self) -> Moment {
        match (&self.phase, &self.outcome) {
            (Phase::Finished { .. }, Some(outcome)) => outcome.ended,
            (phase, _) => phase.held_since().unwrap_or(self.now),
        }
    }

    /// How long the run's current segment has run, whatever the phase.
    fn segment_elapsed(&self) -> Duration {
        let (Some(run), Some(segment)) = (&self.run, self.plan.get(self.run_segment())) else {
            return Duration::ZERO;
        };
        let elapsed = self.timer_moment().saturating_since(run.segment_started);
        elapsed.min(segment.length + run.extension)
    }

    // ----- The view: everything a front end renders from. -----

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    pub fn now(&self) -> Moment {
        self.now
    }

    pub fn routines(&self) -> &[Routine] {
        &self.routines
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn timing(&self) -> &Timing {
        &self.timing
    }

    /// Set once the session has finished after `Start`.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    pub fn is_running(&self) -> bool {
        self.phase.is_running()
    }

    /// The segment being timed, also while paused or asking "Quit?"; none in the overview
    /// or at the end.
    pub fn current_segment(&self) -> Option<(usize, &Segment)> {
        if matches!(self.phase, Phase::Ready | Phase::Finished { .. }) {
            return None;
        }
        let index = self.run.as_ref()?.segment;
        Some((index, self.plan.get(index)?))
    }

    /// For the stroke animation: how far into the segment the timer is.
    pub fn elapsed_in_segment(&self) -> Duration {
        match self.current_segment() {
            Some(_) => self.segment_elapsed(),
            None => Duration::ZERO,
        }
    }

    /// The `Extend` time added to the current segment.
    pub fn extension(&self) -> Duration {
        match (self.current_segment(), &self.run) {
            (Some(_), Some(run)) => run.extension,
            _ => Duration::ZERO,
        }
    }

    /// Left in the current segment, extension included.
    pub fn remaining(&self) -> Duration {
        match self.current_segment() {
            Some((_, segment)) => (segment.length + self.extension()).saturating_sub(self.segment_elapsed()),
            None => Duration::ZERO,
        }
    }

    /// 0 to 1 through the current segment, extension included.
    pub fn segment_progress(&self) -> f64 {
        match self.current_segment() {
            Some((_, segment)) => fraction(self.segment_elapsed(), segment.length + self.extension()),
            None => 0.0,
        }
    }

    /// 0 to 1 through the plan's time. Extensions do not move it, so it never runs ahead.
    pub fn overall_progress(&self) -> f64 {
        match self.phase {
            Phase::Ready => 0.0,
            Phase::Finished { .. } if self.outcome.as_ref().is_some_and(|o| o.reached_end) => 1.0,
            _ => {
                let index = self.run_segment();
                let length = self.plan.get(index).map_or(Duration::ZERO, |s| s.length);
                let done = self.plan.start_of(index) + self.segment_elapsed().min(length);
                fraction(done, self.plan.total())
            }
        }
    }

    /// The step pass being timed (or paused); none during the waits between passes.
    pub fn current_step(&self) -> Option<(&Routine, usize, &Step, Side)> {
        match self.current_segment()?.1.kind {
            SegmentKind::Step { routine, step, side } => {
                let r = self.routines.get(routine)?;
                Some((r, step, r.steps.get(step)?, side))
            }
            _ => None,
        }
    }

    /// The step pass that really comes next, for "next: …"; in the overview, the first one.
    /// It is the plan's order, sides included: during the left pass of an `each` step, its
    /// right pass; during the switch, the pass the switch leads into; in a side block, the
    /// next step on the same side, and after the block's last left pass, the right pass of
    /// its first step. Always a [`SegmentKind::Step`].
    pub fn next_pass(&self) -> Option<SegmentKind> {
        let from = match (&self.phase, self.current_segment()) {
            (Phase::Ready, _) => 0,
            (_, Some((index, _))) => index + 1,
            (_, None) => return None,
        };
        self.plan.segments()[from.min(self.plan.segments().len())..]
            .iter()
            .map(|s| s.kind)
            .find(|kind| kind.is_step())
    }

    /// The step of [`Session::next_pass`].
    pub fn next_step(&self) -> Option<&Step> {
        let (r, s) = self.next_pass()?.step_ref()?;
        self.routines.get(r)?.steps.get(s)
    }

    /// "Step 3 of 8" within its routine, 1-based; also during the switch between sides.
    pub fn step_number(&self) -> Option<(usize, usize)> {
        let (routine, step) = self.current_segment()?.1.kind.step_ref()?;
        Some((step + 1, self.routines.get(routine)?.steps.len()))
    }

    /// Time in step passes with the timer running, so far.
    pub fn active(&self) -> Duration {
        let Some(run) = &self.run else {
            return Duration::ZERO;
        };
        match self.current_segment() {
            Some((_, segment)) if segment.kind.is_step() => run.active + self.segment_elapsed(),
            _ => run.active,
        }
    }

    pub fn extended(&self) -> Duration {
        self.run.as_ref().map_or(Duration::ZERO, |run| run.extended)
    }

    /// Whether step pass `index` of the plan is done: left after at least half its planned
    /// time ran with the timer running, over all its visits. Pauses, waits and `Extend` do
    /// not lower the bar; doing a pass again after going back adds to its time.
    fn pass_done(&self, index: usize) -> bool {
        let (Some(run), Some(segment)) = (&self.run, self.plan.get(index)) else {
            return false;
        };
        segment.kind.is_step()
            && run.left.get(index) == Some(&true)
            && run.ran.get(index).is_some_and(|ran| *ran * 2 >= segment.length)
    }

    /// Step passes done so far (see [`Session::pass_done`]).
    pub fn passes_done(&self) -> u32 {
        count(
            (0..self.plan.segments().len())
                .filter(|&i| self.pass_done(i))
                .count(),
        )
    }

    /// Step passes left before half their time ran, and not done since.
    pub fn passes_skipped(&self) -> u32 {
        let Some(run) = &self.run else {
            return 0;
        };
        let skipped = (0..self.plan.segments().len())
            .filter(|&i| self.plan.get(i).is_some_and(|s| s.kind.is_step()))
            .filter(|&i| run.left[i] && !self.pass_done(i))
            .count();
        count(skipped)
    }

    /// Step passes in the plan: two for an `each` step, one for any other.
    pub fn passes_total(&self) -> u32 {
        count(self.plan.segments().iter().filter(|s| s.kind.is_step()).count())
    }

    /// Routine steps with every pass done.
    pub fn steps_done(&self) -> u32 {
        let mut steps: BTreeMap<(usize, usize), bool> = BTreeMap::new();
        for (i, segment) in self.plan.segments().iter().enumerate() {
            if let (true, Some(step)) = (segment.kind.is_step(), segment.kind.step_ref()) {
                *steps.entry(step).or_insert(true) &= self.pass_done(i);
            }
        }
        count(steps.values().filter(|done| **done).count())
    }

    /// Routine steps across all routines; an `each` step counts once.
    pub fn steps_total(&self) -> u32 {
        count(self.routines.iter().map(|r| r.steps.len()).sum())
    }
}

fn fraction(part: Duration, whole: Duration) -> f64 {
    if whole.is_zero() {
        return 1.0;
    }
    (part.as_secs_f64() / whole.as_secs_f64()).clamp(0.0, 1.0)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
