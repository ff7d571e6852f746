//! `knead list`, `areas`, `show` and `check` as a person runs them: the real binary, a private
//! home, and assertions on what reaches the terminal and the exit status.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use knead::routine::{Area, Complaint, Goal, Library, Routine, Side};
use predicates::prelude::*;
use serde_json::Value;

use crate::common::{config_routines, json_of, knead, knead_process, routine_text, stdout_of, write_file};

fn built_ins() -> Library {
    let loaded = Library::built_in();
    assert!(loaded.skipped.is_empty());
    loaded.library
}

/// The planned length worked out from the steps alone: `each` steps run once per side.
fn planned(routine: &Routine) -> u64 {
    routine
        .steps
        .iter()
        .map(|s| u64::from(s.seconds) * if s.side == Side::Each { 2 } else { 1 })
        .sum()
}

fn ids(entries: &Value) -> Vec<&str> {
    entries
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|e| e["id"].as_str().expect("an id string"))
        .collect()
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

/// The data rows of a table, each split into its cells (cells are separated by 2+ spaces).
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .skip(1)
        .map(|line| {
            line.split("  ")
                .map(str::trim)
                .filter(|cell| !cell.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

// ------------------------------------------------------------------------- list

#[test]
fn list_shows_every_built_in_routine_in_a_table() {
    let home = tempfile::tempdir().unwrap();
    let shown = stdout_of(home.path(), &["list"]);
    let header: Vec<&str> = shown.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["ID", "NAME", "AREAS", "GOALS", "LENGTH", "STEPS", "SOURCE"]
    );
    let rows = table_rows(&shown);
    let library = built_ins();
    assert_eq!(rows.len(), library.routines().len(), "{shown}");
    for (row, routine) in rows.iter().zip(library.routines()) {
        assert_eq!(row[0], routine.id, "sorted by id:\n{shown}");
        assert_eq!(row[1], routine.name);
        assert_eq!(row[6], "built-in");
    }
    let neck = rows.iter().find(|r| r[0] == "neck-release").unwrap();
    assert_eq!(neck[2..6], ["neck", "stress, pain", "7:30", "10"]);
}

#[test]
fn list_json_describes_each_routine_with_typed_fields() {
    let home = tempfile::tempdir().unwrap();
    let entries = json_of(home.path(), &["list", "--format", "json"]);
    let library = built_ins();
    assert_eq!(
        ids(&entries),
        library
            .routines()
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
    );
    for entry in entries.as_array().unwrap() {
        let object = entry.as_object().expect("each entry is an object");
        let routine = library.get(entry["id"].as_str().unwrap()).unwrap();
        let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "id", "name", "summary", "areas", "goals", "helps", "seconds", "steps", "source"
            ])
        );
        assert_eq!(entry["name"].as_str(), Some(routine.name.as_str()));
        assert_eq!(entry["summary"].as_str(), Some(routine.summary.as_str()));
        let areas: Vec<Area> = strings(&entry["areas"])
            .iter()
            .map(|a| a.parse().unwrap())
            .collect();
        assert_eq!(areas, routine.areas);
        let goals: Vec<Goal> = strings(&entry["goals"])
            .iter()
            .map(|g| g.parse().unwrap())
            .collect();
        assert_eq!(goals, routine.goals);
        let helps: Vec<Complaint> = strings(&entry["helps"])
            .iter()
            .map(|c| c.parse().unwrap())
            .collect();
        assert_eq!(helps, routine.helps);
        assert_eq!(
            entry["seconds"].as_u64(),
            Some(planned(routine)),
            "the planned length"
        );
        assert_eq!(
            entry["steps"].as_u64(),
            Some(routine.steps.len() as u64),
            "the step count"
        );
        assert_eq!(entry["source"].as_str(), Some("built-in"));
    }
}

#[test]
fn list_json_seconds_count_both_sides_of_each_side_steps() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("mine");
    write_file(&dir, "two-sided.toml", &routine_text("two-sided", "Two sided"));
    let entries = json_of(
        home.path(),
        &[
            "list",
            "--format",
            "json",
            "--routines-dir",
            dir.to_str().unwrap(),
        ],
    );
    let entry = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "two-sided")
        .unwrap();
    // 30 s for both sides plus 20 s on each side.
    assert_eq!(entry["seconds"], 70);
    assert_eq!(entry["steps"], 2);
    // neck-release: nine steps of 30+30+45+60+60+60+45+30+30 s and one 30 s step per side.
    let neck = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "neck-release")
        .unwrap();
    assert_eq!(neck["seconds"], 450);
}

