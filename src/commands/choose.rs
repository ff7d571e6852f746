//! What `knead run` runs: the routines named, the one routine of an area, a session composed
//! for areas and minutes, or the picker; with the notes that say why when knead chose.

use chrono::{DateTime, Local};

use super::context::ForYou;
use super::history;
use super::run_options::RunOptions;
use super::show::find;
use crate::error::{Error, Result};
use crate::log::digest::Digest;
use crate::log::store::LogFile;
use crate::routine::{Area, Routine};
use crate::session::{Plan, words};
use crate::suggest::compose::{ComposeError, Composition, compose, spoken};
use crate::tui::app::Start;

/// Where the session begins, and what choosing it learnt on the way.
pub struct Chosen {
    pub start: Start,
    /// Why the routines are these, when knead composed them: printed before the session.
    pub notes: Vec<String>,
    /// The log's figures, when composing read them.
    pub read: Option<Digest>,
}

impl Chosen {
    /// The routines to run; the picker has none.
    pub fn routines(&self) -> Option<&[Routine]> {
        match &self.start {
            Start::Routines(routines) => Some(routines),
            Start::Picker { .. } => None,
        }
    }
}

/// Chooses from the library fitted to the health profile; `log` is read only to compose.
pub fn choose(
    options: &RunOptions,
    for_you: &ForYou,
    log: Option<&LogFile>,
    now: &DateTime<Local>,
) -> Result<Chosen> {
    let library = &for_you.library;
    let mut notes: Vec<String> = Vec::new();
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
            read = log.map(|log| Digest::read(log, now, history::warn)).transpose()?;
            let history = read.as_ref().map(Digest::routine_history).unwrap_or_default();
            let composition = compose(library, areas, options.minutes, &history, now).map_err(|e| match e {
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
            notes = composition_notes(&composition, areas, options.minutes);
            Start::Routines(composition.chosen.iter().map(|c| c.routine.clone()).collect())
        }
        (ids, _) => Start::Routines(named(for_you, ids)?),
    };
    let chosen = Chosen { start, notes, read };
    warn_if_squeezed(&chosen, options);
    Ok(chosen)
}

/// Routines named with --minutes: says first if the minutes squeeze a pressing step, and
/// how to do better. A composed session already keeps every routine to half its length.
fn warn_if_squeezed(chosen: &Chosen, options: &RunOptions) {
    if let (Some(routines), Some(minutes), false) =
        (chosen.routines(), options.minutes, options.routines.is_empty())
    {
        let plan = Plan::new(routines, &options.timing, Some(minutes));
        if let Some((step, length)) = plan.squeezed_pressing_pass(routines) {
            eprintln!("knead: {}", words::squeezed(minutes, step, length, routines));
        }
    }
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
pub fn minutes_text(minutes: f64) -> String {
    if minutes == 1.0 {
        "1 minute".to_string()
    } else {
        format!("{minutes} minutes")
    }
}
