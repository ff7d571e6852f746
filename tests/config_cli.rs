//! Where each setting comes from: built-in default < config file < environment < command
//! line, as `knead config` and `knead paths` show it and as the commands behave.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::common::{knead, stdout_of, write_file};

/// The user's config file in the private home.
fn user_config(home: &Path, text: &str) -> PathBuf {
    write_file(&home.join("config").join("knead"), "config.toml", text)
}

/// `(VALUE, FROM)` of `name` in the table printed by `knead [global...] config`, with `env`.
fn setting(home: &Path, env: &[(&str, &Path)], global: &[&str], name: &str) -> (String, String) {
    let mut cmd = knead(home);
    for (key, value) in env {
        cmd.env(key, value);
    }
    let output = cmd
        .args(global)
        .arg("config")
        .assert()
        .success()
        .get_output()
        .clone();
    let table = String::from_utf8(output.stdout).unwrap();
    let row = table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("no {name} in\n{table}"));
    let cells: Vec<&str> = row.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    (cells[1].to_string(), cells[2].to_string())
}

#[test]
fn the_log_file_comes_from_the_flag_then_the_environment_then_the_config_then_the_default() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let default = h.join("data").join("knead").join("sessions.jsonl");
    let pair = |value: &Path, from: &str| (value.display().to_string(), from.to_string());
    assert_eq!(setting(h, &[], &[], "log_file"), pair(&default, "default"));

    let config = user_config(h, "# where my sessions go\n\nlog_file = \"notes/knead.jsonl\"\n");
    let from_config = h.join("config").join("knead").join("notes").join("knead.jsonl");
    let config_line = format!("{}:3", config.display());
    assert_eq!(
        setting(h, &[], &[], "log_file"),
        pair(&from_config, &config_line),
        "a relative path is beside the config file"
    );

    let from_env = h.join("env.jsonl");
    let env = [("KNEAD_LOG_FILE", from_env.as_path())];
    assert_eq!(
        setting(h, &env, &[], "log_file"),
        pair(&from_env, "environment (KNEAD_LOG_FILE)")
    );

    let from_flag = h.join("flag.jsonl");
    let flag = ["--log-file", from_flag.to_str().unwrap()];
    assert_eq!(
        setting(h, &env, &flag, "log_file"),
        pair(&from_flag, "command line (--log-file)")
    );
    assert_eq!(
        setting(h, &[], &flag, "log_file"),
        pair(&from_flag, "command line (--log-file)")
    );
    // `knead paths` agrees.
    let paths = stdout_of(h, &["--log-file", from_flag.to_str().unwrap(), "paths"]);
    let row = paths.lines().find(|l| l.starts_with("log file")).unwrap();
    assert!(row.contains(&from_flag.display().to_string()), "{paths}");
    assert!(row.ends_with("command line (--log-file)"), "{paths}");
}

#[test]
fn a_session_is_recorded_in_the_log_that_wins() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::create_dir_all(h.join("config").join("knead")).unwrap();
    user_config(h, "log_file = \"config.jsonl\"\n");
    let from_config = h.join("config").join("knead").join("config.jsonl");
    let from_env = h.join("env.jsonl");
    knead(h)
        .env("KNEAD_LOG_FILE", &from_env)
        .args(["run", "temple-tension", "--plain", "--minutes", "0.1"])
        .assert()
        .success();
    let written = std::fs::read_to_string(&from_env).unwrap();
    assert_eq!(written.lines().count(), 1, "{written}");
    assert!(written.contains("\"routine\":\"temple-tension\""), "{written}");
    assert!(!from_config.exists(), "the config's log is not touched");
}

#[test]
fn bell_and_scale_come_from_the_config_file_over_the_defaults() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    assert_eq!(setting(h, &[], &[], "bell"), ("true".into(), "default".into()));
    assert_eq!(
        setting(h, &[], &[], "default_minutes_scale"),
        ("1".into(), "default".into())
    );
    let config = user_config(h, "bell = false\ndefault_minutes_scale = 0.5\n");
    let at = |line| format!("{}:{line}", config.display());
    assert_eq!(setting(h, &[], &[], "bell"), ("false".into(), at(1)));
    assert_eq!(
        setting(h, &[], &[], "default_minutes_scale"),
        ("0.5".into(), at(2))
    );
    // And the run follows: half the length, quiet, each saying where it came from; the
    // flags of `run` still win.
    let plan = stdout_of(h, &["run", "temple-tension", "--dry-run"]);
    let top: Vec<&str> = plan.lines().take(3).collect();
    assert_eq!(
        top,
        [
            "Temple tension · 2:38 · 7 steps",
            &format!("Scaled ×0.5 (default_minutes_scale, {}), from 5:15.", at(2)),
            &format!("Bell: off (bell = false, {}).", at(1)),
        ]
    );
    let plan = stdout_of(h, &["run", "temple-tension", "--dry-run", "--minutes", "4"]);
    assert!(
        plan.starts_with("Temple tension · 3:58 · 7 steps\nScaled to 4 minutes (--minutes), from 5:15.\n"),
        "{plan}"
    );
}

