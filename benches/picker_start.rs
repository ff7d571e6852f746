//! How soon the full-screen view shows something, as a person at a terminal sees it: knead
//! runs in a pseudo-terminal (`script` from util-linux, 80×24) and the clock stops when its
//! output holds the text of the frame waited for.
//!
//! Targets:
//! - the picker's first frame within 50 ms of start with a 10,000-session log (reading the
//!   log never delays it; the empty log and the 1,000,000-session log are there to compare);
//! - on a 1,000,000-session log, the history screen opened at the picker's first frame (the
//!   worst moment: the log has just begun to be read) shows its note at once and its figures
//!   within 1 s.
//!
//! ```sh
//! cargo bench --bench picker_start          # the figures (cargo builds knead optimised)
//! ```
//!
//! Times include starting `script` and the shell it runs (a few milliseconds); the minimum
//! and the median of the runs are printed, the minimum being the steadier figure on a shared
//! machine. Without `--bench` (as `cargo test --benches` runs it) small logs and one run each
//! show that it works.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use knead::log::synthetic_records;

const FIRST_FRAME: &str = "choose a routine";
const HISTORY_NOTE_OR_FIGURES: [&str; 2] = ["Reading your log", "tension change"];
const HISTORY_FIGURES: &str = "tension change";
const GIVE_UP: Duration = Duration::from_secs(60);

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("picker_start: `script` (util-linux) is needed to run knead in a pseudo-terminal");
        std::process::exit(1);
    }
    let knead = PathBuf::from(env!("CARGO_BIN_EXE_knead"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (small, large) = if full {
        (10_000, 1_000_000)
    } else {
        (1_000, 10_000)
    };
    let runs = |n: usize| if full { n } else { 1 };

    let empty = dir.path().join("none.jsonl");
    let small_log = dir.path().join("small.jsonl");
    let large_log = dir.path().join("large.jsonl");
    write_log(&small_log, small);
    write_log(&large_log, large);

    println!("picker_start: time from start to what the screen shows (min and median of the runs)");
    println!(
        "{:<58} {:>5} {:>9} {:>9}  target",
        "what", "runs", "min ms", "median ms"
    );
    let first_frame = |log: &Path, runs: usize| {
        (0..runs)
            .map(|_| {
                let mut knead_run = Run::start(&knead, log);
                let at = knead_run.wait_for(&[FIRST_FRAME]);
                knead_run.quit();
                at
            })
            .collect::<Vec<_>>()
    };
    let target_50 = Some(Duration::from_millis(50));
    report(
        "picker's first frame, empty log",
        &first_frame(&empty, runs(20)),
        None,
    );
    report(
        &format!("picker's first frame, {} sessions", thousands(small)),
        &first_frame(&small_log, runs(20)),
        target_50,
    );
    report(
        &format!("picker's first frame, {} sessions", thousands(large)),
        &first_frame(&large_log, runs(5)),
        None,
    );

    let (mut note, mut figures) = (Vec::new(), Vec::new());
    for _ in 0..runs(5) {
        let mut knead_run = Run::start(&knead, &large_log);
        knead_run.wait_for(&[FIRST_FRAME]);
        let opened = knead_run.press("s");
        let (shown, what) = knead_run.wait_for_any(&HISTORY_NOTE_OR_FIGURES);
        note.push(shown - opened);
        // Already read: the figures came with the screen.
        let read = if what == HISTORY_FIGURES {
            shown
        } else {
            knead_run.wait_for(&[HISTORY_FIGURES])
        };
        figures.push(read - opened);
        knead_run.quit();
    }
    report(
        &format!("history screen shown, {} sessions", thousands(large)),
        &note,
        None,
    );
    report(
        &format!("history figures after the key, {} sessions", thousands(large)),
        &figures,
        Some(Duration::from_secs(1)),
    );
}

/// knead running in a pseudo-terminal, its output read as it comes.
struct Run {
    child: Child,
    started: Instant,
    output: Receiver<Vec<u8>>,
    seen: Vec<u8>,
}

impl Run {
    fn start(knead: &Path, log: &Path) -> Run {
        let command = format!("stty rows 24 cols 80; exec '{}'", knead.display());
        let started = Instant::now();
        let mut child = Command::new("script")
            .args(["-qfec", &command, "/dev/null"])
            .env("KNEAD_LOG_FILE", log)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script starts");
        let mut stdout = child.stdout.take().expect("its output");
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = vec![0; 1 << 16];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Run {
            child,
            started,
            output,
            seen: Vec::new(),
        }
    }

    /// The time from start until the output holds one of `texts`.
    fn wait_for(&mut self, texts: &[&str]) -> Duration {
        self.wait_for_any(texts).0
    }

    /// The time from start until the output holds one of `texts`, and which came first; what
    /// came before it no longer counts for the next wait.
    fn wait_for_any<'t>(&mut self, texts: &[&'t str]) -> (Duration, &'t str) {
        loop {
            let found = texts
                .iter()
                .filter_map(|t| find(&self.seen, t.as_bytes()).map(|at| (at + t.len(), *t)))
                .min();
            if let Some((end, text)) = found {
                let at = self.started.elapsed();
                self.seen.drain(..end);
                return (at, text);
            }
            let left = GIVE_UP.saturating_sub(self.started.elapsed());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.seen.extend_from_slice(&bytes),
                Err(_) => {
                    let _ = self.child.kill();
                    panic!(
                        "waited for {texts:?}; the output ends with {:?}",
                        String::from_utf8_lossy(&self.seen[self.seen.len().saturating_sub(400)..])
                    );
                }
            }
        }
    }

    /// Types `keys`; the time since start when they were sent.
    fn press(&mut self, keys: &str) -> Duration {
        let stdin = self.child.stdin.as_mut().expect("its input");
        stdin.write_all(keys.as_bytes()).expect("keys reach knead");
        stdin.flush().expect("keys reach knead");
        self.started.elapsed()
    }

    /// Leaves (`q` goes back from the history screen, then leaves the picker), or ends it.
    fn quit(mut self) {
        let _ = self.press("qq");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn write_log(path: &Path, sessions: usize) {
    let mut out = BufWriter::new(File::create(path).expect("the log is created"));
    for record in synthetic_records(sessions, 1) {
        writeln!(out, "{}", record.to_json_line()).expect("the log is written");
    }
    out.flush().expect("the log is written");
}

fn report(what: &str, samples: &[Duration], target: Option<Duration>) {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let min = sorted[0];
    let median = sorted[sorted.len() / 2];
    let verdict = match target {
        Some(t) if min <= t => format!("≤ {:.0} ms: met", ms(t)),
        Some(t) => format!("≤ {:.0} ms: MISSED", ms(t)),
        None => String::new(),
    };
    println!(
        "{what:<58} {:>5} {:>9.1} {:>9.1}  {verdict}",
        samples.len(),
        ms(min),
        ms(median)
    );
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
