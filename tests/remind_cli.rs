//! `knead remind`: the timer files it writes (checked by systemd's own `systemd-analyze
//! verify` where it exists), and the notification, sent to a real session bus that the test
//! starts (`dbus-daemon`) where a stand-in notification server records each Notify call.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use assert_cmd::Command;
use chrono::{Local, TimeZone};

use crate::common::{knead_process, write_file};

fn knead(home: &Path) -> Command {
    let mut cmd = knead_process(home);
    if let Some(tz) = std::env::var_os("TZ") {
        cmd.env("TZ", tz);
    }
    Command::from_std(cmd)
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_bad_time_is_a_usage_error_and_nothing_is_written() {
    let home = tempfile::tempdir().unwrap();
    for (at, said) in [
        (
            "25:00",
            "knead: error: --at: \"25:00\" is not a time of day; write HH:MM in 24 hours (00:00 to 23:59), e.g. --at 10:30,15:00\n",
        ),
        ("10:30,10:30", "knead: error: --at names 10:30 twice\n"),
    ] {
        knead(home.path())
            .args(["remind", "install", "--at", at])
            .assert()
            .code(2)
            .stdout("")
            .stderr(said);
    }
    assert_eq!(files_under(home.path()), Vec::<PathBuf>::new());
}

#[test]
fn install_writes_a_user_timer_that_systemd_accepts_and_remove_takes_it_away() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let out = knead(h)
        .args(["remind", "install", "--at", "15:00,10:30", "--weekdays"])
        .assert()
        .success();
    let said = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    if !on_path("systemctl") {
        // No systemd here: the crontab lines to add, and nothing written.
        assert!(said.contains("30 10 * * 1-5 "), "{said}");
        assert!(said.contains("0 15 * * 1-5 "), "{said}");
        assert_eq!(files_under(h), Vec::<PathBuf>::new());
        return;
    }
    assert!(
        said.starts_with("Reminders at 10:30 and 15:00, Monday to Friday.\n"),
        "{said}"
    );
    // Only the person's own folder is touched.
    assert_eq!(
        files_under(h),
        [
            PathBuf::from("config/systemd/user/knead-remind.service"),
            PathBuf::from("config/systemd/user/knead-remind.timer"),
        ]
    );
    let units = h.join("config/systemd/user");
    let timer = std::fs::read_to_string(units.join("knead-remind.timer")).unwrap();
    assert!(
        timer.contains("OnCalendar=Mon..Fri *-*-* 10:30:00\nOnCalendar=Mon..Fri *-*-* 15:00:00\n"),
        "{timer}"
    );
    assert!(timer.contains("\nPersistent=true\n"), "{timer}");
    let service = std::fs::read_to_string(units.join("knead-remind.service")).unwrap();
    assert!(
        service.contains(&format!(
            "ExecStart=\"{}\" \"remind\"\n",
            env!("CARGO_BIN_EXE_knead")
        )),
        "{service}"
    );

    if on_path("systemd-analyze") {
        let verify = Process::new("systemd-analyze")
            .arg("verify")
            .arg(units.join("knead-remind.timer"))
            .arg(units.join("knead-remind.service"))
            .output()
            .unwrap();
        // It reports a line it cannot use and goes on, so its silence is the verdict.
        assert!(
            verify.status.success() && verify.stderr.is_empty() && verify.stdout.is_empty(),
            "systemd-analyze verify: {}\n{}",
            verify.status,
            String::from_utf8_lossy(&verify.stderr)
        );
    } else {
        eprintln!("systemd-analyze is not installed: the unit files are not verified by systemd");
    }

    knead(h)
        .args(["remind", "status"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "Reminders at 10:30, 15:00, Monday to Friday.\n",
        ));
    // A unit of the same name that knead did not write is left alone.
    let mine = write_file(&h.join("elsewhere"), "x", "");
    knead(h)
        .args(["remind", "remove"])
        .assert()
        .success()
        .stdout(format!(
            "Removed the reminders:\n  {}\n  {}\n",
            units.join("knead-remind.timer").display(),
            units.join("knead-remind.service").display()
        ));
    assert_eq!(files_under(h), [mine.strip_prefix(h).unwrap().to_path_buf()]);
    knead(h)
        .args(["remind", "status"])
        .assert()
        .success()
        .stdout("No reminders installed. `knead remind install --at 10:30,15:00` sets some.\n");
    knead(h)
        .args(["remind", "remove"])
        .assert()
        .success()
        .stdout("No reminders installed.\n");
}

