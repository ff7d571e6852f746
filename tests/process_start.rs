//! What knead relies on from the start of its process (src/main.rs starts it from C's `main`,
//! and `knead::system::start` does this part of Rust's own start-up): a standard stream that
//! is closed is opened on /dev/null, so no file knead opens can take its number and receive
//! what was meant for the terminal.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use knead::log::{Record, RecordBuilder};

use crate::common::{in_private_home, local_time, write_log};

/// `knead ARGS` started by a shell with `redirections` (`>&-` closes stdout, as a cron line or
/// a careless script may), in a private home.
fn knead_redirected(home: &Path, redirections: &str, args: &[&str]) -> Command {
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(format!("exec \"$0\" \"$@\" {redirections}"))
        .arg(env!("CARGO_BIN_EXE_knead"))
        .args(args);
    in_private_home(&mut sh, home);
    sh
}

fn output(mut command: Command) -> Output {
    command.output().unwrap()
}

fn session(days_ago: u64, area: &str) -> Record {
    RecordBuilder::new(local_time(days_ago, "09:00"))
        .areas(&[area])
        .minutes(5)
        .steps(6)
        .build()
}

#[test]
fn a_closed_standard_stream_never_becomes_the_log() {
    let cases = [
        ("<&-", true),
        (">&-", false),
        ("2>&-", true),
        ("<&- >&- 2>&-", false),
    ];
    for (closed, stdout_open) in cases {
        let home = tempfile::tempdir().unwrap();
        let other = home.path().join("laptop.jsonl");
        let records = [session(2, "neck"), session(1, "jaw")];
        write_log(&other, &records);
        let out = output(knead_redirected(
            home.path(),
            closed,
            &["import", other.to_str().unwrap()],
        ));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!((out.status.code(), stderr.as_ref()), (Some(0), ""), "{closed}");
        let log = home.path().join("data").join("knead").join("sessions.jsonl");
        let expected: String = records.iter().map(|r| r.to_json_line() + "\n").collect();
        assert_eq!(fs::read_to_string(&log).unwrap(), expected, "{closed}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(stdout.starts_with("Imported "), stdout_open, "{closed}: {stdout}");
    }
}

#[test]
fn with_stdout_closed_due_still_answers_by_its_exit_code() {
    let home = tempfile::tempdir().unwrap();
    // Nothing done today: the nudge goes nowhere, and the exit code still says so.
    let out = output(knead_redirected(home.path(), ">&-", &["due"]));
    assert_eq!(
        (out.status.code(), String::from_utf8_lossy(&out.stderr).as_ref()),
        (Some(1), "")
    );
    write_log(
        &home.path().join("data").join("knead").join("sessions.jsonl"),
        &[RecordBuilder::new(local_time(0, "00:05"))
            .areas(&["neck"])
            .build()],
    );
    let out = output(knead_redirected(home.path(), ">&-", &["due"]));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn with_stdin_closed_the_editor_knead_starts_reads_an_empty_one() {
    let home = tempfile::tempdir().unwrap();
    crate::common::knead(home.path())
        .args(["new", "mine"])
        .assert()
        .success();
    // An editor that fails when it cannot read its standard input, as a terminal editor does;
    // it inherits knead's, which is /dev/null when knead was started without one.
    let mut edit = knead_redirected(home.path(), "<&-", &["edit", "mine"]);
    edit.env("EDITOR", "sh -c 'cat >/dev/null || exit 9'");
    let out = output(edit);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!((out.status.code(), stderr.as_ref()), (Some(0), ""));
}
