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
pub use vocab::{Area, Complaint, Goal, Precaution, Pressure, Side, Spot, Stroke, View};

// A routine file's problems and words are checked like every TOML file knead reads.
pub use crate::toml_check::{FileProblems, Problem, UnknownValue, Vocabulary};

/// Routines made in code for unit tests elsewhere in the crate.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Area, Goal, Pressure, Routine, Side, Source, Step, Stroke};
    use crate::text::SafeText;

    /// A routine of one light, both-sided step of `seconds` working `areas`.
    pub fn routine(id: &str, areas: &[Area], seconds: u32) -> Routine {
        Routine {
            id: id.into(),
            name: SafeText::sanitized(id),
            summary: SafeText::sanitized("s"),
            areas: areas.to_vec(),
            goals: vec![Goal::Stress],
            helps: Vec::new(),
            cautions: Vec::new(),
            equipment: Vec::new(),
            steps: vec![Step {
                name: SafeText::sanitized("a"),
                cue: SafeText::sanitized("b"),
                seconds,
                pressure: Some(Pressure::Light),
                stroke: Stroke::Circles,
                tempo: None,
                side: Side::Both,
                spot: None,
                group: None,
                avoid_with: Vec::new(),
                gentle_with: Vec::new(),
            }],
            for_you: Vec::new(),
            first_try: false,
            source: Source::BuiltIn,
        }
    }
}