#[test]
fn list_filters_by_area_and_by_goal() {
    let home = tempfile::tempdir().unwrap();
    let library = built_ins();
    let expected = |keep: &dyn Fn(&Routine) -> bool| -> Vec<&str> {
        library
            .routines()
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.id.as_str())
            .collect()
    };

    let neck = json_of(home.path(), &["list", "--area", "neck", "--format", "json"]);
    assert_eq!(ids(&neck), expected(&|r| r.has_area(Area::Neck)));
    assert!(ids(&neck).contains(&"neck-release"));

    let sleep = json_of(home.path(), &["list", "--goal", "sleep", "--format", "json"]);
    assert_eq!(ids(&sleep), expected(&|r| r.has_goal(Goal::Sleep)));
    assert!(ids(&sleep).contains(&"bedtime-wind-down"));

    let both = json_of(
        home.path(),
        &["list", "--area", "neck", "--goal", "pain", "--format", "json"],
    );
    assert_eq!(
        ids(&both),
        expected(&|r| r.has_area(Area::Neck) && r.has_goal(Goal::Pain))
    );
    assert!(!ids(&both).is_empty());

    let table = stdout_of(home.path(), &["list", "--area", "temples"]);
    let rows: Vec<String> = table_rows(&table).into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(rows, expected(&|r| r.has_area(Area::Temples)));
}

#[test]
fn list_with_no_match_says_so() {
    let home = tempfile::tempdir().unwrap();
    // Every area has routines, so no match needs two filters that no routine meets together.
    assert!(built_ins().in_area(Area::Chest).all(|r| !r.has_goal(Goal::Sleep)));
    let shown = stdout_of(home.path(), &["list", "--area", "chest", "--goal", "sleep"]);
    assert_eq!(
        shown,
        "No routines match. `knead areas` shows which areas have routines.\n"
    );
    let entries = json_of(
        home.path(),
        &["list", "--area", "chest", "--goal", "sleep", "--format", "json"],
    );
    assert_eq!(entries, Value::Array(Vec::new()));
}

#[test]
fn list_rejects_an_unknown_area_naming_the_known_ones() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["list", "--area", "sholders"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "knead: error: unknown body area \"sholders\"; did you mean \"shoulders\"? known: {}\n",
            Area::known()
        ));
    knead(home.path())
        .args(["list", "--area", "elbow"])
        .assert()
        .code(2)
        .stderr(format!(
            "knead: error: unknown body area \"elbow\"; known: {}\n",
            Area::known()
        ));
}

#[test]
fn list_rejects_an_unknown_goal_naming_the_known_ones() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["list", "--goal", "slep"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "knead: error: unknown goal \"slep\"; did you mean \"sleep\"? known: {}\n",
            Goal::known()
        ));
    knead(home.path())
        .args(["list", "--goal", "relax"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown goal \"relax\"; known: stress, pain, circulation, mood, sleep, recovery",
        ));
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    for command in ["list", "areas", "show neck-release"] {
        knead(home.path())
            .args(command.split(' '))
            .args(["--format", "yaml"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("invalid value 'yaml' for '--format"));
    }
}

// ------------------------------------------------------------------------- areas

#[test]
fn areas_lists_every_area_with_its_routine_count() {
    let home = tempfile::tempdir().unwrap();
    let library = built_ins();
    let shown = stdout_of(home.path(), &["areas"]);
    assert_eq!(shown.lines().next(), Some("AREA        ROUTINES"));
    let rows = table_rows(&shown);
    assert_eq!(rows.len(), Area::ALL.len());
    for (row, area) in rows.iter().zip(Area::ALL) {
        assert_eq!(row[0], area.as_str());
        assert_eq!(row[1], library.in_area(*area).count().to_string(), "{area}");
    }
    let neck = rows.iter().find(|r| r[0] == "neck").unwrap();
    assert_eq!(neck[1], "10");
}

#[test]
fn areas_json_counts_every_routine_of_every_area() {
    let home = tempfile::tempdir().unwrap();
    let library = built_ins();
    let entries = json_of(home.path(), &["areas", "--format", "json"]);
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), Area::ALL.len());
    for (entry, area) in entries.iter().zip(Area::ALL) {
        assert_eq!(entry.as_object().unwrap().len(), 2, "{entry}");
        assert_eq!(entry["area"].as_str(), Some(area.as_str()));
        assert_eq!(
            entry["routines"].as_u64(),
            Some(library.in_area(*area).count() as u64)
        );
    }
    let total: u64 = entries.iter().map(|e| e["routines"].as_u64().unwrap()).sum();
    let expected: usize = library.routines().iter().map(|r| r.areas.len()).sum();
    assert_eq!(total, expected as u64);
}

#[test]
fn areas_count_the_users_own_routines_too() {
    let home = tempfile::tempdir().unwrap();
    write_file(
        &config_routines(home.path()),
        "mine.toml",
        &routine_text("mine", "Mine"),
    );
    let entries = json_of(home.path(), &["areas", "--format", "json"]);
    let jaw = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["area"] == "jaw")
        .unwrap();
    let built_in_jaw = built_ins().in_area(Area::Jaw).count() as u64;
    assert_eq!(jaw["routines"].as_u64(), Some(built_in_jaw + 1));
}

// ------------------------------------------------------------------------- show

#[test]
fn show_prints_a_routine_as_text() {
    let home = tempfile::tempdir().unwrap();
    let shown = stdout_of(home.path(), &["show", "neck-release"]);
    insta::assert_snapshot!("show_neck_release", shown);
}

