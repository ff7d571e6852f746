//! The file `knead new` writes: a short, gentle routine that is valid as written, with a
//! comment on every field. The allowed values and limits in the comments come from the
//! vocabularies and the parser's constants, so they cannot drift from what `check` accepts.

use std::fmt::Write as _;

use super::parse::{
    CAUTION_MAX, CAUTIONS_MAX, CUE_MAX, ID_MAX, NAME_MAX, SECONDS_RANGE, STEPS_MAX, SUMMARY_MAX, TEMPO_RANGE,
};
use super::vocab::{Area, Complaint, Goal, Precaution, Pressure, Side, Stroke};

/// Used when `knead new` is given no `--area`.
pub const DEFAULT_AREA: Area = Area::Neck;
/// Used when `knead new` is given no `--goal`.
pub const DEFAULT_GOAL: Goal = Goal::Stress;

/// The text of a new routine file. `id` must be valid (see `parse::id_problem`); empty
/// `areas` or `goals` fall back to [`DEFAULT_AREA`] and [`DEFAULT_GOAL`], and repeats are
/// dropped, since a file that lists one twice would not pass `check`.
pub fn new_routine_text(id: &str, areas: &[Area], goals: &[Goal]) -> String {
    let areas = distinct_or(areas, DEFAULT_AREA);
    let goals = distinct_or(goals, DEFAULT_GOAL);
    let places = spoken_list(
        &areas
            .iter()
            .map(|a| a.as_str().replace('-', " "))
            .collect::<Vec<_>>(),
    );
    let mut cautions = vec![
        "Keep the pressure light to medium, and stop if you feel sharp pain, numbness, tingling or dizziness.",
        "This is a comfort aid, not a substitute for care.",
    ];
    if areas.contains(&Area::Neck) {
        cautions.insert(0, "Never press on the front or sides of the throat.");
    }
    if areas.contains(&Area::Abdomen) {
        cautions.insert(
            0,
            "Leave out the abdomen if you are pregnant, have just eaten or have pain there.",
        );
    }

    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(&format!(
        "# A routine of your own for knead. Run it with `knead run {id}`."
    ));
    line(&format!(
        "# After changing it, `knead check` reports any mistake (`knead edit {id}` checks it for you)."
    ));
    line("# Text must be plain: no tabs, line breaks or escape sequences inside the quotes.");
    line("");
    line(&format!(
        "# Used on the command line: a-z, 0-9 and '-', 1 to {ID_MAX} characters. Optional: without"
    ));
    line("# it, the file name without .toml is the id. A built-in with the same id is replaced.");
    line(&format!("id = {}", quoted(id)));
    line("");
    line(&format!(
        "# Shown in lists and on the session screen: 1 to {NAME_MAX} characters."
    ));
    line(&format!("name = {}", quoted(&title_from_id(id))));
    line("");
    line(&format!(
        "# What the routine is for, in a sentence: 1 to {SUMMARY_MAX} characters."
    ));
    line(&format!(
        "summary = {}",
        quoted(&format!("A short, gentle routine of my own for the {places}."))
    ));
    line("");
    line("# The body areas it works on, at least one of:");
    comment_list(&mut line, &Area::known(), "#   ");
    line(&format!(
        "areas = {}",
        quoted_list(areas.iter().map(|a| a.as_str()))
    ));
    line("");
    line("# What it is meant to help with, at least one of:");
    comment_list(&mut line, &Goal::known(), "#   ");
    line(&format!(
        "# A routine with \"{}\" runs in the dim night palette, without bells.",
        Goal::Sleep
    ));
    line(&format!(
        "goals = {}",
        quoted_list(goals.iter().map(|g| g.as_str()))
    ));
    line("");
    line("# Optional: the complaints it helps with (`knead list --for ...`), any of:");
    comment_list(&mut line, &Complaint::known(), "#   ");
    line(&format!("# helps = [\"{}\"]", Complaint::DeskWork));
    line("");
    line(&format!(
        "# Shown before the session starts. Optional: up to {CAUTIONS_MAX}, each 1 to {CAUTION_MAX} characters."
    ));
    line("cautions = [");
    for caution in &cautions {
        line(&format!("  {},", quoted(caution)));
    }
    line("]");
    line("");
    line(&format!(
        "# Each [[steps]] table is one step, run in the order written: 1 to {STEPS_MAX} steps."
    ));
    line(&format!("#   name      1 to {NAME_MAX} characters"));
    line(&format!("#   cue       what to do, 1 to {CUE_MAX} characters"));
    line(&format!(
        "#   seconds   {} to {}; per side when side = \"{}\"",
        SECONDS_RANGE.0,
        SECONDS_RANGE.1,
        Side::Each
    ));
    line(&format!(
        "#   pressure  one of: {}; left out for breathing and stretching",
        Pressure::known()
    ));
    line("#   stroke    one of:");
    comment_list(&mut line, &Stroke::known(), "#               ");
    line(&format!(
        "#   tempo     optional: strokes (or breaths) a minute, {} to {}",
        TEMPO_RANGE.0, TEMPO_RANGE.1
    ));
    line(&format!(
        "#   side      optional: {}; \"{}\" is the default,",
        Side::known(),
        Side::Both
    ));
    line(&format!(
        "#             \"{}\" runs the step once per side, left first, with a pause to switch",
        Side::Each
    ));
    line(&format!(
        "#   group     optional, with side = \"{}\": steps in a row with the same group (a-z, 0-9, -)",
        Side::Each
    ));
    line("#             run as a side block: all on the left in order, one switch, then the right");
    line("#   spot      optional: where on the body, shown on a figure; a spot of one of the");
    line("#             routine's areas (a step without one shows all of them):");
    for area in &areas {
        let spots: Vec<&str> = area.spots().map(|s| s.as_str()).collect();
        comment_list(
            &mut line,
            &format!("{area}: {}", spots.join(", ")),
            "#               ",
        );
    }
    line("#   avoid_with   optional: precautions the step does not suit; it is left out for a");
    line("#                person whose profile (`knead profile`) holds one of them:");
    let tags: Vec<&str> = Precaution::ALL
        .iter()
        .filter(|p| **p != Precaution::RecentSurgery)
        .map(|p| p.as_str())
        .collect();
    comment_list(&mut line, &tags.join(", "), "#                  ");
    line("#   gentle_with  optional: precautions for which the step is done at light pressure at most");
    line("");
    step(
        &mut line,
        "Settle your breathing",
        "Sit or lie comfortably and let your shoulders drop. Breathe in slowly through your nose \
         for about four seconds and out through your mouth for about six.",
        45,
        Stroke::Breathing,
        6,
        None,
    );
    line("");
    // A cue is read in one breath: past three areas, naming them all would make it too long.
    let target = if areas.len() <= 3 {
        format!("your {places}")
    } else {
        "one area at a time".to_string()
    };
    step(
        &mut line,
        "Light stroking",
        &format!(
            "Rest your fingertips or a relaxed palm on {target} and stroke slowly in one \
             direction, as if smoothing a cloth. Keep the touch light and your breathing slow."
        ),
        60,
        Stroke::Stroking,
        12,
        Some(Side::Both),
    );
    // No belly work in pregnancy (the safety lint asks every belly step to say so).
    if areas.contains(&Area::Abdomen) {
        line(&format!("avoid_with = [\"{}\"]", Precaution::Pregnancy));
    }
    out
}

