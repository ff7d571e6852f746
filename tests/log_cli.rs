//! The session log through the real binary: what a run records, where it goes, and what
//! `log`, `stats`, `import` and `due` show. Library-level behaviour (locking, tolerant reads,
//! permissions of a new log) is in `log_store.rs`.
//!
//! Hand-written logs use local times built from `chrono::Local`, so that "today" and "7 days
//! ago" mean what knead, running in the same zone, will take them to mean.

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use chrono::{DateTime, Datelike, Days, FixedOffset, Local, NaiveDate, NaiveTime, TimeZone};
use knead::log::{Record, RecordBuilder};
use knead::routine::Area;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::{knead_process, write_log};

/// `knead` in a private home (see `common::knead_process`), in the time zone of this test
/// process, so that the dates written here and the days knead counts agree.
fn process(home: &Path) -> std::process::Command {
    let mut cmd = knead_process(home);
    if let Some(tz) = std::env::var_os("TZ") {
        cmd.env("TZ", tz);
    }
    cmd
}

fn knead(home: &Path) -> Command {
    Command::from_std(process(home))
}

/// The log that `knead` started by [`knead`] uses when told nothing else.
fn default_log(home: &Path) -> PathBuf {
    home.join("data").join("knead").join("sessions.jsonl")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("knead prints UTF-8")
}

/// Runs `knead` with `args` and returns what it did, whatever the exit code.
fn output(home: &Path, args: &[&str]) -> Output {
    knead(home).args(args).output().unwrap()
}

/// A short real session: temple-tension fitted into 6 seconds, in the plain runner.
const SHORT_RUN: &[&str] = &["run", "temple-tension", "--plain", "--minutes", "0.1"];

