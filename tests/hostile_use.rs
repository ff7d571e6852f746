//! The faults a second adversarial run found (issue 18), through the real binary: each test
//! does what a hostile user or machine did and checks what a person then sees.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use knead::log::{Record, RecordBuilder};

use crate::common::{knead, local_time};

fn default_log(home: &Path) -> PathBuf {
    home.join("data").join("knead").join("sessions.jsonl")
}

/// An eight-minute session of ten steps over `area`, of which 7:30 was active.
fn session(started: DateTime<FixedOffset>, area: &str, completed: bool) -> Record {
    let mut record = RecordBuilder::new(started)
        .areas(&[area])
        .minutes(8)
        .steps(10)
        .build();
    (record.planned_s, record.active_s) = (450, 450);
    record.completed = completed;
    record
}

fn write_lines(path: &Path, lines: &[String]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
}

// ---- due: any order, one validation ------------------------------------------------------

#[test]
fn due_counts_todays_session_followed_by_older_ones() {
    let home = tempfile::tempdir().unwrap();
    let mut lines = vec![session(local_time(0, "00:05"), "neck", true).to_json_line()];
    for days in 2..12 {
        lines.push(session(local_time(days, "09:00"), "jaw", true).to_json_line());
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
    let today = session(local_time(0, "00:05"), "neck", true);
    let line = today.to_json_line();
    let log = default_log(home.path());
    for bad in [
        line.replace("\"v\":2", "\"v\":0"),
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

// ---- separators and invisible characters -----------------------------------------------

#[test]
fn line_separators_are_refused_in_routines_config_and_imports() {
    let home = tempfile::tempdir().unwrap();
    let routine = crate::common::routine_text("sep", "Line\u{2028}break");
    let file = crate::common::write_file(home.path(), "sep.toml", &routine);
    let out = knead(home.path())
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("U+2028"), "{stderr}");
    assert!(!stderr.contains('\u{2028}'), "{stderr}");

    let config = crate::common::write_file(home.path(), "config.toml", "log_file = \"a\u{2060}b.jsonl\"\n");
    let out = knead(home.path())
        .arg("--config")
        .arg(&config)
        .arg("paths")
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("U+2060"), "{stderr}");

    let mut record = session(local_time(1, "09:00"), "neck", true);
    record.note = Some("para\u{2029}graph".into());
    let other = home.path().join("other.jsonl");
    write_lines(&other, &[record.to_json_line()]);
    knead(home.path())
        .arg("import")
        .arg(&other)
        .assert()
        .success()
        .stdout(predicates::str::contains("0 added"))
        .stderr(predicates::str::contains("`note` holds a control character"));
}

// ---- a terminal without colour -----------------------------------------------------------

/// What `knead ARGS` prints on a pseudo-terminal (util-linux `script`) with `TERM` set.
fn on_a_terminal(home: &Path, term: &str, args: &str) -> Option<String> {
    let script = Path::new("/usr/bin/script");
    if !script.exists() {
        return None;
    }
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_knead"));
    let mut cmd = std::process::Command::new(script);
    cmd.env_clear().args(["-qec", &command, "/dev/null"]);
    // The private environment of `knead_process`, with colour not refused.
    for (key, value) in crate::common::knead_process(home).get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.env_remove("NO_COLOR").env("TERM", term);
    let out = cmd.output().unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_without_colour_gets_no_colour() {
    let home = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (1..6)
        .map(|d| session(local_time(d, "09:00"), "neck", true).to_json_line())
        .collect();
    write_lines(&default_log(home.path()), &lines);
    let Some(coloured) = on_a_terminal(home.path(), "xterm-256color", "stats") else {
        return;
    };
    assert!(coloured.contains("\u{1b}[38;5;"), "{coloured:?}");
    for term in ["xterm-mono", "vt100"] {
        let shown = on_a_terminal(home.path(), term, "stats").unwrap();
        assert!(shown.contains("· none"), "{term}: {shown}");
        assert!(!shown.contains("\u{1b}["), "{term}: {shown:?}");
    }
}

#[test]
fn a_usage_error_on_a_terminal_without_colour_has_no_colour() {
    let home = tempfile::tempdir().unwrap();
    let Some(coloured) = on_a_terminal(home.path(), "xterm-256color", "histroy") else {
        return;
    };
    assert!(
        coloured.contains("\u{1b}["),
        "clap colours it on a colour terminal: {coloured:?}"
    );
    for term in ["xterm-mono", "vt100"] {
        let shown = on_a_terminal(home.path(), term, "histroy").unwrap();
        assert!(
            shown.contains("unrecognized subcommand 'histroy'"),
            "{term}: {shown}"
        );
        assert!(!shown.contains("\u{1b}["), "{term}: {shown:?}");
    }
}

// ---- small promises ------------------------------------------------------------------------

#[test]
fn bare_knead_into_a_pipe_explains_in_one_line_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let out = knead(home.path())
        .assert()
        .code(2)
        .stdout("")
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("`knead list`"), "{stderr}");
}