fn step(
    line: &mut impl FnMut(&str),
    name: &str,
    cue: &str,
    seconds: u32,
    stroke: Stroke,
    tempo: u32,
    side: Option<Side>,
) {
    line("[[steps]]");
    line(&format!("name = {}", quoted(name)));
    line(&format!("cue = {}", quoted(cue)));
    line(&format!("seconds = {seconds}"));
    if stroke.presses() {
        line(&format!("pressure = {}", quoted(Pressure::Light.as_str())));
    }
    line(&format!("stroke = {}", quoted(stroke.as_str())));
    line(&format!("tempo = {tempo}"));
    if let Some(side) = side {
        line(&format!("side = {}", quoted(side.as_str())));
    }
}

/// A list of values as comment lines no wider than a terminal.
fn comment_list(line: &mut impl FnMut(&str), known: &str, indent: &str) {
    let options = textwrap::Options::new(92)
        .initial_indent(indent)
        .subsequent_indent(indent);
    for wrapped in textwrap::wrap(known, options) {
        line(&wrapped);
    }
}

fn distinct_or<T: Copy + PartialEq>(items: &[T], default: T) -> Vec<T> {
    let mut distinct = Vec::new();
    for item in items {
        if !distinct.contains(item) {
            distinct.push(*item);
        }
    }
    if distinct.is_empty() {
        distinct.push(default);
    }
    distinct
}

/// "neck", "neck and jaw", "neck, jaw and feet".
fn spoken_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "my-evening-neck" becomes "My evening neck".
fn title_from_id(id: &str) -> String {
    let words = id.replace('-', " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => id.to_string(),
    }
}

