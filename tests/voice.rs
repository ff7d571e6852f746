//! `--voice`: every cue spoken through an external program, in order, never through a shell.

use std::path::{Path, PathBuf};
use std::time::Duration;

use predicates::prelude::*;

use crate::common::knead;

/// A speech program that appends each utterance (its last argument) to `said.txt`.
pub fn recording_speaker(dir: &Path) -> PathBuf {
    let script = dir.join("say.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/bash\nprintf '%s\\n' \"${{@: -1}}\" >> {}/said.txt\n",
            dir.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script
}

/// The utterances, once the last one ("Session …") has arrived: speech runs detached, so it
/// may finish just after knead exits.
pub fn utterances(dir: &Path) -> Vec<String> {
    for _ in 0..60 {
        let text = std::fs::read_to_string(dir.join("said.txt")).unwrap_or_default();
        if text.lines().last().is_some_and(|l| l.starts_with("Session ")) {
            return text.lines().map(str::to_string).collect();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "the last utterance never came: {:?}",
        std::fs::read_to_string(dir.join("said.txt"))
    );
}

#[test]
fn a_plain_voice_run_speaks_every_step_the_switch_and_the_end_in_order() {
    let home = tempfile::tempdir().unwrap();
    let speaker = recording_speaker(home.path());
    knead(home.path())
        .args([
            "run",
            "neck-release",
            "--plain",
            "--minutes",
            "0.1",
            "--voice-command",
        ])
        .arg(&speaker)
        .assert()
        .success();
    let said = utterances(home.path());
    assert_eq!(
        said.len(),
        10 + 1 + 1 + 1,
        "ten steps, the right side again, a switch, the end: {said:#?}"
    );
    assert!(
        said[0].starts_with("Step 1 of 10. Settle your breathing. Breathing"),
        "{said:#?}"
    );
    assert!(
        said[1].starts_with("Step 2 of 10. Easy head turns. Stretching, back of your neck. Slowly"),
        "{said:#?}"
    );
    assert!(
        said[6].starts_with(
            "Step 7 of 10. Hold a tender spot. Medium pressure, holding, back of your neck, left side."
        ),
        "{said:#?}"
    );
    assert_eq!(said[7], "Switch to the right side");
    assert!(
        said[8].starts_with(
            "Step 7 of 10. Hold a tender spot. Medium pressure, holding, back of your neck, right side."
        ),
        "{said:#?}"
    );
    assert!(
        said[11].starts_with("Step 10 of 10. Closing breaths."),
        "{said:#?}"
    );
    assert_eq!(said[12], "Session complete");
}

#[test]
fn a_side_block_is_spoken_in_the_order_it_runs_with_one_switch() {
    let home = tempfile::tempdir().unwrap();
    let speaker = recording_speaker(home.path());
    crate::common::with_calf_block(home.path());
    knead(home.path())
        .args(["run", "calf-care", "--plain", "--minutes", "0.1", "--no-log"])
        .arg("--voice-command")
        .arg(&speaker)
        .assert()
        .success();
    let said = utterances(home.path());
    // The first three sentences: the step's number, its name, and its pressure, stroke and place.
    let heads: Vec<String> = said
        .iter()
        .map(|s| s.splitn(4, ". ").take(3).collect::<Vec<_>>().join(". "))
        .collect();
    assert_eq!(
        heads,
        [
            "Step 1 of 5. Settle. Breathing, both calves",
            "Step 2 of 5. Squeeze the calf. Medium pressure, squeezing, your left calf, 1 of 3 in this block",
            "Step 3 of 5. Long strokes. Light pressure, stroking, your left calf, 2 of 3 in this block",
            "Step 4 of 5. Hold the calf. Medium pressure, holding, your left calf, 3 of 3 in this block",
            "Switch to the right side",
            "Step 2 of 5. Squeeze the calf. Medium pressure, squeezing, your right calf, 1 of 3 in this block",
            "Step 3 of 5. Long strokes. Light pressure, stroking, your right calf, 2 of 3 in this block",
            "Step 4 of 5. Hold the calf. Medium pressure, holding, your right calf, 3 of 3 in this block",
            "Step 5 of 5. Circle the ankle. Light pressure, circles, your left ankle",
            "Switch to the right side",
            "Step 5 of 5. Circle the ankle. Light pressure, circles, your right ankle",
            "Session complete",
        ],
        "{said:#?}"
    );
}

#[test]
fn a_cue_beginning_with_a_dash_arrives_intact() {
    let home = tempfile::tempdir().unwrap();
    let speaker = recording_speaker(home.path());
    let routines = home.path().join("mine");
    std::fs::create_dir_all(&routines).unwrap();
    std::fs::write(
        routines.join("dash.toml"),
        "name = \"Dash\"\nsummary = \"s\"\nareas = [\"neck\"]\ngoals = [\"stress\"]\n\
         [[steps]]\nname = \"Odd\"\ncue = \"--help -v breathe out slowly\"\nseconds = 5\nstroke = \"breathing\"\n",
    )
    .unwrap();
    knead(home.path())
        .args(["run", "dash", "--plain", "--minutes", "0.1", "--routines-dir"])
        .arg(&routines)
        .arg("--voice-command")
        .arg(&speaker)
        .assert()
        .success();
    let said = utterances(home.path());
    assert!(
        said[0].ends_with("Breathing, both sides. --help -v breathe out slowly"),
        "{said:#?}"
    );
}

#[test]
fn no_speech_program_says_so_once_and_runs_silent() {
    let home = tempfile::tempdir().unwrap();
    let empty = home.path().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    knead(home.path())
        .env("PATH", &empty)
        .args(["run", "temple-tension", "--plain", "--minutes", "0.1", "--voice"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("no speech program found (tried espeak-ng, espeak, spd-say, say)")
                .and(predicate::str::contains("apt-get install espeak-ng"))
                .and(predicate::function(|s: &str| {
                    crate::common::besides_the_squeeze(s).lines().count() == 1
                })),
        )
        .stdout(predicate::str::contains("Done: Temple tension"));
}

#[test]
fn a_speech_program_that_cannot_start_is_named_once_and_the_session_runs_silent() {
    let home = tempfile::tempdir().unwrap();
    let empty = home.path().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let not_executable = home.path().join("speak.txt");
    std::fs::write(&not_executable, "not a program").unwrap();
    let cases = [
        (
            "/nonexistent/speak".to_string(),
            "cannot start the speech program `/nonexistent/speak`: no such file; the session runs silent"
                .to_string(),
        ),
        (
            "no-such-speaker -s 140".to_string(),
            "cannot start the speech program `no-such-speaker`: not found on PATH; the session runs silent"
                .to_string(),
        ),
        (
            not_executable.display().to_string(),
            format!(
                "cannot start the speech program `{}`: not an executable file; the session runs silent",
                not_executable.display()
            ),
        ),
    ];
    for (command, said) in cases {
        knead(home.path())
            .env("PATH", &empty)
            .args([
                "run",
                "temple-tension",
                "--plain",
                "--minutes",
                "0.1",
                "--voice-command",
            ])
            .arg(&command)
            .assert()
            .success()
            .stderr(predicate::function(|s: &str| {
                crate::common::besides_the_squeeze(s) == format!("knead: {said}\n")
            }))
            .stdout(predicate::str::contains("Done: Temple tension"));
    }
}

#[test]
fn a_configured_speech_program_that_cannot_start_is_named_too() {
    let home = tempfile::tempdir().unwrap();
    crate::common::write_file(
        &home.path().join("config").join("knead"),
        "config.toml",
        "voice = true\nvoice_command = [\"/nonexistent/speak\", \"-s\", \"140\"]\n",
    );
    knead(home.path())
        .args(["run", "temple-tension", "--plain", "--minutes", "0.1"])
        .assert()
        .success()
        .stderr(predicate::function(|s: &str| {
            crate::common::besides_the_squeeze(s)
                == "knead: cannot start the speech program `/nonexistent/speak`: no such file; the session runs silent\n"
        }));
}
