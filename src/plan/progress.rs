//! Where a person is in a plan, worked out from the calendar and the log; nothing about
//! progress is stored but the day the plan started.
//!
//! How days advance: by the calendar. Day 1 is the local day the plan was started, day 2 the
//! next, and so on, whether or not a session was done: a missed day moves the plan on like
//! any other. A day's session counts as done when a completed session that fits it (its
//! routines, or one of its areas) was logged that day. A missed session is offered once: on
//! the next day only, and only when that day is not a rest day (the rest stays a rest); a
//! fitting session that day, beyond the one for the day itself, counts for the missed day.
//! After the last day the plan is finished until it is stopped or another is started.

use std::ops::ControlFlow;

use chrono::{DateTime, NaiveDate, TimeZone};

use super::model::{Plan, PlanSession};
use crate::log::store::{LogFile, Warning};
use crate::log::{LogError, RecordView};
use crate::routine::Area;

/// A completed session as the plan sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoneSession {
    pub day: NaiveDate,
    /// The log's `routine` field: ids joined with `+`.
    pub routines: String,
    pub areas: Vec<Area>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Today {
    /// Day `index` (0-based) asks for a session.
    Session {
        index: usize,
        done: bool,
    },
    Rest {
        index: usize,
    },
    /// Past the last day.
    Finished,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Today's day number, 1-based; more than `of` once the plan is finished.
    pub day: usize,
    pub of: usize,
    /// For each day up to today (and every day once finished): whether its session was done.
    /// Rest days are `false`.
    pub done: Vec<bool>,
    pub today: Today,
    /// The day (0-based) whose missed session is offered today.
    pub missed: Option<usize>,
}

impl Progress {
    /// How many session days so far (up to today) were done, and how many there were.
    pub fn sessions_done(&self, plan: &Plan) -> (usize, usize) {
        let days = self.done.len();
        let asked = plan.days[..days].iter().filter(|d| d.session.is_some()).count();
        (self.done.iter().filter(|d| **d).count(), asked)
    }

    /// The session to do now, with its day (0-based): today's when it is not done yet, else
    /// the missed one offered today.
    pub fn next<'p>(&self, plan: &'p Plan) -> Option<(usize, &'p PlanSession)> {
        let index = match self.today {
            Today::Session { index, done: false } => Some(index),
            _ => self.missed,
        }?;
        plan.days[index].session.as_ref().map(|s| (index, s))
    }
}

/// Where the plan started on `started` stands on `today`, given the completed sessions
/// logged since (any order).
pub fn progress(plan: &Plan, started: NaiveDate, today: NaiveDate, sessions: &[DoneSession]) -> Progress {
    let of = plan.days.len();
    // A clock set back before the start is day 1, not an error.
    let elapsed = usize::try_from((today - started).num_days()).unwrap_or(0);
    let day = elapsed + 1;
    let mut done = vec![false; of.min(day)];
    let day_of = |date: NaiveDate| usize::try_from((date - started).num_days()).ok();
    for date_index in 0..done.len().min(of + 1) {
        let date = started + chrono::Days::new(date_index as u64);
        for session in sessions.iter().filter(|s| s.day == date) {
            let fits = |i: usize| {
                plan.days[i]
                    .session
                    .as_ref()
                    .is_some_and(|s| s.fits(&session.routines, &session.areas))
            };
            if !done[date_index] && fits(date_index) {
                done[date_index] = true;
            } else if let Some(previous) = date_index.checked_sub(1)
                && offered(plan, previous)
                && !done[previous]
                && fits(previous)
            {
                done[previous] = true;
            }
        }
        debug_assert_eq!(day_of(date), Some(date_index));
    }
    // The day after the last one counts a catch-up for the last day too.
    if day > of
        && let Some(last) = of.checked_sub(1)
    {
        let after = started + chrono::Days::new(of as u64);
        if !done[last]
            && sessions.iter().any(|s| {
                s.day == after
                    && plan.days[last]
                        .session
                        .as_ref()
                        .is_some_and(|p| p.fits(&s.routines, &s.areas))
            })
        {
            done[last] = true;
        }
    }
    let today_state = if day > of {
        Today::Finished
    } else {
        let index = day - 1;
        match plan.days[index].session {
            Some(_) => Today::Session {
                index,
                done: done[index],
            },
            None => Today::Rest { index },
        }
    };
    let missed = match today_state {
        Today::Session { index, .. } => index
            .checked_sub(1)
            .filter(|&previous| offered(plan, previous) && !done[previous]),
        Today::Rest { .. } | Today::Finished => None,
    };
    Progress {
        day,
        of,
        done,
        today: today_state,
        missed,
    }
}

/// Whether day `index`'s session, if missed, is offered the next day: it was a session day
/// and the next is one too.
fn offered(plan: &Plan, index: usize) -> bool {
    plan.days[index].session.is_some() && plan.days.get(index + 1).is_some_and(|d| d.session.is_some())
}

/// Reading stops after this many sessions from before the plan began: sessions written out
/// of order (two terminals) are rarely more than a few lines out of place.
const SLACK_SESSIONS: u32 = 8;

