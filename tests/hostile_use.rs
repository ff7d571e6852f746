//! The faults a second adversarial run found (issue 18), through the real binary: each test
//! does what a hostile user or machine did and checks what a person then sees.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Days, FixedOffset, Local, NaiveTime, TimeZone};
use knead::log::{Record, SCHEMA_VERSION};

use crate::common::knead;

fn default_log(home: &Path) -> PathBuf {
    home.join("data").join("knead").join("sessions.jsonl")
}

/// `days_ago` local days before today at `time` ("HH:MM").
fn local(days_ago: u64, time: &str) -> DateTime<FixedOffset> {
    let day = Local::now().date_naive() - Days::new(days_ago);
    let time = NaiveTime::parse_from_str(time, "%H:%M").unwrap();
    Local
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .unwrap()
        .fixed_offset()
}

fn session(started: DateTime<FixedOffset>, area: &str, completed: bool) -> Record {
    Record {
        v: SCHEMA_VERSION,
        id: Record::new_id(&started),
        routine: "neck-release".into(),
        name: "Neck release".into(),
        areas: vec![area.into()],
        started,
        ended: started + chrono::Duration::minutes(8),
        planned_s: 450,
        active_s: 450,
        steps_done: 10,
        steps_total: 10,
        completed,
        tension_before: None,
        tension_after: None,
        note: None,
    }
}

fn write_lines(path: &Path, lines: &[String]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
}

// ---- due: any order, one validation ------------------------------------------------------

#[test]
fn due_counts_todays_session_followed_by_older_ones() {
    let home = tempfile::tempdir().unwrap();
    let mut lines = vec![session(local(0, "00:05"), "neck", true).to_json_line()];
    for days in 2..12 {
        lines.push(session(local(days, "09:00"), "jaw", true).to_json_line());
    }
    write_lines(&default_log(home.path()), &lines);
    knead(home.path())
        .arg("due")
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

#[test]
fn due_skips_records_every_other_command_rejects() {
    let home = tempfile::tempdir().unwrap();
    let today = session(local(0, "00:05"), "neck", true);
    let line = today.to_json_line();
    let log = default_log(home.path());
    for bad in [
        line.replace("\"v\":1", "\"v\":0"),
        line.replace("\"completed\":true", "\"completed\":true,\"tension_after\":11"),
        line.replace(&today.id, ""),
    ] {
        write_lines(&log, &[bad]);
        let out = knead(home.path())
            .arg("due")
            .assert()
            .code(1)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("sessions.jsonl:1: skipped a line"), "{stderr}");
        knead(home.path())
            .arg("log")
            .assert()
            .success()
            .stdout(predicates::str::contains("No sessions logged yet"));
    }
}
