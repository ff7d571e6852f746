//! The session in words: every phrase a front end shows, prints or speaks about a segment,
//! a step pass, a pause and the end, composed here once from the session's routines and
//! plan. The screen, the plain runner, the voice and the dry run only lay these pieces out.
//!
//! Where a step works is said in one place, [`StepPass::place`] (and its short form for the
//! screen, [`StepPass::side_label`]): every line, sentence and label below goes through it.

use super::{Outcome, PauseReason, SegmentKind, Session};
use crate::routine::{Routine, Side, Step, format_length};

/// The session's name: its routines' names, "Temple tension + Jaw ease".
pub fn title(routines: &[Routine]) -> String {
    let names: Vec<&str> = routines.iter().map(|r| r.name.as_str()).collect();
    names.join(" + ")
}

/// What was changed in each routine for the person's health profile, a line a step:
/// "Skipped for you (blood thinners): Rest on the ball". Every front end says these before
/// the session starts.
pub fn for_you(routines: &[Routine]) -> Vec<String> {
    routines
        .iter()
        .flat_map(|r| r.for_you.iter().map(|a| a.line()))
        .collect()
}

/// The changes for the health profile in one sentence, short enough to be said during the
/// get-ready: "Fitted to your health profile: 3 steps left out and 1 made lighter, for blood
/// thinners and osteoporosis." `None` when nothing changed.
pub fn for_you_spoken(routines: &[Routine]) -> Option<String> {
    use crate::profile::{Change, Reason, fit::reasons};
    let adjustments: Vec<_> = routines.iter().flat_map(|r| &r.for_you).collect();
    if adjustments.is_empty() {
        return None;
    }
    let left_out = adjustments.iter().filter(|a| a.change == Change::LeftOut).count();
    let lighter = adjustments.len() - left_out;
    let steps = |n: usize| if n == 1 { "step" } else { "steps" };
    let what = match (left_out, lighter) {
        (n, 0) => format!("{n} {} left out", steps(n)),
        (0, n) => format!("{n} {} made lighter", steps(n)),
        (n, m) => format!("{n} {} left out and {m} made lighter", steps(n)),
    };
    let mut because: Vec<Reason> = Vec::new();
    for reason in adjustments.iter().flat_map(|a| &a.because) {
        if !because.contains(reason) {
            because.push(*reason);
        }
    }
    Some(format!(
        "Fitted to your health profile: {what}, for {}.",
        reasons(&because)
    ))
}

/// "1 step", "7 steps".
pub fn steps(n: usize) -> String {
    if n == 1 {
        "1 step".to_string()
    } else {
        format!("{n} steps")
    }
}

/// `Done: <title> · 6 done, 2 skipped · 4:10 of 5:25`, the last line of every session:
/// "Done" only for a completed session (see [`Outcome::completed`]).
pub fn summary(title: &str, o: &Outcome) -> String {
    let how = if o.completed { "Done" } else { "Ended early" };
    format!("{how}: {title} · {}", tally(o))
}

/// What a session amounted to: `6 done, 2 skipped · 4:10 of 5:25`, the step passes done and
/// skipped, then the time the steps ran of the time planned for them.
pub fn tally(o: &Outcome) -> String {
    format!(
        "{} done, {} skipped · {} of {}",
        o.passes_done,
        o.passes_skipped,
        format_length(whole_seconds(o.active)),
        format_length(whole_seconds(o.planned))
    )
}

/// A duration to the nearest second, as every length is shown.
pub fn whole_seconds(duration: std::time::Duration) -> u32 {
    u32::try_from((duration.as_millis() + 500) / 1000).unwrap_or(u32::MAX)
}

