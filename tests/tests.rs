//! Every integration test, in one binary (see `[[test]]` in Cargo.toml).

mod built_in;
mod common;
mod e2e_terminal;
mod fuzz_routine;
mod log_cli;
mod log_store;
mod routines_cli;
mod run_plain;
mod tmux;
mod tui_screens;
mod voice;
