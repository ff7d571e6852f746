//! `knead check PATH...`: validate routine files without running them, and warn about the
//! valid ones that are unwise (the safety lint).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{report_problems, write_err};
use crate::cli::CheckArgs;
use crate::error::{Error, Result};
use crate::paths::PlatformDirs;
use crate::plan::library::{built_in_plan_files, load_plan_files, looks_like_plan};
use crate::routine::library::{
    FolderNeed, RoutineFile, RoutineFolder, built_in_files, load_routine_files, routine_files,
};
use crate::routine::{FileProblems, Library, Problem};
use crate::toml_check::read_source;

pub fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let (routines, mut problems, checked, plan_paths) = if args.paths.is_empty() {
        let (routines, problems) = built_in_files();
        let checked = routines.len() + problems.len();
        (routines, problems, checked, None)
    } else {
        let (routines, problems, checked, plan_paths) = gather(&args.paths);
        (routines, problems, checked, Some(plan_paths))
    };
    // Plans name routines: they are checked against the library they will run from, with
    // the routines checked here in it too.
    let library = plan_library(&routines);
    let (plans, plan_problems) = match &plan_paths {
        None => built_in_plan_files(&library),
        Some(paths) => load_plan_files(paths, &library),
    };
    let plans_checked = plans.len() + plan_problems.len();
    problems.extend(plan_problems);
    // Errors first, as before; then the warnings of the files that are valid, in file order.
    report_problems(&problems, "");
    let mut warned: Vec<FileProblems> = routines.iter().filter_map(RoutineFile::warnings).collect();
    warned.extend(plans.iter().filter_map(|p| p.warnings(&library)));
    report_problems(&warned, "");

    let errors: usize = problems.iter().map(|f| f.problems.len()).sum();
    let warnings: usize = warned.iter().map(|f| f.problems.len()).sum();
    let files = |n: usize| plural(n, "file");
    if !problems.is_empty() {
        let also = if warnings > 0 {
            format!(", and {}", plural(warnings, "warning"))
        } else {
            String::new()
        };
        return Err(Error::Reported(format!(
            "{} in {} of {}{also}",
            plural(errors, "problem"),
            problems.len(),
            files(checked + plans_checked),
        )));
    }
    if args.strict && warnings > 0 {
        return Err(Error::Reported(format!(
            "{} in {} of {}; --strict fails on any warning",
            plural(warnings, "warning"),
            warned.len(),
            files(checked + plans_checked),
        )));
    }
    let mut summary = match (checked, plans_checked) {
        (_, 0) => format!("ok: {} valid", plural(checked, "routine")),
        (0, _) => format!("ok: {} valid", plural(plans_checked, "plan")),
        _ => format!(
            "ok: {} and {} valid",
            plural(checked, "routine"),
            plural(plans_checked, "plan")
        ),
    };
    if warnings > 0 {
        summary += &format!(", {}", plural(warnings, "warning"));
    }
    writeln!(out, "{summary}").map_err(write_err("writing the result"))?;
    Ok(ExitCode::SUCCESS)
}

/// The built-in routines, the person's own, and the routines being checked, which win.
fn plan_library(checked: &[RoutineFile]) -> Library {
    let folders: Vec<RoutineFolder> = PlatformDirs::detect()
        .routines()
        .map(|path| RoutineFolder {
            path,
            need: FolderNeed::Optional,
        })
        .into_iter()
        .collect();
    let mut library = Library::load(&folders).map_or_else(|_| Library::built_in().library, |l| l.library);
    for file in checked {
        library.insert(file.routine.clone());
    }
    library
}

/// The routine files at `paths` (folders stand for the `.toml` files in them), those that
/// cannot be used, how many routine files were checked, and the plan files among them (a
/// file with `days` and no `steps`).
fn gather(paths: &[PathBuf]) -> (Vec<RoutineFile>, Vec<FileProblems>, usize, Vec<PathBuf>) {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut problems: Vec<FileProblems> = Vec::new();
    for path in paths {
        if path.is_dir() {
            match routine_files(path) {
                Ok(found) => files.extend(found),
                Err(e) => problems.push(unreadable(path, e)),
            }
        } else {
            files.push(path.clone());
        }
    }
    // The same file named twice (`check a.toml a.toml`, or a file and its folder) is one
    // file, not two routines with the same id.
    let mut met = std::collections::HashSet::new();
    files.retain(|f| met.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    let (plans, files): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|path| {
        // Read as every TOML file is (a named pipe is refused, not waited on); one that
        // cannot be read goes with the routines, whose check says why.
        read_source(path, "a routine or plan file").is_ok_and(|text| looks_like_plan(&text))
    });
    let unreadable_folders = problems.len();
    let (routines, file_problems) = load_routine_files(&files);
    problems.extend(file_problems);
    let checked = routines.len() + problems.len() - unreadable_folders;
    (routines, problems, checked, plans)
}

/// "1 warning", "2 warnings".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn unreadable(path: &std::path::Path, e: std::io::Error) -> FileProblems {
    FileProblems {
        path: path.display().to_string(),
        source: String::new(),
        problems: vec![Problem::whole_file(format!("cannot read the folder: {e}"))],
    }
}
