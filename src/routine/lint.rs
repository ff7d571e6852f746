//! The safety lint: advice about a routine that is valid but unwise. A routine from the
//! internet can pass every check of the format and still ask for firm pressure on the neck or
//! a five-minute hold; these rules come from `TECHNIQUE.md`, the brief the built-in routines
//! are written to, and `knead check` shows them as warnings.

use std::ops::RangeInclusive;

use super::model::{Routine, Step};
use super::parse::RoutineSpans;
use super::vocab::{Area, Precaution, Pressure, Spot, Stroke};
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

/// Points that acupressure guidance says to leave firm holds off in pregnancy, as our spots:
/// the thumb web (LI4), the inner ankle (SP6) and the outer ankle (BL60), the top of the
/// shoulder (GB21).
const PREGNANCY_POINTS: &[Spot] = &[Spot::WebOfHand, Spot::Ankle, Spot::TopOfShoulder];

/// Words that make a step a ball or body-weight step, where the weight of the body, not the
/// hand, sets the pressure.
const WEIGHT_WORDS: &[&str] = &["ball", "balls", "roller", "lean in", "lean into", "your weight"];

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
    advise_tags(routine, index, step, advice);
    let words = step.cue.split_whitespace().count();
    if words > MOST_CUE_WORDS {
        advice.push(Advice {
            place: at("cue"),
            message: format!("the cue has {words} words, too many to read in one breath"),
            hint: "keep a cue to one action in about 35 words".into(),
        });
    }
}

