//! The session log under faults, through the real binary: files that are not regular files, a
//! file-size limit, lines out of time order, repeated sessions, a writer killed at random
//! moments, and a log that cannot be written. Tests run as root here, where no permission bit
//! stops a write: a file-size limit (`ulimit -f`) and a folder that is a file do.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use knead::log::{LogFile, LogOrigin, Record, RecordBuilder, Warning};

use crate::common::{knead_process, local_time, quick_routine, write_log};

/// `knead` in a private home, in this process's time zone (see `log_cli.rs`).
fn knead(home: &Path) -> Command {
    let mut cmd = knead_process(home);
    if let Some(tz) = std::env::var_os("TZ") {
        cmd.env("TZ", tz);
    }
    cmd
}

/// `knead ARGS` run by `sh` after `ulimit -f BLOCKS`: no file it writes may grow past that
/// many blocks (512 or 1024 bytes each, depending on the shell).
fn knead_limited(home: &Path, blocks: u32) -> Command {
    let plain = knead(home);
    let mut cmd = Command::new("sh");
    cmd.env_clear()
        .args(["-c", &format!("ulimit -f {blocks} && exec \"$0\" \"$@\"")])
        .arg(plain.get_program());
    for (key, value) in plain.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd
}

/// Runs `cmd` to its end, failing the test if it is still running after `limit`: a hang.
fn output_within(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!("{cmd:?} still ran after {limit:?}: it hung ({out:?})");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("knead prints UTF-8")
}

/// A completed ten-minute session over `areas`.
fn session(started: DateTime<FixedOffset>, areas: &[&str]) -> Record {
    RecordBuilder::new(started).areas(areas).build()
}

/// Every record of the log and every warning reading it gave.
fn read_log(path: &Path) -> (Vec<Record>, Vec<Warning>) {
    let (mut records, mut warnings) = (Vec::new(), Vec::new());
    LogFile::new(path, LogOrigin::Named)
        .read(|r| records.push(r), |w| warnings.push(w))
        .unwrap();
    (records, warnings)
}

#[cfg(unix)]
fn make_fifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// The record a failed run printed on stderr for the person to keep.
fn unsaved_record(stderr: &str) -> Record {
    let line = stderr
        .lines()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no record on stderr: {stderr}"));
    Record::from_json_line(line).unwrap()
}

// ---- files that are not regular files -----------------------------------------------------

#[cfg(unix)]
#[test]
fn a_fifo_as_the_log_is_refused_before_the_session() {
    let home = tempfile::tempdir().unwrap();
    let run = quick_routine(home.path(), "");
    let fifo = home.path().join("sessions.jsonl");
    make_fifo(&fifo);
    // Something listening on the FIFO: whatever knead writes to it lands in `caught`.
    let caught = home.path().join("caught");
    let mut listener: Child = Command::new("sh")
        .args(["-c", "exec cat \"$0\" > \"$1\""])
        .arg(&fifo)
        .arg(&caught)
        .spawn()
        .unwrap();
    let out = output_within(
        knead(home.path()).args(run).arg("--log-file").arg(&fifo),
        Duration::from_secs(30),
    );
    // The listener waits for a writer that never came; it is this test's own child.
    let _ = listener.kill();
    listener.wait().unwrap();

    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(text(&out.stdout), "", "no step was run");
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "knead: error: the session log {} is a named pipe (FIFO), so this session cannot be recorded",
            fifo.display()
        )),
        "{stderr}"
    );
    assert_eq!(fs::read(&caught).unwrap(), b"", "nothing reached the FIFO");
}

