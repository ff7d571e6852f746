//! `knead check [PATH...]`: validate routine and plan files without running them, and warn
//! about the valid ones that are unwise (the safety lint). With no path, everything knead
//! runs from: the built-ins, every routine folder in use, your plans and the config file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::context::Context;
use super::{report_problems, write_err};
use crate::cli::{CheckArgs, GlobalArgs};
use crate::error::{Error, Result};
use crate::plan::library::{PlanFile, built_in_plan_files, load_plan_files, looks_like_plan};
use crate::routine::library::{
    FolderNeed, RoutineFile, RoutineFolder, built_in_files, load_routine_files, routine_files,
};
use crate::routine::{FileProblems, Library, Problem};
use crate::system::paths::PlatformDirs;
use crate::toml_check::read_source;

/// What one `check` went through: the files that loaded, those that did not, and how the
/// last line names what was checked.
struct Checked {
    routines: Vec<RoutineFile>,
    plans: Vec<PlanFile>,
    problems: Vec<FileProblems>,
    /// The routine and plan files checked, valid or not.
    files: usize,
    /// "23 built-in routines", "2 routines in ~/.config/knead/routines": what the ok line lists.
    parts: Vec<String>,
    /// The routines the plans were checked against.
    library: Library,
}

pub fn run(args: &CheckArgs, global: &GlobalArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let checked = if args.paths.is_empty() {
        in_use(global)
    } else {
        given(&args.paths)
    };
    let Checked {
        routines,
        plans,
        problems,
        files,
        parts,
        library,
    } = checked;
    // Errors first, as before; then the warnings of the files that are valid, in file order.
    report_problems(&problems, "");
    let mut warned: Vec<FileProblems> = routines.iter().filter_map(RoutineFile::warnings).collect();
    warned.extend(plans.iter().filter_map(|p| p.warnings(&library)));
    report_problems(&warned, "");

    let errors: usize = problems.iter().map(|f| f.problems.len()).sum();
    let warnings: usize = warned.iter().map(|f| f.problems.len()).sum();
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
            plural(files.max(problems.len()), "file"),
        )));
    }
    if args.strict && warnings > 0 {
        return Err(Error::Reported(format!(
            "{} in {} of {}; --strict fails on any warning",
            plural(warnings, "warning"),
            warned.len(),
            plural(files, "file"),
        )));
    }
    let mut summary = format!("ok: {} valid", listed(&parts));
    if warnings > 0 {
        summary += &format!(", {}", plural(warnings, "warning"));
    }
    writeln!(out, "{summary}").map_err(write_err("writing the result"))?;
    Ok(ExitCode::SUCCESS)
}

/// With no path: what knead runs from. The built-in routines and plans, every routine folder
/// in use as the library loads them (yours, the config's, `KNEAD_ROUTINES_DIR`,
/// `--routines-dir`), your plans, and the config file itself, whose problems are reported
/// with the rest rather than stopping the check.
fn in_use(global: &GlobalArgs) -> Checked {
    let (context, config_problems) = Context::reading_config(global);
    let home = context.home.as_deref();
    let (mut routines, mut problems) = built_in_files();
    let mut files = routines.len() + problems.len();
    let mut parts = vec![plural(files, "built-in routine")];
    let mut library = Library::built_in().library;
    for (folder, _) in &context.routine_folders {
        let paths = match routine_files(&folder.path) {
            Ok(paths) => paths,
            Err(e) if e.kind() == io::ErrorKind::NotFound && folder.need == FolderNeed::Optional => continue,
            Err(e) => {
                problems.push(unreadable(&folder.path, e));
                continue;
            }
        };
        let (valid, invalid) = load_routine_files(&paths);
        let count = valid.len() + invalid.len();
        files += count;
        parts.push(format!(
            "{} in {}",
            plural(count, "routine"),
            folder_name(&folder.path, home)
        ));
        // Later folders win, as when the library loads.
        for file in &valid {
            library.insert(file.routine.clone());
        }
        routines.extend(valid);
        problems.extend(invalid);
    }
    let (mut plans, plan_problems) = built_in_plan_files(&library);
    let built_in_plans = plans.len() + plan_problems.len();
    files += built_in_plans;
    parts.push(plural(built_in_plans, "built-in plan"));
    problems.extend(plan_problems);
    if let Some(folder) = &context.user_plans {
        match routine_files(folder) {
            Ok(paths) => {
                let (valid, invalid) = load_plan_files(&paths, &library);
                let count = valid.len() + invalid.len();
                files += count;
                parts.push(format!(
                    "{} in {}",
                    plural(count, "plan"),
                    folder_name(folder, home)
                ));
                plans.extend(valid);
                problems.extend(invalid);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => problems.push(unreadable(folder, e)),
        }
    }
    if let Some(config) = config_problems {
        files += 1;
        problems.insert(0, config);
    }
    Checked {
        routines,
        plans,
        problems,
        files,
        parts,
        library,
    }
}

/// The files and folders named on the command line.
fn given(paths: &[PathBuf]) -> Checked {
    let (routines, problems, checked, plan_paths) = gather(paths);
    // Plans name routines: they are checked against the library they will run from, with
    // the routines checked here in it too.
    let library = plan_library(&routines);
    let (plans, plan_problems) = load_plan_files(&plan_paths, &library);
    let plans_checked = plans.len() + plan_problems.len();
    let parts = match (checked, plans_checked) {
        (_, 0) => vec![plural(checked, "routine")],
        (0, _) => vec![plural(plans_checked, "plan")],
        _ => vec![plural(checked, "routine"), plural(plans_checked, "plan")],
    };
    let mut problems = problems;
    problems.extend(plan_problems);
    Checked {
        routines,
        plans,
        problems,
        files: checked + plans_checked,
        parts,
        library,
    }
}

/// A folder as the ok line names it: under the home folder, from `~`.
fn folder_name(path: &Path, home: Option<&Path>) -> String {
    let shown = match home.and_then(|home| path.strip_prefix(home).ok()) {
        Some(rest) => Path::new("~").join(rest).display().to_string(),
        None => path.display().to_string(),
    };
    crate::text::sanitize(&shown)
}

/// "a", "a and b", "a, b and c".
fn listed(parts: &[String]) -> String {
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
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
