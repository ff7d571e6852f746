//! Turns the text of a plan file into a [`Plan`], or into every problem found in it, with the
//! same walk and diagnostics as routine files (src/toml_check). The routines a day names must
//! be in the library the plan is checked against.

use std::ops::Range;

use toml::de::DeTable;

use super::model::{Plan, PlanDay, PlanSession};
use crate::routine::{Area, Goal, Library, Source};
use crate::toml_check::{Indexed, Problem, Value, Walker, parse_document};

pub const NAME_MAX: usize = 60;
pub const SUMMARY_MAX: usize = 200;
pub const NOTE_MAX: usize = 160;
pub const DAYS_MAX: usize = 60;
pub const ROUTINES_MAX: usize = 4;
pub const MINUTES_RANGE: (i64, i64) = (1, 60);

const PLAN_KEYS: &[&str] = &["id", "name", "goal", "summary", "days"];
const DAY_KEYS: &[&str] = &["routines", "areas", "minutes", "rest", "note"];

/// A plan that parsed, with where each day's session stands in its file, so a warning about
/// a valid plan can point at it.
#[derive(Clone, Debug)]
pub struct ParsedPlan {
    pub plan: Plan,
    /// The span of each day's `routines` or `areas` value (its table's start on a rest day).
    pub day_spans: Vec<Range<usize>>,
}

/// Parses and validates one plan file. `stem` is the file name without `.toml`, the id used
/// when the file sets none.
pub fn parse_plan(
    text: &str,
    stem: &str,
    origin: Source,
    library: &Library,
) -> Result<ParsedPlan, Vec<Problem>> {
    let document = parse_document(text)?;
    let mut walk = Walker::default();
    let mut day_spans = Vec::new();
    let plan = walk.plan(document.get_ref(), stem, origin, library, &mut day_spans);
    match plan {
        Some(plan) if walk.problems.is_empty() => Ok(ParsedPlan { plan, day_spans }),
        _ => Err(walk.problems),
    }
}

/// `days[2].note`, written out only when a message needs it.
#[derive(Clone, Copy)]
struct DayField {
    index: usize,
    key: &'static str,
}

impl std::fmt::Display for DayField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "days[{}].{}", self.index, self.key)
    }
}

impl Walker {
    fn plan(
        &mut self,
        table: &DeTable<'_>,
        stem: &str,
        origin: Source,
        library: &Library,
        day_spans: &mut Vec<Range<usize>>,
    ) -> Option<Plan> {
        self.unknown_keys(table, PLAN_KEYS, "");
        let id = self.file_id(table, stem);
        let name = self
            .required(table, "name", "")
            .and_then(|v| self.text(v, "name", NAME_MAX));
        let goal = self
            .required(table, "goal", "")
            .and_then(|v| self.vocab::<Goal>(v, "goal"));
        let summary = self
            .required(table, "summary", "")
            .and_then(|v| self.text(v, "summary", SUMMARY_MAX));
        let days = self
            .required(table, "days", "")
            .and_then(|v| self.days(v, library, day_spans));
        Some(Plan {
            id: id?,
            name: name?,
            goal: goal?,
            summary: summary?,
            days: days?,
            source: origin,
        })
    }

