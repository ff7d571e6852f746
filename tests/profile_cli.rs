//! The health profile: `knead profile`, and every front end fitting the routines to it.

use std::collections::BTreeSet;
use std::path::Path;

use knead::routine::lint::is_weight_step;
use knead::routine::{Library, Pressure, Step};
use predicates::prelude::*;

use crate::common::{knead, stdout_of, write_file};
use crate::voice::{recording_speaker, utterances};

fn profile_file(home: &Path) -> std::path::PathBuf {
    home.join("config").join("knead").join("profile.toml")
}

fn with_profile(names: &[&str]) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["profile", "add"])
        .args(names)
        .assert()
        .success();
    home
}

fn built_in_ids() -> Vec<String> {
    Library::built_in()
        .library
        .routines()
        .iter()
        .map(|r| r.id.clone())
        .collect()
}

/// The names of the built-in steps that press hard or with the body's weight, and that no
/// other built-in step shares (a shared name could not tell which one ran).
fn ball_and_firm_step_names() -> BTreeSet<String> {
    let library = Library::built_in().library;
    let steps: Vec<&Step> = library.routines().iter().flat_map(|r| &r.steps).collect();
    let unsafe_step = |s: &Step| s.pressure == Some(Pressure::Firm) || is_weight_step(s);
    let kept: BTreeSet<&str> = steps
        .iter()
        .filter(|s| !unsafe_step(s))
        .map(|s| s.name.as_str())
        .collect();
    let names: BTreeSet<String> = steps
        .iter()
        .filter(|s| unsafe_step(s))
        .map(|s| s.name.to_string())
        .filter(|n| !kept.contains(n.as_str()))
        .collect();
    assert!(
        names.len() >= 10,
        "the built-ins have ball and firm steps: {names:?}"
    );
    names
}

#[test]
fn profile_add_remove_show_and_clear_keep_a_private_file() {
    let home = tempfile::tempdir().unwrap();
    let shown = stdout_of(home.path(), &["profile", "add", "blood-thinners", "pregnancy"]);
    assert!(shown.contains("pregnancy, blood thinners."), "{shown}");
    assert!(shown.contains("replaces no clinician's advice"), "{shown}");
    stdout_of(
        home.path(),
        &["profile", "add", "recent-surgery", "--area", "calves"],
    );
    let text = std::fs::read_to_string(profile_file(home.path())).unwrap();
    assert!(
        text.contains("precautions = [\"pregnancy\", \"blood-thinners\"]\nsurgery_areas = [\"calves\"]\n"),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(profile_file(home.path()))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let shown = stdout_of(home.path(), &["profile", "remove", "pregnancy", "recent-surgery"]);
    assert!(shown.contains("): blood thinners."), "{shown}");
    let shown = stdout_of(home.path(), &["profile", "show"]);
    assert!(shown.contains("): blood thinners."), "{shown}");
    let shown = stdout_of(home.path(), &["profile", "clear"]);
    assert!(shown.contains("): nothing recorded."), "{shown}");
}

#[test]
fn an_unknown_precaution_is_a_usage_error_with_a_did_you_mean() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["profile", "add", "blood-thiners"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown precaution \"blood-thiners\"; did you mean \"blood-thinners\"?",
        ));
    knead(home.path())
        .args(["profile", "add", "recent-surgery"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("recent-surgery needs the area"));
    assert!(!profile_file(home.path()).exists(), "nothing was written");
}

#[test]
fn a_damaged_profile_stops_a_session_at_its_line_and_column_until_cleared() {
    let home = tempfile::tempdir().unwrap();
    write_file(
        &home.path().join("config").join("knead"),
        "profile.toml",
        "precautions = [\"blood-thinners\", \"pregnant\"]\n",
    );
    for args in [
        &["run", "neck-release", "--plain", "--no-log"][..],
        &["run", "neck-release", "--dry-run"],
        &["show", "neck-release"],
        &["profile", "add", "implant"],
    ] {
        knead(home.path())
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(
                "profile.toml:1:34: error: unknown precaution \"pregnant\" in `precautions[1]`",
            ))
            .stderr(predicate::str::contains("did you mean \"pregnancy\"?"))
            .stderr(predicate::str::contains("`knead profile clear`"));
    }
    stdout_of(home.path(), &["profile", "clear"]);
    stdout_of(home.path(), &["run", "neck-release", "--dry-run"]);
}

