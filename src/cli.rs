//! The command line as clap sees it: raw arguments only. Turning them into settings (and
//! validating what clap cannot) happens in `commands`.
//!
//! The build script compiles this file too, to write the manual pages and the completion
//! scripts from it: what it uses of the crate is `log::DateArg` and `text`, no more.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::log::DateArg;

/// What `knead --version` (or `-V`) alone prints, as clap prints it, or `None` for any other
/// command line. Answered before clap builds its whole command tree, which costs more than
/// the rest of printing a version does.
pub fn version_only(args: &[std::ffi::OsString]) -> Option<String> {
    match args {
        [_, flag] if flag == "--version" || flag == "-V" => {
            Some(format!("knead {}\n", env!("CARGO_PKG_VERSION")))
        }
        _ => None,
    }
}

/// The command line of one of these commands alone, with no option and no argument (`knead
/// list`; `knead due`, which a shell prompt may run at every prompt), as clap parses it, or
/// `None` for any other. Answered without clap, whose command tree of every command and
/// option is most of what such a run costs; a test holds each to clap's own parse.
pub fn bare_command(args: &[std::ffi::OsString]) -> Option<Cli> {
    let [_, name] = args else { return None };
    let command = match name.to_str()? {
        "list" => Command::List(ListArgs::default()),
        "areas" => Command::Areas(AreasArgs::default()),
        "due" => Command::Due(DueArgs::default()),
        "plans" => Command::Plans(PlansArgs::default()),
        "config" => Command::Config,
        "paths" => Command::Paths,
        _ => return None,
    };
    Some(Cli {
        global: GlobalArgs::default(),
        command: Some(command),
    })
}

