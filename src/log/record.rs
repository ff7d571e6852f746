//! One line of the session log: what was done, when, for how long, and how it felt.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{Deserialize, Serialize};

use super::session_id;
use crate::routine::Routine;
use crate::session::Outcome;
use crate::text::is_blank;

/// The `v` written in every new line. Readers accept any later version too, reading the fields
/// they know and ignoring the rest. Version 2 added `passes_done` and `passes_skipped`, and
/// made `completed` and `steps_done` count only what was done (see the README's log format);
/// version 1 lines read as they were written, without the passes.
pub const SCHEMA_VERSION: u32 = 2;

/// The top of the tension scale; the bottom is 0.
pub const TENSION_MAX: u8 = 10;

/// A finished (or ended early) session, exactly as stored: one JSON object per line.
///
/// `areas` are kept as plain strings, not [`crate::routine::Area`], so that a log written by a
/// knead that knows more areas still reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub v: u32,
    pub id: String,
    pub routine: String,
    pub name: String,
    pub areas: Vec<String>,
    #[serde(with = "rfc3339")]
    pub started: DateTime<FixedOffset>,
    #[serde(with = "rfc3339")]
    pub ended: DateTime<FixedOffset>,
    pub planned_s: u32,
    pub active_s: u32,
    pub steps_done: u32,
    pub steps_total: u32,
    /// Step passes (each side of an `each` step is one) that ran at least half their planned
    /// time; `None` in a version 1 line, which did not count them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passes_done: Option<u32>,
    /// Step passes left before half their planned time ran; `None` in a version 1 line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passes_skipped: Option<u32>,
    pub completed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tension_before: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tension_after: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a line that is valid JSON is still not a record knead will use.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRecord {
    #[error("unsupported schema version {0}")]
    Version(u32),
    #[error("empty id")]
    EmptyId,
    #[error("{which} {value} is outside 0 to {TENSION_MAX}")]
    Tension { which: &'static str, value: u8 },
    #[error("`{0}` holds a control character")]
    ControlCharacter(&'static str),
    #[error("unknown area {0:?}")]
    UnknownArea(String),
    #[error("area {0:?} is listed more than once")]
    RepeatedArea(String),
    #[error("it starts {0}, more than a day after now: a clock set wrong?")]
    Future(String),
    #[error("steps_done {done} is more than steps_total {total}")]
    StepsDone { done: u32, total: u32 },
    #[error("`{0}` is missing; a version 2 record always has it")]
    Missing(&'static str),
}

/// Why one line of a log could not be read as a record.
#[derive(Debug, thiserror::Error)]
pub enum BadLine {
    #[error("{}", json_problem(.0))]
    Json(serde_json::Error),
    #[error(transparent)]
    Invalid(InvalidRecord),
}

/// serde_json's message without its "at line 1 column N": every line is parsed on its own, so
/// only the column means anything to a reader.
fn json_problem(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(message) if error.column() > 0 => format!("{message} (column {})", error.column()),
        Some(message) => message.to_string(),
        None => message,
    }
}

impl Record {
    /// The record of a finished or ended-early session, or `None` when it neither reached its
    /// end nor had one pass done: a session abandoned in its first moments is not worth a
    /// line, one skipped through to its end is (it is recorded as ended early). `routines` are the
    /// session's routines (`Session::routines`); when it ran several, their ids are joined with
    /// `+` and their names with ` + `, and the areas are those of all of them. The times are
    /// the outcome's moments turned into wall-clock time (`Clock::wall`) by the caller.
    pub fn from_outcome(
        outcome: &Outcome,
        routines: &[Routine],
        started: DateTime<FixedOffset>,
        ended: DateTime<FixedOffset>,
    ) -> Option<Record> {
        if outcome.passes_done == 0 && !outcome.reached_end {
            return None;
        }
        let mut areas: Vec<String> = Vec::new();
        for area in routines.iter().flat_map(|r| &r.areas) {
            if !areas.iter().any(|a| a == area.as_str()) {
                areas.push(area.as_str().to_string());
            }
        }
        let names: Vec<&str> = routines.iter().map(|r| r.name.as_str()).collect();
        Some(Record {
            v: SCHEMA_VERSION,
            id: Record::new_id(&started),
            routine: outcome.routines.join("+"),
            name: names.join(" + "),
            areas,
            started,
            ended,
            planned_s: whole_seconds(outcome.planned),
            active_s: whole_seconds(outcome.active),
            steps_done: outcome.steps_done,
            steps_total: outcome.steps_total,
            passes_done: Some(outcome.passes_done),
            passes_skipped: Some(outcome.passes_skipped),
            completed: outcome.completed,
            tension_before: None,
            tension_after: None,
            note: None,
        })
    }

    /// A new id for a session that started at `started` (see `session_id`).
    pub fn new_id(started: &DateTime<FixedOffset>) -> String {
        session_id::new(started)
    }

    /// The record as one line of the log, without the newline.
    pub fn to_json_line(&self) -> String {
        // Serializing a struct of strings, numbers and options cannot fail.
        serde_json::to_string(self).expect("a record always serializes")
    }

    /// Parses one line of the log and checks what serde cannot. Read as every reader reads
    /// a line ([`RecordView::from_json_line`], which takes knead's own lines by hand), then
    /// copied out, so there is one way to read a line, not two kept alike.
    ///
    /// [`RecordView::from_json_line`]: super::view::RecordView::from_json_line
    pub fn from_json_line(line: &str) -> Result<Record, BadLine> {
        super::view::RecordView::from_json_line(line).map(|view| view.to_record())
    }

    /// The one check every reader makes of a record (`log`, `stats`, `due`, the picker, the
    /// history screen and `import`), beyond the JSON having every field with its type: a line
    /// that fails it is skipped with a warning everywhere alike.
    pub fn validate(&self) -> Result<(), InvalidRecord> {
        check(Fields {
            v: self.v,
            id: &self.id,
            passes: (self.passes_done, self.passes_skipped),
            tension: (self.tension_before, self.tension_after),
            areas: self.areas.iter().map(String::as_str),
        })
    }

    /// What `knead import` asks of a record from elsewhere beyond [`Record::validate`]: what
    /// this knead would have written itself. Its text carries no control characters (a log
    /// from another machine must not drive the terminal), its areas are ones knead knows, and
    /// no more steps were done than there were, and it did not start more than a day after
    /// `now` (a machine whose clock is ahead; a day leaves room for any time zone).
    pub fn check_importable(&self, now: &DateTime<FixedOffset>) -> Result<(), InvalidRecord> {
        if self.started > *now + chrono::Duration::days(1) {
            return Err(InvalidRecord::Future(format_time(&self.started)));
        }
        let texts = [
            ("id", Some(self.id.as_str())),
            ("routine", Some(self.routine.as_str())),
            ("name", Some(self.name.as_str())),
            ("note", self.note.as_deref()),
        ];
        let areas = self.areas.iter().map(|a| ("areas", Some(a.as_str())));
        for (field, text) in texts.into_iter().chain(areas) {
            if text.is_some_and(|t| t.chars().any(crate::text::is_unsafe_char)) {
                return Err(InvalidRecord::ControlCharacter(field));
            }
        }
        if let Some(area) = self
            .areas
            .iter()
            .find(|a| crate::routine::Area::parse(a).is_none())
        {
            return Err(InvalidRecord::UnknownArea(area.clone()));
        }
        if self.steps_done > self.steps_total {
            return Err(InvalidRecord::StepsDone {
                done: self.steps_done,
                total: self.steps_total,
            });
        }
        Ok(())
    }

    /// The ids of the routines the session ran: one, or several joined with `+` (routine ids
    /// never contain `+`).
    pub fn routine_ids(&self) -> impl Iterator<Item = &str> {
        routine_ids(&self.routine)
    }

    /// The routine's name, or its id when the name is blank.
    pub fn title(&self) -> &str {
        title(&self.name, &self.routine)
    }

    /// After minus before, when both were rated: negative means the session eased tension.
    pub fn tension_change(&self) -> Option<i32> {
        Some(i32::from(self.tension_after?) - i32::from(self.tension_before?))
    }
}

/// What [`check`] looks at, from a [`Record`] or a [`super::view::RecordView`].
pub(super) struct Fields<'r, A> {
    pub v: u32,
    pub id: &'r str,
    /// `passes_done` and `passes_skipped`.
    pub passes: (Option<u32>, Option<u32>),
    /// `tension_before` and `tension_after`.
    pub tension: (Option<u8>, Option<u8>),
    /// The areas, in their order.
    pub areas: A,
}

/// [`Record::validate`], written once for both ways of reading a line.
pub(super) fn check<'r>(
    fields: Fields<'r, impl Iterator<Item = &'r str> + Clone>,
) -> Result<(), InvalidRecord> {
    if fields.v == 0 {
        return Err(InvalidRecord::Version(fields.v));
    }
    if is_blank(fields.id) {
        return Err(InvalidRecord::EmptyId);
    }
    if fields.v >= 2 {
        if fields.passes.0.is_none() {
            return Err(InvalidRecord::Missing("passes_done"));
        }
        if fields.passes.1.is_none() {
            return Err(InvalidRecord::Missing("passes_skipped"));
        }
    }
    for (which, value) in [
        ("tension_before", fields.tension.0),
        ("tension_after", fields.tension.1),
    ] {
        if let Some(value) = value.filter(|v| *v > TENSION_MAX) {
            return Err(InvalidRecord::Tension { which, value });
        }
    }
    // A session works each area once; a repeat would count it again in the figures.
    for (i, area) in fields.areas.clone().enumerate() {
        if fields.areas.clone().take(i).any(|earlier| earlier == area) {
            return Err(InvalidRecord::RepeatedArea(area.to_string()));
        }
    }
    Ok(())
}