#[test]
fn blood_thinners_remove_every_ball_and_firm_step_from_every_built_in_plan_and_plain_session() {
    let home = with_profile(&["blood-thinners"]);
    let forbidden = ball_and_firm_step_names();
    let ids = built_in_ids();
    let plan = stdout_of(
        home.path(),
        &[
            &["run"],
            ids.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
            &["--dry-run"],
        ]
        .concat(),
    );
    let plain = stdout_of(
        home.path(),
        &[
            &["run"],
            ids.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
            &["--plain", "--minutes", "0.2", "--no-log"],
        ]
        .concat(),
    );
    for (what, text, step_lines) in [("plan", &plan, "  "), ("plain", &plain, "] Step ")] {
        let steps: Vec<&str> = text
            .lines()
            .filter(|l| l.contains(step_lines) && l.contains(" · "))
            .collect();
        assert!(steps.len() > 100, "{what}: {text}");
        for line in &steps {
            assert!(
                !line.contains(" · firm pressure · ") && !line.contains(" · firm · "),
                "{what} keeps a firm step: {line}"
            );
            for name in &forbidden {
                assert!(
                    !line.contains(&format!("{name} · ")),
                    "{what} keeps {name:?}: {line}"
                );
            }
        }
        for name in &forbidden {
            assert!(
                text.lines()
                    .any(|l| l.starts_with("Skipped for you (blood thinners")
                        && l.ends_with(&format!(": {name}"))),
                "{what} does not say why {name:?} is left out:\n{text}"
            );
        }
    }
}

#[test]
fn blood_thinners_remove_every_ball_and_firm_step_from_the_voice() {
    let home = with_profile(&["blood-thinners"]);
    let speaker = recording_speaker(home.path());
    let forbidden = ball_and_firm_step_names();
    let ids = [
        "upper-back-ball",
        "lower-back-ball",
        "shoulder-unknot",
        "tired-feet",
    ];
    knead(home.path())
        .arg("run")
        .args(ids)
        .args(["--plain", "--minutes", "0.5", "--no-log", "--voice-command"])
        .arg(&speaker)
        .assert()
        .success();
    let said = utterances(home.path());
    assert!(
        said[0].starts_with("Fitted to your health profile: ")
            && said[0].contains(" left out")
            && said[0].ends_with(", for blood thinners."),
        "the reasons are spoken first: {said:?}"
    );
    let steps: Vec<&String> = said.iter().filter(|s| s.starts_with("Step ")).collect();
    assert!(steps.len() > 10, "{said:?}");
    for sentence in steps {
        assert!(!sentence.contains("Firm pressure"), "{sentence}");
        for name in &forbidden {
            assert!(
                !sentence.contains(&format!(". {name}. ")),
                "{name:?} spoken: {sentence}"
            );
        }
    }
}

