//! The errors that reach the edge, and the exit code each one means. Core modules have their
//! own typed errors; they are wrapped here once and reported once, by `main`.

use crate::routine::{LibraryError, UnknownValue};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The person asked for something that cannot be: an unknown id, a value out of range.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    UnknownValue(#[from] UnknownValue),
    #[error(transparent)]
    Library(#[from] LibraryError),
    /// Problems were found and already printed (by `check`); only the exit code is left.
    #[error("{0}")]
    Reported(String),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    #[error(transparent)]
    Log(#[from] crate::log::error::LogError),
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
    #[error(transparent)]
    Profile(#[from] crate::profile::ProfileError),
}

impl Error {
    /// 2 for a usage error, 1 for everything else that failed (documented in the README).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::UnknownValue(_) => 2,
            Error::Library(_)
            | Error::Reported(_)
            | Error::Io { .. }
            | Error::Log(_)
            | Error::Plan(_)
            | Error::Profile(_) => 1,
        }
    }

    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let context = context.into();
        move |source| Error::Io { context, source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// `knead list | head` closes the pipe early; that is the reader's choice, not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Io { source, .. } => source.kind() == std::io::ErrorKind::BrokenPipe,
            _ => false,
        }
    }
}
