//! The session log's commands on long logs, as whole processes: `knead stats`, `knead log` and
//! `knead due` on 100,000 and 1,000,000 synthetic sessions (`synthetic_records`).
//!
//! Targets: `stats` under 150 ms on 100,000 sessions and 1.5 s on 1,000,000, growing linearly;
//! peak memory under 50 MB, growing with the log only by the ids that reading keeps to count a
//! repeated session once (about 8 bytes a session); `due` under 5 ms on 100,000 sessions
//! when the answer is at the end of the log.
//!
//! A plain program (`harness = false`), like `load_library`:
//!
//! ```sh
//! cargo bench --bench log_stats                       # the figures (cargo builds knead optimised)
//! cargo bench --bench log_stats -- --generate FILE N  # only write a log of N sessions
//! ```
//!
//! Wall time is measured here around spawning and reaping the process, so it includes process
//! start-up; the minimum and the median of several runs are printed (on a shared machine the
//! minimum is the steadier figure). Peak memory is the maximum resident set size reported by
//! `/usr/bin/time -f %M`, from one more run of each command; without that program it is left
//! out.
//!
//! `due` is measured on two logs: the synthetic one, where four of the seventeen body areas
//! (lower-back, hands, chest, hips) are never worked, so proving that takes the whole log; and
//! the same log with one session for every area yesterday appended, where the answer is in the
//! last lines.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Local, TimeDelta};
use knead::log::{Record, RecordBuilder, synthetic_records};
use knead::routine::Area;

const SEED: u64 = 1;
const SIZES: [usize; 2] = [100_000, 1_000_000];
/// `cargo test --benches` runs this unoptimised and without `--bench`: small logs and one
/// run each show that it works.
const SMOKE_SIZES: [usize; 2] = [1_000, 10_000];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "--generate") {
        let (Some(path), Some(count)) = (args.get(at + 1), args.get(at + 2)) else {
            eprintln!("usage: log_stats --generate FILE SESSIONS");
            std::process::exit(2);
        };
        let count: usize = count
            .replace([',', '_'], "")
            .parse()
            .expect("SESSIONS is a number");
        let bytes = write_log(Path::new(path), count, false);
        println!("{path}: {count} sessions, {:.1} MB", bytes as f64 / 1e6);
        return;
    }
    let full = args.iter().any(|a| a == "--bench");
    let sizes = if full { SIZES } else { SMOKE_SIZES };
    let knead = PathBuf::from(env!("CARGO_BIN_EXE_knead"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let time_program = Path::new("/usr/bin/time");
    let time_program = time_program.exists().then_some(time_program);

    println!(
        "log_stats: whole-process wall time (min and median of the runs) and peak memory (max RSS, {})",
        if time_program.is_some() {
            "/usr/bin/time -f %M"
        } else {
            "not measured: /usr/bin/time is missing"
        }
    );
    println!(
        "{:<44} {:>9} {:>7} {:>5} {:>9} {:>9} {:>8}  target",
        "command", "sessions", "log MB", "runs", "min ms", "median ms", "peak MB"
    );
    let mut results = Vec::new();
    for &size in &sizes {
        let plain = dir.path().join(format!("sessions-{size}.jsonl"));
        let recent = dir
            .path()
            .join(format!("sessions-{size}-every-area-yesterday.jsonl"));
        let bytes = write_log(&plain, size, false);
        write_log(&recent, size, true);
        let scale = size as f64 / SIZES[0] as f64;
        let runs = |at_100k: usize| {
            if full {
                ((at_100k as f64 / scale).ceil() as usize).max(5)
            } else {
                1
            }
        };
        let case = |name, log, args, runs, target| Case {
            name,
            log,
            args,
            runs,
            target,
        };
        let stats_target = Duration::from_millis((150.0 * scale) as u64);
        let due_target = (size == SIZES[0]).then_some(Duration::from_millis(5));
        let cases = [
            case("knead stats", &plain, &["stats"], runs(15), Some(stats_target)),
            case(
                "knead stats --format json",
                &plain,
                &["stats", "--format", "json"],
                runs(15),
                None,
            ),
            case("knead log (the newest 20)", &plain, &["log"], runs(15), None),
            case(
                "knead due (4 areas never worked)",
                &plain,
                &["due"],
                runs(15),
                None,
            ),
            case(
                "knead due (every area worked yesterday)",
                &recent,
                &["due"],
                if full { 200 } else { 1 },
                due_target,
            ),
        ];
        for Case {
            name,
            log,
            args: command,
            runs,
            target,
        } in cases
        {
            let measured = measure(&knead, dir.path(), log, command, runs, time_program);
            let verdict = match target {
                Some(target) if full => format!(
                    "{} ms: {}",
                    target.as_millis(),
                    if measured.min() <= target { "met" } else { "MISSED" }
                ),
                _ => String::new(),
            };
            println!(
                "{name:<44} {size:>9} {:>7.1} {runs:>5} {:>9.1} {:>9.1} {:>8}  {verdict}",
                bytes as f64 / 1e6,
                ms(measured.min()),
                ms(measured.median()),
                measured
                    .peak_kb
                    .map_or("-".to_string(), |kb| format!("{:.1}", kb as f64 / 1024.0)),
            );
            results.push((name, size, measured));
        }
    }

    let figure = |name: &str, size: usize| {
        results
            .iter()
            .find(|(n, s, _)| *n == name && *s == size)
            .map(|(_, _, m)| m)
    };
    let (small, large) = (sizes[0], sizes[1]);
    let growth = large as f64 / small as f64;
    for name in ["knead stats", "knead log (the newest 20)"] {
        if let (Some(a), Some(b)) = (figure(name, small), figure(name, large)) {
            println!(
                "{name}: {:.1}x the time for {growth:.0}x the sessions (min to min; linear is {growth:.0}x)",
                b.min().as_secs_f64() / a.min().as_secs_f64()
            );
        }
    }
    let peaks: Vec<u64> = results.iter().filter_map(|(_, _, m)| m.peak_kb).collect();
    if let Some(&highest) = peaks.iter().max() {
        let verdict = match (full, highest < 50 * 1024) {
            (false, _) => "",
            (true, true) => ": met",
            (true, false) => ": MISSED",
        };
        println!(
            "peak memory: at most {:.1} MB over every command and size (target under 50 MB; about 8 bytes a session for the ids){verdict}",
            highest as f64 / 1024.0
        );
    }
    if !full {
        println!("a smoke run on small logs: `cargo bench --bench log_stats` gives the real figures");
    }
}

/// Writes `count` synthetic sessions to `path`; with `every_area_yesterday`, then one session
/// for each body area, all yesterday, in local time. Returns the size in bytes.
fn write_log(path: &Path, count: usize, every_area_yesterday: bool) -> u64 {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path).expect("the log can be created"));
    let mut bytes = 0;
    let mut put = |record: &Record| {
        let line = record.to_json_line();
        bytes += line.len() as u64 + 1;
        writeln!(out, "{line}").expect("the log can be written");
    };
    synthetic_records(count, SEED).for_each(|r| put(&r));
    if every_area_yesterday {
        let yesterday = (Local::now() - TimeDelta::days(1)).fixed_offset();
        for (i, area) in Area::ALL.iter().enumerate() {
            let started = yesterday + TimeDelta::minutes(i as i64);
            put(&RecordBuilder::new(started)
                .routine(&format!("{area}-bench"), &format!("Bench {area}"))
                .areas(&[area.as_str()])
                .minutes(5)
                .steps(5)
                .build());
        }
    }
    out.flush().expect("the log can be written");
    bytes
}

