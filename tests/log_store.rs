//! The session log on a real file system: concurrent appends, permissions, failures.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use knead::log::{LogError, LogFile, LogOrigin, Record, synthetic_records};

fn read_all(log: &LogFile) -> Vec<Record> {
    let mut records = Vec::new();
    log.read(|r| records.push(r), |w| panic!("unexpected warning: {w}"))
        .unwrap();
    records
}

#[test]
fn appends_from_two_writers_at_once_never_interleave() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sessions.jsonl");
    let writers: Vec<_> = (0..2u64)
        .map(|seed| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each writer resolves and opens the file itself, as two processes would.
                let log = LogFile::new(&path, LogOrigin::Named);
                for mut record in synthetic_records(200, seed) {
                    record.id = format!("{}-{seed}", record.id);
                    log.append(&record).unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 400);
    assert!(text.ends_with('\n'));
    let records = read_all(&LogFile::new(&path, LogOrigin::Named));
    let ids: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 400);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_new_log_is_private_and_so_is_a_new_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("share/knead");
    let log = LogFile::new(data.join("sessions.jsonl"), LogOrigin::Default);
    let record = synthetic_records(1, 0).next().unwrap();
    log.append(&record).unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&dir.path().join("share")), 0o700);
    assert_eq!(mode(log.path()), 0o600);
    assert_eq!(read_all(&log), [record]);
}

#[cfg(unix)]
#[test]
fn an_existing_log_keeps_its_mode_and_its_lines() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sessions.jsonl");
    let mut records: Vec<Record> = synthetic_records(3, 9).collect();
    let first = records.remove(0);
    fs::write(&path, format!("{}\n", first.to_json_line())).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let log = LogFile::new(&path, LogOrigin::Named);
    log.append_many(&records).unwrap();
    assert_eq!(mode(&path), 0o640);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(&first.to_json_line()));
    assert_eq!(read_all(&log).len(), 3);
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_gives_an_error_that_carries_the_record() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o500)).unwrap();
    // Permission bits do not bind root; there the failure cannot be provoked this way.
    if fs::write(locked.join("probe"), "").is_ok() {
        eprintln!("skipped: running with permissions that ignore a read-only folder");
        return;
    }
    let log = LogFile::new(locked.join("sessions.jsonl"), LogOrigin::Named);
    let record = synthetic_records(1, 4).next().unwrap();
    let error = log.append(&record).unwrap_err();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o700)).unwrap();

    assert!(matches!(error, LogError::Append { .. }), "{error:?}");
    assert_eq!(error.unsaved_line(), Some(record.to_json_line().as_str()));
    let message = error.to_string();
    assert!(message.contains("sessions.jsonl"), "{message}");
    assert!(message.contains("not saved"), "{message}");
    assert!(message.ends_with(&record.to_json_line()), "{message}");
}

#[test]
fn a_torn_last_line_and_garbage_in_the_middle_are_skipped_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sessions.jsonl");
    let records: Vec<Record> = synthetic_records(4, 2).collect();
    let lines: Vec<String> = records.iter().map(Record::to_json_line).collect();
    let torn = &lines[3][..40];
    let text = format!("{}\n{}\n#!garbage\u{0}\n{}\n{torn}", lines[0], lines[1], lines[2]);
    fs::write(&path, text).unwrap();
    let log = LogFile::new(&path, LogOrigin::Named);
    let (mut read, mut warnings) = (Vec::new(), Vec::new());
    let summary = log
        .read(|r| read.push(r), |w| warnings.push(w.to_string()))
        .unwrap();
    assert_eq!(read, records[..3]);
    assert_eq!((summary.records, summary.skipped), (3, 2));
    assert_eq!(warnings.len(), 2);
    let shown = path.display().to_string();
    assert!(
        warnings[0].starts_with(&format!("{shown}:3: ")),
        "{}",
        warnings[0]
    );
    assert!(!warnings[0].contains('\u{0}'), "{}", warnings[0]);
    assert!(
        warnings[1].starts_with(&format!("{shown}:5: ")),
        "{}",
        warnings[1]
    );
    assert!(warnings[1].contains("incomplete"), "{}", warnings[1]);

    // The next append starts on a fresh line and leaves the torn bytes where they are.
    log.append(&records[3]).unwrap();
    let after = fs::read_to_string(&path).unwrap();
    assert!(after.contains(&format!("\n{torn}\n{}\n", lines[3])));
}

