//! knead: a terminal coach for self-massage.
//!
//! The core (`routine`, `session`, `log`) is plain Rust with no terminal types; `tui` and
//! `plain` are the two front ends, and `cli`/`commands` the command line around them.

#![forbid(unsafe_code)]

pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod log;
pub mod log_words;
pub mod plain;
pub mod plan;
pub mod profile;
pub mod remind;
pub mod routine;
pub mod session;
pub mod sound;
pub mod suggest;
pub mod system;
pub mod table;
pub mod text;
pub mod toml_check;
pub mod tui;
