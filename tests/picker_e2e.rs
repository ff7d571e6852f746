//! End-to-end: the picker in a real (tmux) terminal: pasting into its filter, and the history
//! screen behind it.

use std::time::Duration;

use crate::tmux::{Tmux, available, knead_bin};

const SECOND: Duration = Duration::from_secs(1);

/// Runs knead with `args`, then says so, so a test can see the shell is back.
fn script(args: &str) -> String {
    format!(
        "{} {args}; echo \"exit=$?\"; echo SHELL-IS-BACK; sleep 60",
        knead_bin().display()
    )
}

#[test]
fn a_long_paste_into_the_filter_is_one_event_cut_to_length() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(&script(""), home.path());
    tmux.wait_for("choose a routine", 5 * SECOND);
    tmux.send(&["/"]);
    tmux.wait_for("type filter", SECOND);
    // 200 KB with a line break early on: typed key by key, the break would be Enter and
    // start a routine, and every key would redraw the screen.
    let paste = format!("temple\n{}", "x".repeat(200_000));
    tmux.paste(&paste, home.path());
    tmux.wait_for("No routine matches.", 3 * SECOND);
    // The filter keeps its first 64 characters: "temple" and 58 of the x's.
    let backspaces = vec!["BSpace"; 58];
    tmux.send(&backspaces);
    let screen = tmux.wait_for("/temple▏", 3 * SECOND);
    assert!(screen.contains("Temple tension"), "{screen}");
    tmux.send(&["BSpace"]);
    tmux.wait_for("/templ▏", SECOND);
    tmux.send(&["Escape"]);
    tmux.wait_for("all routines", SECOND);
    tmux.send(&["q"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(screen.contains("exit=0"), "{screen}");
}

/// A home whose default log holds the fixture of tests/fixtures/history.jsonl.
fn home_with_fixture_log() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("data/knead");
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history.jsonl");
    std::fs::copy(fixture, dir.join("sessions.jsonl")).unwrap();
    home
}