#[test]
fn the_config_file_is_named_by_the_flag_then_the_environment_then_the_default() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let default = user_config(h, "bell = false\n");
    let by_env = write_file(h, "env.toml", "\nbell = true\n");
    let by_flag = write_file(h, "flag.toml", "\n\nbell = false\n");
    let env = [("KNEAD_CONFIG", by_env.as_path())];
    let flag = ["--config", by_flag.to_str().unwrap()];
    let from = |path: &Path, line: usize| format!("{}:{line}", path.display());
    assert_eq!(setting(h, &[], &[], "bell").1, from(&default, 1));
    assert_eq!(setting(h, &env, &[], "bell"), ("true".into(), from(&by_env, 2)));
    assert_eq!(
        setting(h, &env, &flag, "bell"),
        ("false".into(), from(&by_flag, 3))
    );
    let shown = stdout_of(h, &["--config", by_flag.to_str().unwrap(), "config"]);
    assert!(
        shown.ends_with(&format!("\nconfig file: {}\n", by_flag.display())),
        "{shown}"
    );
    let paths = stdout_of(h, &["--config", by_flag.to_str().unwrap(), "paths"]);
    assert!(
        paths.lines().any(|l| l.starts_with("config file")
            && l.contains(&by_flag.display().to_string())
            && l.ends_with("command line (--config)")),
        "{paths}"
    );
}

#[test]
fn a_missing_default_config_is_fine_but_a_named_one_must_exist() {
    let home = tempfile::tempdir().unwrap();
    let shown = stdout_of(home.path(), &["config"]);
    assert!(shown.ends_with(" (not present; defaults apply)\n"), "{shown}");
    let missing = home.path().join("nope.toml");
    knead(home.path())
        .arg("--config")
        .arg(&missing)
        .arg("config")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "{}: error: cannot read the config file: ",
            missing.display()
        )));
    knead(home.path())
        .env("KNEAD_CONFIG", &missing)
        .arg("config")
        .assert()
        .code(1);
}

#[test]
fn a_broken_config_stops_every_command_but_check_with_its_problems() {
    let home = tempfile::tempdir().unwrap();
    let config = user_config(home.path(), "bell = \"no\"\nthem = \"night\"\n");
    let p = config.display();
    for args in [
        &["config"][..],
        &["list"],
        &["run", "jaw-ease", "--dry-run"],
        &["new", "x"],
    ] {
        knead(home.path()).args(args).assert().code(1).stdout("").stderr(
            predicate::str::contains(format!(
                "{p}:1:8: error: `bell` must be true or false, found string"
            ))
            .and(predicate::str::contains(format!(
                "{p}:2:1: error: unknown field `them`"
            )))
            .and(predicate::str::ends_with(
                "knead: error: the config file has problems; fix them or name another with --config\n",
            )),
        );
    }
    // `check` given a file checks it, whatever the config; with no path it checks what is
    // in use, the config among it, and reports the config's problems with its own.
    let file = crate::common::write_file(
        home.path(),
        "good.toml",
        &crate::common::routine_text("good", "Good"),
    );
    knead(home.path()).arg("check").arg(&file).assert().success();
    knead(home.path())
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{p}:2:1: error: unknown field `them`"
        )));
}

#[test]
fn routine_folders_from_the_config_load_and_are_listed_with_their_origin() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let config = user_config(h, "routines_dirs = [\"~/my-routines\"]\n");
    write_file(
        &h.join("my-routines"),
        "mine.toml",
        &crate::common::routine_text("mine", "Mine"),
    );
    let paths = stdout_of(h, &["paths"]);
    let line = format!("{}:1", config.display());
    assert!(
        paths.lines().any(|l| l.starts_with("routines")
            && l.contains(&h.join("my-routines").display().to_string())
            && l.ends_with(&line)),
        "{paths}"
    );
    let listed = stdout_of(h, &["list"]);
    assert!(listed.lines().any(|l| l.starts_with("mine ")), "{listed}");
}
