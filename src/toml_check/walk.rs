//! The walk over a spanned TOML document: each problem is recorded with its span and the
//! walk goes on, so a person sees every mistake at once.

use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Problem, Quote};
use super::vocabulary::Vocabulary;
use crate::text::{self, SafeText};

pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// The document of a TOML text, or its syntax errors, each at its place.
pub(crate) fn parse_document(source: &str) -> Result<Spanned<DeTable<'_>>, Vec<Problem>> {
    let (document, syntax_errors) = DeTable::parse_recoverable(source);
    if syntax_errors.is_empty() {
        return Ok(document);
    }
    Err(syntax_errors
        .iter()
        .map(|e| {
            // Its first line says what is wrong; where, the renderer shows from the span.
            let message = e.message().trim().lines().next().unwrap_or("invalid TOML");
            Problem::at(e.span().unwrap_or(0..0), message)
        })
        .collect())
}

/// `areas[2]`: an item's name, written out only when a message needs it.
#[derive(Clone, Copy)]
pub(crate) struct Indexed<F>(pub F, pub usize);

impl<F: fmt::Display> fmt::Display for Indexed<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
}

#[derive(Default)]
pub(crate) struct Walker {
    pub(crate) problems: Vec<Problem>,
}

impl Walker {
    pub(crate) fn problem(&mut self, span: Range<usize>, message: String) {
        self.problems.push(Problem::at(span, message));
    }

    pub(crate) fn unknown_keys(
        &mut self,
        table: &DeTable<'_>,
        known: &'static [&'static str],
        prefix: impl fmt::Display,
    ) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let problem = Problem::at(
                key.span(),
                format!("unknown field `{prefix}{}`", text::sanitize(name)),
            )
            .with_guess(name, known.to_vec(), Quote::Field)
            .with_known("known fields", known.join(", "));
            self.problems.push(problem);
        }
    }

    pub(crate) fn required<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
        prefix: impl fmt::Display,
    ) -> Option<&'t Value<'i>> {
        let value = table.get(key);
        if value.is_none() {
            self.problems
                .push(Problem::whole_file(format!("missing field `{prefix}{key}`")));
        }
        value
    }

    pub(crate) fn required_in<'t, 'i>(
        &mut self,
        table: &'t Value<'i>,
        inner: &'t DeTable<'i>,
        key: &str,
        field: impl fmt::Display,
    ) -> Option<&'t Value<'i>> {
        let value = inner.get(key);
        if value.is_none() {
            // Point at the table header of the step, where the field belongs.
            self.problem(header_span(table), format!("missing field `{field}`"));
        }
        value
    }

    /// A string of 1..=max characters with nothing that could drive a terminal.
    pub(crate) fn text(
        &mut self,
        value: &Value<'_>,
        field: impl fmt::Display,
        max: usize,
    ) -> Option<SafeText> {
        let Some(text) = value.get_ref().as_str() else {
            self.problem(
                value.span(),
                format!("`{field}` must be a string, found {}", value.get_ref().type_str()),
            );
            return None;
        };
        let safe = match SafeText::new(text) {
            Ok(safe) => safe,
            Err(bad) => {
                self.problems.push(
                    Problem::at(value.span(), format!("`{field}` holds {bad}"))
                        .with_hint("text here must be plain: no tabs, line breaks or escape sequences"),
                );
                return None;
            }
        };
        let count = text.chars().count();
        if count > 0 && text.trim().is_empty() {
            self.problem(
                value.span(),
                format!("`{field}` holds only spaces; it must be 1 to {max} characters of text"),
            );
            return None;
        }
        if count == 0 || count > max {
            self.problem(
                value.span(),
                format!("`{field}` must be 1 to {max} characters long, found {count}"),
            );
            return None;
        }
        Some(safe)
    }

    pub(crate) fn integer(
        &mut self,
        value: &Value<'_>,
        field: impl fmt::Display,
        (low, high): (i64, i64),
    ) -> Option<u32> {
        let number = value
            .get_ref()
            .as_integer()
            .map(|i| i64::from_str_radix(i.as_str(), i.radix()));
        match number {
            Some(Ok(n)) if (low..=high).contains(&n) => u32::try_from(n).ok(),
            Some(Ok(n)) => {
                self.problem(
                    value.span(),
                    format!("`{field}` must be from {low} to {high}, found {n}"),
                );
                None
            }
            // TOML integers past the 64-bit range reach us as text; they are out of range
            // too, not "not a whole number".
            Some(Err(_)) => {
                self.problem(
                    value.span(),
                    format!("`{field}` must be from {low} to {high}, found a number far out of range"),
                );
                None
            }
            None => {
                self.problem(
                    value.span(),
                    format!(
                        "`{field}` must be a whole number, found {}",
                        value.get_ref().type_str()
                    ),
                );
                None
            }
        }
    }

    pub(crate) fn vocab<T: Vocabulary>(&mut self, value: &Value<'_>, field: impl fmt::Display) -> Option<T> {
        let Some(text) = value.get_ref().as_str() else {
            self.problem(
                value.span(),
                format!("`{field}` must be a string, found {}", value.get_ref().type_str()),
            );
            return None;
        };
        let found = T::parse_str(text);
        if found.is_none() {
            self.unknown::<T>(value, text, format_args!(" in `{field}`"));
        }
        found
    }

    /// A setting whose value is a word of `T` (`theme = "night"`): the key names the set, so
    /// the message does not repeat it.
    pub(crate) fn word<T: Vocabulary>(&mut self, value: &Value<'_>, field: impl fmt::Display) -> Option<T> {
        let text = self.text(value, field, WORD_MAX)?;
        let found = T::parse_str(&text);
        if found.is_none() {
            self.unknown::<T>(value, &text, "");
        }
        found
    }

    fn unknown<T: Vocabulary>(&mut self, value: &Value<'_>, text: &str, place: impl fmt::Display) {
        let among = T::all_str();
        let known = among.join(", ");
        self.problems.push(
            Problem::at(
                value.span(),
                format!("unknown {} {:?}{place}", T::what(), text::sanitize(text)),
            )
            .with_guess(text, among, Quote::Value)
            .with_known("known", known),
        );
    }

    pub(crate) fn vocab_list<T: Vocabulary + PartialEq>(
        &mut self,
        value: &Value<'_>,
        field: impl fmt::Display,
    ) -> Option<Vec<T>> {
        let items = self.list_of_strings(value, &field)?;
        if items.is_empty() {
            self.problems.push(
                Problem::at(
                    value.span(),
                    format!("`{field}` needs at least one {}", T::what()),
                )
                .with_known("known", T::all_str().join(", ")),
            );
            return None;
        }
        let before = self.problems.len();
        let mut list = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(v) = self.vocab::<T>(item, Indexed(&field, i)) {
                if list.contains(&v) {
                    self.problem(
                        item.span(),
                        format!(
                            "`{field}` lists {:?} twice",
                            item.get_ref().as_str().unwrap_or_default()
                        ),
                    );
                } else {
                    list.push(v);
                }
            }
        }
        (self.problems.len() == before).then_some(list)
    }
}

