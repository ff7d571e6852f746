//! Loading a library of 1,000 routine files, and one file of 16,000 problems with its report
//! (targets: each under 100 ms on a 2-core machine).
//!
//! A plain program (`harness = false`), so it needs no benchmark framework: `cargo bench
//! --bench load_library` builds it optimised, writes 1,000 valid routines (copies of the
//! built-in ones under new ids, so their sizes are realistic) into a temporary folder, loads
//! the library from it `RUNS` times and prints the minimum and the median, of the wall time
//! and, on Linux, of the time actually spent on a core.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use knead::routine::Library;
use knead::routine::library::{FolderNeed, RoutineFolder, routine_files};

const FILES: usize = 1_000;
const RUNS: usize = 20;
/// `cargo test --benches` runs this program unoptimised and without `--bench`: one timed run
/// is enough to show that it works.
const SMOKE_RUNS: usize = 1;
const TARGET: Duration = Duration::from_millis(100);

/// Writes `count` valid routine files into `dir`, cycling through the built-in routines.
fn write_routines(dir: &Path, count: usize) -> u64 {
    let built_in = routine_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("routines"))
        .expect("routines/ is readable");
    let texts: Vec<String> = built_in
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("a built-in routine is readable"))
        .collect();
    let mut bytes = 0;
    for i in 0..count {
        let text = &texts[i % texts.len()];
        let (_, rest) = text.split_once('\n').expect("a routine has more than one line");
        assert!(text.starts_with("id = "), "built-in routines start with their id");
        let routine = format!("id = \"bench-{i:04}\"\n{rest}");
        bytes += routine.len() as u64;
        std::fs::write(dir.join(format!("bench-{i:04}.toml")), routine).expect("the temp folder is writable");
    }
    bytes
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bytes = write_routines(dir.path(), FILES);
    let folders = [RoutineFolder {
        path: PathBuf::from(dir.path()),
        need: FolderNeed::Required,
    }];

    // One untimed run warms the page cache and checks that every file is valid.
    let loaded = Library::load(&folders).expect("the folder loads");
    assert!(loaded.skipped.is_empty(), "{}", loaded.skipped[0].render(false));
    let routines = loaded.library.routines().len();
    assert!(routines >= FILES, "{routines} routines loaded");

    let runs_wanted = if std::env::args().any(|a| a == "--bench") {
        RUNS
    } else {
        SMOKE_RUNS
    };
    let mut runs: Vec<Run> = (0..runs_wanted)
        .map(|_| {
            let (cpu_before, start) = (on_cpu(), Instant::now());
            let loaded = Library::load(&folders).expect("the folder loads");
            let wall = start.elapsed();
            let cpu = on_cpu().zip(cpu_before).map(|(after, before)| after - before);
            std::hint::black_box(loaded);
            Run { wall, cpu }
        })
        .collect();
    runs.sort_by_key(|r| r.wall);
    let count = runs.len();
    let (min, median, max) = (runs[0].wall, runs[count / 2].wall, runs[count - 1].wall);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "load_library: {FILES} files ({:.1} MB) plus the built-ins, {routines} routines, {count} runs",
        bytes as f64 / 1e6
    );
    println!(
        "  wall time: min {:.1} ms   median {:.1} ms   max {:.1} ms   ({:.1} µs per file at the median)",
        ms(min),
        ms(median),
        ms(max),
        median.as_secs_f64() * 1e6 / FILES as f64
    );
    let mut cpu: Vec<Duration> = runs.iter().filter_map(|r| r.cpu).collect();
    if cpu.len() == count {
        cpu.sort();
        println!(
            "  on-CPU time: min {:.1} ms   median {:.1} ms   (wall minus this is time spent waiting for a core)",
            ms(cpu[0]),
            ms(cpu[count / 2])
        );
    }
    if runs_wanted != SMOKE_RUNS {
        println!(
            "  target: under {} ms at the median: {}",
            TARGET.as_millis(),
            if median < TARGET { "met" } else { "MISSED" }
        );
    }
    many_problems(runs_wanted);
    if runs_wanted == SMOKE_RUNS {
        println!("  a smoke run: `cargo bench --bench load_library` gives the real figures");
    }
}

/// One routine file of 16,000 unknown keys (a wrong file, or one a program wrote astray):
/// loaded and its report rendered, which shows the first 50 problems and counts the rest.
fn many_problems(runs_wanted: usize) {
    const KEYS: usize = 16_000;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut text = String::from("name = \"Astray\"\nsummary = \"x\"\nareas = [\"neck\"]\n");
    for i in 0..KEYS {
        text.push_str(&format!("unknown_key_{i} = 1\n"));
    }
    std::fs::write(dir.path().join("astray.toml"), &text).expect("the temp folder is writable");
    let folders = [RoutineFolder {
        path: PathBuf::from(dir.path()),
        need: FolderNeed::Required,
    }];
    let mut walls: Vec<Duration> = (0..runs_wanted)
        .map(|_| {
            let start = Instant::now();
            let loaded = Library::load(&folders).expect("the folder loads");
            let report: usize = loaded.skipped.iter().map(|f| f.render(false).len()).sum();
            let wall = start.elapsed();
            assert!(report > 0, "the file is reported");
            wall
        })
        .collect();
    walls.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let median = walls[walls.len() / 2];
    println!(
        "many_problems: one file of {KEYS} unknown keys ({:.0} KB), loaded and reported, {} runs",
        text.len() as f64 / 1e3,
        walls.len()
    );
    println!(
        "  wall time: min {:.1} ms   median {:.1} ms",
        ms(walls[0]),
        ms(median)
    );
    if runs_wanted != SMOKE_RUNS {
        println!(
            "  target: under {} ms at the median: {}",
            TARGET.as_millis(),
            if median < TARGET { "met" } else { "MISSED" }
        );
    }
}

struct Run {
    wall: Duration,
    cpu: Option<Duration>,
}

/// Time this thread has spent running on a core, from Linux's scheduler statistics. On a
/// shared machine the wall time also counts waiting for a core; this does not.
fn on_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}
