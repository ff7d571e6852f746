//! `knead list`, `areas`, `show` and `check` as a person runs them.

use predicates::prelude::*;

use crate::common::knead;

#[test]
fn list_shows_every_built_in_routine() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("neck-release").and(predicate::str::contains("built-in")));
}
