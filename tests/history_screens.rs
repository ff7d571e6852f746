//! The history screen and the picker's marks, drawn from a fixture log (tests/fixtures/
//! history.jsonl: 40-odd sessions over twelve weeks, a chained one, an imported one whose name
//! holds an escape, and a damaged line) into ratatui's `TestBackend`, pinned with snapshots.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use knead::log::digest::Digest;
use knead::log::effect::Ratings;
use knead::log::{LogFile, LogOrigin, RoutineHistory};
use knead::routine::{Area, Goal, Library};
use knead::suggest::compose::compose;
use knead::tui::history_view::{HistoryView, LogState};
use knead::tui::picker::{Category, Focus, Picker};
use knead::tui::picker_view::PickerView;
use knead::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

/// The fixture's "now": a Wednesday evening, the day of its last session.
fn now() -> DateTime<FixedOffset> {
    "2026-11-25T20:00:00+01:00".parse().unwrap()
}

fn read(path: &Path) -> Digest {
    Digest::read(&LogFile::new(path, LogOrigin::Named), &now(), |_| {}).unwrap()
}

fn fixture() -> Digest {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history.jsonl"))
}

fn empty() -> Digest {
    read(Path::new("/nonexistent/knead-test/sessions.jsonl"))
}

fn draw_history(log: LogState, theme: Theme, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let view = HistoryView {
        log,
        theme: &theme,
        plan: None,
    };
    terminal.draw(|f| f.render_widget(&view, f.area())).unwrap();
    terminal
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

fn day() -> Theme {
    Theme::choose(false, false)
}

#[test]
fn the_fixture_reads_as_expected() {
    let digest = fixture();
    assert_eq!(digest.skipped_lines, 1, "the damaged line");
    assert_eq!(digest.stats.in_log, 43);
    let rows = digest.routine_rows();
    assert_eq!(rows[0].id, "bedtime-wind-down", "{rows:#?}");
    assert!(
        rows.iter()
            .any(|r| r.id == "temple-tension" && r.effect.rated == 1)
    );
}

#[test]
fn history_full() {
    let digest = fixture();
    let terminal = draw_history(LogState::Read(&digest), day(), 100, 32);
    let screen = text(&terminal);
    for panel in [
        "this week",
        "minutes a week, last 12 weeks",
        "last 12 weeks",
        "tension change, best first",
        "latest sessions",
        "1 damaged line skipped",
    ] {
        assert!(screen.contains(panel), "{panel}:\n{screen}");
    }
    assert!(
        !screen.contains('\u{1b}'),
        "no escape from the log reaches the screen"
    );
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn history_at_80x24() {
    let digest = fixture();
    let terminal = draw_history(LogState::Read(&digest), day(), 80, 24);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn history_narrow() {
    let digest = fixture();
    let terminal = draw_history(LogState::Read(&digest), day(), 48, 30);
    let screen = text(&terminal);
    // Stacked, most important first; the latest sessions are the first to go.
    let at = |s: &str| screen.find(s).unwrap_or_else(|| panic!("{s}:\n{screen}"));
    assert!(at("this week") < at("minutes a week") && at("minutes a week") < at("tension change"));
    assert!(!screen.contains("latest sessions"), "{screen}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn history_short_keeps_this_week_and_what_eases_you() {
    let digest = fixture();
    let screen = text(&draw_history(LogState::Read(&digest), day(), 40, 12));
    assert!(
        screen.contains("streak") && screen.contains("tension change"),
        "{screen}"
    );
    assert!(!screen.contains("last 12 weeks"), "{screen}");
}

#[test]
fn history_empty() {
    let digest = empty();
    let terminal = draw_history(LogState::Read(&digest), day(), 80, 24);
    let screen = text(&terminal);
    assert!(screen.contains("No sessions yet."), "{screen}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn history_no_colour() {
    let digest = fixture();
    let terminal = draw_history(LogState::Read(&digest), Theme::choose(true, false), 80, 24);
    for cell in terminal.backend().buffer().content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "a coloured cell: {cell:?}"
        );
    }
    let screen = text(&terminal);
    // Every figure reads by its characters: the bars, the calendar's levels, the signs.
    for figure in ["█", "░", "·", "-3.0", "±0.0"] {
        assert!(screen.contains(figure), "{figure}:\n{screen}");
    }
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn history_while_the_log_is_read_and_when_it_cannot_be() {
    let screen = text(&draw_history(LogState::Reading, day(), 80, 24));
    assert!(screen.contains("Reading your log…"), "{screen}");
    assert!(screen.contains("Esc back to the routines"), "{screen}");
    let screen = text(&draw_history(
        LogState::Unreadable("/home/me/log.jsonl: permission denied"),
        day(),
        80,
        24,
    ));
    assert!(screen.contains("Your log could not be read:"), "{screen}");
    assert!(screen.contains("permission denied"), "{screen}");
}

fn picker_with(digest: &Digest) -> Picker {
    let mut picker = Picker::new(&Library::built_in().library, None);
    picker.set_history(&digest.routine_history(), &now(), digest.is_empty());
    picker
}

fn draw_picker(picker: &Picker, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = day();
    let view = PickerView {
        picker,
        theme: &theme,
    };
    terminal.draw(|f| f.render_widget(&view, f.area())).unwrap();
    terminal
}

#[test]
fn picker_goal_list_and_marks() {
    let mut picker = picker_with(&fixture());
    let stress = picker
        .categories
        .iter()
        .position(|(c, _)| *c == Category::Goal(Goal::Stress))
        .unwrap();
    picker.set_category(stress);
    picker.focus = Focus::Routines;
    let terminal = draw_picker(&picker, 100, 30);
    let screen = text(&terminal);
    assert!(screen.contains(" for stress "), "{screen}");
    assert!(screen.contains("NEEDS") && screen.contains("AREAS"), "{screen}");
    assert!(screen.contains("tension ↓"), "{screen}");
    assert!(!screen.contains("Tip: rate your tension"), "{screen}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_first_time_user_sees_the_plain_list_and_the_hint() {
    let picker = picker_with(&empty());
    let plain = Picker::new(&Library::built_in().library, None);
    let ids = |p: &Picker| p.visible().iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&picker), ids(&plain));
    let screen = text(&draw_picker(&picker, 80, 24));
    assert!(
        screen.contains("Tip: rate your tension before and after; knead then marks what eases you."),
        "{screen}"
    );
    assert!(!screen.contains("never done"), "no marks: {screen}");
}

/// The picker's order and the composer's choice come from one ranking: for every body area,
/// the routine the composer would choose for it is the first in the picker's list of it, and
/// the whole list is the ranking's order. Checked on the fixture, and on a log where the best
/// routine for the neck is not the first by name.
#[test]
fn the_picker_lists_first_what_the_composer_would_choose() {
    let library = Library::built_in().library;
    let neck_release_helps = HashMap::from([
        (
            "neck-release".to_string(),
            RoutineHistory {
                last: "2026-11-15T08:00:00+01:00".parse().unwrap(),
                sessions: 5,
                effect: Ratings::from_iter([(7, 4), (6, 3), (8, 5), (6, 4), (7, 4)]).effect(),
                versus_rest: None,
            },
        ),
        (
            "bedtime-wind-down".to_string(),
            RoutineHistory {
                last: "2026-11-24T22:00:00+01:00".parse().unwrap(),
                sessions: 1,
                effect: Ratings::default().effect(),
                versus_rest: None,
            },
        ),
    ]);
    for history in [fixture().routine_history(), neck_release_helps.clone()] {
        let mut picker = Picker::new(&library, None);
        picker.set_history(&history, &now(), false);
        let mut compared = 0;
        for at in 0..picker.categories.len() {
            let Category::Area(area) = picker.categories[at].0 else {
                continue;
            };
            picker.set_category(at);
            let listed: Vec<String> = picker.visible().iter().map(|r| r.id.clone()).collect();
            let composed = compose(&library, &[area], None, &history, &now()).unwrap();
            assert_eq!(composed.chosen[0].routine.id, listed[0], "{area}");
            let ranked: Vec<String> =
                knead::suggest::ranking::rank(library.in_area(area), &history, &now(), &[area])
                    .iter()
                    .map(|r| r.routine.id.clone())
                    .collect();
            assert_eq!(listed, ranked, "{area}");
            compared += 1;
        }
        assert!(compared > 10, "every area with routines: {compared}");
    }
    let mut picker = Picker::new(&library, Some(Area::Neck));
    assert_eq!(
        picker.visible()[0].id,
        "neck-release",
        "with nothing logged, the short routine for the neck alone, not the alphabet"
    );
    picker.set_history(&neck_release_helps, &now(), false);
    assert_eq!(picker.visible()[0].id, "neck-release");
}

#[test]
fn the_plan_followed_and_its_days_done_are_said_under_the_title() {
    let theme = day();
    let digest = fixture();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let view = HistoryView {
        log: LogState::Read(&digest),
        theme: &theme,
        plan: Some("Two weeks for a desk neck: day 4 of 14, 3 of 3 session days done"),
    };
    terminal.draw(|f| f.render_widget(&view, f.area())).unwrap();
    let shown = text(&terminal);
    let second = shown.lines().nth(1).unwrap();
    assert!(
        second.contains(" plan Two weeks for a desk neck: day 4 of 14, 3 of 3 session days done"),
        "{shown}"
    );
}
/// One figure, the same everywhere: on the fixture log bedtime wind-down's completed sessions
/// rated before and after changed by -2, -2, -4, -3 and -4 (median -3.0, middle half -4 to
/// -2), and the
/// picker's mark, its details, `knead stats`, the history screen and the end screen all say so.
#[test]
fn the_same_figure_in_the_picker_stats_history_and_end_screen() {
    let digest = fixture();
    let library = Library::built_in().library;

    let mut picker = Picker::new(&library, None);
    picker.set_history(&digest.routine_history(), &now(), false);
    let goal = picker
        .categories
        .iter()
        .position(|(c, _)| *c == Category::Goal(Goal::Sleep))
        .unwrap();
    picker.set_category(goal);
    picker.focus = Focus::Routines;
    let picker_screen = text(&draw_picker(&picker, 120, 60));
    assert!(
        picker_screen.contains("tension ↓3.0 (5 rated)"),
        "{picker_screen}"
    );
    // The details pane wraps the same words.
    assert!(
        picker_screen.contains("rated  tension down 3.0 (the")
            && picker_screen.contains("median over 5 rated"),
        "the details: {picker_screen}"
    );

    let history_screen = text(&draw_history(LogState::Read(&digest), day(), 100, 32));
    let row = history_screen
        .lines()
        .find(|l| l.contains("Bedtime wind-down") && !l.contains(" min "))
        .unwrap();
    assert!(row.contains("-3.0") && row.contains(" 5"), "{row}");

    let home = tempfile::tempdir().unwrap();
    let fixture_log = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history.jsonl");
    let stats = crate::common::stdout_of(
        home.path(),
        &["stats", "--log-file", fixture_log.to_str().unwrap()],
    );
    assert!(
        stats.contains(
            "  Bedtime wind-down: tension down 3.0 (the median over 5 rated sessions); middle half -4 to -2"
        ),
        "{stats}"
    );

    // A session not rated adds nothing to the figure, so the end screen says the same.
    let mut unrated = digest.latest[0].clone();
    unrated.routine = "bedtime-wind-down".into();
    unrated.completed = true;
    (unrated.tension_before, unrated.tension_after) = (None, None);
    let lines = knead::log_words::recap_lines(&digest.recap(&unrated, &now()));
    assert!(
        lines[0].ends_with("time; tension down 3.0 (the median over 5 rated sessions)."),
        "{lines:?}"
    );
}

/// The picker opens on its suggestion, with why: a first try on an empty log, what eased the
/// person most once the log says so (even when done yesterday).
#[test]
fn the_picker_opens_on_a_suggested_row_with_its_reason() {
    let library = Library::built_in().library;
    let mut picker = Picker::new(&library, None);
    picker.set_history(&HashMap::new(), &now(), true);
    let screen = text(&draw_picker(&picker, 100, 30));
    let first = screen.lines().nth(2).unwrap();
    assert!(first.contains("Desk reset  3:00  ★ suggested"), "{screen}");
    assert!(
        screen.lines().nth(3).unwrap().contains("  a 3-minute start"),
        "{screen}"
    );

    let eased = HashMap::from([(
        "neck-release".to_string(),
        RoutineHistory {
            last: "2026-11-24T08:00:00+01:00".parse().unwrap(),
            sessions: 5,
            effect: Ratings::from_iter([(7, 4), (6, 3), (8, 5), (6, 4), (7, 4)]).effect(),
            versus_rest: None,
        },
    )]);
    picker.set_history(&eased, &now(), false);
    let screen = text(&draw_picker(&picker, 100, 30));
    assert!(
        screen
            .lines()
            .nth(2)
            .unwrap()
            .contains("Neck release  7:30  ★ suggested"),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .nth(3)
            .unwrap()
            .contains("eased your tension by 3.0 over 5"),
        "{screen}"
    );
    // A chosen need or area lists its routines without the suggestion.
    picker.set_category(
        1 + picker
            .categories
            .iter()
            .skip(1)
            .position(|(c, _)| matches!(c, Category::Area(_)))
            .unwrap(),
    );
    assert!(!text(&draw_picker(&picker, 100, 30)).contains("suggested"));
}

#[test]
fn history_columns_fit_their_widest_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonl");
    let mut lines = String::new();
    // 123,456 rated sessions would take long to write: the counts come from a few records
    // repeated under new ids, and the minutes from one very long session.
    for i in 0..123_456u32 {
        let started = format!("2026-11-2{}T08:00:00+01:00", 1 + i % 4);
        lines.push_str(&format!(
            "{{\"v\":1,\"id\":\"20261121T070000Z-{i:08x}\",\"routine\":\"neck-release\",\"name\":\"Neck release\",\"areas\":[\"neck\"],\"started\":\"{started}\",\"ended\":\"{started}\",\"planned_s\":60,\"active_s\":60,\"steps_done\":1,\"steps_total\":1,\"completed\":true,\"tension_before\":6,\"tension_after\":3}}\n"
        ));
    }
    lines.push_str("{\"v\":1,\"id\":\"20261125T070000Z-ffffffff\",\"routine\":\"jaw-ease\",\"name\":\"Jaw ease\",\"areas\":[\"jaw\"],\"started\":\"2026-11-25T08:00:00+01:00\",\"ended\":\"2026-11-25T09:00:00+01:00\",\"planned_s\":60,\"active_s\":7407360,\"steps_done\":1,\"steps_total\":1,\"completed\":true}\n");
    std::fs::write(&path, lines).unwrap();
    let digest = read(&path);
    let shown = text(&draw_history(LogState::Read(&digest), day(), 120, 40));
    assert!(shown.contains("123456"), "{shown}");
    assert!(shown.contains("123456 min"), "{shown}");
}
