//! Authoring routines: `knead show --format toml`, `knead new` and `knead edit`.

use std::path::{Path, PathBuf};

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

// ------------------------------------------------------------------------- new

#[test]
fn new_writes_a_commented_routine_that_check_accepts() {
    let home = tempfile::tempdir().unwrap();
    let dir = config_routines(home.path());
    assert!(!dir.exists(), "the folder is created on demand");
    let shown = stdout_of(
        home.path(),
        &[
            "new",
            "my-neck",
            "--area",
            "neck",
            "--area",
            "shoulders",
            "--goal",
            "sleep",
        ],
    );
    let path = dir.join("my-neck.toml");
    assert_eq!(
        shown,
        format!(
            "Created {}\nChange it with `knead edit my-neck`, try it with `knead run my-neck`.\n",
            path.display()
        )
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 10, "{text}");
    // Valid, and gentle enough that the safety lint has nothing to say.
    knead(home.path())
        .args(["check", "--strict"])
        .arg(&path)
        .assert()
        .success()
        .stdout("ok: 1 routine valid\n")
        .stderr("");
    let routine = parse_routine(&text, "my-neck", Source::BuiltIn).unwrap();
    assert_eq!(routine.id, "my-neck");
    assert_eq!(routine.name, "My neck");
    let listed = stdout_of(home.path(), &["list", "--goal", "sleep"]);
    assert!(listed.contains("my-neck"), "{listed}");
    assert!(listed.contains(&path.display().to_string()), "{listed}");
}

#[test]
fn new_writes_a_file_the_lint_has_nothing_to_say_about_for_the_gentle_areas() {
    let home = tempfile::tempdir().unwrap();
    let mut args = vec!["new", "gentle"];
    for area in ["neck", "face", "forehead", "temples", "jaw", "abdomen"] {
        args.extend(["--area", area]);
    }
    knead(home.path()).args(&args).assert().success().stderr("");
    knead(home.path())
        .args(["check", "--strict"])
        .arg(config_routines(home.path()).join("gentle.toml"))
        .assert()
        .success()
        .stderr("");
}

#[test]
fn new_never_overwrites() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path()).args(["new", "mine"]).assert().success();
    let path = config_routines(home.path()).join("mine.toml");
    let first = std::fs::read_to_string(&path).unwrap();
    knead(home.path())
        .args(["new", "mine", "--area", "feet"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "knead: error: the routine `mine` already exists in {}; `knead edit mine` opens \
             it, or choose another id\n",
            path.display()
        ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
    // A broken file of that name does not load, but is still never replaced.
    let broken = write_file(&config_routines(home.path()), "draft.toml", "name = \n");
    knead(home.path())
        .args(["new", "draft"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "knead: error: {} already exists and knead will not overwrite it; `knead edit draft` opens it\n",
            broken.display()
        )));
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), "name = \n");
}

#[test]
fn new_refuses_the_id_of_a_built_in_and_points_to_edit() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["new", "neck-release"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`neck-release` is a built-in routine; `knead edit neck-release` makes a copy",
        ));
    assert!(!config_routines(home.path()).join("neck-release.toml").exists());
}

#[test]
fn new_with_a_bad_id_area_or_goal_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["new", "My Neck"],
            "knead: error: \"My Neck\" is not a valid routine id: an id may hold only lowercase letters a-z, digits and '-'\n",
        ),
        (
            &["new", "../escape"],
            "knead: error: \"../escape\" is not a valid routine id: an id may hold only lowercase letters a-z, digits and '-'\n",
        ),
        (
            &["new", "this-id-is-far-too-long-to-be-typed-by-anyone"],
            "knead: error: \"this-id-is-far-too-long-to-be-typed-by-anyone\" is not a valid routine id: an id must be 1 to 40 characters long\n",
        ),
    ];
    for (args, stderr) in cases {
        knead(home.path())
            .args(*args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(*stderr);
    }
    knead(home.path())
        .args(["new", "ok-id", "--area", "nek"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown body area \"nek\"; did you mean \"neck\"?",
        ));
    knead(home.path())
        .args(["new", "ok-id", "--goal", "slep"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown goal \"slep\"; did you mean \"sleep\"?",
        ));
    assert!(!config_routines(home.path()).exists(), "nothing was written");
}