/// A TOML basic string. The text here is knead's own or a validated id, but quoting it
/// properly keeps the file valid whatever it holds.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn quoted_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(quoted).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Routine, Source, parse_routine};

    fn parsed(text: &str, stem: &str) -> Routine {
        parse_routine(text, stem, Source::BuiltIn).unwrap_or_else(|problems| panic!("{problems:?}\n{text}"))
    }

    #[test]
    fn the_file_is_valid_for_every_area_and_goal() {
        for &area in Area::ALL {
            for &goal in Goal::ALL {
                let text = new_routine_text("mine", &[area], &[goal]);
                let routine = parsed(&text, "other-name");
                assert_eq!(routine.id, "mine", "the id is written into the file");
                assert_eq!(
                    (routine.areas.as_slice(), routine.goals.as_slice()),
                    (&[area][..], &[goal][..])
                );
            }
        }
        let all = new_routine_text("everything", Area::ALL, Goal::ALL);
        let routine = parsed(&all, "everything");
        assert_eq!(routine.areas, Area::ALL);
        assert_eq!(routine.goals, Goal::ALL);
    }

    #[test]
    fn the_file_gets_no_warning_from_the_lint() {
        let mut texts: Vec<String> = Area::ALL
            .iter()
            .flat_map(|&area| {
                Goal::ALL
                    .iter()
                    .map(move |&goal| new_routine_text("mine", &[area], &[goal]))
            })
            .collect();
        texts.push(new_routine_text("everything", Area::ALL, Goal::ALL));
        for text in texts {
            let advice = crate::routine::lint::advise(&parsed(&text, "x"));
            assert_eq!(advice, vec![], "{text}");
        }
    }

    #[test]
    fn gentle_real_content_without_placeholders() {
        let routine = parsed(&new_routine_text("my-evening-neck", &[], &[]), "x");
        assert_eq!(routine.name, "My evening neck");
        assert_eq!(routine.areas, [DEFAULT_AREA]);
        assert_eq!(routine.goals, [DEFAULT_GOAL]);
        assert_eq!(routine.steps.len(), 2);
        assert_eq!(routine.steps[0].stroke, Stroke::Breathing);
        assert_eq!(routine.steps[1].stroke, Stroke::Stroking);
        assert_eq!(routine.steps[0].pressure, None, "breathing needs no pressure");
        assert_eq!(routine.steps[1].pressure, Some(Pressure::Light));
        assert!(
            routine.steps[1].cue.contains("your neck and"),
            "{}",
            routine.steps[1].cue
        );
        assert!(
            routine
                .cautions
                .iter()
                .any(|c| c.contains("front or sides of the throat"))
        );
        assert!(routine.cautions.iter().any(|c| c.contains("sharp pain")));
        let text = new_routine_text("x", &[Area::UpperBack, Area::Jaw, Area::Feet], &[]);
        let routine = parsed(&text, "x");
        assert!(
            routine.summary.contains("the upper back, jaw and feet."),
            "{}",
            routine.summary
        );
        assert!(!routine.cautions.iter().any(|c| c.contains("throat")));
        for marker in ["TODO", "FIXME", "XXX", "lorem", "<", ">"] {
            assert!(!text.contains(marker), "{marker} in\n{text}");
        }
    }

    #[test]
    fn repeated_areas_and_goals_are_written_once() {
        let text = new_routine_text(
            "x",
            &[Area::Jaw, Area::Jaw],
            &[Goal::Pain, Goal::Pain, Goal::Mood],
        );
        let routine = parsed(&text, "x");
        assert_eq!(routine.areas, [Area::Jaw]);
        assert_eq!(routine.goals, [Goal::Pain, Goal::Mood]);
    }

    #[test]
    fn the_comments_list_every_allowed_value() {
        let text = new_routine_text("x", &[], &[]);
        let comments: String = text
            .lines()
            .filter(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let words = |list: String| list.split(", ").map(str::to_string).collect::<Vec<_>>();
        for word in [
            Area::known(),
            Goal::known(),
            Pressure::known(),
            Stroke::known(),
            Side::known(),
        ]
        .into_iter()
        .flat_map(words)
        {
            assert!(
                comments.contains(&word),
                "{word} is not in the comments:\n{comments}"
            );
        }
        // Each top-level field has its comment just above it; step fields are explained in
        // the comment above the first step.
        let lines: Vec<&str> = text.lines().collect();
        let steps_at = lines.iter().position(|l| *l == "[[steps]]").unwrap();
        for (i, l) in lines[..steps_at].iter().enumerate() {
            if l.contains(" = ") && !l.starts_with('#') {
                assert!(lines[i - 1].starts_with('#'), "no comment above {l:?}");
            }
        }
        // Every key a step may hold, as the parser knows them.
        for field in crate::routine::parse::STEP_KEYS {
            let explained = format!("#   {field} ");
            assert!(comments.contains(&explained), "{field} is not explained");
        }
        assert!(comments.lines().all(|l| l.chars().count() <= 100), "{comments}");
    }

    #[test]
    fn the_comments_list_the_spots_of_the_routines_areas() {
        let text = new_routine_text("x", &[Area::Hands, Area::Feet], &[]);
        let comments: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
        assert!(
            comments.contains(&"#               hands: palm, thumb-pad, fingers, back-of-hand, web-of-hand"),
            "{comments:#?}"
        );
        assert!(
            comments.contains(&"#               feet: ankle, sole, heel, toes"),
            "{comments:#?}"
        );
        assert!(!text.contains("back-of-neck"), "only the routine's own areas");
    }

    #[test]
    fn quoting_keeps_any_text_valid() {
        assert_eq!(quoted("a \"b\" \\ c\u{7}"), "\"a \\\"b\\\" \\\\ c\\u0007\"");
        assert_eq!(title_from_id("a1"), "A1");
        assert_eq!(title_from_id("9-lives"), "9 lives");
    }
}
