//! The time to render one frame: the session screen at several steps and strokes (with the
//! body figure: the routine's areas, or a step's spot), the picker and the history screen,
//! each drawn with `terminal.draw(...)` as the event loop draws it, at 80×24, 120×36 and 200×60.
//! Target: under 1 ms a frame.
//!
//! Each case cycles through a few states a quarter of a second apart (the countdown and the
//! stroke figure move), so every draw has a real diff to compute rather than an unchanged
//! screen. Two backends: ratatui's `TestBackend`, and `CrosstermBackend` writing into
//! `io::sink()`, which adds the escape-sequence encoding the real terminal gets (everything
//! but the `write` system call). Each frame is timed on the wall clock and in the thread's
//! CPU time; on a busy machine the wall time's tail is mostly waiting for a core.
//!
//! `cargo bench --bench render_frame [-- NAME...]` (release); with names, only the cases whose
//! name holds one of them. `KNEAD_BENCH_FRAMES=N` sets the frames timed per case (default
//! 3000).

use std::hint::black_box;
use std::io;
use std::time::{Duration, Instant};

use knead::log::digest::{Digest, DigestBuilder};
use knead::log::synthetic_records;
use knead::routine::{Library, Routine, Spot};
use knead::session::{Event, Moment, Session, Timing};
use knead::tui::history_view::{HistoryView, LogState};
use knead::tui::picker::{Focus, Picker};
use knead::tui::picker_view::PickerView;
use knead::tui::session_view::SessionScreen;
use knead::tui::theme::Theme;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 36), (200, 60)];
/// States per case, a quarter second apart.
const STATES: usize = 8;
const TARGET: Duration = Duration::from_millis(1);

fn routine(library: &Library, id: &str) -> Routine {
    library
        .get(id)
        .unwrap_or_else(|| panic!("built-in routine {id}"))
        .clone()
}

fn tick(secs: f64) -> Event {
    Event::Tick(Moment(Duration::from_secs_f64(secs)))
}

/// A session started at 0 s and ticked every half second up to `secs`, as the real loop
/// would (a longer gap reads as the laptop sleeping).
fn running(routine: &Routine, secs: f64) -> Session {
    let routines = vec![routine.clone()];
    let mut session = Session::new(routines, Timing::default(), None);
    session.update(tick(0.0));
    session.update(Event::Start);
    let mut t = 0.0;
    while t < secs {
        t = (t + 0.5f64).min(secs);
        session.update(tick(t));
    }
    session
}

/// `STATES` moments of one session, from `secs` on, a quarter second apart.
fn moments(routine: &Routine, secs: f64) -> Vec<Session> {
    let mut session = running(routine, secs);
    let mut states = Vec::with_capacity(STATES);
    for i in 0..STATES {
        if i > 0 {
            session.update(tick(secs + 0.25 * i as f64));
        }
        states.push(session.clone());
    }
    states
}

/// What one case draws: a session screen or the picker, in `STATES` variants.
enum Screens {
    Session {
        states: Vec<Session>,
        help: bool,
    },
    Picker(Vec<Picker>),
    /// The history screen over the figures of a log (the same each frame: it changes only
    /// when the log is read).
    History(Box<Digest>),
    /// Nothing drawn: what `terminal.draw` itself costs (clearing, diffing, flushing).
    Nothing,
}

struct Case {
    name: &'static str,
    /// Text the screen must show, a check that the case draws what its name says.
    shows: &'static str,
    screens: Screens,
}

fn case(name: &'static str, shows: &'static str, screens: Screens) -> Case {
    Case { name, shows, screens }
}

