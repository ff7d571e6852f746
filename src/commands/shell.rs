//! `knead completions` and `knead man`: what a shell and `man` need. The build script writes
//! them from the same clap definition as the parser (so they can never fall out of step with
//! it) and the binary carries them, ready to print.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::write_err;
use crate::cli::{CompletionsArgs, ManArgs, Shell};
use crate::error::{Error, Result};
use crate::text::sanitize;

include!(concat!(env!("OUT_DIR"), "/shell_files.rs"));

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<ExitCode> {
    out.write_all(completion_script(args.shell))
        .map_err(write_err("writing the completion script"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(args: &ManArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let Some(dir) = &args.out_dir else {
        let (_, main_page) = MAN_PAGES[0];
        out.write_all(main_page)
            .map_err(write_err("writing the manual page"))?;
        return Ok(ExitCode::SUCCESS);
    };
    let shown = sanitize(&dir.display().to_string());
    make_folder(dir).map_err(Error::io(format!("creating the folder {shown}")))?;
    for (name, roff) in MAN_PAGES {
        let path = dir.join(name);
        std::fs::write(&path, roff).map_err(Error::io(format!("writing {name} into {shown}")))?;
        writeln!(out, "wrote {}", sanitize(&path.display().to_string()))
            .map_err(write_err("writing the output"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Makes `dir` if it is not there yet, but not its parents: a mistyped path should fail here,
/// not grow a tree of folders somewhere unexpected.
fn make_folder(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !parent.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "the folder {} does not exist; create it first",
                sanitize(&parent.display().to_string())
            ),
        ));
    }
    std::fs::create_dir(dir)
}
