//! knead: a terminal coach for self-massage.
//!
//! The core (`routine`, `session`, `log`) is plain Rust with no terminal types; `tui` and
//! `plain` are the two front ends, and `cli`/`commands` the command line around them.

pub mod alert;
pub mod background;
pub mod cli;
pub mod commands;
pub mod compose;
pub mod config;
pub mod editor;
pub mod error;
pub mod log;
pub mod log_words;
pub mod paths;
pub mod plain;
pub mod plan;
pub mod profile;
pub mod ranking;
pub(crate) mod regular_file;
pub mod remind;
pub mod routine;
pub mod session;
pub mod signals;
pub mod speech_program;
pub mod spoken_cues;
pub mod table;
pub mod text;
pub mod toml_check;
pub mod tui;
