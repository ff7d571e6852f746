//! The part of Rust's own start-up that knead relies on, for the binary that starts from C's
//! `main` instead (src/main.rs says why). Rust's start-up also finds the main thread's stack
//! guard (reading /proc/self/maps) and sets up an alternate signal stack to report a stack
//! overflow by name; that is most of what it costs, and knead does without it: an overflow
//! ends the process with SIGSEGV instead of a message. A panic's message names the thread
//! `<unnamed>` rather than `main`.

use std::fs::{File, OpenOptions};
use std::os::fd::AsRawFd;
use std::panic::{self, UnwindSafe};
use std::process::ExitCode;

/// The exit status of a panic that reached `main`, as Rust's own start gives it.
const PANICKED: i32 = 101;

/// Runs `main` as Rust's start-up would, and exits with its code; never returns, so C's
/// `main` has nothing to do after it.
pub fn run_as_main(main: impl FnOnce() -> ExitCode + UnwindSafe) -> ! {
    open_closed_standard_streams();
    deliver_broken_pipes_as_errors();
    // A panic must not unwind into C's `main`. The panic hook has already printed it (and
    // restored the terminal, when the full-screen view had it).
    let status = panic::catch_unwind(main).map_or(PANICKED, exit_status);
    // `exit`, not a return from C's `main`: it flushes what is left in stdout's buffer.
    std::process::exit(status)
}

/// Opens /dev/null on each of file descriptors 0, 1 and 2 that is closed (`knead due >&-`):
/// otherwise the next file knead opens takes the lowest free number, and a log opened as
/// fd 1 would receive what is printed. Each open takes the lowest closed one, so opening until
/// a number above 2 comes back fills them all, and that last one is closed again.
fn open_closed_standard_streams() {
    let mut read_write = OpenOptions::new();
    read_write.read(true).write(true);
    while let Ok(null) = read_write.open("/dev/null") {
        if null.as_raw_fd() > 2 {
            break;
        }
        keep_as_standard_stream(null);
    }
}

/// Keeps `null` open for good, and open across `exec` too, as a standard stream is: a program
/// knead starts (the editor) inherits it. std opens every file close-on-exec.
fn keep_as_standard_stream(null: File) {
    let _ = rustix::io::fcntl_setfd(&null, rustix::io::FdFlags::empty());
    std::mem::forget(null);
}

/// A write into a closed pipe (`knead list | head -1`) fails with EPIPE, which knead handles,
/// instead of SIGPIPE killing it: what Rust's start-up does by ignoring SIGPIPE. A handler does
/// the same for the writes, and unlike an ignored signal is not inherited by a program knead
/// starts. Should it fail to be set, SIGPIPE ends knead quietly, as it ends most programs.
fn deliver_broken_pipes_as_errors() {
    let noticed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGPIPE, noticed);
}

/// The number `code` stands for: knead's codes are all made from a `u8` (or are SUCCESS and
/// FAILURE, 0 and 1), and std offers no way back but comparing.
fn exit_status(code: ExitCode) -> i32 {
    (0..=u8::MAX)
        .find(|&n| ExitCode::from(n) == code)
        .map_or(1, i32::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exit_code_comes_back_as_its_number() {
        assert_eq!(exit_status(ExitCode::SUCCESS), 0);
        assert_eq!(exit_status(ExitCode::FAILURE), 1);
        for n in [2, 3, 101, 255] {
            assert_eq!(exit_status(ExitCode::from(n)), i32::from(n));
        }
    }
}