/// The completed sessions that started on `from` or later, as local days in `now`'s zone,
/// read from the end of the log (a few past the first earlier one, for sessions written out
/// of order).
pub fn sessions_since<Tz: TimeZone>(
    log: &LogFile,
    from: NaiveDate,
    now: &DateTime<Tz>,
    on_warning: impl FnMut(Warning),
) -> Result<Vec<DoneSession>, LogError> {
    let tz = now.timezone();
    let now_fixed = now.fixed_offset();
    let mut sessions = Vec::new();
    let mut earlier = 0;
    log.read_backwards_as(
        // Read and checked as every reader reads a line, so a line `log` and `stats` skip
        // is no session done here either.
        |line| {
            let view = RecordView::from_json_line(line).map_err(|e| e.to_string())?;
            Ok((
                view.started,
                view.completed,
                view.routine.to_string(),
                view.areas.iter().filter_map(Area::parse).collect::<Vec<_>>(),
            ))
        },
        |(started, completed, routine, areas)| {
            // Not yet happened: recorded by a machine whose clock is ahead.
            if started > now_fixed {
                return ControlFlow::Continue(());
            }
            let day = started.with_timezone(&tz).date_naive();
            if day < from {
                earlier += 1;
                return if earlier >= SLACK_SESSIONS {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                };
            }
            if completed {
                sessions.push(DoneSession {
                    day,
                    routines: routine,
                    areas,
                });
            }
            ControlFlow::Continue(())
        },
        on_warning,
    )?;
    sessions.reverse();
    Ok(sessions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::PlanDay;
    use crate::routine::{Goal, Source};
    use crate::text::SafeText;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn neck() -> Option<PlanSession> {
        Some(PlanSession::Routines {
            ids: vec!["neck-release".into()],
            minutes: None,
        })
    }

    /// Neck, neck, rest, neck.
    fn plan() -> Plan {
        let day = |session| PlanDay {
            session,
            note: SafeText::sanitized("n"),
        };
        Plan {
            id: "p".into(),
            name: SafeText::sanitized("P"),
            goal: Goal::Pain,
            summary: SafeText::sanitized("s"),
            days: vec![day(neck()), day(neck()), day(None), day(neck())],
            source: Source::BuiltIn,
        }
    }

    fn done(day: u32) -> DoneSession {
        DoneSession {
            day: date(day),
            routines: "neck-release".into(),
            areas: vec![Area::Neck],
        }
    }

    /// The plan reads the log as every other reader does: a line the one record check
    /// refuses, or a session that starts after now, is no session done.
    #[test]
    fn sessions_since_skips_records_other_readers_reject_and_sessions_not_yet_happened() {
        use crate::log::testing::{at, log_with, record};
        let good = record("2026-11-11T08:00:00+01:00", "neck", true);
        let future = record("2026-11-13T08:00:00+01:00", "neck", true);
        let (_dir, log) = log_with(&[good.clone(), future]);
        let line = record("2026-11-12T08:00:00+01:00", "neck", true).to_json_line();
        let bad = [
            line.replacen("\"v\":2", "\"v\":0", 1),
            line.replace("\"completed\":true", "\"completed\":true,\"tension_after\":11"),
            line.replace("[\"neck\"]", "[\"neck\",\"neck\"]"),
        ];
        let mut text = std::fs::read_to_string(log.path()).unwrap();
        for bad in &bad {
            assert_ne!(bad, &line);
            text.push_str(bad);
            text.push('\n');
        }
        std::fs::write(log.path(), text).unwrap();
        let now = at("2026-11-12T21:00:00+01:00");
        let mut warnings = 0;
        let sessions = sessions_since(&log, date(10), &now, |_| warnings += 1).unwrap();
        let expected = DoneSession {
            day: date(11),
            routines: "neck".into(),
            areas: vec![Area::Neck],
        };
        assert_eq!(sessions, [expected]);
        assert_eq!(warnings, bad.len());
    }

    #[test]
    fn days_follow_the_calendar_and_a_missed_day_moves_the_plan_on() {
        let plan = plan();
        // Started on the 10th; nothing done on the 10th; today is the 11th.
        let p = progress(&plan, date(10), date(11), &[]);
        assert_eq!((p.day, p.of), (2, 4));
        assert_eq!(
            p.today,
            Today::Session {
                index: 1,
                done: false
            }
        );
        // The missed first day is offered once, today.
        assert_eq!(p.missed, Some(0));
        assert_eq!(p.next(&plan).map(|(i, _)| i), Some(1));
        // Today's done: the missed one is next.
        let p = progress(&plan, date(10), date(11), &[done(11)]);
        assert_eq!(p.today, Today::Session { index: 1, done: true });
        assert_eq!(p.next(&plan).map(|(i, _)| i), Some(0));
        // A second session that day catches it up.
        let p = progress(&plan, date(10), date(11), &[done(11), done(11)]);
        assert_eq!(p.done, [true, true]);
        assert_eq!(p.next(&plan), None);
        assert_eq!(p.sessions_done(&plan), (2, 2));
    }

    #[test]
    fn a_missed_session_is_offered_only_the_next_day_and_never_on_a_rest_day() {
        let plan = plan();
        // Day 3 is a rest: day 2's missed session is not offered on it.
        let p = progress(&plan, date(10), date(12), &[done(10)]);
        assert_eq!(p.today, Today::Rest { index: 2 });
        assert_eq!((p.missed, p.next(&plan)), (None, None));
        // Two days later the first day is no longer offered.
        let p = progress(&plan, date(10), date(13), &[]);
        assert_eq!(
            p.today,
            Today::Session {
                index: 3,
                done: false
            }
        );
        assert_eq!(p.missed, None);
        assert_eq!(p.sessions_done(&plan), (0, 3));
    }

    #[test]
    fn after_the_last_day_the_plan_is_finished() {
        let plan = plan();
        let p = progress(&plan, date(10), date(20), &[done(10), done(11), done(13)]);
        assert_eq!(p.today, Today::Finished);
        assert_eq!(p.done, [true, true, false, true]);
        assert_eq!(p.sessions_done(&plan), (3, 3));
        // A clock set back before the start reads as day 1.
        assert_eq!(progress(&plan, date(10), date(5), &[]).day, 1);
    }
}
