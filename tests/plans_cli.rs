//! `knead plans`, `knead plan start|stop`, and what `due` says while a plan runs: through the
//! real binary, with the plan's state and the log written as files, dated from today.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{Days, Local, NaiveDate, TimeZone};

use crate::common::{json_of, knead_process, write_file};

/// `knead` in a private home, in this test process's time zone, so the dates agree.
fn knead(home: &Path) -> Command {
    let mut cmd = knead_process(home);
    if let Some(tz) = std::env::var_os("TZ") {
        cmd.env("TZ", tz);
    }
    Command::from_std(cmd)
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn state_file(home: &Path) -> PathBuf {
    home.join("data/knead/plan.toml")
}

/// A plan started `days_ago` days before today, as `knead plan start` leaves it.
fn started(home: &Path, plan: &str, days_ago: u64) {
    let day = today() - Days::new(days_ago);
    write_file(
        &home.join("data/knead"),
        "plan.toml",
        &format!("plan = \"{plan}\"\nstarted = \"{day}\"\n"),
    );
}

/// A completed session of `routine` at 09:00 local time, `days_ago` days before today.
fn session_line(days_ago: u64, routine: &str, area: &str) -> String {
    let day = today() - Days::new(days_ago);
    let at = Local
        .from_local_datetime(&day.and_hms_opt(9, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .fixed_offset();
    let end = at + chrono::Duration::minutes(8);
    format!(
        r#"{{"v":1,"id":"{}-{days_ago:08x}","routine":"{routine}","name":"{routine}","areas":["{area}"],"started":"{}","ended":"{}","planned_s":480,"active_s":480,"steps_done":8,"steps_total":8,"completed":true}}"#,
        at.format("%Y%m%dT%H%M%S"),
        at.to_rfc3339(),
        end.to_rfc3339()
    )
}

fn write_log(home: &Path, lines: &[String]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    write_file(&home.join("data/knead"), "sessions.jsonl", &text);
}

fn stdout(home: &Path, args: &[&str]) -> String {
    let out = knead(home).args(args).output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn plans_lists_the_four_built_in_plans_with_their_days() {
    let home = tempfile::tempdir().unwrap();
    let listed = json_of(home.path(), &["plans", "--format", "json"]);
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "desk-neck-two-weeks",
            "keyboard-hands-week",
            "runner-recovery-week",
            "sleep-week"
        ]
    );
    for plan in listed.as_array().unwrap() {
        // Modest by design: one or two weeks, with rest days.
        let (days, rest) = (
            plan["days"].as_u64().unwrap(),
            plan["rest_days"].as_u64().unwrap(),
        );
        assert!((7..=14).contains(&days) && rest >= 1, "{plan}");
    }
    let desk = &listed[0];
    assert_eq!(
        (desk["days"].as_u64(), desk["rest_days"].as_u64()),
        (Some(14), Some(3))
    );
    let table = stdout(home.path(), &["plans"]);
    assert!(
        table.starts_with("ID                    DAYS  REST  GOAL      NAME\n"),
        "{table}"
    );
    assert!(
        table.ends_with("Start one: knead plan start desk-neck-two-weeks\n"),
        "{table}"
    );
}

#[test]
fn starting_a_plan_writes_its_state_and_due_names_day_one() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    assert_eq!(
        stdout(h, &["plan"]),
        "No plan is running. `knead plans` lists them; `knead plan start desk-neck-two-weeks` starts one.\n"
    );
    let started = stdout(h, &["plan", "start", "desk-neck-two-weeks"]);
    assert!(
        started.starts_with("Started Two weeks for a desk neck: 14 days, 3 of them rest days.\n"),
        "{started}"
    );
    assert_eq!(
        fs::read_to_string(state_file(h)).unwrap(),
        format!("plan = \"desk-neck-two-weeks\"\nstarted = \"{}\"\n", today())
    );
    knead(h)
        .arg("due")
        .assert()
        .code(1)
        .stdout("day 1 of 14: Neck release (8 min) · knead run neck-release\n");
    // Done today: nothing is due.
    write_log(h, &[session_line(0, "neck-release", "neck")]);
    knead(h).arg("due").assert().code(0).stdout("");
    let status = stdout(h, &["plan"]);
    assert!(
        status.contains("Today: Neck release (8 min) (done) · knead run neck-release\n"),
        "{status}"
    );
    assert!(
        status.contains("Session days done: 1 of 1 so far (11 in the plan).\n"),
        "{status}"
    );

    let stopped = stdout(h, &["plan", "stop"]);
    assert_eq!(
        stopped,
        "Stopped Two weeks for a desk neck on day 1 of 14, 1 of 1 session days done. Your sessions stay in the log.\n"
    );
    assert!(!state_file(h).exists());
    assert_eq!(stdout(h, &["plan", "stop"]), "No plan is running.\n");
}

#[test]
fn a_missed_day_moves_the_plan_on_and_its_session_is_offered_once() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // Started yesterday, nothing done: today is day 2 (each command is a new process: the
    // plan survives a restart because all of it is in the state file and the log).
    started(h, "desk-neck-two-weeks", 1);
    let status = stdout(h, &["plan"]);
    assert!(status.contains(": day 2 of 14, started "), "{status}");
    assert!(
        status.contains("Today: Desk reset (3 min) · knead run desk-reset\n"),
        "{status}"
    );
    assert!(
        status.contains("Yesterday's session is here if you want it today: Neck release (8 min) · knead run neck-release\n"),
        "{status}"
    );
    assert!(
        status.ends_with("Days: · [_] _ r _ _ r _ _ _ r _ _ _\n"),
        "{status}"
    );
    knead(h)
        .arg("due")
        .assert()
        .code(1)
        .stdout("day 2 of 14: Desk reset (3 min) · knead run desk-reset\n");
    // Today's session and the offered one, both done today: both days count.
    write_log(
        h,
        &[
            session_line(0, "desk-reset", "neck"),
            session_line(0, "neck-release", "neck"),
        ],
    );
    knead(h).arg("due").assert().code(0).stdout("");
    let status = stdout(h, &["plan"]);
    assert!(status.contains("Session days done: 2 of 2 so far"), "{status}");
    assert!(!status.contains("Yesterday's session"), "{status}");

    // Two days missed: the older one is not offered any more; day 3 of 14 has its own session.
    let later = tempfile::tempdir().unwrap();
    started(later.path(), "desk-neck-two-weeks", 2);
    let status = stdout(later.path(), &["plan"]);
    assert!(status.contains("day 3 of 14"), "{status}");
    assert!(
        status.contains("Yesterday's session is here if you want it today: Desk reset (3 min)"),
        "{status}"
    );
    assert!(
        !status.contains("Neck release (8 min) · knead run neck-release\nYesterday"),
        "{status}"
    );
}

