//! How long `knead remind` and `knead due` take as a timer or a shell prompt runs them: the
//! whole process, from start to exit, on a log of 100,000 sessions.
//!
//! Targets: `knead remind` under 10 ms when nothing is due (a session done today; with a plan,
//! today's plan session done), since the timer may fire several times a day and must cost
//! nothing then. `knead due` is printed beside it for comparison.
//!
//! ```sh
//! cargo bench --bench remind_due
//! ```
//!
//! The minimum and the median of the runs are printed, the minimum being the steadier figure
//! on a shared machine. Without `--bench` (as `cargo test --benches` runs it) a small log and
//! a few runs show that it works.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Duration as Days, Local};
use knead::log::{LogFile, LogOrigin, synthetic_records};

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (sessions, runs) = if full { (100_000, 50) } else { (1_000, 3) };
    let knead = env!("CARGO_BIN_EXE_knead");
    let home = tempfile::tempdir().expect("a temporary folder");
    let data = home.path().join("data/knead");
    std::fs::create_dir_all(&data).expect("the data folder");

    // Sessions up to today, the last of them completed today.
    let mut records: Vec<_> = synthetic_records(sessions, 7).collect();
    let shift = Local::now().fixed_offset() - records.last().expect("sessions").started - Days::minutes(30);
    for record in &mut records {
        record.started += shift;
        record.ended += shift;
    }
    if let Some(last) = records.last_mut() {
        last.completed = true;
        last.routine = "neck-release".into();
    }
    LogFile::new(data.join("sessions.jsonl"), LogOrigin::Named)
        .append_many(&records)
        .expect("the log is written");

    println!("remind_due: whole process, {sessions} sessions in the log (min and median of {runs} runs)");
    println!("{:<62} {:>8} {:>10}", "what", "min ms", "median ms");
    let time = |what: &str, args: &[&str], plan: bool| {
        let state = data.join("plan.toml");
        if plan {
            // A one-day plan of the routine done today.
            let plans = home.path().join("config/knead/plans");
            std::fs::create_dir_all(&plans).expect("the plans folder");
            std::fs::write(
                plans.join("bench.toml"),
                "name = \"Bench\"\ngoal = \"stress\"\nsummary = \"s\"\n[[days]]\nroutines = [\"neck-release\"]\nnote = \"n\"\n",
            )
            .expect("the plan is written");
            std::fs::write(
                &state,
                format!("plan = \"bench\"\nstarted = \"{}\"\n", Local::now().date_naive()),
            )
            .expect("the state is written");
        } else {
            let _ = std::fs::remove_file(&state);
        }
        let mut times: Vec<Duration> = (0..runs).map(|_| run(knead, home.path(), args)).collect();
        times.sort();
        println!(
            "{what:<62} {:>8.2} {:>10.2}",
            ms(times[0]),
            ms(times[times.len() / 2])
        );
    };
    time(
        "knead remind, a session done today (target < 10 ms)",
        &["remind"],
        false,
    );
    time(
        "knead remind, a plan whose session is done today (target < 10 ms)",
        &["remind"],
        true,
    );
    time("knead due, a session done today", &["due"], false);
    time("knead due, a plan whose session is done today", &["due"], true);
}

fn run(knead: &str, home: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let status = Command::new(knead)
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        // Nothing is due: a notification would be a failure of the benchmark.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .stdout(Stdio::null())
        .status()
        .expect("knead runs");
    let took = start.elapsed();
    assert!(status.success(), "{args:?} exited {status}: something was due");
    took
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
