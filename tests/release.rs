//! What a release carries besides the program: its version in one place.

use crate::common::stdout_of;

/// The version of the newest entry in CHANGELOG.md (`## [0.1.0] - 2026-12-03`), skipping
/// an `Unreleased` section.
fn newest_changelog_version() -> String {
    let changelog = include_str!("../CHANGELOG.md");
    changelog
        .lines()
        .filter_map(|line| line.strip_prefix("## ["))
        .filter_map(|rest| rest.split_once(']').map(|(version, _)| version))
        .find(|version| !version.eq_ignore_ascii_case("unreleased"))
        .expect("CHANGELOG.md has a version heading such as `## [0.1.0] - 2026-12-03`")
        .to_string()
}

#[test]
fn the_version_knead_prints_is_the_newest_in_the_changelog() {
    let home = tempfile::tempdir().unwrap();
    let printed = stdout_of(home.path(), &["--version"]);
    let newest = newest_changelog_version();
    assert_eq!(printed, format!("knead {newest}\n"));
}