fn cases(library: &Library) -> Vec<Case> {
    let neck = routine(library, "neck-release");
    // neck-release: 3 s get-ready, then steps of 30, 30, 45, 60, 60, 60 s; step 7 is 30 s a
    // side with a 5 s switch between (318 s to 323 s).
    let session = |secs| Screens::Session {
        states: moments(&neck, secs),
        help: false,
    };
    let paused = {
        let mut states = moments(&neck, 188.0);
        for s in &mut states {
            s.update(Event::TogglePause);
        }
        Screens::Session { states, help: false }
    };
    let help = Screens::Session {
        states: moments(&neck, 188.0),
        help: true,
    };
    // The same routine with a spot on every step: step 5 lights the back of the neck, step 7
    // one side of it, on the body figure beside the facts.
    let mut spotted = neck.clone();
    for step in &mut spotted.steps {
        step.spot = Some(Spot::BackOfNeck);
    }
    let with_spot = |secs| Screens::Session {
        states: moments(&spotted, secs),
        help: false,
    };
    let pickers = (0..STATES)
        .map(|i| {
            let mut picker = Picker::new(library, None);
            picker.focus = Focus::Routines;
            picker.routine_index = i % library.routines().len();
            picker
        })
        .collect();
    // The overview of a chain whose cautions and steps do not fit 80×24: it measures and
    // wraps its words to scroll them.
    let chain = vec![routine(library, "temple-tension"), routine(library, "jaw-ease")];
    let overview = Screens::Session {
        states: vec![Session::new(chain, Timing::default(), None)],
        help: false,
    };
    vec![
        case("overview (a chain)", "press Enter to begin", overview),
        case("get ready (countdown)", "Get ready", session(1.0)),
        case("step 1 breathing", "Settle your breathing", session(13.0)),
        case("step 3 stroking", "Warm the back of the neck", session(80.0)),
        case("step 4 squeezing", "Squeeze and let go", session(128.0)),
        case("step 5 circles", "Circles beside the spine", session(188.0)),
        case("step 7 holding, left", "LEFT SIDE", session(298.0)),
        case("step 7 switch side", "Switch to your right side", session(319.0)),
        case(
            "step 5, spot on the body",
            "Circles beside the spine",
            with_spot(188.0),
        ),
        case("step 7, spot on one side", "LEFT SIDE", with_spot(298.0)),
        case("step 5 paused (popup)", "Paused · Space to resume", paused),
        case("step 5 with help", "KEYS", help),
        case("picker", "choose a routine", Screens::Picker(pickers)),
        case(
            "history (10,000 sessions)",
            "tension change",
            Screens::History(history()),
        ),
        case("empty frame (baseline)", "", Screens::Nothing),
    ]
}

/// The figures of 10,000 synthetic sessions, seen from the day after the last one.
fn history() -> Box<Digest> {
    let records: Vec<_> = synthetic_records(10_000, 1).collect();
    let now = records.last().expect("sessions").started + chrono::Duration::days(1);
    let mut builder = DigestBuilder::new(&now);
    records.into_iter().for_each(|r| builder.add(r));
    Box::new(builder.finish(0))
}

/// Draws state `i` of the case, as the event loop does.
fn draw<B: Backend>(terminal: &mut Terminal<B>, case: &Case, theme: &Theme, i: usize)
where
    B::Error: std::fmt::Debug,
{
    match &case.screens {
        Screens::Session { states, help } => {
            let screen = SessionScreen {
                session: &states[i % states.len()],
                theme,
                help: *help,
                closing: &[],
                prompt: None,
                scroll: 0,
                extended_at: None,
            };
            terminal
                .draw(|frame| frame.render_widget(&screen, frame.area()))
                .expect("draw");
        }
        Screens::Picker(pickers) => {
            let view = PickerView {
                picker: &pickers[i % pickers.len()],
                theme,
            };
            terminal
                .draw(|frame| frame.render_widget(&view, frame.area()))
                .expect("draw");
        }
        Screens::History(digest) => {
            let view = HistoryView {
                log: LogState::Read(digest),
                theme,
                plan: None,
            };
            terminal
                .draw(|frame| frame.render_widget(&view, frame.area()))
                .expect("draw");
        }
        Screens::Nothing => {
            terminal.draw(|_| {}).expect("draw");
        }
    }
}

/// Median and 99th percentile of one case, in wall time and in the drawing thread's CPU time.
/// On a busy machine a wall-time outlier is mostly the thread waiting for a core, which the
/// CPU time leaves out.
struct Stats {
    wall: [Duration; 2],
    cpu: Option<[Duration; 2]>,
}

/// The CPU time this thread has used so far.
#[cfg(target_os = "linux")]
fn thread_cpu() -> Option<Duration> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::try_from(t).ok()
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu() -> Option<Duration> {
    None
}

fn median_p99(mut samples: Vec<Duration>) -> [Duration; 2] {
    samples.sort_unstable();
    let at = |q: usize| samples[(samples.len() * q).div_ceil(100).clamp(1, samples.len()) - 1];
    [at(50), at(99)]
}

