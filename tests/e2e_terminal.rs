//! End-to-end: the real binary in a real (tmux) terminal, driven by key presses.

use std::time::Duration;

use crate::tmux::{Tmux, available, knead_bin};

const SECOND: Duration = Duration::from_secs(1);

/// A script that records the terminal settings before and after knead runs, so a test can
/// tell whether the terminal was given back.
fn script(home: &std::path::Path, knead_args: &str) -> String {
    let dir = home.display();
    format!(
        "stty -g > {dir}/stty-before; {bin} {knead_args}; echo \"exit=$?\" > {dir}/exit; stty -g > {dir}/stty-after; echo SHELL-IS-BACK; sleep 60",
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
    let tmux = Tmux::start(
        &script(home.path(), "run --area neck --minutes 0.25 --no-bell"),
        home.path(),
    );
    // The picker opens on the neck routines; filter to one and start it.
    tmux.wait_for("choose a routine", 5 * SECOND);
    tmux.send(&["/"]);
    tmux.send(&["-l", "neck rel"]);
    tmux.wait_for("Neck release", SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("press Enter to begin", 2 * SECOND);
    tmux.send(&["5"]);
    tmux.wait_for(
        "How tense do you feel? 0-10, then Enter (Enter alone skips): 5",
        SECOND,
    );
    tmux.send(&["Enter"]);
    tmux.wait_for("step 1 of 10", 3 * SECOND);

    // Pause and resume several times: the display must keep moving afterwards.
    for _ in 0..4 {
        tmux.send(&["Space"]);
        tmux.wait_for("PAUSED", SECOND);
        tmux.send(&["Space"]);
        tmux.wait_gone("PAUSED", SECOND);
    }
    let before = tmux.screen();
    std::thread::sleep(Duration::from_millis(1300));
    let after = tmux.screen();
    assert_ne!(before, after, "the screen froze after pausing");

    // Skip ahead.
    let step = |screen: &str| screen.lines().next().unwrap_or_default().to_string();
    let first = step(&tmux.screen());
    tmux.send(&["n"]);
    std::thread::sleep(Duration::from_millis(200));
    assert_ne!(step(&tmux.screen()), first, "n moves to the next step");

    tmux.wait_for("Session complete", 20 * SECOND);
    tmux.wait_for("How tense do you feel now?", SECOND);
    tmux.send(&["2", "Enter"]);
    let screen = tmux.wait_for("Tension: 5 → 2 (3 lower)", SECOND);
    assert!(screen.contains("Streak: 1 day."), "{screen}");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(screen.contains("Done: neck-release"), "{screen}");
    assert_eq!(wait_file(home.path(), "exit"), "exit=0");
    assert_eq!(
        wait_file(home.path(), "stty-after"),
        read(home.path(), "stty-before")
    );
}

#[test]
fn sigterm_mid_session_gives_the_terminal_back() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(&script(home.path(), "run neck-release --no-bell"), home.path());
    tmux.wait_for("press Enter to begin", 5 * SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("step 1 of 10", 5 * SECOND);
    let pid = tmux.child_pid();
    assert!(!pid.is_empty(), "knead's pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let screen = tmux.wait_for("SHELL-IS-BACK", 5 * SECOND);
    assert!(screen.contains("Ended early"), "{screen}");
    assert_eq!(wait_file(home.path(), "exit"), "exit=143");
    assert_eq!(
        wait_file(home.path(), "stty-after"),
        read(home.path(), "stty-before")
    );
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
    let screen = tmux.wait_for("PAUSED", 3 * SECOND);
    assert!(
        screen.contains("Paused while knead was in the background."),
        "{screen}"
    );
    assert!(screen.contains("step 1 of 10"), "{screen}");
    // It stays paused: the countdown does not move behind the person's back.
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(tmux.screen(), screen);
    tmux.send(&["Space"]);
    tmux.wait_gone("PAUSED", SECOND);
}
