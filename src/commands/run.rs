//! `knead run` and bare `knead`: settle the options, choose the routines, build the session,
//! and hand it to the full-screen interface or to the plain runner.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::mpsc;

use chrono::{Local, Timelike};

use super::context::Context;
use super::history;
use super::run_options::{Mode, RunOptions};
use super::show::find;
use crate::background::Background;
use crate::cli::RunArgs;
use crate::compose::{Composition, compose, spoken};
use crate::error::{Error, Result};
use crate::log::Tension;
use crate::log::digest::Digest;
use crate::log::record::Record;
use crate::log::store::LogFile;
use crate::routine::{Area, Library, Routine};
use crate::session::words;
use crate::session::{Clock, Outcome, Plan, Session, SystemClock};
use crate::signals::{self, Signal};
use crate::speech::Speaker;
use crate::tui::app::{Ended, Interactive, LogDigest, Prepared, Start};
use crate::tui::session_app::{RecordFailure, Recorder};
use crate::tui::session_app::{SessionEnd, SessionOptions};
use crate::tui::theme::Theme;
use crate::voice::Voice;

pub fn run(args: &RunArgs, context: &Context) -> Result<ExitCode> {
    let options = RunOptions::new(args, &context.settings)?;
    let library = &context.library()?;
    let (start, composed, read) = choose(&options, library, context)?;
    if let Mode::DryRun = options.mode {
        let Start::Routines(routines) = start else {
            return Err(Error::Usage(
                "--dry-run needs routines to plan: name them (`knead run neck-release --dry-run`), or give --minutes with --area".into(),
            ));
        };
        return dry_run(&routines, &options, composed);
    }
    if !composed.is_empty() {
        // Printed before the session so it stays on screen, above the summary, afterwards.
        let mut out = io::stdout().lock();
        for line in &composed {
            writeln!(out, "{}", crate::text::sanitize(line)).map_err(Error::io("writing the plan"))?;
        }
    }
    let clock = SystemClock::new();
    let log = if options.log {
        Some(history::log_file(context)?)
    } else {
        None
    };
    // The log, read once: already, for composing; else, for the full-screen view, on its
    // own thread. The plain mode has no use for it.
    let digest: Option<LogDigest> = match (read, &options.mode) {
        (_, Mode::Plain { .. }) => None,
        (Some(read), _) => Some(Background::ready(Ok(read))),
        (None, _) => read_digest_in_background(context)?,
    };
    let logger = Logger {
        log,
        clock: &clock,
        digest: digest.clone(),
    };
    if let Mode::Plain { refused } = options.mode {
        let Start::Routines(routines) = start else {
            return Err(Error::Usage(match refused {
                Some(term) => format!(
                    "{term} cannot show the full-screen picker: `knead list` shows the routines, `knead run ROUTINE` runs one in plain mode"
                ),
                None => "the plain mode needs a routine: name one (`knead run neck-release --plain`), an area that only one routine covers, or --minutes with --area".into(),
            }));
        };
        if let Some(term) = refused {
            eprintln!("knead: {term} cannot show the full-screen view; running in plain mode");
        }
        return run_plain(&routines, &options, &clock, &logger);
    }
    run_interactive(start, library, &options, &clock, &logger, digest)
}

/// Where the session begins (the routines, or the picker), why the routines are these when
/// knead composed them, and the log's figures when composing read them.
fn choose(
    options: &RunOptions,
    library: &Library,
    context: &Context,
) -> Result<(Start, Vec<String>, Option<Digest>)> {
    let mut composed: Vec<String> = Vec::new();
    let mut read = None;
    let start = match (options.routines.as_slice(), options.areas.as_slice()) {
        ([], []) => Start::Picker { area: None },
        // One area and no time budget: the person picks, as in bare `knead`.
        ([], &[area]) if options.minutes.is_none() => {
            let mut matching = library.in_area(area);
            match (matching.next(), matching.next()) {
                (Some(only), None) => Start::Routines(vec![only.clone()]),
                (None, _) => {
                    return Err(Error::Usage(format!(
                        "no routine covers the {area}; `knead areas` lists them"
                    )));
                }
                _ => Start::Picker { area: Some(area) },
            }
        }
        ([], areas) => {
            read = read_digest(context)?;
            let history = read.as_ref().map(Digest::routine_history).unwrap_or_default();
            let composition = compose(library, areas, options.minutes, &history, &Local::now())
                .map_err(|e| Error::Usage(e.to_string()))?;
            composed = composition_notes(&composition, areas, options.minutes);
            Start::Routines(composition.chosen.iter().map(|c| c.routine.clone()).collect())
        }
        (ids, _) => Start::Routines(named(library, ids)?),
    };
    Ok((start, composed, read))
}

/// Writes finished sessions to the log.
struct Logger<'a> {
    /// `None` with `--no-log`.
    log: Option<LogFile>,
    clock: &'a dyn Clock,
    /// What the log held before the session, for the end screen's lines; `None` in the plain
    /// mode, which has no end screen.
    digest: Option<LogDigest>,
}

