use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let result = match knead::commands::print_version_only(&args) {
        Some(printed) => printed,
        None => match knead::cli::Cli::try_parse_from(args) {
            Ok(cli) => knead::commands::run(cli),
            Err(err) => knead::commands::print_parse_outcome(&err),
        },
    };
    match result {
        Ok(code) => code,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("knead: error: {}", knead::text::sanitize(&err.to_string()));
            ExitCode::from(err.exit_code())
        }
    }
}