/// The ids in a record's `routine`: one, or several joined with `+`.
pub(super) fn routine_ids(routine: &str) -> std::str::Split<'_, char> {
    routine.split('+')
}

/// A record's `name`, or its `routine` when the name is blank.
pub(super) fn title<'r>(name: &'r str, routine: &'r str) -> &'r str {
    if is_blank(name) { routine } else { name }
}

/// A duration to the nearest second, as the log stores it.
fn whole_seconds(duration: std::time::Duration) -> u32 {
    u32::try_from((duration.as_millis() + 500) / 1000).unwrap_or(u32::MAX)
}

/// Timestamps as RFC 3339 with the offset they were recorded in, to the second unless the
/// value carries a fraction.
pub(super) mod rfc3339 {
    use std::fmt;

    use chrono::{DateTime, FixedOffset};
    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_time(time))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        d.deserialize_str(TimeVisitor)
    }

    /// Parses the text where the deserializer has it: every record has two times, and
    /// copying each into a `String` first was a measurable part of reading a long log.
    struct TimeVisitor;

    impl Visitor<'_> for TimeVisitor {
        type Value = DateTime<FixedOffset>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<Self::Value, E> {
            DateTime::parse_from_rfc3339(text)
                .map_err(|e| E::custom(format!("invalid RFC 3339 time {text:?}: {e}")))
        }
    }
}

