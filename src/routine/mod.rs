//! Routines: the model, the vocabularies, parsing with diagnostics, and the library that
//! gathers built-in and user routines.

pub mod diagnostic;
pub mod library;
pub mod model;
pub mod parse;
pub mod template;
pub mod vocab;

pub use diagnostic::{FileProblems, Problem};
pub use library::{Library, LibraryError};
pub use model::{Routine, Source, Step, format_length};
pub use parse::parse_routine;
pub use vocab::{Area, Goal, Pressure, Side, Stroke};

/// What the parser and the command line need to know of each closed vocabulary.
pub trait Vocabulary: Sized + Copy + 'static {
    fn all_str() -> Vec<&'static str>;
    fn what() -> &'static str;
    fn parse_str(text: &str) -> Option<Self> {
        Self::all_str()
            .iter()
            .position(|s| *s == text)
            .map(|i| Self::nth(i))
    }
    fn nth(i: usize) -> Self;
}

/// A word that is not in one of the vocabularies, e.g. `--area sholders`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}; {hint}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub hint: String,
}

impl UnknownValue {
    pub fn new<T: Vocabulary>(value: &str) -> Self {
        UnknownValue {
            what: T::what(),
            value: crate::text::sanitize(value),
            hint: parse::unknown_hint::<T>(value),
        }
    }
}