// ------------------------------------------------------------------------- edit

/// An executable shell script at `dir/name` with `body` after the `#!/bin/sh` line.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = write_file(dir, name, &format!("#!/bin/sh\n{body}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

const EXTRA_STEP: &str = "\n[[steps]]\nname = \"Rest\"\ncue = \"Let your hands rest in your lap and breathe slowly.\"\nseconds = 30\nstroke = \"breathing\"\n";

/// An editor that appends one valid step to the file it is given.
fn appending_editor(dir: &Path) -> PathBuf {
    script(
        dir,
        "append-step",
        &format!("cat >> \"$1\" <<'END'\n{EXTRA_STEP}END"),
    )
}

/// An editor that turns every light pressure into an unknown "hard" one.
fn breaking_editor(dir: &Path) -> PathBuf {
    script(
        dir,
        "break-it",
        "sed 's/^pressure = \"light\"/pressure = \"hard\"/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"",
    )
}

fn steps_of(home: &Path, id: &str) -> usize {
    let shown = crate::common::json_of(home, &["show", id, "--format", "json"]);
    shown["steps"].as_array().unwrap().len()
}

#[test]
fn edit_runs_the_editor_on_the_file_then_checks_it() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path()).args(["new", "mine"]).assert().success();
    let path = config_routines(home.path()).join("mine.toml");
    // `sh SCRIPT`: the value is split into words, as `EDITOR="code -w"` needs.
    let editor = format!("sh {}", appending_editor(home.path()).display());
    knead(home.path())
        .env("EDITOR", editor)
        .args(["edit", "mine"])
        .assert()
        .success()
        .stdout(format!(
            "ok: {} is valid: Mine (mine), 3 steps, 2:15\n",
            path.display()
        ))
        .stderr("");
    assert!(std::fs::read_to_string(&path).unwrap().ends_with(EXTRA_STEP));
    assert_eq!(steps_of(home.path(), "mine"), 3);
}

#[test]
fn edit_shows_the_safety_lints_warnings_and_keeps_the_file() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path()).args(["new", "mine"]).assert().success();
    let path = config_routines(home.path()).join("mine.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let stroking = text
        .lines()
        .position(|l| l == "name = \"Light stroking\"")
        .unwrap();
    let pressure_line = stroking
        + text
            .lines()
            .skip(stroking)
            .position(|l| l == "pressure = \"light\"")
            .unwrap()
        + 1;
    // Firm pressure for the stroking step on the neck, the template's area.
    let firmer = script(
        home.path(),
        "firmer",
        &format!("sed '{pressure_line}s/\"light\"/\"firm\"/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\""),
    );
    let output = knead(home.path())
        .env("EDITOR", firmer)
        .args(["edit", "mine"])
        .assert()
        .success()
        .stdout(format!(
            "ok: {} is valid: Mine (mine), 2 steps, 1:45, 2 warnings\n",
            path.display()
        ))
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "{}:{pressure_line}:12: warning: firm pressure on the neck\n",
            path.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("pressure = \"firm\"\n"), "{stderr}");
    assert!(
        stderr.contains(":12: warning: a firm step without \"blood-thinners\" in `avoid_with`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: keep the neck, face, forehead, temples, jaw and belly"),
        "{stderr}"
    );
    // A warning does not keep the routine from being used.
    assert_eq!(steps_of(home.path(), "mine"), 2);
}

