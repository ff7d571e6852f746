//! What the full-screen interface draws, rendered into ratatui's `TestBackend` and pinned
//! with snapshots (in tests/snapshots/, reviewed like code).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use knead::log::RoutineHistory;
use knead::routine::{Library, Routine, Source, parse_routine};
use knead::session::{Event, Moment, PauseReason, Session, Timing};
use knead::tui::picker::Picker;
use knead::tui::picker_view::PickerView;
use knead::tui::session_view::SessionScreen;
use knead::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

use crate::common::CALF_BLOCK;

fn routine(id: &str) -> Routine {
    Library::built_in()
        .library
        .get(id)
        .unwrap_or_else(|| panic!("built-in {id}"))
        .clone()
}

fn session(id: &str) -> Session {
    let routines = vec![routine(id)];
    Session::new(routines, Timing::default(), None)
}

fn at(secs: f64) -> Event {
    Event::Tick(Moment(Duration::from_secs_f64(secs)))
}

/// A session started at 0 s, ticked every half second up to `secs` as the real loop would
/// (a longer gap would read as the laptop sleeping): the get-ready countdown takes 3 s.
fn running(id: &str, secs: f64) -> Session {
    ticked(session(id), secs)
}

/// `s` started at 0 s and ticked as [`running`] does.
fn ticked(mut s: Session, secs: f64) -> Session {
    s.update(at(0.0));
    s.update(Event::Start);
    let mut t = 0.0;
    while t < secs {
        t = (t + 0.5f64).min(secs);
        s.update(at(t));
    }
    s
}

fn draw(session: &Session, theme: Theme, help: bool, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let screen = SessionScreen {
        session,
        theme: &theme,
        help,
        closing: &[],
        prompt: None,
        scroll: 0,
        extended_at: None,
    };
    terminal.draw(|f| f.render_widget(&screen, f.area())).unwrap();
    terminal
}

fn terminal_remaining(s: &Session) -> u64 {
    s.remaining().as_secs()
}

