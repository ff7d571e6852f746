//! The line-by-line runner: no raw mode, no alternate screen, no escape sequences. One line
//! as each step begins, then a summary. It is the mode for screen readers and for scripts.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use crate::routine::format_length;
use crate::session::words::{self, SegmentWords};
use crate::session::{Clock, Cue, Event, Moment, Outcome, PauseReason, Session};
use crate::sound::spoken_cues::Speaker;

/// How a plain run ended.
#[derive(Debug)]
pub struct PlainEnd {
    pub outcome: Option<Outcome>,
    pub signal: Option<i32>,
    /// The output could not be written (a pipe closed by its reader): the session ended
    /// there, early, and its outcome is still to be recorded.
    pub output_error: Option<io::Error>,
}

/// Runs `session` to its end, until a signal number arrives on `signals`, or until the output
/// cannot be written; `speaker` says each cue as it is printed.
pub fn run(
    mut session: Session,
    clock: &dyn Clock,
    signals: &Receiver<i32>,
    out: &mut dyn Write,
    speaker: &mut Speaker,
) -> PlainEnd {
    let mut outcome = None;
    match drive(&mut session, clock, signals, out, speaker, &mut outcome) {
        Ok(end) => end,
        Err(error) => PlainEnd {
            // Ended where the output stopped, as a quit would, unless it had ended already.
            outcome: outcome.or_else(|| end_now(&mut session, clock)),
            signal: None,
            output_error: Some(error),
        },
    }
}

/// Ends the session at once, as a confirmed quit: its outcome, if a step was begun.
fn end_now(session: &mut Session, clock: &dyn Clock) -> Option<Outcome> {
    session.update(Event::Tick(clock.now()));
    session.update(Event::Quit);
    session
        .update(Event::ConfirmQuit)
        .into_iter()
        .find_map(|cue| match cue {
            Cue::Ended(outcome) => Some(outcome),
            _ => None,
        })
}

/// The session's loop; `ended` holds the outcome as soon as there is one, so that a failed
/// write of the summary does not lose it.
fn drive(
    session: &mut Session,
    clock: &dyn Clock,
    signals: &Receiver<i32>,
    out: &mut dyn Write,
    speaker: &mut Speaker,
    ended: &mut Option<Outcome>,
) -> io::Result<PlainEnd> {
    write_header(session, out)?;
    session.update(Event::Tick(clock.now()));
    let started = clock.now();
    speaker.open(session);
    let mut cues = session.update(Event::Start);
    loop {
        for cue in cues.drain(..) {
            speaker.on_cue(session, &cue);
            if let Cue::Finished(outcome) | Cue::Ended(outcome) = &cue {
                *ended = Some(outcome.clone());
            }
            if let Some(line) = cue_line(session, &cue, started) {
                writeln!(out, "{line}")?;
                out.flush()?;
            }
            match cue {
                Cue::Finished(outcome) | Cue::Ended(outcome) => {
                    return Ok(PlainEnd {
                        outcome: Some(outcome),
                        signal: None,
                        output_error: None,
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
                let outcome = end_now(session, clock);
                *ended = outcome.clone();
                // The signal decides the exit code even when the summary cannot be written.
                if let Some(o) = &outcome {
                    let _ = writeln!(out, "{}", summary_line(session, o));
                }
                let _ = out.flush();
                return Ok(PlainEnd {
                    outcome,
                    signal: Some(signal),
                    output_error: None,
                });
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                cues = session.update(Event::Tick(clock.now()));
            }
        }
    }
}

fn write_header(session: &Session, out: &mut dyn Write) -> io::Result<()> {
    let total = words::whole_seconds(session.plan().length());
    let steps: usize = session.routines().iter().map(|r| r.steps.len()).sum();
    writeln!(
        out,
        "{} · {} · {}",
        words::title(session.routines()),
        format_length(total),
        words::steps(steps)
    )?;
    for routine in session.routines() {
        for caution in &routine.cautions {
            writeln!(out, "Caution: {caution}")?;
        }
    }
    for line in words::for_you(session.routines()) {
        writeln!(out, "{line}")?;
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
        Cue::Began(kind) => Some(format!(
            "{at} {}",
            SegmentWords::of(session.routines(), *kind)?.line()
        )),
        Cue::Paused(reason @ PauseReason::Asleep(_)) => Some(format!("{at} {}", words::paused(*reason))),
        Cue::Finished(outcome) | Cue::Ended(outcome) => Some(summary_line(session, outcome)),
        _ => None,
    }
}

pub fn summary_line(session: &Session, o: &Outcome) -> String {
    words::summary(&words::title(session.routines()), o)
}
