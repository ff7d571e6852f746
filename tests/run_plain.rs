//! `knead run --plain`: the line-by-line runner for screen readers and scripts.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

use predicates::prelude::*;

use crate::common::knead;

#[test]
fn a_plain_run_prints_one_line_per_step_and_a_summary_without_escape_bytes() {
    let home = tempfile::tempdir().unwrap();
    let output = knead(home.path())
        .args(["run", "temple-tension", "--plain", "--minutes", "0.1"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        !stdout.chars().any(|c| c.is_control() && c != '\n'),
        "no control bytes: {stdout:?}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("Temple tension · 0:06 · 7 steps"),
        "{stdout}"
    );
    let steps: Vec<&&str> = lines.iter().filter(|l| l.contains(" Step ")).collect();
    assert_eq!(steps.len(), 7, "{stdout}");
    assert!(
        steps[0].starts_with("[00:00] Step 1/7 · Slow breaths · breathing 6/min"),
        "{stdout}"
    );
    assert!(
        steps[1].starts_with(
            "[00:00] Step 2/7 · Warm the forehead · light pressure · stroking 15/min · your forehead: Rest"
        ),
        "{stdout}"
    );
    assert!(lines.iter().any(|l| l.starts_with("Caution: ")), "{stdout}");
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("Done: Temple tension · 7 done, 0 skipped · 0:06 of 0:06"),
        "{stdout}"
    );
}

#[test]
fn each_sided_steps_announce_both_sides_and_the_switch() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["run", "neck-release", "--plain", "--minutes", "0.1"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(
                "Step 7/10 · Hold a tender spot · medium pressure · holding · back of your neck, left side",
            )
            .and(predicate::str::contains("Switch to the right side"))
            .and(predicate::str::contains(
                "Step 7/10 · Hold a tender spot · medium pressure · holding · back of your neck, right side",
            )),
        );
}

#[test]
fn output_that_is_not_a_terminal_is_plain_without_asking() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["run", "temple-tension", "--minutes", "0.1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Step 1/7").and(predicate::str::contains("\u{1b}").not()));
}

/// Ends a plain run with `signal` once it has begun, and checks that it still prints its
/// summary and exits with `code`.
fn signal_ends_a_plain_run(signal: &str, code: i32) {
    let home = tempfile::tempdir().unwrap();
    let mut child = crate::common::knead_process(home.path())
        .args(["run", "neck-release", "--plain"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The header is printed after the signals are being listened for: until then a signal
    // would meet its default action, which is not what this test is about.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut header = String::new();
    stdout.read_line(&mut header).unwrap();
    assert!(header.starts_with("Neck release"), "{header}");
    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(status.code(), Some(code), "{signal}: {status:?}\n{rest}");
    assert!(
        rest.lines()
            .last()
            .unwrap()
            .starts_with("Ended early: Neck release"),
        "{rest}"
    );
}

#[test]
fn sigint_ends_a_plain_run_with_the_summary_and_exit_130() {
    signal_ends_a_plain_run("-INT", 130);
}

#[test]
fn sigterm_ends_a_plain_run_with_the_summary_and_exit_143() {
    signal_ends_a_plain_run("-TERM", 143);
}

#[test]
fn sigquit_ends_a_plain_run_with_the_summary_and_exit_131() {
    signal_ends_a_plain_run("-QUIT", 131);
}

#[test]
fn bad_run_arguments_are_usage_errors() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["run", "neck-release", "--plain", "--minutes", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--minutes 0 is out of range: give 0.1 to 180 minutes",
        ));
    knead(home.path())
        .args(["run", "nek-release", "--plain"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `neck-release`"));
    knead(home.path())
        .args(["run", "--plain"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the plain mode needs a routine"));
}
