//! Chained sessions, composed sessions and `knead run --dry-run`, through the real binary.

use knead::routine::{Area, Library};
use predicates::prelude::*;
use serde_json::Value;

use crate::common::{config_routines, knead, routine_text, stdout_of, write_file};

/// The records `knead log` holds, newest first.
fn logged(home: &std::path::Path) -> Vec<Value> {
    stdout_of(home, &["log", "--format", "jsonl", "--limit", "0"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The lines of a dry run that stand for timed segments: `  m:ss  LENGTH  WHAT`.
fn segment_lines(plan: &str) -> Vec<&str> {
    plan.lines()
        .filter(|l| l.starts_with("  ") && l.contains(" s  "))
        .collect()
}

// ------------------------------------------------------------------------- chained sessions

#[test]
fn several_routines_run_back_to_back_as_one_logged_session() {
    let home = tempfile::tempdir().unwrap();
    let shown = stdout_of(
        home.path(),
        &["run", "temple-tension", "jaw-ease", "--plain", "--minutes", "0.1"],
    );
    let lines: Vec<&str> = shown.lines().collect();
    assert!(
        lines[0].starts_with("Temple tension + Jaw ease · 0:06 · 16 steps"),
        "{shown}"
    );
    let transition = lines
        .iter()
        .position(|l| l.ends_with("] Next routine: Jaw ease"))
        .unwrap_or_else(|| panic!("no transition in\n{shown}"));
    assert!(
        lines[transition - 1].contains("Step 7/7 · Palms over the eyes"),
        "{shown}"
    );
    assert!(
        lines[transition + 1].contains("Step 1/9 · Breathe and unclench"),
        "{shown}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("Done: Temple tension + Jaw ease · 17 done, 0 skipped · 0:06 of 0:06"),
        "{shown}"
    );
    // The jaw routine's cautions are shown up front too.
    assert!(shown.matches("Caution: ").count() > 4, "{shown}");
    let records = logged(home.path());
    assert_eq!(records.len(), 1, "one session, one record");
    assert_eq!(records[0]["routine"], "temple-tension+jaw-ease");
    assert_eq!(records[0]["name"], "Temple tension + Jaw ease");
    assert_eq!(records[0]["steps_total"], 16);
    assert_eq!(records[0]["completed"], true);
    let areas: Vec<&str> = records[0]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(areas, ["temples", "forehead", "jaw"]);
}

#[test]
fn a_routine_named_twice_or_unknown_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["run", "jaw-ease", "neck-release", "jaw-ease", "--plain"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("knead: error: `jaw-ease` is named twice; a session runs each routine once (--minutes makes it longer)\n");
    knead(home.path())
        .args(["run", "jaw-ease", "nek-release", "--plain"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "no routine with the id \"nek-release\"; did you mean `neck-release`",
        ));
    assert!(logged(home.path()).is_empty());
}

// ------------------------------------------------------------------------- dry run

#[test]
fn a_dry_run_lists_every_segment_scaled_to_the_minutes_and_logs_nothing() {
    let home = tempfile::tempdir().unwrap();
    let plan = stdout_of(
        home.path(),
        &["run", "neck-release", "jaw-ease", "--minutes", "8", "--dry-run"],
    );
    let lines: Vec<&str> = plan.lines().collect();
    assert_eq!(lines[0], "Neck release + Jaw ease · 7:49 · 19 steps", "{plan}");
    assert_eq!(lines[1], "Scaled to 8 minutes (--minutes), from 13:20.");
    assert_eq!(lines[2], "Bell: on (default).");
    assert!(lines.contains(&"Neck release (neck-release)"), "{plan}");
    assert!(lines.contains(&"Jaw ease (jaw-ease)"), "{plan}");
    let segments = segment_lines(&plan);
    // Get ready, 19 steps, 2 `each` steps with a second pass and a switch, 1 transition.
    assert_eq!(segments.len(), 1 + 19 + 2 * 2 + 1, "{plan}");
    assert!(
        segments[1].ends_with("  18 s  1. Settle your breathing · breathing 6/min · both sides"),
        "{plan}"
    );
    assert!(
        segments.iter().any(|l| l.ends_with("s  Next routine: Jaw ease")),
        "{plan}"
    );
    assert!(
        segments
            .iter()
            .any(|l| l.ends_with("s  Switch to the right side")),
        "{plan}"
    );
    // Whole seconds, adding up to the eight minutes give or take their rounding.
    let total: f64 = segments
        .iter()
        .map(|l| l.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((total - 480.0).abs() <= 0.5 * segments.len() as f64, "{total}");
    assert!(
        lines.last().unwrap().ends_with("End: 7:49 of massage in 8:00."),
        "{plan}"
    );
    assert!(logged(home.path()).is_empty(), "a dry run is not a session");
}

#[test]
fn minutes_that_shrink_a_pressing_step_below_20_s_say_so_before_the_session() {
    let home = tempfile::tempdir().unwrap();
    let out = knead(home.path())
        .args(["run", "keyboard-hands", "--minutes", "3", "--dry-run"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let said: Vec<&str> = stderr.lines().filter(|l| l.contains("20 s")).collect();
    assert_eq!(
        said,
        [
            "knead: 3 minutes leave \"Warm the hands\" 10 s, under the 20 s a pressing step needs; choose a shorter routine, or let knead fit one: knead run --area hands --area forearms --minutes 3"
        ],
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("Keyboard hands · 2:57"), "{stdout}");
    // Long enough, or not scaled at all: nothing to say.
    for args in [&["--minutes", "9"][..], &[]] {
        knead(home.path())
            .args(["run", "keyboard-hands", "--dry-run"])
            .args(args)
            .assert()
            .success()
            .stderr("");
    }
}

#[test]
fn a_routine_has_one_length_in_the_list_show_the_dry_run_and_the_plain_run() {
    let home = tempfile::tempdir().unwrap();
    let list = stdout_of(home.path(), &["list"]);
    let row = list.lines().find(|l| l.starts_with("desk-break ")).unwrap();
    assert!(row.contains(" 5:25"), "{row}");
    let show = stdout_of(home.path(), &["show", "desk-break"]);
    assert!(show.contains("Length:  5:25 (325 s)"), "{show}");
    let plan = stdout_of(home.path(), &["run", "desk-break", "--dry-run"]);
    assert!(plan.starts_with("Desk break · 5:25 · "), "{plan}");
    // With the get-ready and the switches, the session takes a little longer, and says so.
    assert!(
        plan.trim_end().ends_with("End: 5:25 of massage in 5:38."),
        "{plan}"
    );
    let mut plain = crate::common::knead_process(home.path())
        .args(["run", "desk-break", "--plain", "--no-log"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(plain.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    plain.kill().unwrap();
    plain.wait().unwrap();
    assert!(first.starts_with("Desk break · 5:25 · "), "{first}");
}

#[test]
fn a_dry_run_at_natural_length_shows_whole_seconds() {
    let home = tempfile::tempdir().unwrap();
    let plan = stdout_of(home.path(), &["run", "temple-tension", "--dry-run"]);
    assert!(
        plan.starts_with("Temple tension · 5:15 · 7 steps\nBell: on (default).\n\n"),
        "{plan}"
    );
    let segments = segment_lines(&plan);
    assert_eq!(segments[0], "  0:00      3 s  Get ready");
    assert_eq!(
        segments[1],
        "  0:03     30 s  1. Slow breaths · breathing 6/min · both sides"
    );
    assert!(
        plan.ends_with("  5:18           End: 5:15 of massage in 5:18.\n"),
        "{plan}"
    );
}

#[test]
fn a_dry_run_says_why_the_bell_is_on_or_off() {
    let home = tempfile::tempdir().unwrap();
    let bell = |args: &[&str]| -> String {
        let plan = stdout_of(home.path(), args);
        plan.lines()
            .find(|l| l.starts_with("Bell: "))
            .unwrap()
            .to_string()
    };
    assert_eq!(bell(&["run", "jaw-ease", "--dry-run"]), "Bell: on (default).");
    assert_eq!(
        bell(&["run", "jaw-ease", "--dry-run", "--no-bell"]),
        "Bell: off (--no-bell)."
    );
    assert_eq!(
        bell(&["run", "jaw-ease", "bedtime-wind-down", "--dry-run"]),
        "Bell: off (a routine for sleep is always quiet)."
    );
    let config = write_file(home.path(), "config.toml", "# quiet, please\nbell = false\n");
    let config = config.to_str().unwrap();
    assert_eq!(
        bell(&["--config", config, "run", "jaw-ease", "--dry-run"]),
        format!("Bell: off (bell = false, {config}:2).")
    );
    assert_eq!(
        bell(&["--config", config, "run", "jaw-ease", "--dry-run", "--no-bell"]),
        "Bell: off (--no-bell)."
    );
}

#[test]
fn a_dry_run_without_routines_to_plan_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    for args in [&["run", "--dry-run"][..], &["run", "--area", "neck", "--dry-run"]] {
        knead(home.path())
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("--dry-run needs routines to plan"));
    }
}

// ------------------------------------------------------------------------- composed sessions

/// A log at `home/log.jsonl` with a rated session for each `(routine, hours ago, before,
/// after)`. Times are relative to the real clock; the hours are far enough from the edges
/// of "recent" that a run at midnight cannot change the answer.
fn log_with(home: &std::path::Path, sessions: &[(&str, i64, u8, u8)]) -> std::path::PathBuf {
    use knead::log::{LogFile, LogOrigin, Record, RecordBuilder};
    let path = home.join("log.jsonl");
    let now = chrono::Local::now().fixed_offset();
    let records: Vec<Record> = sessions
        .iter()
        .map(|&(routine, hours_ago, before, after)| {
            let started = now - chrono::Duration::hours(hours_ago);
            RecordBuilder::new(started)
                .routine(routine, routine)
                .minutes(8)
                .steps(8)
                .rated(before, Some(after))
                .build()
        })
        .collect();
    LogFile::new(&path, LogOrigin::Named)
        .append_many(&records)
        .unwrap();
    path
}

fn composed(home: &std::path::Path, log: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec!["--log-file", log.to_str().unwrap(), "run"];
    all.extend_from_slice(args);
    all.push("--dry-run");
    stdout_of(home, &all)
}

#[test]
fn composing_favours_routines_not_done_lately_then_those_that_eased_tension() {
    let home = tempfile::tempdir().unwrap();
    // Neck release eased tension most but was done an hour ago; desk break eased it by a
    // point over five sessions ten days ago; the other neck routines were never done.
    let log = log_with(
        home.path(),
        &[
            ("desk-break", 240, 6, 5),
            ("desk-break", 241, 5, 4),
            ("desk-break", 242, 6, 5),
            ("desk-break", 243, 6, 5),
            ("desk-break", 244, 7, 6),
            // Now: today whenever the test runs.
            ("neck-release", 0, 8, 3),
            ("neck-release", 0, 8, 3),
            ("neck-release", 0, 8, 3),
            ("neck-release", 0, 8, 3),
            ("neck-release", 0, 8, 3),
        ],
    );
    let plan = composed(home.path(), &log, &["--area", "neck", "--minutes", "8"]);
    let lines: Vec<&str> = plan.lines().collect();
    // The length is the steps' time; the get-ready and the switches fill the 8 minutes.
    assert_eq!(lines[0], "Desk break · 7:42 · 8 steps", "{plan}");
    assert_eq!(lines[1], "Composed for neck in 8 minutes:");
    assert_eq!(
        lines[2], "  desk-break: covers neck · eased your tension by 1.0 over 5 sessions",
        "{plan}"
    );
    assert_eq!(lines[3], "Scaled to 8 minutes (--minutes), from 5:25.");
    // The same log and clock: the same session, to the letter.
    assert_eq!(
        composed(home.path(), &log, &["--area", "neck", "--minutes", "8"]),
        plan
    );

    // Done yesterday is no reason to wait: its ratings win; five of them are enough to go
    // by, and desk break's one says nothing.
    let home = tempfile::tempdir().unwrap();
    let log = log_with(
        home.path(),
        &[
            ("desk-break", 240, 6, 5),
            ("neck-release", 120, 8, 3),
            ("neck-release", 121, 7, 2),
            ("neck-release", 122, 8, 3),
            ("neck-release", 123, 8, 3),
            ("neck-release", 30, 8, 3),
        ],
    );
    let plan = composed(home.path(), &log, &["--area", "neck", "--minutes", "8"]);
    assert!(plan.starts_with("Neck release · 7:52 · 10 steps\n"), "{plan}");
    assert!(
        plan.contains("  neck-release: covers neck · eased your tension by 5.0 over 5 sessions\n"),
        "{plan}"
    );
}

#[test]
fn composing_for_several_areas_covers_each_and_fills_the_minutes() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("none.jsonl");
    let plan = composed(
        home.path(),
        &log,
        &["--area", "neck", "--area", "shoulders", "--minutes", "20"],
    );
    // One routine covers both (desk reset: a first try, and none has been done), then those
    // that keep to the neck, then a short one for both, add time until 20 minutes stretch
    // them by less than half again.
    let top: Vec<&str> = plan.lines().take(7).collect();
    assert_eq!(
        top,
        [
            "Desk reset + Neck release + One-minute neck + Desk break · 19:18 · 28 steps",
            "Composed for neck and shoulders in 20 minutes:",
            "  desk-reset: covers neck and shoulders · a 3-minute start",
            "  neck-release: more time for the neck · an 8-minute start",
            "  one-minute-neck: more time for the neck · a 2-minute start",
            "  desk-break: more time for the neck and shoulders · a 6-minute start",
            "Scaled to 20 minutes (--minutes), from 17:25.",
        ],
        "{plan}"
    );
    // Without minutes, one routine per area, each at its own length: no routine covers both
    // the jaw and the scalp, and for each the one that keeps to it is chosen.
    let plan = composed(home.path(), &log, &["--area", "jaw", "--area", "scalp"]);
    assert!(
        plan.starts_with(
            "Scalp refresh + Jaw ease · 11:20 · 17 steps\nComposed for jaw and scalp:\n  \
             scalp-refresh: covers scalp · a 6-minute start\n  jaw-ease: covers jaw · a 6-minute start\nBell: "
        ),
        "{plan}"
    );
    // Too little time for both: what was left out is said.
    let plan = composed(
        home.path(),
        &log,
        &["--area", "feet", "--area", "scalp", "--minutes", "5"],
    );
    assert!(
        plan.contains("\nLeft out for lack of time: feet; more --minutes would make room.\n")
            || plan.contains("\nLeft out for lack of time: scalp; more --minutes would make room.\n"),
        "{plan}"
    );
}

#[test]
fn a_composed_session_says_what_it_chose_then_runs_and_is_logged() {
    let home = tempfile::tempdir().unwrap();
    // Six seconds hold one routine, not two at half their length or more. No routine covers
    // both areas; the one that keeps to the neck goes first.
    let shown = stdout_of(
        home.path(),
        &[
            "run",
            "--area",
            "hips",
            "--area",
            "neck",
            "--minutes",
            "0.1",
            "--plain",
        ],
    );
    assert!(
        shown.starts_with(
            "Composed for hips and neck in 0.1 minutes:\n  neck-release: covers neck · an 8-minute start\n\
             Left out for lack of time: hips; more --minutes would make room.\n\
             Neck release · 0:06 · 10 steps\n"
        ),
        "{shown}"
    );
    assert!(
        shown.lines().last().unwrap().starts_with("Done: Neck release"),
        "{shown}"
    );
    let records = logged(home.path());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["routine"], "neck-release");
}

#[test]
fn bad_area_requests_are_usage_errors() {
    let home = tempfile::tempdir().unwrap();
    // Every area has built-in routines; a person's own routines replace the built-ins with
    // their ids, and these ones leave the chest without a routine.
    let chest: Vec<String> = Library::built_in()
        .library
        .in_area(Area::Chest)
        .map(|r| r.id.clone())
        .collect();
    assert!(!chest.is_empty());
    for id in &chest {
        write_file(
            &config_routines(home.path()),
            &format!("{id}.toml"),
            &routine_text(id, "Mine instead"),
        );
    }
    let cases: &[(&[&str], &str)] = &[
        (
            &["run", "--area", "nek", "--minutes", "5"],
            "unknown body area \"nek\"; did you mean \"neck\"?",
        ),
        (
            &["run", "--area", "neck", "--area", "chest", "--minutes", "5"],
            "knead: error: no routine covers the chest; `knead areas` lists the areas that have routines\n",
        ),
        (
            &["run", "--area", "chest"],
            "knead: error: no routine covers the chest; `knead areas` lists them\n",
        ),
        (
            &["run", "neck-release", "--area", "neck"],
            "error: the argument '[ROUTINE]...' cannot be used with '--area <AREA>'",
        ),
        (
            &["run", "--area", "neck", "--minutes", "200"],
            "--minutes 200 is out of range: give 0.1 to 180 minutes",
        ),
    ];
    for (args, message) in cases {
        knead(home.path())
            .args(*args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(*message));
    }
    // One area with several routines and no minutes is the picker's job, as before: with no
    // terminal to pick on, the plain mode says so.
    knead(home.path())
        .args(["run", "--area", "neck", "--plain"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the plain mode needs a routine"));
    assert!(logged(home.path()).is_empty());
}