#[test]
fn show_json_has_the_fields_of_the_file_plus_seconds_and_source() {
    let home = tempfile::tempdir().unwrap();
    let shown = json_of(home.path(), &["show", "neck-release", "--format", "json"]);
    let keys: BTreeSet<&str> = shown.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
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
            "seconds",
            "source"
        ])
    );
    assert_eq!(shown["id"], "neck-release");
    assert_eq!(strings(&shown["helps"]), ["desk-work"]);
    assert_eq!(shown["name"], "Neck release");
    assert_eq!(strings(&shown["areas"]), ["neck"]);
    assert_eq!(strings(&shown["goals"]), ["stress", "pain"]);
    assert_eq!(strings(&shown["cautions"]).len(), 5);
    assert_eq!(shown["seconds"], 450);
    assert_eq!(shown["source"], "built-in");

    let steps = shown["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 10);
    let first = &steps[0];
    assert_eq!(first["name"], "Settle your breathing");
    assert_eq!(first["seconds"], 30);
    assert!(
        first.get("pressure").is_none(),
        "breathing has no pressure: {first}"
    );
    assert_eq!(first["stroke"], "breathing");
    assert_eq!(first["tempo"], 6);
    assert_eq!(first["side"], "both");
    assert!(first["cue"].as_str().unwrap().starts_with("Sit tall"));
    // A step with no tempo leaves it out; `seconds` stays per side, as in the file.
    let hold = &steps[6];
    assert_eq!(hold["name"], "Hold a tender spot");
    assert_eq!(hold["side"], "each");
    assert_eq!(hold["seconds"], 30);
    assert_eq!(hold["pressure"], "medium");
    assert!(hold.get("tempo").is_none(), "{hold}");
    // What a health profile changes is in the step as in the file; a step it leaves as it is
    // has neither key.
    assert_eq!(strings(&hold["gentle_with"]), ["blood-thinners", "fragile-skin"]);
    assert!(hold.get("avoid_with").is_none(), "{hold}");
    assert!(first.get("gentle_with").is_none() && first.get("avoid_with").is_none());
    let total: u64 = steps
        .iter()
        .map(|s| s["seconds"].as_u64().unwrap() * if s["side"] == "each" { 2 } else { 1 })
        .sum();
    assert_eq!(shown["seconds"].as_u64(), Some(total));
}

#[test]
fn show_names_the_file_a_user_routine_came_from() {
    let home = tempfile::tempdir().unwrap();
    let path = write_file(
        &config_routines(home.path()),
        "mine.toml",
        &routine_text("mine", "Mine"),
    );
    let shown = json_of(home.path(), &["show", "mine", "--format", "json"]);
    assert_eq!(shown["source"].as_str(), path.to_str());
    assert_eq!(shown["seconds"], 70);
    let text = stdout_of(home.path(), &["show", "mine"]);
    assert!(text.contains(&format!("Source:  {}\n", path.display())), "{text}");
    assert!(
        text.contains("20 s, left then right · medium pressure · holding\n"),
        "{text}"
    );
}

#[test]
fn show_an_unknown_id_suggests_the_closest_ones() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["show", "neck-relase"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "knead: error: no routine with the id \"neck-relase\"; did you mean `neck-release`",
        ));
    knead(home.path())
        .args(["show", "zzzz"])
        .assert()
        .code(2)
        .stderr("knead: error: no routine with the id \"zzzz\"; `knead list` shows every routine\n");
    knead(home.path()).arg("show").assert().code(2).stdout("");
}

// ------------------------------------------------------------------------- check

/// A routine with five mistakes, one of them in each kind of place.
const BROKEN: &str = r#"id = "Neck Rub"
name = "Neck rub"
summary = "Ease the neck."
areas = ["neck", "sholders"]
goals = ["stress"]
colour = "blue"

[[steps]]
name = "Warm up"
cue = "Stroke slowly."
seconds = 0
pressure = "firm"
stroke = "circels"
"#;

#[test]
fn check_accepts_a_valid_file() {
    let home = tempfile::tempdir().unwrap();
    let path = write_file(home.path(), "good.toml", &routine_text("good", "Good"));
    knead(home.path())
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout("ok: 1 routine valid\n")
        .stderr("");
}

#[test]
fn check_prints_every_problem_of_a_broken_file_like_a_compiler() {
    let home = tempfile::tempdir().unwrap();
    write_file(home.path(), "broken.toml", BROKEN);
    let output = knead(home.path())
        .current_dir(home.path())
        .args(["check", "broken.toml"])
        .assert()
        .code(1)
        .stdout("")
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let headlines: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        headlines,
        [
            "broken.toml:1:6: error: `id`: an id may hold only lowercase letters a-z, digits and '-'",
            "broken.toml:4:18: error: unknown body area \"sholders\" in `areas[1]`",
            "broken.toml:6:1: error: unknown field `colour`",
            "broken.toml:11:11: error: `steps[0].seconds` must be from 1 to 1800, found 0",
            "broken.toml:13:10: error: unknown stroke \"circels\" in `steps[0].stroke`",
            "knead: error: 5 problems in 1 of 1 file",
        ]
    );
    insta::assert_snapshot!("check_broken_file", stderr);
}

