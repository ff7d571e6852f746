//! Writing a finished session to the log, for every way of running one (the full screen and
//! the plain mode), and what the end screen can then say of it. The figures are typed here;
//! `log_words` phrases them.

use std::cell::RefCell;

use chrono::Timelike;

use super::digest::{LogDigest, Recap};
use super::record::Record;
use super::store::LogFile;
use super::tension::Tension;
use crate::routine::Routine;
use crate::session::{Clock, Outcome};
use crate::system::signals;

/// Writing a session's record failed: what went wrong, and the record itself, to be shown so
/// it can be kept by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordFailure {
    pub message: String,
    pub line: String,
}

/// What recording a session came to.
#[derive(Clone, Debug, PartialEq)]
pub enum Recorded {
    /// No step was done: there is nothing to record.
    NothingDone,
    /// In the log; with the end screen's figures when the log was read before the session.
    Saved(Option<Recap>),
}

/// Writes finished sessions to one log, timed by the run's one clock.
pub struct Recorder<'a> {
    log: LogFile,
    clock: &'a dyn Clock,
    /// What the log held before the session, for the end screen's figures; `None` in the
    /// plain mode, which has no end screen.
    before: RefCell<Option<LogDigest>>,
}

impl<'a> Recorder<'a> {
    pub fn new(log: LogFile, clock: &'a dyn Clock) -> Self {
        Recorder {
            log,
            clock,
            before: RefCell::new(None),
        }
    }

    /// The log as read before the next session (at the start, and again after each session
    /// the picker ran): the end screen's figures come from it.
    pub fn read_before(&self, read: Option<LogDigest>) {
        self.before.replace(read);
    }

    /// Records the session, if it got as far as one step.
    pub fn record(
        &self,
        routines: &[Routine],
        outcome: &Outcome,
        tension: Tension,
    ) -> Result<Recorded, RecordFailure> {
        // Whole seconds: the log is read by people and spreadsheets.
        let wall = |at| {
            let time = self.clock.wall(at).fixed_offset();
            time.with_nanosecond(0).unwrap_or(time)
        };
        let Some(mut record) =
            Record::from_outcome(outcome, routines, wall(outcome.started), wall(outcome.ended))
        else {
            return Ok(Recorded::NothingDone);
        };
        record.tension_before = tension.before;
        record.tension_after = tension.after;
        // Waited for before appending, so the read cannot see this record too; it started
        // with the program and is long done by the end of a session.
        let before = self.before.borrow().as_ref().and_then(|read| read.wait());
        // A signal during the wait for the log's lock ends the wait: the record is printed
        // to keep, as for any failed save.
        let endings = signals::endings_received();
        let asked_to_end = || signals::endings_received() != endings;
        self.log
            .append_unless(std::slice::from_ref(&record), &asked_to_end)
            .map_err(|e| RecordFailure {
                message: e.to_string(),
                line: record.to_json_line(),
            })?;
        let now = self.clock.wall(self.clock.now());
        Ok(Recorded::Saved(match before.as_deref() {
            Some(Ok(digest)) => Some(digest.recap(&record, &now)),
            _ => None,
        }))
    }
}
