//! Authoring routines: `knead show --format toml`, `knead new` and `knead edit`.

use knead::routine::{Library, Source, parse_routine};
use predicates::prelude::*;

use crate::common::{config_routines, knead, routine_text, stdout_of, write_file};

// ------------------------------------------------------------------------- show --format toml

#[test]
fn every_built_in_prints_as_a_file_that_parses_back_to_the_same_routine() {
    let home = tempfile::tempdir().unwrap();
    let library = Library::built_in().library;
    assert!(!library.routines().is_empty());
    for routine in library.routines() {
        let text = stdout_of(home.path(), &["show", &routine.id, "--format", "toml"]);
        // Saved under any name: the file carries its own id.
        let back = parse_routine(&text, "saved-copy", Source::BuiltIn)
            .unwrap_or_else(|problems| panic!("{}: {problems:?}\n{text}", routine.id));
        assert_eq!(&back, routine, "{}", routine.id);
    }
}

#[test]
fn a_user_routine_prints_its_own_file_with_comments_and_layout() {
    let home = tempfile::tempdir().unwrap();
    let text = format!(
        "# My favourite, after long days.\n{}",
        routine_text("evening-neck", "Evening neck").replace("tempo = 12", "tempo = 12   # slow")
    );
    write_file(&config_routines(home.path()), "evening-neck.toml", &text);
    let shown = stdout_of(home.path(), &["show", "evening-neck", "--format", "toml"]);
    assert_eq!(shown, text);
}

#[test]
fn a_file_is_printed_without_its_escape_characters() {
    let home = tempfile::tempdir().unwrap();
    // A comment may hold a bidi override, which TOML allows; the terminal must not see it.
    let text = format!("# \u{202E}reversed\n{}", routine_text("tricky", "Tricky"));
    write_file(&config_routines(home.path()), "tricky.toml", &text);
    let shown = stdout_of(home.path(), &["show", "tricky", "--format", "toml"]);
    assert!(shown.starts_with("# \u{FFFD}reversed\n"), "{shown}");
    assert!(parse_routine(&shown, "tricky", Source::BuiltIn).is_ok());
}

#[test]
fn show_toml_of_an_unknown_routine_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["show", "neck-relase", "--format", "toml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("did you mean `neck-release`"));
}
