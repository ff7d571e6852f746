//! End-to-end: the real binary in a real (tmux) terminal, driven by key presses.

use std::time::Duration;

use crate::tmux::{Tmux, available, knead_bin};

const SECOND: Duration = Duration::from_secs(1);

/// A script that records the terminal settings before and after knead runs, so a test can
/// tell whether the terminal was given back.
fn script(home: &std::path::Path, knead_args: &str) -> String {
    script_with(home, "", knead_args)
}

/// [`script`] with `env` (such as `TERM=dumb` or `env -u TERM`) before the command.
fn script_with(home: &std::path::Path, env: &str, knead_args: &str) -> String {
    let dir = home.display();
    format!(
        "stty -g > {dir}/stty-before; {env} {bin} {knead_args}; echo \"exit=$?\" > {dir}/exit; stty -g > {dir}/stty-after; echo SHELL-IS-BACK; sleep 60",
        bin = knead_bin().display()
    )
}

fn read(home: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(home.join(name))
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn wait_file(home: &std::path::Path, name: &str) -> String {
    for _ in 0..100 {
        let text = read(home, name);
        if !text.is_empty() {
            return text;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{name} was never written");
}

#[test]
fn pick_run_pause_skip_and_finish() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(&script(home.path(), "run --minutes 0.25 --no-bell"), home.path());
    // The picker opens (with --minutes and one --area knead would compose instead); filter
    // to one routine and start it.
    tmux.wait_for("choose a routine", 5 * SECOND);
    tmux.send(&["/"]);
    tmux.send(&["-l", "neck rel"]);
    tmux.wait_for("Neck release", SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("press Enter to begin", 2 * SECOND);
    tmux.send(&["5"]);
    tmux.wait_for("How tense do you feel? Type 0-10 (optional): 5", SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("step 1 of 10", 3 * SECOND);

    // Pause and resume several times: the display must keep moving afterwards.
    for _ in 0..4 {
        tmux.send(&["Space"]);
        tmux.wait_for("Paused · Space to resume", SECOND);
        tmux.send(&["Space"]);
        tmux.wait_gone("Paused · Space to resume", SECOND);
    }
    // The countdown moves on: the screen does not stay as it was (it froze once).
    let before = tmux.screen();
    tmux.wait_gone(&before, 3 * SECOND);

    // Skip ahead.
    let step = |screen: &str| screen.lines().next().unwrap_or_default().to_string();
    let first = step(&tmux.screen());
    tmux.send(&["n"]);
    // n moves to the next step: the first step's header goes.
    tmux.wait_gone(&first, SECOND);

    tmux.wait_for("Session complete", 20 * SECOND);
    tmux.wait_for("How tense do you feel now?", SECOND);
    tmux.send(&["2", "Enter"]);
    let screen = tmux.wait_for("Tension: 5 → 2 (3 lower)", SECOND);
    assert!(screen.contains("Streak: 1 day."), "{screen}");
    // The picker comes back, with how the session went; q there leaves knead.
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("choose a routine", 3 * SECOND);
    assert!(screen.contains("Done: Neck release"), "{screen}");
    tmux.send(&["q"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(screen.contains("Done: Neck release"), "{screen}");
    assert_eq!(wait_file(home.path(), "exit"), "exit=0");
    assert_eq!(
        wait_file(home.path(), "stty-after"),
        read(home.path(), "stty-before")
    );
}

#[test]
fn one_area_without_minutes_opens_the_picker_on_that_area() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(&script(home.path(), "run --area neck"), home.path());
    let screen = tmux.wait_for("choose a routine", 5 * SECOND);
    for id in ["Neck release", "Desk break", "Bedtime wind-down"] {
        assert!(screen.contains(id), "{id}:\n{screen}");
    }
    assert!(!screen.contains("Tired feet"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert_eq!(wait_file(home.path(), "exit"), "exit=0");
}

#[test]
fn a_chained_session_runs_one_routine_after_the_other_full_screen() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(
        &script(
            home.path(),
            "run temple-tension jaw-ease --minutes 0.25 --no-bell",
        ),
        home.path(),
    );
    // The cautions and steps of two routines do not fit an 80x24 screen: they scroll, and
    // the way to begin stays in sight.
    let screen = tmux.wait_for("press Enter to begin", 5 * SECOND);
    assert!(screen.contains("Temple tension + Jaw ease"), "{screen}");
    assert!(screen.contains("more · ↑↓ scroll"), "{screen}");
    assert!(screen.contains("How tense do you feel?"), "{screen}");
    tmux.send(&["End"]);
    let screen = tmux.wait_for("above · ↑↓ scroll", SECOND);
    assert!(screen.contains("Jaw ease"), "{screen}");
    tmux.send(&["Enter"]);
    tmux.wait_for("Temple tension · step 1 of 7", 3 * SECOND);
    tmux.wait_for("Jaw ease · step 1 of 9", 15 * SECOND);
    tmux.wait_for("Session complete", 15 * SECOND);
    tmux.send(&["Enter"]);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(
        screen.contains("Done: Temple tension + Jaw ease · 17 done, 0 skipped"),
        "{screen}"
    );
    assert_eq!(wait_file(home.path(), "exit"), "exit=0");
}

/// Ends a running session with `signal` and checks the terminal and the exit code; a
/// session past its first step is also recorded, as ended early.
fn signal_mid_session(signal: &str, exit: &str) {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(
        &script(home.path(), "run neck-release --no-bell --minutes 1"),
        home.path(),
    );
    tmux.wait_for("press Enter to begin", 5 * SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("step 1 of 10", 5 * SECOND);
    // The first step (about 4 s of the minute) runs in full, the second is cut short.
    tmux.wait_for("step 2 of 10", 8 * SECOND);
    let pid = tmux.child_pid();
    assert!(!pid.is_empty(), "knead's pid");
    let killed = std::process::Command::new("kill")
        .args([signal, &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let screen = tmux.wait_for("SHELL-IS-BACK", 5 * SECOND);
    assert!(
        screen.contains("Ended early: Neck release · 1 done, 1 skipped"),
        "{screen}"
    );
    assert_eq!(wait_file(home.path(), "exit"), exit);
    assert_eq!(
        wait_file(home.path(), "stty-after"),
        read(home.path(), "stty-before")
    );
    let log = std::fs::read_to_string(home.path().join("data/knead/sessions.jsonl")).unwrap();
    let record: serde_json::Value = serde_json::from_str(log.trim()).unwrap();
    assert_eq!(
        (record["completed"].as_bool(), record["steps_done"].as_u64()),
        (Some(false), Some(1))
    );
    assert_eq!(
        (record["passes_done"].as_u64(), record["passes_skipped"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn sigterm_mid_session_gives_the_terminal_back() {
    signal_mid_session("-TERM", "exit=143");
}

#[test]
fn sighup_mid_session_gives_the_terminal_back() {
    signal_mid_session("-HUP", "exit=129");
}

#[test]
fn sigquit_mid_session_gives_the_terminal_back() {
    signal_mid_session("-QUIT", "exit=131");
}

#[test]
fn ctrl_c_ends_the_session_and_restores_the_terminal() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(&script(home.path(), "run temple-tension --no-bell"), home.path());
    tmux.wait_for("press Enter to begin", 5 * SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("step 1 of 7", 5 * SECOND);
    tmux.send(&["C-c"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 5 * SECOND);
    assert!(screen.contains("Ended early"), "{screen}");
    assert_eq!(
        wait_file(home.path(), "stty-after"),
        read(home.path(), "stty-before")
    );
}

#[test]
fn ctrl_z_gives_the_shell_back_and_fg_returns_to_a_paused_session() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().display().to_string();
    let tmux = Tmux::shell(home.path());
    tmux.type_line(&format!(
        "export PS1='$ '; stty -g > {dir}/before; {} run neck-release --no-bell",
        knead_bin().display()
    ));
    tmux.wait_for("press Enter to begin", 5 * SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("step 1 of 10", 5 * SECOND);
    tmux.send(&["C-z"]);
    tmux.wait_for("Stopped", 3 * SECOND);
    tmux.type_line(&format!("stty -g > {dir}/during; echo SAVED-$((40+2))"));
    tmux.wait_for("SAVED-42", 3 * SECOND);
    assert_eq!(
        read(home.path(), "during"),
        read(home.path(), "before"),
        "the shell got its terminal settings back"
    );
    tmux.type_line("fg");
    let screen = tmux.wait_for("Paused · Space to resume", 3 * SECOND);
    assert!(
        screen.contains("Paused while knead was in the background."),
        "{screen}"
    );
    assert!(screen.contains("step 1 of 10"), "{screen}");
    // It stays paused: the countdown does not move behind the person's back. `wait_for` gave
    // the screen once settled; a running countdown would change it within a second, so it
    // is watched for longer than that (nothing to wait for: the test is that nothing comes).
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(tmux.screen(), screen);
    tmux.send(&["Space"]);
    tmux.wait_gone("Paused · Space to resume", SECOND);
}

#[test]
fn a_terminal_without_the_full_screen_view_runs_plain_and_says_so() {
    if !available() {
        return;
    }
    // Started together: each runs a six-second session.
    let runs: Vec<(&str, &str, tempfile::TempDir)> = [
        ("TERM=dumb", "TERM=dumb"),
        ("env -u TERM", "an unset TERM"),
        ("TERM=", "an empty TERM"),
    ]
    .into_iter()
    .map(|(env, said)| (env, said, tempfile::tempdir().unwrap()))
    .collect();
    let panes: Vec<Tmux> = runs
        .iter()
        .map(|(env, _, home)| {
            Tmux::start(
                &script_with(home.path(), env, "run temple-tension --minutes 0.1 --no-log"),
                home.path(),
            )
        })
        .collect();
    for ((env, said, home), tmux) in runs.iter().zip(&panes) {
        tmux.wait_for("SHELL-IS-BACK", 20 * SECOND);
        let screen = tmux.transcript();
        let notice = format!("knead: {said} cannot show the full-screen view; running in plain mode");
        assert_eq!(
            screen.lines().filter(|l| *l == notice).count(),
            1,
            "{env}:\n{screen}"
        );
        assert!(
            screen.contains("[00:00] Step 1/7 · Slow breaths"),
            "{env}:\n{screen}"
        );
        assert!(
            screen.contains("Done: Temple tension · 7 done, 0 skipped"),
            "{env}:\n{screen}"
        );
        assert_eq!(wait_file(home.path(), "exit"), "exit=0", "{env}");
        assert_eq!(
            wait_file(home.path(), "stty-after"),
            read(home.path(), "stty-before"),
            "{env}"
        );
    }
}

#[test]
fn a_terminal_without_the_full_screen_view_cannot_open_the_picker() {
    if !available() {
        return;
    }
    for knead_args in ["", "run --area neck"] {
        let home = tempfile::tempdir().unwrap();
        let tmux = Tmux::start(&script_with(home.path(), "TERM=dumb", knead_args), home.path());
        tmux.wait_for("SHELL-IS-BACK", 5 * SECOND);
        let screen = tmux.transcript();
        assert!(
            screen.contains(
                "knead: error: TERM=dumb cannot show the full-screen picker: `knead list` shows the routines, `knead run ROUTINE` runs one in plain mode"
            ),
            "{knead_args:?}:\n{screen}"
        );
        assert_eq!(wait_file(home.path(), "exit"), "exit=2", "{knead_args:?}");
    }
}

#[test]
fn a_speech_program_that_cannot_start_is_named_once_outside_the_full_screen_view() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(
        &script(
            home.path(),
            "run temple-tension --minutes 0.1 --no-bell --no-log --voice-command /nonexistent/speak",
        ),
        home.path(),
    );
    let screen = tmux.wait_for("press Enter to begin", 5 * SECOND);
    assert!(!screen.contains("speech program"), "{screen}");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("Session complete", 15 * SECOND);
    assert!(!screen.contains("speech program"), "{screen}");
    tmux.send(&["Enter"]);
    tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    let screen = tmux.transcript();
    let said: Vec<&str> = screen.lines().filter(|l| l.contains("speech program")).collect();
    assert_eq!(
        said,
        [
            "knead: cannot start the speech program `/nonexistent/speak`: no such file; the session runs silent"
        ],
        "{screen}"
    );
    assert!(screen.contains("Done: Temple tension"), "{screen}");
    assert_eq!(wait_file(home.path(), "exit"), "exit=0");
}

/// The braille cells of a screen, where they are: the body figure.
fn figure_cells(screen: &str) -> Vec<(usize, usize, char)> {
    screen
        .lines()
        .enumerate()
        .flat_map(|(row, line)| {
            line.chars()
                .enumerate()
                .filter(|(_, c)| ('\u{2801}'..='\u{28FF}').contains(c))
                .map(move |(col, c)| (row, col, c))
        })
        .collect()
}

#[test]
fn the_step_screen_shows_the_body_and_the_figure_follows_the_steps_spot() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let routines = home.path().join("config").join("knead").join("routines");
    std::fs::create_dir_all(&routines).unwrap();
    std::fs::write(
        routines.join("two-spots.toml"),
        r#"name = "Two spots"
summary = "A shoulder, then a palm."
areas = ["shoulders", "hands"]
goals = ["stress"]

[[steps]]
name = "Knead the shoulder"
cue = "Squeeze the muscle on top of the shoulder and let go slowly."
seconds = 60
pressure = "medium"
stroke = "kneading"
side = "left"
spot = "top-of-shoulder"

[[steps]]
name = "Palm circles"
cue = "Make slow thumb circles over the palm."
seconds = 60
pressure = "medium"
stroke = "circles"
side = "right"
spot = "palm"
"#,
    )
    .unwrap();
    let tmux = Tmux::start(
        &script(home.path(), "run two-spots --no-bell --no-log"),
        home.path(),
    );
    tmux.wait_for("press Enter to begin", 5 * SECOND);
    tmux.send(&["Enter"]);
    let shoulder = tmux.wait_for("step 1 of 2", 8 * SECOND);
    assert!(shoulder.contains("← your left"), "{shoulder}");
    let first = figure_cells(&shoulder);
    assert!(first.len() > 40, "the figure is drawn:\n{shoulder}");
    tmux.send(&["n"]);
    let palm = tmux.wait_for("step 2 of 2", 2 * SECOND);
    assert!(palm.contains("your right"), "{palm}");
    let second = figure_cells(&palm);
    assert!(second.len() > 40, "the figure is drawn:\n{palm}");
    assert_ne!(
        first, second,
        "the figure changes with the spot:\n{shoulder}\n{palm}"
    );
    assert!(!palm.contains("← your left"), "{palm}");
    // The figure stands beside the facts, not over them or the cue.
    for screen in [&shoulder, &palm] {
        assert!(screen.contains("pressure ▮▮▯ MEDIUM"), "{screen}");
    }
    assert!(palm.contains("Make slow thumb circles over the palm."), "{palm}");
    tmux.send(&["C-c"]);
    tmux.wait_for("SHELL-IS-BACK", 5 * SECOND);
}

/// Which half of the body figure holds more dots: the outline is the same on both halves, so
/// the lit spot tips it. `true` for the screen's left.
fn lit_on_the_left(screen: &str) -> bool {
    let cells = figure_cells(screen);
    let (low, high) = cells
        .iter()
        .fold((usize::MAX, 0), |(l, h), &(_, col, _)| (l.min(col), h.max(col)));
    let middle = (low + high) as f64 / 2.0;
    let dots = |left: bool| -> u32 {
        cells
            .iter()
            .filter(|&&(_, col, _)| ((col as f64) < middle) == left && (col as f64) != middle)
            .map(|&(_, _, c)| (c as u32 - 0x2800).count_ones())
            .sum()
    };
    assert!(dots(true) != dots(false), "no side lit:\n{screen}");
    dots(true) > dots(false)
}

#[test]
fn a_left_spot_lights_on_the_screens_left_from_the_front_and_from_behind() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let routines = home.path().join("config").join("knead").join("routines");
    std::fs::create_dir_all(&routines).unwrap();
    std::fs::write(
        routines.join("left-leg.toml"),
        r#"name = "Left leg"
summary = "The front of the left thigh, then the left calf."
areas = ["thighs", "calves"]
goals = ["recovery"]

[[steps]]
name = "Thigh circles"
cue = "Make slow circles on the front of the thigh."
seconds = 60
pressure = "medium"
stroke = "circles"
side = "left"
spot = "front-of-thigh"

[[steps]]
name = "Calf squeeze"
cue = "Squeeze the calf and let go slowly."
seconds = 60
pressure = "medium"
stroke = "squeezing"
side = "left"
spot = "calf"
"#,
    )
    .unwrap();
    let tmux = Tmux::start(
        &script(home.path(), "run left-leg --no-bell --no-log"),
        home.path(),
    );
    tmux.wait_for("press Enter to begin", 5 * SECOND);
    tmux.send(&["Enter"]);
    let thigh = tmux.wait_for("LEFT SIDE", 8 * SECOND);
    assert!(thigh.contains("as in a mirror"), "{thigh}");
    assert!(lit_on_the_left(&thigh), "the front of the left thigh:\n{thigh}");
    tmux.send(&["n"]);
    let calf = tmux.wait_for("step 2 of 2", 3 * SECOND);
    assert!(calf.contains("from behind"), "{calf}");
    assert!(lit_on_the_left(&calf), "the left calf:\n{calf}");
    tmux.send(&["C-c"]);
    tmux.wait_for("SHELL-IS-BACK", 5 * SECOND);
}

/// A log that cannot take a record stops a full-screen session, and the picker, before the
/// screen is taken: the message is in the shell, the terminal as it was.
#[test]
fn an_unwritable_log_is_said_before_the_full_screen_opens() {
    if !available() {
        return;
    }
    for args in ["run neck-release", ""] {
        let home = tempfile::tempdir().unwrap();
        let folder = home.path().join("logs");
        std::fs::create_dir(&folder).unwrap();
        let tmux = Tmux::start(
            &script(home.path(), &format!("{args} --log-file {}", folder.display())),
            home.path(),
        );
        tmux.wait_for("SHELL-IS-BACK", 5 * SECOND);
        let screen = tmux.transcript();
        assert!(
            screen.contains(&format!(
                "knead: error: the session log {} is a folder, so this session cannot be recorded",
                folder.display()
            )),
            "{args:?}: {screen}"
        );
        assert!(!screen.contains("step 1 of"), "{args:?}: {screen}");
        assert_eq!(wait_file(home.path(), "exit"), "exit=1", "{args:?}");
        assert_eq!(
            wait_file(home.path(), "stty-after"),
            read(home.path(), "stty-before")
        );
    }
}