#[cfg(unix)]
#[test]
fn readers_refuse_a_log_that_is_not_a_regular_file_without_hanging() {
    let home = tempfile::tempdir().unwrap();
    let fifo = home.path().join("fifo.jsonl");
    make_fifo(&fifo);
    let socket = home.path().join("socket.jsonl");
    let _listening = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let folder = home.path().join("folder.jsonl");
    fs::create_dir(&folder).unwrap();
    let other = home.path().join("other.jsonl");
    write_log(&other, &[session(local_time(3, "09:00"), &["neck"])]);
    let good_log = home.path().join("good.jsonl");
    let not_regular: [(&Path, &str); 4] = [
        (&fifo, "a named pipe (FIFO)"),
        (&socket, "a socket"),
        (Path::new("/dev/zero"), "a device"),
        (&folder, "a folder"),
    ];
    for (path, kind) in not_regular {
        let commands: [&[&std::ffi::OsStr]; 4] = [
            &["log".as_ref()],
            &["stats".as_ref()],
            &["due".as_ref()],
            &["import".as_ref(), other.as_os_str()],
        ];
        for args in commands {
            let out = output_within(
                knead(home.path()).args(args).arg("--log-file").arg(path),
                Duration::from_secs(15),
            );
            assert_eq!(out.status.code(), Some(1), "{args:?} on {kind}: {out:?}");
            assert_eq!(text(&out.stdout), "", "{args:?} on {kind}");
            let stderr = text(&out.stderr);
            let expected = format!(
                "the session log {}: it is {kind}, not a regular file",
                path.display()
            );
            assert!(stderr.contains(&expected), "{args:?}: {stderr}");
        }
        // And as the file to import.
        let out = output_within(
            knead(home.path())
                .arg("import")
                .arg(path)
                .arg("--log-file")
                .arg(&good_log),
            Duration::from_secs(15),
        );
        assert_eq!(out.status.code(), Some(1), "import of {kind}: {out:?}");
        let stderr = text(&out.stderr);
        let expected = format!(
            "knead: error: cannot read {} to import: it is {kind}, not a regular file\n",
            path.display()
        );
        assert_eq!(stderr, expected);
        assert!(!good_log.exists());
    }
}

// ---- a file-size limit --------------------------------------------------------------------

/// A log of whole records, at least `bytes` long.
fn log_of_at_least(path: &Path, bytes: usize) -> Vec<Record> {
    let mut records = Vec::new();
    let mut size = 0;
    let mut days = 30;
    while size < bytes {
        let record = session(local_time(days, "08:00"), &["neck"]);
        size += record.to_json_line().len() + 1;
        records.push(record);
        days -= 1;
    }
    write_log(path, &records);
    records
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_fails_the_write_with_a_message_and_the_record() {
    let home = tempfile::tempdir().unwrap();
    let run = quick_routine(home.path(), "");
    let log = home.path().join("sessions.jsonl");
    // Past the limit whatever the shell's block size.
    log_of_at_least(&log, 1100);
    let before = fs::read(&log).unwrap();
    let out = output_within(
        knead_limited(home.path(), 1)
            .args(run)
            .arg("--log-file")
            .arg(&log),
        Duration::from_secs(30),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "exits 1, not killed by SIGXFSZ: {out:?}"
    );
    assert!(
        text(&out.stdout).contains("Done: Quick press · 1 done, 0 skipped"),
        "{out:?}"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "knead: error: cannot write to the session log {}: File too large",
            log.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("The session was not saved"), "{stderr}");
    assert_eq!(unsaved_record(&stderr).routine, "quick");
    assert_eq!(fs::read(&log).unwrap(), before, "the log is left as it was");
}

// ---- lines out of order, and repeats ------------------------------------------------------

#[test]
fn due_after_importing_older_sessions_still_sees_today() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("data").join("knead").join("sessions.jsonl");
    let today = session(local_time(0, "00:00"), &["neck"]);
    write_log(&log, std::slice::from_ref(&today));
    #[cfg(unix)]
    {
        // The mode knead gives a log it creates.
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&log, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let laptop = home.path().join("laptop.jsonl");
    let older: Vec<Record> = (20..26)
        .map(|days| session(local_time(days, "18:00"), &["feet", "jaw"]))
        .collect();
    write_log(&laptop, &older);

    let import = knead(home.path()).arg("import").arg(&laptop).output().unwrap();
    assert!(import.status.success(), "{import:?}");
    let due = knead(home.path()).arg("due").output().unwrap();
    assert_eq!(
        (due.status.code(), text(&due.stdout)),
        (Some(0), String::new()),
        "a session was completed today: {due:?}"
    );

    let (records, warnings) = read_log(&log);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(records.len(), 7);
    assert!(
        records.windows(2).all(|w| w[0].started <= w[1].started),
        "the log is in time order after the import"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&log).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the rewritten log stays private");
    }
    let folder: Vec<_> = fs::read_dir(log.parent().unwrap()).unwrap().collect();
    assert_eq!(folder.len(), 1, "no temporary file is left: {folder:?}");
}

