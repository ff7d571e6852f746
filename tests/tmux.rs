//! A person at a real terminal, played by tmux: start knead in a pane, type keys, read the
//! screen. Used by the end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The binary under test: `KNEAD_E2E_BIN` (CI points it at the release build), else the one
/// cargo built for this test run.
pub fn knead_bin() -> PathBuf {
    std::env::var_os("KNEAD_E2E_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_knead")))
}

/// Whether tmux can run here. Without it the terminal tests are skipped on a developer's
/// machine, but in CI (where `.ci/run` installs it) its absence is a failure.
pub fn available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is missing, and CI must run the terminal tests"
        );
        eprintln!("tmux not found: skipping the terminal test");
    }
    found
}

pub struct Tmux {
    socket: String,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Tmux {
    /// A private tmux server running `script` (a bash script) in a 80×24 pane. The health
    /// profile's form is taken as already offered, unless the test wrote a profile itself
    /// or calls [`Tmux::start_first_time`].
    pub fn start(script: &str, home: &Path) -> Tmux {
        let profile = home.join("config").join("knead").join("profile.toml");
        if !profile.exists() {
            std::fs::create_dir_all(profile.parent().unwrap()).unwrap();
            std::fs::write(&profile, "form_offered = true\n").unwrap();
        }
        Tmux::start_first_time(script, home)
    }

    /// [`Tmux::start`] for a person who has never seen knead: no profile file.
    pub fn start_first_time(script: &str, home: &Path) -> Tmux {
        let socket = format!(
            "knead-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let tmux = Tmux { socket };
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "80",
                "-y",
                "24",
            ])
            .args(["-e", &format!("HOME={}", home.display())])
            .args([
                "-e",
                &format!("XDG_CONFIG_HOME={}", home.join("config").display()),
            ])
            .args(["-e", &format!("XDG_DATA_HOME={}", home.join("data").display())])
            .args(["-e", "TERM=xterm-256color"])
            .args(["bash", "--norc", "--noprofile", "-c", script])
            .status()
            .expect("tmux starts");
        assert!(status.success(), "tmux new-session failed");
        tmux
    }

    /// A private tmux server with an interactive shell (job control on), prompt `$ `.
    pub fn shell(home: &Path) -> Tmux {
        let tmux = Tmux::start("PS1='$ ' exec bash --norc --noprofile -i", home);
        tmux.wait_for("$", Duration::from_secs(5));
        tmux
    }

    /// Types a line into the pane's shell.
    pub fn type_line(&self, line: &str) {
        self.send(&["-l", line]);
        self.send(&["Enter"]);
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        let out = self.tmux(&args);
        assert!(
            out.status.success(),
            "send-keys: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Pastes `text` as a terminal would: through a tmux buffer, wrapped in the bracketed-paste
    /// markers when the program asked for them (`paste-buffer -p`).
    pub fn paste(&self, text: &str, dir: &Path) {
        let file = dir.join("paste-buffer");
        std::fs::write(&file, text).expect("the paste is written");
        let load = self.tmux(&["load-buffer", "-b", "knead-paste", &file.display().to_string()]);
        assert!(
            load.status.success(),
            "load-buffer: {}",
            String::from_utf8_lossy(&load.stderr)
        );
        let paste = self.tmux(&["paste-buffer", "-p", "-d", "-b", "knead-paste", "-t", "0"]);
        assert!(
            paste.status.success(),
            "paste-buffer: {}",
            String::from_utf8_lossy(&paste.stderr)
        );
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "0"]).stdout).into_owned()
    }

    /// Everything the main screen has shown, scrolled off or not, with each wrapped line
    /// joined back into one, so a long line can be compared whole.
    pub fn transcript(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-J", "-S", "-", "-t", "0"]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The screen with its colours and attributes as escape sequences.
    pub fn screen_with_escapes(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-e", "-t", "0"]).stdout).into_owned()
    }

    /// Waits until the screen shows `text`, and returns the screen once it has settled.
    ///
    /// A capture can land in the middle of a redraw (the new header above the old body), so a
    /// match counts only when a second capture a moment later shows the same screen.
    pub fn wait_for(&self, text: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                std::thread::sleep(Duration::from_millis(40));
                // A screen that never settles (a live countdown) is returned at the deadline.
                if self.screen() == screen || Instant::now() >= deadline {
                    return screen;
                }
                continue;
            }
            assert!(
                Instant::now() < deadline,
                "waited {within:?} for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen no longer shows `text`, and returns the screen.
    pub fn wait_gone(&self, text: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited {within:?} for {text:?} to go; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of the program running in the pane's shell.
    pub fn child_pid(&self) -> String {
        let pane = self.tmux(&["list-panes", "-t", "0", "-F", "#{pane_pid}"]);
        let pane_pid = String::from_utf8_lossy(&pane.stdout).trim().to_string();
        let out = Command::new("pgrep")
            .args(["-P", &pane_pid])
            .output()
            .expect("pgrep runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}