#[test]
fn check_reports_every_broken_file_among_several() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    write_file(dir, "good.toml", &routine_text("good", "Good"));
    write_file(dir, "bad-name.toml", &routine_text("bad-name", &"n".repeat(61)));
    write_file(dir, "bad-toml.toml", "name = \"unterminated\nsummary = 1\n");
    let output = knead(dir)
        .current_dir(dir)
        .args(["check", "good.toml", "bad-name.toml", "bad-toml.toml"])
        .assert()
        .code(1)
        .stdout("")
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("bad-name.toml:2:8: error: `name` must be 1 to 60 characters long, found 61\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad-toml.toml:1:21: error: invalid basic string, expected `\"`\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("good.toml"), "{stderr}");
    assert!(
        stderr.ends_with("knead: error: 2 problems in 2 of 3 files\n"),
        "{stderr}"
    );
}

#[test]
fn check_takes_folders_and_reads_only_their_toml_files() {
    let home = tempfile::tempdir().unwrap();
    let good = home.path().join("good");
    write_file(&good, "a.toml", &routine_text("a", "A"));
    write_file(&good, "b.toml", &routine_text("b", "B"));
    write_file(&good, "notes.txt", "not a routine");
    knead(home.path())
        .arg("check")
        .arg(&good)
        .assert()
        .success()
        .stdout("ok: 2 routines valid\n");

    let mixed = home.path().join("mixed");
    write_file(&mixed, "a.toml", &routine_text("a", "A"));
    let bad = write_file(
        &mixed,
        "c.toml",
        &routine_text("c", "C").replace("\"light\"", "\"ligth\""),
    );
    let shown = knead(home.path())
        .arg("check")
        .arg(&mixed)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(shown.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "{}:11:12: error: unknown pressure \"ligth\" in `steps[0].pressure`\n",
            bad.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("= help: did you mean \"light\"?"), "{stderr}");
    assert!(
        stderr.ends_with("knead: error: 1 problem in 1 of 2 files\n"),
        "{stderr}"
    );
}

#[test]
fn check_reports_an_id_used_by_two_files() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    write_file(dir, "one.toml", &routine_text("twin", "One"));
    write_file(dir, "two.toml", &routine_text("twin", "Two"));
    knead(dir)
        .current_dir(dir)
        .args(["check", "one.toml", "two.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "two.toml:1:6: error: the id \"twin\" is already used by one.toml\n",
        ))
        .stderr(predicate::str::contains("help: give each routine its own id"));
}

/// How many plans are built in.
fn built_in_plans(home: &Path) -> usize {
    json_of(home, &["plans", "--format", "json"])
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn check_without_a_path_checks_the_built_in_routines() {
    let home = tempfile::tempdir().unwrap();
    let count = built_ins().routines().len();
    let plans = built_in_plans(home.path());
    // Whether they draw warnings is `built_in::the_built_in_routines_pass_check_strict`'s
    // business; here, that every one is checked and none is invalid.
    knead(home.path())
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "ok: {count} built-in routines and {plans} built-in plans valid"
        )));
}

#[test]
fn check_without_a_path_checks_every_routine_folder_in_use_and_your_plans() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let count = built_ins().routines().len();
    let plans = built_in_plans(h);
    write_file(&config_routines(h), "mine.toml", &routine_text("mine", "Mine"));
    let elsewhere = h.join("massage");
    write_file(&elsewhere, "other.toml", &routine_text("other", "Other"));
    write_file(
        &h.join("config").join("knead"),
        "config.toml",
        &format!("routines_dirs = [\"{}\"]\n", elsewhere.display()),
    );
    let plan = "name = \"My week\"\ngoal = \"stress\"\nsummary = \"One day.\"\n\n\
                [[days]]\nroutines = [\"mine\"]\nnote = \"Mine.\"\n";
    write_file(
        &h.join("config").join("knead").join("plans"),
        "my-week.toml",
        plan,
    );
    knead(h).arg("check").assert().success().stdout(format!(
        "ok: {count} built-in routines, 1 routine in ~/config/knead/routines, 1 routine in ~/massage, \
         {plans} built-in plans and 1 plan in ~/config/knead/plans valid\n"
    ));

    // A broken file in any of them fails the check, with the usual report.
    write_file(&elsewhere, "broken.toml", "id = \"broken\"\nname = 5\n");
    let out = knead(h).arg("check").assert().code(1).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let broken = elsewhere.join("broken.toml");
    assert!(
        stderr.contains(&format!("{}:2:8: error: ", broken.display())),
        "{stderr}"
    );
    assert!(stderr.ends_with(" files\n"), "{stderr}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    std::fs::remove_file(&broken).unwrap();

    write_file(
        &h.join("config").join("knead").join("plans"),
        "my-week.toml",
        &plan.replace("\"mine\"", "\"mein\""),
    );
    knead(h)
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown routine \"mein\""));
}

