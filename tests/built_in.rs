//! The built-in routine library: every file valid, and the library as a whole covering what
//! the issue asks of it.

use std::path::{Path, PathBuf};

use knead::routine::library::{load_file, load_files, routine_files};
use knead::routine::{
    Area, Complaint, Goal, Library, Precaution, Pressure, Routine, Source, Spot, Step, Stroke, Vocabulary,
};

use crate::common::{json_of, knead};

fn routines_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("routines")
}

fn built_ins() -> Vec<Routine> {
    let loaded = Library::built_in();
    let shown: String = loaded.skipped.iter().map(|f| f.render(false)).collect();
    assert!(loaded.skipped.is_empty(), "invalid built-in routines:\n{shown}");
    loaded.library.routines().to_vec()
}

#[test]
fn every_built_in_routine_is_valid_and_compiled_in() {
    let files = routine_files(&routines_folder()).unwrap();
    let routines = built_ins();
    assert_eq!(routines.len(), files.len(), "one routine per file in routines/");
    assert!(routines.iter().all(|r| r.source == Source::BuiltIn));
    // The same files read from disk, as `knead check routines/` does: no problems, no
    // duplicate ids.
    let (from_disk, problems) = load_files(&files);
    let shown: String = problems.iter().map(|f| f.render(false)).collect();
    assert!(problems.is_empty(), "{shown}");
    assert_eq!(from_disk.len(), files.len());
}

#[test]
fn every_built_in_id_is_its_file_name() {
    for path in routine_files(&routines_folder()).unwrap() {
        let routine = load_file(&path).unwrap_or_else(|f| panic!("{}", f.render(false)));
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(routine.id, stem, "{}", path.display());
    }
}

#[test]
fn the_required_areas_have_routines() {
    let routines = built_ins();
    for area in [Area::Neck, Area::Shoulders, Area::Temples] {
        let covering: Vec<&str> = routines
            .iter()
            .filter(|r| r.has_area(area))
            .map(|r| r.id.as_str())
            .collect();
        assert!(!covering.is_empty(), "no built-in routine for the {area}");
    }
}

#[test]
fn there_is_a_bedtime_routine_for_sleep() {
    let routines = built_ins();
    let bedtime = routines
        .iter()
        .find(|r| r.id == "bedtime-wind-down")
        .expect("the bedtime routine is built in");
    assert!(bedtime.has_goal(Goal::Sleep));
    assert!(bedtime.is_for_sleep());
}

#[test]
fn every_goal_has_a_routine() {
    let routines = built_ins();
    for goal in Goal::ALL {
        assert!(
            routines.iter().any(|r| r.has_goal(*goal)),
            "no built-in routine with the goal {goal}"
        );
    }
}

#[test]
fn every_built_in_takes_3_to_12_minutes_in_5_to_14_steps_or_is_a_one_minute_break() {
    for routine in built_ins() {
        let seconds = routine.planned_seconds();
        let steps = routine.steps.len();
        if routine.id.starts_with("one-minute-") {
            // A break between tasks: a minute and a half at most, still more than one move.
            assert!((60..=90).contains(&seconds), "{} takes {seconds} s", routine.id);
            assert!((3..=6).contains(&steps), "{} has {steps} steps", routine.id);
            continue;
        }
        assert!(
            (3 * 60..=12 * 60).contains(&seconds),
            "{} takes {seconds} s",
            routine.id
        );
        assert!((5..=14).contains(&steps), "{} has {steps} steps", routine.id);
    }
}

#[test]
fn the_built_in_routines_and_plans_pass_check_strict_with_no_warning() {
    let home = tempfile::tempdir().unwrap();
    let count = built_ins().len();
    let plans = json_of(home.path(), &["plans", "--format", "json"]);
    let plans = plans.as_array().unwrap().len();
    assert!(plans >= 4, "{plans} built-in plans");
    let output = knead(home.path()).args(["check", "--strict"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "{}; the safety lint's warnings about the built-ins:\n{stderr}",
        output.status
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("ok: {count} built-in routines and {plans} built-in plans valid\n")
    );
}

/// The ids of the listed routines that have `word` in their `field` list.
fn covering<'a>(listed: &'a [serde_json::Value], field: &str, word: &str) -> Vec<&'a str> {
    listed
        .iter()
        .filter(|r| r[field].as_array().unwrap().iter().any(|v| v == word))
        .map(|r| r["id"].as_str().unwrap())
        .collect()
}

