//! Runs a parsed command line: settles the settings, loads what the command needs, and hands
//! over to the command. Every error comes back up to `main` to be reported once.

mod author;
mod check;
mod choose;
mod context;
mod dry_run;
mod history;
mod list;
mod plans;
mod profile;
mod remind;
mod run;
mod run_options;
mod settings;
mod shell;
mod show;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use crate::cli::{Cli, Command, RunArgs};
use crate::error::{Error, Result};
use crate::routine::FileProblems;
use context::Context;

pub fn run(cli: Cli) -> Result<ExitCode> {
    outlive_file_size_limit();
    let command = match cli.command {
        Some(command) => command,
        // Bare `knead` opens the picker; piped, it has nothing to pick with, so it explains
        // in one line and exits 2, as the picker does on a terminal that cannot show it.
        None if io::stdout().is_terminal() => Command::Run(RunArgs::default()),
        None => {
            return Err(Error::Usage(
                "the picker needs a terminal: `knead list` shows the routines, `knead run ROUTINE` runs one, `knead --help` lists the commands".into(),
            ));
        }
    };
    // Built on demand: `check` needs no settings, so a broken config cannot stop it.
    let context = || Context::new(&cli.global);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match command {
        Command::List(args) => list::list(&args, &context()?.library()?, &mut out),
        Command::Areas(args) => list::areas(&args, &context()?.library()?, &mut out),
        Command::Show(args) => show::run(&args, &context()?.for_you()?, &mut out),
        Command::Check(args) => check::run(&args, &cli.global, &mut out),
        Command::Log(args) => history::log(&args, &context()?, &mut out),
        Command::Stats(args) => history::stats(&args, &context()?, &mut out),
        Command::Import(args) => history::import(&args, &context()?, &mut out),
        Command::Due(args) => history::due(&args, &context()?, &mut out),
        Command::Plans(args) => plans::plans(&args, &context()?, &mut out),
        Command::Plan(args) => plans::plan(&args, &context()?, &mut out),
        Command::Remind(args) => remind::run(&args, &cli.global, &context()?, &mut out),
        Command::Profile(args) => profile::run(&args, &context()?, &mut out),
        Command::Config => settings::config(&context()?, &mut out),
        Command::Paths => settings::paths(&context()?, &mut out),
        Command::New(args) => author::new(&args, &context()?, &mut out),
        Command::Edit(args) => author::edit(&args, &context()?, &mut out),
        Command::Completions(args) => shell::completions(&args, &mut out),
        Command::Man(args) => shell::man(&args, &mut out),
        Command::Run(args) => {
            drop(out);
            return run::run(&args, &context()?);
        }
    }?;
    match out.flush() {
        // The reader has all it wanted (`knead due | true`); the command's answer stands.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(code),
        flushed => flushed.map(|()| code).map_err(Error::io("writing the output")),
    }
}

/// Prints what clap stopped parsing for: the help, the version, or a usage error. clap's own
/// `exit` drops write errors, so `knead --help > /dev/full` would succeed without a word.
/// `knead --version` answered before clap builds its command tree (most of the time such a
/// short run takes), printed and failing as clap's own version output does; `None` for any
/// other command line.
pub fn print_version_only(args: &[std::ffi::OsString]) -> Option<Result<ExitCode>> {
    let version = crate::cli::version_only(args)?;
    let mut out = io::stdout().lock();
    let printed = out.write_all(version.as_bytes()).and_then(|()| out.flush());
    Some(
        printed
            .map(|()| ExitCode::SUCCESS)
            .map_err(Error::io("writing the version")),
    )
}

pub fn print_parse_outcome(err: &clap::Error) -> Result<ExitCode> {
    // clap colours by NO_COLOR and `TERM=dumb` alone; a terminal known to lack colour
    // (`xterm-mono`, `vt100`) gets the plain text too, as from every other command.
    let printed = if crate::tui::theme::colour_allowed() {
        err.print()
    } else if err.use_stderr() {
        write!(io::stderr(), "{}", err.render())
    } else {
        write!(io::stdout(), "{}", err.render())
    }
    .and_then(|()| io::stdout().flush());
    // A usage error goes to stderr, where a failure has nowhere left to be reported.
    if !err.use_stderr() {
        let what = match err.kind() {
            clap::error::ErrorKind::DisplayVersion => "writing the version",
            _ => "writing the help",
        };
        printed.map_err(Error::io(what))?;
    }
    Ok(ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2)))
}

/// Under a file-size limit (`ulimit -f`) a write past it sends SIGXFSZ, whose default kills
/// knead before it can say why or print the record it could not save. With a handler the write
/// fails with EFBIG instead and takes the usual error path.
fn outlive_file_size_limit() {
    #[cfg(unix)]
    {
        let noticed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, noticed);
    }
}

fn report_problems(files: &[FileProblems], verdict: &str) {
    let color = use_color_on_stderr();
    let mut err = io::stderr().lock();
    for file in files {
        let _ = write!(err, "{}", file.render(color));
        if !verdict.is_empty() {
            let _ = writeln!(err, "knead: {verdict} {}", crate::text::sanitize(&file.path));
        }
    }
}

/// Colour on stdout only for a person at a terminal that shows it, who has not asked for none.
pub fn use_color_on_stdout() -> bool {
    io::stdout().is_terminal() && crate::tui::theme::colour_allowed()
}

/// The same for stderr.
pub fn use_color_on_stderr() -> bool {
    io::stderr().is_terminal() && crate::tui::theme::colour_allowed()
}

fn write_err(context: &str) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io {
        context: context.to_string(),
        source,
    }
}