#[test]
fn check_without_a_path_fails_on_a_broken_file_of_yours() {
    let home = tempfile::tempdir().unwrap();
    write_file(&config_routines(home.path()), "neck.toml", BROKEN);
    let out = knead(home.path())
        .arg("check")
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let file = config_routines(home.path()).join("neck.toml");
    assert!(
        stderr.contains(&format!(
            "{}:4:18: error: unknown body area \"sholders\"",
            file.display()
        )),
        "{stderr}"
    );
}

#[test]
fn check_without_a_path_reports_a_broken_config_and_still_checks_the_routines() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write_file(&h.join("config").join("knead"), "config.toml", "bell = \"yes\"\n");
    write_file(&config_routines(h), "neck.toml", BROKEN);
    let out = knead(h).arg("check").assert().code(1).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("config.toml:1:8: error: `bell` must be true or false"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown body area \"sholders\""), "{stderr}");
    // A path given is checked on its own, whatever the config.
    let good = write_file(h, "good.toml", &routine_text("good", "Good"));
    knead(h)
        .arg("check")
        .arg(&good)
        .assert()
        .success()
        .stdout("ok: 1 routine valid\n");
}

#[test]
fn check_reports_files_it_cannot_read() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    std::fs::write(dir.join("latin1.toml"), b"name = \"caf\xe9\"\n").unwrap();
    knead(dir)
        .current_dir(dir)
        .args(["check", "missing.toml", "latin1.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "missing.toml: error: cannot read the file:",
        ))
        .stderr(predicate::str::contains(
            "latin1.toml:1:12: error: the file is not valid UTF-8 here",
        ));
}

#[test]
fn check_with_a_bad_option_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["check", "--pedantic"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unexpected argument '--pedantic'"));
}

// ------------------------------------------------------------------------- check: the safety lint

/// A valid routine that is unwise in two ways: firm pressure on the neck (line 14) and a
/// two-minute hold (line 13). It declares the precaution a firm step must.
const UNWISE: &str = r#"id = "my-neck"
name = "My neck"
summary = "A neck routine with a firm hold."
areas = ["neck"]
goals = ["pain"]
cautions = ["Stop if you feel sharp pain, numbness or tingling."]

[[steps]]
name = "Press and hold"
cue = "Press two fingertips into the muscle beside the spine and hold still."
stroke = "holding"
side = "each"
seconds = 120
pressure = "firm"
avoid_with = ["blood-thinners"]
"#;

/// The `path:line:column: warning: message` lines, in the order they are printed.
fn warning_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": warning: ")).collect()
}

#[test]
fn check_warns_about_a_valid_but_unwise_routine_and_still_succeeds() {
    let home = tempfile::tempdir().unwrap();
    write_file(home.path(), "my-neck.toml", UNWISE);
    let output = knead(home.path())
        .current_dir(home.path())
        .args(["check", "my-neck.toml"])
        .assert()
        .success()
        .stdout("ok: 1 routine valid, 2 warnings\n")
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        warning_lines(&stderr),
        [
            "my-neck.toml:13:11: warning: a hold of 120 s on one spot",
            "my-neck.toml:14:12: warning: firm pressure on the neck",
        ]
    );
    assert!(!stderr.contains("error"), "{stderr}");
    insta::assert_snapshot!("check_unwise_file", stderr);
}

#[test]
fn check_strict_fails_on_a_warning_and_passes_a_clean_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    write_file(dir, "my-neck.toml", UNWISE);
    write_file(dir, "good.toml", &routine_text("good", "Good"));
    let output = knead(dir)
        .current_dir(dir)
        .args(["check", "--strict", "good.toml", "my-neck.toml"])
        .assert()
        .code(1)
        .stdout("")
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(warning_lines(&stderr).len(), 2, "{stderr}");
    assert!(
        stderr.ends_with("knead: error: 2 warnings in 1 of 2 files; --strict fails on any warning\n"),
        "{stderr}"
    );
    knead(dir)
        .current_dir(dir)
        .args(["check", "--strict", "good.toml"])
        .assert()
        .success()
        .stdout("ok: 1 routine valid\n")
        .stderr("");
}

#[test]
fn check_prints_errors_first_then_warnings_file_by_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    write_file(dir, "a-unwise.toml", UNWISE);
    write_file(
        dir,
        "b-broken.toml",
        &routine_text("b-broken", "B").replace("\"light\"", "\"ligth\""),
    );
    write_file(
        dir,
        "c-no-cautions.toml",
        &routine_text("c", "C").replace(
            "cautions = [\"Stop if you feel sharp pain, numbness or tingling.\"]\n",
            "",
        ),
    );
    let output = knead(dir)
        .current_dir(dir)
        .args(["check", "."])
        .assert()
        .code(1)
        .stdout("")
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let headlines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .collect();
    assert_eq!(
        headlines,
        [
            "./b-broken.toml:11:12: error: unknown pressure \"ligth\" in `steps[0].pressure`",
            "./a-unwise.toml:13:11: warning: a hold of 120 s on one spot",
            "./a-unwise.toml:14:12: warning: firm pressure on the neck",
            // No key to point at: the warning is about the file as a whole.
            "./c-no-cautions.toml: warning: the routine has no cautions",
            "knead: error: 1 problem in 1 of 3 files, and 3 warnings",
        ]
    );
    assert!(
        stderr.contains("= help: add `cautions = [...]`: at least when to stop"),
        "{stderr}"
    );
}