/// Formats a timestamp the way the log stores it.
pub fn format_time(time: &DateTime<FixedOffset>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// `n` made-up records for benchmarks and tests: the same `seed` always gives the same
/// records. They spread over about three years from 2023-01-02, in time order, with
/// Central-European offsets (+01:00 in winter, +02:00 in summer), six routines over eight
/// areas, about one in seven ended early, about four in ten rated and a few with a note.
/// Not part of the program: only tests and the benchmarks (the `test-support` feature) see it.
#[cfg(any(test, feature = "test-support"))]
pub fn synthetic_records(n: usize, seed: u64) -> impl Iterator<Item = Record> {
    use chrono::{Duration, TimeZone, Utc};
    const ROUTINES: &[(&str, &str, &[&str], u32, u32)] = &[
        ("neck-release", "Neck release", &["neck", "shoulders"], 480, 8),
        (
            "desk-reset",
            "Desk reset",
            &["shoulders", "upper-back", "forearms"],
            600,
            10,
        ),
        (
            "headache-ease",
            "Headache ease",
            &["temples", "forehead", "scalp"],
            360,
            6,
        ),
        ("jaw-unclench", "Jaw unclench", &["jaw", "temples"], 300, 5),
        (
            "evening-wind-down",
            "Evening wind-down",
            &["face", "neck", "abdomen"],
            720,
            12,
        ),
        (
            "runner-legs",
            "Runner's legs",
            &["calves", "thighs", "feet"],
            660,
            11,
        ),
    ];
    let span_s: i64 = 3 * 365 * 86_400;
    let start = Utc.with_ymd_and_hms(2023, 1, 2, 6, 0, 0).unwrap();
    let mean_gap = span_s / (n.max(1) as i64);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut next = move || rng.u64(..);
    let mut at = start;
    (0..n).map(move |i| {
        // Gaps between half and one and a half times the mean keep the order and the span.
        let gap = mean_gap / 2 + (next() % (mean_gap.max(1) as u64)) as i64;
        at += Duration::seconds(gap);
        let (id, name, areas, planned_s, steps_total) = ROUTINES[(next() % 6) as usize];
        let offset = central_european_offset(&at);
        let started = at.with_timezone(&offset);
        let completed = next() % 7 != 0;
        let steps_done = if completed {
            steps_total
        } else {
            1 + (next() % u64::from(steps_total - 1)) as u32
        };
        let active_s = planned_s * steps_done / steps_total + (next() % 60) as u32;
        let ended = started + Duration::seconds(i64::from(active_s) + (next() % 120) as i64);
        let rated = next() % 10 < 4;
        let before = (3 + next() % 6) as u8;
        let after = before.saturating_sub((next() % 4) as u8);
        Record {
            v: SCHEMA_VERSION,
            id: session_id::from_parts(&started, i as u32),
            routine: id.to_string(),
            name: name.to_string(),
            areas: areas.iter().map(|a| a.to_string()).collect(),
            started,
            ended,
            planned_s,
            active_s,
            steps_done,
            steps_total,
            passes_done: Some(steps_done),
            passes_skipped: Some(u32::from(!completed)),
            completed,
            tension_before: rated.then_some(before),
            tension_after: (rated && completed).then_some(after),
            note: (next() % 25 == 0).then(|| "felt looser afterwards".to_string()),
        }
    })
}

/// +02:00 from April to October, +01:00 otherwise: close enough to real daylight saving for
/// synthetic data.
#[cfg(any(test, feature = "test-support"))]
fn central_european_offset(at: &DateTime<chrono::Utc>) -> FixedOffset {
    use chrono::Datelike;
    let hours = if (4..=10).contains(&at.month()) { 2 } else { 1 };
    FixedOffset::east_opt(hours * 3600).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::testing::{at, sample};
    use crate::routine::{Area, Source};
    use crate::text::SafeText;

    #[test]
    fn round_trip_keeps_every_field_and_the_offset() {
        let record = sample();
        let line = record.to_json_line();
        assert!(
            line.contains(r#""started":"2026-11-25T11:30:12+01:00""#),
            "{line}"
        );
        assert!(!line.contains('\n'));
        assert_eq!(Record::from_json_line(&line).unwrap(), record);
    }

    #[test]
    fn optional_fields_are_left_out_and_unknown_fields_ignored() {
        let mut record = sample();
        record.tension_before = None;
        record.tension_after = None;
        record.note = None;
        let line = record.to_json_line();
        assert!(!line.contains("tension") && !line.contains("note"), "{line}");
        let newer = line.replacen("{\"v\":2", "{\"v\":3,\"mood\":\"calm\",\"extra\":[1,2]", 1);
        let read = Record::from_json_line(&newer).unwrap();
        assert_eq!(read.v, 3);
        assert_eq!(read.id, record.id);
    }

    #[test]
    fn invalid_values_are_refused() {
        let line = sample().to_json_line();
        for bad in [
            line.replace("\"tension_after\":3", "\"tension_after\":11"),
            line.replace("\"v\":2", "\"v\":0"),
            line.replace("\"passes_done\":8,", ""),
            line.replace("\"passes_skipped\":0,", ""),
            line.replace("\"id\":\"20261125T103012Z-0000abcd\"", "\"id\":\" \""),
            line.replace("+01:00", "+1h"),
            line.replace("\"completed\":true,", ""),
        ] {
            assert!(Record::from_json_line(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_version_1_line_still_reads_without_the_passes() {
        let line = r#"{"v":1,"id":"20260920T075900Z-00000006","routine":"desk-break","name":"Desk break","areas":["neck","shoulders","hands"],"started":"2026-09-20T08:59:00+01:00","ended":"2026-09-20T09:05:21+01:00","planned_s":325,"active_s":381,"steps_done":3,"steps_total":8,"completed":false,"tension_before":7,"tension_after":6}"#;
        let record = Record::from_json_line(line).unwrap();
        assert_eq!(record.v, 1);
        assert_eq!((record.passes_done, record.passes_skipped), (None, None));
        assert_eq!(
            (record.steps_done, record.steps_total, record.completed),
            (3, 8, false)
        );
        assert!(record.check_importable(&record.started).is_ok());
        // Written back, it stays a version 1 line, without fields it never had.
        let written = record.to_json_line();
        assert!(
            written.starts_with("{\"v\":1,") && !written.contains("passes"),
            "{written}"
        );
    }

    #[test]
    fn a_new_line_says_how_many_passes_were_done_and_skipped() {
        let line = sample().to_json_line();
        assert!(line.starts_with("{\"v\":2,"), "{line}");
        assert!(
            line.contains(
                r#""steps_done":8,"steps_total":8,"passes_done":8,"passes_skipped":0,"completed":true"#
            ),
            "{line}"
        );
        let missing = line.replace("\"passes_skipped\":0,", "");
        assert_eq!(
            Record::from_json_line(&missing).unwrap_err().to_string(),
            "`passes_skipped` is missing; a version 2 record always has it"
        );
    }

    #[test]
    fn ids_sort_by_time_and_differ_within_a_second() {
        let a = Record::new_id(&at("2026-11-25T11:30:12+01:00"));
        let b = Record::new_id(&at("2026-11-25T11:30:12+01:00"));
        let later = Record::new_id(&at("2026-11-25T11:30:13+01:00"));
        assert!(a.starts_with("20261125T103012Z-"), "{a}");
        assert_eq!(a.len(), "20261125T103012Z-".len() + 8);
        assert_ne!(a, b);
        assert!(a < later && b < later);
    }

    #[test]
    fn a_session_is_recorded_only_after_a_step() {
        use crate::session::Moment;
        use std::time::Duration;
        let routine = |id: &str, areas: Vec<Area>| Routine {
            id: id.into(),
            name: SafeText::sanitized(&format!("Routine {id}")),
            summary: SafeText::sanitized(""),
            areas,
            goals: vec![],
            helps: Vec::new(),
            cautions: vec![],
            equipment: Vec::new(),
            steps: vec![],
            for_you: Vec::new(),
            first_try: false,
            source: Source::BuiltIn,
        };
        let routines = [
            routine("neck", vec![Area::Neck, Area::UpperBack]),
            routine("jaw", vec![Area::Jaw, Area::Neck]),
        ];
        let outcome = Outcome {
            routines: vec!["neck".into(), "jaw".into()],
            started: Moment::ZERO,
            ended: Moment(Duration::from_secs(200)),
            planned: Duration::from_millis(240_400),
            active: Duration::from_millis(119_600),
            extended: Duration::ZERO,
            passes_done: 0,
            passes_skipped: 2,
            passes_total: 12,
            steps_done: 0,
            steps_total: 8,
            reached_end: false,
            completed: false,
        };
        let start = at("2026-11-25T23:58:00+01:00");
        let end = at("2026-11-26T00:01:20+01:00");
        // Two passes skipped, then quit: nothing to record.
        assert_eq!(Record::from_outcome(&outcome, &routines, start, end), None);
        // Skipped through to the end: recorded, as ended early.
        let skipped_through = Outcome {
            passes_skipped: 12,
            reached_end: true,
            ..outcome.clone()
        };
        let record = Record::from_outcome(&skipped_through, &routines, start, end).unwrap();
        assert_eq!(
            (record.passes_done, record.passes_skipped, record.completed),
            (Some(0), Some(12), false)
        );
        let early = Outcome {
            passes_done: 4,
            steps_done: 3,
            ..outcome
        };
        let record = Record::from_outcome(&early, &routines, start, end).unwrap();
        assert_eq!(record.routine, "neck+jaw");
        assert_eq!(record.name, "Routine neck + Routine jaw");
        assert_eq!(record.areas, ["neck", "upper-back", "jaw"]);
        assert_eq!((record.planned_s, record.active_s), (240, 120));
        assert_eq!(
            (record.steps_done, record.steps_total, record.completed),
            (3, 8, false)
        );
        assert_eq!((record.passes_done, record.passes_skipped), (Some(4), Some(2)));
        assert_eq!((record.started, record.ended), (start, end));
        assert!(record.id.starts_with("20261125T225800Z-"), "{}", record.id);
        assert_eq!(Record::from_json_line(&record.to_json_line()).unwrap(), record);
    }

    #[test]
    fn synthetic_records_are_deterministic_ordered_and_varied() {
        let a: Vec<Record> = synthetic_records(2000, 7).collect();
        let b: Vec<Record> = synthetic_records(2000, 7).collect();
        assert_eq!(a, b);
        assert!(a.windows(2).all(|w| w[0].started < w[1].started));
        let days = (a.last().unwrap().started - a[0].started).num_days();
        assert!((1000..=1100).contains(&days), "{days}");
        let ids: std::collections::HashSet<_> = a.iter().map(|r| &r.id).collect();
        assert_eq!(ids.len(), a.len());
        assert!(a.iter().any(|r| !r.completed));
        assert!(a.iter().any(|r| r.tension_change().is_some()));
        assert!(a.iter().all(|r| r.validate().is_ok()));
        let offsets: std::collections::HashSet<_> =
            a.iter().map(|r| r.started.offset().local_minus_utc()).collect();
        assert_eq!(offsets.len(), 2);
    }
}