    fn days(
        &mut self,
        value: &Value<'_>,
        library: &Library,
        spans: &mut Vec<Range<usize>>,
    ) -> Option<Vec<PlanDay>> {
        let Some(items) = value.get_ref().as_array() else {
            self.problems.push(
                Problem::at(value.span(), "`days` must be a list of tables")
                    .with_hint("write each day as a `[[days]]` table"),
            );
            return None;
        };
        if items.is_empty() || items.len() > DAYS_MAX {
            self.problems.push(
                Problem::at(
                    value.span(),
                    format!("a plan has 1 to {DAYS_MAX} days, found {}", items.len()),
                )
                .with_hint("add a `[[days]]` table for each day, rest days included"),
            );
            return None;
        }
        let before = self.problems.len();
        let days: Vec<PlanDay> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.day(item, i, library, spans))
            .collect();
        if self.problems.len() == before && days.iter().all(|d| d.session.is_none()) {
            self.problems.push(
                Problem::at(
                    value.span(),
                    "a plan needs at least one day that is not a rest day",
                )
                .with_hint("give a day `routines = [...]` or `areas = [...]` with `minutes`"),
            );
        }
        (self.problems.len() == before).then_some(days)
    }

    fn day(
        &mut self,
        value: &Value<'_>,
        index: usize,
        library: &Library,
        spans: &mut Vec<Range<usize>>,
    ) -> Option<PlanDay> {
        let Some(table) = value.get_ref().as_table() else {
            self.problem(
                value.span(),
                format!(
                    "`days[{index}]` must be a table, found {}",
                    value.get_ref().type_str()
                ),
            );
            return None;
        };
        self.unknown_keys(table, DAY_KEYS, DayField { index, key: "" });
        let field = |key: &'static str| DayField { index, key };
        let note = self
            .required_in(value, table, "note", field("note"))
            .and_then(|v| self.text(v, field("note"), NOTE_MAX));
        let rest = match table.get("rest") {
            Some(v) => self.boolean(v, field("rest")),
            None => Some(false),
        };
        let minutes = match table.get("minutes") {
            Some(v) => self.integer(v, field("minutes"), MINUTES_RANGE).map(Some),
            None => Some(None),
        };
        let routines = table.get("routines");
        let areas = table.get("areas");
        let header = value.span().start..value.span().start;
        spans.push(routines.or(areas).map_or(header.clone(), |v| v.span()));
        let session = match (rest?, routines, areas) {
            (true, None, None) => {
                if let Some(v) = table.get("minutes") {
                    self.problem(
                        v.span(),
                        format!("`{}`: a rest day has no minutes", field("minutes")),
                    );
                }
                None
            }
            (true, Some(v), _) | (true, None, Some(v)) => {
                self.problem(
                    v.span(),
                    format!("`days[{index}]` is a rest day and names a session too; keep one"),
                );
                return None;
            }
            (false, Some(_), Some(v)) => {
                self.problems.push(
                    Problem::at(v.span(), format!("`days[{index}]` names both routines and areas"))
                        .with_hint("a day is routines by id, or areas for knead to compose a session for"),
                );
                return None;
            }
            (false, None, None) => {
                self.problems.push(
                    Problem::at(
                        header,
                        format!("`days[{index}]` has no session and is not a rest day"),
                    )
                    .with_hint(
                        "add `routines = [\"...\"]`, `areas = [\"...\"]` with `minutes`, or `rest = true`",
                    ),
                );
                return None;
            }
            (false, Some(v), None) => {
                let ids = self.routine_ids(v, field("routines"), library)?;
                Some(PlanSession::Routines {
                    ids,
                    minutes: minutes?,
                })
            }
            (false, None, Some(v)) => {
                let areas = self.vocab_list::<Area>(v, field("areas"))?;
                let Some(minutes) = minutes? else {
                    self.problems.push(
                        Problem::at(v.span(), format!("`days[{index}]` names areas but no `minutes`"))
                            .with_hint("say how long the composed session should be, e.g. `minutes = 8`"),
                    );
                    return None;
                };
                Some(PlanSession::Areas { areas, minutes })
            }
        };
        Some(PlanDay { session, note: note? })
    }

    /// A list of 1 to [`ROUTINES_MAX`] ids of routines in `library`, each once.
    fn routine_ids(&mut self, value: &Value<'_>, field: DayField, library: &Library) -> Option<Vec<String>> {
        let items = self.list_of_strings(value, field)?;
        if items.is_empty() || items.len() > ROUTINES_MAX {
            self.problem(
                value.span(),
                format!(
                    "`{field}` lists 1 to {ROUTINES_MAX} routines, found {}",
                    items.len()
                ),
            );
            return None;
        }
        let before = self.problems.len();
        let mut ids: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(id) = self.text(item, Indexed(field, i), 40) else {
                continue;
            };
            let id = id.as_str();
            if ids.iter().any(|known| known == id) {
                self.problem(item.span(), format!("`{field}` lists {id:?} twice"));
            } else if library.get(id).is_none() {
                let near = library.closest_ids(id);
                let hint = match near.first() {
                    Some(near) => format!("did you mean `{near}`? `knead list` shows every routine"),
                    None => "`knead list` shows every routine".to_string(),
                };
                self.problems.push(
                    Problem::at(
                        item.span(),
                        format!("unknown routine {:?} in `{field}`", crate::text::sanitize(id)),
                    )
                    .with_hint(hint),
                );
            } else {
                ids.push(id.to_string());
            }
        }
        (self.problems.len() == before).then_some(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::testing::routine;
    use crate::toml_check::FileProblems;

    fn library() -> Library {
        let mut library = Library::default();
        library.insert(routine("neck-release", &[Area::Neck], 420));
        library.insert(routine("jaw-ease", &[Area::Jaw], 300));
        library
    }

    fn problems(text: &str) -> String {
        let problems = parse_plan(text, "mine", Source::BuiltIn, &library()).unwrap_err();
        FileProblems {
            path: "mine.toml".into(),
            source: text.into(),
            problems,
        }
        .render(false)
    }

    const GOOD: &str = r#"name = "Neck week"
goal = "pain"
summary = "A gentle week."

[[days]]
routines = ["neck-release"]
note = "Start gently."

[[days]]
rest = true
note = "Rest."

[[days]]
areas = ["neck", "jaw"]
minutes = 8
note = "Both."
"#;

    #[test]
    fn a_good_plan_parses_with_its_days() {
        let parsed = parse_plan(GOOD, "neck-week", Source::BuiltIn, &library()).unwrap();
        let plan = parsed.plan;
        assert_eq!(plan.id, "neck-week");
        assert_eq!(plan.goal, Goal::Pain);
        assert_eq!(plan.days.len(), 3);
        assert_eq!((plan.session_days(), plan.rest_days()), (2, 1));
        assert_eq!(
            plan.days[2].session,
            Some(PlanSession::Areas {
                areas: vec![Area::Neck, Area::Jaw],
                minutes: 8
            })
        );
        assert_eq!(&GOOD[parsed.day_spans[0].clone()], "[\"neck-release\"]");
    }

    #[test]
    fn an_unknown_routine_is_named_at_its_place_with_a_near_id() {
        let text = GOOD.replace("[\"neck-release\"]", "[\"neck-relase\"]");
        let shown = problems(&text);
        assert!(
            shown.contains("mine.toml:6:13: error: unknown routine \"neck-relase\" in `days[0].routines`"),
            "{shown}"
        );
        assert!(shown.contains("did you mean `neck-release`?"), "{shown}");
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let text = r#"name = "x"
goal = "calm"
summary = "s"
lenght = 3

[[days]]
note = "nothing"

[[days]]
rest = true
routines = ["jaw-ease"]
note = "both"

[[days]]
areas = ["neck"]
note = "no minutes"

[[days]]
routines = ["jaw-ease"]
minutes = 90
note = "too long"
"#;
        let shown = problems(text);
        for expected in [
            "mine.toml:2:8: error: unknown goal \"calm\" in `goal`",
            "mine.toml:4:1: error: unknown field `lenght`",
            "error: `days[0]` has no session and is not a rest day",
            "mine.toml:11:12: error: `days[1]` is a rest day and names a session too",
            "mine.toml:15:9: error: `days[2]` names areas but no `minutes`",
            "mine.toml:20:11: error: `days[3].minutes` must be from 1 to 60, found 90",
        ] {
            assert!(shown.contains(expected), "missing {expected:?} in\n{shown}");
        }
    }

    #[test]
    fn a_plan_of_rest_days_only_is_refused() {
        let text = "name = \"x\"\ngoal = \"pain\"\nsummary = \"s\"\n[[days]]\nrest = true\nnote = \"r\"\n";
        assert!(problems(text).contains("at least one day that is not a rest day"));
    }
}
