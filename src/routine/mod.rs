//! Routines: the model, the vocabularies, parsing with diagnostics, and the library that
//! gathers built-in and user routines.

pub mod library;
pub mod lint;
pub mod model;
pub mod parse;
pub mod template;
pub mod vocab;

pub use library::{Library, LibraryError};
pub use model::{Routine, Source, Step, format_length};
pub use parse::parse_routine;
pub use vocab::{Area, Goal, Pressure, Side, Spot, Stroke, View};

// A routine file's problems and words are checked like every TOML file knead reads.
pub use crate::toml_check::{FileProblems, Problem, UnknownValue, Vocabulary};