/// `knead stats --format json` of `log`, which must succeed: its figures and its warnings.
fn stats_json(home: &Path, log: &Path) -> (serde_json::Value, String) {
    let stats = knead(home)
        .args(["stats", "--format", "json", "--log-file"])
        .arg(log)
        .output()
        .unwrap();
    assert!(stats.status.success(), "{stats:?}");
    (
        serde_json::from_slice(&stats.stdout).unwrap(),
        text(&stats.stderr),
    )
}

/// That `stderr` is one warning alone: line `line` of `log` skipped as a repeat of session `id`.
fn assert_one_repeat(stderr: &str, log: &Path, line: u64, id: &str) {
    assert!(
        stderr.starts_with(&format!(
            "knead: warning: {}:{line}: skipped a line: a repeat of session {id}",
            log.display()
        )),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_repeated_session_is_counted_and_listed_once() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("sessions.jsonl");
    let a = session(local_time(2, "09:00"), &["neck"]);
    let b = session(local_time(1, "09:00"), &["jaw"]);
    // As `cat laptop.jsonl >> sessions.jsonl` leaves it.
    write_log(&log, &[a.clone(), b.clone(), a.clone()]);

    let (json, stderr) = stats_json(home.path(), &log);
    assert_eq!(json["sessions"], 2, "{json}");
    assert_eq!(json["minutes"], 20, "{json}");
    assert!(
        stderr.starts_with(&format!("knead: warning: {}:3: skipped a line: ", log.display())),
        "{stderr}"
    );
    assert!(stderr.contains(&a.id), "{stderr}");

    let listed = knead(home.path())
        .args(["log", "--format", "jsonl", "--log-file"])
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(text(&listed.stdout).lines().count(), 2, "{listed:?}");
}

#[test]
fn a_line_that_is_not_utf8_is_skipped_alike_by_every_reader() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("sessions.jsonl");
    let lines: Vec<String> = (1..=4)
        .map(|days| session(local_time(days, "09:00"), &["neck"]).to_json_line())
        .collect();
    let mut bytes = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut line = line.clone().into_bytes();
        match i {
            // A Latin-1 "é" in the name, in a line otherwise as knead writes it.
            1 => {
                let at = line.windows(8).position(|w| w == b"\"name\":\"").unwrap() + 8;
                line.insert(at, 0xe9);
            }
            // A stray byte between two fields, and a line cut inside a character.
            2 => line.insert(line.iter().position(|&b| b == b',').unwrap(), 0xff),
            3 => line.extend_from_slice(&[b' ', 0xe2, 0x9c]),
            _ => {}
        }
        bytes.extend_from_slice(&line);
        bytes.push(b'\n');
    }
    fs::write(&log, bytes).unwrap();

    for args in [&["stats", "--format", "json"][..], &["log", "--format", "jsonl"]] {
        let out = knead(home.path())
            .args(args)
            .arg("--log-file")
            .arg(&log)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        let expected: String = (2..=4)
            .map(|n| {
                format!(
                    "knead: warning: {}:{n}: skipped a line: not valid UTF-8\n",
                    log.display()
                )
            })
            .collect();
        assert_eq!(text(&out.stderr), expected, "{args:?}");
        let stdout = text(&out.stdout);
        match args[0] {
            "stats" => {
                let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                assert_eq!(json["sessions"], 1, "{json}");
            }
            _ => assert_eq!(stdout.lines().count(), 1, "{stdout}"),
        }
    }
}

/// A session of the neck at 09:00 `days_ago`, with an id another tool made.
fn with_id(id: &str, days_ago: u64) -> Record {
    let mut record = session(local_time(days_ago, "09:00"), &["neck"]);
    record.id = id.to_string();
    record
}

