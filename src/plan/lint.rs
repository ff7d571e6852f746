//! Warnings about a plan that is valid but unwise. Firm work leaves an area sore the next
//! day, so a plan gives that area a day off before working it firmly again
//! (TECHNIQUE.md: no firm work on a sore area two days running).

use super::model::PlanSession;
use super::parse::ParsedPlan;
use crate::routine::{Area, Library, Pressure};
use crate::toml_check::Problem;

pub fn warnings(parsed: &ParsedPlan, library: &Library) -> Vec<Problem> {
    let firm: Vec<Vec<Area>> = parsed
        .plan
        .days
        .iter()
        .map(|day| match &day.session {
            Some(PlanSession::Routines { ids, .. }) => firm_areas(ids, library),
            // The composer's choice is not known until the day; nothing to judge.
            Some(PlanSession::Areas { .. }) | None => Vec::new(),
        })
        .collect();
    let mut problems = Vec::new();
    for (index, pair) in firm.windows(2).enumerate() {
        let today = index + 1;
        let again: Vec<&str> = pair[1]
            .iter()
            .filter(|a| pair[0].contains(a))
            .map(|a| a.as_str())
            .collect();
        if again.is_empty() {
            continue;
        }
        problems.push(
            Problem::at(
                parsed.day_spans[today].clone(),
                format!(
                    "`days[{today}]` works {} firmly the day after `days[{index}]` did",
                    again.join(", ")
                ),
            )
            .with_hint("an area worked firmly may be sore the next day: put a rest or another area between")
            .as_warning(),
        );
    }
    problems
}

/// The areas the routines press firmly: a step's spot's area, or its routine's areas.
fn firm_areas(ids: &[String], library: &Library) -> Vec<Area> {
    let mut areas = Vec::new();
    for routine in ids.iter().filter_map(|id| library.get(id)) {
        for step in routine
            .steps
            .iter()
            .filter(|s| s.pressure == Some(Pressure::Firm))
        {
            let worked = match step.spot {
                Some(spot) => vec![spot.area()],
                None => routine.areas.clone(),
            };
            for area in worked {
                if !areas.contains(&area) {
                    areas.push(area);
                }
            }
        }
    }
    areas
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::parse::parse_plan;
    use crate::routine::Source;
    use crate::routine::testing::routine;

    #[test]
    fn firm_work_on_one_area_two_days_running_is_warned_at_the_second_day() {
        let mut library = Library::default();
        let mut firm = routine("calf-press", &[Area::Calves], 300);
        firm.steps[0].pressure = Some(Pressure::Firm);
        library.insert(firm);
        library.insert(routine("calf-stroke", &[Area::Calves], 300));
        let day = |id: &str| format!("[[days]]\nroutines = [\"{id}\"]\nnote = \"n\"\n");
        let head = "name = \"x\"\ngoal = \"recovery\"\nsummary = \"s\"\n";
        let spaced = format!(
            "{head}{}{}{}",
            day("calf-press"),
            day("calf-stroke"),
            day("calf-press")
        );
        let parsed = parse_plan(&spaced, "x", Source::BuiltIn, &library).unwrap();
        assert_eq!(warnings(&parsed, &library), Vec::new());

        let running = format!("{head}{}{}", day("calf-press"), day("calf-press"));
        let parsed = parse_plan(&running, "x", Source::BuiltIn, &library).unwrap();
        let found = warnings(&parsed, &library);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "`days[1]` works calves firmly the day after `days[0]` did"
        );
        assert_eq!(&running[found[0].span.clone().unwrap()], "[\"calf-press\"]");
    }
}
