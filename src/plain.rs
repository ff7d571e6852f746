//! The line-by-line runner: no raw mode, no alternate screen, no escape sequences. One line
//! as each step begins, then a summary. It is the mode for screen readers and for scripts.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use crate::routine::format_length;
use crate::session::{Clock, Cue, Event, Moment, Outcome, PauseReason, Session};
use crate::text::sanitize;

/// How a plain run ended.
#[derive(Debug)]
pub struct PlainEnd {
    pub outcome: Option<Outcome>,
    pub signal: Option<i32>,
}

/// Something the plain runner reacts to as it goes (a cue, before it is printed); the
/// voice hooks in here.
pub trait CueListener {
    fn on_cue(&mut self, session: &Session, cue: &Cue);
}

impl CueListener for () {
    fn on_cue(&mut self, _: &Session, _: &Cue) {}
}

/// Runs `session` to its end or until a signal number arrives on `signals`.
pub fn run(
    mut session: Session,
    clock: &dyn Clock,
    signals: &Receiver<i32>,
    out: &mut dyn Write,
    listener: &mut dyn CueListener,
) -> io::Result<PlainEnd> {
    write_header(&session, out)?;
    session.update(Event::Tick(clock.now()));
    let started = clock.now();
    let mut cues = session.update(Event::Start);
    loop {
        for cue in cues.drain(..) {
            listener.on_cue(&session, &cue);
            if let Some(line) = cue_line(&session, &cue, started) {
                writeln!(out, "{line}")?;
                out.flush()?;
            }
            match cue {
                Cue::Finished(outcome) | Cue::Ended(outcome) => {
                    return Ok(PlainEnd {
                        outcome: Some(outcome),
                        signal: None,
                    });
                }
                // Nobody is at the keyboard to resume: say what happened and carry on, with
                // the time away left out.
                Cue::Paused(PauseReason::Asleep(_) | PauseReason::Suspended) => {
                    writeln!(out, "Resuming.")?;
                    session.update(Event::TogglePause);
                }
                _ => {}
            }
        }
        // Sleep until the segment's deadline, waking at once for a signal.
        let wait = session.remaining().min(Duration::from_secs(1)) + Duration::from_millis(1);
        match signals.recv_timeout(wait) {
            Ok(signal) => {
                session.update(Event::Tick(clock.now()));
                session.update(Event::Quit);
                let outcome = session
                    .update(Event::ConfirmQuit)
                    .into_iter()
                    .find_map(|cue| match cue {
                        Cue::Ended(outcome) => Some(outcome),
                        _ => None,
                    });
                if let Some(o) = &outcome {
                    writeln!(out, "{}", summary_line(&session, o))?;
                }
                out.flush()?;
                return Ok(PlainEnd {
                    outcome,
                    signal: Some(signal),
                });
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                cues = session.update(Event::Tick(clock.now()));
            }
        }
    }
}

fn write_header(session: &Session, out: &mut dyn Write) -> io::Result<()> {
    let total = session.plan().total().as_secs() as u32;
    let steps: usize = session.routines().iter().map(|r| r.steps.len()).sum();
    let names: Vec<String> = session.routines().iter().map(|r| sanitize(&r.name)).collect();
    writeln!(
        out,
        "{} · {} · {steps} steps",
        names.join(" + "),
        format_length(total)
    )?;
    for routine in session.routines() {
        for caution in &routine.cautions {
            writeln!(out, "Caution: {}", sanitize(caution))?;
        }
    }
    out.flush()
}

fn stamp(session: &Session, started: Moment) -> String {
    let secs = session.now().saturating_since(started).as_secs();
    format!("[{:02}:{:02}]", secs / 60, secs % 60)
}

/// The line printed for a cue, e.g.
/// `[00:45] Step 2/8 · Knead the shoulder · medium pressure · kneading · left side: Squeeze…`.
pub fn cue_line(session: &Session, cue: &Cue, started: Moment) -> Option<String> {
    let at = stamp(session, started);
    match cue {
        Cue::StepBegan { routine, step, side } => {
            let r = session.routines().get(*routine)?;
            let s = r.steps.get(*step)?;
            let side = side.phrase();
            let tempo = s.tempo.map(|t| format!(" {t}/min")).unwrap_or_default();
            Some(format!(
                "{at} Step {}/{} · {} · {} pressure · {}{tempo} · {side}: {}",
                step + 1,
                r.steps.len(),
                sanitize(&s.name),
                s.pressure,
                s.stroke,
                sanitize(&s.cue)
            ))
        }
        Cue::SideSwitch { .. } => Some(format!("{at} Switch to the right side")),
        Cue::Transition { to_routine } => {
            let r = session.routines().get(*to_routine)?;
            Some(format!("{at} Next routine: {}", sanitize(&r.name)))
        }
        Cue::Paused(PauseReason::Asleep(gap)) => Some(format!(
            "{at} Paused: the computer was asleep for {}.",
            crate::text::human_duration(*gap)
        )),
        Cue::Finished(outcome) | Cue::Ended(outcome) => Some(summary_line(session, outcome)),
        _ => None,
    }
}

pub fn summary_line(session: &Session, o: &Outcome) -> String {
    let names: Vec<String> = session.routines().iter().map(|r| sanitize(&r.name)).collect();
    outcome_summary(&names.join(" + "), o)
}

/// `Done: <title> · 7 of 7 steps · 5:15 active`, the last line of every session.
pub fn outcome_summary(title: &str, o: &Outcome) -> String {
    format!(
        "{}: {title} · {} of {} steps · {} active",
        if o.completed { "Done" } else { "Ended early" },
        o.steps_done,
        o.steps_total,
        format_length(o.active.as_secs() as u32)
    )
}
