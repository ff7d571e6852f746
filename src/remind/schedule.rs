//! When reminders fire: times of day from `--at`, every day or Monday to Friday.

use std::fmt;

/// A time of day, to the minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay {
    pub hour: u8,
    pub minute: u8,
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Sorted, each once.
    pub times: Vec<TimeOfDay>,
    pub weekdays_only: bool,
}

/// More reminders than this a day is nagging, not reminding.
pub const TIMES_MAX: usize = 12;

impl Schedule {
    /// `10:30,15:00` (spaces allowed around the commas; `9:05` as well as `09:05`).
    pub fn parse(at: &str, weekdays_only: bool) -> Result<Schedule, String> {
        let mut times = Vec::new();
        for part in at.split(',') {
            let part = part.trim();
            if part.is_empty() {
                return Err(format!(
                    "--at {:?} has an empty time; write times as HH:MM separated by commas, e.g. --at 10:30,15:00",
                    crate::text::sanitize(at)
                ));
            }
            let time = parse_time(part).ok_or_else(|| {
                format!(
                    "--at: {:?} is not a time of day; write HH:MM in 24 hours (00:00 to 23:59), e.g. --at 10:30,15:00",
                    crate::text::sanitize(part)
                )
            })?;
            if times.contains(&time) {
                return Err(format!("--at names {time} twice"));
            }
            times.push(time);
        }
        if times.len() > TIMES_MAX {
            return Err(format!(
                "--at names {} times; at most {TIMES_MAX} a day",
                times.len()
            ));
        }
        times.sort();
        Ok(Schedule { times, weekdays_only })
    }

    /// "10:30 and 15:00, Monday to Friday".
    pub fn describe(&self) -> String {
        let times: Vec<String> = self.times.iter().map(ToString::to_string).collect();
        let joined = match times.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        let days = if self.weekdays_only {
            "Monday to Friday"
        } else {
            "every day"
        };
        format!("{joined}, {days}")
    }
}

fn parse_time(text: &str) -> Option<TimeOfDay> {
    let (hour, minute) = text.split_once(':')?;
    let digits = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u8>().ok())?
    };
    let hour = digits(hour, 2)?;
    let minute = digits(minute, 2).filter(|_| minute.len() == 2)?;
    (hour < 24 && minute < 60).then_some(TimeOfDay { hour, minute })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_sorted_and_described() {
        let s = Schedule::parse("15:00, 9:05,10:30", true).unwrap();
        let shown: Vec<String> = s.times.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["09:05", "10:30", "15:00"]);
        assert_eq!(s.describe(), "09:05, 10:30 and 15:00, Monday to Friday");
        assert_eq!(
            Schedule::parse("7:00", false).unwrap().describe(),
            "07:00, every day"
        );
    }

    #[test]
    fn a_bad_time_is_named_with_the_form_to_use() {
        for (at, said) in [
            (
                "25:00",
                "--at: \"25:00\" is not a time of day; write HH:MM in 24 hours",
            ),
            ("10:3", "--at: \"10:3\" is not a time of day"),
            ("10h30", "--at: \"10h30\" is not a time of day"),
            ("10:60", "--at: \"10:60\" is not a time of day"),
            ("10:30,,15:00", "has an empty time"),
            ("10:30,10:30", "--at names 10:30 twice"),
            ("-1:00", "is not a time of day"),
        ] {
            let err = Schedule::parse(at, false).unwrap_err();
            assert!(err.contains(said), "{at}: {err}");
        }
        let many: Vec<String> = (0..13).map(|h| format!("{h}:00")).collect();
        assert!(
            Schedule::parse(&many.join(","), false)
                .unwrap_err()
                .contains("at most 12")
        );
    }
}
