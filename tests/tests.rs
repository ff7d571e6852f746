//! Every integration test, in one binary (see `[[test]]` in Cargo.toml).

mod built_in;
mod common;
mod fuzz_routine;
mod routines_cli;
