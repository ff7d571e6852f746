//! Side blocks (`group`): `knead check`, `show`, `run --dry-run` and `run --plain` on a
//! person's own routine with a block of three calf steps.

use crate::common::{CALF_BLOCK, json_of, knead, stdout_of, with_calf_block, write_file};

/// The lines a plain run printed, without their `[mm:ss]` stamps, which follow the clock.
fn unstamped(stdout: &str) -> String {
    stdout
        .lines()
        .map(|line| match line.split_once("] ") {
            Some((stamp, rest)) if stamp.starts_with('[') => rest,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn check_accepts_a_side_block() {
    let home = tempfile::tempdir().unwrap();
    let path = write_file(home.path(), "calf-care.toml", CALF_BLOCK);
    knead(home.path())
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout("ok: 1 routine valid\n");
}

/// `knead check` on [`CALF_BLOCK`] changed by `edit`, from the folder the file is in.
fn check_changed(edit: impl Fn(&str) -> String) -> String {
    let home = tempfile::tempdir().unwrap();
    write_file(home.path(), "calf-care.toml", &edit(CALF_BLOCK));
    let output = knead(home.path())
        .current_dir(home.path())
        .args(["check", "calf-care.toml"])
        .assert()
        .code(1)
        .stdout("")
        .get_output()
        .clone();
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn check_explains_a_group_on_a_step_that_is_not_each() {
    // The ankle step joins the block, but is done on both sides at once.
    let stderr = check_changed(|text| {
        text.replace(
            "stroke = \"circles\"\nside = \"each\"\n",
            "stroke = \"circles\"\ngroup = \"calf\"\n",
        )
    });
    insta::assert_snapshot!("check_group_not_each", stderr);
}

#[test]
fn check_explains_a_group_split_by_another_step() {
    // The ankle step moves into the middle of the block.
    let ankle = "\n[[steps]]\nname = \"Circle the ankle\"";
    let stderr = check_changed(|text| {
        let (before, ankle_step) = text.split_at(text.find(ankle).unwrap());
        let hold = before.find("\n[[steps]]\nname = \"Hold the calf\"").unwrap();
        format!("{}{ankle_step}{}", &before[..hold], &before[hold..])
    });
    insta::assert_snapshot!("check_group_split", stderr);
}

#[test]
fn show_heads_a_side_block_with_its_order() {
    let home = tempfile::tempdir().unwrap();
    with_calf_block(home.path());
    let shown = stdout_of(home.path(), &["show", "calf-care"]);
    let shown = shown.replace(&home.path().display().to_string(), "HOME");
    insta::assert_snapshot!("show_side_block", shown);
}

#[test]
fn show_json_gives_the_group_of_each_step_in_a_block() {
    let home = tempfile::tempdir().unwrap();
    with_calf_block(home.path());
    let shown = json_of(home.path(), &["show", "calf-care", "--format", "json"]);
    let groups: Vec<Option<&str>> = shown["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step.get("group").map(|g| g.as_str().unwrap()))
        .collect();
    assert_eq!(groups, [None, Some("calf"), Some("calf"), Some("calf"), None]);
}

#[test]
fn a_dry_run_lists_a_side_block_in_the_order_it_runs() {
    let home = tempfile::tempdir().unwrap();
    with_calf_block(home.path());
    let plan = stdout_of(home.path(), &["run", "calf-care", "--dry-run", "--no-bell"]);
    insta::assert_snapshot!("dry_run_side_block", plan);
}

#[test]
fn a_plain_run_says_where_each_pass_stands_in_its_block() {
    let home = tempfile::tempdir().unwrap();
    with_calf_block(home.path());
    let stdout = stdout_of(
        home.path(),
        &["run", "calf-care", "--plain", "--minutes", "0.1", "--no-log"],
    );
    insta::assert_snapshot!("plain_side_block", unstamped(&stdout));
}
