//! `knead completions` and `knead man`: generated from the parser, checked for every shell.

use predicates::prelude::*;

use crate::common::{knead, stdout_of};

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
    let dir = home.path().join("share").join("man").join("man1");
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