#[test]
fn loading_routines_for_other_commands_prints_no_warning() {
    let home = tempfile::tempdir().unwrap();
    write_file(&config_routines(home.path()), "my-neck.toml", UNWISE);
    let listed = knead(home.path())
        .arg("list")
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(listed).unwrap().contains("my-neck"));
    knead(home.path())
        .args(["run", "my-neck", "--dry-run"])
        .assert()
        .success()
        .stderr("");
}

// ------------------------------------------------------------------------- where routines come from

/// The row of `knead list` for `id`, split into cells, with `KNEAD_ROUTINES_DIR` set to
/// `env_dirs` (when given) and a `--routines-dir` for each of `flag_dirs`.
fn list_row(home: &Path, env_dirs: Option<&OsStr>, flag_dirs: &[&Path], id: &str) -> Vec<String> {
    let mut cmd = knead(home);
    cmd.arg("list");
    if let Some(dirs) = env_dirs {
        cmd.env("KNEAD_ROUTINES_DIR", dirs);
    }
    for dir in flag_dirs {
        cmd.arg("--routines-dir").arg(dir);
    }
    let output = cmd.assert().success().stderr("").get_output().stdout.clone();
    let shown = String::from_utf8(output).unwrap();
    table_rows(&shown)
        .into_iter()
        .find(|row| row[0] == id)
        .unwrap_or_else(|| panic!("no {id} in\n{shown}"))
}

#[test]
fn later_routine_folders_replace_earlier_routines_and_list_shows_the_source() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let config = config_routines(h);
    let (env_a, env_b) = (h.join("env-a"), h.join("env-b"));
    let (flag_1, flag_2) = (h.join("flag-1"), h.join("flag-2"));
    // Each layer redefines the built-in `neck-release`, named after the layer.
    let layers = [
        (&config, "config"),
        (&env_a, "env-a"),
        (&env_b, "env-b"),
        (&flag_1, "flag-1"),
        (&flag_2, "flag-2"),
    ];
    let files: Vec<_> = layers
        .iter()
        .map(|(dir, name)| write_file(dir, "neck.toml", &routine_text("neck-release", name)))
        .collect();
    let env = std::env::join_paths([&env_a, &env_b]).unwrap();
    let env = Some(env.as_os_str());

    // Built-in < $XDG_CONFIG_HOME/knead/routines < KNEAD_ROUTINES_DIR (in order) <
    // --routines-dir (in order): each row adds a layer, and its last folder wins.
    let cases = [
        (None, &[][..], "config", &files[0]),
        (env, &[], "env-b", &files[2]),
        (env, &[flag_1.as_path()], "flag-1", &files[3]),
        (env, &[flag_1.as_path(), flag_2.as_path()], "flag-2", &files[4]),
    ];
    for (env, flags, name, file) in cases {
        let row = list_row(h, env, flags, "neck-release");
        assert_eq!(row[1], name, "{env:?} {flags:?}");
        assert_eq!(row[6], file.display().to_string(), "the SOURCE column");
        assert_eq!(row[5], "2", "the replacement's steps");
    }
    // With the user's routines out of the way, the built-in is back.
    std::fs::remove_dir_all(&config).unwrap();
    let row = list_row(h, None, &[], "neck-release");
    assert_eq!((row[1].as_str(), row[6].as_str()), ("Neck release", "built-in"));
}

#[test]
fn routines_from_every_folder_are_listed_together() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write_file(
        &config_routines(h),
        "from-config.toml",
        &routine_text("from-config", "C"),
    );
    write_file(&h.join("env"), "from-env.toml", &routine_text("from-env", "E"));
    write_file(&h.join("flag"), "from-flag.toml", &routine_text("from-flag", "F"));
    let output = knead(h)
        .env("KNEAD_ROUTINES_DIR", h.join("env"))
        .args(["list", "--format", "json", "--routines-dir"])
        .arg(h.join("flag"))
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let entries: Value = serde_json::from_slice(&output).unwrap();
    let listed = ids(&entries);
    for id in ["from-config", "from-env", "from-flag", "neck-release"] {
        assert!(listed.contains(&id), "{id} in {listed:?}");
    }
}

#[test]
fn a_broken_user_file_is_reported_and_the_rest_still_list() {
    let home = tempfile::tempdir().unwrap();
    let dir = config_routines(home.path());
    write_file(&dir, "good.toml", &routine_text("good-one", "Good one"));
    let broken = write_file(&dir, "broken.toml", "name = \"Broken\"\nareas = [\"nek\"]\n");
    let output = knead(home.path())
        .arg("list")
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let listed: Vec<String> = table_rows(&stdout).into_iter().map(|r| r[0].clone()).collect();
    assert!(listed.contains(&"good-one".to_string()), "{stdout}");
    assert!(listed.contains(&"neck-release".to_string()), "{stdout}");
    assert_eq!(listed.len(), built_ins().routines().len() + 1);
    let path = broken.display();
    assert!(
        stderr.contains(&format!(
            "{path}:2:10: error: unknown body area \"nek\" in `areas[0]`\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{path}: error: missing field `steps`\n")),
        "{stderr}"
    );
    assert!(stderr.ends_with(&format!("knead: skipped {path}\n")), "{stderr}");
    assert!(!stderr.contains("good.toml"), "{stderr}");
}