#[derive(Debug, Parser)]
#[command(
    name = "knead",
    version,
    about = "A terminal coach for self-massage: guided routines with pressure, stroke and pace.",
    long_about = "A terminal coach for self-massage: guided routines with pressure, stroke and pace.\n\n\
                  A comfort and relaxation aid, not a substitute for care. Stop if you feel sharp pain, \
                  numbness, tingling or dizziness.",
    after_help = "Examples:\n  knead                   pick a routine by body area\n  \
                  knead list --area neck  routines for the neck\n  \
                  knead show neck-release the steps of one routine",
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Default)]
pub struct GlobalArgs {
    /// Also load routines from DIR (repeatable; later folders win). Also KNEAD_ROUTINES_DIR,
    /// a list of folders separated like PATH.
    #[arg(long = "routines-dir", value_name = "DIR", global = true)]
    pub routines_dirs: Vec<PathBuf>,
    /// Read settings from FILE instead of $XDG_CONFIG_HOME/knead/config.toml. Also KNEAD_CONFIG.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Keep the session log in FILE. Also KNEAD_LOG_FILE.
    #[arg(long = "log-file", value_name = "FILE", global = true)]
    pub log_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List routines, optionally for one body area or goal.
    #[command(after_help = "Examples:\n  knead list\n  knead list --area shoulders\n  \
                            knead list --goal sleep --format json\n  knead list --for eye-strain")]
    List(ListArgs),
    /// List the body areas and how many routines cover each.
    #[command(after_help = "Examples:\n  knead areas\n  knead areas --map\n  knead areas --format json")]
    Areas(AreasArgs),
    /// Show one routine: its cautions and every step, or its file (--format toml).
    #[command(
        after_help = "Examples:\n  knead show neck-release\n  knead show temple-tension --format json\n  \
                            knead show neck-release --format toml > my-neck.toml   start from a built-in"
    )]
    Show(ShowArgs),
    /// Write a new routine file, commented and ready to edit, to your routines folder.
    #[command(after_help = "Examples:\n  knead new my-neck\n  \
                            knead new evening-feet --area feet --area calves --goal sleep\n\n\
                            The file goes to $XDG_CONFIG_HOME/knead/routines/ID.toml (usually \
                            ~/.config/knead/routines/); an existing file is never overwritten.")]
    New(NewArgs),
    /// Open a routine in your editor, then check it. A built-in one is first copied to your
    /// routines folder, where your copy replaces it.
    #[command(
        after_help = "Examples:\n  knead edit my-neck\n  knead edit neck-release    copy the built-in and change it\n  \
                            EDITOR=\"code -w\" knead edit my-neck\n\n\
                            The editor is $VISUAL, else $EDITOR, else vi. Exit status: 0 when the file is \
                            valid after editing, 1 when it is not (the problems are listed), 2 for an unknown id."
    )]
    Edit(EditArgs),
    /// Run a guided session: routines by id, back to back, or pick one for a body area.
    #[command(
        after_help = "Examples:\n  knead run neck-release\n  knead run --area shoulders\n  \
                            knead run temple-tension --minutes 3\n  knead run bedtime-wind-down --plain\n  \
                            knead run neck-release jaw-ease          one session, one after the other\n  \
                            knead run neck-release jaw-ease --minutes 10 --dry-run\n  \
                            knead run --area neck --area shoulders --minutes 8\n\n\
                            Composing for --area: routines not done in the last days come first, then \
                            those that eased tension most in your log, then those closest to the areas \
                            asked for; ties go by id.\n\n\
                            Keys: Space pause · → or n next · ← or p back · + extend · q quit · ? help"
    )]
    Run(RunArgs),
    /// Show the sessions you have done, most recent first.
    #[command(after_help = "Examples:\n  knead log\n  knead log --since 7d --area neck\n  \
                            knead log --since 2026-01-01 --format csv > sessions.csv")]
    Log(LogArgs),
    /// Totals, streaks, what each routine did for your tension, and a 12-week calendar.
    #[command(after_help = "Examples:\n  knead stats\n  knead stats --since 4w --format json")]
    Stats(StatsArgs),
    /// Merge the sessions of another log (from another machine) into yours.
    #[command(after_help = "Examples:\n  knead import ~/laptop-sessions.jsonl")]
    Import(ImportArgs),
    /// Say nothing when a session was done today; otherwise nudge, naming the area least
    /// recently worked, and exit 1. For a shell prompt or a login hook.
    #[command(after_help = "Examples:\n  knead due\n  knead due --quiet || echo 'time to knead'")]
    Due(DueArgs),
    /// List the plans: days of sessions and rest days towards one goal.
    #[command(after_help = "Examples:\n  knead plans\n  knead plans --format json")]
    Plans(PlansArgs),
    /// Where you are in the plan you follow; `start` one or `stop` it.
    #[command(
        after_help = "Examples:\n  knead plan start desk-neck-two-weeks\n  knead plan\n  \
                            knead plan stop\n\n\
                            Days follow the calendar from the day you start: a missed day moves the plan on, \
                            and its session is offered once, the next day (unless that is a rest day)."
    )]
    Plan(PlanArgs),
    /// Desktop reminders at set times, started by the system's timer: no knead stays running.
    /// Without a subcommand: post today's reminder now, unless today's session is done.
    #[command(after_help = "Examples:\n  knead remind install --at 10:30,15:00\n  \
                            knead remind install --at 9:00 --weekdays\n  knead remind status\n  \
                            knead remind remove")]
    Remind(RemindArgs),
    /// Record the precautions you have, so every routine leaves out or softens the steps
    /// that do not suit them (with no subcommand, show it).
    #[command(after_help = "Examples:\n  knead profile add blood-thinners\n  \
                            knead profile add recent-surgery --area neck\n  \
                            knead profile remove pregnancy\n  knead profile show\n  knead profile clear\n\n\
                            Precautions: pregnancy, blood-thinners, clot-history, implant, osteoporosis, \
                            high-blood-pressure, recent-surgery (with --area), hand-arthritis, fragile-skin.\n\
                            It adapts the routines; it replaces no clinician's advice.")]
    Profile(ProfileArgs),
    /// Show the settings in effect and where each one comes from.
    #[command(after_help = "Examples:\n  knead config\n  knead --config ~/knead.toml config")]
    Config,
    /// Show the files and folders knead reads and writes.
    #[command(after_help = "Examples:\n  knead paths")]
    Paths,
    /// Check routine and plan files for mistakes, and warn about valid ones that are unwise
    /// (with no path: the built-ins, your routine folders and plans, and the config file).
    #[command(
        after_help = "Examples:\n  knead check ~/.config/knead/routines\n  knead check my-routine.toml\n  \
                            knead check --strict my-routine.toml\n\n\
                            Exit status: 0 when every routine is valid, 1 when any is not (or, with --strict, \
                            when any has a warning), 2 for a usage error."
    )]
    Check(CheckArgs),
    /// Print a completion script for a shell, to be saved where the shell looks for them.
    #[command(
        after_help = "Examples:\n  knead completions bash > ~/.local/share/bash-completion/completions/knead\n  \
                            knead completions zsh > ~/.zfunc/_knead\n  \
                            knead completions fish > ~/.config/fish/completions/knead.fish\n  \
                            knead completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),
    /// Print knead's manual page (roff), or write a page for every command into a folder.
    #[command(after_help = "Examples:\n  knead man | man -l -\n  \
                            knead man --out-dir ~/.local/share/man/man1")]
    Man(ManArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TableOrJson {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ShowFormat {
    #[default]
    Text,
    Json,
    /// The routine as a file: a built-in's own source, or the text of the user's file.
    Toml,
}

#[derive(Debug, Args, Default)]
pub struct ListArgs {
    /// Only routines for this body area (see `knead areas`).
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,
    /// Only routines with this goal: stress, pain, circulation, mood, sleep or recovery.
    #[arg(long, value_name = "GOAL")]
    pub goal: Option<String>,
    /// Only routines that help with this complaint: headache, eye-strain, jaw-clenching,
    /// desk-work, driving, running, heel-pain, restless-legs, period-pain, bloating,
    /// stiff-hands or cant-sleep.
    #[arg(long = "for", value_name = "COMPLAINT")]
    pub complaint: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: TableOrJson,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub action: Option<ProfileAction>,
}

#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Add precautions to your profile.
    Add(ProfileChange),
    /// Remove precautions from your profile (recent-surgery alone removes every area).
    Remove(ProfileChange),
    /// Show your profile and what it changes.
    Show,
    /// Empty your profile (also the way out of a damaged file).
    Clear,
}

#[derive(Debug, Args)]
pub struct ProfileChange {
    /// Precautions: pregnancy, blood-thinners, clot-history, implant, osteoporosis,
    /// high-blood-pressure, recent-surgery, hand-arthritis, fragile-skin.
    #[arg(value_name = "NAME", required = true)]
    pub names: Vec<String>,
    /// The body area of a recent surgery or injury (repeatable), with recent-surgery.
    #[arg(long = "area", value_name = "AREA")]
    pub areas: Vec<String>,
}

#[derive(Debug, Args, Default)]
pub struct AreasArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: TableOrJson,
    /// Draw the body with each area's routine count beside it (the table is the same as text).
    #[arg(long, conflicts_with = "format")]
    pub map: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The routine's id, as `knead list` shows it.
    pub routine: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Routine or plan files, or folders of them; none checks everything in use.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Fail (exit 1) when any routine has a warning, not only when one is invalid.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args, Default)]
