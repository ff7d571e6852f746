//! Routine and config files that are not what they seem: a named pipe, a device or a socket
//! where a file should be, a file far too large. Each is refused with a message saying what it
//! is, at once: nothing waits for a writer and nothing reads a hundred megabytes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use predicates::prelude::*;

use crate::common::{config_routines, knead, routine_text, write_file};

/// Long enough for a slow machine, short enough that a hang fails the test instead of
/// stalling the run.
const PATIENCE: Duration = Duration::from_secs(30);

const MIB: usize = 1 << 20;

#[cfg(unix)]
fn fifo(dir: &Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
    path
}

/// A valid routine padded with a comment to exactly `size` bytes.
fn routine_of_size(id: &str, size: usize) -> String {
    let mut text = routine_text(id, "Padded");
    text.push('#');
    let padding = size - text.len() - 1;
    text.push_str(&"x".repeat(padding));
    text.push('\n');
    assert_eq!(text.len(), size);
    text
}

#[cfg(unix)]
#[test]
fn check_refuses_a_named_pipe_without_waiting_for_a_writer() {
    let home = tempfile::tempdir().unwrap();
    let pipe = fifo(home.path(), "fifo.toml");
    knead(home.path())
        .arg("check")
        .arg(&pipe)
        .timeout(PATIENCE)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{}: error: not a regular file but a named pipe (FIFO); a routine file must be a regular file\n",
            pipe.display()
        )));
}

#[cfg(unix)]
#[test]
fn check_refuses_a_device_and_a_socket() {
    let home = tempfile::tempdir().unwrap();
    let socket_path = home.path().join("socket.toml");
    let _listener = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
    knead(home.path())
        .arg("check")
        .arg("/dev/null")
        .arg(&socket_path)
        .timeout(PATIENCE)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "/dev/null: error: not a regular file but a device; a routine file must be a regular file\n",
        ))
        .stderr(predicate::str::contains(format!(
            "{}: error: not a regular file but a socket; a routine file must be a regular file\n",
            socket_path.display()
        )));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_among_the_routines_is_reported_and_the_rest_load() {
    let home = tempfile::tempdir().unwrap();
    let dir = config_routines(home.path());
    write_file(&dir, "mine.toml", &routine_text("mine", "Mine"));
    let pipe = fifo(&dir, "pipe.toml");
    knead(home.path())
        .arg("list")
        .timeout(PATIENCE)
        .assert()
        .success()
        .stdout(predicate::str::contains("\nmine "))
        .stderr(predicate::str::contains(format!(
            "{}: error: not a regular file but a named pipe (FIFO)",
            pipe.display()
        )))
        .stderr(predicate::str::ends_with(format!(
            "knead: skipped {}\n",
            pipe.display()
        )));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_or_a_device_as_the_config_file_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let pipe = fifo(home.path(), "config.toml");
    for (config, what) in [
        (pipe.as_path(), "a named pipe (FIFO)"),
        (Path::new("/dev/zero"), "a device"),
    ] {
        knead(home.path())
            .arg("--config")
            .arg(config)
            .arg("config")
            .timeout(PATIENCE)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::starts_with(format!(
                "{}: error: not a regular file but {what}; the config file must be a regular file\n",
                config.display()
            )));
    }
}

#[test]
fn a_routine_file_over_1_mib_is_refused_with_its_size() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let big = write_file(dir, "big.toml", &routine_of_size("big", 3 * MIB));
    let just_over = write_file(dir, "just-over.toml", &routine_of_size("just-over", MIB + 1));
    knead(dir)
        .arg("check")
        .arg(&big)
        .arg(&just_over)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: error: the file is 3.0 MiB; a routine file may be at most 1 MiB\n",
            big.display()
        )))
        // Rounded up, so a file over the limit never reads as at it.
        .stderr(predicate::str::contains(format!(
            "{}: error: the file is 1.1 MiB; a routine file may be at most 1 MiB\n",
            just_over.display()
        )));
}

#[test]
fn a_routine_file_of_exactly_1_mib_is_read() {
    let home = tempfile::tempdir().unwrap();
    let file = write_file(home.path(), "full.toml", &routine_of_size("full", MIB));
    knead(home.path())
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stdout("ok: 1 routine valid\n");
}

#[test]
fn a_config_file_over_1_mib_is_refused_with_its_size() {
    let home = tempfile::tempdir().unwrap();
    let mut text = String::from("bell = false\n#");
    text.push_str(&"x".repeat(5 * MIB));
    let config = write_file(home.path(), "config.toml", &text);
    knead(home.path())
        .arg("--config")
        .arg(&config)
        .arg("config")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "{}: error: the file is 5.1 MiB; the config file may be at most 1 MiB\n",
            config.display()
        )));
}
