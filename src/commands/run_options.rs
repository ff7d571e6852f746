//! `knead run`'s options, settled at the edge: the raw flags checked and turned into typed
//! values, with the config file's settings laid under them, before anything is loaded. What
//! is left to decide later depends on the routines chosen: how long the session lasts and
//! how quiet it is.

use std::io::{self, IsTerminal};
use std::time::Duration;

use crate::cli::RunArgs;
use crate::config::{Settings, ThemeChoice};
use crate::error::{Error, Result};
use crate::routine::{Area, Routine};
use crate::session::{MINUTES_RANGE, Plan, Session, Timing};
use crate::sound::speech_program::SpeechCommand;

/// How the session is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `--dry-run`: the plan, printed, and nothing run.
    DryRun,
    /// One line per step: asked for with `--plain`, or the output is not a terminal, or the
    /// terminal says it cannot show the full screen (`refused` says how, as "TERM=dumb").
    Plain {
        refused: Option<&'static str>,
    },
    FullScreen,
}

pub struct RunOptions {
    /// The routine ids named, in order.
    pub routines: Vec<String>,
    /// The areas asked for, each once, in order.
    pub areas: Vec<Area>,
    pub minutes: Option<f64>,
    /// Scales a routine's own length when no --minutes is given.
    pub scale: f64,
    /// Where a scale other than 1 came from, for `--dry-run`.
    pub scale_origin: String,
    pub timing: Timing,
    pub mode: Mode,
    /// The bell as the flags and config have it; a routine for sleep still silences it
    /// (see [`RunOptions::presentation`]).
    pub bell: bool,
    /// Why the bell is on or off, for `--dry-run`.
    pub bell_reason: String,
    pub no_color: bool,
    pub theme: ThemeChoice,
    /// `Some` when the session should speak and a program to speak with was found.
    pub voice: Option<SpeechCommand>,
    pub metronome: bool,
    /// Whether the metronome was asked for on the command line: only then does it tick for
    /// a sleep routine.
    pub metronome_asked: bool,
    /// `false` with `--no-log`.
    pub log: bool,
    /// Ask "How tense do you feel?" before and after (full screen, with a log).
    pub ask_tension: bool,
    pub tension_before: Option<u8>,
}

/// The sounds and the palette of one session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Presentation {
    pub bell: bool,
    pub metronome: bool,
    pub night: bool,
}

impl RunOptions {
    /// Checks the flags and settles each option from the flags, the config file and the
    /// defaults; a flag out of range is a usage error naming it.
    pub fn new(args: &RunArgs, config: &Settings) -> Result<RunOptions> {
        if let Some(m) = args.minutes
            && !MINUTES_RANGE.contains(&m)
        {
            // 1e308 is said as that, not as its 309 digits.
            let given = if m.is_finite() && m.abs() < 1e6 {
                m.to_string()
            } else {
                format!("{m:e}")
            };
            return Err(Error::Usage(format!(
                "--minutes {given} is out of range: give {} to {} minutes",
                MINUTES_RANGE.start(),
                MINUTES_RANGE.end()
            )));
        }
        let mut areas: Vec<Area> = Vec::new();
        for area in &args.areas {
            let area: Area = area.parse()?;
            if !areas.contains(&area) {
                areas.push(area);
            }
        }
        let bell_reason = if args.no_bell {
            "off (--no-bell)".to_string()
        } else if config.bell.value {
            format!("on ({})", config.bell.origin)
        } else {
            format!("off (bell = false, {})", config.bell.origin)
        };
        let mode = if args.dry_run {
            Mode::DryRun
        } else if args.plain || !io::stdout().is_terminal() {
            Mode::Plain { refused: None }
        } else {
            match crate::tui::terminal::full_screen_refused() {
                Some(refused) => Mode::Plain {
                    refused: Some(refused),
                },
                None => Mode::FullScreen,
            }
        };
        Ok(RunOptions {
            routines: args.routines.clone(),
            areas,
            minutes: args.minutes,
            scale: config.default_minutes_scale.value,
            scale_origin: config.default_minutes_scale.origin.to_string(),
            timing: Timing {
                get_ready: Duration::from_secs(config.get_ready_seconds.value.into()),
                switch_side: Duration::from_secs(config.switch_side_seconds.value.into()),
                ..Timing::default()
            },
            mode,
            bell: config.bell.value && !args.no_bell,
            bell_reason,
            no_color: !crate::tui::theme::colour_allowed(),
            theme: config.theme.value,
            voice: speech_command(args, config)?,
            metronome: args.metronome || config.metronome.value,
            metronome_asked: args.metronome,
            log: !args.no_log,
            ask_tension: config.ask_tension.value,
            tension_before: args.tension_before,
        })
    }

    /// One session over `routines`, back to back, with a transition between each two.
    pub fn session(&self, routines: &[Routine]) -> Session {
        Session::new(routines.to_vec(), self.timing, self.session_minutes(routines))
    }

