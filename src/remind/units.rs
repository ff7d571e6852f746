//! The files that make the system run `knead remind` on a schedule: a systemd user timer and
//! its service, a launchd agent, or crontab lines. Plain text from plain data, so each can be
//! checked without installing it.

use std::path::Path;

use super::schedule::Schedule;

/// The units' names in `~/.config/systemd/user`.
pub const SYSTEMD_TIMER: &str = "knead-remind.timer";
pub const SYSTEMD_SERVICE: &str = "knead-remind.service";
/// The agent's label, and its file's name in `~/Library/LaunchAgents` with `.plist`.
pub const LAUNCHD_LABEL: &str = "org.knead.remind";

/// The first line of every file knead writes here: how `remove` knows it is knead's.
pub const WRITTEN_BY: &str = "Written by `knead remind install`; `knead remind remove` deletes it.";

/// The command line the timer runs: knead, `remind`, and any settings named on the command
/// line at install (the timer has no shell environment to find them in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemindCommand {
    pub program: String,
    pub args: Vec<String>,
}

impl RemindCommand {
    fn words(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.program.as_str()).chain(self.args.iter().map(String::as_str))
    }
}

/// Whether a word can be written into a unit file, plist or crontab line at all.
pub fn writable_word(word: &str) -> bool {
    !word.chars().any(char::is_control)
}