#[test]
fn ids_another_tool_made_are_one_session_with_their_start() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("sessions.jsonl");
    // Two tools that each number their sessions from 1, and one of them repeated.
    let (first, other) = (with_id("1", 3), with_id("1", 2));
    write_log(&log, &[first.clone(), with_id("2", 3), other, first]);

    let (json, stderr) = stats_json(home.path(), &log);
    assert_eq!(json["sessions"], 3, "{json}");
    assert_one_repeat(&stderr, &log, 4, "1");
}

#[test]
fn a_repeat_in_one_second_of_a_log_in_time_order_counts_once() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("sessions.jsonl");
    // Three sessions another tool wrote in one second (kept in the order of their ids'
    // hashes, not of their lines), then the first and the last again, and a later one.
    let (a, b, c) = (with_id("a", 2), with_id("b", 2), with_id("c", 2));
    let later = session(local_time(1, "09:00"), &["jaw"]);
    write_log(&log, &[a.clone(), b, c.clone(), c, a, later]);

    let (json, stderr) = stats_json(home.path(), &log);
    assert_eq!(json["sessions"], 4, "{json}");
    let skipped: Vec<&str> = stderr.lines().collect();
    assert_eq!(skipped.len(), 2, "{stderr}");
    for (line, id) in skipped.iter().zip(["c", "a"]) {
        assert!(line.contains(&format!("a repeat of session {id},")), "{line}");
    }
    assert!(
        skipped[0].contains(":4: ") && skipped[1].contains(":5: "),
        "{stderr}"
    );
}

#[test]
fn a_session_repeated_far_back_in_a_log_out_of_order_counts_once() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("sessions.jsonl");
    let sessions: Vec<Record> = (0..40)
        .rev()
        .map(|days| session(local_time(days + 2, "09:00"), &["neck"]))
        .collect();
    // After the last: an older session than all, new; then the first again.
    let older = session(local_time(60, "09:00"), &["jaw"]);
    let mut lines = sessions.clone();
    lines.extend([older, sessions[0].clone()]);
    write_log(&log, &lines);

    let (json, stderr) = stats_json(home.path(), &log);
    assert_eq!(json["sessions"], 41, "{json}");
    assert_one_repeat(&stderr, &log, 42, &sessions[0].id);
}

#[test]
fn a_long_log_joined_by_hand_gives_the_figures_of_its_sessions_once() {
    let home = tempfile::tempdir().unwrap();
    let clean = home.path().join("clean.jsonl");
    let joined = home.path().join("joined.jsonl");
    // Long enough to be read in two halves (over 4 MiB).
    let sessions: Vec<Record> = knead::log::synthetic_records(20_000, 8).collect();
    write_log(&clean, &sessions);
    // The later half first, then the earlier, then the first sessions of the later again:
    // each half in time order, the first ending after the second begins, and repeats of
    // the first half in the second.
    let joined_lines = [
        &sessions[10_000..],
        &sessions[..10_000],
        &sessions[10_000..10_100],
    ]
    .concat();
    write_log(&joined, &joined_lines);

    let (expected, clean_stderr) = stats_json(home.path(), &clean);
    assert!(clean_stderr.is_empty(), "{clean_stderr}");
    assert!(expected["sessions"].as_u64() > Some(10_000), "{expected}");
    let (json, stderr) = stats_json(home.path(), &joined);
    assert_eq!(json, expected);
    assert_eq!(stderr.lines().count(), 100, "{stderr}");
    assert!(
        stderr.starts_with(&format!("knead: warning: {}:20001: ", joined.display())),
        "{stderr}"
    );
}

// ---- fault injection ----------------------------------------------------------------------

/// The seed of every random choice below: a failure replays exactly.
const SEED: u64 = 0x006b_6e65_6164;

/// Session number `n` of the appending child: one a minute from a fixed morning.
fn numbered(n: u64) -> Record {
    let base = DateTime::parse_from_rfc3339("2026-03-02T08:00:00+01:00").unwrap();
    let mut record = session(base + chrono::Duration::minutes(n as i64), &["neck"]);
    record.id = format!("appended-{n:06}");
    record
}

