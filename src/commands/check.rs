//! `knead check PATH...`: validate routine files without running them, and warn about the
//! valid ones that are unwise (the safety lint).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{report_problems, write_err};
use crate::cli::CheckArgs;
use crate::error::{Error, Result};
use crate::routine::library::{RoutineFile, built_in_files, load_routine_files, routine_files};
use crate::routine::{FileProblems, Problem};

pub fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let (routines, problems, checked) = if args.paths.is_empty() {
        let (routines, problems) = built_in_files();
        let checked = routines.len() + problems.len();
        (routines, problems, checked)
    } else {
        gather(&args.paths)
    };
    // Errors first, as before; then the warnings of the files that are valid, in file order.
    report_problems(&problems, "");
    let warned: Vec<FileProblems> = routines.iter().filter_map(RoutineFile::warnings).collect();
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
            files(checked),
        )));
    }
    if args.strict && warnings > 0 {
        return Err(Error::Reported(format!(
            "{} in {} of {}; --strict fails on any warning",
            plural(warnings, "warning"),
            warned.len(),
            files(checked),
        )));
    }
    let mut summary = format!("ok: {} valid", plural(checked, "routine"));
    if warnings > 0 {
        summary += &format!(", {}", plural(warnings, "warning"));
    }
    writeln!(out, "{summary}").map_err(write_err("writing the result"))?;
    Ok(ExitCode::SUCCESS)
}

/// The routine files at `paths` (folders stand for the `.toml` files in them), those that
/// cannot be used, and how many files were checked.
fn gather(paths: &[PathBuf]) -> (Vec<RoutineFile>, Vec<FileProblems>, usize) {
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
    let unreadable_folders = problems.len();
    let (routines, file_problems) = load_routine_files(&files);
    problems.extend(file_problems);
    let checked = routines.len() + problems.len() - unreadable_folders;
    (routines, problems, checked)
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