/// systemd's quoting for one word of `ExecStart`: in double quotes with `\` and `"` escaped,
/// `%` doubled (a specifier otherwise) and `$` doubled (a variable otherwise).
fn systemd_word(word: &str) -> String {
    let mut quoted = String::from("\"");
    for c in word.chars() {
        match c {
            '\\' | '"' => {
                quoted.push('\\');
                quoted.push(c);
            }
            '%' => quoted.push_str("%%"),
            '$' => quoted.push_str("$$"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

pub fn systemd_service(command: &RemindCommand) -> String {
    let exec: Vec<String> = command.words().map(systemd_word).collect();
    format!(
        "# {WRITTEN_BY}\n\
         [Unit]\n\
         Description=knead: a reminder of today's self-massage session\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         ExecStart={}\n",
        exec.join(" ")
    )
}

pub fn systemd_timer(schedule: &Schedule) -> String {
    let days = if schedule.weekdays_only { "Mon..Fri " } else { "" };
    let mut calendar = String::new();
    for time in &schedule.times {
        calendar.push_str(&format!("OnCalendar={days}*-*-* {time}:00\n"));
    }
    format!(
        "# {WRITTEN_BY}\n\
         [Unit]\n\
         Description=knead: reminders at {}\n\
         \n\
         [Timer]\n\
         {calendar}\
         # A time missed while the computer slept or was off fires when it is back.\n\
         Persistent=true\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n",
        schedule.describe()
    )
}

/// The times a timer written by [`systemd_timer`] fires at, read back for `status`.
pub fn systemd_timer_times(text: &str) -> (Vec<String>, bool) {
    let mut weekdays = false;
    let times = text
        .lines()
        .filter_map(|line| line.strip_prefix("OnCalendar="))
        .filter_map(|spec| {
            weekdays |= spec.starts_with("Mon..Fri");
            let time = spec.rsplit(' ').next()?;
            Some(time.strip_suffix(":00").unwrap_or(time).to_string())
        })
        .collect();
    (times, weekdays)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn launchd_plist(command: &RemindCommand, schedule: &Schedule) -> String {
    let args: String = command
        .words()
        .map(|w| format!("    <string>{}</string>\n", xml_escape(w)))
        .collect();
    // launchd's weekdays: 1 is Monday. Without a Weekday key, every day.
    let days: Vec<Option<u8>> = if schedule.weekdays_only {
        (1..=5).map(Some).collect()
    } else {
        vec![None]
    };
    let mut intervals = String::new();
    for time in &schedule.times {
        for day in &days {
            let weekday = day.map_or(String::new(), |d| {
                format!("<key>Weekday</key><integer>{d}</integer>")
            });
            intervals.push_str(&format!(
                "    <dict><key>Hour</key><integer>{}</integer><key>Minute</key><integer>{}</integer>{weekday}</dict>\n",
                time.hour, time.minute
            ));
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!-- {WRITTEN_BY} -->\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\">\n\
         <dict>\n\
         \x20 <key>Label</key>\n\
         \x20 <string>{LAUNCHD_LABEL}</string>\n\
         \x20 <key>ProgramArguments</key>\n\
         \x20 <array>\n{args}  </array>\n\
         \x20 <key>StartCalendarInterval</key>\n\
         \x20 <array>\n{intervals}  </array>\n\
         </dict>\n\
         </plist>\n"
    )
}

/// One crontab line a time. cron starts programs without the desktop's session bus, so the
/// line names it when it is known (`$XDG_RUNTIME_DIR/bus`).
pub fn crontab_lines(
    command: &RemindCommand,
    schedule: &Schedule,
    runtime_dir: Option<&Path>,
) -> Vec<String> {
    let days = if schedule.weekdays_only { "1-5" } else { "*" };
    let quoted: Vec<String> = command.words().map(shell_word).collect();
    let bus = runtime_dir
        .map(|dir| {
            format!(
                "DBUS_SESSION_BUS_ADDRESS=unix:path={} ",
                shell_word(&dir.join("bus").display().to_string())
            )
        })
        .unwrap_or_default();
    schedule
        .times
        .iter()
        .map(|t| format!("{} {} * * {days} {bus}{}", t.minute, t.hour, quoted.join(" ")))
        .collect()
}

/// A word for sh: as it is when it is plainly safe, else in single quotes. `%` is cron's
/// newline, so it is escaped even inside quotes.
fn shell_word(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-=:+,".contains(c));
    let quoted = if plain && !word.is_empty() {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    };
    quoted.replace('%', "\\%")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command() -> RemindCommand {
        RemindCommand {
            program: "/opt/my apps/knead".into(),
            args: vec!["--config".into(), "/home/me/50%.toml".into(), "remind".into()],
        }
    }

    #[test]
    fn the_timer_fires_at_each_time_and_catches_up_after_sleep() {
        let schedule = Schedule::parse("15:00,10:30", true).unwrap();
        let timer = systemd_timer(&schedule);
        assert!(
            timer.contains("OnCalendar=Mon..Fri *-*-* 10:30:00\nOnCalendar=Mon..Fri *-*-* 15:00:00\n"),
            "{timer}"
        );
        assert!(timer.contains("\nPersistent=true\n"));
        assert!(timer.contains("WantedBy=timers.target"));
        assert_eq!(
            systemd_timer_times(&timer),
            (vec!["10:30".to_string(), "15:00".to_string()], true)
        );
        let every_day = systemd_timer(&Schedule::parse("7:00", false).unwrap());
        assert!(every_day.contains("OnCalendar=*-*-* 07:00:00\n"), "{every_day}");
    }

    #[test]
    fn the_service_quotes_the_command_for_systemd() {
        let service = systemd_service(&command());
        assert!(
            service.contains(
                "ExecStart=\"/opt/my apps/knead\" \"--config\" \"/home/me/50%%.toml\" \"remind\"\n"
            ),
            "{service}"
        );
        assert!(service.contains("Type=oneshot"));
    }

    #[test]
    fn the_launchd_agent_has_one_interval_a_time_and_weekday() {
        let plist = launchd_plist(&command(), &Schedule::parse("10:30", true).unwrap());
        assert!(plist.contains("<string>org.knead.remind</string>"));
        assert!(plist.contains("<string>/opt/my apps/knead</string>"));
        assert_eq!(plist.matches("<key>Hour</key><integer>10</integer>").count(), 5);
        assert!(plist.contains("<key>Weekday</key><integer>5</integer>"));
        let daily = launchd_plist(&command(), &Schedule::parse("10:30,15:00", false).unwrap());
        assert_eq!(daily.matches("<key>Minute</key>").count(), 2);
        assert!(!daily.contains("Weekday"));
    }

    #[test]
    fn crontab_lines_quote_for_the_shell_and_name_the_session_bus() {
        let lines = crontab_lines(
            &command(),
            &Schedule::parse("10:30,15:00", true).unwrap(),
            Some(Path::new("/run/user/1000")),
        );
        assert_eq!(
            lines,
            [
                "30 10 * * 1-5 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus '/opt/my apps/knead' --config '/home/me/50\\%.toml' remind",
                "0 15 * * 1-5 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus '/opt/my apps/knead' --config '/home/me/50\\%.toml' remind",
            ]
        );
    }
}
