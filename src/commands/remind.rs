//! `knead remind [install --at T,... [--weekdays] | status | remove]`: reminders started by the
//! system's timer, and the reminder itself.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use chrono::Local;

use super::context::Context;
use super::history::{area_due, log_file, warn};
use super::plans::plan_today;
use super::write_err;
use crate::cli::{GlobalArgs, RemindAction, RemindArgs};
use crate::error::{Error, Result};
use crate::log::due::{Due, check_due};
use crate::plan::PlanToday;
use crate::plan::state::replace_file;
use crate::remind::Schedule;
use crate::remind::notify::post;
use crate::remind::units::{
    LAUNCHD_LABEL, RemindCommand, SYSTEMD_SERVICE, SYSTEMD_TIMER, WRITTEN_BY, crontab_lines, launchd_plist,
    systemd_service, systemd_timer, systemd_timer_times, writable_word,
};
use crate::text::sanitize;

const WRITING: &str = "writing the reminder's report";

pub fn run(
    args: &RemindArgs,
    global: &GlobalArgs,
    context: &Context,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    match &args.action {
        None => remind_now(context, out),
        Some(RemindAction::Install { at, weekdays }) => {
            // The times are checked before anything is looked at or written.
            let schedule = Schedule::parse(at, *weekdays).map_err(Error::Usage)?;
            install(&schedule, global, out)
        }
        Some(RemindAction::Status) => status(out),
        Some(RemindAction::Remove) => remove(out),
    }
}