fn day() -> Theme {
    Theme::choose(false, false)
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

#[test]
fn picker() {
    let library = Library::built_in().library;
    let now: DateTime<FixedOffset> = "2026-11-25T10:00:00+01:00".parse().unwrap();
    let mut history = HashMap::new();
    history.insert(
        "after-run-legs".to_string(),
        RoutineHistory {
            last: "2026-11-23T19:00:00+01:00".parse().unwrap(),
            sessions: 1,
            effect: knead::log::effect::Ratings::default().effect(),
            versus_rest: None,
        },
    );
    let mut picker = Picker::new(&library, None);
    picker.set_history(&history, &now, false);
    // Tall enough for the whole library: the routine done two days ago comes last.
    let mut terminal = Terminal::new(TestBackend::new(100, 80)).unwrap();
    let view = PickerView {
        picker: &picker,
        theme: &day(),
    };
    terminal.draw(|f| f.render_widget(&view, f.area())).unwrap();
    let text = screen_text(&terminal);
    assert!(text.contains("2 days ago"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn overview_lists_the_cautions_before_anything_starts() {
    let terminal = draw(&session("neck-release"), day(), false, 80, 24);
    let text = screen_text(&terminal);
    assert!(text.contains("never press on the front"), "{text}");
    // The routine's one length, as `knead list` shows it.
    assert!(text.contains("7:30 · 10 steps"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

/// A screen of `width` x `height` showing `session`, its overview scrolled by `scroll`, with
/// `prompt` and the end screen's `closing` lines.
fn draw_with(
    session: &Session,
    theme: &Theme,
    (width, height): (u16, u16),
    prompt: Option<&str>,
    closing: &[String],
    scroll: u16,
) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let screen = SessionScreen {
        session,
        theme,
        help: false,
        closing,
        prompt: prompt.map(str::to_string),
        scroll,
        extended_at: None,
    };
    terminal.draw(|f| f.render_widget(&screen, f.area())).unwrap();
    terminal
}

const RATING: &str = "How tense do you feel? Type 0-10 (optional): 6▏";

#[test]
fn a_chain_shows_each_caution_once_and_scrolls_to_every_one() {
    let routines = vec![routine("temple-tension"), routine("jaw-ease")];
    let cautions: Vec<String> = routines
        .iter()
        .flat_map(|r| r.cautions.iter().map(|c| c.to_string()))
        .collect();
    let session = Session::new(routines, Timing::default(), None);
    let first = draw_with(&session, &day(), (80, 24), Some(RATING), &[], 0);
    let text = screen_text(&first);
    for shown in [
        "Temple tension + Jaw ease",
        "more · ↑↓ scroll",
        "How tense do you feel? Type 0-10 (optional): 6",
        "Get comfortable, then press Enter to begin.",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
    insta::assert_snapshot!(first.backend());
    // Scrolled to the end, the way to begin is still there; on the way every caution and
    // every step was on screen, and each caution the two routines share is listed once.
    let mut seen = String::new();
    for scroll in 0..60 {
        let text = screen_text(&draw_with(&session, &day(), (80, 24), Some(RATING), &[], scroll));
        assert!(text.contains("press Enter to begin"), "{scroll}:\n{text}");
        seen.push_str(&text);
    }
    let joined: String = seen
        .lines()
        .map(|l| l.trim_matches(|c| c == '"' || c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    for caution in &cautions {
        let start: String = caution.chars().take(30).collect();
        assert!(joined.contains(&start), "{caution}");
    }
    let last = screen_text(&draw_with(&session, &day(), (80, 24), Some(RATING), &[], 60));
    assert!(last.contains("above · ↑↓ scroll"), "{last}");
    assert!(!last.contains("more ·"), "at the end nothing is below:\n{last}");
    let tall = screen_text(&draw_with(&session, &day(), (120, 80), Some(RATING), &[], 0));
    assert_eq!(tall.matches("giant-cell arteritis").count(), 1, "{tall}");
    assert!(!tall.contains("more ·"), "all of it fits:\n{tall}");
}

/// The buffer with every cell's style, so a snapshot holds the colours too.
fn styled(terminal: &Terminal<TestBackend>) -> String {
    format!("{:?}", terminal.backend().buffer())
}

fn assert_no_colour(terminal: &Terminal<TestBackend>) {
    for cell in terminal.backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
}

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 36), (200, 60)];

#[test]
fn the_overview_at_every_size_with_and_without_colour() {
    let session = session("lower-back-ball");
    for (width, height) in SIZES {
        for no_color in [false, true] {
            let theme = Theme::choose(no_color, false);
            let terminal = draw_with(&session, &theme, (width, height), Some(RATING), &[], 0);
            let text = screen_text(&terminal);
            for shown in [
                "Lower back ball",
                "Have at hand: a tennis ball in a sock, a wall",
                "Cautions",
                "! Keep the ball on the muscle beside the spine",
                "How tense do you feel?",
                "press Enter to begin",
                "Enter begin",
            ] {
                assert!(text.contains(shown), "{shown} at {width}x{height}:\n{text}");
            }
            if no_color {
                assert_no_colour(&terminal);
            }
            let name = format!(
                "overview_{width}x{height}_{}",
                if no_color { "no_colour" } else { "colour" }
            );
            insta::assert_snapshot!(name, styled(&terminal));
        }
    }
}

#[test]
fn the_end_screen_at_every_size_with_and_without_colour() {
    let s = running("temple-tension", 2000.0);
    let closing = vec![
        "Tension: 6 → 3 (3 lower)".to_string(),
        "Streak: 2 days.".to_string(),
    ];
    for (width, height) in SIZES {
        for no_color in [false, true] {
            let theme = Theme::choose(no_color, false);
            let terminal = draw_with(&s, &theme, (width, height), None, &closing, 0);
            let text = screen_text(&terminal);
            for shown in ["Session complete", "Streak: 2 days.", "Enter done"] {
                assert!(text.contains(shown), "{shown} at {width}x{height}:\n{text}");
            }
            if no_color {
                assert_no_colour(&terminal);
            }
            let name = format!(
                "end_{width}x{height}_{}",
                if no_color { "no_colour" } else { "colour" }
            );
            insta::assert_snapshot!(name, styled(&terminal));
        }
    }
}

#[test]
fn help_is_an_aligned_table_that_says_the_timer_waits() {
    let mut s = running("neck-release", 13.0);
    s.update(Event::Pause(PauseReason::Help));
    let terminal = draw(&s, day(), true, 80, 24);
    let text = screen_text(&terminal);
    assert!(text.contains("Paused while help is open"), "{text}");
    // The keys stand in one column, what they do in the next.
    let column = |what: &str| {
        let line = text.lines().find(|l| l.contains(what)).unwrap_or_default();
        line.find(what).map(|byte| line[..byte].chars().count())
    };
    let starts: Vec<Option<usize>> = [
        "pause or resume",
        "next step",
        "15 seconds more",
        "quit knead at once",
    ]
    .iter()
    .map(|w| column(w))
    .collect();
    assert!(
        starts[0].is_some() && starts.iter().all(|s| *s == starts[0]),
        "{starts:?}\n{text}"
    );
    // The footer offers to close it; the paused box is not drawn under it.
    assert!(text.contains("? close") && !text.contains("PAUSED"), "{text}");
}

#[test]
fn paused_the_footer_says_space_resume() {
    let mut s = running("neck-release", 13.0);
    s.update(Event::TogglePause);
    let text = screen_text(&draw(&s, day(), false, 80, 24));
    assert!(text.contains("Space resume"), "{text}");
}

#[test]
fn get_ready_counts_down() {
    let terminal = draw(&running("neck-release", 0.5), day(), false, 80, 24);
    assert!(screen_text(&terminal).contains("Get ready"));
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn step_with_breathing_has_no_pressure_meter() {
    // 3 s get-ready, then "Settle your breathing", 30 s: the hands do not press.
    let terminal = draw(&running("neck-release", 13.0), day(), false, 80, 24);
    let text = screen_text(&terminal);
    assert!(
        !text.contains("pressure") && !text.contains("LIGHT") && text.contains("breathing · 6/min"),
        "{text}"
    );
    assert!(
        text.contains("step 1 of 10") && text.contains("next: Easy head turns"),
        "{text}"
    );
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn step_with_medium_pressure_and_squeezing() {
    // 3 + 30 + 30 + 45 s lead into step 4, "Squeeze and let go".
    let terminal = draw(&running("neck-release", 3.0 + 105.0 + 20.0), day(), false, 80, 24);
    let text = screen_text(&terminal);
    assert!(
        text.contains("▮▮▯ MEDIUM") && text.contains("squeezing · 20/min"),
        "{text}"
    );
    assert_eq!(terminal_remaining(&running("neck-release", 128.0)), 40);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn step_with_firm_pressure_on_one_side() {
    let r = routine("after-run-legs");
    let firm = r
        .steps
        .iter()
        .position(|s| s.pressure == Some(knead::routine::Pressure::Firm))
        .expect("a firm step");
    let mut s = session("after-run-legs");
    s.update(at(0.0));
    s.update(Event::Start);
    s.update(at(0.1));
    // Skip ahead with Next until the firm step begins.
    while s.current_step().map(|(_, i, _, _)| i) != Some(firm) {
        s.update(Event::Next);
    }
    let terminal = draw(&s, day(), false, 80, 24);
    let text = screen_text(&terminal);
    assert!(text.contains("▮▮▮ FIRM") && text.contains("LEFT"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn circles_and_tapping_strokes() {
    // neck-release step 5: circles at 30/min.
    let circles = draw(&running("neck-release", 3.0 + 165.0 + 1.0), day(), false, 80, 24);
    assert!(screen_text(&circles).contains("round and round"));
    insta::assert_snapshot!("stroke_circles", circles.backend());
    let scalp = routine("scalp-refresh");
    let tapping = scalp
        .steps
        .iter()
        .position(|s| s.stroke == knead::routine::Stroke::Tapping)
        .expect("a tapping step");
    let mut s = session("scalp-refresh");
    s.update(at(0.0));
    s.update(Event::Start);
    s.update(at(0.1));
    while s.current_step().map(|(_, i, _, _)| i) != Some(tapping) {
        s.update(Event::Next);
    }
    let terminal = draw(&s, day(), false, 80, 24);
    assert!(screen_text(&terminal).contains("tap, tap"));
    insta::assert_snapshot!("stroke_tapping", terminal.backend());
}

#[test]
fn paused_shows_why() {
    let mut s = running("neck-release", 10.0);
    s.update(Event::TogglePause);
    let terminal = draw(&s, day(), false, 80, 24);
    assert!(screen_text(&terminal).contains("Paused · Space to resume"));
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_sleeping_laptop_pauses_with_the_time_away() {
    let mut s = running("neck-release", 10.0);
    s.update(at(10.0 + 12.0 * 60.0));
    assert!(matches!(
        s.phase(),
        knead::session::Phase::Paused {
            reason: PauseReason::Asleep(_),
            ..
        }
    ));
    let terminal = draw(&s, day(), false, 80, 24);
    let text = screen_text(&terminal);
    assert!(text.contains("the computer was asleep for 12 min"), "{text}");
}

#[test]
fn switch_side() {
    // neck-release step 7 is held on each side: 3 + 285 s lead into it, 30 s on the left.
    let terminal = draw(&running("neck-release", 3.0 + 285.0 + 31.0), day(), false, 80, 24);
    let text = screen_text(&terminal);
    assert!(text.contains("Switch to your right side"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn step_inside_a_side_block() {
    let routine = parse_routine(CALF_BLOCK, "calf-care", Source::BuiltIn).unwrap();
    let session = Session::new(vec![routine], Timing::default(), None);
    // 3 s get-ready, 20 s settling, 30 s squeezing the left calf: 10 s into the long
    // strokes on the left, the second of the block's three steps on that side.
    let terminal = draw(&ticked(session, 3.0 + 20.0 + 30.0 + 10.0), day(), false, 80, 24);
    let text = screen_text(&terminal);
    for shown in [
        "step 3 of 5",
        "Long strokes",
        "LEFT SIDE · 2 of 3",
        "next: Hold the calf, left side",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn the_last_pass_on_the_left_names_the_right_side_next() {
    let routine = parse_routine(CALF_BLOCK, "calf-care", Source::BuiltIn).unwrap();
    let session = Session::new(vec![routine], Timing::default(), None);
    let terminal = draw(
        &ticked(session, 3.0 + 20.0 + 30.0 + 20.0 + 5.0),
        day(),
        false,
        80,
        24,
    );
    let text = screen_text(&terminal);
    for shown in [
        "Hold the calf",
        "LEFT SIDE · 3 of 3",
        "next: Squeeze the calf, right side",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
}

#[test]
fn help_overlay() {
    let terminal = draw(&running("neck-release", 13.0), day(), true, 80, 24);
    let text = screen_text(&terminal);
    assert!(
        text.contains("KEYS") && text.contains("15 seconds more"),
        "{text}"
    );
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn finished() {
    let s = running("temple-tension", 2000.0);
    let terminal = draw(&s, day(), false, 80, 24);
    let text = screen_text(&terminal);
    assert!(
        text.contains("Session complete") && text.contains("7 done, 0 skipped · 5:15 of 5:15"),
        "{text}"
    );
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn too_small() {
    let terminal = draw(&running("neck-release", 13.0), day(), false, 39, 11);
    let text = screen_text(&terminal);
    assert!(text.contains("too small"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn no_color_uses_no_colour_and_keeps_every_cue_as_text() {
    let terminal = draw(
        &running("neck-release", 3.0 + 105.0 + 20.0),
        Theme::choose(true, false),
        false,
        80,
        24,
    );
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "a coloured cell: {cell:?}"
        );
    }
    let text = screen_text(&terminal);
    assert!(
        text.contains("MEDIUM") && text.contains("squeezing") && text.contains("BOTH"),
        "{text}"
    );
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn sleep_routines_use_the_night_palette() {
    let terminal = draw(
        &running("bedtime-wind-down", 5.0),
        Theme::choose(false, true),
        false,
        80,
        24,
    );
    let buffer = terminal.backend().buffer();
    let bright = buffer
        .content()
        .iter()
        .filter(|c| matches!(c.fg, Color::Cyan | Color::LightCyan | Color::White))
        .count();
    assert_eq!(bright, 0, "no bright colours at bedtime");
}

/// A routine of the person's own with a spot on each step: the top of the shoulder on each
/// side, then the back of the neck.
fn spotted() -> Routine {
    let text = r#"
name = "Shoulder spots"
summary = "Two steps on two spots."
areas = ["shoulders", "neck"]
goals = ["stress"]

[[steps]]
name = "Knead the shoulder"
cue = "Squeeze the muscle on top of the shoulder between your fingers and the heel of your hand, then let go slowly."
seconds = 30
pressure = "medium"
stroke = "kneading"
tempo = 30
side = "each"
spot = "top-of-shoulder"

[[steps]]
name = "Circles on the neck"
cue = "Make small, slow circles beside the spine."
seconds = 30
pressure = "light"
stroke = "circles"
tempo = 30
spot = "back-of-neck"
"#;
    knead::routine::parse_routine(text, "shoulder-spots", knead::routine::Source::BuiltIn).unwrap()
}

fn spotted_at(secs: f64) -> Session {
    let mut s = Session::new(vec![spotted()], Timing::default(), None);
    s.update(at(0.0));
    s.update(Event::Start);
    let mut t = 0.0;
    while t < secs {
        t = (t + 0.5f64).min(secs);
        s.update(at(t));
    }
    s
}

fn braille(text: &str) -> usize {
    text.chars()
        .filter(|c| ('\u{2801}'..='\u{28FF}').contains(c))
        .count()
}

#[test]
fn a_step_shows_its_spot_lit_on_the_side_being_worked() {
    // 3 s get-ready, then 30 s on the left shoulder, a 5 s switch, 30 s on the right.
    let left = draw(&spotted_at(10.0), day(), false, 80, 24);
    let text = screen_text(&left);
    assert!(text.contains("← your left") && braille(&text) > 40, "{text}");
    insta::assert_snapshot!(left.backend());
    let right = screen_text(&draw(&spotted_at(45.0), day(), false, 80, 24));
    assert!(right.contains("your right →"), "{right}");
    let neck = screen_text(&draw(&spotted_at(70.0), day(), false, 80, 24));
    assert!(
        neck.contains("Circles on the neck") && neck.contains("both sides"),
        "{neck}"
    );
    // Larger, the label says the spot in words.
    let large = screen_text(&draw(&spotted_at(10.0), day(), false, 200, 60));
    assert!(large.contains("← top of your left shoulder"), "{large}");
    assert!(braille(&large) > braille(&text), "larger, the figure is larger");
}

#[test]
fn on_a_small_screen_the_figure_gives_way_to_the_words() {
    let cue = "Squeeze the muscle on top of the shoulder between your fingers and the heel of your \
               hand, then let go slowly.";
    for (width, height) in [(80, 18), (59, 24), (40, 12)] {
        let terminal = draw(&spotted_at(10.0), day(), false, width, height);
        let text = screen_text(&terminal);
        assert_eq!(braille(&text), 0, "{width}x{height}:\n{text}");
        if height > 12 {
            let shown: String = text
                .lines()
                .map(|l| l.trim_matches(|c| c == '"' || c == '│' || c == ' '))
                .collect::<Vec<_>>()
                .join(" ");
            assert!(shown.contains(cue), "{width}x{height}: the whole cue\n{text}");
        }
    }
}

#[test]
fn the_pickers_details_show_the_routines_areas_on_the_body() {
    let library = Library::built_in().library;
    let mut picker = Picker::new(&library, None);
    picker.focus = knead::tui::picker::Focus::Routines;
    picker.routine_index = picker
        .visible()
        .iter()
        .position(|r| r.id == "neck-release")
        .unwrap();
    let view = PickerView {
        picker: &picker,
        theme: &day(),
    };
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    terminal.draw(|f| f.render_widget(&view, f.area())).unwrap();
    let text = screen_text(&terminal);
    assert!(braille(&text) > 40 && text.contains("from behind"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn at_80x24_the_picker_tells_what_a_routine_is() {
    let library = Library::built_in().library;
    let mut picker = Picker::new(&library, None);
    let draw_picker = |picker: &Picker| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let view = PickerView {
            picker,
            theme: &day(),
        };
        terminal.draw(|f| f.render_widget(&view, f.area())).unwrap();
        terminal
    };
    let list = draw_picker(&picker);
    let text = screen_text(&list);
    for shown in [
        "Neck release  7:30",
        "temples, scalp, neck",
        "more ─",
        "i details",
        "? help",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
    insta::assert_snapshot!("picker_80x24", list.backend());
    // The left column scrolls, and says how many are left below.
    for _ in 0..picker.categories.len() {
        picker.handle_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    }
    let text = screen_text(&draw_picker(&picker));
    assert!(text.contains("› feet"), "{text}");
    picker.handle_key(KeyEvent::new(KeyCode::Home, KeyModifiers::NONE));
    // `i` opens the details over the whole width.
    picker.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    picker.handle_key(KeyEvent::new(KeyCode::Char('i'), KeyModifiers::NONE));
    let details = draw_picker(&picker);
    let text = screen_text(&details);
    let chosen = picker.selected().unwrap();
    let areas = format!(
        "areas  {}",
        chosen
            .areas
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for shown in ["details", chosen.name.as_str(), &areas, "Esc back", "Enter start"] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
    insta::assert_snapshot!("picker_details_80x24", details.backend());
    // `?` shows the picker's keys.
    picker.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    picker.handle_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE));
    let help = draw_picker(&picker);
    let text = screen_text(&help);
    for shown in [
        "KEYS",
        "the routine's details, full width",
        "your history",
        "quit knead at once",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
    insta::assert_snapshot!("picker_help_80x24", help.backend());
}

/// How many rows hold a braille dot: the body figure's height.
fn figure_rows(text: &str) -> usize {
    text.lines().filter(|l| braille(l) > 0).count()
}

/// The longest run of rows inside the frame with nothing on them.
fn longest_blank_band(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    let rows: Vec<&str> = text.lines().collect();
    for row in &rows[2..rows.len() - 2] {
        let inside = row.trim_matches(|c| c == '"' || c == '│' || c == ' ');
        run = if inside.is_empty() { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Rows of the countdown's large type: rows that hold block characters left of the middle.
fn countdown_rows(text: &str) -> usize {
    text.lines()
        .filter(|l| {
            l.chars()
                .take(l.chars().count() / 3)
                .any(|c| matches!(c, '█' | '▀' | '▄'))
        })
        .count()
}

#[test]
fn the_step_screen_reads_at_a_glance_at_every_size() {
    for (width, height) in SIZES {
        for (theme, name) in [(day(), "colour"), (Theme::choose(true, false), "no_colour")] {
            // The left shoulder, 7 s into its 30 s.
            let terminal = draw(&spotted_at(10.0), theme, false, width, height);
            let text = screen_text(&terminal);
            assert!(text.contains("LEFT SIDE"), "{width}x{height}:\n{text}");
            assert!(text.contains("Squeeze the muscle on top"), "{text}");
            let rows = countdown_rows(&text);
            match width {
                80 => assert!(rows >= 3, "{rows} rows:\n{text}"),
                120 => assert!(rows >= 4, "{rows} rows:\n{text}"),
                _ => {
                    assert!(rows >= 7, "{rows} rows:\n{text}");
                    assert!(figure_rows(&text) >= 30, "{text}");
                    assert!(longest_blank_band(&text) <= 1, "{text}");
                }
            }
            // The band runs the full width inside the frame, in the side's colour, or in
            // reverse video without colour.
            let buffer = terminal.backend().buffer();
            let band: Vec<_> = (2..width - 2).map(|x| &buffer[(x, 3)]).collect();
            for cell in band {
                if name == "colour" {
                    assert_eq!(cell.bg, theme.side_band(knead::routine::Side::Left).bg.unwrap());
                } else {
                    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED));
                }
            }
            insta::assert_snapshot!(format!("step_{width}x{height}_{name}"), terminal.backend());
        }
    }
}

#[test]
fn the_switch_is_its_own_screen_at_every_size() {
    for (width, height) in SIZES {
        for (theme, name) in [(day(), "colour"), (Theme::choose(true, false), "no_colour")] {
            // 3 s get-ready and 30 s on the left shoulder, then 5 s to switch.
            let terminal = draw(&spotted_at(35.0), theme, false, width, height);
            let text = screen_text(&terminal);
            for shown in ["Switch to your right side", "RIGHT SIDE"] {
                assert!(text.contains(shown), "{shown}, {width}x{height}:\n{text}");
            }
            // No stroke figure: nothing is being stroked.
            assert!(!text.contains("squeeze, roll, release"), "{text}");
            insta::assert_snapshot!(format!("switch_{width}x{height}_{name}"), terminal.backend());
        }
    }
}

#[test]
fn the_step_screen_at_night() {
    let terminal = draw(
        &running("bedtime-wind-down", 20.0),
        Theme::choose(false, true),
        false,
        120,
        36,
    );
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_short_window_drops_the_gauges_and_the_next_line_before_the_cue() {
    let cue = "Squeeze the muscle on top of the shoulder between your fingers and the heel of your \
               hand, then let go slowly.";
    for (width, height) in [(80, 15), (60, 16), (44, 14)] {
        let text = screen_text(&draw(&spotted_at(10.0), day(), false, width, height));
        let shown: String = text
            .lines()
            .map(|l| l.trim_matches(|c| c == '"' || c == '│' || c == ' '))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(shown.contains(cue), "{width}x{height}: the whole cue\n{text}");
        assert!(!text.contains("session ━"), "{width}x{height}: no gauges\n{text}");
    }
    // Tall enough, all of it.
    let text = screen_text(&draw(&spotted_at(10.0), day(), false, 80, 24));
    assert!(text.contains("session ━") && text.contains("next: "), "{text}");
}

#[test]
fn plus_shows_fifteen_seconds_more_for_a_moment() {
    let mut s = spotted_at(10.0);
    s.update(Event::Extend);
    let pressed = s.now();
    let shown = |s: &Session| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let screen = SessionScreen {
            session: s,
            theme: &day(),
            help: false,
            closing: &[],
            prompt: None,
            scroll: 0,
            extended_at: Some(pressed),
        };
        terminal.draw(|f| f.render_widget(&screen, f.area())).unwrap();
        screen_text(&terminal)
    };
    assert!(shown(&s).contains("+15 s"), "{}", shown(&s));
    s.update(at(11.0));
    assert!(shown(&s).contains("+15 s"));
    s.update(at(11.5));
    s.update(at(12.0));
    assert!(!shown(&s).contains("+15 s"), "{}", shown(&s));
}