/// Not a test on its own: the writer that the fault-injection test starts and kills. It
/// appends numbered sessions from `KNEAD_FAULT_FROM` on, and prints each number once the
/// append has returned, that is, once the record is committed.
#[test]
fn child_fault_writer() {
    let (Some(path), Some(from)) = (
        std::env::var_os("KNEAD_FAULT_LOG"),
        std::env::var("KNEAD_FAULT_FROM").ok(),
    ) else {
        return;
    };
    use std::io::Write;
    let log = LogFile::new(path, LogOrigin::Named);
    let mut out = std::io::stdout().lock();
    for n in from.parse::<u64>().unwrap().. {
        log.append(&numbered(n)).unwrap();
        writeln!(out, "committed {n}").unwrap();
        out.flush().unwrap();
    }
}

fn spawn_writer(log: &Path, from: u64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "log_faults::child_fault_writer", "--nocapture"])
        .args(["--test-threads=1"])
        .env("KNEAD_FAULT_LOG", log)
        .env("KNEAD_FAULT_FROM", from.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The numbers a killed writer had committed.
fn committed(writer: Child) -> Vec<u64> {
    let reader = BufReader::new(writer.stdout.unwrap());
    reader
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| line.strip_prefix("committed ")?.parse().ok())
        .collect()
}

/// A batch for `knead import`: sessions from before every appended one, so that each import
/// rewrites the whole log to keep it in time order.
fn import_batch(dir: &Path, round: u64, size: u64) -> (PathBuf, Vec<String>) {
    let base = DateTime::parse_from_rfc3339("2026-01-05T07:00:00+01:00").unwrap();
    let records: Vec<Record> = (0..size)
        .map(|i| {
            let started = base + chrono::Duration::hours((round * size + i) as i64);
            let mut record = session(started, &["jaw"]);
            record.id = format!("imported-{round:03}-{i:03}");
            record
        })
        .collect();
    let path = dir.join(format!("batch-{round}.jsonl"));
    write_log(&path, &records);
    (path, records.into_iter().map(|r| r.id).collect())
}

#[test]
fn a_writer_killed_at_random_moments_loses_no_committed_record() {
    let home = tempfile::tempdir().unwrap();
    let batches = tempfile::tempdir().unwrap();
    let folder = home.path().join("logs");
    fs::create_dir(&folder).unwrap();
    let log = folder.join("sessions.jsonl");
    let mut rng = fastrand::Rng::with_seed(SEED);
    // Every id that must be in the log, and the imports that were cut short: all or nothing.
    let mut must_have: Vec<String> = Vec::new();
    let mut all_or_nothing: Vec<Vec<String>> = Vec::new();
    let mut next = 0;
    for round in 0..10 {
        let writer = spawn_writer(&log, next);
        // Imports run beside the writer, so appends meet rewrites under the lock.
        let (batch, ids) = import_batch(batches.path(), round, 5);
        let mut import = knead(home.path())
            .arg("import")
            .arg(&batch)
            .arg("--log-file")
            .arg(&log)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let kill_import = rng.bool();
        std::thread::sleep(Duration::from_millis(20 + rng.u64(..200)));
        if kill_import {
            let _ = import.kill();
        }
        let status = import.wait().unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(..100)));
        let mut writer = writer;
        writer.kill().unwrap();
        writer.wait().unwrap();
        if status.success() {
            must_have.extend(ids);
        } else {
            all_or_nothing.push(ids);
        }
        let numbers = committed(writer);
        must_have.extend(numbers.iter().map(|&n| numbered(n).id));

        let (records, warnings) = read_log(&log);
        // A record can be committed and the writer killed before it said so: the next one
        // goes on after the last in the log.
        next = records
            .iter()
            .filter_map(|r| r.id.strip_prefix("appended-")?.parse::<u64>().ok())
            .max()
            .map_or(next, |n| n + 1);
        // A killed writer may leave a torn last line, and only that.
        let last_line = fs::read_to_string(&log).unwrap().lines().count() as u64;
        for warning in &warnings {
            assert_eq!(
                warning.line,
                knead::log::LinePosition::Number(last_line),
                "round {round}: {warning}"
            );
        }
        let ids: std::collections::HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), records.len(), "round {round}: no record twice");
        for id in &must_have {
            assert!(ids.contains(id.as_str()), "round {round}: {id} was lost");
        }
        for batch in &all_or_nothing {
            let present = batch.iter().filter(|id| ids.contains(id.as_str())).count();
            assert!(
                present == 0 || present == batch.len(),
                "round {round}: an import cut short left {present} of {} sessions",
                batch.len()
            );
        }
    }
    assert!(next > 10, "the writer got to append: {next}");

    // One import run to its end clears what killed ones left behind.
    let (batch, ids) = import_batch(batches.path(), 99, 3);
    let out = knead(home.path())
        .arg("import")
        .arg(&batch)
        .arg("--log-file")
        .arg(&log)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    must_have.extend(ids);
    let (records, _) = read_log(&log);
    let ids: std::collections::HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert!(must_have.iter().all(|id| ids.contains(id.as_str())));
    let names: Vec<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["sessions.jsonl"], "no temporary file is left behind");
}