#[test]
fn a_folder_that_is_a_file_gives_an_error_that_carries_the_record() {
    // Unlike permission bits, this fails for root too.
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("file");
    fs::write(&not_a_folder, "").unwrap();
    let log = LogFile::new(not_a_folder.join("sessions.jsonl"), LogOrigin::Default);
    let record = synthetic_records(1, 5).next().unwrap();
    let error = log.append(&record).unwrap_err();
    assert_eq!(error.unsaved_line(), Some(record.to_json_line().as_str()));
    assert!(error.to_string().contains("not saved"), "{error}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_as_the_log_is_refused_with_the_records() {
    // /dev/full would take the open and the lock and then fail the write: knead refuses any
    // log that is not a regular file before writing (a FIFO would take the records).
    let full = Path::new("/dev/full");
    if !full.exists() {
        return;
    }
    let log = LogFile::new(full, LogOrigin::Named);
    let records: Vec<Record> = synthetic_records(2, 6).collect();
    let error = log.append_many(&records).unwrap_err();
    let expected = format!("{}\n{}", records[0].to_json_line(), records[1].to_json_line());
    assert_eq!(error.unsaved_line(), Some(expected.as_str()));
    let message = error.to_string();
    assert!(
        message
            .starts_with("cannot write to the session log /dev/full: it is a device, not a regular file\n"),
        "{message}"
    );
}

#[test]
fn appends_during_imports_that_rewrite_the_log_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sessions.jsonl");
    let newer: Vec<Record> = synthetic_records(300, 11).skip(100).collect();
    let writer = {
        let path = path.clone();
        let newer = newer.clone();
        std::thread::spawn(move || {
            let log = LogFile::new(&path, LogOrigin::Named);
            for record in &newer {
                log.append(record).unwrap();
            }
        })
    };
    // Each import brings sessions older than every appended one, so each rewrites the log and
    // renames the new file over the old one while the writer waits for the lock.
    let older: Vec<Record> = synthetic_records(300, 11).take(100).collect();
    let log = LogFile::new(&path, LogOrigin::Named);
    for (i, batch) in older.chunks(4).enumerate() {
        let file = dir.path().join(format!("batch-{i}.jsonl"));
        let lines: String = batch.iter().map(|r| r.to_json_line() + "\n").collect();
        fs::write(&file, lines).unwrap();
        let summary = knead::log::import_file(&log, &file, &chrono::Local::now().fixed_offset(), |w| {
            panic!("{w}")
        })
        .unwrap();
        assert_eq!(summary.added, batch.len() as u64);
    }
    writer.join().unwrap();
    let records = read_all(&log);
    let ids: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(records.len(), 300);
    assert!(
        newer.iter().all(|r| ids.contains(r.id.as_str())),
        "no append lost"
    );
    assert!(older.iter().all(|r| ids.contains(r.id.as_str())));
}

/// Not a test on its own: the body of each child process of the test below.
#[test]
fn child_appender() {
    let (Some(path), Some(seed)) = (
        std::env::var_os("KNEAD_TEST_CHILD_LOG"),
        std::env::var("KNEAD_TEST_CHILD_SEED").ok(),
    ) else {
        return;
    };
    let seed: u64 = seed.parse().unwrap();
    let log = LogFile::new(path, LogOrigin::Named);
    for mut record in synthetic_records(200, seed) {
        record.id = format!("{}-p{seed}", record.id);
        log.append(&record).unwrap();
    }
}

#[test]
fn appends_from_two_processes_at_once_never_interleave() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sessions.jsonl");
    let children: Vec<_> = (0..2)
        .map(|seed| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "log_store::child_appender", "--test-threads=1"])
                .env("KNEAD_TEST_CHILD_LOG", &path)
                .env("KNEAD_TEST_CHILD_SEED", seed.to_string())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let records = read_all(&LogFile::new(&path, LogOrigin::Named));
    let ids: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!((records.len(), ids.len()), (400, 400));
}
