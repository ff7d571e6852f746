//! `knead log`, `knead stats`, `knead import` and `knead due`: the session log's commands. The
//! log (src/log/) chooses the sessions and works out the figures; how they are printed is
//! here, one file per command with more than a line to print.

mod json;
mod session_list;
mod stats;

use std::io::{self, Write};
use std::process::ExitCode;

use chrono::Local;

use super::context::Context;
use super::write_err;
use crate::cli::{DueArgs, ImportArgs, LogArgs, StatsArgs};
use crate::config::Origin;
use crate::error::{Error, Result};
use crate::log::due::{Due, check_due};
use crate::log::error::shown;
use crate::log::import::import_file;
use crate::log::query::{DayRange, LogOptions, select};
use crate::log::stats::gather_stats;
use crate::log::store::{LogFile, LogOrigin, Warning};
use crate::log::worked::worked_areas;
use crate::plan::PlanToday;
use crate::routine::Area;
use crate::text::sanitize;

/// What `knead log` and `knead stats` print when the log holds no session at all.
pub const EMPTY_LOG_MESSAGE: &str = "No sessions logged yet. Run `knead` to start one.";

/// What a failed write of the listing says.
const WRITING: &str = "cannot write the output";

/// Damaged lines are reported as they are met, and reading goes on. A closed stderr is no
/// reason to stop (nor to panic, as `eprintln!` would).
pub fn warn(warning: Warning) {
    let _ = writeln!(
        io::stderr().lock(),
        "knead: warning: {}",
        sanitize(&warning.to_string())
    );
}

pub fn log_file(context: &Context) -> Result<LogFile> {
    let origin = log_origin(&context.settings.log_file.origin);
    Ok(LogFile::new(context.log_file()?, origin))
}

/// Only the platform's own data folder may be created for the log: a folder named in a
/// setting must exist, so that a typo does not quietly start a new log somewhere else.
fn log_origin(origin: &Origin) -> LogOrigin {
    match origin {
        Origin::Default => LogOrigin::Default,
        _ => LogOrigin::Named,
    }
}

pub fn log(args: &LogArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let area: Option<Area> = args.area.as_deref().map(str::parse).transpose()?;
    let now = Local::now();
    // A backwards range is a mistake in the command line: said before the log is opened.
    DayRange::new(args.since, args.until, now.date_naive()).map_err(|e| Error::Usage(e.to_string()))?;
    let options = LogOptions {
        since: args.since,
        until: args.until,
        area,
        routine: args.routine.clone(),
        limit: args.limit,
    };
    let (records, total) = select(&log_file(context)?, &options, &now, warn)?;
    session_list::write(args.format, &records, total, &Local, out).map_err(write_err(WRITING))?;
    Ok(ExitCode::SUCCESS)
}

pub fn stats(args: &StatsArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let figures = gather_stats(&log_file(context)?, args.since, &Local::now(), warn)?;
    let color = super::use_color_on_stdout();
    stats::write(args.format, &figures, color, out).map_err(write_err(WRITING))?;
    Ok(ExitCode::SUCCESS)
}

pub fn import(args: &ImportArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let summary = import_file(
        &log_file(context)?,
        &args.file,
        &Local::now().fixed_offset(),
        warn,
    )?;
    writeln!(out, "Imported {}: {summary}.", shown(&args.file)).map_err(write_err(WRITING))?;
    Ok(ExitCode::SUCCESS)
}

/// Exit 0 in silence when a session was done today (with a plan: today's plan session, or a
/// rest day); otherwise the nudge, with the command that starts a session, and exit 1.
pub fn due(args: &DueArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let library = context.library()?;
    let now = Local::now();
    let nudge = |line: &str, out: &mut dyn Write| -> Result<ExitCode> {
        if !args.quiet {
            writeln!(out, "{}", sanitize(line)).map_err(write_err("writing the nudge"))?;
        }
        Ok(ExitCode::FAILURE)
    };
    if let Some((_, today)) = super::plans::plan_today(context, &library, &now) {
        return match today {
            PlanToday::Nothing => Ok(ExitCode::SUCCESS),
            PlanToday::Session { line, .. } => nudge(&line, out),
        };
    }
    match area_due(context, &library, &now)? {
        Due::DoneToday => Ok(ExitCode::SUCCESS),
        Due::Nudge(found) => {
            let line = found.to_string();
            nudge(
                &format!("{} · knead run --area {}", line.trim_end_matches('.'), found.area),
                out,
            )
        }
    }
}

/// `due` without a plan: the area least recently worked among those this person works (and
/// has routines for); every covered area while the log is empty.
pub fn area_due(
    context: &Context,
    library: &crate::routine::Library,
    now: &chrono::DateTime<Local>,
) -> Result<Due> {
    let log = log_file(context)?;
    let covered = |a: &Area| library.in_area(*a).next().is_some();
    // Its damaged lines are said once, by `check_due`, which reads the same end of the log.
    let mut areas: Vec<Area> = worked_areas(&log, &now.fixed_offset(), |_| ())?
        .into_iter()
        .filter(covered)
        .collect();
    if areas.is_empty() {
        areas = Area::ALL.iter().copied().filter(covered).collect();
    }
    Ok(check_due(&log, &areas, now, warn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_default_location_may_create_its_folder() {
        assert_eq!(log_origin(&Origin::Default), LogOrigin::Default);
        let named = [
            Origin::Flag("--log-file"),
            Origin::Env("KNEAD_LOG_FILE"),
            Origin::File {
                path: "config.toml".into(),
                line: 3,
            },
        ];
        for origin in &named {
            assert_eq!(log_origin(origin), LogOrigin::Named);
        }
    }
}
