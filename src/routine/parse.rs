//! Turns the text of a routine file into a [`Routine`], or into every problem found in it.
//!
//! The file is walked by hand over `toml`'s spanned document instead of through
//! `#[derive(Deserialize)]`: serde stops at the first error, and a person fixing a file wants
//! to see all of them at once, each with its line and column.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Vocabulary;
use super::diagnostic::Problem;
use super::model::{Routine, Source, Step};
use super::vocab::{Area, Goal, Pressure, Side, Stroke};
use crate::text;

pub const ID_MAX: usize = 40;
pub const NAME_MAX: usize = 60;
pub const SUMMARY_MAX: usize = 200;
pub const CAUTION_MAX: usize = 300;
pub const CAUTIONS_MAX: usize = 8;
pub const CUE_MAX: usize = 400;
pub const SECONDS_RANGE: (i64, i64) = (1, 1800);
pub const TEMPO_RANGE: (i64, i64) = (1, 120);
pub const STEPS_MAX: usize = 100;

const ROUTINE_KEYS: &[&str] = &["id", "name", "summary", "areas", "goals", "cautions", "steps"];
const STEP_KEYS: &[&str] = &["name", "cue", "seconds", "pressure", "stroke", "tempo", "side"];

/// Parses and validates one routine file. `stem` is the file name without `.toml`, the id
/// used when the file sets none.
pub fn parse_routine(source_text: &str, stem: &str, origin: Source) -> Result<Routine, Vec<Problem>> {
    let (document, syntax_errors) = DeTable::parse_recoverable(source_text);
    if !syntax_errors.is_empty() {
        return Err(syntax_errors
            .iter()
            .map(|e| Problem {
                span: Some(e.span().unwrap_or(0..0)),
                message: first_line(e.message()),
                hint: None,
            })
            .collect());
    }
    let mut walk = Walk::default();
    let routine = walk.routine(document.get_ref(), stem, origin);
    match routine {
        Some(routine) if walk.problems.is_empty() => Ok(routine),
        _ => Err(walk.problems),
    }
}

fn first_line(message: &str) -> String {
    message
        .trim()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .to_string()
}

/// Checks an id outside a file too (the `new` command takes one on the command line).
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() || id.chars().count() > ID_MAX {
        return Some(format!("an id must be 1 to {ID_MAX} characters long"));
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Some("an id may hold only lowercase letters a-z, digits and '-'".to_string());
    }
    None
}

type Value<'i> = Spanned<DeValue<'i>>;

#[derive(Default)]
struct Walk {
    problems: Vec<Problem>,
}

impl Walk {
    fn problem(&mut self, span: Range<usize>, message: String) {
        self.problems.push(Problem::at(span, message));
    }

    fn routine(&mut self, table: &DeTable<'_>, stem: &str, origin: Source) -> Option<Routine> {
        self.unknown_keys(table, ROUTINE_KEYS, "");
        let id = match table.get("id") {
            Some(value) => self.id(value),
            None => match id_problem(stem) {
                None => Some(stem.to_string()),
                Some(why) => {
                    self.problems.push(
                        Problem::whole_file(format!("the file name {stem:?} is not a valid id: {why}"))
                            .with_hint("set `id = \"...\"` in the file or rename it"),
                    );
                    None
                }
            },
        };
        let name = self
            .required(table, "name", "")
            .and_then(|v| self.text(v, "name", NAME_MAX));
        let summary = self
            .required(table, "summary", "")
            .and_then(|v| self.text(v, "summary", SUMMARY_MAX));
        let areas = self
            .required(table, "areas", "")
            .and_then(|v| self.vocab_list::<Area>(v, "areas"));
        let goals = self
            .required(table, "goals", "")
            .and_then(|v| self.vocab_list::<Goal>(v, "goals"));
        let cautions = match table.get("cautions") {
            Some(value) => self.cautions(value),
            None => Some(Vec::new()),
        };
        let steps = self.required(table, "steps", "").and_then(|v| self.steps(v));
        Some(Routine {
            id: id?,
            name: name?,
            summary: summary?,
            areas: areas?,
            goals: goals?,
            cautions: cautions?,
            steps: steps?,
            source: origin,
        })
    }