/// A private session bus, ended when dropped. Its configuration has no service folders, so
/// no notification daemon installed on the machine can be started on it.
struct Bus {
    daemon: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Bus {
    fn start() -> Option<Bus> {
        if !on_path("dbus-daemon") {
            eprintln!("dbus-daemon is not installed (Debian's dbus package): the notification is not tested");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let config = write_file(
            dir.path(),
            "bus.conf",
            &format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.path().join("bus").display()
            ),
        );
        let mut daemon = Process::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address"])
            .stdout(Stdio::piped())
            // Its complaint that it may not raise its file limit is noise here.
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        Some(Bus {
            daemon,
            address: address.trim().to_string(),
            _dir: dir,
        })
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Each Notify call: the app name, the summary and the body.
type Calls = Arc<Mutex<Vec<(String, String, String)>>>;

struct FakeNotifications {
    calls: Calls,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl FakeNotifications {
    #[expect(
        clippy::too_many_arguments,
        reason = "the arguments of the freedesktop Notify method"
    )]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::OwnedVariant>,
        _expire_timeout: i32,
    ) -> u32 {
        self.calls.lock().unwrap().push((app_name, summary, body));
        1
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".to_string()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("fake".into(), "knead tests".into(), "1".into(), "1.2".into())
    }
}

/// Owns org.freedesktop.Notifications on `bus` from a thread of its own, for the rest of the
/// test process (the bus itself ends with the test).
fn serve_notifications(bus: &Bus) -> Calls {
    let calls = Calls::default();
    let fake = FakeNotifications { calls: calls.clone() };
    let address = bus.address.clone();
    let (ready, is_ready) = mpsc::channel();
    std::thread::spawn(move || {
        zbus::block_on(async move {
            let connection = zbus::connection::Builder::address(address.as_str())
                .name("org.freedesktop.Notifications")
                .serve_at("/org/freedesktop/Notifications", fake)
                .build()
                .await;
            match connection {
                // Held while the thread waits forever: dropping it would give up the name.
                Ok(_held) => {
                    let _ = ready.send(Ok(()));
                    std::future::pending::<()>().await;
                }
                Err(e) => {
                    let _ = ready.send(Err(e.to_string()));
                }
            }
        });
    });
    is_ready
        .recv_timeout(Duration::from_secs(30))
        .expect("the stand-in server starts")
        .expect("the stand-in server owns its name");
    calls
}

fn remind(home: &Path, bus: &str) -> std::process::Output {
    knead(home)
        .arg("remind")
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .output()
        .unwrap()
}

#[test]
fn the_reminder_is_posted_on_the_session_bus_naming_the_session_and_its_command() {
    let Some(bus) = Bus::start() else { return };
    let calls = serve_notifications(&bus);
    let home = tempfile::tempdir().unwrap();
    let out = remind(home.path(), &bus.address);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let seen = calls.lock().unwrap().clone();
    assert_eq!(
        seen,
        [(
            "knead".to_string(),
            "knead: no session yet today".to_string(),
            "Least recently worked: neck (not yet).\nStart one: knead run --area neck".to_string()
        )]
    );

    // With a plan: its session and command.
    let day = Local::now().date_naive();
    write_file(
        &home.path().join("data/knead"),
        "plan.toml",
        &format!("plan = \"keyboard-hands-week\"\nstarted = \"{day}\"\n"),
    );
    let out = remind(home.path(), &bus.address);
    assert!(out.status.success(), "{out:?}");
    let seen = calls.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].1, "knead: A week for keyboard hands, day 1 of 7");
    assert_eq!(
        seen[1].2,
        "Keyboard hands (9 min)\nStart it: knead run keyboard-hands"
    );
}

#[test]
fn the_reminder_is_not_sent_when_todays_session_is_done() {
    let Some(bus) = Bus::start() else { return };
    let calls = serve_notifications(&bus);
    let home = tempfile::tempdir().unwrap();
    let at = Local
        .from_local_datetime(&Local::now().date_naive().and_hms_opt(0, 1, 0).unwrap())
        .earliest()
        .unwrap()
        .fixed_offset();
    write_file(
        &home.path().join("data/knead"),
        "sessions.jsonl",
        &format!(
            "{{\"v\":1,\"id\":\"x-1\",\"routine\":\"jaw-ease\",\"name\":\"Jaw ease\",\"areas\":[\"jaw\"],\"started\":\"{}\",\"ended\":\"{}\",\"planned_s\":300,\"active_s\":300,\"steps_done\":6,\"steps_total\":6,\"completed\":true}}\n",
            at.to_rfc3339(),
            (at + chrono::Duration::minutes(5)).to_rfc3339()
        ),
    );
    let out = remind(home.path(), &bus.address);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        (out.stdout.as_slice(), out.stderr.as_slice()),
        (&b""[..], &b""[..])
    );
    assert_eq!(calls.lock().unwrap().len(), 0);
}

#[test]
fn without_a_notification_service_the_reminder_says_so_and_exits_0() {
    let Some(bus) = Bus::start() else { return };
    let home = tempfile::tempdir().unwrap();
    // A bus where no one serves notifications, then no bus at all.
    for address in [
        bus.address.clone(),
        format!("unix:path={}", home.path().join("no-bus").display()),
    ] {
        let out = remind(home.path(), &address);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("knead: no desktop notification service to remind you ("),
            "{err}"
        );
        assert!(
            err.ends_with(
                "); today: Least recently worked: neck (not yet). · Start one: knead run --area neck\n"
            ),
            "{err}"
        );
    }
}
