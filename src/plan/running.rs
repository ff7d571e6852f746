//! The plan a person follows, read together: its state, the plan itself and where they
//! stand in it today, and the one line `due`, the picker and the reminder say about it.

use std::path::Path;

use chrono::{DateTime, TimeZone};

use super::library::Plans;
use super::model::{Plan, PlanSession};
use super::progress::{Progress, Today, progress, sessions_since};
use super::state::{StateError, read_state};
use crate::log::LogError;
use crate::log::store::{LogFile, Warning};
use crate::routine::Library;

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Log(#[from] LogError),
    /// The state names a plan that is no longer there (a file of one's own removed).
    #[error(
        "the plan {0:?} you started is no longer found; `knead plans` lists the plans, `knead plan stop` ends it"
    )]
    Missing(String),
}

#[derive(Clone, Debug)]
pub struct Running {
    pub plan: Plan,
    pub started: chrono::NaiveDate,
    pub progress: Progress,
}

/// The plan that runs and where it stands on `now`'s local day; `None` when none runs.
pub fn running<Tz: TimeZone>(
    state_file: &Path,
    plans: &Plans,
    log: &LogFile,
    now: &DateTime<Tz>,
    on_warning: impl FnMut(Warning),
) -> Result<Option<Running>, PlanError> {
    let Some(state) = read_state(state_file)? else {
        return Ok(None);
    };
    let plan = plans
        .get(&state.plan)
        .cloned()
        .ok_or_else(|| PlanError::Missing(state.plan.clone()))?;
    let sessions = sessions_since(log, state.started, now, on_warning)?;
    let progress = progress(&plan, state.started, now.date_naive(), &sessions);
    Ok(Some(Running {
        plan,
        started: state.started,
        progress,
    }))
}

/// What the plan asks of today, for `due` and the reminder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanToday {
    /// Nothing is due: today's session is done, today is a rest day, or the plan is over.
    Nothing,
    /// A session to do: the line that says so.
    Session {
        line: String,
        title: String,
        command: String,
    },
}

impl Running {
    pub fn today(&self, library: &Library) -> PlanToday {
        let p = &self.progress;
        let line = |prefix: String, session: &PlanSession| PlanToday::Session {
            line: format!("{prefix}{} · {}", session.title(library), session.command()),
            title: session.title(library),
            command: session.command(),
        };
        match (&p.today, p.next(&self.plan)) {
            (Today::Session { done: false, .. }, Some((_, session))) => {
                line(format!("day {} of {}: ", p.day, p.of), session)
            }
            // Today's is done; the reminder does not press for the missed one.
            _ => PlanToday::Nothing,
        }
    }

    /// "day 4 of 14", "finished".
    pub fn where_now(&self) -> String {
        match self.progress.today {
            Today::Finished => "finished".to_string(),
            _ => format!("day {} of {}", self.progress.day, self.progress.of),
        }
    }
}