#[test]
fn pregnancy_removes_the_tagged_points_and_softens_the_others() {
    let home = with_profile(&["pregnancy"]);
    let library = Library::built_in().library;
    let mut left_out = 0;
    for routine in library.routines() {
        let avoided = routine
            .steps
            .iter()
            .filter(|s| s.avoid_with.contains(&knead::routine::Precaution::Pregnancy))
            .count();
        if avoided == routine.steps.len() {
            // A routine for the belly lying on the back is hidden whole, with its reason.
            let text = stdout_of(home.path(), &["show", &routine.id]);
            let hidden = format!(
                "Hidden for you: {} leaves out every step (pregnancy)",
                routine.name
            );
            assert!(text.contains(&hidden), "{text}");
            left_out += avoided;
            continue;
        }
        let shown = knead(home.path())
            .args(["show", &routine.id, "--format", "json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        let steps = json["steps"].as_array().unwrap();
        for step in steps {
            let tags = step["avoid_with"].as_array().cloned().unwrap_or_default();
            assert!(!tags.iter().any(|t| t == "pregnancy"), "{}: {step}", routine.id);
            let gentle = step["gentle_with"].as_array().cloned().unwrap_or_default();
            if gentle.iter().any(|t| t == "pregnancy") {
                assert_eq!(step["pressure"], "light", "{}: {step}", routine.id);
            }
        }
        left_out += avoided;
        if avoided > 0 {
            let text = stdout_of(home.path(), &["show", &routine.id]);
            assert!(text.contains("Skipped for you (pregnancy): "), "{text}");
        }
    }
    assert!(
        left_out >= 5,
        "the built-ins tag their belly and pressure-point steps"
    );
}

#[test]
fn a_routine_that_loses_every_step_is_hidden_with_its_reason() {
    let home = with_profile(&["recent-surgery", "--area", "neck"]);
    let reason = "Hidden for you: Neck release leaves out every step (recent surgery on the neck)";
    knead(home.path())
        .args(["run", "neck-release", "--plain", "--no-log"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(reason));
    let shown = stdout_of(home.path(), &["show", "neck-release"]);
    assert!(shown.starts_with(reason), "{shown}");
    let json = crate::common::json_of(home.path(), &["show", "neck-release", "--format", "json"]);
    assert_eq!(json["hidden_for_you"], reason);
    let profile = stdout_of(home.path(), &["profile"]);
    assert!(profile.contains(reason), "{profile}");
    // The composer cannot reach it either.
    knead(home.path())
        .args([
            "run",
            "--area",
            "neck",
            "--area",
            "jaw",
            "--minutes",
            "15",
            "--dry-run",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("neck-release").not());
}

#[test]
fn check_warns_at_an_untagged_firm_step() {
    let home = tempfile::tempdir().unwrap();
    let text = crate::common::routine_text("firm-one", "Firm one")
        .replace("pressure = \"medium\"", "pressure = \"firm\"");
    let path = write_file(home.path(), "firm-one.toml", &text);
    knead(home.path())
        .args(["check", "--strict"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "firm-one.toml:19:12: warning: a firm step without \"blood-thinners\" in `avoid_with`",
        ));
}

#[test]
fn list_for_a_complaint_names_only_the_routines_that_help_with_it() {
    let home = tempfile::tempdir().unwrap();
    let dir = crate::common::config_routines(home.path());
    let helps = crate::common::routine_text("eyes-a", "Eyes A").replace(
        "goals = [\"stress\"]",
        "goals = [\"stress\"]\nhelps = [\"eye-strain\", \"headache\"]",
    );
    write_file(&dir, "eyes-a.toml", &helps);
    let listed = stdout_of(home.path(), &["list", "--for", "eye-strain", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.contains(&"eyes-a"), "{ids:?}");
    assert!(
        json.as_array().unwrap().iter().all(|r| r["helps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "eye-strain"))
    );
    knead(home.path())
        .args(["list", "--for", "eye-strian"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"eye-strain\"?"));
}

#[test]
fn the_composer_never_picks_a_step_the_profile_rules_out() {
    let home = with_profile(&["blood-thinners", "osteoporosis"]);
    let forbidden = ball_and_firm_step_names();
    let plan = stdout_of(
        home.path(),
        &[
            "run",
            "--area",
            "upper-back",
            "--area",
            "lower-back",
            "--area",
            "feet",
            "--area",
            "hips",
            "--minutes",
            "40",
            "--dry-run",
        ],
    );
    assert!(plan.contains("Composed for"), "{plan}");
    for line in plan.lines().filter(|l| l.starts_with("  ") && l.contains(" · ")) {
        assert!(!line.contains(" · firm · "), "{line}");
        for name in &forbidden {
            assert!(!line.contains(&format!("{name} · ")), "{name:?} composed: {line}");
        }
    }
}

#[test]
fn a_step_made_lighter_says_so_where_its_pressure_is_said() {
    let home = tempfile::tempdir().unwrap();
    let text = crate::common::routine_text("soft", "Soft").replace(
        "stroke = \"holding\"",
        "stroke = \"holding\"\ngentle_with = [\"fragile-skin\"]",
    );
    write_file(&crate::common::config_routines(home.path()), "soft.toml", &text);
    knead(home.path())
        .args(["profile", "add", "fragile-skin"])
        .assert()
        .success();
    let plain = stdout_of(
        home.path(),
        &["run", "soft", "--plain", "--minutes", "0.1", "--no-log"],
    );
    assert!(
        plain.contains("Lighter for you (fragile skin): Hold\n"),
        "{plain}"
    );
    assert!(
        plain.contains(" · Hold · light pressure, lighter for you · holding · "),
        "{plain}"
    );
    assert!(
        plain.contains(" · Warm up · light pressure · stroking"),
        "{plain}"
    );
}