#[test]
fn the_history_screen_opens_from_the_picker_and_esc_returns() {
    if !available() {
        return;
    }
    let home = home_with_fixture_log();
    let tmux = Tmux::start(&script(""), home.path());
    let screen = tmux.wait_for("s history", 5 * SECOND);
    assert!(screen.contains("choose a routine"), "{screen}");
    // The log is read behind the first frame; its marks follow.
    tmux.wait_for("tension ↓", 5 * SECOND);
    tmux.send(&["s"]);
    let screen = tmux.wait_for("tension change, best first", 3 * SECOND);
    for text in [
        "your history",
        "this week",
        "minutes a week, last 12 weeks",
        "Bedtime wind-down",
        "1 damaged line skipped",
        "Esc back to the routines",
    ] {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
    tmux.send(&["Escape"]);
    let screen = tmux.wait_for("choose a routine", 3 * SECOND);
    assert!(!screen.contains("your history"), "{screen}");
    tmux.send(&["q"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(screen.contains("exit=0"), "{screen}");
}

#[test]
fn the_end_screen_says_what_this_routine_does_for_the_person() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("data/knead");
    std::fs::create_dir_all(&dir).unwrap();
    let rated = |day: &str, before: u8, after: u8| {
        format!(
            r#"{{"v":1,"id":"2026010{day}T080000Z-0000000{day}","routine":"neck-release","name":"Neck release","areas":["neck"],"started":"2026-01-0{day}T09:00:00+01:00","ended":"2026-01-0{day}T09:08:00+01:00","planned_s":450,"active_s":450,"steps_done":10,"steps_total":10,"completed":true,"tension_before":{before},"tension_after":{after}}}"#
        )
    };
    let log = [
        rated("1", 7, 4),
        rated("2", 6, 4),
        rated("3", 8, 4),
        rated("4", 7, 4),
    ]
    .join("\n")
        + "\n";
    std::fs::write(dir.join("sessions.jsonl"), log).unwrap();
    let tmux = Tmux::start(&script("run neck-release --minutes 0.1 --no-bell"), home.path());
    tmux.wait_for("press Enter to begin", 5 * SECOND);
    tmux.send(&["6", "Enter"]);
    tmux.wait_for("How tense do you feel now?", 20 * SECOND);
    tmux.send(&["3", "Enter"]);
    let screen = tmux.wait_for("Streak: 1 day.", 3 * SECOND);
    assert!(
        screen.contains("5th time; tension down 3.0 (the median over 5 rated sessions)."),
        "{screen}"
    );
    tmux.send(&["Enter"]);
    tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
}

/// Opens the overview of Neck release from the picker, by filtering for it.
fn open_neck_release(tmux: &Tmux) {
    tmux.wait_for("choose a routine", 5 * SECOND);
    tmux.send(&["/"]);
    tmux.wait_for("/▏", SECOND);
    tmux.send(&["-l", "neck release"]);
    tmux.wait_for("/neck release▏", SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("press Enter to begin", 3 * SECOND);
}

#[test]
fn q_on_the_overview_goes_back_to_the_picker_and_q_there_quits() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(&script("run --no-bell"), home.path());
    open_neck_release(&tmux);
    tmux.send(&["q"]);
    let screen = tmux.wait_for("choose a routine", 3 * SECOND);
    assert!(!screen.contains("SHELL-IS-BACK"), "{screen}");
    // Esc does the same.
    tmux.send(&["Enter"]);
    tmux.wait_for("press Enter to begin", 3 * SECOND);
    tmux.send(&["Escape"]);
    let screen = tmux.wait_for("choose a routine", 3 * SECOND);
    assert!(!screen.contains("SHELL-IS-BACK"), "{screen}");
    tmux.send(&["q"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(screen.contains("exit=0"), "{screen}");
}

#[test]
fn esc_goes_back_one_level_and_asks_before_leaving() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(&script(""), home.path());
    tmux.wait_for("choose a routine", 5 * SECOND);
    // An Esc closely followed by another key reads as Alt and that key: a person's keys
    // come apart, and so do these.
    let escape = || {
        tmux.send(&["Escape"]);
        std::thread::sleep(Duration::from_millis(300));
    };
    tmux.send(&["Right"]);
    // From the routines to the left column, then the question.
    escape();
    escape();
    tmux.wait_for("y to quit knead · n or Esc to stay", 3 * SECOND);
    escape();
    let screen = tmux.wait_gone("y to quit knead", 3 * SECOND);
    assert!(screen.contains("choose a routine"), "{screen}");
    escape();
    tmux.wait_for("y to quit knead", 3 * SECOND);
    tmux.send(&["y"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(screen.contains("exit=0"), "{screen}");
}

#[test]
fn the_picker_comes_back_after_a_session_with_its_end_line() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(&script("run --minutes 0.1 --no-bell"), home.path());
    open_neck_release(&tmux);
    tmux.send(&["Enter"]);
    tmux.wait_for("How tense do you feel now?", 20 * SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("Press Enter to leave", 3 * SECOND);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("choose a routine", 3 * SECOND);
    assert!(
        screen.contains("Done: Neck release · ") && screen.contains(" done, 0 skipped · "),
        "the end line stays in sight:\n{screen}"
    );
    assert!(!screen.contains("SHELL-IS-BACK"), "{screen}");
    // Another session from the same picker, left from its overview, keeps the line.
    tmux.send(&["Enter"]);
    tmux.wait_for("press Enter to begin", 3 * SECOND);
    tmux.send(&["q"]);
    let screen = tmux.wait_for("choose a routine", 3 * SECOND);
    assert!(screen.contains("Done: Neck release"), "{screen}");
    tmux.send(&["q"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(screen.contains("exit=0"), "{screen}");
    let log = std::fs::read_to_string(home.path().join("data/knead/sessions.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 1, "{log}");
}

#[test]
fn the_health_profile_form_is_offered_once_and_fits_the_picker_to_what_is_marked() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start_first_time(&script(""), home.path());
    let screen = tmux.wait_for("your health profile", 5 * SECOND);
    assert!(
        screen.contains("[ ] blood thinners or a clotting disorder"),
        "{screen}"
    );
    assert!(screen.contains("Esc skip"), "{screen}");
    // Blood thinners: the second row.
    tmux.send(&["Down", "Space"]);
    tmux.wait_for("[x] blood thinners", SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("choose a routine", 3 * SECOND);
    // The ball routines now leave their ball steps out, and say so in the list.
    tmux.send(&["/"]);
    tmux.wait_for("type filter", SECOND);
    tmux.send(&["upper"]);
    tmux.wait_for("/upper▏", 3 * SECOND);
    let screen = tmux.wait_for("Upper back ball", 3 * SECOND);
    assert!(screen.contains("left out for you"), "{screen}");
    tmux.send(&["Escape"]);
    tmux.wait_for("all routines", SECOND);
    tmux.send(&["q"]);
    tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    let profile = std::fs::read_to_string(home.path().join("config/knead/profile.toml")).unwrap();
    assert!(
        profile.contains("precautions = [\"blood-thinners\"]"),
        "{profile}"
    );
    assert!(profile.contains("form_offered = true"), "{profile}");

    // Offered once: the next start goes straight to the picker.
    let again = Tmux::start_first_time(&script(""), home.path());
    let screen = again.wait_for("choose a routine", 5 * SECOND);
    assert!(!screen.contains("your health profile"), "{screen}");
    again.send(&["q"]);
    again.wait_for("SHELL-IS-BACK", 3 * SECOND);
}

#[test]
fn skipping_the_health_profile_form_records_nothing_and_never_asks_again() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start_first_time(&script(""), home.path());
    tmux.wait_for("your health profile", 5 * SECOND);
    tmux.send(&["Escape"]);
    tmux.wait_for("choose a routine", 3 * SECOND);
    tmux.send(&["q"]);
    tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    let profile = std::fs::read_to_string(home.path().join("config/knead/profile.toml")).unwrap();
    assert!(profile.contains("precautions = []"), "{profile}");
    assert!(profile.contains("form_offered = true"), "{profile}");
}

#[test]
fn todays_plan_session_is_the_pickers_first_row_and_the_history_says_the_days_done() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data/knead");
    std::fs::create_dir_all(&data).unwrap();
    // Started today (in the time zone tmux's shell gives knead, which is this machine's).
    std::fs::write(
        data.join("plan.toml"),
        format!(
            "plan = \"keyboard-hands-week\"\nstarted = \"{}\"\n",
            chrono::Local::now().date_naive()
        ),
    )
    .unwrap();
    let tmux = Tmux::start(&script(""), home.path());
    let screen = tmux.wait_for("today's plan · day 1 of 7", 5 * SECOND);
    // The routine above the mark is the plan's, and it is the first in the list: the
    // first routine line of the middle column ("all routines").
    let lines: Vec<&str> = screen.lines().collect();
    let mark = lines
        .iter()
        .position(|l| l.contains("today's plan · day 1 of 7"))
        .unwrap();
    assert!(lines[mark - 1].contains("Keyboard hands"), "{screen}");
    assert!(lines[mark - 2].contains("all routines"), "{screen}");
    tmux.send(&["s"]);
    tmux.wait_for(
        "plan A week for keyboard hands: day 1 of 7, 0 of 1 session days done",
        3 * SECOND,
    );
    tmux.send(&["Escape"]);
    tmux.wait_for("choose a routine", 3 * SECOND);
    tmux.send(&["q"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(screen.contains("exit=0"), "{screen}");
}