#[test]
fn edit_reports_a_broken_file_like_a_compiler_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path()).args(["new", "mine"]).assert().success();
    let path = config_routines(home.path()).join("mine.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = |n: usize| {
        text.lines()
            .enumerate()
            .filter(|(_, l)| *l == "pressure = \"light\"")
            .nth(n)
            .unwrap()
            .0
            + 1
    };
    let output = knead(home.path())
        .env("EDITOR", breaking_editor(home.path()))
        .args(["edit", "mine"])
        .assert()
        .code(1)
        .stdout("")
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let p = path.display();
    // The breathing step has no pressure to break: only the stroking step's is wrong.
    let first = format!(
        "{p}:{}:12: error: unknown pressure \"hard\" in `steps[1].pressure`\n",
        line(0)
    );
    assert!(stderr.starts_with(&first), "{stderr}");
    assert!(stderr.contains("= help: known: light, medium, firm"), "{stderr}");
    assert!(stderr.contains("^^^^^^"), "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "knead: error: 1 problem in {p}; `knead edit mine` to fix it\n"
        )),
        "{stderr}"
    );
    // The broken file is skipped by everything else, and editing it again is the way back.
    knead(home.path())
        .env("EDITOR", "sed -i s/hard/medium/")
        .args(["edit", "mine"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!("ok: {p} is valid")));
}

#[test]
fn editing_a_built_in_copies_it_to_the_routines_folder_first() {
    let home = tempfile::tempdir().unwrap();
    let copy = config_routines(home.path()).join("temple-tension.toml");
    let built_in_steps = steps_of(home.path(), "temple-tension");
    let built_in = stdout_of(home.path(), &["show", "temple-tension", "--format", "toml"]);
    knead(home.path())
        .env("VISUAL", appending_editor(home.path()))
        .args(["edit", "temple-tension"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "Copied the built-in `temple-tension` to {}; your copy replaces it.\nok: {} is valid: Temple tension (temple-tension), 8 steps, ",
            copy.display(),
            copy.display()
        )));
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        format!("{built_in}{EXTRA_STEP}")
    );
    assert_eq!(steps_of(home.path(), "temple-tension"), built_in_steps + 1);
    let listed = stdout_of(home.path(), &["list", "--area", "temples"]);
    assert!(listed.contains(&copy.display().to_string()), "{listed}");
    // From now on the copy is what `edit` opens.
    knead(home.path())
        .env("VISUAL", appending_editor(home.path()))
        .args(["edit", "temple-tension"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "ok: {} is valid",
            copy.display()
        )));
    assert_eq!(steps_of(home.path(), "temple-tension"), built_in_steps + 2);
}

#[test]
fn an_untouched_copy_of_a_built_in_is_removed_again() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .env("EDITOR", "true")
        .args(["edit", "jaw-ease"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "No changes: removed the copy, so the built-in `jaw-ease` stays in use.\n",
        ));
    assert!(!config_routines(home.path()).join("jaw-ease.toml").exists());
}

#[test]
fn visual_wins_over_editor_and_vi_is_the_fallback() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    knead(h).args(["new", "mine"]).assert().success();
    let ran = h.join("ran");
    let visual = script(h, "visual", &format!("echo visual > {}", ran.display()));
    let editor = script(h, "editor", &format!("echo editor > {}", ran.display()));
    knead(h)
        .env("VISUAL", &visual)
        .env("EDITOR", &editor)
        .args(["edit", "mine"])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&ran).unwrap(), "visual\n");
    knead(h)
        .env("VISUAL", "")
        .env("EDITOR", &editor)
        .args(["edit", "mine"])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&ran).unwrap(), "editor\n");
    let bin = h.join("bin");
    script(&bin, "vi", &format!("echo vi \"$@\" > {}", ran.display()));
    knead(h)
        .env("PATH", &bin)
        .args(["edit", "mine"])
        .assert()
        .success();
    let path = config_routines(h).join("mine.toml");
    assert_eq!(
        std::fs::read_to_string(&ran).unwrap(),
        format!("vi {}\n", path.display())
    );
}