/// Said before a session whose `--minutes` leave a pressing step too little time:
/// `3 minutes leave "Warm the hands" 10 s, under the 20 s a pressing step needs; choose a
/// shorter routine, or let knead fit one: knead run --area hands --minutes 3`.
pub fn squeezed(minutes: f64, step: &Step, length: std::time::Duration, routines: &[Routine]) -> String {
    let mut areas: Vec<&str> = Vec::new();
    for area in routines.iter().flat_map(|r| &r.areas) {
        if !areas.contains(&area.as_str()) {
            areas.push(area.as_str());
        }
    }
    let areas: Vec<String> = areas.iter().map(|a| format!("--area {a}")).collect();
    let time = if minutes == 1.0 {
        "1 minute leaves".to_string()
    } else {
        format!("{minutes} minutes leave")
    };
    format!(
        "{time} \"{}\" {} s, under the {} s a pressing step needs; choose a shorter routine, or let knead fit one: knead run {} --minutes {minutes}",
        step.name,
        whole_seconds(length),
        super::plan::SHORTEST_PRESSING_PASS.as_secs(),
        areas.join(" ")
    )
}

/// Why the session is paused.
pub fn paused(reason: PauseReason) -> String {
    match reason {
        PauseReason::Asleep(gap) => format!(
            "Paused: the computer was asleep for {}.",
            crate::text::human_duration(gap)
        ),
        PauseReason::Suspended => "Paused while knead was in the background.".to_string(),
        PauseReason::Asked => "Paused.".to_string(),
        PauseReason::Help => "Paused while help is open.".to_string(),
    }
}

/// One pass of a routine step: the step, on one side or on both.
#[derive(Clone, Copy, Debug)]
pub struct StepPass<'a> {
    pub routine: &'a Routine,
    /// The step's place in its routine, from 0.
    pub index: usize,
    pub step: &'a Step,
    /// `Left`, `Right` or `Both`: an `each` step is done as two passes.
    pub side: Side,
}

impl<'a> StepPass<'a> {
    pub fn new(routines: &'a [Routine], routine: usize, index: usize, side: Side) -> Option<Self> {
        let routine = routines.get(routine)?;
        Some(StepPass {
            routine,
            index,
            step: routine.steps.get(index)?,
            side,
        })
    }

    pub fn name(&self) -> String {
        self.step.name.to_string()
    }

    pub fn cue(&self) -> String {
        self.step.cue.to_string()
    }

    /// "Step 3 of 8": the step's number in its routine, from 1, and how many steps it has.
    pub fn number(&self) -> (usize, usize) {
        (self.index + 1, self.routine.steps.len())
    }

    /// Where the hands work, in a sentence: the spot in the person's own words ("top of your
    /// left shoulder") for a step that names one, else "left side", "both sides"; inside a
    /// side block, where the pass stands in it too: "left side, 2 of 3 in this block".
    /// Whatever says where on the body a pass works, or where it stands in its order, belongs
    /// here: the plain line, the plan line and the spoken sentence all say it through this.
    pub fn place(&self) -> String {
        let place = match self.step.spot {
            // "top of your left shoulder", "back of your neck": the spot says the side too.
            Some(spot) => spot.phrase(self.side),
            None => self.side.phrase().to_string(),
        };
        match self.in_block() {
            Some((n, of)) => format!("{place}, {n} of {of} in this block"),
            None => place,
        }
    }

    /// The side, as the step screen labels it: "LEFT", "RIGHT", "BOTH", and inside a side
    /// block "LEFT · 2/3"; the screen's short form of [`StepPass::place`].
    pub fn side_label(&self) -> String {
        let side = match self.side {
            Side::Left => "LEFT",
            Side::Right => "RIGHT",
            Side::Both | Side::Each => "BOTH",
        };
        match self.in_block() {
            Some((n, of)) => format!("{side} · {n}/{of}"),
            None => side.to_string(),
        }
    }

    /// The pass's place among the passes on its side of a side block of more than one step,
    /// from 1, and how many there are.
    pub fn in_block(&self) -> Option<(usize, usize)> {
        let block = self.routine.side_block(self.index);
        let sided = matches!(self.side, Side::Left | Side::Right);
        (sided && block.len() > 1).then(|| (self.index - block.start + 1, block.len()))
    }

