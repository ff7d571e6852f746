//! `knead new` and `knead edit`: writing routines of one's own.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::context::Context;
use super::show::find;
use super::{report_problems, write_err};
use crate::cli::{EditArgs, NewArgs};
use crate::error::{Error, Result};
use crate::routine::library::{
    RoutineFile, built_in_text, load_routine_files, parse_routine_file, read_routine_file, routine_files,
};
use crate::routine::parse::id_problem;
use crate::routine::template::new_routine_text;
use crate::routine::{Area, FileProblems, Goal, Library, Routine, Source, format_length};
use crate::system::editor::EditorError;
use crate::text::sanitize;
use crate::toml_check::read_source;

pub fn new(args: &NewArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    check_id(&args.id)?;
    let areas: Vec<Area> = args.areas.iter().map(|a| a.parse()).collect::<Result<_, _>>()?;
    let goals: Vec<Goal> = args.goals.iter().map(|g| g.parse()).collect::<Result<_, _>>()?;
    let library = context.library()?;
    if let Some(existing) = library.get(&args.id) {
        return Err(Error::Usage(match &existing.source {
            Source::BuiltIn => format!(
                "`{id}` is a built-in routine; `knead edit {id}` makes a copy of it for you to \
                 change, or choose another id",
                id = args.id
            ),
            Source::File(path) => format!(
                "the routine `{id}` already exists in {}; `knead edit {id}` opens it, or choose \
                 another id",
                shown(path),
                id = args.id
            ),
        }));
    }
    let dir = context.user_routines()?;
    let path = dir.join(format!("{}.toml", args.id));
    let text = new_routine_text(&args.id, &areas, &goals);
    write_new_file(&path, &text, &args.id)?;
    // The template is written to be gentle, but the lint is the judge of that, as it is for
    // every file a person edits.
    let checked = parse_routine_file(
        path.display().to_string(),
        text.into(),
        &args.id,
        Source::File(path.clone()),
    );
    match checked {
        Ok(file) => report_problems(file.warnings().as_slice(), ""),
        Err(problems) => report_problems(std::slice::from_ref(&problems), ""),
    }
    writeln!(out, "Created {}", shown(&path))
        .and_then(|()| {
            writeln!(
                out,
                "Change it with `knead edit {id}`, try it with `knead run {id}`.",
                id = args.id
            )
        })
        .map_err(write_err("writing the result"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn edit(args: &EditArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let id = args.id.as_str();
    // Checked before the id becomes part of a path: `../x` must not reach the file system.
    check_id(id)?;
    // The file being edited may be the one that fails to load; its problems are shown after
    // the editor closes, not twice.
    let library = context.library_quietly()?;
    // Before a built-in is copied: a copy no editor can open would be left behind.
    let editor = context
        .editor
        .as_ref()
        .map_err(|bad| Error::Reported(bad.to_string()))?;
    let (path, copied_from) = file_to_edit(id, &library, context, out)?;
    out.flush().map_err(write_err("writing the output"))?;
    match editor.edit(&path) {
        Ok(()) => {}
        Err(start @ EditorError::Start { .. }) => {
            if copied_from.is_some() {
                let _ = fs::remove_file(&path);
            }
            return Err(Error::Reported(start.to_string()));
        }
        // Whatever the editor's verdict, the file is what it is now: check it.
        Err(failed @ EditorError::Failed { .. }) => {
            eprintln!("knead: warning: {failed}; checking the file as it is");
        }
    }
    if !path.exists() {
        // The editor deleted (or moved) it: `knead edit` would find no routine to open.
        let built_in = if copied_from.is_some() {
            format!("; the built-in `{id}` stays in use")
        } else {
            format!("; `knead new {id}` starts it over")
        };
        return Err(Error::Reported(format!(
            "{} is gone: the editor removed it{built_in}",
            shown(&path)
        )));
    }
    if let Some(original) = copied_from
        && read_source(&path, "a routine file").is_ok_and(|text| text == original)
    {
        // An untouched copy would pin the routine to this version of the built-in.
        fs::remove_file(&path).map_err(Error::io(format!("removing {}", shown(&path))))?;
        writeln!(
            out,
            "No changes: removed the copy, so the built-in `{id}` stays in use."
        )
        .map_err(write_err("writing the result"))?;
        return Ok(ExitCode::SUCCESS);
    }
    match check_edited(&path) {
        Ok(file) => {
            let warnings = file.warnings();
            report_problems(warnings.as_slice(), "");
            let warned = match warnings.map_or(0, |w| w.problems.len()) {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            let routine = &file.routine;
            writeln!(
                out,
                "ok: {} is valid: {} ({}), {} step{}, {}{warned}",
                shown(&path),
                routine.name,
                routine.id,
                routine.steps.len(),
                if routine.steps.len() == 1 { "" } else { "s" },
                format_length(routine.planned_seconds())
            )
            .map_err(write_err("writing the result"))?;
            if routine.id != id {
                writeln!(
                    out,
                    "note: the file now defines `{}`; `knead run {}` runs it",
                    routine.id, routine.id
                )
                .map_err(write_err("writing the result"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            report_problems(std::slice::from_ref(&problems), "");
            let count = problems.problems.len();
            Err(Error::Reported(format!(
                "{count} problem{} in {}; `knead edit {id}` to fix {}",
                if count == 1 { "" } else { "s" },
                shown(&path),
                if count == 1 { "it" } else { "them" },
            )))
        }
    }
}

/// The file that holds routine `id`, and the built-in text when it was copied just now.
///
/// A file of the person's own wins over a built-in; a file named `ID.toml` in their folder
/// is opened even when it does not load (it may be broken, which is why they are editing
/// it), and is never replaced.
fn file_to_edit(
    id: &str,
    library: &Library,
    context: &Context,
    out: &mut dyn Write,
) -> Result<(PathBuf, Option<&'static str>)> {
    if let Some(Routine {
        source: Source::File(path),
        ..
    }) = library.get(id)
    {
        return Ok((path.clone(), None));
    }
    let own = context.user_routines()?.join(format!("{id}.toml"));
    if own.exists() {
        return Ok((own, None));
    }
    let routine = find(library, id)?;
    let text = built_in_text(&routine.id)
        .ok_or_else(|| Error::Usage(format!("no built-in routine `{id}` to copy")))?;
    write_new_file(&own, text, id)?;
    writeln!(
        out,
        "Copied the built-in `{id}` to {}; your copy replaces it.",
        shown(&own)
    )
    .map_err(write_err("writing the output"))?;
    Ok((own, Some(text)))
}

/// Checks the file as `check` would, and also against the other files in its folder, where
/// a second routine with the same id would be skipped.
fn check_edited(path: &Path) -> Result<RoutineFile, FileProblems> {
    let mut files: Vec<PathBuf> = path
        .parent()
        .and_then(|dir| routine_files(dir).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p != path)
        .collect();
    // Last, so that a clash is reported at this file, not at the one already there.
    files.push(path.to_path_buf());
    let (mut routines, problems) = load_routine_files(&files);
    let shown_path = path.display().to_string();
    if let Some(mine) = problems.into_iter().find(|p| p.path == shown_path) {
        return Err(mine);
    }
    match routines
        .iter()
        .position(|f| f.routine.source == Source::File(path.to_path_buf()))
    {
        Some(i) => Ok(routines.swap_remove(i)),
        // Not a `.toml` file in a folder listing: check it on its own.
        None => read_routine_file(path),
    }
}

fn check_id(id: &str) -> Result<()> {
    match id_problem(id) {
        None => Ok(()),
        Some(why) => Err(Error::Usage(format!(
            "{:?} is not a valid routine id: {why}",
            sanitize(id)
        ))),
    }
}

/// Writes a file that must not exist yet, creating its folder. The check and the creation
/// are one step, so two knead processes cannot both think they made it.
fn write_new_file(path: &Path, text: &str, id: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(Error::io(format!("creating the folder {}", shown(dir))))?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(Error::Usage(format!(
                "{} already exists and knead will not overwrite it; `knead edit {id}` opens it",
                shown(path)
            )));
        }
        Err(e) => return Err(Error::io(format!("creating {}", shown(path)))(e)),
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(Error::io(format!("writing {}", shown(path))))
}

fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string())
}
