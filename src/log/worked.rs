//! The areas a person works: those of their recent sessions, so that `due` suggests among
//! them rather than an area they have never chosen.

use std::ops::ControlFlow;

use chrono::{DateTime, FixedOffset};

use super::error::LogError;
use super::record::Record;
use super::store::{LogFile, Warning};
use crate::routine::Area;

/// How many of the latest sessions say which areas a person works.
pub const RECENT_SESSIONS: usize = 200;

/// The areas worked in the latest [`RECENT_SESSIONS`] completed sessions up to `now`, in the
/// order of [`Area::ALL`]; empty for a log without one. A session ended early worked nothing.
pub fn worked_areas(
    log: &LogFile,
    now: &DateTime<FixedOffset>,
    on_warning: impl FnMut(Warning),
) -> Result<Vec<Area>, LogError> {
    let mut seen = [false; Area::ALL.len()];
    let mut read = 0;
    log.read_backwards_as(
        |line| Record::from_json_line(line).map_err(|e| e.to_string()),
        |record| {
            // Ended early, or not yet happened (a machine whose clock was ahead): worked
            // nothing, as every other reader takes it.
            if !record.completed || record.started > *now {
                return ControlFlow::Continue(());
            }
            for area in record.areas.iter().filter_map(|a| Area::parse(a)) {
                if let Some(i) = Area::ALL.iter().position(|a| *a == area) {
                    seen[i] = true;
                }
            }
            read += 1;
            if read >= RECENT_SESSIONS {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
        on_warning,
    )?;
    Ok(Area::ALL
        .iter()
        .zip(seen)
        .filter(|(_, seen)| *seen)
        .map(|(a, _)| *a)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::testing::{at, log_with, record};

    #[test]
    fn the_areas_of_recent_completed_sessions_only() {
        let (_dir, log) = log_with(&[
            record("2026-11-20T08:00:00+01:00", "neck", true),
            record("2026-11-21T08:00:00+01:00", "shoulders", false),
            record("2026-11-22T08:00:00+01:00", "jaw", true),
        ]);
        assert_eq!(
            worked_areas(&log, &at("2026-11-23T08:00:00+01:00"), |w| panic!("{w}")).unwrap(),
            [Area::Neck, Area::Jaw]
        );
    }

    #[test]
    fn a_session_not_yet_happened_worked_nothing() {
        // Recorded by a machine whose clock was ahead, as every other reader takes it.
        let (_dir, log) = log_with(&[
            record("2026-11-20T08:00:00+01:00", "neck", true),
            record("2026-11-25T08:00:00+01:00", "feet", true),
        ]);
        assert_eq!(
            worked_areas(&log, &at("2026-11-23T08:00:00+01:00"), |w| panic!("{w}")).unwrap(),
            [Area::Neck]
        );
    }
}
