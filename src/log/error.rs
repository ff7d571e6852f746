//! What can go wrong with the session log. Every message names the file at fault.

use std::io;
use std::path::{Path, PathBuf};

use crate::text::sanitize;

/// A path as it may be shown on a terminal.
pub(crate) fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string())
}

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("cannot create the folder {} for the session log: {source}", shown(path))]
    CreateDir { path: PathBuf, source: io::Error },

    #[error("cannot read the session log {}: {source}", shown(path))]
    Read { path: PathBuf, source: io::Error },

    /// Found before a session: it could not be recorded, so it is not started.
    #[error(
        "the session log {} {why}, so this session cannot be recorded: \
         name another with --log-file FILE, or run it unrecorded with --no-log",
        shown(path)
    )]
    Unappendable {
        path: PathBuf,
        why: super::store::Unappendable,
    },

    #[error("cannot read {} to import: {source}", shown(path))]
    ImportSource { path: PathBuf, source: io::Error },

    /// The session was not saved. `line` is its record, for the person to keep by hand: saved
    /// in a file, `knead import FILE` adds it later.
    #[error(
        "cannot write to the session log {}: {source}\n\
         The session was not saved. Keep this line in a file to add it later with `knead import FILE`:\n{}",
        shown(path),
        sanitize(line)
    )]
    Append {
        path: PathBuf,
        source: io::Error,
        line: String,
    },

    #[error(
        "cannot write the {count} new sessions from {} to the session log {}: {source}; \
         nothing was imported",
        shown(from),
        shown(path)
    )]
    Import {
        path: PathBuf,
        from: PathBuf,
        count: usize,
        source: io::Error,
    },

    /// The log could not be opened for writing before an import; nothing was read from it.
    #[error(
        "cannot write to the session log {}: {source}; nothing was imported from {}",
        shown(path),
        shown(from)
    )]
    ImportTarget {
        path: PathBuf,
        from: PathBuf,
        source: io::Error,
    },

    #[error("--since {since} is after --until {until}: no day can match both")]
    DateRange {
        since: chrono::NaiveDate,
        until: chrono::NaiveDate,
    },
}

impl LogError {
    /// The record line a failed append could not store.
    pub fn unsaved_line(&self) -> Option<&str> {
        match self {
            LogError::Append { line, .. } => Some(line),
            _ => None,
        }
    }
}