    /// The step's pressure in words, "medium pressure", and for a step the health profile
    /// made lighter "light pressure, lighter for you": its cue may still say the pressure it
    /// was written for.
    pub fn pressure(&self) -> Option<String> {
        let pressure = self.step.pressure?;
        let lighter = self
            .routine
            .for_you
            .iter()
            .any(|a| matches!(a.change, crate::profile::Change::Lighter(_)) && a.step == self.step.name);
        let lighter = if lighter { ", lighter for you" } else { "" };
        Some(format!("{pressure} pressure{lighter}"))
    }

    /// The plain runner's line:
    /// `Step 2/8 · Knead the shoulder · medium pressure · kneading · left side: Squeeze…`;
    /// a breathing or stretching step says no pressure.
    pub fn line(&self) -> String {
        let (n, of) = self.number();
        let pressure = self.pressure().map(|p| format!("{p} · ")).unwrap_or_default();
        format!(
            "Step {n}/{of} · {} · {pressure}{}{} · {}: {}",
            self.name(),
            self.step.stroke,
            self.tempo(),
            self.place(),
            self.cue()
        )
    }

    /// The dry run's line: `2. Knead the shoulder · medium · kneading · left side`.
    pub fn plan_line(&self) -> String {
        let pressure = self.step.pressure.map(|p| format!("{p} · ")).unwrap_or_default();
        format!(
            "{}. {} · {pressure}{}{} · {}",
            self.number().0,
            self.name(),
            self.step.stroke,
            self.tempo(),
            self.place()
        )
    }

    /// What the voice says:
    /// `Step 2 of 8. Knead the shoulder. Medium pressure, kneading, left side. Squeeze…`;
    /// for a breathing or stretching step, `… Breathing, both sides. …`.
    pub fn sentence(&self) -> String {
        let (n, of) = self.number();
        let how = match self.pressure() {
            Some(pressure) => format!("{}, {}", capitalise(&pressure), self.step.stroke),
            None => capitalise(self.step.stroke.as_str()),
        };
        format!(
            "Step {n} of {of}. {}. {how}, {}. {}",
            end_sentence(&self.name()),
            self.place(),
            self.cue()
        )
    }

    /// " 6/min" after the stroke, for a step with a tempo.
    fn tempo(&self) -> String {
        self.step.tempo.map(|t| format!(" {t}/min")).unwrap_or_default()
    }
}

