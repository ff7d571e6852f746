//! `knead run` and bare `knead`: settle the options, choose the routines, then run them in
//! the one way the options say: planned on paper, line by line, or full screen.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::mpsc;

use chrono::{DateTime, Local, Timelike};

use super::choose::{Chosen, choose};
use super::context::{Context, ForYou};
use super::history;
use super::run_options::{Mode, RunOptions};
use crate::cli::RunArgs;
use crate::error::{Error, Result};
use crate::log::Tension;
use crate::log::digest::{Digest, LogDigest};
use crate::log::recorder::{RecordFailure, Recorder};
use crate::log::store::LogFile;
use crate::plan::{PlanSession, PlanToday, Running};
use crate::routine::Routine;
use crate::session::{Clock, SystemClock, words};
use crate::sound::speech_program::Voice;
use crate::sound::spoken_cues::Speaker;
use crate::system::background::Background;
use crate::system::signals::{self, Signal};
use crate::tui::app::{FormOffer, Interactive, Prepared, Start};
use crate::tui::picker::PlanPick;
use crate::tui::session_app::SessionOptions;
use crate::tui::theme::Theme;

pub fn run(args: &RunArgs, context: &Context) -> Result<ExitCode> {
    let options = RunOptions::new(args, &context.settings)?;
    let clock = SystemClock::new();
    // The moment the run starts: what is composed, planned and first shown goes by it. Later
    // moments (a session chosen in the picker, its record) are read from the same clock.
    let now = clock.wall(clock.now());
    // Every routine fitted to the health profile: what the person does is what is planned,
    // shown, spoken and composed.
    let for_you = context.for_you()?;
    // The log, or why there is no place for one (said only if a session is to be recorded).
    let log = history::log_file(context);
    // A log that cannot take the record ends the run before anything reads it (composing for
    // areas reads the history), so the person is told why in the words `recorder` uses.
    if let (true, false, Ok(log)) = (options.log, options.mode == Mode::DryRun, &log) {
        log.check_appendable()?;
    }
    let chosen = choose(&options, &for_you, log.as_ref().ok(), &now)?;
    match options.mode {
        Mode::DryRun => super::dry_run::run(chosen, &options, now.hour()),
        Mode::Plain { refused } => {
            let recorder = recorder(&options, log, &clock)?;
            print_notes(&chosen)?;
            run_plain(chosen, refused, &options, &clock, recorder.as_ref())
        }
        Mode::FullScreen => {
            let readable = log.as_ref().ok().cloned();
            let recorder = recorder(&options, log, &clock)?;
            print_notes(&chosen)?;
            let Chosen { start, read, .. } = chosen;
            // The log, read once: already, for composing; else on its own thread, so that
            // the first frame never waits for it.
            let digest = match (read, &readable) {
                (Some(read), _) => Some(Background::ready(Ok(read))),
                (None, Some(log)) => read_in_background(log, now),
                (None, None) => None,
            };
            if let Some(recorder) = &recorder {
                recorder.read_before(digest.clone());
            }
            let plan = match start {
                Start::Picker { .. } => super::plans::plan_today(context, &for_you.library, &now),
                Start::Routines(_) => None,
            };
            let full_screen = FullScreen {
                for_you: &for_you,
                profile_file: context.profile_file.as_deref(),
                options: &options,
                clock: &clock,
                log: readable.as_ref(),
                recorder: recorder.as_ref(),
            };
            full_screen.run(start, digest, plan, &now)
        }
    }
}

/// Why the routines are these, when knead composed them: printed before the session, so it
/// stays on screen above the summary afterwards.
fn print_notes(chosen: &Chosen) -> Result<()> {
    let mut out = io::stdout().lock();
    for line in &chosen.notes {
        writeln!(out, "{}", crate::text::sanitize(line)).map_err(Error::io("writing the plan"))?;
    }
    Ok(())
}

/// What records the sessions, unless --no-log. Said before the session, not after it: with
/// no place for a log, or one that cannot take a record, the session is not begun.
fn recorder<'c>(
    options: &RunOptions,
    log: Result<LogFile>,
    clock: &'c dyn Clock,
) -> Result<Option<Recorder<'c>>> {
    if !options.log {
        return Ok(None);
    }
    // `run` has already checked that the log can take a record.
    Ok(Some(Recorder::new(log?, clock)))
}

/// The log's figures, read on their own thread as of `now`; `None` when no thread can start.
fn read_in_background(log: &LogFile, now: DateTime<Local>) -> Option<LogDigest> {
    let log = log.clone();
    // Damaged lines cannot be printed over the full screen; the history screen counts them.
    let read = move || Digest::read(&log, &now, |_| {});
    Background::spawn("knead-log-reader", read).ok()
}

/// Tells the person their session was not saved, with the record to keep by hand.
fn report_unsaved(failure: &RecordFailure) -> Error {
    // The message names the file and the cause, and carries the record itself.
    eprintln!("knead: error: {}", failure.message);
    Error::Reported("the session was not saved".into())
}

/// The exit code of a run that a signal may have ended.
fn exit_code(signal: Option<i32>) -> ExitCode {
    signal.map_or(ExitCode::SUCCESS, |s| ExitCode::from(signals::exit_code(s)))
}

