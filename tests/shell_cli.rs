//! `knead completions` and `knead man`: generated from the parser, checked for every shell.

use predicates::prelude::*;

use crate::common::{knead, knead_process, stdout_of};

/// Every command a person types, as the completion scripts must offer them.
const COMMANDS: &[&str] = &[
    "list",
    "areas",
    "show",
    "run",
    "log",
    "stats",
    "import",
    "due",
    "plans",
    "plan",
    "remind",
    "config",
    "paths",
    "check",
    "completions",
    "man",
];

#[test]
fn a_completion_script_for_each_shell_names_every_command() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(home.path(), &["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for command in COMMANDS {
            assert!(script.contains(command), "{shell} script lacks `{command}`");
        }
        // fish spells a long flag `-l minutes`, the others `--minutes`.
        for flag in ["routines-dir", "minutes", "area", "dry-run"] {
            assert!(script.contains(flag), "{shell} script lacks `{flag}`");
        }
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_err()
    {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("knead.bash");
    std::fs::write(&script, stdout_of(home.path(), &["completions", "bash"])).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn an_unknown_shell_is_a_usage_error_listing_the_known_ones() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["completions", "nushell"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "[possible values: bash, elvish, fish, powershell, zsh]",
        ));
}

#[test]
fn the_man_page_has_the_standard_sections() {
    let home = tempfile::tempdir().unwrap();
    let page = stdout_of(home.path(), &["man"]);
    assert!(page.starts_with(".ie"), "roff: {}", &page[..80.min(page.len())]);
    assert!(page.contains(".TH knead 1"), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    assert!(page.contains("knead\\-run(1)"), "{page}");
    assert!(!page.contains("knead\\-help(1)"), "no page is written for `help`");
}

#[test]
fn man_out_dir_writes_a_page_for_every_command() {
    let home = tempfile::tempdir().unwrap();
    let share_man = home.path().join("share").join("man");
    std::fs::create_dir_all(&share_man).unwrap();
    let dir = share_man.join("man1");
    let shown = stdout_of(home.path(), &["man", "--out-dir", dir.to_str().unwrap()]);
    for name in std::iter::once("knead".to_string()).chain(COMMANDS.iter().map(|c| format!("knead-{c}"))) {
        let path = dir.join(format!("{name}.1"));
        let page = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            page.contains(".SH NAME") && page.contains(".SH SYNOPSIS"),
            "{name}"
        );
        assert!(shown.contains(&format!("wrote {}", path.display())), "{shown}");
    }
    assert!(!dir.join("knead-help.1").exists());
}

#[test]
fn man_out_dir_that_cannot_be_made_is_a_failure_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    knead(home.path())
        .args(["man", "--out-dir"])
        .arg(file.join("man1"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "knead: error: creating the folder {}",
            file.join("man1").display()
        )));
}

/// `/dev/full` as standard output: every write fails with "No space left on device".
fn full_device() -> Option<std::fs::File> {
    std::fs::OpenOptions::new().write(true).open("/dev/full").ok()
}

#[test]
fn help_and_version_that_cannot_be_written_are_errors() {
    let home = tempfile::tempdir().unwrap();
    for (args, what) in [
        (&["--help"][..], "writing the help"),
        (&["-h"], "writing the help"),
        (&["help"], "writing the help"),
        (&["run", "--help"], "writing the help"),
        (&["help", "log"], "writing the help"),
        (&["--version"], "writing the version"),
        (&["-V"], "writing the version"),
    ] {
        let Some(full) = full_device() else { return };
        let output = knead_process(home.path())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(
            (
                output.status.code(),
                String::from_utf8_lossy(&output.stderr).as_ref()
            ),
            (
                Some(1),
                format!("knead: error: {what}: No space left on device (os error 28)\n").as_str()
            ),
            "{args:?}"
        );
    }
}

#[test]
fn help_into_a_closed_pipe_is_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["--version"],
        &["man"],
        &["completions", "bash"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = knead_process(home.path())
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(
            (
                output.status.code(),
                String::from_utf8_lossy(&output.stderr).as_ref()
            ),
            (Some(0), ""),
            "{args:?}"
        );
    }
}

#[test]
fn man_out_dir_whose_parent_is_missing_is_refused_and_nothing_is_made() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("nonexistent").join("x");
    knead(home.path())
        .args(["man", "--out-dir"])
        .arg(missing.join("y"))
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!(
            "knead: error: creating the folder {}: the folder {} does not exist; create it first\n",
            missing.join("y").display(),
            missing.display()
        ));
    assert!(!home.path().join("nonexistent").exists());
}

#[test]
fn man_out_dir_makes_one_missing_folder_and_uses_one_that_exists() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("man1");
    for _ in 0..2 {
        let shown = stdout_of(home.path(), &["man", "--out-dir", dir.to_str().unwrap()]);
        assert!(
            shown.contains(&format!("wrote {}", dir.join("knead.1").display())),
            "{shown}"
        );
    }
}