#[test]
fn a_rest_day_is_quiet_and_a_finished_plan_says_so() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // Day 4 of the desk plan is a rest day; day 3 was missed but is not offered on it.
    started(h, "desk-neck-two-weeks", 3);
    knead(h).arg("due").assert().code(0).stdout("");
    let status = stdout(h, &["plan"]);
    assert!(
        status.contains("Today (a rest day): Rest. Stand up and look away"),
        "{status}"
    );
    assert!(!status.contains("Yesterday's session"), "{status}");

    started(h, "sleep-week", 30);
    let status = stdout(h, &["plan"]);
    assert!(
        status.contains("A week of better sleep (sleep-week): finished, started "),
        "{status}"
    );
    assert!(status.contains("Finished: 0 of 6 session days done."), "{status}");
    // A finished plan asks nothing more: due is back to its area nudge.
    let due = knead(h).arg("due").assert().code(1);
    let said = String::from_utf8_lossy(&due.get_output().stdout).into_owned();
    assert!(said.starts_with("No session yet today."), "{said}");
}

#[test]
fn an_unknown_plan_id_is_a_usage_error_with_a_near_id() {
    let home = tempfile::tempdir().unwrap();
    knead(home.path())
        .args(["plan", "start", "sleep-wek"])
        .assert()
        .code(2)
        .stderr("knead: error: no plan \"sleep-wek\"; did you mean `sleep-week`? `knead plans` lists them\n");
    assert!(!state_file(home.path()).exists());
}

#[test]
fn a_damaged_state_is_reported_and_stop_clears_it() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write_file(&h.join("data/knead"), "plan.toml", "plan = [\n");
    let out = knead(h).arg("plan").assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("plan.toml is damaged"), "{err}");
    assert!(err.contains("`knead plan stop` clears it"), "{err}");
    // `due` still nudges, saying what is wrong once.
    let due = knead(h).arg("due").assert().code(1);
    let err = String::from_utf8_lossy(&due.get_output().stderr).into_owned();
    assert_eq!(err.matches("is damaged").count(), 1, "{err}");
    knead(h)
        .args(["plan", "stop"])
        .assert()
        .success()
        .stdout("Stopped the plan.\n");
    assert!(!state_file(h).exists());
}

/// A plan of one's own, with a mistake: `plans` skips it with the place, `check` fails on it.
#[test]
fn a_plan_of_ones_own_is_checked_like_a_routine() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let plans = h.join("config/knead/plans");
    let text = "name = \"Mine\"\ngoal = \"stress\"\nsummary = \"Two days.\"\n\n[[days]]\nroutines = [\"jaw-eas\"]\nnote = \"Jaw.\"\n\n[[days]]\nrest = true\nnote = \"Rest.\"\n";
    let path = write_file(&plans, "mine.toml", text);
    let out = knead(h).arg("plans").assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains(&format!(
            "{}:6:13: error: unknown routine \"jaw-eas\" in `days[0].routines`",
            path.display()
        )),
        "{err}"
    );
    assert!(err.contains("did you mean `jaw-ease`?"), "{err}");
    knead(h).arg("check").arg(&path).assert().code(1);

    fs::write(&path, text.replace("jaw-eas\"", "jaw-ease\"")).unwrap();
    knead(h)
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout("ok: 1 plan valid\n");
    let listed = stdout(h, &["plans"]);
    assert!(
        listed.contains("mine                     2     1  stress    Mine\n"),
        "{listed}"
    );
    let started = stdout(h, &["plan", "start", "mine"]);
    assert!(
        started.contains("Today: Jaw ease (6 min) · knead run jaw-ease\n"),
        "{started}"
    );
}

#[test]
fn paths_names_the_plans_folder_and_the_plan_state() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let paths = stdout(h, &["paths"]);
    let row = |what: &str| {
        paths
            .lines()
            .find(|l| l.starts_with(what))
            .unwrap_or_else(|| panic!("{paths}"))
            .to_string()
    };
    assert!(
        row("plans ").contains(&h.join("config/knead/plans").display().to_string()),
        "{paths}"
    );
    assert!(
        row("plan state").contains(&state_file(h).display().to_string()),
        "{paths}"
    );
}