/// One line per step, for a pipe, a screen reader or a terminal that cannot show more.
fn run_plain(
    chosen: Chosen,
    refused: Option<&'static str>,
    options: &RunOptions,
    clock: &dyn Clock,
    recorder: Option<&Recorder>,
) -> Result<ExitCode> {
    let Some(routines) = chosen.routines() else {
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
    let (tx, rx) = mpsc::channel();
    signals::listen(false, move |signal| match signal {
        Signal::End(signal) => tx.send(signal).is_ok(),
        Signal::Suspend => true,
    })
    .map_err(Error::io("listening for signals"))?;
    let mut out = io::stdout().lock();
    let mut speaker = Speaker::new(options.voice.clone().map(Voice::new));
    let end = crate::plain::run(options.session(routines), clock, &rx, &mut out, &mut speaker);
    speaker.finish();
    let mut recorded = false;
    if let (Some(outcome), Some(recorder)) = (&end.outcome, recorder) {
        let tension = Tension {
            before: options.tension_before,
            after: None,
        };
        recorder
            .record(routines, outcome, tension)
            .map_err(|failure| report_unsaved(&failure))?;
        // A session ended before its first step is not recorded (`Record::from_outcome`).
        recorded = outcome.steps_done > 0;
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
    Ok(exit_code(end.signal))
}

/// The full-screen program: the picker and its screens, then each session chosen.
struct FullScreen<'a> {
    for_you: &'a ForYou,
    /// Where the health profile is kept, for its short form.
    profile_file: Option<&'a std::path::Path>,
    options: &'a RunOptions,
    clock: &'a dyn Clock,
    log: Option<&'a LogFile>,
    recorder: Option<&'a Recorder<'a>>,
}

impl FullScreen<'_> {
    fn run(
        &self,
        start: Start,
        history: Option<LogDigest>,
        plan: Option<(Running, PlanToday)>,
        now: &DateTime<Local>,
    ) -> Result<ExitCode> {
        let for_you = self.for_you;
        let plan_days = plan.as_ref().map(|(running, _)| {
            let (done, asked) = running.progress.sessions_done(&running.plan);
            format!(
                "{}: {}, {done} of {asked} session days done",
                running.plan.name,
                running.where_now()
            )
        });
        let plan = plan.and_then(|(running, today)| plan_pick(&running, &today));
        let interactive = Interactive {
            library: &for_you.library,
            hidden: &for_you.hidden,
            form: match self.profile_file {
                Some(path) if !for_you.profile.form_offered => Some(FormOffer {
                    profile: for_you.profile.clone(),
                    path,
                    as_written: &for_you.as_written,
                }),
                _ => None,
            },
            clock: self.clock,
            history,
            no_color: self.options.no_color,
            night: self.options.theme.is_night(false, now.hour()),
            prepare: &|routines| self.prepare(routines),
            reread_log: &|| self.reread_log(),
            plan,
            plan_days,
        };
        let ended = interactive
            .run(start)
            .map_err(Error::io("running the full-screen interface"))?;
        // Printed once the terminal is back, so they stay in the shell: each session's
        // summary, then any record that could not be saved.
        let mut out = io::stdout().lock();
        for outcome in ended.sessions.iter().filter_map(|end| end.outcome.as_ref()) {
            // Named as `--plain` names them, not by id.
            let names: Vec<&str> = outcome
                .routines
                .iter()
                .map(|id| for_you.library.get(id).map_or(id.as_str(), |r| r.name.as_str()))
                .collect();
            let _ = writeln!(out, "{}", words::summary(&names.join(" + "), outcome));
        }
        drop(out);
        let mut unsaved = None;
        for failure in ended.sessions.iter().filter_map(|e| e.record_failure.as_ref()) {
            unsaved = Some(report_unsaved(failure));
        }
        match unsaved {
            Some(error) => Err(error),
            None => Ok(exit_code(ended.signal)),
        }
    }

    /// The chosen routines as a session, with its sounds and palette as of the hour it starts.
    fn prepare(&self, routines: &[Routine]) -> Prepared<'_> {
        let options = self.options;
        let hour = self.clock.wall(self.clock.now()).hour();
        let presentation = options.presentation(routines, hour);
        Prepared {
            session: options.session(routines),
            options: SessionOptions {
                bell: presentation.bell,
                theme: Theme::choose(options.no_color, presentation.night),
                voice: options.voice.clone().map(Voice::new),
                metronome: presentation.metronome,
                ask_tension: options.ask_tension && self.recorder.is_some(),
            },
            recorder: self.recorder,
        }
    }

    /// After each session chosen in the picker, the log is read again: for the picker's
    /// marks, the history screen, and the next session's end screen.
    fn reread_log(&self) -> Option<LogDigest> {
        let read = read_in_background(self.log?, self.clock.wall(self.clock.now()));
        if let Some(recorder) = self.recorder {
            recorder.read_before(read.clone());
        }
        read
    }
}

/// Today's plan session for the picker's first row, when it is still to do and is one routine.
fn plan_pick(running: &Running, today: &PlanToday) -> Option<PlanPick> {
    let PlanToday::Session { .. } = today else {
        return None;
    };
    match running.progress.next(&running.plan)?.1 {
        PlanSession::Routines { ids, minutes: None } if ids.len() == 1 => Some(PlanPick {
            routine: ids[0].clone(),
            label: format!("today's plan · {}", running.where_now()),
        }),
        _ => None,
    }
}