/// Posts today's suggestion unless today's session is done. Quick when it is: without a plan
/// the log's last lines answer before any routine file is parsed, and D-Bus is never touched.
fn remind_now(context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let now = Local::now();
    let follows_plan = context.plan_state_file().is_ok_and(|f| f.exists());
    if !follows_plan && check_due(&log_file(context)?, &[], &now, warn)? == Due::DoneToday {
        return Ok(ExitCode::SUCCESS);
    }
    let library = context.library()?;
    let (summary, body) = match plan_today(context, &library, &now) {
        Some((_, PlanToday::Nothing)) => return Ok(ExitCode::SUCCESS),
        Some((running, PlanToday::Session { title, command, .. })) => (
            format!("knead: {}, {}", running.plan.name, running.where_now()),
            format!("{title}\nStart it: {command}"),
        ),
        None => match area_due(context, &library, &now)? {
            Due::DoneToday => return Ok(ExitCode::SUCCESS),
            Due::Nudge(nudge) => (
                "knead: no session yet today".to_string(),
                format!(
                    "{}\nStart one: knead run --area {}",
                    nudge.to_string().trim_start_matches("No session yet today. "),
                    nudge.area
                ),
            ),
        },
    };
    let (summary, body) = (sanitize(&summary), crate::text::sanitize_file_text(&body));
    match post(&summary, &body) {
        Ok(()) => writeln!(out, "Reminded: {}", body.replace('\n', " · ")).map_err(write_err(WRITING))?,
        Err(e) => {
            let _ = writeln!(
                io::stderr().lock(),
                "knead: no desktop notification service to remind you ({}); today: {}",
                sanitize(&e.to_string()),
                body.replace('\n', " · ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How this system runs a program on a schedule, and where its files go.
enum Method {
    /// `$XDG_CONFIG_HOME/systemd/user` (else `~/.config/systemd/user`).
    Systemd(PathBuf),
    /// `~/Library/LaunchAgents`.
    Launchd(PathBuf),
    Cron,
}

fn method() -> Result<Method> {
    let home = crate::system::paths::PlatformDirs::detect().home;
    let home_or_err = || {
        home.clone().ok_or_else(|| Error::Io {
            context: "finding your folders for the reminder".into(),
            source: io::Error::new(io::ErrorKind::NotFound, "no home folder; set HOME"),
        })
    };
    if cfg!(target_os = "macos") {
        return Ok(Method::Launchd(home_or_err()?.join("Library/LaunchAgents")));
    }
    if cfg!(target_os = "linux") && on_path("systemctl") {
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|d| d.is_absolute());
        let config = match config {
            Some(dir) => dir,
            None => home_or_err()?.join(".config"),
        };
        return Ok(Method::Systemd(config.join("systemd/user")));
    }
    Ok(Method::Cron)
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// A user's systemd is there to talk to (its private socket exists): then knead turns the
/// timer on and off itself; otherwise it says how.
fn user_systemd_reachable() -> bool {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .is_some_and(|dir| dir.join("systemd/private").exists())
}

fn systemctl(args: &[&str]) -> bool {
    Command::new("systemctl")
        .arg("--user")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// This very knead, and the settings named on its command line, which the timer could not
/// otherwise know.
fn remind_command(global: &GlobalArgs) -> Result<RemindCommand> {
    let program = std::env::current_exe().map_err(Error::io("finding knead's own program file"))?;
    let mut words = vec![program.display().to_string()];
    if let Some(config) = &global.config {
        words.extend(["--config".to_string(), absolute(config)?]);
    }
    if let Some(log) = &global.log_file {
        words.extend(["--log-file".to_string(), absolute(log)?]);
    }
    if let Some(bad) = words.iter().find(|w| !writable_word(w)) {
        return Err(Error::Usage(format!(
            "cannot write {:?} into a timer: it holds a control character",
            sanitize(bad)
        )));
    }
    words.push("remind".to_string());
    let program = words.remove(0);
    Ok(RemindCommand { program, args: words })
}

fn absolute(path: &Path) -> Result<String> {
    std::path::absolute(path)
        .map(|p| p.display().to_string())
        .map_err(Error::io("making a path absolute for the timer"))
}

fn write_unit(path: &Path, text: &str) -> Result<()> {
    replace_file(path, text.as_bytes()).map_err(Error::io(format!("writing {}", path.display())))
}

fn install(schedule: &Schedule, global: &GlobalArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let command = remind_command(global)?;
    let w = write_err(WRITING);
    match method()? {
        Method::Systemd(dir) => {
            let service = dir.join(SYSTEMD_SERVICE);
            let timer = dir.join(SYSTEMD_TIMER);
            write_unit(&service, &systemd_service(&command))?;
            write_unit(&timer, &systemd_timer(schedule))?;
            writeln!(out, "Reminders at {}.", schedule.describe()).map_err(w)?;
            writeln!(out, "Wrote {}", sanitize(&timer.display().to_string())).map_err(write_err(WRITING))?;
            writeln!(out, "  and {}", sanitize(&service.display().to_string()))
                .map_err(write_err(WRITING))?;
            let enable =
                format!("systemctl --user daemon-reload && systemctl --user enable --now {SYSTEMD_TIMER}");
            if user_systemd_reachable()
                && systemctl(&["daemon-reload"])
                && systemctl(&["enable", "--now", SYSTEMD_TIMER])
            {
                writeln!(out, "The timer is on. `knead remind status` shows it.")
                    .map_err(write_err(WRITING))?;
            } else {
                writeln!(out, "Turn the timer on in your desktop session with:\n  {enable}")
                    .map_err(write_err(WRITING))?;
            }
        }
        Method::Launchd(dir) => {
            let plist = dir.join(format!("{LAUNCHD_LABEL}.plist"));
            write_unit(&plist, &launchd_plist(&command, schedule))?;
            writeln!(out, "Reminders at {}.", schedule.describe()).map_err(w)?;
            writeln!(out, "Wrote {}", sanitize(&plist.display().to_string())).map_err(write_err(WRITING))?;
            let loaded = Command::new("launchctl")
                .args(["load", "-w"])
                .arg(&plist)
                .status()
                .is_ok_and(|s| s.success());
            if !loaded {
                writeln!(
                    out,
                    "Load it with:\n  launchctl load -w {}",
                    sanitize(&plist.display().to_string())
                )
                .map_err(write_err(WRITING))?;
            }
        }
        Method::Cron => {
            let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from);
            writeln!(
                out,
                "This system has no systemd or launchd for knead to use. Add these lines with `crontab -e`:"
            )
            .map_err(w)?;
            for line in crontab_lines(&command, schedule, runtime.as_deref()) {
                writeln!(out, "{}", sanitize(&line)).map_err(write_err(WRITING))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A file `install` wrote (it begins with knead's note), not one of the person's own.
fn ours(path: &Path) -> Option<String> {
    fs::read_to_string(path)
        .ok()
        .filter(|text| text.lines().take(2).any(|l| l.contains(WRITTEN_BY)))
}

fn status(out: &mut dyn Write) -> Result<ExitCode> {
    let w = || write_err(WRITING);
    match method()? {
        Method::Systemd(dir) => {
            let timer = dir.join(SYSTEMD_TIMER);
            let Some(text) = ours(&timer) else {
                writeln!(
                    out,
                    "No reminders installed. `knead remind install --at 10:30,15:00` sets some."
                )
                .map_err(w())?;
                return Ok(ExitCode::SUCCESS);
            };
            let (times, weekdays) = systemd_timer_times(&text);
            let days = if weekdays { "Monday to Friday" } else { "every day" };
            writeln!(out, "Reminders at {}, {days}.", times.join(", ")).map_err(w())?;
            writeln!(out, "Timer: {}", sanitize(&timer.display().to_string())).map_err(w())?;
            if user_systemd_reachable() {
                let state = Command::new("systemctl")
                    .args(["--user", "is-active", SYSTEMD_TIMER])
                    .stdin(Stdio::null())
                    .output()
                    .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                    .unwrap_or_default();
                writeln!(out, "systemd says the timer is {}.", sanitize(&state)).map_err(w())?;
            } else {
                writeln!(out, "(No user systemd to ask from here whether the timer is on.)").map_err(w())?;
            }
        }
        Method::Launchd(dir) => {
            let plist = dir.join(format!("{LAUNCHD_LABEL}.plist"));
            if ours(&plist).is_some() {
                writeln!(
                    out,
                    "Reminders installed: {}",
                    sanitize(&plist.display().to_string())
                )
                .map_err(w())?;
            } else {
                writeln!(
                    out,
                    "No reminders installed. `knead remind install --at 10:30,15:00` sets some."
                )
                .map_err(w())?;
            }
        }
        Method::Cron => {
            writeln!(
                out,
                "knead cannot read cron's table; `crontab -l | grep 'knead'` shows any reminder lines."
            )
            .map_err(w())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn remove(out: &mut dyn Write) -> Result<ExitCode> {
    let w = || write_err(WRITING);
    let mut removed: Vec<PathBuf> = Vec::new();
    let mut delete = |path: PathBuf| -> Result<()> {
        if ours(&path).is_some() {
            fs::remove_file(&path).map_err(Error::io(format!("removing {}", path.display())))?;
            removed.push(path);
        }
        Ok(())
    };
    match method()? {
        Method::Systemd(dir) => {
            let reachable = user_systemd_reachable();
            if reachable {
                systemctl(&["disable", "--now", SYSTEMD_TIMER]);
            }
            // The link `enable` made; left behind it would point at nothing.
            let wants = dir.join("timers.target.wants").join(SYSTEMD_TIMER);
            if wants.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                fs::remove_file(&wants).map_err(Error::io(format!("removing {}", wants.display())))?;
            }
            delete(dir.join(SYSTEMD_TIMER))?;
            delete(dir.join(SYSTEMD_SERVICE))?;
            if reachable {
                systemctl(&["daemon-reload"]);
            }
        }
        Method::Launchd(dir) => {
            let plist = dir.join(format!("{LAUNCHD_LABEL}.plist"));
            if plist.exists() {
                let _ = Command::new("launchctl")
                    .args(["unload", "-w"])
                    .arg(&plist)
                    .status();
            }
            delete(plist)?;
        }
        Method::Cron => {
            writeln!(out, "Remove the lines that run `knead remind` with `crontab -e`.").map_err(w())?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    if removed.is_empty() {
        writeln!(out, "No reminders installed.").map_err(w())?;
    } else {
        writeln!(out, "Removed the reminders:").map_err(w())?;
        for path in removed {
            writeln!(out, "  {}", sanitize(&path.display().to_string())).map_err(w())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
