use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = knead::cli::Cli::parse();
    match knead::commands::run(cli) {
        Ok(code) => code,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("knead: error: {}", knead::text::sanitize(&err.to_string()));
            ExitCode::from(err.exit_code())
        }
    }
}