    /// The minutes a session over `routines` is scaled to: --minutes, else the routines'
    /// own length times `default_minutes_scale` when that is not 1.
    pub fn session_minutes(&self, routines: &[Routine]) -> Option<f64> {
        self.minutes.or_else(|| {
            // A scale other than 1 stretches or shrinks the whole plan alike.
            (self.scale != 1.0).then(|| {
                let natural = Plan::new(routines, &self.timing, None).total().as_secs_f64() / 60.0;
                (natural * self.scale).clamp(*MINUTES_RANGE.start(), *MINUTES_RANGE.end())
            })
        })
    }

    /// Quiet and dim for sleep: a session with a routine for sleep in it (a chain is run like
    /// its quietest routine) rings no bell, since a bell is the last thing someone falling
    /// asleep wants, ticks the metronome only when it was asked for on the command line, and
    /// takes the night palette unless the theme is fixed. `hour` is the local hour, for the
    /// automatic theme.
    pub fn presentation(&self, routines: &[Routine], hour: u32) -> Presentation {
        let sleep = routines.iter().any(Routine::is_for_sleep);
        Presentation {
            bell: self.bell && !sleep,
            metronome: self.metronome && (self.metronome_asked || !sleep),
            night: self.theme.is_night(sleep, hour),
        }
    }
}

/// The speech program for `--voice`/`--voice-command`; with none found, a line on stderr
/// says so and the session runs silent.
fn speech_command(args: &RunArgs, config: &Settings) -> Result<Option<SpeechCommand>> {
    if let Some(command) = &args.voice_command {
        let parts: Vec<String> = command.split_whitespace().map(str::to_string).collect();
        return SpeechCommand::custom(&parts)
            .map(startable)
            .ok_or_else(|| Error::Usage("--voice-command needs a program to run".to_string()));
    }
    if !args.voice && !config.voice.value {
        return Ok(None);
    }
    if let Some(parts) = &config.voice_command.value {
        return Ok(SpeechCommand::custom(parts).and_then(startable));
    }
    match SpeechCommand::find(std::env::var_os("PATH").as_deref()) {
        Ok(command) => Ok(Some(command)),
        Err(missing) => {
            eprintln!("knead: {missing}");
            Ok(None)
        }
    }
}

/// The named speech program, if it can be started; if not, a line on stderr says so, before
/// the full-screen view takes the terminal, and the session runs silent.
fn startable(command: SpeechCommand) -> Option<SpeechCommand> {
    match command.check(std::env::var_os("PATH").as_deref()) {
        Ok(()) => Some(command),
        Err(cannot) => {
            eprintln!("knead: {cannot}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Goal, Side};
    use crate::session::tests::{routine, step};

    fn options(args: &RunArgs) -> Result<RunOptions> {
        RunOptions::new(args, &Settings::defaults(None))
    }

    #[test]
    fn flags_out_of_range_are_usage_errors_naming_the_flag() {
        let args = RunArgs {
            minutes: Some(200.0),
            ..RunArgs::default()
        };
        let Err(Error::Usage(message)) = options(&args) else {
            panic!("200 minutes accepted")
        };
        assert_eq!(message, "--minutes 200 is out of range: give 0.1 to 180 minutes");
        let args = RunArgs {
            areas: vec!["neck".into(), "knee".into()],
            ..RunArgs::default()
        };
        assert!(matches!(options(&args), Err(Error::UnknownValue(_))));
    }

    #[test]
    fn areas_are_kept_once_in_the_order_given() {
        let args = RunArgs {
            areas: vec!["jaw".into(), "neck".into(), "jaw".into()],
            ..RunArgs::default()
        };
        assert_eq!(options(&args).unwrap().areas, [Area::Jaw, Area::Neck]);
    }

    #[test]
    fn a_routine_for_sleep_makes_the_whole_session_quiet_and_dim() {
        let day = routine("day", vec![step("a", 60, Side::Both)]);
        let mut night = routine("night", vec![step("b", 60, Side::Both)]);
        night.goals = vec![Goal::Sleep];
        let noon = 12;
        let both = [day.clone(), night];
        let mut settled = options(&RunArgs::default()).unwrap();
        settled.metronome = true;
        let loud = Presentation {
            bell: true,
            metronome: true,
            night: false,
        };
        assert_eq!(settled.presentation(std::slice::from_ref(&day), noon), loud);
        assert_eq!(
            settled.presentation(&both, noon),
            Presentation {
                bell: false,
                metronome: false,
                night: true,
            }
        );
        settled.metronome_asked = true;
        assert!(
            settled.presentation(&both, noon).metronome,
            "asked for on the command line"
        );
        assert!(settled.presentation(std::slice::from_ref(&day), 23).night);
    }
}