pub struct RunArgs {
    /// The routines to run (see `knead list`), back to back as one session with a short
    /// pause between them. Without any, the picker opens.
    #[arg(value_name = "ROUTINE")]
    pub routines: Vec<String>,
    /// A body area (repeatable). Once, without --minutes: the picker opens on it, or its only
    /// routine starts. Several, or with --minutes: knead composes a session for them.
    #[arg(long = "area", value_name = "AREA", conflicts_with = "routines")]
    pub areas: Vec<String>,
    /// Fit the whole session into M minutes (0.1 to 180), scaling every timed part alike.
    /// With --area, knead picks the routines that fit.
    #[arg(long, value_name = "M")]
    pub minutes: Option<f64>,
    /// No terminal bell at each new step.
    #[arg(long)]
    pub no_bell: bool,
    /// Print one line per step instead of the full-screen view (for screen readers and
    /// scripts; chosen automatically when the output is not a terminal).
    #[arg(long)]
    pub plain: bool,
    /// Speak each step aloud (through espeak-ng, espeak, spd-say or say), so the session can
    /// be followed with the eyes closed.
    #[arg(long)]
    pub voice: bool,
    /// The speech program to use, with its arguments, e.g. "espeak-ng -s 140"; the text is
    /// passed as its last argument. Implies --voice.
    #[arg(long, value_name = "COMMAND")]
    pub voice_command: Option<String>,
    /// A soft tick (the terminal bell) at the step's tempo, full screen only.
    #[arg(long)]
    pub metronome: bool,
    /// Do not record this session in the log.
    #[arg(long)]
    pub no_log: bool,
    /// How tense you feel before the session, 0 to 10, for the log (the full-screen view asks).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub tension_before: Option<u8>,
    /// Print the plan (the routines, every step with its scaled seconds, the total) and stop.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LogFormatArg {
    #[default]
    Table,
    Jsonl,
    Csv,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Sessions from this day on: YYYY-MM-DD, or days or weeks ago (7d, 4w).
    #[arg(long, value_name = "DATE")]
    pub since: Option<DateArg>,
    /// Sessions up to this day: YYYY-MM-DD, or days or weeks ago.
    #[arg(long, value_name = "DATE")]
    pub until: Option<DateArg>,
    /// Only sessions that worked this body area.
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,
    /// Only sessions of this routine.
    #[arg(long, value_name = "ID")]
    pub routine: Option<String>,
    /// At most N sessions (0: all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: LogFormatArg,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Count sessions from this day on: YYYY-MM-DD, or days or weeks ago (7d, 4w).
    #[arg(long, value_name = "DATE")]
    pub since: Option<DateArg>,
    #[arg(long, value_enum, default_value_t)]
    pub format: TableOrJson,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A session log (JSON lines) written by knead.
    pub file: PathBuf,
}