/// One command to time on one log.
struct Case<'a> {
    name: &'static str,
    log: &'a Path,
    args: &'static [&'static str],
    runs: usize,
    target: Option<Duration>,
}

struct Measured {
    /// Sorted.
    walls: Vec<Duration>,
    peak_kb: Option<u64>,
}

impl Measured {
    fn min(&self) -> Duration {
        self.walls[0]
    }
    fn median(&self) -> Duration {
        self.walls[self.walls.len() / 2]
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `knead --log-file LOG ARGS...` in a private, empty home, its output thrown away.
fn knead_command(program: &Path, home: &Path, log: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("NO_COLOR", "1");
    if let Some(tz) = std::env::var_os("TZ") {
        cmd.env("TZ", tz);
    }
    cmd.arg("--log-file")
        .arg(log)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    cmd
}

fn measure(
    knead: &Path,
    home: &Path,
    log: &Path,
    args: &[&str],
    runs: usize,
    time: Option<&Path>,
) -> Measured {
    // One untimed run warms the page cache and checks that the command works on this log.
    let check = knead_command(knead, home, log, args)
        .stderr(Stdio::piped())
        .output()
        .expect("knead runs");
    let allowed: &[i32] = if args[0] == "due" { &[0, 1] } else { &[0] };
    assert!(
        check.status.code().is_some_and(|c| allowed.contains(&c)) && check.stderr.is_empty(),
        "knead {args:?} on {}: {check:?}",
        log.display()
    );
    let mut walls: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut cmd = knead_command(knead, home, log, args);
            let start = Instant::now();
            cmd.status().expect("knead runs");
            start.elapsed()
        })
        .collect();
    walls.sort();
    let peak_kb = time.and_then(|time| {
        let out = home.join("time.out");
        let inner = knead_command(knead, home, log, args);
        let mut cmd = Command::new(time);
        cmd.args(["-f", "%M", "-o"])
            .arg(&out)
            .arg(inner.get_program())
            .args(inner.get_args())
            .env_clear()
            .envs(inner.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        cmd.status().ok()?;
        std::fs::read_to_string(&out)
            .ok()?
            .trim()
            .lines()
            .last()?
            .parse()
            .ok()
    });
    Measured { walls, peak_kb }
}
