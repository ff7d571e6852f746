//! Made-up session records for the tests and the benchmarks, built in one place so that a new
//! field of [`Record`] is filled in once. Not part of the program: only tests and the
//! benchmarks (the `test-support` feature) see it.

use chrono::{DateTime, Duration, FixedOffset};

use super::record::{Record, SCHEMA_VERSION};

/// A record to change a field at a time. [`RecordBuilder::new`] starts from a completed,
/// unrated ten-minute session of "neck-release" (Neck release) over the neck, six steps.
#[derive(Clone, Debug)]
pub struct RecordBuilder {
    record: Record,
}

impl RecordBuilder {
    pub fn new(started: DateTime<FixedOffset>) -> RecordBuilder {
        RecordBuilder {
            record: Record {
                v: SCHEMA_VERSION,
                id: Record::new_id(&started),
                routine: "neck-release".into(),
                name: "Neck release".into(),
                areas: vec!["neck".into()],
                started,
                ended: started + Duration::minutes(10),
                planned_s: 600,
                active_s: 600,
                steps_done: 6,
                steps_total: 6,
                passes_done: Some(6),
                passes_skipped: Some(0),
                completed: true,
                tension_before: None,
                tension_after: None,
                note: None,
            },
        }
    }

    /// The routine's id and name.
    pub fn routine(mut self, id: &str, name: &str) -> RecordBuilder {
        self.record.routine = id.into();
        self.record.name = name.into();
        self
    }

    pub fn areas(mut self, areas: &[&str]) -> RecordBuilder {
        self.record.areas = areas.iter().map(|a| a.to_string()).collect();
        self
    }

    /// Planned and active for `minutes`, ending that long after it started.
    pub fn minutes(mut self, minutes: u32) -> RecordBuilder {
        self.record.planned_s = minutes * 60;
        self.record.active_s = minutes * 60;
        self.record.ended = self.record.started + Duration::minutes(i64::from(minutes));
        self
    }

    /// `steps` steps, one pass each, all done.
    pub fn steps(mut self, steps: u32) -> RecordBuilder {
        self.record.steps_total = steps;
        self.record.steps_done = steps;
        self.record.passes_done = Some(steps);
        self.record.passes_skipped = Some(0);
        self
    }

    /// Ended early after `steps_done` steps, the next one skipped.
    pub fn ended_early(mut self, steps_done: u32) -> RecordBuilder {
        self.record.completed = false;
        self.record.steps_done = steps_done;
        self.record.passes_done = Some(steps_done);
        self.record.passes_skipped = Some(1);
        self
    }

    /// The tension before, and after when it was asked.
    pub fn rated(mut self, before: u8, after: Option<u8>) -> RecordBuilder {
        self.record.tension_before = Some(before);
        self.record.tension_after = after;
        self
    }

    pub fn note(mut self, note: &str) -> RecordBuilder {
        self.record.note = Some(note.into());
        self
    }

    pub fn build(self) -> Record {
        self.record
    }
}