/// Times `frames` draws one by one, after a warm-up.
fn time<B: Backend>(terminal: &mut Terminal<B>, case: &Case, theme: &Theme, frames: usize) -> Stats
where
    B::Error: std::fmt::Debug,
{
    for i in 0..frames / 10 + STATES {
        draw(terminal, case, theme, i);
    }
    let mut wall = Vec::with_capacity(frames);
    let mut cpu = Vec::with_capacity(frames);
    for i in 0..frames {
        let cpu_start = thread_cpu();
        let start = Instant::now();
        draw(terminal, case, theme, i);
        wall.push(start.elapsed());
        if let (Some(a), Some(b)) = (cpu_start, thread_cpu()) {
            cpu.push(b.saturating_sub(a));
        }
        black_box(&*terminal);
    }
    Stats {
        wall: median_p99(wall),
        cpu: (!cpu.is_empty()).then(|| median_p99(cpu)),
    }
}

fn micros(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

fn row(name: &str, size: &str, stats: &Stats) -> String {
    let cpu = match stats.cpu {
        Some([median, p99]) => format!("{:>9} {:>9}", micros(median), micros(p99)),
        None => format!("{:>9} {:>9}", "-", "-"),
    };
    format!(
        "{name:<24} {size:>7}  {:>9} {:>9}  {cpu}",
        micros(stats.wall[0]),
        micros(stats.wall[1])
    )
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".to_string())
}

fn main() {
    let frames: usize = std::env::var("KNEAD_BENCH_FRAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(3000);
    let library = Library::built_in().library;
    let theme = Theme::choose(false, false);
    // `cargo bench --bench render_frame -- picker` times only the cases whose name holds
    // "picker"; cargo's own `--bench` flag is not a filter.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let cases: Vec<Case> = cases(&library)
        .into_iter()
        .filter(|c| filters.is_empty() || filters.iter().any(|f| c.name.contains(f.as_str())))
        .collect();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());

    println!(
        "render_frame: µs per `terminal.draw`, {frames} frames a case; {cores} cores, load average {}",
        load_average()
    );
    let header = format!(
        "{:<24} {:>7}  {:>9} {:>9}  {:>9} {:>9}",
        "case", "size", "wall med", "wall p99", "cpu med", "cpu p99"
    );
    let mut worst_median = Duration::ZERO;
    let mut worst_wall = Duration::ZERO;
    let mut worst_cpu: Option<Duration> = None;
    let mut note = |stats: &Stats| {
        worst_median = worst_median.max(stats.wall[0]);
        worst_wall = worst_wall.max(stats.wall[1]);
        if let Some([_, p99]) = stats.cpu {
            worst_cpu = Some(worst_cpu.unwrap_or_default().max(p99));
        }
    };

    println!("\nTestBackend\n{header}");
    for &(width, height) in &SIZES {
        for case in &cases {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
            let stats = time(&mut terminal, case, &theme, frames);
            let screen = terminal.backend().to_string();
            assert!(
                screen.contains(case.shows),
                "{}: the screen does not show {:?}:\n{screen}",
                case.name,
                case.shows
            );
            note(&stats);
            println!("{}", row(case.name, &format!("{width}x{height}"), &stats));
        }
    }
    println!("\nCrosstermBackend into io::sink (adds the escape-sequence encoding)\n{header}");
    for &(width, height) in &SIZES {
        for case in &cases {
            let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
            let mut terminal =
                Terminal::with_options(CrosstermBackend::new(io::sink()), TerminalOptions { viewport })
                    .expect("sink terminal");
            let stats = time(&mut terminal, case, &theme, frames);
            note(&stats);
            println!("{}", row(case.name, &format!("{width}x{height}"), &stats));
        }
    }

    let verdict = |d: Duration| if d < TARGET { "met" } else { "MISSED" };
    println!("\ntarget: under {} µs a frame", micros(TARGET));
    println!(
        "worst median (wall): {} µs: {}",
        micros(worst_median),
        verdict(worst_median)
    );
    if let Some(cpu) = worst_cpu {
        println!("worst p99 (CPU):     {} µs: {}", micros(cpu), verdict(cpu));
    }
    println!(
        "worst p99 (wall):    {} µs: {} (wall time also counts waiting for a core)",
        micros(worst_wall),
        verdict(worst_wall)
    );
}
