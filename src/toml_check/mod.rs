//! The checks every TOML file knead reads goes through, routines and the config alike:
//! reading the file (only a regular file of at most 1 MiB), the problems found and how they
//! are shown, the closed vocabularies, and the walk over the spanned document that records
//! every problem and goes on. It knows nothing of routines or
//! settings; those modules describe their fields in terms of it.

mod diagnostic;
mod source;
mod vocabulary;
mod walk;

pub use diagnostic::{FileProblems, KnownValues, Problem, SHOWN_PER_FILE, Severity, line_column};
pub use source::{FILE_MAX, SourceError, read_source};
pub(crate) use vocabulary::vocabulary;
pub use vocabulary::{UnknownValue, Vocabulary};
pub(crate) use walk::{Indexed, Value, Walker, header_span, parse_document};
