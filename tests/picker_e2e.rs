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
