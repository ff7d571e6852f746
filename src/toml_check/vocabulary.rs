//! Closed sets of words (body areas, strokes, themes): one enum each, made by
//! [`vocabulary!`], so the parser, the hints, the command line's value lists and the docs
//! all read the same set.

use crate::text;

/// What the checks and the command line need to know of each closed vocabulary.
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
            value: text::sanitize(value),
            hint: unknown_hint::<T>(value),
        }
    }
}

/// "did you mean ...? known: ..." for a word not in `T`.
pub(crate) fn unknown_hint<T: Vocabulary>(word: &str) -> String {
    let known = T::all_str().join(", ");
    match likely_hint::<T>(word) {
        Some(guess) => format!("{guess} known: {known}"),
        None => format!("known: {known}"),
    }
}

/// "did you mean ...?" for a word not in `T`, when some value of `T` is likely meant.
pub(crate) fn likely_hint<T: Vocabulary>(word: &str) -> Option<String> {
    text::did_you_mean(&text::likely(word, T::all_str()), |v| format!("{v:?}"))
}

/// Declares a closed vocabulary: an enum whose values are written as the given words.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])* $name:ident, $what:literal {
            $($(#[$variant_meta:meta])* $variant:ident => $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$variant_meta])* $variant),+ }

        impl $name {
            /// Every value, in the order the format documents them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What the set is called in messages ("body area", "stroke").
            pub const WHAT: &'static str = $what;

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The known values as one comma-separated list, for error messages.
            pub fn known() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::toml_check::UnknownValue;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::parse(text).ok_or_else(|| $crate::toml_check::UnknownValue::new::<$name>(text))
            }
        }

        impl $crate::toml_check::Vocabulary for $name {
            fn all_str() -> Vec<&'static str> { Self::ALL.iter().map(|v| v.as_str()).collect() }
            fn what() -> &'static str { $what }
            fn parse_str(text: &str) -> Option<Self> { Self::parse(text) }
            fn nth(i: usize) -> Self { Self::ALL[i] }
        }
    };
}

pub(crate) use vocabulary;
