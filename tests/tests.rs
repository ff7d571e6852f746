//! Every integration test, in one binary (see `[[test]]` in Cargo.toml).

mod authoring_cli;
mod body_map;
mod built_in;
mod common;
mod config_cli;
mod e2e_terminal;
mod fuzz_routine;
mod history_screens;
mod hostile_use;
mod log_cli;
mod log_faults;
mod log_output;
mod log_store;
mod picker_e2e;
mod routines_cli;
mod run_plain;
mod sessions_cli;
mod shell_cli;
mod side_blocks;
mod tmux;
mod tui_screens;
mod unusual_files;
mod voice;
