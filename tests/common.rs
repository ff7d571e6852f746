//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The real `knead` binary with a clean, private environment: no user config, routines or log
/// from the machine running the tests can leak in.
pub fn knead(home: &Path) -> Command {
    Command::from_std(knead_process(home))
}

/// The same as [`knead`], as a plain process for tests that drive its pipes themselves.
pub fn knead_process(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_knead"));
    in_private_home(&mut cmd, home);
    cmd
}

/// `cmd` (knead, or a shell that starts it) with the environment [`knead`] gives.
pub fn in_private_home<'a>(cmd: &'a mut std::process::Command, home: &Path) -> &'a mut std::process::Command {
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
}

/// Where `knead` run by [`knead`] looks for the person's own routines.
pub fn config_routines(home: &Path) -> PathBuf {
    home.join("config").join("knead").join("routines")
}

/// A valid routine the safety lint has nothing to say about: two steps, 30 s for both sides
/// and 20 s on each side, so 70 s planned. `pressure` is on line 11 and `name` on line 2.
pub fn routine_text(id: &str, name: &str) -> String {
    format!(
        r#"id = "{id}"
name = "{name}"
summary = "A routine written for the tests."
areas = ["neck", "jaw"]
goals = ["stress"]
cautions = ["Stop if you feel sharp pain, numbness or tingling."]
[[steps]]
name = "Warm up"
cue = "Stroke slowly down the neck."
seconds = 30
pressure = "light"
stroke = "stroking"
tempo = 12

[[steps]]
name = "Hold"
cue = "Rest a fingertip on a tender spot."
seconds = 20
pressure = "medium"
stroke = "holding"
side = "each"
"#
    )
}

/// Writes `text` to `dir/file`, creating `dir` first.
pub fn write_file(dir: &Path, file: &str, text: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

/// Writes `records` as a log at `path`, one JSON line each, creating its folder.
pub fn write_log(path: &Path, records: &[knead::log::Record]) {
    let lines: String = records.iter().map(|r| r.to_json_line() + "\n").collect();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, lines).unwrap();
}

/// `days_ago` local days before today at `time` ("HH:MM").
pub fn local_time(days_ago: u64, time: &str) -> chrono::DateTime<chrono::FixedOffset> {
    use chrono::TimeZone;
    let day = chrono::Local::now().date_naive() - chrono::Days::new(days_ago);
    let time = chrono::NaiveTime::parse_from_str(time, "%H:%M").unwrap();
    chrono::Local
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .expect("a local time that exists")
        .fixed_offset()
}

/// Runs `knead` with `args`, expects success and parses its standard output as JSON.
pub fn json_of(home: &Path, args: &[&str]) -> serde_json::Value {
    let output = knead(home)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&output).unwrap_or_else(|e| {
        panic!(
            "{args:?} printed invalid JSON ({e}):\n{}",
            String::from_utf8_lossy(&output)
        )
    })
}

/// The standard output of a successful run, as text.
pub fn stdout_of(home: &Path, args: &[&str]) -> String {
    let output = knead(home)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).expect("knead prints UTF-8")
}

/// A routine with a side block: a breath on both sides, three calf steps grouped as "calf"
/// (each on the left, one switch, each on the right), then an ankle step on each side on its
/// own. Planned: 20 + 2 × (30 + 20 + 15) + 2 × 10 = 170 s.
pub const CALF_BLOCK: &str = r#"id = "calf-care"
name = "Calf care"
summary = "Both calves, one leg at a time."
areas = ["calves", "feet"]
goals = ["recovery"]
cautions = ["Skip a calf that is swollen, warm or red."]

[[steps]]
name = "Settle"
cue = "Sit with one ankle across the other knee and breathe slowly."
seconds = 20
stroke = "breathing"
tempo = 6
spot = "calf"

[[steps]]
name = "Squeeze the calf"
cue = "Wrap both hands around the calf and squeeze gently from the ankle up."
seconds = 30
pressure = "medium"
stroke = "squeezing"
side = "each"
spot = "calf"
group = "calf"

[[steps]]
name = "Long strokes"
cue = "Staying on that calf, stroke up from the ankle to the knee."
seconds = 20
pressure = "light"
stroke = "stroking"
tempo = 6
side = "each"
spot = "calf"
group = "calf"

[[steps]]
name = "Hold the calf"
cue = "Rest your palm on the thickest part of the calf and breathe."
seconds = 15
pressure = "medium"
stroke = "holding"
side = "each"
spot = "calf"
group = "calf"

[[steps]]
name = "Circle the ankle"
cue = "Draw slow circles around the ankle bone with two fingertips."
seconds = 10
pressure = "light"
stroke = "circles"
side = "each"
spot = "ankle"
"#;

/// [`CALF_BLOCK`] saved among the person's own routines under `home`.
pub fn with_calf_block(home: &Path) {
    write_file(&config_routines(home), "calf-care.toml", CALF_BLOCK);
}

/// A routine of one step of one second, and no get-ready wait, with `config` added to the
/// config file: for the tests about whether and where a session is recorded, not what the
/// record holds. Returns the arguments that run it.
pub fn quick_routine(home: &Path, config: &str) -> [&'static str; 3] {
    let routine = r#"id = "quick"
name = "Quick press"
summary = "One press, for the tests."
areas = ["hands"]
goals = ["mood"]

[[steps]]
name = "Press"
cue = "Press the middle of the palm."
seconds = 1
pressure = "light"
stroke = "pressing"
"#;
    write_file(&config_routines(home), "quick.toml", routine);
    let config_dir = home.join("config").join("knead");
    write_file(
        &config_dir,
        "config.toml",
        &format!("get_ready_seconds = 0\n{config}"),
    );
    ["run", "quick", "--plain"]
}

/// `stderr` without the line that says `--minutes` squeeze a pressing step: the tests run
/// routines in a few seconds, where that line is right, and look at the rest.
pub fn besides_the_squeeze(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| !l.contains(" s a pressing step needs;"))
        .map(|l| format!("{l}\n"))
        .collect()
}
