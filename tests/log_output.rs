//! What the session log's commands print, whatever the log holds: text from the log never
//! drives the terminal, and a reader that stops early (`knead log | head -1`) is not an error.
//! What each format holds is pinned by the snapshots in `log_cli.rs` and `commands::history`.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use chrono::{DateTime, Duration, FixedOffset, Local};
use knead::log::{Record, RecordBuilder};
use knead::text::is_unsafe_char;
use serde_json::Value;

use crate::common::{knead_process, write_log};

/// `knead --log-file LOG` in a private home.
fn knead_on(home: &Path, log: &Path) -> std::process::Command {
    let mut cmd = knead_process(home);
    if let Some(tz) = std::env::var_os("TZ") {
        cmd.env("TZ", tz);
    }
    cmd.arg("--log-file").arg(log);
    cmd
}

/// A ten-minute completed session of `routine`, `days_ago` days before now.
fn session(days_ago: i64, routine: &str, name: &str, areas: &[&str]) -> Record {
    let started: DateTime<FixedOffset> = (Local::now() - Duration::days(days_ago)).fixed_offset();
    let started = started - Duration::nanoseconds(i64::from(started.timestamp_subsec_nanos()));
    RecordBuilder::new(started)
        .routine(routine, name)
        .areas(areas)
        .rated(7, Some(4))
        .build()
}

/// A session whose every text field carries what would drive a terminal: ESC sequences (clear
/// the screen, set the title), BEL, DEL, a C1 CSI and a right-to-left override.
fn hostile() -> Record {
    let mut record = session(
        1,
        "neck\u{1b}]0;owned\u{7}",
        "Evil\u{1b}[2J\u{7f}\u{9b}31m\u{202e}name",
        &["neck", "jaw\u{1b}[31m"],
    );
    record.note = Some("a\u{1b}[2Jb\nline two".into());
    record
}

/// The unsafe characters in `text`, line breaks aside.
fn unsafe_chars(text: &str) -> Vec<char> {
    text.chars().filter(|&c| is_unsafe_char(c) && c != '\n').collect()
}

struct Printed {
    stdout: String,
    code: Option<i32>,
}

fn print(home: &Path, log: &Path, args: &[&str]) -> Printed {
    let out = knead_on(home, log).args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).expect("knead prints UTF-8");
    let stderr = String::from_utf8(out.stderr).expect("knead prints UTF-8");
    assert_eq!(stderr, "", "{args:?}");
    assert_eq!(
        unsafe_chars(&stdout),
        Vec::<char>::new(),
        "{args:?} printed {stdout:?}"
    );
    Printed {
        stdout,
        code: out.status.code(),
    }
}

#[test]
fn no_output_format_passes_control_characters_from_the_log_to_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("hostile.jsonl");
    let evil = hostile();
    write_log(&log, std::slice::from_ref(&evil));
    let home = home.path();

    let table = print(home, &log, &["log"]);
    assert!(table.stdout.contains("Evil\u{FFFD}[2J"), "{}", table.stdout);

    // JSON escapes what it must not print, so the data reads back unchanged.
    let jsonl = print(home, &log, &["log", "--format", "jsonl"]);
    assert_eq!(Record::from_json_line(jsonl.stdout.trim_end()).unwrap(), evil);

    let csv_text = print(home, &log, &["log", "--format", "csv"]).stdout;
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{csv_text}");
    assert_eq!(&rows[0][0], evil.id);
    assert_eq!(&rows[0][1], "neck\u{FFFD}]0;owned\u{FFFD}");
    assert_eq!(&rows[0][2], "Evil\u{FFFD}[2J\u{FFFD}\u{FFFD}31m\u{FFFD}name");
    assert_eq!(&rows[0][3], "neck;jaw\u{FFFD}[31m");
    assert_eq!(&rows[0][15], "a\u{FFFD}[2Jb\nline two", "line breaks are kept");

    let stats = print(home, &log, &["stats"]);
    assert!(stats.stdout.contains("Evil\u{FFFD}[2J"), "{}", stats.stdout);

    let json = print(home, &log, &["stats", "--format", "json"]);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["by_routine"][&evil.routine]["name"], evil.name.as_str());
    assert_eq!(json["by_area"]["jaw\u{1b}[31m"]["sessions"], 1);

    // `due` names only areas knead knows.
    let due = print(home, &log, &["due"]);
    assert_eq!(due.code, Some(1));
    assert!(due.stdout.starts_with("No session yet today."), "{}", due.stdout);
}

/// Runs knead with `args`, reads one line of its standard output and closes the pipe, as
/// `| head -1` does. Returns the exit code and the standard error.
fn read_one_line_and_close(cmd: &mut std::process::Command) -> (Option<i32>, String) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(!line.is_empty());
    drop(stdout);
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (child.wait().unwrap().code(), stderr)
}

/// A log far longer than a pipe holds: 3,000 sessions of 3,000 routines.
fn long_log(dir: &Path) -> PathBuf {
    let path = dir.join("long.jsonl");
    let records: Vec<Record> = (0..3000)
        .map(|i| {
            let routine = format!("routine-number-{i:04}");
            session(
                i % 90,
                &routine,
                &format!("The routine number {i}"),
                &["neck", "jaw"],
            )
        })
        .collect();
    write_log(&path, &records);
    path
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    let log = long_log(home.path());
    for args in [
        &["log", "--limit", "0"][..],
        &["log", "--limit", "0", "--format", "jsonl"],
        &["log", "--limit", "0", "--format", "csv"],
        &["stats"],
        &["stats", "--format", "json"],
    ] {
        let (code, stderr) = read_one_line_and_close(knead_on(home.path(), &log).args(args));
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{args:?}");
    }
}

#[test]
fn warnings_to_a_closed_pipe_end_quietly_too() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("damaged.jsonl");
    fs::write(&log, "not a record\n".repeat(5000)).unwrap();
    let mut child = knead_on(home.path(), &log)
        .args(["log"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.starts_with("knead: warning: "), "{line}");
    drop(stderr);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn a_closed_pipe_keeps_the_exit_code_of_due() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("empty.jsonl");
    // Nothing done today: the nudge and exit 1, whether or not anyone reads the nudge.
    let mut child = knead_on(home.path(), &log)
        .arg("due")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!((child.wait().unwrap().code(), stderr.as_str()), (Some(1), ""));
}
