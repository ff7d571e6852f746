//! End-to-end: a session is recorded as what was done. Pressing `n` through a routine in
//! the real terminal reaches its end, but is logged as ended early with every pass skipped,
//! and leaves the streak and `knead due` as they were.

use std::time::Duration;

use crate::common::knead;
use crate::tmux::{Tmux, available, knead_bin};

const SECOND: Duration = Duration::from_secs(1);

#[test]
fn a_session_skipped_through_is_recorded_as_ended_early_and_leaves_streak_and_due_alone() {
    if !available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let due_before = knead(home.path()).arg("due").output().unwrap();
    assert_eq!(due_before.status.code(), Some(1), "{due_before:?}");

    let script = format!(
        "{} run keyboard-hands --no-bell; echo SHELL-IS-BACK; sleep 60",
        knead_bin().display()
    );
    let tmux = Tmux::start(&script, home.path());
    tmux.wait_for("press Enter to begin", 5 * SECOND);
    tmux.send(&["Enter"]);
    tmux.wait_for("Get ready", 3 * SECOND);
    // `n` through the get-ready, every pass and the switch, a moment on each.
    for _ in 0..30 {
        tmux.send(&["n"]);
        std::thread::sleep(Duration::from_millis(150));
        if tmux.screen().contains("Session ended early") {
            break;
        }
    }
    let screen = tmux.wait_for("Session ended early", SECOND);
    assert!(!screen.contains("Session complete"), "{screen}");
    assert!(screen.contains("0 done, 13 skipped"), "{screen}");
    // Past the question about tension after, back to the shell.
    for _ in 0..3 {
        tmux.send(&["Enter"]);
        std::thread::sleep(Duration::from_millis(200));
    }
    let screen = tmux.wait_for("SHELL-IS-BACK", 3 * SECOND);
    assert!(
        screen.contains("Ended early: Keyboard hands · 0 done, 13 skipped"),
        "{screen}"
    );

    let log = std::fs::read_to_string(home.path().join("data/knead/sessions.jsonl")).unwrap();
    let record: serde_json::Value = serde_json::from_str(log.trim()).unwrap();
    assert_eq!(record["v"], 2);
    assert_eq!(record["routine"], "keyboard-hands");
    assert_eq!(record["completed"], false);
    assert_eq!(
        (&record["passes_done"], &record["passes_skipped"]),
        (&0.into(), &13.into())
    );
    assert_eq!(record["steps_done"], 0);

    // `knead due` still nudges, and the streak has not begun.
    let due_after = knead(home.path()).arg("due").output().unwrap();
    assert_eq!(due_after.status.code(), Some(1), "{due_after:?}");
    assert_eq!(due_after.stdout, due_before.stdout);
    let stats = knead(home.path())
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!((&stats["sessions"], &stats["completed"]), (&1.into(), &0.into()));
    assert_eq!(stats["current_streak_days"], 0);
    let log = knead(home.path()).arg("log").output().unwrap();
    let log = String::from_utf8(log.stdout).unwrap();
    assert!(log.contains("ended early · 13 skipped"), "{log}");
}
