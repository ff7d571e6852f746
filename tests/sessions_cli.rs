//! Chained sessions, composed sessions and `knead run --dry-run`, through the real binary.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{knead, stdout_of, write_file};

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
            .starts_with("Done: Temple tension + Jaw ease · 16 of 16 steps"),
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
    assert_eq!(lines[0], "Neck release + Jaw ease · 8:00 · 19 steps", "{plan}");
    assert_eq!(lines[1], "Scaled to 8 minutes (--minutes), from 13:38.");
    assert_eq!(lines[2], "Bell: on (default).");
    assert!(lines.contains(&"Neck release (neck-release)"), "{plan}");
    assert!(lines.contains(&"Jaw ease (jaw-ease)"), "{plan}");
    let segments = segment_lines(&plan);
    // Get ready, 19 steps, 2 `each` steps with a second pass and a switch, 1 transition.
    assert_eq!(segments.len(), 1 + 19 + 2 * 2 + 1, "{plan}");
    assert!(
        segments[1].ends_with("17.6 s  1. Settle your breathing · light · breathing 6/min · both sides"),
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
    // The lengths as printed add up to the eight minutes, give or take their rounding.
    let total: f64 = segments
        .iter()
        .map(|l| l.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((total - 480.0).abs() < 0.05 * segments.len() as f64, "{total}");
    assert!(
        lines.last().unwrap().ends_with("End: 7:49 of massage in 8:00."),
        "{plan}"
    );
    assert!(logged(home.path()).is_empty(), "a dry run is not a session");
}

#[test]
fn a_dry_run_at_natural_length_shows_whole_seconds() {
    let home = tempfile::tempdir().unwrap();
    let plan = stdout_of(home.path(), &["run", "temple-tension", "--dry-run"]);
    assert!(
        plan.starts_with("Temple tension · 5:18 · 7 steps\nBell: on (default).\n\n"),
        "{plan}"
    );
    let segments = segment_lines(&plan);
    assert_eq!(segments[0], "  0:00      3 s  Get ready");
    assert_eq!(
        segments[1],
        "  0:03     30 s  1. Slow breaths · light · breathing 6/min · both sides"
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