enum SessionFails {
    AtTheEnd,
    BeforeItStarts,
}

/// The same log before and after a command that could not write, and what the command said.
/// `fails` says how the session fails: at its end, with the record printed (a write that
/// fails only when it is tried), or before it starts (a log that cannot be opened to append).
fn refused_writes(
    home: &Path,
    log: &Path,
    mut knead: impl FnMut() -> Command,
    expected: &str,
    fails: SessionFails,
) {
    let before = fs::read(log).unwrap();
    let run = quick_routine(home, "");
    let out = output_within(
        knead().args(run).arg("--log-file").arg(log),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = text(&out.stderr);
    assert!(stderr.contains(expected), "{stderr}");
    match fails {
        SessionFails::AtTheEnd => assert_eq!(unsaved_record(&stderr).routine, "quick"),
        SessionFails::BeforeItStarts => {
            assert!(stderr.contains("so this session cannot be recorded"), "{stderr}");
            assert_eq!(text(&out.stdout), "", "no step was run");
        }
    }

    let dir = tempfile::tempdir().unwrap();
    // One newer session (an append) and one older (a rewrite): both refused whole.
    for (name, days) in [("newer.jsonl", 0), ("older.jsonl", 400)] {
        let batch = dir.path().join(name);
        write_log(&batch, &[session(local_time(days, "00:00"), &["feet"])]);
        let out = output_within(
            knead().arg("import").arg(&batch).arg("--log-file").arg(log),
            Duration::from_secs(30),
        );
        assert_eq!(out.status.code(), Some(1), "{name}: {out:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("nothing was imported"), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
    }
    assert_eq!(fs::read(log).unwrap(), before, "the log is left as it was");
    let (records, warnings) = read_log(log);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(!records.is_empty());
    let names: Vec<_> = fs::read_dir(log.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
}

#[cfg(unix)]
#[test]
fn a_full_file_system_leaves_every_record_readable() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("logs").join("sessions.jsonl");
    log_of_at_least(&log, 1100);
    refused_writes(
        home.path(),
        &log,
        || knead_limited(home.path(), 1),
        "File too large",
        SessionFails::AtTheEnd,
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_log_leaves_every_record_readable() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("logs");
    let log = folder.join("sessions.jsonl");
    log_of_at_least(&log, 300);
    fs::set_permissions(&log, fs::Permissions::from_mode(0o400)).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o500)).unwrap();
    let bound = fs::OpenOptions::new().append(true).open(&log).is_err();
    if bound {
        refused_writes(
            home.path(),
            &log,
            || knead(home.path()),
            "Permission denied",
            SessionFails::BeforeItStarts,
        );
    } else {
        // Root: no permission bit binds it, but a file-size limit of nothing does.
        refused_writes(
            home.path(),
            &log,
            || knead_limited(home.path(), 0),
            "File too large",
            SessionFails::AtTheEnd,
        );
    }
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o700)).unwrap();
}
