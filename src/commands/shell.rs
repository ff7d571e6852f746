//! `knead completions` and `knead man`: what a shell and `man` need, generated from the same
//! clap definition as the parser, so they can never fall out of step with it.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;

use super::write_err;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::{Error, Result};
use crate::text::sanitize;

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let mut command = Cli::command();
    // clap_complete writes straight to the writer and cannot report a failure, so the
    // script is built in memory and written here, where a closed pipe is handled.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "knead", &mut script);
    out.write_all(&script)
        .map_err(write_err("writing the completion script"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(args: &ManArgs, out: &mut dyn Write) -> Result<ExitCode> {
    // `help` is a clap built-in with nothing to say in a manual; without it, the main page
    // lists only pages that `--out-dir` writes.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(dir) = &args.out_dir else {
        let mut roff = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut roff)
            .map_err(write_err("rendering the manual page"))?;
        out.write_all(&roff)
            .map_err(write_err("writing the manual page"))?;
        return Ok(ExitCode::SUCCESS);
    };
    let shown = sanitize(&dir.display().to_string());
    make_folder(dir).map_err(Error::io(format!("creating the folder {shown}")))?;
    let pages = std::iter::once(command.clone()).chain(command.get_subcommands().cloned());
    for page in pages {
        let page = clap_mangen::Man::new(page);
        let written = page
            .generate_to(dir)
            .map_err(Error::io(format!("writing {} into {shown}", page.get_filename())))?;
        writeln!(out, "wrote {}", sanitize(&written.display().to_string()))
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
