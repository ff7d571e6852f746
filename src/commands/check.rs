//! `knead check PATH...`: validate routine files without running them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{report_problems, write_err};
use crate::cli::CheckArgs;
use crate::error::{Error, Result};
use crate::routine::library::{load_files, routine_files};
use crate::routine::{FileProblems, Library, Problem};

pub fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let (checked, problems) = if args.paths.is_empty() {
        let loaded = Library::built_in();
        (
            loaded.library.routines().len() + loaded.skipped.len(),
            loaded.skipped,
        )
    } else {
        let mut files: Vec<PathBuf> = Vec::new();
        let mut problems: Vec<FileProblems> = Vec::new();
        for path in &args.paths {
            if path.is_dir() {
                match routine_files(path) {
                    Ok(found) => files.extend(found),
                    Err(e) => problems.push(unreadable(path, e)),
                }
            } else {
                files.push(path.clone());
            }
        }
        let unreadable_folders = problems.len();
        let (routines, file_problems) = load_files(&files);
        problems.extend(file_problems);
        (routines.len() + problems.len() - unreadable_folders, problems)
    };
    report_problems(&problems, "");
    let errors: usize = problems.iter().map(|f| f.problems.len()).sum();
    if problems.is_empty() {
        writeln!(
            out,
            "ok: {checked} routine{} valid",
            if checked == 1 { "" } else { "s" }
        )
        .map_err(write_err("writing the result"))?;
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Error::Reported(format!(
            "{errors} problem{} in {} of {checked} file{}",
            if errors == 1 { "" } else { "s" },
            problems.len(),
            if checked == 1 { "" } else { "s" },
        )))
    }
}

fn unreadable(path: &std::path::Path, e: std::io::Error) -> FileProblems {
    FileProblems {
        path: path.display().to_string(),
        source: String::new(),
        problems: vec![Problem::whole_file(format!("cannot read the folder: {e}"))],
    }
}