/// The lines of a log file, each parsed as JSON.
fn json_lines(path: &Path) -> Vec<Value> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.ends_with('\n'), "every line is whole: {text:?}");
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn parse_time(value: &Value) -> DateTime<FixedOffset> {
    let text = value.as_str().unwrap_or_else(|| panic!("not a string: {value}"));
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// `days_ago` local days before today at `time` ("HH:MM") local time, with the offset the
/// local zone has then.
fn local(days_ago: u64, time: &str) -> DateTime<FixedOffset> {
    let day = today() - Days::new(days_ago);
    let time = NaiveTime::parse_from_str(time, "%H:%M").unwrap();
    Local
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .expect("a local time that exists")
        .fixed_offset()
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A session of `routine` over `areas`, `minutes` long, done completely or ended early.
fn session(
    started: DateTime<FixedOffset>,
    routine: &str,
    areas: &[&str],
    minutes: u32,
    completed: bool,
) -> Record {
    let record = RecordBuilder::new(started)
        .routine(routine, &title(routine))
        .areas(areas)
        .minutes(minutes);
    let mut record = if completed { record } else { record.ended_early(2) }.build();
    record.ended += chrono::Duration::seconds(20);
    record
}

/// "neck-release" → "Neck release".
fn title(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn rated(mut record: Record, before: u8, after: Option<u8>) -> Record {
    record.tension_before = Some(before);
    record.tension_after = after;
    record
}

/// The ids `knead log --format jsonl` prints for `args`, in its order.
fn logged_ids(home: &Path, args: &[&str]) -> Vec<String> {
    let out = knead(home)
        .arg("log")
        .args(args)
        .args(["--format", "jsonl"])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    text(&out)
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap();
            value["id"].as_str().unwrap().to_string()
        })
        .collect()
}

fn ids(records: &[&Record]) -> Vec<String> {
    records.iter().map(|r| r.id.clone()).collect()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// ---- what a run records -------------------------------------------------------------------

#[test]
fn a_plain_run_records_every_field_of_schema_2() {
    let home = tempfile::tempdir().unwrap();
    let before = Local::now().fixed_offset();
    let mut args = SHORT_RUN.to_vec();
    args.extend(["--tension-before", "6"]);
    let run = output(home.path(), &args);
    let after = Local::now().fixed_offset();
    assert!(run.status.success(), "{run:?}");
    assert_eq!(crate::common::besides_the_squeeze(&text(&run.stderr)), "");

    let log = default_log(home.path());
    let lines = json_lines(&log);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let record = &lines[0];
    // The line as written, its keys in order, with what changes from run to run put aside:
    // no tension_after and no note.
    let line = fs::read_to_string(&log).unwrap();
    let mut pinned = line.trim_end().to_string();
    for key in ["id", "started", "ended"] {
        let value = record[key].as_str().unwrap();
        pinned = pinned.replace(
            &format!("\"{key}\":\"{value}\""),
            &format!("\"{key}\":\"[{key}]\""),
        );
    }
    let active = format!("\"active_s\":{}", record["active_s"]);
    pinned = pinned.replace(&active, "\"active_s\":\"[active_s]\"");
    insta::assert_snapshot!("run_record", pinned);
    assert_eq!(record["v"], 2);
    assert_eq!(record["routine"], "temple-tension");
    assert_eq!(record["name"], "Temple tension");
    assert_eq!(record["areas"], serde_json::json!(["temples", "forehead"]));
    assert_eq!(record["steps_done"], 7);
    assert_eq!(record["steps_total"], 7);
    assert_eq!(
        (&record["passes_done"], &record["passes_skipped"]),
        (&7.into(), &0.into())
    );
    assert_eq!(record["completed"], true);
    assert_eq!(record["tension_before"], 6);
    assert_eq!(record["planned_s"], 6);
    let active = record["active_s"].as_u64().unwrap();
    assert!((4..=8).contains(&active), "{record}");

    // Times: RFC 3339 with a numeric offset, to the second, inside the run, in order.
    for key in ["started", "ended"] {
        let shown = record[key].as_str().unwrap();
        let offset = &shown[shown.len() - 6..];
        assert!(
            offset.starts_with(['+', '-']) && offset.as_bytes()[3] == b':',
            "{key} has an offset: {shown}"
        );
        assert_eq!(shown.len(), "2026-11-25T10:30:12+01:00".len(), "{shown}");
    }
    let (started, ended) = (parse_time(&record["started"]), parse_time(&record["ended"]));
    assert!(started < ended, "{record}");
    assert!(ended - started >= chrono::Duration::seconds(4), "{record}");
    let second = chrono::Duration::seconds(1);
    assert!(before - second <= started && ended <= after + second, "{record}");

    // The id: the start in UTC to the second, then eight hex digits.
    let id = record["id"].as_str().unwrap();
    let prefix = started
        .with_timezone(&chrono::Utc)
        .format("%Y%m%dT%H%M%SZ-")
        .to_string();
    let suffix = id
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{id} starts with {prefix}"));
    assert!(
        suffix.len() == 8
            && suffix
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "{id}"
    );
    // The line is what the library itself reads back.
    let read = Record::from_json_line(line.trim_end()).unwrap();
    assert_eq!(read.id, id);

    #[cfg(unix)]
    {
        assert_eq!(mode(&log), 0o600);
        assert_eq!(mode(log.parent().unwrap()), 0o700);
    }
}

/// Starts `cmd` without waiting for it.
fn spawn(cmd: &mut std::process::Command) -> Child {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

/// Waits for a run started by [`spawn`], expects success and silence on stderr, and gives
/// its standard output.
fn finish(child: Child) -> String {
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(text(&out.stderr), "");
    text(&out.stdout)
}

#[test]
fn no_log_records_nothing() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let run = crate::common::quick_routine(home, "");
    let named = home.join("named.jsonl");
    let default = spawn(process(home).args(run).arg("--no-log"));
    let with_file = spawn(
        process(home)
            .args(run)
            .arg("--no-log")
            .arg("--log-file")
            .arg(&named),
    );
    for child in [default, with_file] {
        let stdout = finish(child);
        assert!(
            stdout.contains("Done: Quick press · 1 done, 0 skipped"),
            "{stdout}"
        );
    }
    assert!(!home.join("data").exists(), "not even the data folder");
    assert!(!named.exists());
    // The same run without --no-log does record: the routine is not the reason.
    finish(spawn(process(home).args(run)));
    assert_eq!(json_lines(&default_log(home)).len(), 1);
}

#[test]
fn the_log_file_is_chosen_by_the_flag_then_the_environment_then_the_config_file() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    // A relative path in the config file is beside the config file.
    let run = crate::common::quick_routine(home, "log_file = \"from-config.jsonl\"\n");
    let from_config = home.join("config").join("knead").join("from-config.jsonl");
    let from_env = home.join("from-env.jsonl");
    let from_flag = home.join("from-flag.jsonl");

    // Three sessions at once, each with one more source laid over the last.
    let config_only = spawn(process(home).args(run));
    let env_too = spawn(process(home).args(run).env("KNEAD_LOG_FILE", &from_env));
    let flag_too = spawn(
        process(home)
            .args(run)
            .env("KNEAD_LOG_FILE", &from_env)
            .arg("--log-file")
            .arg(&from_flag),
    );
    for child in [config_only, env_too, flag_too] {
        finish(child);
    }
    for path in [&from_config, &from_env, &from_flag] {
        let lines = json_lines(path);
        assert_eq!(lines.len(), 1, "{}: {lines:?}", path.display());
        assert_eq!(lines[0]["routine"], "quick");
    }
    assert!(!default_log(home).exists());

    // Reading follows the same order.
    let count = |cmd: &mut Command| {
        text(&cmd.args(["log", "--format", "jsonl"]).output().unwrap().stdout)
            .lines()
            .count()
    };
    fs::write(&from_env, "").unwrap();
    assert_eq!(count(&mut knead(home)), 1, "the config file's log");
    assert_eq!(
        count(knead(home).env("KNEAD_LOG_FILE", &from_env)),
        0,
        "the environment's"
    );
    let flag_and_env = count(
        knead(home)
            .env("KNEAD_LOG_FILE", &from_env)
            .arg("--log-file")
            .arg(&from_flag),
    );
    assert_eq!(flag_and_env, 1, "the flag's");
}

/// Starts `neck-release` (ten steps in one minute) and sends SIGINT as soon as a line
/// starting with `step_line` (e.g. "Step 2/10") is printed. Returns the exit code and the
/// whole standard output.
fn interrupt_neck_release_at(home: &Path, step_line: &str) -> (Option<i32>, String) {
    let mut child = process(home)
        .args(["run", "neck-release", "--plain", "--minutes", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut stdout = String::new();
    let mut line = String::new();
    // The loop ends at the latest when the one-minute session does.
    while reader.read_line(&mut line).unwrap() > 0 {
        stdout.push_str(&line);
        let seen = line.contains(&format!(" {step_line} "));
        line.clear();
        if seen {
            let pid = child.id().to_string();
            let kill = std::process::Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .unwrap();
            assert!(kill.success());
            break;
        }
    }
    reader.read_to_string(&mut stdout).unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(crate::common::besides_the_squeeze(&stderr), "");
    (status.code(), stdout)
}

#[test]
fn sigint_after_a_step_records_an_early_end_and_exits_130() {
    let home = tempfile::tempdir().unwrap();
    // The first step (about 4 s of the minute) is done once the second begins.
    let (code, stdout) = interrupt_neck_release_at(home.path(), "Step 2/10");
    assert_eq!(code, Some(130), "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("Ended early: Neck release · 1 done, 1 skipped"),
        "{stdout}"
    );
    let lines = json_lines(&default_log(home.path()));
    assert_eq!(lines.len(), 1);
    let record = &lines[0];
    assert_eq!(record["routine"], "neck-release");
    assert_eq!(record["completed"], false);
    assert_eq!(
        (record["steps_done"].as_u64(), record["steps_total"].as_u64()),
        (Some(1), Some(10))
    );
    // The second step, cut short, counts as skipped.
    assert_eq!(
        (record["passes_done"].as_u64(), record["passes_skipped"].as_u64()),
        (Some(1), Some(1))
    );
    let planned = record["planned_s"].as_u64().unwrap();
    assert!(
        (57..=60).contains(&planned),
        "about the minute asked for: {record}"
    );
    assert!(
        parse_time(&record["started"]) < parse_time(&record["ended"]),
        "{record}"
    );
}

#[test]
fn sigint_before_the_first_step_is_done_records_nothing() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout) = interrupt_neck_release_at(home.path(), "Step 1/10");
    assert_eq!(code, Some(130), "{stdout}");
    assert!(
        stdout.contains("Ended early: Neck release · 0 done, 1 skipped"),
        "{stdout}"
    );
    assert!(!home.path().join("data").exists());
}

/// A log that cannot be written is found out before the session, not after it: knead says
/// why, names the way round it and exits 1 without running a step or printing a record.
fn assert_refused_up_front(out: &Output, log: &Path, why: &str) {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(text(&out.stdout), "", "no step was run");
    let stderr = crate::common::besides_the_squeeze(&text(&out.stderr));
    assert_eq!(
        stderr,
        format!(
            "knead: error: the session log {} {why}, so this session cannot be recorded: \
             name another with --log-file FILE, or run it unrecorded with --no-log\n",
            log.display()
        )
    );
}

#[test]
fn a_log_under_a_file_is_refused_before_the_session() {
    // Tests run as root, which no permission bit stops; a file where a folder should be
    // stops everyone.
    let home = tempfile::tempdir().unwrap();
    let not_a_folder = home.path().join("file");
    fs::write(&not_a_folder, "").unwrap();
    let log = not_a_folder.join("sessions.jsonl");
    let out = knead(home.path())
        .args(SHORT_RUN)
        .args(["--tension-before", "6", "--log-file"])
        .arg(&log)
        .output()
        .unwrap();
    assert_refused_up_front(
        &out,
        &log,
        &format!(
            "is under {}, which is a file, not a folder",
            not_a_folder.display()
        ),
    );
    assert_eq!(fs::read(&not_a_folder).unwrap(), b"");
}

#[test]
fn a_folder_as_the_log_is_refused_before_the_session() {
    let home = tempfile::tempdir().unwrap();
    let run = crate::common::quick_routine(home.path(), "");
    let folder = home.path().join("logs");
    fs::create_dir(&folder).unwrap();
    let out = knead(home.path())
        .args(run)
        .arg("--log-file")
        .arg(&folder)
        .output()
        .unwrap();
    assert_refused_up_front(&out, &folder, "is a folder");
}

#[test]
fn a_folder_as_the_log_is_refused_before_composing_a_session_for_areas() {
    // Composing reads the log for the person's history: it is checked before that, with the
    // same words as for a named routine.
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("logs");
    fs::create_dir(&folder).unwrap();
    let out = knead(home.path())
        .args(["run", "--area", "neck", "--minutes", "2", "--plain", "--log-file"])
        .arg(&folder)
        .output()
        .unwrap();
    assert_refused_up_front(&out, &folder, "is a folder");
}

#[cfg(unix)]
#[test]
fn a_device_as_the_log_is_refused_before_the_session() {
    let home = tempfile::tempdir().unwrap();
    let run = crate::common::quick_routine(home.path(), "");
    let device = Path::new("/dev/full");
    let out = knead(home.path())
        .args(run)
        .arg("--log-file")
        .arg(device)
        .output()
        .unwrap();
    assert_refused_up_front(&out, device, "is a device");
}

#[test]
fn a_named_log_in_a_missing_folder_is_refused_before_the_session() {
    // A folder the person names must exist: a typo must not start a new log elsewhere.
    let home = tempfile::tempdir().unwrap();
    let run = crate::common::quick_routine(home.path(), "");
    let folder = home.path().join("notes");
    let log = folder.join("knead.jsonl");
    let out = knead(home.path())
        .args(run)
        .arg("--log-file")
        .arg(&log)
        .output()
        .unwrap();
    assert_refused_up_front(
        &out,
        &log,
        &format!("is in {}, a folder that does not exist", folder.display()),
    );
    assert!(!folder.exists());
}

#[test]
fn a_data_folder_that_cannot_be_made_is_refused_before_the_session() {
    let home = tempfile::tempdir().unwrap();
    let run = crate::common::quick_routine(home.path(), "");
    fs::write(home.path().join("data"), "").unwrap();
    let out = knead(home.path())
        .args(run)
        .args(["--tension-before", "6"])
        .output()
        .unwrap();
    let log = default_log(home.path());
    assert_refused_up_front(
        &out,
        &log,
        &format!(
            "is under {}, which is a file, not a folder",
            home.path().join("data").display()
        ),
    );
}

#[test]
fn a_missing_default_folder_is_no_reason_to_refuse_and_nothing_is_made_before_a_step() {
    let home = tempfile::tempdir().unwrap();
    let run = crate::common::quick_routine(home.path(), "");
    knead(home.path()).args(run).assert().success();
    assert_eq!(json_lines(&default_log(home.path())).len(), 1);
    // The check made nothing of its own beside the log.
    let names: Vec<_> = fs::read_dir(default_log(home.path()).parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["sessions.jsonl"]);
}

#[test]
fn no_log_and_dry_run_do_not_look_at_the_log() {
    let home = tempfile::tempdir().unwrap();
    let run = crate::common::quick_routine(home.path(), "");
    let folder = home.path().join("logs");
    fs::create_dir(&folder).unwrap();
    for extra in ["--no-log", "--dry-run"] {
        knead(home.path())
            .args(run)
            .arg(extra)
            .arg("--log-file")
            .arg(&folder)
            .assert()
            .success()
            .stderr(predicate::str::contains("cannot be recorded").not());
    }
}

// ---- knead log ----------------------------------------------------------------------------

/// Five sessions over twelve days, written out of time order (the oldest last, as an import
/// from another machine leaves it).
fn five_sessions() -> Vec<Record> {
    vec![
        rated(
            session(local(10, "08:00"), "neck-release", &["neck"], 8, true),
            7,
            Some(4),
        ),
        session(local(5, "19:30"), "jaw-ease", &["jaw", "temples"], 6, false),
        rated(
            session(local(2, "07:15"), "neck-release", &["neck"], 8, true),
            6,
            Some(3),
        ),
        rated(
            session(
                local(0, "00:05"),
                "desk-break",
                &["neck", "shoulders", "hands"],
                5,
                true,
            ),
            5,
            None,
        ),
        session(local(12, "21:00"), "jaw-ease", &["jaw", "temples"], 6, true),
    ]
}

#[test]
fn log_lists_the_newest_first_with_tension_before_and_after() {
    let home = tempfile::tempdir().unwrap();
    let records = five_sessions();
    write_log(&default_log(home.path()), &records);
    let out = knead(home.path())
        .arg("log")
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let out = text(&out);
    // Columns are at least two spaces apart; cells hold single spaces at most.
    let rows: Vec<Vec<&str>> = out
        .lines()
        .map(|line| {
            line.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0],
        ["DATE", "TIME", "ROUTINE", "AREAS", "MIN", "RESULT", "TENSION"]
    );
    let when = |i: usize| {
        let local = records[i].started.with_timezone(&Local);
        [
            local.format("%Y-%m-%d").to_string(),
            local.format("%H:%M").to_string(),
        ]
    };
    let expected: Vec<Vec<String>> = [
        (3, "Desk break", "neck, shoulders, hands", "5", "done", "5 → ?"),
        (2, "Neck release", "neck", "8", "done", "6 → 3"),
        (1, "Jaw ease", "jaw, temples", "6", "ended early · 1 skipped", ""),
        (0, "Neck release", "neck", "8", "done", "7 → 4"),
        (4, "Jaw ease", "jaw, temples", "6", "done", ""),
    ]
    .iter()
    .map(|&(i, name, areas, minutes, result, tension)| {
        let mut row: Vec<String> = when(i).into();
        row.extend([name, areas, minutes, result, tension].map(String::from));
        row.retain(|c| !c.is_empty());
        row
    })
    .collect();
    assert_eq!(rows[1..], expected, "{out}");
}

#[test]
fn log_limit_and_filters_choose_the_sessions() {
    let home = tempfile::tempdir().unwrap();
    let records = five_sessions();
    write_log(&default_log(home.path()), &records);
    let r = |i: usize| &records[i];
    let home = home.path();
    assert_eq!(logged_ids(home, &[]), ids(&[r(3), r(2), r(1), r(0), r(4)]));
    assert_eq!(logged_ids(home, &["--limit", "2"]), ids(&[r(3), r(2)]));
    assert_eq!(logged_ids(home, &["--limit", "0"]).len(), 5);
    // `7d` is the day a week ago: eight calendar days with today.
    assert_eq!(logged_ids(home, &["--since", "7d"]), ids(&[r(3), r(2), r(1)]));
    assert_eq!(logged_ids(home, &["--since", "5d"]), ids(&[r(3), r(2), r(1)]));
    assert_eq!(logged_ids(home, &["--since", "4d"]), ids(&[r(3), r(2)]));
    assert_eq!(
        logged_ids(home, &["--until", "2d"]),
        ids(&[r(2), r(1), r(0), r(4)])
    );
    assert_eq!(
        logged_ids(home, &["--since", "2w", "--until", "1w"]),
        ids(&[r(0), r(4)])
    );
    let day = |days_ago: u64| (today() - Days::new(days_ago)).format("%Y-%m-%d").to_string();
    assert_eq!(
        logged_ids(home, &["--since", &day(10), "--until", &day(2)]),
        ids(&[r(2), r(1), r(0)])
    );
    assert_eq!(logged_ids(home, &["--area", "jaw"]), ids(&[r(1), r(4)]));
    assert_eq!(logged_ids(home, &["--area", "shoulders"]), ids(&[r(3)]));
    assert_eq!(
        logged_ids(home, &["--routine", "neck-release"]),
        ids(&[r(2), r(0)])
    );
    assert_eq!(
        logged_ids(home, &["--area", "neck", "--since", "3d", "--limit", "1"]),
        ids(&[r(3)])
    );
    assert_eq!(
        logged_ids(home, &["--routine", "neck"]),
        Vec::<String>::new(),
        "ids match exactly"
    );

    knead(home)
        .args(["log", "--area", "feet"])
        .assert()
        .success()
        .stdout("No sessions match; 5 in the log in all.\n");
    knead(home)
        .args(["log", "--area", "elbow"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("elbow"));
}

#[test]
fn log_jsonl_gives_back_the_lines_as_stored() {
    let home = tempfile::tempdir().unwrap();
    let mut records = five_sessions();
    records[1].note = Some("left side \"tight\", then \\ easier\nnext day too".into());
    write_log(&default_log(home.path()), &records);
    let out = knead(home.path())
        .args(["log", "--format", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let printed: Vec<Value> = text(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stored: Vec<Value> = [3, 2, 1, 0, 4]
        .iter()
        .map(|&i| serde_json::from_str(&records[i].to_json_line()).unwrap())
        .collect();
    assert_eq!(printed, stored);
    let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
    assert_eq!(lines[2], records[1].to_json_line(), "the very same line");
}

#[test]
fn log_csv_reads_back_with_a_csv_reader() {
    let home = tempfile::tempdir().unwrap();
    let mut awkward = rated(
        session(local(1, "18:00"), "neck-release", &["neck", "shoulders"], 8, true),
        6,
        Some(3),
    );
    awkward.name = "Neck, \"slow\" release".into();
    awkward.note = Some("tight, then\neasier".into());
    let plain = session(local(3, "09:00"), "jaw-ease", &["jaw"], 6, false);
    write_log(&default_log(home.path()), &[plain.clone(), awkward.clone()]);
    let out = knead(home.path())
        .args(["log", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    insta::assert_snapshot!("log_csv_header", header.join("\n"));
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|row| row.unwrap().iter().map(String::from).collect())
        .collect();
    let time = |t: &DateTime<FixedOffset>| t.to_rfc3339();
    assert_eq!(
        rows,
        [
            vec![
                awkward.id.clone(),
                "neck-release".into(),
                "Neck, \"slow\" release".into(),
                "neck;shoulders".into(),
                time(&awkward.started),
                time(&awkward.ended),
                "480".into(),
                "480".into(),
                "6".into(),
                "6".into(),
                "6".into(),
                "0".into(),
                "true".into(),
                "6".into(),
                "3".into(),
                "tight, then\neasier".into(),
            ],
            vec![
                plain.id.clone(),
                "jaw-ease".into(),
                "Jaw ease".into(),
                "jaw".into(),
                time(&plain.started),
                time(&plain.ended),
                "360".into(),
                "360".into(),
                "2".into(),
                "6".into(),
                "2".into(),
                "1".into(),
                "false".into(),
                String::new(),
                String::new(),
                String::new(),
            ],
        ]
    );
    // The quoting is CSV's: the name is one quoted field with its quotes doubled.
    assert!(
        text(&out).contains(",\"Neck, \"\"slow\"\" release\","),
        "{}",
        text(&out)
    );
}

#[test]
fn an_empty_or_missing_log_says_so() {
    let home = tempfile::tempdir().unwrap();
    let empty = "No sessions logged yet. Run `knead` to start one.\n";
    for args in [&["log"][..], &["stats"], &["log", "--area", "neck"]] {
        knead(home.path())
            .args(args)
            .assert()
            .success()
            .stdout(empty)
            .stderr("");
    }
    knead(home.path())
        .args(["log", "--format", "jsonl"])
        .assert()
        .success()
        .stdout("");
    knead(home.path())
        .args(["log", "--format", "csv"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("id,routine,name,areas,").and(predicate::str::ends_with("note\n")),
        );
    assert!(!home.path().join("data").exists(), "reading creates nothing");
    // A log that exists but holds only blank lines is empty too.
    let log = default_log(home.path());
    fs::create_dir_all(log.parent().unwrap()).unwrap();
    fs::write(&log, "\n\n").unwrap();
    knead(home.path())
        .arg("log")
        .assert()
        .success()
        .stdout(empty)
        .stderr("");
}

#[test]
fn damaged_lines_are_warned_about_with_file_and_line_and_the_rest_shown() {
    let home = tempfile::tempdir().unwrap();
    let records = five_sessions();
    let lines: Vec<String> = records.iter().map(Record::to_json_line).collect();
    let torn = &lines[4][..lines[4].len() / 2];
    let log = home.path().join("my log.jsonl");
    let body = format!(
        "{}\n{}\n{{\"v\":1, garbage\n{}\n{torn}",
        lines[0], lines[1], lines[2]
    );
    fs::write(&log, body).unwrap();
    let shown = log.display().to_string();
    let out = knead(home.path())
        .arg("--log-file")
        .arg(&log)
        .args(["log", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let printed: Vec<Record> = text(&out.stdout)
        .lines()
        .map(|l| Record::from_json_line(l).unwrap())
        .collect();
    assert_eq!(
        printed,
        [records[2].clone(), records[1].clone(), records[0].clone()]
    );
    let stderr = text(&out.stderr);
    let warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(
        warnings[0].starts_with(&format!("knead: warning: {shown}:3: skipped a line: ")),
        "{stderr}"
    );
    assert!(
        warnings[1].starts_with(&format!("knead: warning: {shown}:5: skipped a line: ")),
        "{stderr}"
    );
    assert!(warnings[1].contains("incomplete"), "{stderr}");

    // The table and the statistics say the same, and count only the readable sessions.
    let table = knead(home.path())
        .arg("--log-file")
        .arg(&log)
        .arg("log")
        .output()
        .unwrap();
    assert_eq!(text(&table.stderr), stderr);
    assert_eq!(text(&table.stdout).lines().count(), 4);
    let stats = knead(home.path())
        .arg("--log-file")
        .arg(&log)
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(text(&stats.stderr), stderr);
    let json: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(json["sessions"], 3);
}

#[test]
fn bad_dates_and_a_backwards_range_are_usage_errors() {
    let home = tempfile::tempdir().unwrap();
    write_log(&default_log(home.path()), &five_sessions());
    knead(home.path())
        .args(["log", "--since", "1d", "--until", "3d"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("is after --until"));
    knead(home.path())
        .args(["log", "--since", "2026-13-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    knead(home.path())
        .args(["stats", "--since", "yesterday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("7d or 4w"));
}

// ---- knead stats --------------------------------------------------------------------------

#[test]
fn stats_json_counts_a_hand_written_log() {
    let home = tempfile::tempdir().unwrap();
    let mut records = vec![
        // Today, yesterday and the day before: the current streak is three days.
        rated(
            session(local(0, "00:10"), "neck-release", &["neck"], 8, true),
            6,
            Some(3),
        ),
        rated(
            session(local(1, "12:00"), "neck-release", &["neck"], 8, true),
            5,
            Some(4),
        ),
        rated(
            session(local(2, "20:00"), "jaw-ease", &["jaw", "temples"], 6, true),
            8,
            Some(5),
        ),
        // Ended early: worked the areas, but no day for the streak.
        session(local(1, "18:00"), "jaw-ease", &["jaw", "temples"], 2, false),
        // Rated before only: not in the tension change.
        rated(
            session(local(6, "09:00"), "neck-release", &["neck"], 8, true),
            7,
            None,
        ),
    ];
    // Five days in a row, three weeks back: the longest streak.
    for days_ago in 20..25 {
        records.push(session(
            local(days_ago, "07:00"),
            "tired-feet",
            &["feet"],
            9,
            true,
        ));
    }
    write_log(&default_log(home.path()), &records);
    let json: Value = crate::common::json_of(home.path(), &["stats", "--format", "json"]);

    assert_eq!(json["today"], today().to_string());
    assert_eq!(json["sessions"], 10);
    assert_eq!(json["completed"], 9);
    assert_eq!(json["minutes"], 8 * 3 + 6 + 2 + 5 * 9);
    assert_eq!(json["current_streak_days"], 3);
    assert_eq!(json["longest_streak_days"], 5);
    assert_eq!(json["last_30_days"]["sessions"], 10);
    let monday = today() - Days::new(u64::from(today().weekday().num_days_from_monday()));
    let this_week: Vec<&Record> = records
        .iter()
        .filter(|r| r.started.with_timezone(&Local).date_naive() >= monday)
        .collect();
    assert_eq!(json["this_week"]["sessions"], this_week.len());

    let areas: Vec<&str> = json["by_area"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(areas, ["feet", "jaw", "neck", "temples"]);
    let neck = &json["by_area"]["neck"];
    assert_eq!(
        (neck["sessions"].as_u64(), neck["minutes"].as_u64()),
        (Some(3), Some(24))
    );
    assert_eq!(parse_time(&neck["last"]), records[0].started);
    assert_eq!(json["by_area"]["jaw"]["sessions"], 2);
    assert_eq!(json["by_area"]["jaw"]["minutes"], 8);
    assert_eq!(json["by_area"]["temples"]["tension"]["median_change"], -3.0);
    assert_eq!(json["by_area"]["feet"]["sessions"], 5);

    let routines: Vec<&str> = json["by_routine"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(routines, ["jaw-ease", "neck-release", "tired-feet"]);
    let neck = &json["by_routine"]["neck-release"];
    assert_eq!(neck["name"], "Neck release");
    assert_eq!(neck["sessions"], 3);
    assert_eq!(neck["tension"]["median_change"], -2.0, "the middle of -3 and -1");
    assert_eq!(neck["tension"]["rated"], 2);
    assert_eq!(neck["tension"]["verdict"], "too-few");
    let jaw = &json["by_routine"]["jaw-ease"];
    assert_eq!(
        (
            jaw["tension"]["median_change"].as_f64(),
            jaw["tension"]["rated"].as_u64()
        ),
        (Some(-3.0), Some(1))
    );
    assert_eq!(
        parse_time(&jaw["last"]),
        records[3].started,
        "ended early still counts as last"
    );
    let feet = &json["by_routine"]["tired-feet"];
    assert!(feet.get("tension").is_none(), "{feet}");
    assert_eq!(feet["minutes"], 45);
}

#[test]
fn stats_table_shows_the_heat_map_legend_and_no_escape_bytes() {
    let home = tempfile::tempdir().unwrap();
    write_log(&default_log(home.path()), &five_sessions());
    let out = knead(home.path())
        .arg("stats")
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let out = text(&out);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("Completed 4 of 5 sessions."), "{out}");
    assert!(out.contains("\nLast 12 weeks\n"), "{out}");
    let legend = out.lines().last().unwrap();
    assert!(legend.starts_with("    · none  ░ up to "), "{out}");
    let map: Vec<&str> = out.lines().skip_while(|l| *l != "Last 12 weeks").collect();
    assert_eq!(
        map.len(),
        1 + 1 + 7 + 1,
        "title, months, a row a day, legend: {out}"
    );
    let days: Vec<&str> = map[2..9].iter().map(|l| &l[..4]).collect();
    assert_eq!(
        days,
        ["Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "],
        "{out}"
    );
}

#[test]
fn stats_in_a_terminal_are_coloured_unless_no_color_is_set() {
    if !crate::tmux::available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let log = default_log(home.path());
    write_log(&log, &five_sessions());
    let bin = crate::tmux::knead_bin();
    let screen_of = |no_color: &str| {
        let script = format!(
            "{no_color} {bin} --log-file '{log}' stats; echo END-OF-STATS; sleep 60",
            bin = bin.display(),
            log = log.display()
        );
        let tmux = crate::tmux::Tmux::start(&script, home.path());
        tmux.wait_for("END-OF-STATS", Duration::from_secs(10));
        tmux.screen_with_escapes()
    };
    let coloured = screen_of("env -u NO_COLOR");
    assert!(coloured.contains("m none  "), "the legend: {coloured}");
    assert!(
        coloured.contains("\u{1b}[38;5;"),
        "the heat map is coloured: {coloured:?}"
    );
    let plain = screen_of("env NO_COLOR=1");
    assert!(plain.contains("· none"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
}

// ---- knead import -------------------------------------------------------------------------

#[test]
fn import_adds_new_sessions_skips_known_ones_and_rejects_bad_lines() {
    let home = tempfile::tempdir().unwrap();
    let log = default_log(home.path());
    let mine = five_sessions();
    write_log(&log, &mine[..2]);
    let laptop = home.path().join("laptop.jsonl");
    let mut bad_tension = mine[2].clone();
    bad_tension.tension_after = Some(11);
    let lines = [
        mine[2].to_json_line(),     // 1 new
        mine[0].to_json_line(),     // 2 already here
        "not a record".to_string(), // 3 rejected
        mine[3].to_json_line(),     // 4 new
        mine[3].to_json_line(),     // 5 a repeat in the file
        bad_tension.to_json_line(), // 6 rejected: tension 11
        String::new(),              // 7 blank, ignored
        mine[4].to_json_line(),     // 8 new
    ];
    fs::write(&laptop, lines.join("\n") + "\n").unwrap();

    let first = knead(home.path()).arg("import").arg(&laptop).output().unwrap();
    assert!(first.status.success(), "{first:?}");
    assert_eq!(
        text(&first.stdout),
        format!(
            "Imported {}: 3 added, 2 skipped (already in the log), 2 rejected (not valid records).\n",
            laptop.display()
        )
    );
    let stderr = text(&first.stderr);
    let warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(
        warnings[0].starts_with(&format!("knead: warning: {}:3: ", laptop.display())),
        "{stderr}"
    );
    assert!(
        warnings[1].starts_with(&format!("knead: warning: {}:6: ", laptop.display())),
        "{stderr}"
    );
    assert!(warnings[1].contains("tension_after 11"), "{stderr}");

    let after_first = fs::read_to_string(&log).unwrap();
    let ids: Vec<String> = json_lines(&log)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (5, 5), "{ids:?}");
    // Merged with the log's own lines in time order.
    assert_eq!(ids, [4, 0, 1, 2, 3].map(|i| mine[i].id.clone()));
    assert_eq!(logged_ids(home.path(), &[]).len(), 5);

    let second = knead(home.path()).arg("import").arg(&laptop).output().unwrap();
    assert!(second.status.success(), "{second:?}");
    assert!(
        text(&second.stdout)
            .ends_with(": 0 added, 5 skipped (already in the log), 2 rejected (not valid records).\n"),
        "{second:?}"
    );
    assert_eq!(
        fs::read_to_string(&log).unwrap(),
        after_first,
        "nothing added the second time"
    );
}

#[test]
fn importing_a_missing_file_fails_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("nope.jsonl");
    knead(home.path())
        .arg("import")
        .arg(&missing)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "cannot read {} to import",
            missing.display()
        )));
    assert!(!home.path().join("data").exists());
}

// ---- knead due ----------------------------------------------------------------------------

/// One session for every body area knead knows, each on its own earlier day, `oldest` the
/// longest ago (`days` days).
fn every_area_worked(oldest: Area, days: u64) -> Vec<Record> {
    let mut records = vec![session(
        local(days, "09:00"),
        "custom",
        &[oldest.as_str()],
        5,
        true,
    )];
    let others = Area::ALL.iter().filter(|a| **a != oldest);
    let spread = days.saturating_sub(1).max(1);
    for (i, area) in others.enumerate() {
        let days_ago = 1 + (i as u64 % spread);
        records.push(session(
            local(days_ago, "10:00"),
            "custom",
            &[area.as_str()],
            5,
            true,
        ));
    }
    records.sort_by_key(|r| r.started);
    records
}

#[test]
fn due_is_silent_when_a_session_was_completed_today() {
    let home = tempfile::tempdir().unwrap();
    let mut records = every_area_worked(Area::Scalp, 9);
    records.push(session(local(0, "00:01"), "neck-release", &["neck"], 8, true));
    write_log(&default_log(home.path()), &records);
    knead(home.path())
        .arg("due")
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

#[test]
fn due_names_the_least_recently_worked_area_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    let mut records = every_area_worked(Area::Scalp, 9);
    // Ended early today: it works the neck but does not make today done.
    records.push(session(local(0, "00:01"), "neck-release", &["neck"], 3, false));
    write_log(&default_log(home.path()), &records);
    knead(home.path())
        .arg("due")
        .assert()
        .code(1)
        .stdout("No session yet today. Least recently worked: scalp (9 days ago) · knead run --area scalp\n")
        .stderr("");
    knead(home.path())
        .args(["due", "--quiet"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("");

    let yesterday = tempfile::tempdir().unwrap();
    write_log(&default_log(yesterday.path()), &every_area_worked(Area::Feet, 1));
    knead(yesterday.path())
        .arg("due")
        .assert()
        .code(1)
        .stdout("No session yet today. Least recently worked: feet (yesterday) · knead run --area feet\n");
}

#[test]
fn due_names_an_area_never_worked_first_while_the_log_is_empty_then_only_areas_worked() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .arg("due")
        .assert()
        .code(1)
        .stdout("No session yet today. Least recently worked: neck (not yet) · knead run --area neck\n")
        .stderr("");
    knead(home.path())
        .args(["due", "--quiet"])
        .assert()
        .code(1)
        .stdout("");
    write_log(
        &default_log(home.path()),
        &[session(local(1, "08:00"), "neck-release", &["neck"], 8, true)],
    );
    knead(home.path())
        .arg("due")
        .assert()
        .code(1)
        .stdout("No session yet today. Least recently worked: neck (yesterday) · knead run --area neck\n");
}

#[test]
fn due_suggests_among_the_areas_this_person_works() {
    // Neck and shoulders only, for weeks: not the lower back they never chose.
    let home = tempfile::tempdir().unwrap();
    let mut records = Vec::new();
    for days_ago in (3..40).rev() {
        let (routine, area) = if days_ago % 2 == 0 {
            ("neck-release", "neck")
        } else {
            ("shoulder-unknot", "shoulders")
        };
        records.push(session(local(days_ago, "08:00"), routine, &[area], 8, true));
    }
    write_log(&default_log(home.path()), &records);
    knead(home.path())
        .arg("due")
        .assert()
        .code(1)
        .stdout("No session yet today. Least recently worked: neck (4 days ago) · knead run --area neck\n")
        .stderr("");
}