/// A timed segment of the plan, in words.
#[derive(Clone, Copy, Debug)]
pub enum SegmentWords<'a> {
    GetReady,
    Pass(StepPass<'a>),
    /// The switch between the sides of a step; the pass is the one it leads into.
    SwitchSide(StepPass<'a>),
    /// The move to the next routine of a chained session.
    Transition(&'a Routine),
}

impl<'a> SegmentWords<'a> {
    /// `None` when `kind` names a routine or step that `routines` does not have.
    pub fn of(routines: &'a [Routine], kind: SegmentKind) -> Option<Self> {
        Some(match kind {
            SegmentKind::GetReady => SegmentWords::GetReady,
            SegmentKind::Step { routine, step, side } => {
                SegmentWords::Pass(StepPass::new(routines, routine, step, side)?)
            }
            SegmentKind::SwitchSide { routine, step } => {
                SegmentWords::SwitchSide(StepPass::new(routines, routine, step, Side::Right)?)
            }
            SegmentKind::Transition { to_routine } => SegmentWords::Transition(routines.get(to_routine)?),
        })
    }

    /// "Get ready", the step's name, "Switch to the right side", "Next routine: Jaw ease".
    pub fn headline(&self) -> String {
        match self {
            SegmentWords::GetReady => "Get ready".to_string(),
            SegmentWords::Pass(pass) => pass.name(),
            SegmentWords::SwitchSide(_) => "Switch to the right side".to_string(),
            SegmentWords::Transition(routine) => format!("Next routine: {}", routine.name),
        }
    }

    /// The plain runner's line ([`StepPass::line`] for a pass).
    pub fn line(&self) -> String {
        match self {
            SegmentWords::Pass(pass) => pass.line(),
            _ => self.headline(),
        }
    }

    /// The dry run's line ([`StepPass::plan_line`] for a pass).
    pub fn plan_line(&self) -> String {
        match self {
            SegmentWords::Pass(pass) => pass.plan_line(),
            _ => self.headline(),
        }
    }

    /// What the voice says ([`StepPass::sentence`] for a pass).
    pub fn sentence(&self) -> String {
        match self {
            SegmentWords::Pass(pass) => pass.sentence(),
            _ => self.headline(),
        }
    }
}

/// What the person should be doing now, for the step screen.
#[derive(Clone, Copy, Debug)]
pub struct Doing<'a> {
    pub words: SegmentWords<'a>,
    /// The step the screen shows: the one being done, or the one a wait leads into.
    pub step: Option<&'a Step>,
    /// The pass that comes next, in the order the plan runs them.
    pub next: Option<StepPass<'a>>,
}

impl<'a> Doing<'a> {
    /// The step's name, or what the wait is for; the get-ready names the first step.
    pub fn headline(&self) -> String {
        match (self.words, self.step) {
            (SegmentWords::GetReady, Some(step)) => format!("Get ready: {}", step.name),
            (words, _) => words.headline(),
        }
    }

    /// "next: Circles", or with the side for a pass on one side: "next: Squeeze the calf,
    /// right side"; nothing during the get-ready, which already names the first step.
    pub fn next_line(&self) -> String {
        match (self.words, self.next) {
            (SegmentWords::GetReady, Some(_)) => String::new(),
            (_, Some(next)) if matches!(next.side, Side::Left | Side::Right) => {
                format!("next: {}, {}", next.name(), next.side.phrase())
            }
            (_, Some(next)) => format!("next: {}", next.name()),
            (_, None) => "next: the end".to_string(),
        }
    }

    /// The pass being done, or the one the switch between sides leads into.
    pub fn pass(&self) -> Option<StepPass<'a>> {
        match self.words {
            SegmentWords::Pass(pass) | SegmentWords::SwitchSide(pass) => Some(pass),
            SegmentWords::GetReady | SegmentWords::Transition(_) => None,
        }
    }
}

/// The segment being timed (also while paused or asking "Quit?"), in words; none in the
/// overview or at the end.
pub fn doing(session: &Session) -> Option<Doing<'_>> {
    let kind = session.current_segment()?.1.kind;
    let words = SegmentWords::of(session.routines(), kind)?;
    let step = match words {
        SegmentWords::Pass(pass) | SegmentWords::SwitchSide(pass) => Some(pass.step),
        SegmentWords::GetReady => session
            .next_step()
            .or_else(|| session.routines().first()?.steps.first()),
        SegmentWords::Transition(_) => session.next_step(),
    };
    let next = session.next_pass().and_then(|kind| match kind {
        SegmentKind::Step { routine, step, side } => StepPass::new(session.routines(), routine, step, side),
        _ => None,
    });
    Some(Doing { words, step, next })
}