/// The precautions a step must declare (TECHNIQUE.md, "Precautions a person may have"): the
/// health profile can only leave out what a step says it does not suit.
fn advise_tags(routine: &Routine, index: usize, step: &Step, advice: &mut Vec<Advice>) {
    let at = Place::Step {
        index,
        key: if step.avoid_with.is_empty() {
            "pressure"
        } else {
            "avoid_with"
        },
    };
    let avoids = |p: Precaution| step.avoid_with.contains(&p);
    let declares = |p: Precaution| avoids(p) || step.gentle_with.contains(&p);
    // What the step is, the precautions that rule it out, and whether softening it to light
    // pressure is enough.
    let mut needs: Vec<(&str, Vec<Precaution>, bool)> = Vec::new();
    if is_weight_step(step) {
        needs.push((
            "a ball or body-weight step",
            vec![Precaution::BloodThinners, Precaution::Osteoporosis],
            false,
        ));
    } else if step.pressure == Some(Pressure::Firm) {
        needs.push(("a firm step", vec![Precaution::BloodThinners], false));
    }
    let held = step.pressure == Some(Pressure::Firm)
        || (step.pressure == Some(Pressure::Medium)
            && matches!(step.stroke, Stroke::Holding | Stroke::Pressing));
    if held && step.spot.is_some_and(|s| PREGNANCY_POINTS.contains(&s)) {
        needs.push((
            "a held press on a point pregnancy guidance lists",
            vec![Precaution::Pregnancy],
            true,
        ));
    } else if step.stroke != Stroke::Breathing && step_areas(routine, step).contains(&Area::Abdomen) {
        needs.push(("belly work", vec![Precaution::Pregnancy], false));
    }
    for (what, precautions, softening_will_do) in needs {
        let missing: Vec<Precaution> = precautions
            .into_iter()
            .filter(|&p| {
                if softening_will_do {
                    !declares(p)
                } else {
                    !avoids(p)
                }
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = if softening_will_do {
            "`avoid_with` or `gentle_with`"
        } else {
            "`avoid_with`"
        };
        let names: Vec<String> = missing.iter().map(|p| format!("{:?}", p.as_str())).collect();
        let people: Vec<&str> = missing.iter().map(|p| p.phrase()).collect();
        advice.push(Advice {
            place: at,
            message: format!("{what} without {} in {list}", names.join(" and ")),
            hint: format!(
                "add {} to the step's {list}, so knead can spare a person with {}",
                names.join(" and "),
                people.join(" or ")
            ),
        });
    }
}

/// Whether the body's weight presses: a ball, a roller, leaning in.
pub fn is_weight_step(step: &Step) -> bool {
    if step.stroke == Stroke::Breathing {
        return false;
    }
    let text = format!("{} {}", step.name, step.cue).to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = format!(" {} ", words.join(" "));
    WEIGHT_WORDS.iter().any(|w| joined.contains(&format!(" {w} ")))
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
            // Declared, so that the tests of other rules see no advice about tags.
            avoid_with: vec![Precaution::Pregnancy, Precaution::BloodThinners],
            gentle_with: Vec::new(),
        }
    }

    fn routine(areas: &[Area], steps: Vec<Step>) -> Routine {
        Routine {
            id: "r".into(),
            name: SafeText::sanitized("R"),
            summary: SafeText::sanitized("S"),
            areas: areas.to_vec(),
            goals: vec![Goal::Stress],
            helps: Vec::new(),
            cautions: vec![SafeText::sanitized("Stop for sharp pain.")],
            equipment: Vec::new(),
            steps,
            for_you: Vec::new(),
            first_try: false,
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

    /// A step that declares no precautions.
    fn untagged(pressure: Pressure, stroke: Stroke, cue: &str, spot: Option<Spot>) -> Step {
        Step {
            cue: SafeText::sanitized(cue),
            spot,
            avoid_with: Vec::new(),
            ..step(pressure, stroke, 30, None)
        }
    }

    #[test]
    fn an_untagged_firm_step_is_warned_about_at_its_pressure() {
        let firm = untagged(Pressure::Firm, Stroke::Holding, "Press and hold.", None);
        let advice = advise(&routine(&[Area::LowerBack], vec![firm.clone()]));
        assert_eq!(advice.len(), 1);
        assert_eq!(
            advice[0].place,
            Place::Step {
                index: 0,
                key: "pressure"
            }
        );
        assert_eq!(
            advice[0].message,
            "a firm step without \"blood-thinners\" in `avoid_with`"
        );
        assert!(
            advice[0].hint.contains("a person with blood thinners"),
            "{:?}",
            advice[0]
        );
        let tagged = Step {
            avoid_with: vec![Precaution::BloodThinners],
            ..firm
        };
        assert_eq!(advise(&routine(&[Area::LowerBack], vec![tagged])), vec![]);
    }

    #[test]
    fn a_ball_or_body_weight_step_must_be_left_out_for_blood_thinners_and_osteoporosis() {
        for cue in [
            "Lean into a tennis ball against the wall.",
            "Roll slowly on the roller.",
            "Lean in gently and rest there.",
        ] {
            let ball = untagged(Pressure::Medium, Stroke::Circles, cue, None);
            assert_eq!(
                messages(&routine(&[Area::UpperBack], vec![ball.clone()])),
                [
                    "a ball or body-weight step without \"blood-thinners\" and \"osteoporosis\" in `avoid_with`"
                ],
                "{cue}"
            );
            let half = Step {
                avoid_with: vec![Precaution::BloodThinners],
                ..ball
            };
            assert_eq!(
                messages(&routine(&[Area::UpperBack], vec![half.clone()])),
                ["a ball or body-weight step without \"osteoporosis\" in `avoid_with`"]
            );
            let at = advise(&routine(&[Area::UpperBack], vec![half]))[0].place;
            assert_eq!(
                at,
                Place::Step {
                    index: 0,
                    key: "avoid_with"
                },
                "points at the list to extend"
            );
        }
        let breath = untagged(
            Pressure::Light,
            Stroke::Breathing,
            "Breathe with the ball behind you.",
            None,
        );
        let lean_back = untagged(Pressure::Light, Stroke::Stretching, "Lean back gently.", None);
        assert_eq!(
            advise(&routine(&[Area::UpperBack], vec![breath, lean_back])),
            vec![]
        );
    }

    #[test]
    fn a_held_press_on_a_pregnancy_point_must_be_declared_for_pregnancy() {
        for spot in PREGNANCY_POINTS {
            let press = untagged(Pressure::Medium, Stroke::Pressing, "Press.", Some(*spot));
            let r = routine(&[spot.area()], vec![press.clone()]);
            assert_eq!(
                messages(&r),
                [
                    "a held press on a point pregnancy guidance lists without \"pregnancy\" in `avoid_with` or `gentle_with`"
                ],
                "{spot}"
            );
            let softened = Step {
                gentle_with: vec![Precaution::Pregnancy],
                ..press
            };
            assert_eq!(advise(&routine(&[spot.area()], vec![softened])), vec![]);
        }
        // Medium kneading of the shoulder top is not a held press.
        let knead = untagged(
            Pressure::Medium,
            Stroke::Kneading,
            "Knead.",
            Some(Spot::TopOfShoulder),
        );
        assert_eq!(advise(&routine(&[Area::Shoulders], vec![knead])), vec![]);
    }

    #[test]
    fn belly_work_must_be_left_out_in_pregnancy() {
        let circles = untagged(Pressure::Light, Stroke::Circles, "Circle.", Some(Spot::Belly));
        assert_eq!(
            messages(&routine(&[Area::Abdomen], vec![circles])),
            ["belly work without \"pregnancy\" in `avoid_with`"]
        );
        let breath = untagged(Pressure::Light, Stroke::Breathing, "Breathe.", Some(Spot::Belly));
        assert_eq!(advise(&routine(&[Area::Abdomen], vec![breath])), vec![]);
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

    /// The lint's warnings for `source`, as `knead check` prints them for `r.toml`.
    fn rendered(source: &str) -> String {
        let (routine, spans) =
            crate::routine::parse::parse_routine_with_spans(source, "r", Source::BuiltIn).unwrap();
        crate::toml_check::FileProblems {
            path: "r.toml".into(),
            source: source.into(),
            problems: warnings(&routine, &spans),
        }
        .render(false)
    }

    #[test]
    fn warnings_point_at_the_value_of_the_key_or_at_the_whole_file() {
        let source = "name = \"R\"\nsummary = \"S\"\nareas = [\"jaw\"]\ngoals = [\"pain\"]\n\
                      [[steps]]\nname = \"a\"\ncue = \"b\"\nseconds = 120\npressure = \"firm\"\n\
                      stroke = \"holding\"\n";
        let shown = rendered(source);
        let headlines: Vec<&str> = shown.lines().filter(|l| l.contains("warning:")).collect();
        assert_eq!(
            headlines,
            [
                "r.toml:8:11: warning: a hold of 120 s on one spot",
                "r.toml:9:12: warning: firm pressure on the jaw",
                "r.toml:9:12: warning: a firm step without \"blood-thinners\" in `avoid_with`",
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
        let shown = rendered(source);
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