#[test]
fn the_library_covers_every_area_and_goal_and_has_short_routines() {
    let home = tempfile::tempdir().unwrap();
    let listed = json_of(home.path(), &["list", "--format", "json"]);
    let listed = listed.as_array().unwrap();
    assert!(
        listed.len() >= 34,
        "{} routines, at least 34 wanted",
        listed.len()
    );
    assert!(listed.iter().all(|r| r["source"] == "built-in"));
    for area in Area::all_str() {
        let ids = covering(listed, "areas", area);
        assert!(
            ids.len() >= 2,
            "the {area} is covered by {ids:?}; at least 2 wanted"
        );
    }
    for goal in Goal::all_str() {
        let ids = covering(listed, "goals", goal);
        assert!(
            ids.len() >= 4,
            "the goal {goal} is covered by {ids:?}; at least 4 wanted"
        );
    }
    let short: Vec<&str> = listed
        .iter()
        .filter(|r| r["seconds"].as_u64().unwrap() <= 240)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        short.len() >= 3,
        "routines of 4 minutes or less: {short:?}; at least 3 wanted"
    );
}

#[test]
fn every_built_in_step_but_a_breath_names_a_spot_in_one_of_its_routines_areas() {
    // A spot says where the hands work (or what a stretch moves). A breathing step may name
    // none, and then the figure shows the routine's areas.
    for routine in built_ins() {
        for (i, step) in routine.steps.iter().enumerate() {
            let Some(spot) = step.spot else {
                assert_eq!(
                    step.stroke,
                    Stroke::Breathing,
                    "{} step {i} ({}) names no spot",
                    routine.id,
                    step.name
                );
                continue;
            };
            assert!(
                routine.has_area(spot.area()),
                "{} step {i}: the spot {spot} is on the {}, not one of {:?}",
                routine.id,
                spot.area(),
                routine.areas
            );
        }
    }
}

#[test]
fn every_complaint_is_served_by_a_built_in_routine() {
    let routines = built_ins();
    for complaint in Complaint::ALL {
        assert!(
            routines.iter().any(|r| r.helps.contains(complaint)),
            "no built-in routine helps with {complaint}"
        );
    }
}

/// What a profile with `precaution` does to a step: left out, softened to light, or kept.
#[derive(Debug, PartialEq)]
enum ForThem {
    LeftOut,
    Light,
    AsWritten,
}

/// Light pressure, or none: a breath or a stretch, where the hands do not press.
fn is_light(step: &Step) -> bool {
    step.pressure.is_none_or(|p| p == Pressure::Light)
}

fn for_them(step: &Step, precaution: Precaution) -> ForThem {
    if step.avoid_with.contains(&precaution) {
        ForThem::LeftOut
    } else if is_light(step) || step.gentle_with.contains(&precaution) {
        ForThem::Light
    } else {
        ForThem::AsWritten
    }
}

/// Every step of every built-in routine, with the routine's id and the step's number.
fn every_step() -> Vec<(String, usize, Step)> {
    built_ins()
        .into_iter()
        .flat_map(|r| {
            let id = r.id.clone();
            r.steps
                .into_iter()
                .enumerate()
                .map(move |(i, step)| (id.clone(), i + 1, step))
        })
        .collect()
}

#[test]
fn with_blood_thinners_no_built_in_step_is_firm_and_none_is_above_light() {
    // TECHNIQUE.md: leave out ball, body-weight and firm steps; light pressure elsewhere.
    for (id, n, step) in every_step() {
        if step.pressure == Some(Pressure::Firm) {
            assert_eq!(
                for_them(&step, Precaution::BloodThinners),
                ForThem::LeftOut,
                "{id} step {n} ({}) is firm",
                step.name
            );
        }
        assert_ne!(
            for_them(&step, Precaution::BloodThinners),
            ForThem::AsWritten,
            "{id} step {n} ({}) stays at {:?} pressure with blood thinners",
            step.name,
            step.pressure
        );
    }
}

