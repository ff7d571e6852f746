//! `knead log`, `knead stats`, `knead import` and `knead due`: the session log's commands.

use std::io::Write;
use std::process::ExitCode;

use chrono::Local;

use super::context::Context;
use crate::cli::{DueArgs, ImportArgs, LogArgs, LogFormatArg, StatsArgs, TableOrJson};
use crate::error::Result;
use crate::log::due::{Due, check_due};
use crate::log::import::print_import;
use crate::log::query::{LogFormat, LogOptions, print_log};
use crate::log::stats::{StatsFormat, StatsOptions, print_stats};
use crate::log::store::{LogFile, LogOrigin, Warning};
use crate::routine::Area;

/// Damaged lines are reported as they are met, and reading goes on.
pub fn warn(warning: Warning) {
    eprintln!("knead: warning: {}", crate::text::sanitize(&warning.to_string()));
}

pub fn log_file(context: &Context) -> Result<LogFile> {
    let origin = LogOrigin::from(&context.settings.log_file.origin);
    Ok(LogFile::new(context.log_file()?, origin))
}

pub fn log(args: &LogArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let area: Option<Area> = args.area.as_deref().map(str::parse).transpose()?;
    let options = LogOptions {
        since: args.since,
        until: args.until,
        area,
        routine: args.routine.clone(),
        limit: args.limit,
        format: match args.format {
            LogFormatArg::Table => LogFormat::Table,
            LogFormatArg::Jsonl => LogFormat::Jsonl,
            LogFormatArg::Csv => LogFormat::Csv,
        },
    };
    print_log(&log_file(context)?, &options, &Local::now(), &mut &mut *out, warn)?;
    Ok(ExitCode::SUCCESS)
}

pub fn stats(args: &StatsArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let options = StatsOptions {
        since: args.since,
        format: match args.format {
            TableOrJson::Table => StatsFormat::Table,
            TableOrJson::Json => StatsFormat::Json,
        },
        color: super::use_color_on_stdout(),
    };
    print_stats(&log_file(context)?, &options, &Local::now(), &mut &mut *out, warn)?;
    Ok(ExitCode::SUCCESS)
}

pub fn import(args: &ImportArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    print_import(&log_file(context)?, &args.file, &mut &mut *out, warn)?;
    Ok(ExitCode::SUCCESS)
}

/// Exit 0 in silence when a session was done today; otherwise the nudge and exit 1.
pub fn due(args: &DueArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    // Only areas the person has routines for: an area nothing covers can never be "due".
    let library = context.library()?;
    let areas: Vec<Area> = Area::ALL
        .iter()
        .copied()
        .filter(|&a| library.in_area(a).next().is_some())
        .collect();
    match check_due(&log_file(context)?, &areas, &Local::now(), warn)? {
        Due::DoneToday => Ok(ExitCode::SUCCESS),
        nudge => {
            if !args.quiet
                && let Some(line) = nudge.message()
            {
                writeln!(out, "{line}").map_err(super::write_err("writing the nudge"))?;
            }
            Ok(ExitCode::FAILURE)
        }
    }
}
