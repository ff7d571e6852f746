//! Every integration test, in one binary (see `[[test]]` in Cargo.toml).

mod common;
mod routines_cli;
