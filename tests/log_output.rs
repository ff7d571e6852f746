//! What the session log's commands print, whatever the log holds: text from the log never
//! drives the terminal, and a reader that stops early (`knead log | head -1`) is not an error.
//! What each format holds is pinned by the snapshots in `log_cli.rs` and `commands::history`.

use std::fs;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, Local};
use knead::log::{Record, SCHEMA_VERSION};
use knead::text::is_unsafe_char;
use serde_json::Value;

use crate::common::knead_process;

/// `knead --log-file LOG` in a private home.
fn knead_on(home: &Path, log: &Path) -> std::process::Command {
    let mut cmd = knead_process(home);
    if let Some(tz) = std::env::var_os("TZ") {
        cmd.env("TZ", tz);
    }
    cmd.arg("--log-file").arg(log);
    cmd
}

fn write_log(path: &Path, records: &[Record]) {
    let lines: String = records.iter().map(|r| r.to_json_line() + "\n").collect();
    fs::write(path, lines).unwrap();
}

/// A ten-minute completed session of `routine`, `days_ago` days before now.
fn session(days_ago: i64, routine: &str, name: &str, areas: &[&str]) -> Record {
    let started: DateTime<FixedOffset> = (Local::now() - Duration::days(days_ago)).fixed_offset();
    let started = started - Duration::nanoseconds(i64::from(started.timestamp_subsec_nanos()));
    Record {
        v: SCHEMA_VERSION,
        id: Record::new_id(&started),
        routine: routine.into(),
        name: name.into(),
        areas: areas.iter().map(|a| a.to_string()).collect(),
        started,
        ended: started + Duration::minutes(10),
        planned_s: 600,
        active_s: 600,
        steps_done: 6,
        steps_total: 6,
        completed: true,
        tension_before: Some(7),
        tension_after: Some(4),
        note: None,
    }
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
    assert_eq!(unsafe_chars(&stdout), [], "{args:?} printed {stdout:?}");
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
    assert_eq!(&rows[0][13], "a\u{FFFD}[2Jb\nline two", "line breaks are kept");

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