#[test]
fn an_import_that_cannot_write_says_so_and_that_nothing_was_imported() {
    let home = tempfile::tempdir().unwrap();
    let other = home.path().join("other.jsonl");
    write_lines(
        &other,
        &[session(local_time(1, "09:00"), "neck", true).to_json_line()],
    );
    let missing = home.path().join("no-such-folder").join("log.jsonl");
    let out = knead(home.path())
        .arg("--log-file")
        .arg(&missing)
        .arg("import")
        .arg(&other)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("cannot write to the session log"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(!stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn an_editor_that_deletes_the_file_is_told_how_to_start_over() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path()).args(["new", "my-one"]).assert().success();
    let out = knead(home.path())
        .args(["edit", "my-one"])
        .env("EDITOR", "rm")
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("is gone"), "{stderr}");
    assert!(stderr.contains("`knead new my-one`"), "{stderr}");
    assert!(!stderr.contains("`knead edit my-one` to fix"), "{stderr}");
    knead(home.path()).args(["new", "my-one"]).assert().success();
}

// ---- a log locked by another program -----------------------------------------------------

/// `flock -x PATH sleep 60`, once it holds the lock; `None` without util-linux `flock`.
fn hold_lock(path: &Path) -> Option<LockHolder> {
    let holder = std::process::Command::new("flock")
        .arg("-x")
        .arg(path)
        .args(["sleep", "60"])
        .spawn()
        .ok()?;
    let holder = LockHolder(holder);
    // Held once a non-blocking try by another process fails.
    while std::process::Command::new("flock")
        .arg("-n")
        .arg(path)
        .arg("true")
        .status()
        .unwrap()
        .success()
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Some(holder)
}

struct LockHolder(std::process::Child);

impl Drop for LockHolder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `cmd` and returns its output, killing it if it is still running after `limit`:
/// a hang then shows as a failed test, not a stuck one.
fn output_within(mut cmd: std::process::Command, limit: std::time::Duration) -> (std::process::Output, bool) {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let mut hung = false;
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            hung = true;
            let _ = child.kill();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    (child.wait_with_output().unwrap(), hung)
}

#[test]
fn readers_do_not_wait_for_a_held_lock() {
    let home = tempfile::tempdir().unwrap();
    let log = default_log(home.path());
    write_lines(
        &log,
        &[session(local_time(0, "00:05"), "neck", true).to_json_line()],
    );
    let Some(_holder) = hold_lock(&log) else {
        return;
    };
    for args in [&["due"][..], &["log"], &["stats"]] {
        let mut cmd = crate::common::knead_process(home.path());
        cmd.args(args);
        let (out, hung) = output_within(cmd, std::time::Duration::from_secs(30));
        assert!(!hung, "{args:?} waited for the lock");
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
}

#[test]
fn a_session_gives_up_on_a_held_lock_and_prints_its_record() {
    let home = tempfile::tempdir().unwrap();
    let run = crate::common::quick_routine(home.path(), "");
    let log = default_log(home.path());
    write_lines(&log, &[]);
    let Some(_holder) = hold_lock(&log) else {
        return;
    };
    let mut cmd = crate::common::knead_process(home.path());
    cmd.args(run);
    let (out, hung) = output_within(cmd, std::time::Duration::from_secs(40));
    assert!(!hung, "the session waited for the lock");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("held its lock"), "{stderr}");
    assert!(stderr.contains("The session was not saved"), "{stderr}");
    assert!(stderr.contains("\"routine\":\"quick\""), "{stderr}");
}

