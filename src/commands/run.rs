//! `knead run` and bare `knead`: settle the options, choose the routines, build the session,
//! and hand it to the full-screen interface or to the plain runner.

use std::cell::RefCell;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::mpsc;

use chrono::{Local, Timelike};

use super::context::{Context, ForYou};
use super::history;
use super::run_options::{Mode, RunOptions};
use super::show::find;
use crate::background::Background;
use crate::cli::RunArgs;
use crate::compose::{ComposeError, Composition, compose, spoken};
use crate::error::{Error, Result};
use crate::log::Tension;
use crate::log::digest::Digest;
use crate::log::record::Record;
use crate::log::store::LogFile;
use crate::log_words::recap_lines;
use crate::routine::{Area, Routine};
use crate::session::words;
use crate::session::{Clock, Outcome, Plan, Session, SystemClock};
use crate::signals::{self, Signal};
use crate::speech_program::Voice;
use crate::spoken_cues::Speaker;
use crate::tui::app::{FormOffer, Interactive, LogDigest, Prepared, Start};
use crate::tui::picker::PlanPick;
use crate::tui::session_app::{RecordFailure, Recorder, SessionOptions};
use crate::tui::theme::Theme;

pub fn run(args: &RunArgs, context: &Context) -> Result<ExitCode> {
    let options = RunOptions::new(args, &context.settings)?;
    // Every routine fitted to the health profile: what the person does is what is planned,
    // shown, spoken and composed.
    let for_you = context.for_you()?;
    let (start, composed, read) = choose(&options, &for_you, context)?;
    // Routines named with --minutes: say first if the minutes squeeze a pressing step, and
    // how to do better. A composed session already keeps every routine to half its length.
    if let (Start::Routines(routines), Some(minutes), false) =
        (&start, options.minutes, options.routines.is_empty())
    {
        let plan = Plan::new(routines, &options.timing, Some(minutes));
        if let Some((step, length)) = plan.squeezed_pressing_pass(routines) {
            eprintln!("knead: {}", words::squeezed(minutes, step, length, routines));
        }
    }
    if let Mode::DryRun = options.mode {
        let Start::Routines(routines) = start else {
            return Err(Error::Usage(
                "--dry-run needs routines to plan: name them (`knead run neck-release --dry-run`), or give --minutes with --area".into(),
            ));
        };
        return dry_run(&routines, &options, composed);
    }
    // Said before the session, not after it: a session that cannot be recorded is not begun.
    let log = options.log.then(|| history::log_file(context)).transpose()?;
    if let Some(log) = &log {
        log.check_appendable()?;
    }
    if !composed.is_empty() {
        // Printed before the session so it stays on screen, above the summary, afterwards.
        let mut out = io::stdout().lock();
        for line in &composed {
            writeln!(out, "{}", crate::text::sanitize(line)).map_err(Error::io("writing the plan"))?;
        }
    }
    let clock = SystemClock::new();
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
        digest: RefCell::new(digest.clone()),
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
    let plan = match start {
        Start::Picker { .. } => super::plans::plan_today(context, &for_you.library, &Local::now()),
        Start::Routines(_) => None,
    };
    let plan_days = plan.as_ref().map(|(running, _)| {
        let (done, asked) = running.progress.sessions_done(&running.plan);
        format!(
            "{}: {}, {done} of {asked} session days done",
            running.plan.name,
            running.where_now()
        )
    });
    let pick = plan.and_then(|(running, today)| plan_pick(&running, &today));
    run_interactive(
        start,
        &for_you,
        context,
        &options,
        &logger,
        digest,
        (pick, plan_days),
    )
}

/// Today's plan session for the picker's first row, when it is still to do and is one routine.
fn plan_pick(running: &crate::plan::Running, today: &crate::plan::PlanToday) -> Option<PlanPick> {
    let crate::plan::PlanToday::Session { .. } = today else {
        return None;
    };
    match running.progress.next(&running.plan)?.1 {
        crate::plan::PlanSession::Routines { ids, minutes: None } if ids.len() == 1 => Some(PlanPick {
            routine: ids[0].clone(),
            label: format!("today's plan · {}", running.where_now()),
        }),
        _ => None,
    }
}