#[test]
fn in_pregnancy_no_built_in_step_works_the_belly_or_holds_a_point_firmly() {
    let points = [Spot::WebOfHand, Spot::Ankle, Spot::TopOfShoulder];
    for (id, n, step) in every_step() {
        let pregnancy = for_them(&step, Precaution::Pregnancy);
        if step.spot == Some(Spot::Belly) && step.stroke != Stroke::Breathing {
            assert_eq!(pregnancy, ForThem::LeftOut, "{id} step {n} ({})", step.name);
        }
        // Moving strokes pass over the points; a hold or a press stays on one.
        let stays = matches!(step.stroke, Stroke::Holding | Stroke::Pressing);
        if step.spot.is_some_and(|s| points.contains(&s)) {
            if stays {
                assert_ne!(pregnancy, ForThem::AsWritten, "{id} step {n} ({})", step.name);
            }
            if step.pressure == Some(Pressure::Firm) {
                assert_eq!(pregnancy, ForThem::LeftOut, "{id} step {n} ({})", step.name);
            }
        }
    }
}

#[test]
fn after_a_clot_or_in_pregnancy_the_legs_get_light_strokes_and_stretches_only() {
    let legs = [Spot::Calf, Spot::FrontOfThigh, Spot::BackOfThigh];
    let strokes = [
        Stroke::Stroking,
        Stroke::Gliding,
        Stroke::Stretching,
        Stroke::Breathing,
    ];
    for (id, n, step) in every_step() {
        if !step.spot.is_some_and(|s| legs.contains(&s)) {
            continue;
        }
        for precaution in [Precaution::ClotHistory, Precaution::Pregnancy] {
            let them = for_them(&step, precaution);
            if strokes.contains(&step.stroke) {
                assert_ne!(them, ForThem::AsWritten, "{id} step {n} ({})", step.name);
            } else {
                assert_eq!(them, ForThem::LeftOut, "{id} step {n} ({})", step.name);
            }
        }
    }
}

#[test]
fn with_fragile_skin_no_built_in_step_kneads_squeezes_taps_or_rubs_in_circles() {
    let rubbing = [
        Stroke::Kneading,
        Stroke::Squeezing,
        Stroke::Tapping,
        Stroke::Circles,
    ];
    for (id, n, step) in every_step() {
        let them = for_them(&step, Precaution::FragileSkin);
        if rubbing.contains(&step.stroke) {
            assert_eq!(them, ForThem::LeftOut, "{id} step {n} ({})", step.name);
        } else {
            assert_ne!(them, ForThem::AsWritten, "{id} step {n} ({})", step.name);
        }
    }
}

#[test]
fn with_an_implant_nothing_presses_or_taps_below_the_collarbone() {
    for (id, n, step) in every_step() {
        if step.spot == Some(Spot::ChestBelowCollarbone)
            && !matches!(step.stroke, Stroke::Stroking | Stroke::Stretching)
        {
            assert_eq!(
                for_them(&step, Precaution::Implant),
                ForThem::LeftOut,
                "{id} step {n} ({})",
                step.name
            );
        }
    }
}

#[test]
fn the_routines_written_for_a_precaution_keep_every_step_for_it() {
    let routines = built_ins();
    let kept = |id: &str, precautions: &[Precaution]| {
        let routine = routines.iter().find(|r| r.id == id).unwrap();
        for step in &routine.steps {
            for &p in precautions {
                assert!(
                    !step.avoid_with.contains(&p) && !step.gentle_with.contains(&p),
                    "{id}: {} changes with {p}",
                    step.name
                );
            }
            assert!(is_light(step) || !step.gentle_with.is_empty());
        }
    };
    kept(
        "gentle-touch",
        &[
            Precaution::BloodThinners,
            Precaution::Osteoporosis,
            Precaution::FragileSkin,
            Precaution::ClotHistory,
        ],
    );
    kept("pregnancy-ease", &[Precaution::Pregnancy]);
    let gentle = routines.iter().find(|r| r.id == "gentle-touch").unwrap();
    assert!(
        gentle.steps.iter().all(
            |s| is_light(s) && matches!(s.stroke, Stroke::Stroking | Stroke::Holding | Stroke::Breathing)
        )
    );
}
