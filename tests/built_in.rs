//! The built-in routine library: every file valid, and the library as a whole covering what
//! the issue asks of it.

use std::path::{Path, PathBuf};

use knead::routine::library::{load_file, load_files, routine_files};
use knead::routine::{Area, Goal, Library, Routine, Source, Stroke, Vocabulary};

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
fn every_built_in_takes_3_to_12_minutes_in_5_to_14_steps() {
    for routine in built_ins() {
        let seconds = routine.planned_seconds();
        assert!(
            (3 * 60..=12 * 60).contains(&seconds),
            "{} takes {seconds} s",
            routine.id
        );
        let steps = routine.steps.len();
        assert!((5..=14).contains(&steps), "{} has {steps} steps", routine.id);
    }
}

#[test]
fn the_built_in_routines_pass_check_strict_with_no_warning() {
    let home = tempfile::tempdir().unwrap();
    let count = built_ins().len();
    let output = knead(home.path()).args(["check", "--strict"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "{}; the safety lint's warnings about the built-ins:\n{stderr}",
        output.status
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("ok: {count} routines valid\n")
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
        listed.len() >= 20,
        "{} routines, at least 20 wanted",
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