/// Where the session begins (the routines, or the picker), why the routines are these when
/// knead composed them, and the log's figures when composing read them.
fn choose(
    options: &RunOptions,
    for_you: &ForYou,
    context: &Context,
) -> Result<(Start, Vec<String>, Option<Digest>)> {
    let library = &for_you.library;
    let mut composed: Vec<String> = Vec::new();
    let mut read = None;
    let start = match (options.routines.as_slice(), options.areas.as_slice()) {
        ([], []) => Start::Picker { area: None },
        // One area and no time budget: the person picks, as in bare `knead`.
        ([], &[area]) if options.minutes.is_none() => {
            let mut matching = library.in_area(area);
            match (matching.next(), matching.next()) {
                (Some(only), None) => Start::Routines(vec![only.clone()]),
                (None, _) if for_you.as_written.in_area(area).next().is_some() => {
                    return Err(Error::Usage(format!(
                        "every routine for the {area} leaves out all its steps for you ({}); `knead profile` shows your health profile",
                        for_you.profile.phrase()
                    )));
                }
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
                .map_err(|e| match e {
                    ComposeError::NoRoutineFor(areas)
                        if areas.iter().all(|&a| for_you.as_written.in_area(a).next().is_some()) =>
                    {
                        Error::Usage(format!(
                            "every routine for the {} leaves out all its steps for you ({}); `knead profile` shows your health profile",
                            spoken(&areas),
                            for_you.profile.phrase()
                        ))
                    }
                    e => Error::Usage(e.to_string()),
                })?;
            composed = composition_notes(&composition, areas, options.minutes);
            Start::Routines(composition.chosen.iter().map(|c| c.routine.clone()).collect())
        }
        (ids, _) => Start::Routines(named(for_you, ids)?),
    };
    Ok((start, composed, read))
}

/// Writes finished sessions to the log.
struct Logger<'a> {
    /// `None` with `--no-log`.
    log: Option<LogFile>,
    clock: &'a dyn Clock,
    /// What the log held before the session, for the end screen's lines; `None` in the plain
    /// mode, which has no end screen. Read again after each session the picker ran.
    digest: RefCell<Option<LogDigest>>,
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
        let before = self.digest.borrow().as_ref().and_then(Background::wait);
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
            Some(Ok(digest)) => recap_lines(&digest.recap(&record, &Local::now())),
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
fn named(for_you: &ForYou, ids: &[String]) -> Result<Vec<Routine>> {
    let mut routines: Vec<Routine> = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(hidden) = for_you.hidden(id) {
            return Err(Error::Usage(format!(
                "{}; `knead profile` shows your health profile",
                hidden.line()
            )));
        }
        let routine = find(&for_you.library, id)?;
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
    let natural = Plan::new(routines, &options.timing, None).length();
    let natural = crate::routine::format_length(words::whole_seconds(natural));
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
    for_you: &ForYou,
    context: &Context,
    options: &RunOptions,
    logger: &Logger,
    history: Option<LogDigest>,
    (plan, plan_days): (Option<PlanPick>, Option<String>),
) -> Result<ExitCode> {
    // After each session chosen in the picker, the log is read again: for the picker's marks,
    // the history screen, and the next session's end screen.
    let reread_log = || {
        let read = read_digest_in_background(context).ok().flatten();
        logger.digest.replace(read.clone());
        read
    };

    // The one clock of the run, which the logger times its records by too.
    let clock = logger.clock;
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
        library: &for_you.library,
        hidden: &for_you.hidden,
        form: match &context.profile_file {
            Some(path) if !for_you.profile.form_offered => Some(FormOffer {
                profile: for_you.profile.clone(),
                path,
                as_written: &for_you.as_written,
            }),
            _ => None,
        },
        clock,
        history,
        no_color: options.no_color,
        night: options.theme.is_night(false, Local::now().hour()),
        prepare: &prepare,
        reread_log: &reread_log,
        plan,
        plan_days,
    };
    let ended = interactive
        .run(start)
        .map_err(Error::io("running the full-screen interface"))?;
    // Printed once the terminal is back, so they stay in the shell: each session's summary,
    // then any record that could not be saved.
    let mut out = io::stdout().lock();
    for end in &ended.sessions {
        if let Some(outcome) = &end.outcome {
            // Named as `--plain` names them, not by id.
            let names: Vec<&str> = outcome
                .routines
                .iter()
                .map(|id| for_you.library.get(id).map_or(id.as_str(), |r| r.name.as_str()))
                .collect();
            let summary = words::summary(&names.join(" + "), outcome);
            let _ = writeln!(out, "{summary}");
        }
    }
    drop(out);
    let mut unsaved = None;
    for failure in ended.sessions.iter().filter_map(|e| e.record_failure.as_ref()) {
        unsaved = Some(report_unsaved(failure));
    }
    if let Some(error) = unsaved {
        return Err(error);
    }
    Ok(ended
        .signal
        .map_or(ExitCode::SUCCESS, |s| ExitCode::from(signals::exit_code(s))))
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