    fn unknown_keys(&mut self, table: &DeTable<'_>, known: &[&str], prefix: &str) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let mut problem = Problem::at(
                key.span(),
                format!("unknown field `{prefix}{}`", text::sanitize(name)),
            );
            problem.hint = Some(match text::closest(name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? known fields: {}", known.join(", ")),
                None => format!("known fields: {}", known.join(", ")),
            });
            self.problems.push(problem);
        }
    }

    fn required<'t, 'i>(&mut self, table: &'t DeTable<'i>, key: &str, prefix: &str) -> Option<&'t Value<'i>> {
        let value = table.get(key);
        if value.is_none() {
            self.problems
                .push(Problem::whole_file(format!("missing field `{prefix}{key}`")));
        }
        value
    }

    fn required_in<'t, 'i>(
        &mut self,
        table: &'t Value<'i>,
        inner: &'t DeTable<'i>,
        key: &str,
        field: &str,
    ) -> Option<&'t Value<'i>> {
        let value = inner.get(key);
        if value.is_none() {
            // Point at the table header of the step, where the field belongs.
            self.problem(header_span(table), format!("missing field `{field}`"));
        }
        value
    }

    fn id(&mut self, value: &Value<'_>) -> Option<String> {
        let id = self.text(value, "id", ID_MAX)?;
        match id_problem(&id) {
            None => Some(id),
            Some(why) => {
                self.problem(value.span(), format!("`id`: {why}"));
                None
            }
        }
    }

    /// A string of 1..=max characters with nothing that could drive a terminal.
    fn text(&mut self, value: &Value<'_>, field: &str, max: usize) -> Option<String> {
        let Some(text) = value.get_ref().as_str() else {
            self.problem(
                value.span(),
                format!("`{field}` must be a string, found {}", value.get_ref().type_str()),
            );
            return None;
        };
        if let Some(bad) = text.chars().find(|&c| text::is_unsafe_char(c)) {
            self.problems.push(
                Problem::at(
                    value.span(),
                    format!("`{field}` holds a control character (U+{:04X})", bad as u32),
                )
                .with_hint("routine text must be plain: no tabs, line breaks or escape sequences"),
            );
            return None;
        }
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
        Some(text.to_string())
    }

    fn integer(&mut self, value: &Value<'_>, field: &str, (low, high): (i64, i64)) -> Option<u32> {
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

    fn vocab<T: Vocabulary>(&mut self, value: &Value<'_>, field: &str) -> Option<T> {
        let Some(text) = value.get_ref().as_str() else {
            self.problem(
                value.span(),
                format!("`{field}` must be a string, found {}", value.get_ref().type_str()),
            );
            return None;
        };
        match T::parse_str(text) {
            Some(v) => Some(v),
            None => {
                self.problems.push(
                    Problem::at(
                        value.span(),
                        format!("unknown {} {:?} in `{field}`", T::what(), text::sanitize(text)),
                    )
                    .with_hint(unknown_hint::<T>(text)),
                );
                None
            }
        }
    }

    fn vocab_list<T: Vocabulary + PartialEq>(&mut self, value: &Value<'_>, field: &str) -> Option<Vec<T>> {
        let Some(items) = value.get_ref().as_array() else {
            self.problem(
                value.span(),
                format!(
                    "`{field}` must be a list of strings, found {}",
                    value.get_ref().type_str()
                ),
            );
            return None;
        };
        if items.is_empty() {
            self.problems.push(
                Problem::at(
                    value.span(),
                    format!("`{field}` needs at least one {}", T::what()),
                )
                .with_hint(format!("known: {}", T::all_str().join(", "))),
            );
            return None;
        }
        let before = self.problems.len();
        let mut list = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(v) = self.vocab::<T>(item, &format!("{field}[{i}]")) {
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

    fn cautions(&mut self, value: &Value<'_>) -> Option<Vec<String>> {
        let Some(items) = value.get_ref().as_array() else {
            self.problem(
                value.span(),
                format!(
                    "`cautions` must be a list of strings, found {}",
                    value.get_ref().type_str()
                ),
            );
            return None;
        };
        if items.len() > CAUTIONS_MAX {
            self.problem(
                value.span(),
                format!(
                    "`cautions` may hold at most {CAUTIONS_MAX} items, found {}",
                    items.len()
                ),
            );
            return None;
        }
        let before = self.problems.len();
        let list: Vec<String> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.text(item, &format!("cautions[{i}]"), CAUTION_MAX))
            .collect();
        (self.problems.len() == before).then_some(list)
    }

    fn steps(&mut self, value: &Value<'_>) -> Option<Vec<Step>> {
        let Some(items) = value.get_ref().as_array() else {
            self.problems.push(
                Problem::at(value.span(), "`steps` must be a list of tables")
                    .with_hint("write each step as a `[[steps]]` table"),
            );
            return None;
        };
        if items.is_empty() {
            self.problems.push(
                Problem::at(value.span(), "a routine needs at least one step")
                    .with_hint("add a `[[steps]]` table"),
            );
            return None;
        }
        if items.len() > STEPS_MAX {
            self.problem(
                value.span(),
                format!(
                    "a routine may have at most {STEPS_MAX} steps, found {}",
                    items.len()
                ),
            );
            return None;
        }
        let before = self.problems.len();
        let steps: Vec<Step> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.step(item, i))
            .collect();
        (self.problems.len() == before).then_some(steps)
    }

    fn step(&mut self, value: &Value<'_>, index: usize) -> Option<Step> {
        let Some(table) = value.get_ref().as_table() else {
            self.problem(
                value.span(),
                format!(
                    "`steps[{index}]` must be a table, found {}",
                    value.get_ref().type_str()
                ),
            );
            return None;
        };
        let prefix = format!("steps[{index}].");
        self.unknown_keys(table, STEP_KEYS, &prefix);
        let field = |key: &str| format!("{prefix}{key}");
        let name = self
            .required_in(value, table, "name", &field("name"))
            .and_then(|v| self.text(v, &field("name"), NAME_MAX));
        let cue = self
            .required_in(value, table, "cue", &field("cue"))
            .and_then(|v| self.text(v, &field("cue"), CUE_MAX));
        let seconds = self
            .required_in(value, table, "seconds", &field("seconds"))
            .and_then(|v| self.integer(v, &field("seconds"), SECONDS_RANGE));
        let pressure = self
            .required_in(value, table, "pressure", &field("pressure"))
            .and_then(|v| self.vocab::<Pressure>(v, &field("pressure")));
        let stroke = self
            .required_in(value, table, "stroke", &field("stroke"))
            .and_then(|v| self.vocab::<Stroke>(v, &field("stroke")));
        let tempo = match table.get("tempo") {
            Some(v) => self.integer(v, &field("tempo"), TEMPO_RANGE).map(Some),
            None => Some(None),
        };
        let side = match table.get("side") {
            Some(v) => self.vocab::<Side>(v, &field("side")),
            None => Some(Side::Both),
        };
        Some(Step {
            name: name?,
            cue: cue?,
            seconds: seconds?,
            pressure: pressure?,
            stroke: stroke?,
            tempo: tempo?,
            side: side?,
        })
    }
}