#[derive(Debug, Args, Default)]
pub struct DueArgs {
    /// Print nothing; only the exit status tells.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The shells `knead completions` writes a script for. The scripts are made at build time
/// (build.rs, with clap_complete) and carried in the binary, which therefore needs no
/// generator of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Elvish,
    Fish,
    Powershell,
    Zsh,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write knead.1 and a page for each command (knead-run.1, ...) into DIR, creating it.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new routine's id: a-z, 0-9 and '-', 1 to 40 characters. Also its file name.
    pub id: String,
    /// A body area it works on (repeatable; neck when none is given).
    #[arg(long = "area", value_name = "AREA")]
    pub areas: Vec<String>,
    /// What it is meant to help with (repeatable; stress when none is given): stress, pain,
    /// circulation, mood, sleep or recovery.
    #[arg(long = "goal", value_name = "GOAL")]
    pub goals: Vec<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The routine's id, as `knead list` shows it.
    pub id: String,
}

#[derive(Debug, Args, Default)]
pub struct PlansArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: TableOrJson,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub action: Option<PlanAction>,
}

#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// Start a plan today (day 1), in place of any plan that runs.
    Start {
        /// The plan's id, as `knead plans` shows it.
        id: String,
    },
    /// Stop following the plan. The sessions done stay in the log.
    Stop,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    #[command(subcommand)]
    pub action: Option<RemindAction>,
}

#[derive(Debug, Subcommand)]
pub enum RemindAction {
    /// Write a systemd user timer (a launchd agent on macOS) that runs `knead remind` at
    /// these times; elsewhere print the crontab lines to add.
    Install {
        /// Times of day, 24-hour HH:MM, separated by commas (at most 12).
        #[arg(long, value_name = "HH:MM,...", required = true)]
        at: String,
        /// Only Monday to Friday.
        #[arg(long)]
        weekdays: bool,
    },
    /// Say whether reminders are installed, and when they fire.
    Status,
    /// Remove the timer or agent that `install` wrote.
    Remove,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_early_version_is_the_one_clap_prints() {
        let args = |words: &[&str]| words.iter().map(Into::into).collect::<Vec<std::ffi::OsString>>();
        let clap = Cli::command().render_version().to_string();
        assert_eq!(version_only(&args(&["knead", "--version"])), Some(clap.clone()));
        assert_eq!(version_only(&args(&["knead", "-V"])), Some(clap));
        for other in [
            &["knead"][..],
            &["knead", "--version", "list"],
            &["knead", "list", "-V"],
        ] {
            assert_eq!(version_only(&args(other)), None, "{other:?}");
        }
    }

    #[test]
    fn a_command_alone_parses_as_clap_parses_it() {
        let args = |words: &[&str]| words.iter().map(Into::into).collect::<Vec<std::ffi::OsString>>();
        let mut answered = Vec::new();
        for command in Cli::command().get_subcommands() {
            let line = args(&["knead", command.get_name()]);
            if let Some(early) = bare_command(&line) {
                let clap = Cli::try_parse_from(&line).unwrap();
                assert_eq!(format!("{early:?}"), format!("{clap:?}"), "{line:?}");
                answered.push(command.get_name().to_string());
            }
        }
        assert_eq!(answered, ["list", "areas", "due", "plans", "config", "paths"]);
        for other in [
            &["knead"][..],
            &["knead", "help"],
            &["knead", "lis"],
            &["knead", "list", "--format", "json"],
            &["knead", "--config", "x.toml", "due"],
            &["knead", "due", "--quiet"],
        ] {
            assert!(bare_command(&args(other)).is_none(), "{other:?}");
        }
    }
}
