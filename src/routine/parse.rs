//! Turns the text of a routine file into a [`Routine`], or into every problem found in it.
//!
//! The file is walked by hand over `toml`'s spanned document instead of through
//! `#[derive(Deserialize)]`: serde stops at the first error, and a person fixing a file wants
//! to see all of them at once, each with its line and column.

use std::ops::Range;

use toml::de::DeTable;

use super::model::{Routine, Source, Step};
use super::vocab::{Area, Complaint, Goal, Precaution, Pressure, Side, Spot, Stroke};
use crate::text::SafeText;
use crate::toml_check::{Indexed, Problem, Value, Walker, header_span, parse_document};

pub const ID_MAX: usize = 40;
pub const NAME_MAX: usize = 60;
pub const SUMMARY_MAX: usize = 200;
pub const CAUTION_MAX: usize = 300;
pub const CAUTIONS_MAX: usize = 8;
/// What to have at hand: a few short things ("a tennis ball in a sock"), not instructions.
pub const EQUIPMENT_ITEM_MAX: usize = 60;
pub const EQUIPMENT_MAX: usize = 6;
pub const CUE_MAX: usize = 400;
pub const SECONDS_RANGE: (i64, i64) = (1, 1800);
pub const TEMPO_RANGE: (i64, i64) = (1, 120);
pub const STEPS_MAX: usize = 100;

const ROUTINE_KEYS: &[&str] = &[
    "id",
    "name",
    "summary",
    "areas",
    "goals",
    "helps",
    "cautions",
    "equipment",
    "first_try",
    "steps",
];
/// The keys a `[[steps]]` table may hold.
pub(crate) const STEP_KEYS: &[&str] = &[
    "name",
    "cue",
    "seconds",
    "pressure",
    "stroke",
    "tempo",
    "side",
    "spot",
    "group",
    "avoid_with",
    "gentle_with",
];
/// A side block's name follows the rules of an id.
pub const GROUP_MAX: usize = ID_MAX;

/// Parses and validates one routine file. `stem` is the file name without `.toml`, the id
/// used when the file sets none.
pub fn parse_routine(source_text: &str, stem: &str, origin: Source) -> Result<Routine, Vec<Problem>> {
    parse_routine_with_spans(source_text, stem, origin).map(|(routine, _)| routine)
}

/// [`parse_routine`], also handing back where each key of the file stands, for messages about
/// a routine that is valid (the lint's warnings, an id used twice).
pub fn parse_routine_with_spans(
    source_text: &str,
    stem: &str,
    origin: Source,
) -> Result<(Routine, RoutineSpans), Vec<Problem>> {
    let document = parse_document(source_text)?;
    let mut walk = Walker::default();
    let routine = walk.routine(document.get_ref(), stem, origin);
    match routine {
        Some(routine) if walk.problems.is_empty() => Ok((routine, RoutineSpans::of(document.get_ref()))),
        _ => Err(walk.problems),
    }
}

/// Where the value of each key stands in a routine file that parsed, taken from the same
/// spanned document the checks walked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoutineSpans {
    /// Each key present: the step it belongs to (`None` for a top-level key), its name and
    /// the span of its value. One list for the whole file, so loading a library of routines
    /// makes one allocation per file for it.
    keys: Vec<(Option<usize>, &'static str, Range<usize>)>,
}

impl RoutineSpans {
    fn of(table: &DeTable<'_>) -> Self {
        let mut keys = Vec::new();
        // Walked entry by entry rather than looked up key by key: a step leaves most optional
        // keys out, and every lookup is a search of the table.
        let mut add = |step: Option<usize>, table: &DeTable<'_>, known: &[&'static str]| {
            for (key, value) in table {
                if let Some(&key) = known.iter().find(|k| **k == key.get_ref().as_ref()) {
                    keys.push((step, key, value.span()));
                }
            }
        };
        add(None, table, ROUTINE_KEYS);
        if let Some(items) = table.get("steps").and_then(|steps| steps.get_ref().as_array()) {
            for (index, item) in items.iter().enumerate() {
                if let Some(step) = item.get_ref().as_table() {
                    add(Some(index), step, STEP_KEYS);
                }
            }
        }
        RoutineSpans { keys }
    }

    /// The value of a top-level key; `None` when the file leaves it out.
    pub fn key(&self, key: &str) -> Option<Range<usize>> {
        self.find(None, key)
    }

    /// The value of a key of `steps[index]`; `None` when the step leaves it out.
    pub fn step_key(&self, index: usize, key: &str) -> Option<Range<usize>> {
        self.find(Some(index), key)
    }

    fn find(&self, step: Option<usize>, key: &str) -> Option<Range<usize>> {
        self.keys
            .iter()
            .find(|(s, k, _)| *s == step && *k == key)
            .map(|(_, _, span)| span.clone())
    }
}

/// Checks an id outside a file too (the `new` command takes one on the command line).
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() || id.chars().count() > ID_MAX {
        return Some(format!("an id must be 1 to {ID_MAX} characters long"));
    }
    if !is_slug(id) {
        return Some("an id may hold only lowercase letters a-z, digits and '-'".to_string());
    }
    None
}

fn is_slug(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `steps[2].cue`, written out only when a message needs it.
#[derive(Clone, Copy)]
struct StepField {
    index: usize,
    key: &'static str,
}

impl std::fmt::Display for StepField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "steps[{}].{}", self.index, self.key)
    }
}

/// The routine's own fields, walked with the shared checks of [`Walker`].
impl Walker {
    fn routine(&mut self, table: &DeTable<'_>, stem: &str, origin: Source) -> Option<Routine> {
        self.unknown_keys(table, ROUTINE_KEYS, "");
        let id = self.file_id(table, stem);
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
        let helps = match table.get("helps") {
            Some(value) => self.vocab_list::<Complaint>(value, "helps"),
            None => Some(Vec::new()),
        };
        let cautions = match table.get("cautions") {
            Some(value) => self.text_list(value, "cautions", CAUTIONS_MAX, CAUTION_MAX),
            None => Some(Vec::new()),
        };
        let equipment = match table.get("equipment") {
            Some(value) => self.text_list(value, "equipment", EQUIPMENT_MAX, EQUIPMENT_ITEM_MAX),
            None => Some(Vec::new()),
        };
        let first_try = match table.get("first_try") {
            Some(value) => self.boolean(value, "first_try"),
            None => Some(false),
        };
        let steps = self
            .required(table, "steps", "")
            .and_then(|v| self.steps(v, areas.as_deref()));
        Some(Routine {
            id: id?,
            name: name?,
            summary: summary?,
            areas: areas?,
            goals: goals?,
            helps: helps?,
            cautions: cautions?,
            equipment: equipment?,
            steps: steps?,
            for_you: Vec::new(),
            first_try: first_try?,
            source: origin,
        })
    }

    /// The file's `id`, or its file name when it sets none: how routine and plan files alike
    /// are named.
    pub(crate) fn file_id(&mut self, table: &DeTable<'_>, stem: &str) -> Option<String> {
        match table.get("id") {
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
        }
    }

    fn id(&mut self, value: &Value<'_>) -> Option<String> {
        let id = self.text(value, "id", ID_MAX)?;
        match id_problem(&id) {
            None => Some(id.into()),
            Some(why) => {
                self.problem(value.span(), format!("`id`: {why}"));
                None
            }
        }
    }