#[test]
fn a_routines_dir_named_on_the_command_line_must_exist() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("no-such-folder");
    knead(home.path())
        .arg("list")
        .arg("--routines-dir")
        .arg(&missing)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "knead: error: cannot read the routines folder {}: ",
            missing.display()
        )));
    // The platform's folder is optional: the private home has none, and `list` works.
    assert!(!config_routines(home.path()).exists());
    knead(home.path()).arg("list").assert().success().stderr("");
}

/// Asserts that `stderr` is one warning that `folder` cannot be read, naming where it was set.
fn assert_one_folder_warning(stderr: &[u8], folder: &Path, named_in: &str) {
    let stderr = crate::common::besides_the_squeeze(&String::from_utf8_lossy(stderr));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    let prefix = format!(
        "knead: warning: cannot read the routines folder {}{named_in}: ",
        folder.display()
    );
    assert!(lines[0].starts_with(&prefix), "{stderr}");
    assert!(lines[0].ends_with("; its routines are not loaded"), "{stderr}");
}

#[test]
fn a_routines_folder_from_the_environment_that_is_gone_is_warned_about_once_and_the_rest_load() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let gone = h.join("removed");
    let kept = h.join("kept");
    write_file(&kept, "mine.toml", &routine_text("mine", "Mine"));
    let env = std::env::join_paths([&gone, &kept]).unwrap();
    let named_in = " named in KNEAD_ROUTINES_DIR";

    let list = knead(h)
        .env("KNEAD_ROUTINES_DIR", &env)
        .arg("list")
        .assert()
        .success();
    let listed = String::from_utf8_lossy(&list.get_output().stdout).into_owned();
    assert!(listed.lines().any(|l| l.starts_with("mine ")), "{listed}");
    assert_one_folder_warning(&list.get_output().stderr, &gone, named_in);

    let run = knead(h)
        .env("KNEAD_ROUTINES_DIR", &env)
        .args(["run", "mine", "--plain", "--minutes", "0.1"])
        .assert()
        .success();
    assert_one_folder_warning(&run.get_output().stderr, &gone, named_in);

    // The session just run counts: nothing is due, and only the warning is said.
    let due = knead(h)
        .env("KNEAD_ROUTINES_DIR", &env)
        .arg("due")
        .assert()
        .success()
        .stdout("");
    assert_one_folder_warning(&due.get_output().stderr, &gone, named_in);
}

#[test]
fn a_file_where_the_routines_folder_should_be_is_warned_about_once_and_the_built_ins_load() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let folder = write_file(&h.join("config").join("knead"), "routines", "not a folder\n");
    let list = knead(h).arg("list").assert().success();
    let listed = String::from_utf8_lossy(&list.get_output().stdout).into_owned();
    assert!(listed.lines().any(|l| l.starts_with("neck-release ")), "{listed}");
    assert_one_folder_warning(&list.get_output().stderr, &folder, "");
    let due = knead(h).args(["due"]).assert().code(1);
    assert!(!due.get_output().stdout.is_empty(), "the nudge");
    assert_one_folder_warning(&due.get_output().stderr, &folder, "");
}

#[test]
fn a_routines_folder_from_the_config_that_is_gone_is_warned_about_with_its_line() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let config = write_file(
        &h.join("config").join("knead"),
        "config.toml",
        "\nroutines_dirs = [\"~/gone\"]\n",
    );
    let list = knead(h).arg("list").assert().success();
    let named_in = format!(" named in {}:2", config.display());
    assert_one_folder_warning(&list.get_output().stderr, &h.join("gone"), &named_in);
}

// ------------------------------------------------------------------------- help and pipes

#[test]
fn the_help_of_every_command_has_examples() {
    let home = tempfile::tempdir().unwrap();
    let commands: &[&[&str]] = &[
        &[],
        &["list"],
        &["areas"],
        &["show"],
        &["check"],
        &["run"],
        &["new"],
        &["edit"],
        &["log"],
        &["stats"],
        &["import"],
        &["due"],
        &["config"],
        &["paths"],
        &["completions"],
        &["man"],
    ];
    for command in commands {
        let shown = stdout_of(home.path(), &[*command, &["--help"]].concat());
        assert!(shown.contains("\nExamples:\n  knead"), "{command:?}:\n{shown}");
    }
}

/// `knead list | head -1`: the reader goes away early, which is not an error.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    // Enough routines (about 150 kB of table) that the output cannot fit in a 64 kB pipe
    // buffer, so knead is certain to write into the closed pipe.
    let dir = config_routines(home.path());
    for i in 0..1000 {
        write_file(
            &dir,
            &format!("r{i}.toml"),
            &routine_text(&format!("r{i}"), "Many"),
        );
    }
    for args in [&["list"][..], &["list", "--format", "json"]] {
        let mut child = knead_process(home.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty());
        // The reader is dropped here, like `head` exiting.
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.to_lowercase().contains("error"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(output.status.success(), "{args:?}: {:?}", output.status);
    }
}