impl Logger<'_> {
    /// Records the session, if it got as far as one step; gives the lines for the end
    /// screen (this routine's history and the current streak).
    fn record(
        &self,
        routines: &[Routine],
        outcome: &Outcome,
        tension: Tension,
    ) -> Result<Vec<String>, RecordFailure> {
        let Some(log) = &self.log else {
            return Ok(Vec::new());
        };
        // Whole seconds: the log is read by people and spreadsheets.
        let wall = |at| {
            let time = self.clock.wall(at).fixed_offset();
            time.with_nanosecond(0).unwrap_or(time)
        };
        let Some(mut record) =
            Record::from_outcome(outcome, routines, wall(outcome.started), wall(outcome.ended))
        else {
            return Ok(vec!["Nothing was recorded: no step was done.".to_string()]);
        };
        record.tension_before = tension.before;
        record.tension_after = tension.after;
        // Waited for before appending, so the read cannot see this record too; it started
        // with the program and is long done by the end of a session.
        let before = self.digest.as_ref().and_then(Background::wait);
        // A signal during the wait for the log's lock ends the wait: the record is printed
        // to keep, as for any failed save.
        let endings = signals::endings_received();
        let asked_to_end = || signals::endings_received() != endings;
        log.append_unless(std::slice::from_ref(&record), &asked_to_end)
            .map_err(|e| RecordFailure {
                message: e.to_string(),
                line: record.to_json_line(),
            })?;
        Ok(match before.as_deref() {
            Some(Ok(digest)) => digest.after_session(&record, &Local::now()),
            _ => Vec::new(),
        })
    }
}

/// Tells the person their session was not saved, with the record to keep by hand.
fn report_unsaved(failure: &RecordFailure) -> Error {
    // The message names the file and the cause, and carries the record itself.
    eprintln!("knead: error: {}", failure.message);
    Error::Reported("the session was not saved".into())
}

/// The routines named on the command line, in order; an unknown id is a usage error with
/// the ids that come close.
fn named(library: &Library, ids: &[String]) -> Result<Vec<Routine>> {
    let mut routines: Vec<Routine> = Vec::with_capacity(ids.len());
    for id in ids {
        let routine = find(library, id)?;
        // The log counts a session once for each routine in it; a routine twice over would
        // count it twice.
        if routines.iter().any(|r| r.id == routine.id) {
            return Err(Error::Usage(format!(
                "`{}` is named twice; a session runs each routine once (--minutes makes it longer)",
                routine.id
            )));
        }
        routines.push(routine.clone());
    }
    Ok(routines)
}

/// One session over `routines`, back to back, with a transition between each two.
fn build_session(routines: &[Routine], options: &RunOptions) -> Session {
    Session::new(
        routines.to_vec(),
        options.timing,
        options.session_minutes(routines),
    )
}

/// The log's figures, read now, with damaged lines reported; `None` when there is no place
/// for a log.
fn read_digest(context: &Context) -> Result<Option<Digest>> {
    if context.settings.log_file.value.is_none() {
        return Ok(None);
    }
    Ok(Some(Digest::read(
        &history::log_file(context)?,
        &Local::now(),
        history::warn,
    )?))
}

/// The log's figures, read on their own thread while the full-screen view starts: its first
/// frame never waits for the log. `None` when there is no place for a log, or no thread.
fn read_digest_in_background(context: &Context) -> Result<Option<LogDigest>> {
    if context.settings.log_file.value.is_none() {
        return Ok(None);
    }
    let log = history::log_file(context)?;
    // Damaged lines cannot be printed over the full screen; the history screen counts them.
    let read = move || Digest::read(&log, &Local::now(), |_| {});
    Ok(Background::spawn("knead-log-reader", read).ok())
}

/// "Composed for neck and shoulders in 8 minutes:", a line per routine and why, and the
/// areas left out.
fn composition_notes(composition: &Composition, areas: &[Area], minutes: Option<f64>) -> Vec<String> {
    let budget = minutes.map_or(String::new(), |m| format!(" in {}", minutes_text(m)));
    let mut notes = vec![format!("Composed for {}{budget}:", spoken(areas))];
    for choice in &composition.chosen {
        notes.push(format!("  {}: {}", choice.routine.id, choice.reason));
    }
    if !composition.left_out.is_empty() {
        let left: Vec<&str> = composition.left_out.iter().map(|a| a.as_str()).collect();
        notes.push(format!(
            "Left out for lack of time: {}; more --minutes would make room.",
            left.join(", ")
        ));
    }
    notes
}

/// "1 minute", "8 minutes", "0.5 minutes".
fn minutes_text(minutes: f64) -> String {
    if minutes == 1.0 {
        "1 minute".to_string()
    } else {
        format!("{minutes} minutes")
    }
}

