//! Runs a parsed command line: settles the settings, loads what the command needs, and hands
//! over to the command. Every error comes back up to `main` to be reported once.

mod check;
mod list;
mod run;
mod show;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, Command, GlobalArgs, RunArgs};
use crate::error::{Error, Result};
use crate::paths::PlatformDirs;
use crate::routine::library::RoutineFolder;
use crate::routine::{FileProblems, Library};

pub fn run(cli: Cli) -> Result<ExitCode> {
    let dirs = PlatformDirs::detect();
    let command = match cli.command {
        Some(command) => command,
        // Bare `knead` opens the picker; piped, it has nothing to pick with, so it explains.
        None if io::stdout().is_terminal() => Command::Run(RunArgs::default()),
        None => {
            let mut out = io::stdout().lock();
            Cli::command()
                .write_long_help(&mut out)
                .map_err(Error::io("writing the help"))?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match command {
        Command::List(args) => list::list(&args, &load_library(&cli.global, &dirs)?, &mut out),
        Command::Areas(args) => list::areas(&args, &load_library(&cli.global, &dirs)?, &mut out),
        Command::Show(args) => show::run(&args, &load_library(&cli.global, &dirs)?, &mut out),
        Command::Check(args) => check::run(&args, &mut out),
        Command::Run(args) => {
            drop(out);
            return run::run(&args, &load_library(&cli.global, &dirs)?);
        }
    }?;
    out.flush().map_err(Error::io("writing the output"))?;
    Ok(code)
}

/// The folders routines load from, in order: the platform's, then `KNEAD_ROUTINES_DIR`, then
/// each `--routines-dir`.
fn routine_folders(global: &GlobalArgs, dirs: &PlatformDirs) -> Vec<RoutineFolder> {
    let mut folders: Vec<RoutineFolder> = dirs
        .routines()
        .map(|path| RoutineFolder {
            path,
            must_exist: false,
        })
        .into_iter()
        .collect();
    let from_env: Vec<PathBuf> = std::env::var_os("KNEAD_ROUTINES_DIR")
        .map(|value| {
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    folders.extend(
        from_env
            .into_iter()
            .chain(global.routines_dirs.iter().cloned())
            .map(|path| RoutineFolder {
                path,
                must_exist: true,
            }),
    );
    folders
}

/// Loads the library; files that fail to load are reported on stderr and skipped, so one
/// broken file never hides the rest.
fn load_library(global: &GlobalArgs, dirs: &PlatformDirs) -> Result<Library> {
    let loaded = Library::load(&routine_folders(global, dirs))?;
    report_problems(&loaded.skipped, "skipped");
    Ok(loaded.library)
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

/// Colour only for a person at a terminal who has not asked for none (https://no-color.org).
pub fn use_color_on_stderr() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn write_err(context: &str) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io {
        context: context.to_string(),
        source,
    }
}
