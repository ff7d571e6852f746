//! `knead list` and `knead areas`.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::write_err;
use crate::cli::{AreasArgs, ListArgs, TableOrJson};
use crate::error::Result;
use crate::routine::{Area, Complaint, Goal, Library, Routine, format_length};
use crate::table::Table;
use crate::tui::area_map::area_map;

#[derive(Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    name: &'a str,
    summary: &'a str,
    areas: &'a [Area],
    goals: &'a [Goal],
    helps: &'a [Complaint],
    seconds: u32,
    steps: usize,
    source: String,
}

pub fn list(args: &ListArgs, library: &Library, out: &mut dyn Write) -> Result<ExitCode> {
    let area: Option<Area> = args.area.as_deref().map(str::parse).transpose()?;
    let goal: Option<Goal> = args.goal.as_deref().map(str::parse).transpose()?;
    let complaint: Option<Complaint> = args.complaint.as_deref().map(str::parse).transpose()?;
    let chosen: Vec<&Routine> = library
        .routines()
        .iter()
        .filter(|r| {
            area.is_none_or(|a| r.has_area(a))
                && goal.is_none_or(|g| r.has_goal(g))
                && complaint.is_none_or(|c| r.helps.contains(&c))
        })
        .collect();
    match args.format {
        TableOrJson::Json => {
            let entries: Vec<ListEntry> = chosen
                .iter()
                .map(|r| ListEntry {
                    id: &r.id,
                    name: &r.name,
                    summary: &r.summary,
                    areas: &r.areas,
                    goals: &r.goals,
                    helps: &r.helps,
                    seconds: r.planned_seconds(),
                    steps: r.steps.len(),
                    source: r.source.to_string(),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &entries)
                .map_err(std::io::Error::from)
                .map_err(write_err("writing JSON"))?;
            writeln!(out).map_err(write_err("writing the list"))?;
        }
        TableOrJson::Table if chosen.is_empty() => {
            writeln!(
                out,
                "No routines match. `knead areas` shows which areas have routines."
            )
            .map_err(write_err("writing the list"))?;
        }
        TableOrJson::Table => {
            let mut table = Table::new(["ID", "NAME", "AREAS", "GOALS", "LENGTH", "STEPS", "SOURCE"]);
            for r in chosen {
                table.row(vec![
                    r.id.clone(),
                    r.name.to_string(),
                    join(&r.areas),
                    join(&r.goals),
                    format_length(r.planned_seconds()),
                    r.steps.len().to_string(),
                    r.source.to_string(),
                ]);
            }
            table.write(out).map_err(write_err("writing the list"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

#[derive(Serialize)]
struct AreaEntry {
    area: Area,
    routines: usize,
}

pub fn areas(args: &AreasArgs, library: &Library, out: &mut dyn Write) -> Result<ExitCode> {
    let entries: Vec<AreaEntry> = Area::ALL
        .iter()
        .map(|&area| AreaEntry {
            area,
            routines: library.in_area(area).count(),
        })
        .collect();
    match args.format {
        _ if args.map => {
            let counts: Vec<(Area, usize)> = entries.iter().map(|e| (e.area, e.routines)).collect();
            out.write_all(area_map(&counts, super::use_color_on_stdout()).as_bytes())
                .map_err(write_err("writing the map"))?;
        }
        TableOrJson::Json => {
            serde_json::to_writer_pretty(&mut *out, &entries)
                .map_err(std::io::Error::from)
                .map_err(write_err("writing JSON"))?;
            writeln!(out).map_err(write_err("writing the areas"))?;
        }
        TableOrJson::Table => {
            let mut table = Table::new(["AREA", "ROUTINES"]);
            for entry in entries {
                table.row(vec![entry.area.to_string(), entry.routines.to_string()]);
            }
            table.write(out).map_err(write_err("writing the areas"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