/// A `[[steps]]` table's span covers its body; its header is the line before the first key.
fn header_span(value: &Value<'_>) -> Range<usize> {
    let span = value.span();
    span.start..span.start
}

pub(crate) fn unknown_hint<T: Vocabulary>(text: &str) -> String {
    let known = T::all_str();
    match text::closest(text, known.iter().copied()) {
        Some(near) => format!("did you mean {near:?}? known: {}", known.join(", ")),
        None => format!("known: {}", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::FileProblems;

    /// What `knead check` prints for `source` saved as `r.toml`, or the routine.
    fn check(source: &str) -> Result<Routine, String> {
        parse_routine(source, "r", Source::BuiltIn).map_err(|problems| {
            FileProblems {
                path: "r.toml".into(),
                source: source.into(),
                problems,
            }
            .render(false)
        })
    }

    fn rejected(source: &str) -> String {
        match check(source) {
            Ok(routine) => panic!("accepted {source:?} as {routine:?}"),
            Err(shown) => shown,
        }
    }

    /// The `path:line:column: error: message` lines, in the order they are printed.
    fn headlines(shown: &str) -> Vec<&str> {
        shown.lines().filter(|l| l.contains(": error: ")).collect()
    }

    const STEP: &str =
        "[[steps]]\nname = \"Warm\"\ncue = \"Stroke.\"\npressure = \"light\"\nstroke = \"circles\"\n";
    const TOP: &str = "name = \"N\"\nsummary = \"S\"\nareas = [\"neck\"]\ngoals = [\"stress\"]\n";

    #[test]
    fn a_number_past_the_64_bit_range_is_out_of_range_not_a_wrong_type() {
        let shown = rejected(&format!("{TOP}{STEP}seconds = 99999999999999999999\n"));
        assert_eq!(
            headlines(&shown),
            [
                "r.toml:10:11: error: `steps[0].seconds` must be from 1 to 1800, found a number far out of range"
            ]
        );
    }

    #[test]
    fn text_of_only_spaces_is_called_blank_not_a_wrong_length() {
        let shown = rejected(&format!(
            "name = \"   \"\nsummary = \"S\"\nareas = [\"neck\"]\ngoals = [\"stress\"]\n{STEP}seconds = 1\n"
        ));
        assert_eq!(
            headlines(&shown),
            ["r.toml:1:8: error: `name` holds only spaces; it must be 1 to 60 characters of text"]
        );
    }
}