fn dry_run(routines: &[Routine], options: &RunOptions, mut notes: Vec<String>) -> Result<ExitCode> {
    let session = build_session(routines, options);
    let natural = Plan::new(routines, &options.timing, None).total();
    let natural = crate::routine::format_length(natural.as_secs() as u32);
    if let Some(minutes) = options.minutes {
        notes.push(format!(
            "Scaled to {} (--minutes), from {natural}.",
            minutes_text(minutes)
        ));
    } else if options.scale != 1.0 {
        notes.push(format!(
            "Scaled ×{} (default_minutes_scale, {}), from {natural}.",
            options.scale, options.scale_origin
        ));
    }
    if options.bell && !options.presentation(routines, Local::now().hour()).bell {
        notes.push("Bell: off (a routine for sleep is always quiet).".to_string());
    } else {
        notes.push(format!("Bell: {}.", options.bell_reason));
    }
    let mut out = io::stdout().lock();
    super::dry_run::write_plan(&session, &notes, &mut out)
        .and_then(|()| out.flush())
        .map_err(Error::io("writing the plan"))?;
    Ok(ExitCode::SUCCESS)
}

fn run_interactive(
    start: Start,
    library: &Library,
    options: &RunOptions,
    clock: &dyn Clock,
    logger: &Logger,
    history: Option<LogDigest>,
) -> Result<ExitCode> {
    let ask_tension = options.ask_tension && logger.log.is_some();
    let prepare = |routines: &[Routine]| {
        let presentation = options.presentation(routines, Local::now().hour());
        let session_options = SessionOptions {
            bell: presentation.bell,
            theme: Theme::choose(options.no_color, presentation.night),
            voice: options.voice.clone().map(Voice::new),
            metronome: presentation.metronome,
            ask_tension,
        };
        let recorder: Option<Recorder> = logger.log.is_some().then(|| {
            Box::new(|session: &Session, outcome: &Outcome, tension: Tension| {
                logger.record(session.routines(), outcome, tension)
            }) as Recorder
        });
        Prepared {
            session: build_session(routines, options),
            options: session_options,
            recorder,
        }
    };
    let interactive = Interactive {
        library,
        clock,
        history,
        no_color: options.no_color,
        night: options.theme.is_night(false, Local::now().hour()),
        prepare: &prepare,
    };
    let ended = interactive
        .run(start)
        .map_err(Error::io("running the full-screen interface"))?;
    match ended {
        Ended::Nothing => Ok(ExitCode::SUCCESS),
        Ended::Signal(signal) => Ok(ExitCode::from(signals::exit_code(signal))),
        Ended::Session(SessionEnd {
            outcome,
            signal,
            record_failure,
        }) => {
            if let Some(outcome) = &outcome {
                // Named as `--plain` names them, not by id.
                let names: Vec<&str> = outcome
                    .routines
                    .iter()
                    .map(|id| library.get(id).map_or(id.as_str(), |r| r.name.as_str()))
                    .collect();
                let summary = words::summary(&names.join(" + "), outcome);
                let _ = writeln!(io::stdout().lock(), "{summary}");
            }
            if let Some(failure) = &record_failure {
                return Err(report_unsaved(failure));
            }
            Ok(signal.map_or(ExitCode::SUCCESS, |s| ExitCode::from(signals::exit_code(s))))
        }
    }
}

fn run_plain(
    routines: &[Routine],
    options: &RunOptions,
    clock: &dyn Clock,
    logger: &Logger,
) -> Result<ExitCode> {
    let (tx, rx) = mpsc::channel();
    signals::listen(false, move |signal| match signal {
        Signal::End(signal) => tx.send(signal).is_ok(),
        Signal::Suspend => true,
    })
    .map_err(Error::io("listening for signals"))?;
    let session = build_session(routines, options);
    let mut out = io::stdout().lock();
    let mut speaker = Speaker::new(options.voice.clone().map(Voice::new));
    let end = crate::plain::run(session, clock, &rx, &mut out, &mut speaker);
    speaker.finish();
    let mut recorded = false;
    if let Some(outcome) = &end.outcome {
        let tension = Tension {
            before: options.tension_before,
            after: None,
        };
        logger
            .record(routines, outcome, tension)
            .map_err(|failure| report_unsaved(&failure))?;
        // A session ended before its first step is not recorded (`Record::from_outcome`).
        recorded = logger.log.is_some() && outcome.steps_done > 0;
    }
    if let Some(error) = end.output_error {
        // Said on stderr, which may still be open when stdout is a closed pipe.
        let saved = if recorded {
            "; it was recorded as ended early"
        } else {
            ""
        };
        return Err(Error::Reported(format!(
            "cannot write the session's lines ({error}): the session ended there{saved}"
        )));
    }
    Ok(end
        .signal
        .map_or(ExitCode::SUCCESS, |s| ExitCode::from(signals::exit_code(s))))
}
