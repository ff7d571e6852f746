//! The safety lint: advice about a routine that is valid but unwise. A routine from the
//! internet can pass every check of the format and still ask for firm pressure on the neck or
//! a five-minute hold; these rules come from `TECHNIQUE.md`, the brief the built-in routines
//! are written to, and `knead check` shows them as warnings.

use std::ops::RangeInclusive;

use super::model::{Routine, Step};
use super::parse::RoutineSpans;
use super::vocab::{Area, Pressure, Stroke};
use crate::toml_check::Problem;

/// Holds of 15 to 90 s are what the sources describe; past that people brace and are sore.
pub const LONGEST_HOLD_SECONDS: u32 = 90;
/// A cue is read in one breath: about 35 words. The lint leaves some room above that.
pub const MOST_CUE_WORDS: usize = 45;

/// Areas where firm pressure is unwise: the neck (the carotid sinus, the windpipe), the face
/// and forehead, the temples, the jaw and the belly.
const GENTLE_AREAS: &[Area] = &[
    Area::Neck,
    Area::Face,
    Area::Forehead,
    Area::Temples,
    Area::Jaw,
    Area::Abdomen,
];

/// Where in the file a piece of advice points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A top-level key (`cautions`), or the file as a whole when the key is absent.
    Routine(&'static str),
    /// A key of `steps[index]`.
    Step { index: usize, key: &'static str },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    pub place: Place,
    pub message: String,
    pub hint: String,
}

/// The strokes a minute that feel right for a stroke, where the sources give a range.
pub fn tempo_range(stroke: Stroke) -> Option<RangeInclusive<u32>> {
    match stroke {
        Stroke::Breathing => Some(5..=6),
        Stroke::Stroking | Stroke::Gliding => Some(5..=20),
        Stroke::Circles => Some(20..=40),
        Stroke::Kneading | Stroke::Squeezing => Some(15..=30),
        Stroke::Pressing => Some(6..=15),
        Stroke::Tapping => Some(80..=120),
        Stroke::Holding | Stroke::Stretching => None,
    }
}

/// Every piece of advice for a routine, in file order.
pub fn advise(routine: &Routine) -> Vec<Advice> {
    let mut advice = Vec::new();
    if routine.cautions.is_empty() {
        advice.push(Advice {
            place: Place::Routine("cautions"),
            message: "the routine has no cautions".into(),
            hint: "add `cautions = [...]`: at least when to stop (sharp pain, numbness, \
                   tingling, dizziness) and that it is no substitute for care"
                .into(),
        });
    }
    for (index, step) in routine.steps.iter().enumerate() {
        advise_step(routine, index, step, &mut advice);
    }
    advice
}

/// The advice for a routine as warnings pointing into its file: at the value of the key each
/// one is about. A routine without a `cautions` key gets its warning about the file as a
/// whole (`path: warning: ...`), as a missing required field does: there is no line to point
/// at, and pointing at another key would suggest that one is wrong.
pub fn warnings(routine: &Routine, spans: &RoutineSpans) -> Vec<Problem> {
    // A pressure the parser dropped is only seen in the file: the model keeps none.
    let idle_pressure = routine.steps.iter().enumerate().filter_map(|(index, step)| {
        let span = spans
            .step_key(index, "pressure")
            .filter(|_| !step.stroke.presses())?;
        let message = format!(
            "`pressure` has no effect on a {} step: the hands do not press",
            step.stroke
        );
        let hint = "remove the line; pressure is for the strokes where the hands press";
        Some(Problem::at(span, message).with_hint(hint).as_warning())
    });
    let idle_pressure: Vec<Problem> = idle_pressure.collect();
    advise(routine)
        .into_iter()
        .map(|advice| {
            let span = match advice.place {
                Place::Routine(key) => spans.key(key),
                Place::Step { index, key } => spans.step_key(index, key),
            };
            let problem = match span {
                Some(span) => Problem::at(span, advice.message),
                None => Problem::whole_file(advice.message),
            };
            problem.with_hint(advice.hint).as_warning()
        })
        .chain(idle_pressure)
        .collect()
}

fn advise_step(routine: &Routine, index: usize, step: &Step, advice: &mut Vec<Advice>) {
    let at = |key| Place::Step { index, key };
    if step.pressure == Some(Pressure::Firm) {
        let gentle: Vec<&str> = step_areas(routine, step)
            .into_iter()
            .filter(|area| GENTLE_AREAS.contains(area))
            .map(Area::as_str)
            .collect();
        if !gentle.is_empty() {
            advice.push(Advice {
                place: at("pressure"),
                message: format!("firm pressure on the {}", gentle.join(", ")),
                hint: "keep the neck, face, forehead, temples, jaw and belly to light or medium \
                       pressure"
                    .into(),
            });
        }
    }
    if step.stroke == Stroke::Holding && step.seconds > LONGEST_HOLD_SECONDS {
        advice.push(Advice {
            place: at("seconds"),
            message: format!("a hold of {} s on one spot", step.seconds),
            hint: format!(
                "hold for {LONGEST_HOLD_SECONDS} s at most (30 s is a sound default), or split \
                 it across two spots"
            ),
        });
    }
    if let (Some(tempo), Some(range)) = (step.tempo, tempo_range(step.stroke))
        && !range.contains(&tempo)
    {
        let pace = if tempo < *range.start() { "slow" } else { "fast" };
        advice.push(Advice {
            place: at("tempo"),
            message: format!("tempo {tempo} is {pace} for {}", step.stroke),
            hint: format!(
                "{} feels right at {} to {} a minute",
                step.stroke,
                range.start(),
                range.end()
            ),
        });
    }
    let words = step.cue.split_whitespace().count();
    if words > MOST_CUE_WORDS {
        advice.push(Advice {
            place: at("cue"),
            message: format!("the cue has {words} words, too many to read in one breath"),
            hint: "keep a cue to one action in about 35 words".into(),
        });
    }
}

/// The areas a step works: its spot's when it names one, else any of the routine's, since
/// the step could be on any of them.
fn step_areas(routine: &Routine, step: &Step) -> Vec<Area> {
    match step.spot {
        Some(spot) => vec![spot.area()],
        None => routine.areas.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::model::Source;
    use crate::routine::vocab::{Goal, Side, Spot};
    use crate::text::SafeText;

    fn step(pressure: Pressure, stroke: Stroke, seconds: u32, tempo: Option<u32>) -> Step {
        Step {
            name: SafeText::sanitized("A step"),
            cue: SafeText::sanitized("Rest your hand on the spot."),
            seconds,
            pressure: Some(pressure),
            stroke,
            tempo,
            side: Side::Both,
            spot: None,
            group: None,
        }
    }

    fn routine(areas: &[Area], steps: Vec<Step>) -> Routine {
        Routine {
            id: "r".into(),
            name: SafeText::sanitized("R"),
            summary: SafeText::sanitized("S"),
            areas: areas.to_vec(),
            goals: vec![Goal::Stress],
            cautions: vec![SafeText::sanitized("Stop for sharp pain.")],
            steps,
            source: Source::BuiltIn,
        }
    }

    fn messages(routine: &Routine) -> Vec<String> {
        advise(routine).into_iter().map(|a| a.message).collect()
    }

    #[test]
    fn a_gentle_routine_gets_no_advice() {
        let r = routine(
            &[Area::Neck],
            vec![
                step(Pressure::Light, Stroke::Breathing, 30, Some(6)),
                step(Pressure::Medium, Stroke::Holding, 90, None),
                step(Pressure::Medium, Stroke::Circles, 60, Some(30)),
            ],
        );
        assert_eq!(advise(&r), vec![]);
    }

    #[test]
    fn firm_pressure_is_advised_against_on_the_neck_face_temples_jaw_and_belly() {
        for area in GENTLE_AREAS {
            let r = routine(&[*area], vec![step(Pressure::Firm, Stroke::Holding, 30, None)]);
            let advice = advise(&r);
            assert_eq!(advice.len(), 1, "{area}");
            assert_eq!(
                advice[0].place,
                Place::Step {
                    index: 0,
                    key: "pressure"
                }
            );
            assert_eq!(advice[0].message, format!("firm pressure on the {area}"));
        }
    }

    #[test]
    fn firm_pressure_elsewhere_is_fine() {
        let r = routine(
            &[Area::LowerBack, Area::Hips],
            vec![step(Pressure::Firm, Stroke::Holding, 30, None)],
        );
        assert_eq!(advise(&r), vec![]);
    }

    #[test]
    fn firm_pressure_is_judged_by_the_steps_spot_when_it_names_one() {
        let on = |spot: Option<Spot>| {
            let mut firm = step(Pressure::Firm, Stroke::Holding, 30, None);
            firm.spot = spot;
            messages(&routine(&[Area::Neck, Area::Shoulders], vec![firm]))
        };
        assert_eq!(on(Some(Spot::TopOfShoulder)), Vec::<String>::new());
        assert_eq!(on(Some(Spot::BackOfNeck)), ["firm pressure on the neck"]);
        // Without a spot the step may be on any of the routine's areas.
        assert_eq!(on(None), ["firm pressure on the neck"]);
    }

    #[test]
    fn a_hold_past_90_seconds_is_advised_against() {
        let r = routine(
            &[Area::Shoulders],
            vec![
                step(Pressure::Medium, Stroke::Holding, 90, None),
                step(Pressure::Medium, Stroke::Holding, 91, None),
            ],
        );
        let advice = advise(&r);
        assert_eq!(advice.len(), 1);
        assert_eq!(
            advice[0].place,
            Place::Step {
                index: 1,
                key: "seconds"
            }
        );
        assert_eq!(advice[0].message, "a hold of 91 s on one spot");
    }

    #[test]
    fn a_tempo_outside_the_strokes_range_says_whether_it_is_slow_or_fast() {
        let r = routine(
            &[Area::Shoulders],
            vec![
                step(Pressure::Light, Stroke::Breathing, 30, Some(12)),
                step(Pressure::Light, Stroke::Tapping, 30, Some(60)),
                step(Pressure::Light, Stroke::Stroking, 30, Some(20)),
                step(Pressure::Light, Stroke::Stretching, 30, Some(60)),
            ],
        );
        assert_eq!(
            messages(&r),
            ["tempo 12 is fast for breathing", "tempo 60 is slow for tapping"]
        );
        assert_eq!(advise(&r)[1].hint, "tapping feels right at 80 to 120 a minute");
    }

    #[test]
    fn every_stroke_with_a_range_has_one_that_is_not_empty() {
        for stroke in Stroke::ALL {
            if let Some(range) = tempo_range(*stroke) {
                assert!(range.start() <= range.end(), "{stroke}");
                assert!(
                    *range.end() <= 120,
                    "{stroke}: the format allows tempos up to 120"
                );
            }
        }
    }

    #[test]
    fn a_cue_over_45_words_is_too_long_to_read_in_one_breath() {
        let mut long = step(Pressure::Light, Stroke::Circles, 30, Some(30));
        long.cue = SafeText::sanitized(&["word"; 46].join(" "));
        let mut just = long.clone();
        just.cue = SafeText::sanitized(&["word"; 45].join(" "));
        let r = routine(&[Area::Scalp], vec![just, long]);
        let advice = advise(&r);
        assert_eq!(advice.len(), 1);
        assert_eq!(advice[0].place, Place::Step { index: 1, key: "cue" });
        assert_eq!(
            advice[0].message,
            "the cue has 46 words, too many to read in one breath"
        );
    }

    #[test]
    fn warnings_point_at_the_value_of_the_key_or_at_the_whole_file() {
        let source = "name = \"R\"\nsummary = \"S\"\nareas = [\"jaw\"]\ngoals = [\"pain\"]\n\
                      [[steps]]\nname = \"a\"\ncue = \"b\"\nseconds = 120\npressure = \"firm\"\n\
                      stroke = \"holding\"\n";
        let (routine, spans) =
            crate::routine::parse::parse_routine_with_spans(source, "r", Source::BuiltIn).unwrap();
        let shown = crate::toml_check::FileProblems {
            path: "r.toml".into(),
            source: source.into(),
            problems: warnings(&routine, &spans),
        }
        .render(false);
        let headlines: Vec<&str> = shown.lines().filter(|l| l.contains("warning:")).collect();
        assert_eq!(
            headlines,
            [
                "r.toml:8:11: warning: a hold of 120 s on one spot",
                "r.toml:9:12: warning: firm pressure on the jaw",
                "r.toml: warning: the routine has no cautions",
            ]
        );
        assert!(shown.contains("= help: hold for 90 s at most"), "{shown}");

        let with_empty = source.replace("[[steps]]", "cautions = []\n[[steps]]");
        let (routine, spans) =
            crate::routine::parse::parse_routine_with_spans(&with_empty, "r", Source::BuiltIn).unwrap();
        let cautions = warnings(&routine, &spans).remove(0);
        assert_eq!(cautions.message, "the routine has no cautions");
        assert_eq!(cautions.span.map(|s| &with_empty[s]), Some("[]"));
    }

    #[test]
    fn a_pressure_on_a_breathing_or_stretching_step_is_said_to_have_no_effect() {
        let source = "name = \"R\"\nsummary = \"S\"\nareas = [\"neck\"]\ngoals = [\"pain\"]\n\
                      cautions = [\"Stop for sharp pain.\"]\n\
                      [[steps]]\nname = \"a\"\ncue = \"b\"\nseconds = 30\npressure = \"light\"\n\
                      stroke = \"breathing\"\n\
                      [[steps]]\nname = \"c\"\ncue = \"d\"\nseconds = 30\n\
                      stroke = \"stretching\"\n";
        let (routine, spans) =
            crate::routine::parse::parse_routine_with_spans(source, "r", Source::BuiltIn).unwrap();
        let shown = crate::toml_check::FileProblems {
            path: "r.toml".into(),
            source: source.into(),
            problems: warnings(&routine, &spans),
        }
        .render(false);
        let headlines: Vec<&str> = shown.lines().filter(|l| l.contains("warning:")).collect();
        assert_eq!(
            headlines,
            ["r.toml:10:12: warning: `pressure` has no effect on a breathing step: the hands do not press"]
        );
        assert!(
            shown.contains("= help: remove the line; pressure is for the strokes where the hands press"),
            "{shown}"
        );
    }

    #[test]
    fn a_routine_without_cautions_is_told_to_add_them() {
        let mut r = routine(
            &[Area::Feet],
            vec![step(Pressure::Medium, Stroke::Pressing, 30, Some(10))],
        );
        r.cautions.clear();
        let advice = advise(&r);
        assert_eq!(advice.len(), 1);
        assert_eq!(advice[0].place, Place::Routine("cautions"));
    }
}
