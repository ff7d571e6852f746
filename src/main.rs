//! The binary: reads the command line, runs it, reports an error once and sets the exit code.
//!
//! On Linux with glibc, knead starts from C's `main` instead of Rust's (`no_main`). Rust's
//! start-up takes about 0.2 ms of a process that lasts about 1 ms (`knead --version`), most of
//! it finding the main thread's stack guard in /proc/self/maps; `knead::system::start` does,
//! in safe code, what of it knead relies on: closed standard streams opened on /dev/null, a
//! closed pipe reported as EPIPE rather than SIGPIPE, stdout flushed at exit, and a panic
//! kept from unwinding into C (exit 101). glibc hands a program's arguments to Rust's standard
//! library whichever `main` starts it; elsewhere knead starts as Rust programs do.
#![cfg_attr(all(target_os = "linux", target_env = "gnu"), no_main)]

use std::process::ExitCode;

use clap::Parser;
use knead::cli::Cli;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[expect(
    unsafe_code,
    reason = "C's `main` must have its unmangled name; the function itself is safe code"
)]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: std::ffi::c_int, _argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    knead::system::start::run_as_main(knead_main)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() -> ExitCode {
    knead_main()
}

fn knead_main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let result = match knead::commands::print_version_only(&args) {
        Some(printed) => printed,
        None => match knead::cli::bare_command(&args).map_or_else(|| Cli::try_parse_from(args), Ok) {
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