// ------------------------------------------------------------------------- spot

/// `routine_text` with a spot on each step: its areas are neck and jaw.
fn spotted_text(first_spot: &str, second_spot: &str) -> String {
    routine_text("spotted", "Spotted")
        .replace("tempo = 12\n", &format!("tempo = 12\nspot = \"{first_spot}\"\n"))
        .replace(
            "side = \"each\"\n",
            &format!("side = \"each\"\nspot = \"{second_spot}\"\n"),
        )
}

#[test]
fn check_points_at_an_unknown_spot_with_the_closest_known_one() {
    let home = tempfile::tempdir().unwrap();
    write_file(
        home.path(),
        "spotted.toml",
        &spotted_text("back-of-nek", "jaw-muscle"),
    );
    let output = knead(home.path())
        .current_dir(home.path())
        .args(["check", "spotted.toml"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("spotted.toml:14:8: error: unknown spot \"back-of-nek\" in `steps[0].spot`\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("14 | spot = \"back-of-nek\"\n   |        ^^^^^^^^^^^^^\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: did you mean \"back-of-neck\"? known: back-of-neck, "),
        "{stderr}"
    );
}

#[test]
fn check_suggests_a_spot_by_its_words_and_lists_the_spots_once() {
    let home = tempfile::tempdir().unwrap();
    write_file(home.path(), "spotted.toml", &spotted_text("shoulder", "shoulder"));
    let output = knead(home.path())
        .current_dir(home.path())
        .args(["check", "spotted.toml"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let helps: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.split_once("= help: ").map(|(_, hint)| hint))
        .collect();
    let guess = "did you mean \"top-of-shoulder\" or \"between-shoulder-blades\"?";
    assert_eq!(
        helps,
        [
            format!("{guess} known: {}", knead::routine::Spot::known()),
            format!("{guess} known: listed above, at line 14"),
        ],
        "{stderr}"
    );
}

#[test]
fn check_names_the_area_a_spot_needs() {
    let home = tempfile::tempdir().unwrap();
    write_file(home.path(), "spotted.toml", &spotted_text("back-of-neck", "calf"));
    let output = knead(home.path())
        .current_dir(home.path())
        .args(["check", "spotted.toml"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "spotted.toml:23:8: error: `steps[1].spot` \"calf\" belongs to the area \"calves\", which `areas` does not list\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "= help: add \"calves\" to `areas`, or use a spot of the areas listed: back-of-neck, base-of-skull, jaw-muscle"
        ),
        "{stderr}"
    );
}

#[test]
fn show_says_each_steps_spot_in_words_and_json_names_it() {
    let home = tempfile::tempdir().unwrap();
    write_file(
        &config_routines(home.path()),
        "spotted.toml",
        &spotted_text("back-of-neck", "jaw-muscle"),
    );
    let shown = stdout_of(home.path(), &["show", "spotted"]);
    assert!(
        shown.contains("      30 s · light pressure · stroking · 12/min · back of your neck\n"),
        "{shown}"
    );
    assert!(
        shown.contains("      20 s, left then right · medium pressure · holding · each jaw muscle\n"),
        "{shown}"
    );
    let json = json_of(home.path(), &["show", "spotted", "--format", "json"]);
    let spots: Vec<&str> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["spot"].as_str().unwrap())
        .collect();
    assert_eq!(spots, ["back-of-neck", "jaw-muscle"]);
    // A step without a spot has no `spot` key at all (every built-in step names one).
    write_file(
        &config_routines(home.path()),
        "mine.toml",
        &routine_text("mine", "Mine"),
    );
    let plain = json_of(home.path(), &["show", "mine", "--format", "json"]);
    assert!(plain["steps"][0].get("spot").is_none(), "{plain}");
}

#[test]
fn areas_map_draws_the_body_with_each_areas_count_as_plain_text() {
    let home = tempfile::tempdir().unwrap();
    let library = built_ins();
    let shown = stdout_of(home.path(), &["areas", "--map"]);
    assert!(!shown.contains('\u{1b}'), "no escape sequences: {shown:?}");
    assert!(
        shown
            .chars()
            .filter(|c| ('\u{2801}'..='\u{28FF}').contains(c))
            .count()
            > 200,
        "{shown}"
    );
    for area in Area::ALL {
        let named = format!("{area} {}", library.in_area(*area).count());
        // Named on the left with a leader to the body, or on the right after one.
        assert!(
            shown
                .lines()
                .any(|l| l.starts_with(&format!("{named} ·")) || l.ends_with(&format!("· {named}"))),
            "{named} is not on the map:\n{shown}"
        );
    }
    let last = shown.lines().last().unwrap();
    assert!(last.contains("front") && last.contains("back"), "{shown}");
    assert!(shown.lines().all(|l| l.chars().count() <= 100), "{shown}");
}

#[test]
fn areas_map_and_json_do_not_go_together() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["areas", "--map", "--format", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}
