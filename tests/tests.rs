//! Every integration test, in one binary (see `[[test]]` in Cargo.toml).

mod built_in;
mod common;
mod routines_cli;