#[test]
fn an_editor_in_a_quoted_path_with_a_space_and_an_argument_runs() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path()).args(["new", "mine"]).assert().success();
    // The script ignores `-w` and appends to the last argument, the routine file.
    let editor = script(
        &home.path().join("My Editor"),
        "ed",
        &format!("for last; do :; done\ncat >> \"$last\" <<'END'\n{EXTRA_STEP}END"),
    );
    knead(home.path())
        .env("EDITOR", format!("\"{}\" -w", editor.display()))
        .args(["edit", "mine"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "))
        .stderr("");
    assert_eq!(steps_of(home.path(), "mine"), 3);
}

#[test]
fn an_editor_value_with_an_unclosed_quote_is_refused_and_leaves_no_copy() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .env("EDITOR", "\"/opt/My Editor/ed -w")
        .args(["edit", "neck-release"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "knead: error: $EDITOR cannot be split into words (missing closing quote): \
             \"/opt/My Editor/ed -w; quote it as you would in a shell, e.g. '\"/opt/My Editor/ed\" -w'\n",
        );
    assert!(!config_routines(home.path()).join("neck-release.toml").exists());
    // Commands that need no editor do not mind it.
    knead(home.path())
        .env("EDITOR", "\"/opt/My Editor/ed -w")
        .args(["list"])
        .assert()
        .success();
}

#[test]
fn an_editor_that_cannot_start_is_a_failure_and_leaves_no_copy() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .env("EDITOR", "no-such-editor --wait")
        .args(["edit", "neck-release"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "knead: error: cannot start the editor `no-such-editor` (from $EDITOR): ",
        ));
    assert!(!config_routines(home.path()).join("neck-release.toml").exists());
}

#[test]
fn an_editor_that_fails_still_gets_its_file_checked() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path()).args(["new", "mine"]).assert().success();
    knead(home.path())
        .env("EDITOR", "false")
        .args(["edit", "mine"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "))
        .stderr("knead: warning: the editor `false` ended with exit status: 1; checking the file as it is\n");
}

#[test]
fn edit_of_an_unknown_or_invalid_id_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .env("EDITOR", "true")
        .args(["edit", "neck-relase"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no routine with the id \"neck-relase\"; did you mean `neck-release`",
        ));
    knead(home.path())
        .env("EDITOR", "true")
        .args(["edit", "../../etc/passwd"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a valid routine id"));
}

#[test]
fn edit_opens_a_broken_file_that_does_not_load_and_reports_it_once() {
    let home = tempfile::tempdir().unwrap();
    let path = write_file(
        &config_routines(home.path()),
        "draft.toml",
        &routine_text("draft", "Draft").replace("seconds = 30", "seconds = 0"),
    );
    let output = knead(home.path())
        .env("EDITOR", "true")
        .args(["edit", "draft"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr
            .matches("error: `steps[0].seconds` must be from 1 to 1800, found 0")
            .count(),
        1,
        "{stderr}"
    );
    knead(home.path())
        .env(
            "EDITOR",
            script(
                home.path(),
                "fix",
                "sed 's/seconds = 0/seconds = 10/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"",
            ),
        )
        .args(["edit", "draft"])
        .assert()
        .success()
        .stdout(format!(
            "ok: {} is valid: Draft (draft), 2 steps, 0:50\n",
            path.display()
        ));
}

#[test]
fn edit_reports_an_id_that_clashes_with_another_file_in_the_folder() {
    let home = tempfile::tempdir().unwrap();
    let dir = config_routines(home.path());
    let first = write_file(&dir, "a-first.toml", &routine_text("first", "First"));
    write_file(&dir, "b-second.toml", &routine_text("second", "Second"));
    knead(home.path())
        .env("EDITOR", "sed -i 's/\"second\"/\"first\"/'")
        .args(["edit", "second"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "error: the id \"first\" is already used by {}",
            first.display()
        )));
}