/// A `[[steps]]` table's span covers its body; its header is the line before the first key.
pub(crate) fn header_span(value: &Value<'_>) -> Range<usize> {
    let span = value.span();
    span.start..span.start
}

/// A setting's word is short: a longer value is reported as too long before it is compared
/// with every known word.
const WORD_MAX: usize = 10;

/// Checks for the plain value types of settings files.
impl Walker {
    pub(crate) fn boolean(&mut self, value: &Value<'_>, field: impl fmt::Display) -> Option<bool> {
        let found = value.get_ref().as_bool();
        if found.is_none() {
            self.problem(
                value.span(),
                format!(
                    "`{field}` must be true or false, found {}",
                    value.get_ref().type_str()
                ),
            );
        }
        found
    }

    pub(crate) fn float(
        &mut self,
        value: &Value<'_>,
        field: impl fmt::Display,
        (low, high): (f64, f64),
    ) -> Option<f64> {
        let number = match value.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
            _ => None,
        };
        match number {
            Some(n) if (low..=high).contains(&n) => Some(n),
            Some(n) => {
                self.problem(
                    value.span(),
                    format!("`{field}` must be from {low} to {high}, found {n}"),
                );
                None
            }
            None => {
                self.problem(
                    value.span(),
                    format!("`{field}` must be a number, found {}", value.get_ref().type_str()),
                );
                None
            }
        }
    }

    /// The items of a value that must be a list of strings (each item is checked by the caller).
    pub(crate) fn list_of_strings<'v, 'i>(
        &mut self,
        value: &'v Value<'i>,
        field: impl fmt::Display,
    ) -> Option<&'v toml::de::DeArray<'i>> {
        let items = value.get_ref().as_array();
        if items.is_none() {
            self.problem(
                value.span(),
                format!(
                    "`{field}` must be a list of strings, found {}",
                    value.get_ref().type_str()
                ),
            );
        }
        items
    }

    /// A list of non-empty strings without control characters (paths, a command line).
    pub(crate) fn string_list(&mut self, value: &Value<'_>, field: impl fmt::Display) -> Option<Vec<String>> {
        let items = self.list_of_strings(value, &field)?;
        let before = self.problems.len();
        let list: Vec<String> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.text(item, Indexed(&field, i), 4096).map(String::from))
            .collect();
        (self.problems.len() == before).then_some(list)
    }
}