    /// A list of at most `most` texts of 1 to `chars` characters each (`cautions`,
    /// `equipment`).
    fn text_list(
        &mut self,
        value: &Value<'_>,
        key: &'static str,
        most: usize,
        chars: usize,
    ) -> Option<Vec<SafeText>> {
        let items = self.list_of_strings(value, key)?;
        if items.len() > most {
            self.problem(
                value.span(),
                format!("`{key}` may hold at most {most} items, found {}", items.len()),
            );
            return None;
        }
        let before = self.problems.len();
        let list: Vec<SafeText> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.text(item, Indexed(key, i), chars))
            .collect();
        (self.problems.len() == before).then_some(list)
    }

    /// `areas` is the routine's list, when it could be read: each step's spot must be in it.
    fn steps(&mut self, value: &Value<'_>, areas: Option<&[Area]>) -> Option<Vec<Step>> {
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
            .filter_map(|(i, item)| self.step(item, i, areas))
            .collect();
        self.split_groups(items);
        (self.problems.len() == before).then_some(steps)
    }

    /// The steps of a side block follow one another. A group used again after a different
    /// step would make a second block of the same name, which is far more likely a step put
    /// in the wrong place than a wish, so it is refused where it is used again.
    fn split_groups(&mut self, items: &[Value<'_>]) {
        let key = |item: &Value<'_>, key: &str| {
            let value = item.get_ref().as_table()?.get(key)?;
            Some((value.span(), value.get_ref().as_str()?.to_string()))
        };
        // Each group's name and the last step that used it.
        let mut last: Vec<(String, usize)> = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let Some((span, group)) = key(item, "group") else {
                continue;
            };
            match last.iter_mut().find(|(name, _)| *name == group) {
                Some((_, previous)) if *previous + 1 == index => *previous = index,
                Some((_, previous)) => {
                    let ended = *previous + 1;
                    let ended_by = match items.get(ended).and_then(|item| key(item, "name")) {
                        Some((_, name)) => format!("`steps[{ended}]` ({name:?})"),
                        None => format!("`steps[{ended}]`"),
                    };
                    self.problems.push(
                        Problem::at(
                            span,
                            format!(
                                "`steps[{index}].group` {group:?} is used again after its side block ended at {ended_by}"
                            ),
                        )
                        .with_hint(
                            "the steps of a side block follow one another: move this step up to \
                             join them, or give it a group of its own",
                        ),
                    );
                    *previous = index;
                }
                None => last.push((group, index)),
            }
        }
    }

    fn step(&mut self, value: &Value<'_>, index: usize, areas: Option<&[Area]>) -> Option<Step> {
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
        // Field names are only spelt out when a problem is reported: most files have none.
        self.unknown_keys(table, STEP_KEYS, StepField { index, key: "" });
        let field = |key: &'static str| StepField { index, key };
        let name = self
            .required_in(value, table, "name", field("name"))
            .and_then(|v| self.text(v, field("name"), NAME_MAX));
        let cue = self
            .required_in(value, table, "cue", field("cue"))
            .and_then(|v| self.text(v, field("cue"), CUE_MAX));
        let seconds = self
            .required_in(value, table, "seconds", field("seconds"))
            .and_then(|v| self.integer(v, field("seconds"), SECONDS_RANGE));
        let pressure = match table.get("pressure") {
            Some(v) => self.vocab::<Pressure>(v, field("pressure")).map(Some),
            None => Some(None),
        };
        let stroke = self
            .required_in(value, table, "stroke", field("stroke"))
            .and_then(|v| self.vocab::<Stroke>(v, field("stroke")));
        // Pressure is for the strokes where the hands press; the others keep none (the lint
        // says a written one has no effect).
        let pressure = match (pressure, stroke) {
            (Some(None), Some(stroke)) if stroke.presses() => {
                self.problems.push(
                    Problem::at(
                        header_span(value),
                        format!(
                            "missing field `{}`: a {stroke} step needs a pressure",
                            field("pressure")
                        ),
                    )
                    .with_hint(
                        "give `pressure = \"light\"`, \"medium\" or \"firm\"; only breathing and \
                         stretching steps go without",
                    ),
                );
                None
            }
            (Some(pressure), Some(stroke)) => Some(pressure.filter(|_| stroke.presses())),
            (pressure, None) => pressure,
            (None, Some(_)) => None,
        };
        let tempo = match table.get("tempo") {
            Some(v) => self.integer(v, field("tempo"), TEMPO_RANGE).map(Some),
            None => Some(None),
        };
        let side = match table.get("side") {
            Some(v) => self.vocab::<Side>(v, field("side")),
            None => Some(Side::Both),
        };
        let spot = match table.get("spot") {
            Some(v) => self.spot(v, field("spot"), areas).map(Some),
            None => Some(None),
        };
        let group = match table.get("group") {
            Some(v) => self
                .group(v, field("group"), side, table.contains_key("side"))
                .map(Some),
            None => Some(None),
        };
        let avoid_with = self.precautions(table, field("avoid_with"));
        let gentle_with = self.precautions(table, field("gentle_with"));
        if let (Some(avoid), Some(gentle)) = (&avoid_with, &gentle_with) {
            self.avoided_and_gentle(table, avoid, gentle, field("gentle_with"));
        }
        Some(Step {
            name: name?,
            cue: cue?,
            seconds: seconds?,
            pressure: pressure?,
            stroke: stroke?,
            tempo: tempo?,
            side: side?,
            spot: spot?,
            group: group?,
            avoid_with: avoid_with?,
            gentle_with: gentle_with?,
        })
    }

    /// A step's `avoid_with` or `gentle_with`: precautions, each once. `recent-surgery` is
    /// refused here: it carries its area in the profile, and a step on that area is left out
    /// by its spot, so a tag could only disagree with it.
    fn precautions(&mut self, table: &DeTable<'_>, field: StepField) -> Option<Vec<Precaution>> {
        let Some(value) = table.get(field.key) else {
            return Some(Vec::new());
        };
        let list = self.vocab_list::<Precaution>(value, field)?;
        let Some(position) = list.iter().position(|p| *p == Precaution::RecentSurgery) else {
            return Some(list);
        };
        let item = value.get_ref().as_array().and_then(|items| items.get(position));
        self.problems.push(
            Problem::at(
                item.map_or_else(|| value.span(), |item| item.span()),
                format!("`{field}` cannot name \"recent-surgery\""),
            )
            .with_hint(
                "a person's recent surgery is recorded with its area, and every step on that \
                 area (by its `spot`, else the routine's `areas`) is left out for them",
            ),
        );
        None
    }

    /// A precaution in both lists: leaving the step out already covers softening it.
    fn avoided_and_gentle(
        &mut self,
        table: &DeTable<'_>,
        avoid: &[Precaution],
        gentle: &[Precaution],
        field: StepField,
    ) {
        let Some(items) = table.get(field.key).and_then(|v| v.get_ref().as_array()) else {
            return;
        };
        for (item, precaution) in items.iter().zip(gentle) {
            if avoid.contains(precaution) {
                self.problems.push(
                    Problem::at(
                        item.span(),
                        format!(
                            "`{field}` names {:?}, which `avoid_with` already names",
                            precaution.as_str()
                        ),
                    )
                    .with_hint("a step left out for a precaution need not be softened for it: remove one"),
                );
            }
        }
    }

    /// A side block's name, on a step done on each side. `side` is the step's side, when it
    /// could be read, and `written` whether the file gave it (else it is the default).
    fn group(
        &mut self,
        value: &Value<'_>,
        field: StepField,
        side: Option<Side>,
        written: bool,
    ) -> Option<String> {
        let group = self.text(value, field, GROUP_MAX)?;
        if !is_slug(&group) {
            self.problem(
                value.span(),
                format!("`{field}` may hold only lowercase letters a-z, digits and '-'"),
            );
            return None;
        }
        match side {
            Some(Side::Each) => Some(group.to_string()),
            Some(side) => {
                let default = if written { "" } else { " (the default)" };
                self.problems.push(
                    Problem::at(
                        value.span(),
                        format!(
                            "`{field}` is set on a step whose side is {:?}{default}",
                            side.as_str()
                        ),
                    )
                    .with_hint(
                        "`group` only joins steps with side = \"each\": set that side, or remove `group`",
                    ),
                );
                None
            }
            // The side itself is wrong and already reported.
            None => None,
        }
    }

    fn spot(&mut self, value: &Value<'_>, field: StepField, areas: Option<&[Area]>) -> Option<Spot> {
        let spot = self.vocab::<Spot>(value, field)?;
        let Some(areas) = areas else {
            return Some(spot);
        };
        if areas.contains(&spot.area()) {
            return Some(spot);
        }
        let nearby: Vec<&str> = areas.iter().flat_map(|a| a.spots()).map(Spot::as_str).collect();
        self.problems.push(
            Problem::at(
                value.span(),
                format!(
                    "`{field}` {:?} belongs to the area {:?}, which `areas` does not list",
                    spot.as_str(),
                    spot.area().as_str()
                ),
            )
            .with_hint(format!(
                "add {:?} to `areas`, or use a spot of the areas listed: {}",
                spot.area().as_str(),
                nearby.join(", ")
            )),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    //! One test per rule of the routine format. Each asserts on what a person sees: the text
    //! `knead check` prints (`r.toml:line:column: error: message`, the caret, the hint).

    use std::fmt::Write as _;

    use super::*;
    use crate::routine::FileProblems;

    /// What `knead check` prints for `source` saved as `r.toml`, or the routine.
    fn check(source: &str) -> Result<Routine, String> {
        check_as(source, "r")
    }

    fn check_as(source: &str, stem: &str) -> Result<Routine, String> {
        parse_routine(source, stem, Source::BuiltIn).map_err(|problems| {
            FileProblems {
                path: format!("{stem}.toml"),
                source: source.into(),
                problems,
            }
            .render(false)
        })
    }

    fn accepted(source: &str) -> Routine {
        check(source).unwrap_or_else(|shown| panic!("rejected:\n{source}\n{shown}"))
    }

    fn rejected(source: &str) -> String {
        match check(source) {
            Ok(routine) => panic!("accepted:\n{source}\nas {routine:?}"),
            Err(shown) => shown,
        }
    }

    /// The `path:line:column: error: message` lines, in the order they are printed.
    fn headlines(shown: &str) -> Vec<&str> {
        shown.lines().filter(|l| l.contains(": error: ")).collect()
    }

    /// The `help:` lines, without the gutter.
    fn hints(shown: &str) -> Vec<&str> {
        shown
            .lines()
            .filter_map(|l| l.split_once("= help: ").map(|(_, hint)| hint))
            .collect()
    }

    /// Asserts that exactly one problem is reported, with this headline.
    fn assert_single(source: &str, headline: &str) -> String {
        let shown = rejected(source);
        assert_eq!(headlines(&shown), [headline], "\n{shown}");
        shown
    }

    /// Nothing in `shown` but printable text and line breaks.
    fn assert_printable(shown: &str) {
        assert!(
            !shown.chars().any(|c| c != '\n' && crate::text::is_unsafe_char(c)),
            "{shown:?}"
        );
    }

    fn quoted(text: &str) -> String {
        format!("\"{text}\"")
    }

    const DEFAULT_TOP: &[(&str, Option<&str>)] = &[
        ("id", None),
        ("name", Some("\"Neck rub\"")),
        ("summary", Some("\"A short rub for a stiff neck.\"")),
        ("areas", Some("[\"neck\"]")),
        ("goals", Some("[\"stress\"]")),
        ("helps", None),
        ("cautions", None),
    ];
    const DEFAULT_STEP: &[(&str, Option<&str>)] = &[
        ("name", Some("\"Warm up\"")),
        ("cue", Some("\"Stroke slowly down the neck.\"")),
        ("seconds", Some("30")),
        ("pressure", Some("\"light\"")),
        ("stroke", Some("\"circles\"")),
        ("tempo", None),
        ("side", None),
        ("spot", None),
        ("group", None),
        ("avoid_with", None),
        ("gentle_with", None),
    ];

    /// A minimal valid routine file with some keys set (`Some`) or removed (`None`); step keys
    /// are written `steps.seconds`, and `steps` itself replaces the `[[steps]]` table.
    ///
    /// Keys keep a fixed order, so with only the defaults the lines are: 1 name, 2 summary,
    /// 3 areas, 4 goals, 5 `[[steps]]`, 6 name, 7 cue, 8 seconds, 9 pressure, 10 stroke. `id`
    /// comes first and `cautions` after `goals`; other keys follow their table's known ones.
    fn routine(edits: &[(&str, Option<&str>)]) -> String {
        let value = |key: &str, default: Option<&str>| -> Option<String> {
            match edits.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => v.map(str::to_owned),
                None => default.map(str::to_owned),
            }
        };
        let unknown = |prefix: &str, known: &[(&str, Option<&str>)]| -> Vec<(String, String)> {
            edits
                .iter()
                .filter_map(|(k, v)| {
                    let key = k.strip_prefix(prefix)?;
                    let is_top_level_step = prefix.is_empty() && (k.starts_with("steps.") || *k == "steps");
                    let known = known.iter().any(|(name, _)| *name == key);
                    (!known && !is_top_level_step)
                        .then(|| (key.to_string(), v.unwrap_or_default().to_string()))
                })
                .collect()
        };
        let mut out = String::new();
        for (key, default) in DEFAULT_TOP {
            if let Some(v) = value(key, *default) {
                writeln!(out, "{key} = {v}").unwrap();
            }
        }
        for (key, v) in unknown("", DEFAULT_TOP) {
            writeln!(out, "{key} = {v}").unwrap();
        }
        if let Some((_, steps)) = edits.iter().find(|(k, _)| *k == "steps") {
            if let Some(steps) = steps {
                writeln!(out, "steps = {steps}").unwrap();
            }
            return out;
        }
        out.push_str("[[steps]]\n");
        for (key, default) in DEFAULT_STEP {
            if let Some(v) = value(&format!("steps.{key}"), *default) {
                writeln!(out, "{key} = {v}").unwrap();
            }
        }
        for (key, v) in unknown("steps.", DEFAULT_STEP) {
            writeln!(out, "{key} = {v}").unwrap();
        }
        out
    }

    fn set(key: &str, value: &str) -> String {
        routine(&[(key, Some(value))])
    }

    // ---------------------------------------------------------------- valid files

    #[test]
    fn the_minimal_file_is_valid_and_fills_in_the_defaults() {
        let r = accepted(&routine(&[]));
        assert_eq!(r.id, "r", "the id comes from the file name");
        assert_eq!(r.name, "Neck rub");
        assert_eq!(r.summary, "A short rub for a stiff neck.");
        assert_eq!(r.areas, [Area::Neck]);
        assert_eq!(r.goals, [Goal::Stress]);
        assert!(r.cautions.is_empty(), "cautions are optional");
        assert_eq!(r.steps.len(), 1);
        let step = &r.steps[0];
        assert_eq!(
            (step.name.as_str(), step.cue.as_str(), step.seconds),
            ("Warm up", "Stroke slowly down the neck.", 30)
        );
        assert_eq!(
            (step.pressure, step.stroke),
            (Some(Pressure::Light), Stroke::Circles)
        );
        assert_eq!(step.tempo, None, "tempo is optional");
        assert_eq!(step.side, Side::Both, "side defaults to both");
        assert_eq!(r.source, Source::BuiltIn);
    }

    #[test]
    fn a_file_using_every_field_is_valid() {
        let source = r#"id = "full-routine"
name = "Full"
summary = "Every field."
areas = ["neck", "shoulders", "upper-back"]
goals = ["stress", "sleep"]
cautions = ["Go gently.", "Stop if it hurts."]
equipment = ["a tennis ball in a sock", "a table"]

[[steps]]
name = "One"
cue = "Press."
seconds = 20
pressure = "firm"
stroke = "pressing"
tempo = 120
side = "each"

[[steps]]
name = "Two"
cue = "Glide."
seconds = 1800
pressure = "medium"
stroke = "gliding"
tempo = 1
side = "left"
"#;
        let r = accepted(source);
        assert_eq!(r.id, "full-routine", "an id in the file wins over the file name");
        assert_eq!(
            r.areas,
            [Area::Neck, Area::Shoulders, Area::UpperBack],
            "order is kept"
        );
        assert_eq!(r.goals, [Goal::Stress, Goal::Sleep]);
        assert_eq!(r.cautions, ["Go gently.", "Stop if it hurts."]);
        assert_eq!(r.equipment, ["a tennis ball in a sock", "a table"]);
        assert_eq!(r.steps[0].tempo, Some(120));
        assert_eq!(r.steps[0].side, Side::Each);
        assert_eq!(r.steps[1].side, Side::Left);
        assert_eq!(
            r.planned_seconds(),
            20 * 2 + 1800,
            "an `each` step runs once per side"
        );
    }

    #[test]
    fn steps_may_also_be_written_inline() {
        let r = accepted(&set(
            "steps",
            r#"[{ name = "a", cue = "b", seconds = 5, pressure = "medium", stroke = "tapping" }]"#,
        ));
        assert_eq!(r.steps[0].stroke, Stroke::Tapping);
    }

    #[test]
    fn every_value_of_every_vocabulary_is_accepted() {
        for area in Area::ALL {
            let r = accepted(&set("areas", &format!("[\"{area}\"]")));
            assert_eq!(r.areas, [*area]);
        }
        for goal in Goal::ALL {
            let r = accepted(&set("goals", &format!("[\"{goal}\"]")));
            assert_eq!(r.goals, [*goal]);
        }
        for pressure in Pressure::ALL {
            let r = accepted(&set("steps.pressure", &quoted(pressure.as_str())));
            assert_eq!(r.steps[0].pressure, Some(*pressure));
        }
        for stroke in Stroke::ALL {
            let r = accepted(&set("steps.stroke", &quoted(stroke.as_str())));
            assert_eq!(r.steps[0].stroke, *stroke);
        }
        for side in Side::ALL {
            let r = accepted(&set("steps.side", &quoted(side.as_str())));
            assert_eq!(r.steps[0].side, *side);
        }
    }

    #[test]
    fn the_vocabularies_are_the_documented_sets() {
        assert_eq!(Pressure::known(), "light, medium, firm");
        assert_eq!(Side::known(), "left, right, both, each");
        assert_eq!(Goal::known(), "stress, pain, circulation, mood, sleep, recovery");
        assert_eq!(
            Stroke::known(),
            "circles, kneading, gliding, pressing, holding, stroking, tapping, squeezing, stretching, breathing"
        );
        assert_eq!(Area::ALL.len(), 17);
    }

    // ---------------------------------------------------------------- id

    #[test]
    fn an_id_is_1_to_40_characters() {
        let forty = "a".repeat(40);
        assert_eq!(accepted(&set("id", &quoted(&forty))).id, forty);
        assert_eq!(accepted(&set("id", "\"a\"")).id, "a");
        assert_single(
            &set("id", &quoted(&"a".repeat(41))),
            "r.toml:1:6: error: `id` must be 1 to 40 characters long, found 41",
        );
        assert_single(
            &set("id", "\"\""),
            "r.toml:1:6: error: `id` must be 1 to 40 characters long, found 0",
        );
    }

    #[test]
    fn an_id_holds_only_lowercase_letters_digits_and_dashes() {
        assert_eq!(accepted(&set("id", "\"neck-2-go\"")).id, "neck-2-go");
        for bad in [
            "Neck",
            "neck_release",
            "neck release",
            "néck",
            "neck.v2",
            "neck/..",
        ] {
            assert_single(
                &set("id", &quoted(bad)),
                "r.toml:1:6: error: `id`: an id may hold only lowercase letters a-z, digits and '-'",
            );
        }
    }

    #[test]
    fn an_id_must_be_a_string() {
        assert_single(
            &set("id", "7"),
            "r.toml:1:6: error: `id` must be a string, found integer",
        );
    }

    #[test]
    fn without_an_id_the_file_name_is_the_id() {
        let r = check_as(&routine(&[]), "my-rub-2").unwrap();
        assert_eq!(r.id, "my-rub-2");
    }

    #[test]
    fn a_file_name_that_is_no_id_is_reported_for_the_whole_file_with_a_hint() {
        let shown = check_as(&routine(&[]), "My Rub").unwrap_err();
        assert_eq!(
            shown,
            "My Rub.toml: error: the file name \"My Rub\" is not a valid id: an id may hold only \
             lowercase letters a-z, digits and '-'\n  = help: set `id = \"...\"` in the file or rename it\n"
        );
        let long = "a".repeat(41);
        let shown = check_as(&routine(&[]), &long).unwrap_err();
        assert!(
            shown.contains("is not a valid id: an id must be 1 to 40 characters long"),
            "{shown}"
        );
        // An id in the file makes the name irrelevant.
        let r = check_as(&set("id", "\"fine\""), "My Rub").unwrap();
        assert_eq!(r.id, "fine");
    }

    // ---------------------------------------------------------------- texts

    #[test]
    fn a_name_is_1_to_60_characters() {
        assert_eq!(accepted(&set("name", &quoted(&"n".repeat(60)))).name.len(), 60);
        assert_eq!(accepted(&set("name", "\"n\"")).name, "n");
        assert_single(
            &set("name", &quoted(&"n".repeat(61))),
            "r.toml:1:8: error: `name` must be 1 to 60 characters long, found 61",
        );
        assert_single(
            &set("name", "\"\""),
            "r.toml:1:8: error: `name` must be 1 to 60 characters long, found 0",
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let sixty = "é".repeat(60);
        assert_eq!(accepted(&set("name", &quoted(&sixty))).name, sixty);
        assert_single(
            &set("name", &quoted(&"é".repeat(61))),
            "r.toml:1:8: error: `name` must be 1 to 60 characters long, found 61",
        );
    }

    #[test]
    fn text_of_only_spaces_is_called_blank_not_a_wrong_length() {
        assert_single(
            &set("name", "\"   \""),
            "r.toml:1:8: error: `name` holds only spaces; it must be 1 to 60 characters of text",
        );
        assert_single(
            &set("steps.cue", "\" \""),
            "r.toml:7:7: error: `steps[0].cue` holds only spaces; it must be 1 to 400 characters of text",
        );
    }

    #[test]
    fn a_summary_is_1_to_200_characters() {
        accepted(&set("summary", &quoted(&"s".repeat(SUMMARY_MAX))));
        assert_single(
            &set("summary", &quoted(&"s".repeat(SUMMARY_MAX + 1))),
            "r.toml:2:11: error: `summary` must be 1 to 200 characters long, found 201",
        );
        assert_single(
            &set("summary", "\"\""),
            "r.toml:2:11: error: `summary` must be 1 to 200 characters long, found 0",
        );
    }

    #[test]
    fn name_and_summary_are_required_and_must_be_strings() {
        let shown = rejected(&routine(&[("name", None), ("summary", None)]));
        assert_eq!(
            shown,
            "r.toml: error: missing field `name`\nr.toml: error: missing field `summary`\n"
        );
        assert_single(
            &set("name", "[\"Neck\"]"),
            "r.toml:1:8: error: `name` must be a string, found array",
        );
        assert_single(
            &set("summary", "true"),
            "r.toml:2:11: error: `summary` must be a string, found boolean",
        );
    }

    #[test]
    fn cautions_hold_up_to_8_texts_of_1_to_300_characters() {
        let eight = ["\"Careful.\""; 8].join(", ");
        assert_eq!(
            accepted(&set("cautions", &format!("[{eight}]"))).cautions.len(),
            8
        );
        let nine = ["\"Careful.\""; 9].join(", ");
        assert_single(
            &set("cautions", &format!("[{nine}]")),
            "r.toml:5:12: error: `cautions` may hold at most 8 items, found 9",
        );
        accepted(&set("cautions", &format!("[{}]", quoted(&"c".repeat(300)))));
        assert_single(
            &set("cautions", &format!("[\"ok\", {}]", quoted(&"c".repeat(301)))),
            "r.toml:5:19: error: `cautions[1]` must be 1 to 300 characters long, found 301",
        );
        assert_single(
            &set("cautions", "[\"\"]"),
            "r.toml:5:13: error: `cautions[0]` must be 1 to 300 characters long, found 0",
        );
        assert!(accepted(&set("cautions", "[]")).cautions.is_empty());
    }

    #[test]
    fn cautions_must_be_a_list_of_strings() {
        assert_single(
            &set("cautions", "\"Careful.\""),
            "r.toml:5:12: error: `cautions` must be a list of strings, found string",
        );
        assert_single(
            &set("cautions", "[\"Careful.\", 3]"),
            "r.toml:5:25: error: `cautions[1]` must be a string, found integer",
        );
    }

    #[test]
    fn equipment_is_optional_and_holds_up_to_6_short_texts() {
        assert!(accepted(&routine(DEFAULT_TOP)).equipment.is_empty());
        let six = ["\"a towel\""; 6].join(", ");
        assert_eq!(
            accepted(&set("cautions", &format!("[\"ok\"]\nequipment = [{six}]")))
                .equipment
                .len(),
            6
        );
        let seven = ["\"a towel\""; 7].join(", ");
        assert_single(
            &set("cautions", &format!("[\"ok\"]\nequipment = [{seven}]")),
            "r.toml:6:13: error: `equipment` may hold at most 6 items, found 7",
        );
        assert_single(
            &set(
                "cautions",
                &format!("[\"ok\"]\nequipment = [{}]", quoted(&"b".repeat(61))),
            ),
            "r.toml:6:14: error: `equipment[0]` must be 1 to 60 characters long, found 61",
        );
        assert_single(
            &set("cautions", "[\"ok\"]\nequipment = \"a ball\""),
            "r.toml:6:13: error: `equipment` must be a list of strings, found string",
        );
        assert_single(
            &set("cautions", "[\"ok\"]\nequipment = [\"a\\u001b[2Jball\"]"),
            "r.toml:6:14: error: `equipment[0]` holds a control character (U+001B)",
        );
    }

    // ---------------------------------------------------------------- areas and goals

    #[test]
    fn areas_need_at_least_one_known_area() {
        let shown = assert_single(
            &set("areas", "[]"),
            "r.toml:3:9: error: `areas` needs at least one body area",
        );
        assert_eq!(hints(&shown), [format!("known: {}", Area::known())]);
        let shown = rejected(&routine(&[("areas", None)]));
        assert_eq!(shown, "r.toml: error: missing field `areas`\n");
    }

    #[test]
    fn an_unknown_area_is_named_with_the_closest_one_and_the_known_set() {
        let shown = assert_single(
            &set("areas", "[\"neck\", \"sholders\"]"),
            "r.toml:3:18: error: unknown body area \"sholders\" in `areas[1]`",
        );
        assert_eq!(
            hints(&shown),
            [format!("did you mean \"shoulders\"? known: {}", Area::known())]
        );
        // Nothing close: only the known set.
        let shown = assert_single(
            &set("areas", "[\"elbow\"]"),
            "r.toml:3:10: error: unknown body area \"elbow\" in `areas[0]`",
        );
        assert_eq!(hints(&shown), [format!("known: {}", Area::known())]);
    }

    #[test]
    fn areas_must_be_a_list_of_strings() {
        assert_single(
            &set("areas", "\"neck\""),
            "r.toml:3:9: error: `areas` must be a list of strings, found string",
        );
        assert_single(
            &set("areas", "[\"neck\", 2]"),
            "r.toml:3:18: error: `areas[1]` must be a string, found integer",
        );
    }

    #[test]
    fn an_area_listed_twice_is_reported_at_the_second_entry() {
        assert_single(
            &set("areas", "[\"neck\", \"jaw\", \"neck\"]"),
            "r.toml:3:25: error: `areas` lists \"neck\" twice",
        );
    }

    #[test]
    fn goals_need_at_least_one_known_goal_listed_once() {
        let shown = assert_single(
            &set("goals", "[]"),
            "r.toml:4:9: error: `goals` needs at least one goal",
        );
        assert_eq!(hints(&shown), [format!("known: {}", Goal::known())]);
        let shown = assert_single(
            &set("goals", "[\"slep\"]"),
            "r.toml:4:10: error: unknown goal \"slep\" in `goals[0]`",
        );
        assert_eq!(
            hints(&shown),
            [format!("did you mean \"sleep\"? known: {}", Goal::known())]
        );
        assert_single(
            &set("goals", "[\"sleep\", \"sleep\"]"),
            "r.toml:4:19: error: `goals` lists \"sleep\" twice",
        );
        assert_single(
            &set("goals", "{ sleep = true }"),
            "r.toml:4:9: error: `goals` must be a list of strings, found table",
        );
    }

    // ---------------------------------------------------------------- steps

    #[test]
    fn a_routine_needs_at_least_one_step() {
        let shown = assert_single(
            &set("steps", "[]"),
            "r.toml:5:9: error: a routine needs at least one step",
        );
        assert_eq!(hints(&shown), ["add a `[[steps]]` table"]);
        let shown = rejected(&routine(&[("steps", None)]));
        assert_eq!(shown, "r.toml: error: missing field `steps`\n");
    }

    #[test]
    fn a_routine_has_at_most_100_steps() {
        let step =
            "[[steps]]\nname = \"s\"\ncue = \"c\"\nseconds = 1\npressure = \"light\"\nstroke = \"holding\"\n";
        let head = routine(&[("steps", None)]);
        let hundred = format!("{head}{}", step.repeat(STEPS_MAX));
        assert_eq!(accepted(&hundred).steps.len(), 100);
        let shown = rejected(&format!("{head}{}", step.repeat(STEPS_MAX + 1)));
        assert_eq!(
            headlines(&shown),
            ["r.toml:5:1: error: a routine may have at most 100 steps, found 101"]
        );
    }

    #[test]
    fn steps_must_be_tables() {
        let shown = assert_single(
            &set("steps", "\"breathe\""),
            "r.toml:5:9: error: `steps` must be a list of tables",
        );
        assert_eq!(hints(&shown), ["write each step as a `[[steps]]` table"]);
        assert_single(
            &set("steps", "[\"breathe\"]"),
            "r.toml:5:10: error: `steps[0]` must be a table, found string",
        );
        // `[steps]` instead of `[[steps]]`: a single table, not a list of them.
        let single = routine(&[]).replace("[[steps]]", "[steps]");
        let shown = rejected(&single);
        assert_eq!(
            hints(&shown),
            ["write each step as a `[[steps]]` table"],
            "{shown}"
        );
    }

    #[test]
    fn a_missing_step_field_points_at_its_step_header() {
        let shown = rejected(&routine(&[("steps.cue", None), ("steps.stroke", None)]));
        assert_eq!(
            headlines(&shown),
            [
                "r.toml:5:1: error: missing field `steps[0].cue`",
                "r.toml:5:1: error: missing field `steps[0].stroke`",
            ]
        );
        assert!(shown.contains("5 | [[steps]]\n  | ^\n"), "{shown}");
    }

    #[test]
    fn a_step_name_is_1_to_60_characters() {
        accepted(&set("steps.name", &quoted(&"n".repeat(60))));
        assert_single(
            &set("steps.name", &quoted(&"n".repeat(61))),
            "r.toml:6:8: error: `steps[0].name` must be 1 to 60 characters long, found 61",
        );
        assert_single(
            &set("steps.name", "\"\""),
            "r.toml:6:8: error: `steps[0].name` must be 1 to 60 characters long, found 0",
        );
        assert_single(
            &set("steps.name", "1"),
            "r.toml:6:8: error: `steps[0].name` must be a string, found integer",
        );
    }

    #[test]
    fn a_cue_is_1_to_400_characters() {
        accepted(&set("steps.cue", &quoted(&"c".repeat(400))));
        assert_single(
            &set("steps.cue", &quoted(&"c".repeat(401))),
            "r.toml:7:7: error: `steps[0].cue` must be 1 to 400 characters long, found 401",
        );
        assert_single(
            &set("steps.cue", "\"\""),
            "r.toml:7:7: error: `steps[0].cue` must be 1 to 400 characters long, found 0",
        );
    }

    #[test]
    fn seconds_are_a_whole_number_from_1_to_1800() {
        assert_eq!(accepted(&set("steps.seconds", "1")).steps[0].seconds, 1);
        assert_eq!(accepted(&set("steps.seconds", "1800")).steps[0].seconds, 1800);
        assert_eq!(accepted(&set("steps.seconds", "1_800")).steps[0].seconds, 1800);
        assert_eq!(accepted(&set("steps.seconds", "0x1e")).steps[0].seconds, 30);
        for (value, found) in [("0", "0"), ("1801", "1801"), ("-30", "-30"), ("0x709", "1801")] {
            assert_single(
                &set("steps.seconds", value),
                &format!("r.toml:8:11: error: `steps[0].seconds` must be from 1 to 1800, found {found}"),
            );
        }
        for (value, found) in [
            ("30.0", "float"),
            ("\"30\"", "string"),
            ("1979-05-27", "datetime"),
        ] {
            assert_single(
                &set("steps.seconds", value),
                &format!("r.toml:8:11: error: `steps[0].seconds` must be a whole number, found {found}"),
            );
        }
    }

    #[test]
    fn a_number_past_the_64_bit_range_is_out_of_range_not_a_wrong_type() {
        assert_single(
            &set("steps.seconds", "99999999999999999999"),
            "r.toml:8:11: error: `steps[0].seconds` must be from 1 to 1800, found a number far out of range",
        );
    }

    #[test]
    fn tempo_is_optional_and_from_1_to_120() {
        assert_eq!(accepted(&set("steps.tempo", "1")).steps[0].tempo, Some(1));
        assert_eq!(accepted(&set("steps.tempo", "120")).steps[0].tempo, Some(120));
        assert_single(
            &set("steps.tempo", "0"),
            "r.toml:11:9: error: `steps[0].tempo` must be from 1 to 120, found 0",
        );
        assert_single(
            &set("steps.tempo", "121"),
            "r.toml:11:9: error: `steps[0].tempo` must be from 1 to 120, found 121",
        );
        assert_single(
            &set("steps.tempo", "\"slow\""),
            "r.toml:11:9: error: `steps[0].tempo` must be a whole number, found string",
        );
    }

    #[test]
    fn pressure_is_light_medium_or_firm() {
        let shown = assert_single(
            &set("steps.pressure", "\"Firm\""),
            "r.toml:9:12: error: unknown pressure \"Firm\" in `steps[0].pressure`",
        );
        assert_eq!(
            hints(&shown),
            ["did you mean \"firm\"? known: light, medium, firm"]
        );
        let shown = assert_single(
            &set("steps.pressure", "\"hard\""),
            "r.toml:9:12: error: unknown pressure \"hard\" in `steps[0].pressure`",
        );
        assert_eq!(hints(&shown), ["known: light, medium, firm"]);
        assert_single(
            &set("steps.pressure", "2"),
            "r.toml:9:12: error: `steps[0].pressure` must be a string, found integer",
        );
    }

    #[test]
    fn pressure_belongs_to_the_strokes_where_the_hands_press() {
        // Breathing and stretching need none, and keep none when a file gives one (the lint
        // says it has no effect).
        for stroke in ["breathing", "stretching"] {
            let stroke = quoted(stroke);
            let without = accepted(&routine(&[
                ("steps.stroke", Some(&stroke)),
                ("steps.pressure", None),
            ]));
            assert_eq!(without.steps[0].pressure, None);
            let with = accepted(&routine(&[
                ("steps.stroke", Some(&stroke)),
                ("steps.pressure", Some("\"firm\"")),
            ]));
            assert_eq!(with.steps[0].pressure, None);
        }
        // A stroke where the hands press must say how hard.
        let shown = rejected(&routine(&[
            ("steps.stroke", Some("\"kneading\"")),
            ("steps.pressure", None),
        ]));
        assert_eq!(
            headlines(&shown),
            ["r.toml:5:1: error: missing field `steps[0].pressure`: a kneading step needs a pressure"]
        );
        assert_eq!(
            hints(&shown),
            [
                "give `pressure = \"light\"`, \"medium\" or \"firm\"; only breathing and stretching steps go without"
            ]
        );
    }

    #[test]
    fn stroke_is_one_of_the_known_strokes() {
        let shown = assert_single(
            &set("steps.stroke", "\"kneed\""),
            "r.toml:10:10: error: unknown stroke \"kneed\" in `steps[0].stroke`",
        );
        assert_eq!(
            hints(&shown),
            [format!("did you mean \"kneading\"? known: {}", Stroke::known())]
        );
    }

    #[test]
    fn side_is_left_right_both_or_each() {
        let shown = assert_single(
            &set("steps.side", "\"bth\""),
            "r.toml:11:8: error: unknown side \"bth\" in `steps[0].side`",
        );
        assert_eq!(
            hints(&shown),
            ["did you mean \"both\"? known: left, right, both, each"]
        );
        assert_single(
            &set("steps.side", "true"),
            "r.toml:11:8: error: `steps[0].side` must be a string, found boolean",
        );
    }

    #[test]
    fn spot_is_optional_and_one_of_the_known_spots() {
        assert_eq!(accepted(&routine(&[])).steps[0].spot, None);
        assert_eq!(
            accepted(&set("steps.spot", "\"back-of-neck\"")).steps[0].spot,
            Some(Spot::BackOfNeck)
        );
        let shown = assert_single(
            &set("steps.spot", "\"back-of-nek\""),
            "r.toml:11:8: error: unknown spot \"back-of-nek\" in `steps[0].spot`",
        );
        assert_eq!(
            hints(&shown),
            [format!("did you mean \"back-of-neck\"? known: {}", Spot::known())]
        );
        assert_single(
            &set("steps.spot", "[\"calf\"]"),
            "r.toml:11:8: error: `steps[0].spot` must be a string, found array",
        );
    }

    #[test]
    fn a_spot_must_lie_in_one_of_the_routines_areas() {
        let shown = assert_single(
            &set("steps.spot", "\"calf\""),
            "r.toml:11:8: error: `steps[0].spot` \"calf\" belongs to the area \"calves\", which `areas` does not list",
        );
        assert_eq!(
            hints(&shown),
            ["add \"calves\" to `areas`, or use a spot of the areas listed: back-of-neck, base-of-skull"]
        );
        assert!(
            shown.contains("11 | spot = \"calf\"\n   |        ^^^^^^\n"),
            "{shown}"
        );
        let both = routine(&[
            ("areas", Some("[\"neck\", \"calves\"]")),
            ("steps.spot", Some("\"calf\"")),
        ]);
        assert_eq!(accepted(&both).steps[0].spot, Some(Spot::Calf));
        // With `areas` itself wrong there is nothing to hold the spot to: one problem, not two.
        assert_single(
            &routine(&[("areas", Some("[\"nek\"]")), ("steps.spot", Some("\"calf\""))]),
            "r.toml:3:10: error: unknown body area \"nek\" in `areas[0]`",
        );
    }

    // ---------------------------------------------------------------- precautions and complaints

    #[test]
    fn a_step_names_the_precautions_it_does_not_suit() {
        let step = &accepted(&routine(&[
            ("steps.avoid_with", Some("[\"blood-thinners\", \"osteoporosis\"]")),
            ("steps.gentle_with", Some("[\"fragile-skin\"]")),
        ]))
        .steps[0];
        assert_eq!(
            step.avoid_with,
            [Precaution::BloodThinners, Precaution::Osteoporosis]
        );
        assert_eq!(step.gentle_with, [Precaution::FragileSkin]);
        let plain = &accepted(&routine(&[])).steps[0];
        assert!(
            plain.avoid_with.is_empty() && plain.gentle_with.is_empty(),
            "both are optional"
        );
        for &precaution in Precaution::ALL {
            if precaution == Precaution::RecentSurgery {
                continue;
            }
            let r = accepted(&set("steps.gentle_with", &format!("[\"{precaution}\"]")));
            assert_eq!(r.steps[0].gentle_with, [precaution]);
        }
    }

    #[test]
    fn an_unknown_precaution_is_named_with_the_closest_one() {
        let shown = assert_single(
            &set("steps.avoid_with", "[\"blood-thiners\"]"),
            "r.toml:11:15: error: unknown precaution \"blood-thiners\" in `steps[0].avoid_with[0]`",
        );
        assert_eq!(
            hints(&shown),
            [format!(
                "did you mean \"blood-thinners\"? known: {}",
                Precaution::known()
            )]
        );
        assert!(
            shown.contains("11 | avoid_with = [\"blood-thiners\"]\n   |               ^^^^^^^^^^^^^^^\n"),
            "{shown}"
        );
        assert_single(
            &set("steps.gentle_with", "\"pregnancy\""),
            "r.toml:11:15: error: `steps[0].gentle_with` must be a list of strings, found string",
        );
        assert_single(
            &set("steps.avoid_with", "[\"implant\", \"implant\"]"),
            "r.toml:11:26: error: `steps[0].avoid_with` lists \"implant\" twice",
        );
    }

    #[test]
    fn recent_surgery_is_not_a_step_tag_since_it_goes_by_area() {
        let shown = assert_single(
            &set("steps.avoid_with", "[\"pregnancy\", \"recent-surgery\"]"),
            "r.toml:11:28: error: `steps[0].avoid_with` cannot name \"recent-surgery\"",
        );
        assert!(hints(&shown)[0].contains("recorded with its area"), "{shown}");
    }

    #[test]
    fn a_precaution_both_avoided_and_softened_is_reported_at_the_second() {
        let shown = assert_single(
            &routine(&[
                ("steps.avoid_with", Some("[\"pregnancy\"]")),
                ("steps.gentle_with", Some("[\"implant\", \"pregnancy\"]")),
            ]),
            "r.toml:12:27: error: `steps[0].gentle_with` names \"pregnancy\", which `avoid_with` already names",
        );
        assert!(hints(&shown)[0].contains("remove one"), "{shown}");
    }

    #[test]
    fn a_routine_names_the_complaints_it_helps_with() {
        assert!(accepted(&routine(&[])).helps.is_empty(), "helps is optional");
        let r = accepted(&set("helps", "[\"eye-strain\", \"headache\"]"));
        assert_eq!(r.helps, [Complaint::EyeStrain, Complaint::Headache]);
        for &complaint in Complaint::ALL {
            assert_eq!(
                accepted(&set("helps", &format!("[\"{complaint}\"]"))).helps,
                [complaint]
            );
        }
        let shown = assert_single(
            &set("helps", "[\"eye-strian\"]"),
            "r.toml:5:10: error: unknown complaint \"eye-strian\" in `helps[0]`",
        );
        assert_eq!(
            hints(&shown),
            [format!(
                "did you mean \"eye-strain\"? known: {}",
                Complaint::known()
            )]
        );
        assert_eq!(
            Complaint::known(),
            "headache, eye-strain, jaw-clenching, desk-work, driving, running, heel-pain, \
             restless-legs, period-pain, bloating, stiff-hands, cant-sleep"
        );
        assert_eq!(
            Precaution::known(),
            "pregnancy, blood-thinners, clot-history, implant, osteoporosis, high-blood-pressure, \
             recent-surgery, hand-arthritis, fragile-skin"
        );
    }

    #[test]
    fn the_back_of_the_forearm_is_a_spot_of_the_forearms() {
        let r = accepted(&routine(&[
            ("areas", Some("[\"forearms\"]")),
            ("steps.spot", Some("\"back-of-forearm\"")),
        ]));
        assert_eq!(r.steps[0].spot, Some(Spot::BackOfForearm));
        let shown = assert_single(
            &routine(&[
                ("areas", Some("[\"forearms\"]")),
                ("steps.spot", Some("\"back-of-forarm\"")),
            ]),
            "r.toml:11:8: error: unknown spot \"back-of-forarm\" in `steps[0].spot`",
        );
        assert!(
            hints(&shown)[0].starts_with("did you mean \"back-of-forearm\"?"),
            "{shown}"
        );
    }

    // ---------------------------------------------------------------- side blocks

    /// A routine of steps named `name`, each with `extra` lines after the required keys.
    /// Line 5 is blank and each step takes 7 lines plus its extra ones: a blank, `[[steps]]`,
    /// name, cue, seconds, pressure, stroke.
    fn with_steps(steps: &[(&str, &str)]) -> String {
        let mut out =
            "name = \"Legs\"\nsummary = \"S.\"\nareas = [\"calves\"]\ngoals = [\"recovery\"]\n".to_string();
        for (name, extra) in steps {
            write!(
                out,
                "\n[[steps]]\nname = \"{name}\"\ncue = \"C.\"\nseconds = 10\npressure = \"light\"\nstroke = \"circles\"\n{extra}"
            )
            .unwrap();
        }
        out
    }

    const CALF: &str = "side = \"each\"\ngroup = \"calf\"\n";
    const FOOT: &str = "side = \"each\"\ngroup = \"foot\"\n";
    const EACH: &str = "side = \"each\"\n";

    #[test]
    fn group_joins_each_sided_steps_and_is_optional() {
        assert_eq!(accepted(&routine(&[])).steps[0].group, None);
        let r = accepted(&with_steps(&[
            ("Squeeze", CALF),
            ("Strokes", CALF),
            ("Ankle", EACH),
            ("Arch", FOOT),
            ("Heel", FOOT),
        ]));
        let groups: Vec<Option<&str>> = r.steps.iter().map(|s| s.group.as_deref()).collect();
        assert_eq!(
            groups,
            [Some("calf"), Some("calf"), None, Some("foot"), Some("foot")]
        );
        assert_eq!(r.side_block(1), 0..2);
        assert_eq!(r.side_block(2), 2..3);
        assert_eq!(r.side_block(3), 3..5);
        // Digits and dashes too, as in an id.
        assert_eq!(
            accepted(&with_steps(&[("a", "side = \"each\"\ngroup = \"2nd-leg\"\n")])).steps[0]
                .group
                .as_deref(),
            Some("2nd-leg")
        );
    }

    #[test]
    fn a_group_name_follows_the_rules_of_an_id() {
        let each = |group: &str| routine(&[("steps.side", Some("\"each\"")), ("steps.group", Some(group))]);
        assert_single(
            &each(&quoted(&"c".repeat(41))),
            "r.toml:12:9: error: `steps[0].group` must be 1 to 40 characters long, found 41",
        );
        assert_single(
            &each("\"\""),
            "r.toml:12:9: error: `steps[0].group` must be 1 to 40 characters long, found 0",
        );
        assert_single(
            &each("\"Calf muscles\""),
            "r.toml:12:9: error: `steps[0].group` may hold only lowercase letters a-z, digits and '-'",
        );
        assert_single(
            &each("1"),
            "r.toml:12:9: error: `steps[0].group` must be a string, found integer",
        );
    }

    #[test]
    fn a_group_on_a_step_that_is_not_each_is_explained() {
        let shown = assert_single(
            &set("steps.group", "\"calf\""),
            "r.toml:11:9: error: `steps[0].group` is set on a step whose side is \"both\" (the default)",
        );
        assert_eq!(
            hints(&shown),
            ["`group` only joins steps with side = \"each\": set that side, or remove `group`"]
        );
        assert!(
            shown.contains("11 | group = \"calf\"\n   |         ^^^^^^\n"),
            "{shown}"
        );
        assert_single(
            &routine(&[
                ("steps.side", Some("\"left\"")),
                ("steps.group", Some("\"calf\"")),
            ]),
            "r.toml:12:9: error: `steps[0].group` is set on a step whose side is \"left\"",
        );
        // A side that is itself wrong is one problem, not two.
        assert_single(
            &routine(&[
                ("steps.side", Some("\"eahc\"")),
                ("steps.group", Some("\"calf\"")),
            ]),
            "r.toml:11:8: error: unknown side \"eahc\" in `steps[0].side`",
        );
    }

    #[test]
    fn a_group_split_by_another_step_points_at_its_later_use() {
        // Steps 0 and 1 take 9 lines each, the ankle step 8: step 3's group is on line 39.
        let source = with_steps(&[
            ("Squeeze", CALF),
            ("Strokes", CALF),
            ("Ankle", EACH),
            ("Hold", CALF),
        ]);
        let shown = assert_single(
            &source,
            "r.toml:39:9: error: `steps[3].group` \"calf\" is used again after its side block ended at `steps[2]` (\"Ankle\")",
        );
        assert_eq!(
            hints(&shown),
            [
                "the steps of a side block follow one another: move this step up to join them, or give it a group of its own"
            ]
        );
        // Ended by another block, and used a third time: each later use after a gap is named.
        let source = with_steps(&[("Squeeze", CALF), ("Arch", FOOT), ("Hold", CALF), ("Heel", FOOT)]);
        assert_eq!(
            headlines(&rejected(&source)),
            [
                "r.toml:31:9: error: `steps[2].group` \"calf\" is used again after its side block ended at `steps[1]` (\"Arch\")",
                "r.toml:40:9: error: `steps[3].group` \"foot\" is used again after its side block ended at `steps[2]` (\"Hold\")",
            ]
        );
    }

    #[test]
    fn a_step_in_a_block_that_is_not_each_is_one_problem_not_two() {
        let source = with_steps(&[
            ("Squeeze", CALF),
            ("Strokes", "group = \"calf\"\n"),
            ("Hold", CALF),
        ]);
        assert_single(
            &source,
            "r.toml:21:9: error: `steps[1].group` is set on a step whose side is \"both\" (the default)",
        );
    }

    #[test]
    fn problems_in_a_later_step_name_its_index() {
        let source = format!(
            "{}[[steps]]\nname = \"b\"\ncue = \"c\"\nseconds = 9000\npressure = \"light\"\nstroke = \"circles\"\n",
            routine(&[])
        );
        assert_single(
            &source,
            "r.toml:14:11: error: `steps[1].seconds` must be from 1 to 1800, found 9000",
        );
    }

    // ---------------------------------------------------------------- unknown keys

    #[test]
    fn an_unknown_top_level_key_suggests_the_closest_known_one() {
        let shown = rejected(&routine(&[("summary", None), ("sumary", Some("\"S\""))]));
        // The misspelt key is pointed at, and the field it was meant to be is still missing.
        assert_eq!(
            headlines(&shown),
            [
                "r.toml:4:1: error: unknown field `sumary`",
                "r.toml: error: missing field `summary`"
            ]
        );
        assert_eq!(
            hints(&shown),
            [
                "did you mean `summary`? known fields: id, name, summary, areas, goals, helps, cautions, equipment, first_try, steps"
            ]
        );
        assert!(shown.contains("4 | sumary = \"S\"\n  | ^^^^^^\n"), "{shown}");
    }

    #[test]
    fn an_unknown_key_with_nothing_close_lists_the_known_ones() {
        let shown = assert_single(
            &set("colour", "\"blue\""),
            "r.toml:5:1: error: unknown field `colour`",
        );
        assert_eq!(
            hints(&shown),
            ["known fields: id, name, summary, areas, goals, helps, cautions, equipment, first_try, steps"]
        );
        assert!(shown.contains("5 | colour = \"blue\"\n  | ^^^^^^\n"), "{shown}");
    }

    #[test]
    fn an_unknown_step_key_suggests_the_closest_known_one() {
        let shown = assert_single(
            &set("steps.presure", "\"firm\""),
            "r.toml:11:1: error: unknown field `steps[0].presure`",
        );
        assert_eq!(
            hints(&shown),
            [
                "did you mean `pressure`? known fields: name, cue, seconds, pressure, stroke, tempo, side, spot, group, avoid_with, gentle_with"
            ]
        );
        let shown = assert_single(
            &set("steps.secs", "30"),
            "r.toml:11:1: error: unknown field `steps[0].secs`",
        );
        assert!(hints(&shown)[0].starts_with("did you mean `seconds`?"), "{shown}");
    }

    // ---------------------------------------------------------------- plain text only

    const PLAIN_TEXT_HINT: &str = "text here must be plain: no tabs, line breaks or escape sequences";

    #[test]
    fn an_escape_sequence_in_text_is_rejected() {
        let shown = assert_single(
            &set("name", r#""Neck \u001b[2J rub""#),
            "r.toml:1:8: error: `name` holds a control character (U+001B)",
        );
        assert_eq!(hints(&shown), [PLAIN_TEXT_HINT]);
        // An OSC sequence (sets the window title) ending in BEL.
        assert_single(
            &set("summary", r#""\u001b]0;owned\u0007""#),
            "r.toml:2:11: error: `summary` holds a control character (U+001B)",
        );
    }

    #[test]
    fn the_single_byte_c1_escape_introducer_is_rejected() {
        assert_single(
            &set("steps.cue", r#""Press \u009b31m here""#),
            "r.toml:7:7: error: `steps[0].cue` holds a control character (U+009B)",
        );
    }

    #[test]
    fn tabs_and_line_breaks_are_rejected() {
        assert_single(
            &set("steps.name", r#""Warm\tup""#),
            "r.toml:6:8: error: `steps[0].name` holds a control character (U+0009)",
        );
        assert_single(
            &set("steps.cue", r#""Line one\nline two""#),
            "r.toml:7:7: error: `steps[0].cue` holds a control character (U+000A)",
        );
        assert_single(
            &set("summary", "\"\"\"\nOne\nTwo\"\"\""),
            "r.toml:2:11: error: `summary` holds a control character (U+000A)",
        );
        assert_single(
            &set("cautions", r#"["Carriage\rreturn"]"#),
            "r.toml:5:13: error: `cautions[0]` holds a control character (U+000D)",
        );
    }

    #[test]
    fn bidirectional_overrides_and_invisible_characters_are_rejected() {
        for (escape, code) in [
            ("\\u202e", "U+202E"),
            ("\\u2066", "U+2066"),
            ("\\u200b", "U+200B"),
            ("\\ufeff", "U+FEFF"),
            ("\\u007f", "U+007F"),
        ] {
            assert_single(
                &set("cautions", &format!("[\"Stop {escape} now\"]")),
                &format!("r.toml:5:13: error: `cautions[0]` holds a control character ({code})"),
            );
        }
    }

    #[test]
    fn a_raw_escape_byte_in_the_file_is_a_syntax_error_that_is_not_echoed() {
        let source = set("name", "\"Neck \u{1b}[31mrub\"");
        let shown = rejected(&source);
        assert_eq!(headlines(&shown).len(), 1, "{shown}");
        assert!(
            headlines(&shown)[0].starts_with("r.toml:1:14: error: "),
            "{shown}"
        );
        assert!(shown.contains("1 | name = \"Neck ?[31mrub\"\n"), "{shown}");
        assert_printable(&shown);
    }

    #[test]
    fn hostile_text_in_keys_and_values_never_reaches_the_output() {
        let source = routine(&[
            ("\"na\\u001bme\"", Some("1")),
            ("areas", Some("[\"ne\\u009bck\"]")),
        ]);
        let shown = rejected(&source);
        assert_eq!(
            headlines(&shown),
            [
                "r.toml:3:10: error: unknown body area \"ne\u{FFFD}ck\" in `areas[0]`",
                "r.toml:5:1: error: unknown field `na\u{FFFD}me`",
            ]
        );
        assert_printable(&shown);
    }

    // ---------------------------------------------------------------- where problems are

    #[test]
    fn several_problems_in_one_file_are_all_reported_where_they_are() {
        let source = r#"id = "Neck Rub"
name = "Neck rub"
summary = "Ease the neck."
areas = ["neck", "sholders"]
goals = ["stress", "stress"]

[[steps]]
name = "Warm up"
cue = "Stroke slowly."
seconds = 0
pressure = "hard"
stroke = "circles"
side = "bth"
"#;
        let shown = rejected(source);
        assert_eq!(
            shown,
            r#"r.toml:1:6: error: `id`: an id may hold only lowercase letters a-z, digits and '-'
  |
1 | id = "Neck Rub"
  |      ^^^^^^^^^^
r.toml:4:18: error: unknown body area "sholders" in `areas[1]`
  |
4 | areas = ["neck", "sholders"]
  |                  ^^^^^^^^^^
  |
  = help: did you mean "shoulders"? known: neck, shoulders, upper-back, lower-back, temples, forehead, jaw, scalp, face, hands, forearms, chest, abdomen, hips, thighs, calves, feet
r.toml:5:20: error: `goals` lists "stress" twice
  |
5 | goals = ["stress", "stress"]
  |                    ^^^^^^^^
r.toml:10:11: error: `steps[0].seconds` must be from 1 to 1800, found 0
   |
10 | seconds = 0
   |           ^
r.toml:11:12: error: unknown pressure "hard" in `steps[0].pressure`
   |
11 | pressure = "hard"
   |            ^^^^^^
   |
   = help: known: light, medium, firm
r.toml:13:8: error: unknown side "bth" in `steps[0].side`
   |
13 | side = "bth"
   |        ^^^^^
   |
   = help: did you mean "both"? known: left, right, both, each
"#
        );
    }

    #[test]
    fn problems_in_several_steps_are_all_reported() {
        let step = |seconds: &str, stroke: &str| {
            format!(
                "[[steps]]\nname = \"s\"\ncue = \"c\"\nseconds = {seconds}\npressure = \"light\"\nstroke = {stroke}\n"
            )
        };
        let source = format!(
            "{}{}{}{}",
            routine(&[("steps", None)]),
            step("0", "\"circles\""),
            step("10", "\"circles\""),
            step("10", "\"zigzag\""),
        );
        assert_eq!(
            headlines(&rejected(&source)),
            [
                "r.toml:8:11: error: `steps[0].seconds` must be from 1 to 1800, found 0",
                "r.toml:22:10: error: unknown stroke \"zigzag\" in `steps[2].stroke`",
            ]
        );
    }

    #[test]
    fn columns_count_characters_after_wide_and_multibyte_text() {
        // "Ça va 😀" is 7 characters but 11 bytes: the column counts characters.
        let shown = assert_single(
            &set("cautions", "[\"Ça va 😀\", 5]"),
            "r.toml:5:24: error: `cautions[1]` must be a string, found integer",
        );
        assert!(shown.contains("5 | cautions = [\"Ça va 😀\", 5]\n"), "{shown}");
        // The caret sits under the 5, a wide emoji before it taking two cells.
        let caret_line = shown.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        let quoted_line = shown.lines().find(|l| l.starts_with("5 | ")).unwrap();
        let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
        let five = quoted_line.rfind('5').unwrap();
        assert_eq!(
            width(&caret_line[..caret_line.find('^').unwrap()]),
            width(&quoted_line[..five])
        );
    }

    #[test]
    fn a_syntax_error_is_reported_at_its_place() {
        let shown = rejected("name = \"Neck rub\"\nsummary = \n");
        assert_eq!(
            headlines(&shown),
            ["r.toml:2:11: error: string values must be quoted, expected literal string"]
        );
        let shown = rejected("name = \"a\"\nname = \"b\"\n");
        assert_eq!(headlines(&shown), ["r.toml:2:1: error: duplicate key"]);
    }

    #[test]
    fn an_empty_file_lists_every_missing_field() {
        assert_eq!(
            rejected(""),
            "r.toml: error: missing field `name`\nr.toml: error: missing field `summary`\n\
             r.toml: error: missing field `areas`\nr.toml: error: missing field `goals`\n\
             r.toml: error: missing field `steps`\n"
        );
    }

    #[test]
    fn windows_line_endings_give_the_same_lines_and_columns() {
        let source = set("steps.seconds", "0").replace('\n', "\r\n");
        let shown = assert_single(
            &source,
            "r.toml:8:11: error: `steps[0].seconds` must be from 1 to 1800, found 0",
        );
        assert!(shown.contains("8 | seconds = 0\n"), "{shown:?}");
        accepted(&routine(&[]).replace('\n', "\r\n"));
    }

    #[test]
    fn the_spans_handed_back_are_those_of_each_keys_value() {
        let source = set(
            "steps",
            r#"[{ name = "a", cue = "b", seconds = 5, pressure = "firm", stroke = "tapping" }]"#,
        );
        let (_, spans) = parse_routine_with_spans(&source, "r", Source::BuiltIn).unwrap();
        let at = |span: Option<Range<usize>>| span.map(|s| &source[s]);
        assert_eq!(at(spans.key("name")), Some("\"Neck rub\""));
        assert_eq!(at(spans.key("areas")), Some("[\"neck\"]"));
        assert_eq!(at(spans.key("cautions")), None, "the file leaves it out");
        assert_eq!(at(spans.step_key(0, "pressure")), Some("\"firm\""));
        assert_eq!(at(spans.step_key(0, "tempo")), None);
        assert_eq!(at(spans.step_key(1, "name")), None, "there is no second step");

        let source = routine(&[("cautions", Some("[]"))]);
        let (_, spans) = parse_routine_with_spans(&source, "r", Source::BuiltIn).unwrap();
        let at = |span: Option<Range<usize>>| span.map(|s| &source[s]);
        assert_eq!(at(spans.key("cautions")), Some("[]"));
        assert_eq!(at(spans.step_key(0, "seconds")), Some("30"));
    }
}