#[test]
fn a_signal_ends_the_wait_for_a_held_lock() {
    let home = tempfile::tempdir().unwrap();
    let run = crate::common::quick_routine(home.path(), "");
    let log = default_log(home.path());
    write_lines(&log, &[]);
    let Some(_holder) = hold_lock(&log) else {
        return;
    };
    // The summary is printed before the record is saved: then it waits for the lock.
    let (child, _stdout) = spawn_reading_until(home.path(), &run, |line| line.starts_with("Done"));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("asked to end while waiting"), "{stderr}");
    assert!(stderr.contains("\"routine\":\"quick\""), "{stderr}");
}

/// Starts knead with `args`, its output piped, and reads its output up to the first line for
/// which `until` holds; the rest of the output is left to read (or to close).
fn spawn_reading_until<S: AsRef<std::ffi::OsStr>>(
    home: &Path,
    args: &[S],
    until: impl Fn(&str) -> bool,
) -> (std::process::Child, std::io::BufReader<std::process::ChildStdout>) {
    let mut child = crate::common::knead_process(home)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !until(&line) {
        line.clear();
        assert_ne!(std::io::BufRead::read_line(&mut stdout, &mut line).unwrap(), 0);
    }
    (child, stdout)
}

// ---- a closed pipe -------------------------------------------------------------------------

#[test]
fn a_plain_session_into_a_closed_pipe_ends_early_and_is_recorded() {
    let home = tempfile::tempdir().unwrap();
    // Read up to the second step, then close the pipe as `timeout 9 cat` does.
    let (child, stdout) = spawn_reading_until(
        home.path(),
        &["run", "desk-reset", "--plain", "--minutes", "0.2", "--no-bell"],
        |line| line.contains("Step 2/"),
    );
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("recorded as ended early"), "{stderr}");
    let log = fs::read_to_string(default_log(home.path())).unwrap();
    let record = Record::from_json_line(log.trim()).unwrap();
    assert!(!record.completed);
    assert!(record.steps_done >= 1, "{record:?}");
}

// ---- a file of thousands of problems -------------------------------------------------------

#[test]
fn thousands_of_problems_in_a_routine_or_config_file_show_fifty_and_a_count() {
    let home = tempfile::tempdir().unwrap();
    let mut routine = crate::common::routine_text("many", "Many");
    let keys: String = (0..16_000).map(|i| format!("bogus{i} = 1\n")).collect();
    routine.insert_str(0, &keys);
    let file = crate::common::write_file(home.path(), "many.toml", &routine);
    let out = knead(home.path())
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches(": error: unknown field").count(), 50, "{stderr}");
    assert!(
        stderr.contains("many.toml: and 15950 more problems not shown"),
        "{stderr}"
    );

    let config = crate::common::write_file(home.path(), "config.toml", &keys);
    let out = knead(home.path())
        .arg("--config")
        .arg(&config)
        .arg("list")
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches(": error: unknown field").count(), 50, "{stderr}");
    assert!(
        stderr.contains("config.toml: and 15950 more problems not shown"),
        "{stderr}"
    );
}

#[test]
fn small_promises_one_step_huge_minutes_and_a_file_named_twice() {
    let home = tempfile::tempdir().unwrap();
    let run = crate::common::quick_routine(home.path(), "");
    let shown = crate::common::stdout_of(home.path(), &["show", "quick"]);
    assert!(shown.contains(", 1 step\n"), "{shown}");
    let plain = crate::common::stdout_of(home.path(), &run);
    assert!(plain.lines().next().unwrap().ends_with(" · 1 step"), "{plain}");

    let out = knead(home.path())
        .args(["run", "quick", "--plain", "--minutes", "1e308"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--minutes 1e308 is out of range"), "{stderr}");

    let file = crate::common::config_routines(home.path()).join("quick.toml");
    knead(home.path())
        .arg("check")
        .arg(&file)
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::starts_with("ok: 1 routine valid"));
}