/// Where the session stands, for the header: "step 3 of 8 · left · pass 5 of 14". The step
/// is the step's number in its routine, which goes back to a block's first step once the
/// block turns to the right side; the pass counts every timed pass of the session, so it
/// only ever goes up. The switch between sides stands where the pass it leads into does;
/// the get-ready and the move to the next routine stand nowhere.
pub fn position(session: &Session) -> Option<String> {
    let (index, segment) = session.current_segment()?;
    let segments = session.plan().segments();
    let pass = match segment.kind {
        SegmentKind::Step { .. } => index,
        SegmentKind::SwitchSide { .. } => index + segments[index..].iter().position(|s| s.kind.is_step())?,
        SegmentKind::GetReady | SegmentKind::Transition { .. } => return None,
    };
    let SegmentKind::Step { routine, step, side } = segments.get(pass)?.kind else {
        return None;
    };
    let of = session.routines().get(routine)?.steps.len();
    let number = segments[..=pass].iter().filter(|s| s.kind.is_step()).count();
    let total = segments.iter().filter(|s| s.kind.is_step()).count();
    let side = match side {
        Side::Left => " · left",
        Side::Right => " · right",
        Side::Both | Side::Each => "",
    };
    Some(format!(
        "step {} of {of}{side} · pass {number} of {total}",
        step + 1
    ))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A step name is a title ("Knead the shoulder"); spoken, it ends where the sentence does.
fn end_sentence(name: &str) -> &str {
    name.trim_end_matches(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::routine::{Pressure, Spot, Stroke};
    use crate::session::tests::{grouped, routine, step};
    use crate::session::{Event, Moment, Timing};
    use crate::text::SafeText;

    /// "Neck": a firm, paced step on the left, then one held on each side;
    /// "Jaw": one step on both sides.
    fn routines() -> Vec<Routine> {
        let mut knead = step("Knead the shoulder.", 30, Side::Left);
        knead.pressure = Some(Pressure::Firm);
        knead.stroke = Stroke::Kneading;
        knead.tempo = Some(40);
        knead.cue = SafeText::sanitized("Squeeze and let go");
        let mut neck = routine("neck", vec![knead, step("Hold", 20, Side::Each)]);
        neck.name = SafeText::sanitized("Neck");
        let mut jaw = routine("jaw", vec![step("Circles", 20, Side::Both)]);
        jaw.name = SafeText::sanitized("Jaw \u{1b}]0;owned\u{7}");
        vec![neck, jaw]
    }

    fn words(routines: &[Routine], kind: SegmentKind) -> SegmentWords<'_> {
        SegmentWords::of(routines, kind).unwrap()
    }

    fn pass(routine: usize, step: usize, side: Side) -> SegmentKind {
        SegmentKind::Step { routine, step, side }
    }

    #[test]
    fn a_step_pass_in_each_front_ends_words() {
        let r = routines();
        let knead = words(&r, pass(0, 0, Side::Left));
        assert_eq!(knead.headline(), "Knead the shoulder.");
        assert_eq!(
            knead.line(),
            "Step 1/2 · Knead the shoulder. · firm pressure · kneading 40/min · left side: Squeeze and let go"
        );
        assert_eq!(
            knead.plan_line(),
            "1. Knead the shoulder. · firm · kneading 40/min · left side"
        );
        assert_eq!(
            knead.sentence(),
            "Step 1 of 2. Knead the shoulder. Firm pressure, kneading, left side. Squeeze and let go"
        );
        let hold = words(&r, pass(0, 1, Side::Right));
        assert_eq!(
            hold.line(),
            "Step 2/2 · Hold · medium pressure · circles · right side: Hold, slowly"
        );
        assert_eq!(hold.plan_line(), "2. Hold · medium · circles · right side");
        assert_eq!(
            hold.sentence(),
            "Step 2 of 2. Hold. Medium pressure, circles, right side. Hold, slowly"
        );
    }

    #[test]
    fn a_step_where_the_hands_do_not_press_says_no_pressure_anywhere() {
        let mut breathe = step("Breathe", 30, Side::Both);
        (breathe.stroke, breathe.pressure, breathe.tempo) = (Stroke::Breathing, None, Some(6));
        let mut stretch = step("Stretch", 20, Side::Left);
        (stretch.stroke, stretch.pressure) = (Stroke::Stretching, None);
        let r = vec![routine("calm", vec![breathe, stretch])];
        let breathe = words(&r, pass(0, 0, Side::Both));
        assert_eq!(
            breathe.line(),
            "Step 1/2 · Breathe · breathing 6/min · both sides: Breathe, slowly"
        );
        assert_eq!(breathe.plan_line(), "1. Breathe · breathing 6/min · both sides");
        assert_eq!(
            breathe.sentence(),
            "Step 1 of 2. Breathe. Breathing, both sides. Breathe, slowly"
        );
        let stretch = words(&r, pass(0, 1, Side::Left));
        for said in [stretch.line(), stretch.plan_line(), stretch.sentence()] {
            assert!(!said.to_lowercase().contains("pressure"), "{said}");
            assert!(said.to_lowercase().contains("stretching"), "{said}");
        }
    }

    #[test]
    fn where_a_pass_works() {
        let r = routines();
        let place = |side| {
            let pass = StepPass::new(&r, 0, 1, side).unwrap();
            (pass.place(), pass.side_label())
        };
        let said = |place: &str, label: &str| (place.to_string(), label.to_string());
        assert_eq!(place(Side::Left), said("left side", "LEFT"));
        assert_eq!(place(Side::Right), said("right side", "RIGHT"));
        assert_eq!(place(Side::Both), said("both sides", "BOTH"));
        assert_eq!(StepPass::new(&r, 0, 1, Side::Left).unwrap().number(), (2, 2));
    }

    #[test]
    fn a_step_with_a_spot_says_where_in_every_front_ends_words() {
        let mut r = routines();
        r[0].steps[0].spot = Some(Spot::TopOfShoulder);
        r[0].steps[1].spot = Some(Spot::BackOfNeck);
        let knead = words(&r, pass(0, 0, Side::Left));
        assert_eq!(
            knead.line(),
            "Step 1/2 · Knead the shoulder. · firm pressure · kneading 40/min · top of your left shoulder: Squeeze and let go"
        );
        assert_eq!(
            knead.plan_line(),
            "1. Knead the shoulder. · firm · kneading 40/min · top of your left shoulder"
        );
        assert_eq!(
            knead.sentence(),
            "Step 1 of 2. Knead the shoulder. Firm pressure, kneading, top of your left shoulder. Squeeze and let go"
        );
        let place = |side| StepPass::new(&r, 0, 1, side).unwrap().place();
        assert_eq!(place(Side::Right), "back of your neck, right side");
        assert_eq!(place(Side::Both), "back of your neck");
        // The screen's short label still names the side alone.
        assert_eq!(StepPass::new(&r, 0, 0, Side::Left).unwrap().side_label(), "LEFT");
    }

    #[test]
    fn the_waits_say_what_they_wait_for() {
        let r = routines();
        for kind in [
            SegmentKind::GetReady,
            SegmentKind::SwitchSide { routine: 0, step: 1 },
            SegmentKind::Transition { to_routine: 1 },
        ] {
            let w = words(&r, kind);
            assert_eq!(w.line(), w.headline(), "{kind:?}");
            assert_eq!(w.plan_line(), w.headline(), "{kind:?}");
            assert_eq!(w.sentence(), w.headline(), "{kind:?}");
        }
        assert_eq!(words(&r, SegmentKind::GetReady).headline(), "Get ready");
        let switch = words(&r, SegmentKind::SwitchSide { routine: 0, step: 1 });
        assert_eq!(switch.headline(), "Switch to the right side");
        let SegmentWords::SwitchSide(next) = switch else {
            panic!("{switch:?}")
        };
        assert_eq!((next.name(), next.side), ("Hold".to_string(), Side::Right));
        // Routine text never brings control characters along.
        assert_eq!(
            words(&r, SegmentKind::Transition { to_routine: 1 }).headline(),
            "Next routine: Jaw \u{FFFD}]0;owned\u{FFFD}"
        );
        assert!(SegmentWords::of(&r, SegmentKind::Transition { to_routine: 2 }).is_none());
        assert!(SegmentWords::of(&r, pass(0, 2, Side::Both)).is_none());
    }

    #[test]
    fn the_session_title_pauses_and_summary() {
        let r = routines();
        assert_eq!(title(&r[..1]), "Neck");
        assert_eq!(title(&r), "Neck + Jaw \u{FFFD}]0;owned\u{FFFD}");
        assert_eq!(paused(PauseReason::Asked), "Paused.");
        assert_eq!(paused(PauseReason::Help), "Paused while help is open.");
        assert_eq!(
            paused(PauseReason::Suspended),
            "Paused while knead was in the background."
        );
        assert_eq!(
            paused(PauseReason::Asleep(Duration::from_secs(12 * 60 + 5))),
            "Paused: the computer was asleep for 12 min."
        );
        let mut outcome = Outcome {
            routines: vec!["neck".into()],
            started: Moment::ZERO,
            ended: Moment::ZERO,
            planned: Duration::from_secs(325),
            active: Duration::from_secs(250),
            extended: Duration::ZERO,
            passes_done: 6,
            passes_skipped: 2,
            passes_total: 8,
            steps_done: 5,
            steps_total: 7,
            reached_end: true,
            completed: true,
        };
        assert_eq!(tally(&outcome), "6 done, 2 skipped · 4:10 of 5:25");
        assert_eq!(
            summary("Desk break", &outcome),
            "Done: Desk break · 6 done, 2 skipped · 4:10 of 5:25"
        );
        outcome.completed = false;
        outcome.passes_done = 0;
        outcome.passes_skipped = 8;
        outcome.active = Duration::from_millis(31_600);
        assert_eq!(
            summary("Desk break", &outcome),
            "Ended early: Desk break · 0 done, 8 skipped · 0:32 of 5:25"
        );
    }

    #[test]
    fn the_screen_shows_each_segment_with_its_step() {
        let mut session = Session::new(routines(), Timing::default(), None);
        let at = |secs| Event::Tick(Moment(Duration::from_secs(secs)));
        session.update(at(0));
        assert!(doing(&session).is_none(), "nothing in the overview");
        session.update(Event::Start);
        let shown = |session: &Session| {
            let now = doing(session).unwrap();
            let pass = now.pass().map(|p| (p.name(), p.side));
            (now.headline(), now.step.map(|s| s.name.to_string()), pass)
        };
        assert_eq!(
            shown(&session),
            (
                "Get ready: Knead the shoulder.".to_string(),
                Some("Knead the shoulder.".to_string()),
                None
            )
        );
        session.update(Event::Next);
        assert_eq!(
            shown(&session),
            (
                "Knead the shoulder.".to_string(),
                Some("Knead the shoulder.".to_string()),
                Some(("Knead the shoulder.".to_string(), Side::Left))
            )
        );
        session.update(Event::Next);
        session.update(Event::Next);
        let hold = Some("Hold".to_string());
        assert_eq!(
            shown(&session),
            (
                "Switch to the right side".to_string(),
                hold.clone(),
                Some(("Hold".to_string(), Side::Right))
            )
        );
        // Paused, the screen still shows what was being done.
        session.update(Event::TogglePause);
        assert_eq!(shown(&session).0, "Switch to the right side");
        session.update(Event::TogglePause);
        session.update(Event::Next);
        session.update(Event::Next);
        assert_eq!(
            shown(&session),
            (
                "Next routine: Jaw \u{FFFD}]0;owned\u{FFFD}".to_string(),
                Some("Circles".to_string()),
                None
            )
        );
        session.update(Event::Next);
        session.update(Event::Next);
        assert!(doing(&session).is_none(), "nothing at the end");
    }

    /// "Legs": a breath on both sides, then the side block "calf" of three steps.
    fn legs() -> Vec<Routine> {
        let mut legs = routine(
            "legs",
            vec![
                step("Breathe", 20, Side::Both),
                grouped("Squeeze the calf", 30, "calf"),
                grouped("Long strokes", 30, "calf"),
                grouped("Hold", 20, "calf"),
            ],
        );
        legs.name = SafeText::sanitized("Legs");
        vec![legs]
    }

    #[test]
    fn a_pass_in_a_side_block_says_where_it_stands_in_the_block() {
        let r = legs();
        let place = |index, side| {
            let pass = StepPass::new(&r, 0, index, side).unwrap();
            (pass.place(), pass.side_label())
        };
        let said = |place: &str, label: &str| (place.to_string(), label.to_string());
        assert_eq!(
            place(1, Side::Left),
            said("left side, 1 of 3 in this block", "LEFT · 1/3")
        );
        assert_eq!(
            place(3, Side::Left),
            said("left side, 3 of 3 in this block", "LEFT · 3/3")
        );
        assert_eq!(
            place(2, Side::Right),
            said("right side, 2 of 3 in this block", "RIGHT · 2/3")
        );
        assert_eq!(place(0, Side::Both), said("both sides", "BOTH"));
        let strokes = words(&r, pass(0, 2, Side::Right));
        assert_eq!(
            strokes.line(),
            "Step 3/4 · Long strokes · medium pressure · circles · right side, 2 of 3 in this block: Long strokes, slowly"
        );
        assert_eq!(
            strokes.plan_line(),
            "3. Long strokes · medium · circles · right side, 2 of 3 in this block"
        );
        assert_eq!(
            strokes.sentence(),
            "Step 3 of 4. Long strokes. Medium pressure, circles, right side, 2 of 3 in this block. Long strokes, slowly"
        );
        // The switch is said once, before the block's first step on the right.
        let switch = words(&r, SegmentKind::SwitchSide { routine: 0, step: 1 });
        assert_eq!(switch.sentence(), "Switch to the right side");
        let SegmentWords::SwitchSide(into) = switch else {
            panic!("{switch:?}")
        };
        assert_eq!(into.place(), "right side, 1 of 3 in this block");
        // A spot says the side itself; the place in the block follows it.
        let mut r = legs();
        r[0].steps[2].spot = Some(Spot::Calf);
        let strokes = StepPass::new(&r, 0, 2, Side::Left).unwrap();
        assert_eq!(strokes.place(), "your left calf, 2 of 3 in this block");
        assert_eq!(strokes.side_label(), "LEFT · 2/3");
    }

    /// Starts `session` and presses next through it: each segment's headline, next line and
    /// position, as the screen shows them.
    fn walk_with_next(mut session: Session) -> Vec<(String, String, String)> {
        session.update(Event::Tick(Moment(Duration::from_secs(1))));
        session.update(Event::Start);
        let mut seen = Vec::new();
        while let Some(now) = doing(&session) {
            seen.push((
                now.headline(),
                now.next_line(),
                position(&session).unwrap_or_default(),
            ));
            session.update(Event::Next);
        }
        seen
    }

    #[test]
    fn the_screen_names_the_next_pass_in_the_order_the_block_runs() {
        let seen = walk_with_next(Session::new(legs(), Timing::default(), None));
        let expected = [
            ("Get ready: Breathe", "", ""),
            (
                "Breathe",
                "next: Squeeze the calf, left side",
                "step 1 of 4 · pass 1 of 7",
            ),
            (
                "Squeeze the calf",
                "next: Long strokes, left side",
                "step 2 of 4 · left · pass 2 of 7",
            ),
            (
                "Long strokes",
                "next: Hold, left side",
                "step 3 of 4 · left · pass 3 of 7",
            ),
            (
                "Hold",
                "next: Squeeze the calf, right side",
                "step 4 of 4 · left · pass 4 of 7",
            ),
            // The switch leads into the first pass on the right, which is what comes next.
            (
                "Switch to the right side",
                "next: Squeeze the calf, right side",
                "step 2 of 4 · right · pass 5 of 7",
            ),
            (
                "Squeeze the calf",
                "next: Long strokes, right side",
                "step 2 of 4 · right · pass 5 of 7",
            ),
            (
                "Long strokes",
                "next: Hold, right side",
                "step 3 of 4 · right · pass 6 of 7",
            ),
            ("Hold", "next: the end", "step 4 of 4 · right · pass 7 of 7"),
        ];
        let expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_next_line_names_the_other_side_of_a_lone_each_sided_step() {
        let seen = walk_with_next(Session::new(routines(), Timing::default(), None));
        let expected = [
            ("Get ready: Knead the shoulder.", "", ""),
            (
                "Knead the shoulder.",
                "next: Hold, left side",
                "step 1 of 2 · left · pass 1 of 4",
            ),
            (
                "Hold",
                "next: Hold, right side",
                "step 2 of 2 · left · pass 2 of 4",
            ),
            (
                "Switch to the right side",
                "next: Hold, right side",
                "step 2 of 2 · right · pass 3 of 4",
            ),
            ("Hold", "next: Circles", "step 2 of 2 · right · pass 3 of 4"),
            ("Next routine: Jaw \u{FFFD}]0;owned\u{FFFD}", "next: Circles", ""),
            ("Circles", "next: the end", "step 1 of 1 · pass 4 of 4"),
        ];
        let expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(seen, expected);
    }
}
