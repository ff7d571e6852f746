//! `knead plans`, `knead plan [start ID | stop]`: listing the plans, and following one.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Local, TimeZone};
use serde::Serialize;

use super::context::Context;
use super::history::{log_file, warn};
use super::write_err;
use crate::cli::{PlanAction, PlanArgs, PlansArgs, TableOrJson};
use crate::error::{Error, Result};
use crate::plan::{Plan, PlanState, Plans, Running, Today, clear_state, running, write_state};
use crate::routine::{Goal, Library};
use crate::table::Table;

const WRITING: &str = "writing the plans";

#[derive(Serialize)]
struct PlanEntry<'a> {
    id: &'a str,
    name: &'a str,
    goal: Goal,
    summary: &'a str,
    days: usize,
    session_days: usize,
    rest_days: usize,
    source: String,
    following: bool,
}

pub fn plans(args: &PlansArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let library = context.library()?;
    let plans = context.plans(&library);
    let following = crate::plan::read_state(&context.plan_state_file()?)
        .ok()
        .flatten()
        .map(|s| s.plan);
    let is_followed = |p: &Plan| following.as_deref() == Some(p.id.as_str());
    match args.format {
        TableOrJson::Json => {
            let entries: Vec<PlanEntry> = plans
                .iter()
                .map(|p| PlanEntry {
                    id: &p.id,
                    name: &p.name,
                    goal: p.goal,
                    summary: &p.summary,
                    days: p.days.len(),
                    session_days: p.session_days(),
                    rest_days: p.rest_days(),
                    source: p.source.to_string(),
                    following: is_followed(p),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &entries)
                .map_err(std::io::Error::from)
                .map_err(write_err(WRITING))?;
            writeln!(out).map_err(write_err(WRITING))?;
        }
        TableOrJson::Table => {
            let mut table = Table::new(["ID", "DAYS", "REST", "GOAL", "NAME"]).align_right(&[1, 2]);
            for p in plans.iter() {
                let mark = if is_followed(p) { " (following)" } else { "" };
                table.row(vec![
                    p.id.clone(),
                    p.days.len().to_string(),
                    p.rest_days().to_string(),
                    p.goal.to_string(),
                    format!("{}{mark}", p.name),
                ]);
            }
            table.write(out).map_err(write_err(WRITING))?;
            let hint = match plans.iter().next() {
                Some(first) if following.is_none() => format!("\nStart one: knead plan start {}", first.id),
                _ => "\nWhere you are: knead plan".to_string(),
            };
            writeln!(out, "{hint}").map_err(write_err(WRITING))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn plan(args: &PlanArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let library = context.library()?;
    let plans = context.plans(&library);
    let now = Local::now();
    match &args.action {
        None => status(context, &library, &plans, &now, out),
        Some(PlanAction::Start { id }) => start(context, &library, &plans, id, &now, out),
        Some(PlanAction::Stop) => stop(context, &plans, &now, out),
    }
}

fn current<Tz: TimeZone>(context: &Context, plans: &Plans, now: &DateTime<Tz>) -> Result<Option<Running>> {
    Ok(running(
        &context.plan_state_file()?,
        plans,
        &log_file(context)?,
        now,
        warn,
    )?)
}

fn status<Tz: TimeZone>(
    context: &Context,
    library: &Library,
    plans: &Plans,
    now: &DateTime<Tz>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let Some(running) = current(context, plans, now)? else {
        let first = plans.iter().next().map_or("ID", |p| p.id.as_str());
        writeln!(
            out,
            "No plan is running. `knead plans` lists them; `knead plan start {first}` starts one."
        )
        .map_err(write_err(WRITING))?;
        return Ok(ExitCode::SUCCESS);
    };
    write_status(&running, library, out).map_err(write_err(WRITING))?;
    Ok(ExitCode::SUCCESS)
}

/// Where the person stands: the plan, today, the offer of a missed session, the days done.
pub fn write_status(running: &Running, library: &Library, out: &mut dyn Write) -> std::io::Result<()> {
    let plan = &running.plan;
    let p = &running.progress;
    writeln!(
        out,
        "{} ({}): {}, started {}.",
        plan.name,
        plan.id,
        running.where_now(),
        running.started.format("%Y-%m-%d")
    )?;
    match p.today {
        Today::Session { index, done } => {
            let session = plan.days[index].session.as_ref().expect("a session day");
            let state = if done { " (done)" } else { "" };
            writeln!(
                out,
                "Today: {}{state} · {}",
                session.title(library),
                session.command()
            )?;
            writeln!(out, "       {}", plan.days[index].note)?;
        }
        Today::Rest { index } => writeln!(out, "Today (a rest day): {}", plan.days[index].note)?,
        Today::Finished => {}
    }
    if let Some(index) = p.missed
        && let Some(session) = &plan.days[index].session
    {
        writeln!(
            out,
            "Yesterday's session is here if you want it today: {} · {}",
            session.title(library),
            session.command()
        )?;
    }
    let (done, asked) = p.sessions_done(plan);
    match p.today {
        Today::Finished => writeln!(
            out,
            "Finished: {done} of {asked} session days done. `knead plan start ID` for another, `knead plan stop` to end it."
        )?,
        _ => writeln!(
            out,
            "Session days done: {done} of {asked} so far ({} in the plan).",
            plan.session_days()
        )?,
    }
    writeln!(out, "Days: {}", day_strip(running))
}

/// One mark a day: `✓` done, `·` a session not done, `r` rest, `[ ]` around today, `_` to come.
fn day_strip(running: &Running) -> String {
    let p = &running.progress;
    let today = p.day - 1;
    running
        .plan
        .days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let mark = match (day.session.is_some(), p.done.get(i).copied()) {
                (false, _) => "r",
                (true, Some(true)) => "✓",
                (true, _) if i < today => "·",
                (true, _) => "_",
            };
            if i == today {
                format!("[{mark}]")
            } else {
                mark.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn start<Tz: TimeZone>(
    context: &Context,
    library: &Library,
    plans: &Plans,
    id: &str,
    now: &DateTime<Tz>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let Some(plan) = plans.get(id) else {
        let hint = match plans.closest_id(id) {
            Some(near) => format!("; did you mean `{near}`?"),
            None => String::new(),
        };
        return Err(Error::Usage(format!(
            "no plan {:?}{hint} `knead plans` lists them",
            crate::text::sanitize(id)
        )));
    };
    let state_file = context.plan_state_file()?;
    // The plan it replaces, named so the switch is not a surprise.
    if let Ok(Some(old)) = current(context, plans, now)
        && old.plan.id != plan.id
    {
        writeln!(out, "Stopped {} ({}).", old.plan.name, old.where_now()).map_err(write_err(WRITING))?;
    }
    write_state(
        &state_file,
        &PlanState {
            plan: plan.id.clone(),
            started: now.date_naive(),
        },
    )
    .map_err(crate::plan::PlanError::from)?;
    writeln!(
        out,
        "Started {}: {} days, {} of them rest days.",
        plan.name,
        plan.days.len(),
        plan.rest_days()
    )
    .map_err(write_err(WRITING))?;
    if let Some(running) = current(context, plans, now)? {
        write_status(&running, library, out).map_err(write_err(WRITING))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn stop<Tz: TimeZone>(
    context: &Context,
    plans: &Plans,
    now: &DateTime<Tz>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let state_file = context.plan_state_file()?;
    // A damaged state or a vanished plan is still stopped: that is the way out of both.
    let was = current(context, plans, now).ok().flatten();
    let had = clear_state(&state_file).map_err(crate::plan::PlanError::from)?;
    let line = match (had, was) {
        (_, Some(was)) => {
            let (done, asked) = was.progress.sessions_done(&was.plan);
            format!(
                "Stopped {} on {}, {done} of {asked} session days done. Your sessions stay in the log.",
                was.plan.name,
                was.where_now()
            )
        }
        (true, None) => "Stopped the plan.".to_string(),
        (false, None) => "No plan is running.".to_string(),
    };
    writeln!(out, "{line}").map_err(write_err(WRITING))?;
    Ok(ExitCode::SUCCESS)
}

/// What the plan asks of today, for `due` and the reminder; `None` when no plan runs or it
/// cannot be read (said on stderr: the plain nudge still works).
pub fn plan_today<Tz: TimeZone>(
    context: &Context,
    library: &Library,
    now: &DateTime<Tz>,
) -> Option<(Running, crate::plan::PlanToday)> {
    let state_file = context.plan_state_file().ok()?;
    if !state_file.exists() {
        return None;
    }
    let plans = context.plans(library);
    let log = log_file(context).ok()?;
    match running(&state_file, &plans, &log, now, warn) {
        Ok(Some(running)) if running.progress.today != Today::Finished => {
            let today = running.today(library);
            Some((running, today))
        }
        Ok(_) => None,
        Err(e) => {
            warn_line(&e.to_string());
            None
        }
    }
}

fn warn_line(text: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "knead: warning: {}",
        crate::text::sanitize(text)
    );
}
