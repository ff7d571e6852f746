//! A line of the log read where it lies, for the readers that go through the whole log
//! (`stats`, `due`): every field of a [`Record`], its text borrowed from the line instead of
//! copied into strings of its own, which spares an allocation and a free for each of a
//! record's dozen strings. (Measured on a million sessions, that is a small part of a read:
//! most of it is parsing the JSON and the two times, which a line must pass to be checked.)
//!
//! It is read and checked exactly as a [`Record`] is: the same fields with the same types,
//! required or optional alike, and the same [`super::record::check`] after them, so a line
//! is skipped by every reader or by none, with the same words.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde::de::{Deserializer, Error, Visitor};

use super::record::{self, BadLine, Fields, Record, check, rfc3339};

/// The fields of a [`Record`] in the order it declares them: serde names the first missing
/// one, and the two must name the same.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RecordView<'a> {
    pub v: u32,
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub routine: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub areas: Vec<Text<'a>>,
    #[serde(with = "rfc3339")]
    pub started: DateTime<FixedOffset>,
    #[serde(with = "rfc3339")]
    pub ended: DateTime<FixedOffset>,
    pub planned_s: u32,
    pub active_s: u32,
    pub steps_done: u32,
    pub steps_total: u32,
    #[serde(default)]
    pub passes_done: Option<u32>,
    #[serde(default)]
    pub passes_skipped: Option<u32>,
    pub completed: bool,
    #[serde(default)]
    pub tension_before: Option<u8>,
    #[serde(default)]
    pub tension_after: Option<u8>,
    #[serde(default, borrow)]
    pub note: Option<Text<'a>>,
}

impl<'a> RecordView<'a> {
    /// Reads one line of the log and checks it as [`Record::from_json_line`] does.
    pub fn from_json_line(line: &'a str) -> Result<RecordView<'a>, BadLine> {
        let view: RecordView = serde_json::from_str(line).map_err(BadLine::Json)?;
        check(Fields {
            v: view.v,
            id: &view.id,
            passes: (view.passes_done, view.passes_skipped),
            tension: (view.tension_before, view.tension_after),
            areas: &view.areas,
        })
        .map_err(BadLine::Invalid)?;
        Ok(view)
    }

    /// The ids of the routines the session ran, as [`Record::routine_ids`].
    pub fn routine_ids(&self) -> impl Iterator<Item = &str> {
        record::routine_ids(&self.routine)
    }

    /// The routine's name, or its id when the name is blank, as [`Record::title`].
    pub fn title(&self) -> &str {
        record::title(&self.name, &self.routine)
    }
}

impl RecordView<'_> {
    /// The record, its text copied out of the line: what [`Record::from_json_line`] reads.
    pub fn to_record(&self) -> Record {
        Record {
            v: self.v,
            id: self.id.to_string(),
            routine: self.routine.to_string(),
            name: self.name.to_string(),
            areas: self.areas.iter().map(|a| a.to_string()).collect(),
            started: self.started,
            ended: self.ended,
            planned_s: self.planned_s,
            active_s: self.active_s,
            steps_done: self.steps_done,
            steps_total: self.steps_total,
            passes_done: self.passes_done,
            passes_skipped: self.passes_skipped,
            completed: self.completed,
            tension_before: self.tension_before,
            tension_after: self.tension_after,
            note: self.note.as_deref().map(str::to_string),
        }
    }
}

impl Record {
    /// The record seen as a line just read: for the figures gathered from both.
    pub fn view(&self) -> RecordView<'_> {
        fn text(s: &str) -> Text<'_> {
            Text(Cow::Borrowed(s))
        }
        RecordView {
            v: self.v,
            id: text(&self.id),
            routine: text(&self.routine),
            name: text(&self.name),
            areas: self.areas.iter().map(|a| text(a)).collect(),
            started: self.started,
            ended: self.ended,
            planned_s: self.planned_s,
            active_s: self.active_s,
            steps_done: self.steps_done,
            steps_total: self.steps_total,
            passes_done: self.passes_done,
            passes_skipped: self.passes_skipped,
            completed: self.completed,
            tension_before: self.tension_before,
            tension_after: self.tension_after,
            note: self.note.as_deref().map(text),
        }
    }
}

/// A string of the line: borrowed as it lies, or unescaped into its own memory when it holds
/// an escape (`\"`, `\u00e9`), which a line written by knead rarely does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text<'a>(Cow<'a, str>);

impl Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    /// As `String` says it, so that a field of the wrong type reads the same in both.
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(text.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::testing::sample;

    /// What each reader makes of a line: the record or the words of its warning.
    fn both(line: &str) -> (Result<(), String>, Result<(), String>) {
        let full = Record::from_json_line(line)
            .map(|_| ())
            .map_err(|e| e.to_string());
        let view = RecordView::from_json_line(line)
            .map(|_| ())
            .map_err(|e| e.to_string());
        (full, view)
    }

    #[test]
    fn a_line_is_refused_by_both_readers_or_by_neither_with_the_same_words() {
        let line = sample().to_json_line();
        let mut lines = vec![
            line.clone(),
            String::new(),
            "{}".into(),
            "[1,2]".into(),
            "{\"v\":2".into(),
            line[..line.len() / 2].to_string(),
            line.replace(
                "{\"v\":2",
                "{\"v\":3,\"mood\":\"calm\",\"extra\":[1,{\"a\":null}]",
            ),
            line.replace("\"v\":2", "\"v\":0"),
            line.replace("\"v\":2", "\"v\":-1"),
            line.replace("\"v\":2", "\"v\":1"),
            line.replace("\"v\":2", "\"v\":\"2\""),
            line.replace("\"tension_after\":3", "\"tension_after\":11"),
            line.replace("\"tension_before\":6", "\"tension_before\":256"),
            line.replace("\"tension_before\":6", "\"tension_before\":null"),
            line.replace("\"id\":\"20261125T103012Z-0000abcd\"", "\"id\":\" \""),
            line.replace("\"id\":\"20261125T103012Z-0000abcd\"", "\"id\":\"\\u0041b\\\"c\""),
            line.replace("\"id\":\"20261125T103012Z-0000abcd\"", "\"id\":7"),
            line.replace("\"routine\":\"neck-release\"", "\"routine\":null"),
            line.replace("\"name\":\"Neck release\"", "\"name\":[\"x\"]"),
            line.replace("[\"neck\",\"shoulders\"]", "[\"neck\",\"neck\"]"),
            line.replace("[\"neck\",\"shoulders\"]", "[\"neck\",\"ne\\u0063k\"]"),
            line.replace("[\"neck\",\"shoulders\"]", "\"neck\""),
            line.replace("[\"neck\",\"shoulders\"]", "[\"neck\",3]"),
            line.replace("[\"neck\",\"shoulders\"]", "[]"),
            line.replace("+01:00", "+1h"),
            line.replacen("2026-11-25T11:39:40+01:00", "2026-11-25 11:39:40", 1),
            line.replacen("2026-11-25T11:39:40+01:00", "2026-11-25T11:39:40.123456+01:00", 1),
            line.replace("\"planned_s\":480,", ""),
            line.replace("\"planned_s\":480", "\"planned_s\":-480"),
            line.replace("\"active_s\":470", "\"active_s\":4.5"),
            line.replace("\"steps_total\":8", "\"steps_total\":\"8\""),
            line.replace("\"passes_done\":8,", ""),
            line.replace("\"passes_skipped\":0,", ""),
            line.replace("\"passes_skipped\":0", "\"passes_skipped\":null"),
            line.replace("\"completed\":true,", ""),
            line.replace("\"completed\":true", "\"completed\":1"),
            line.replace("\"note\":\"left side \\\"tight\\\", better\"", "\"note\":5"),
            line.replace("\"note\":\"left side \\\"tight\\\", better\"", "\"note\":null"),
            line.replace("\"v\":2,", "\"v\":2,\"v\":2,"),
            line.replace("\"id\"", "\"i\\u0064\""),
            line.replace("}", "}x"),
            line.replace("}", "} "),
        ];
        // Every field left out in turn.
        let record: serde_json::Value = serde_json::from_str(&line).unwrap();
        for field in record.as_object().unwrap().keys() {
            let mut fewer = record.clone();
            fewer.as_object_mut().unwrap().remove(field);
            lines.push(fewer.to_string());
        }
        let mut refused = 0;
        for line in &lines {
            let (full, view) = both(line);
            assert_eq!(full, view, "{line}");
            refused += usize::from(full.is_err());
        }
        assert!(refused > 30, "{refused} of {} refused", lines.len());
    }

    #[test]
    fn a_view_holds_what_the_record_holds() {
        let record = sample();
        let line = record.to_json_line();
        let view = RecordView::from_json_line(&line).unwrap();
        assert_eq!(view, record.view());
        assert_eq!(view.to_record(), record);
        assert_eq!(view.note.as_deref(), Some("left side \"tight\", better"));
        assert_eq!(view.title(), "Neck release");
        assert_eq!(view.routine_ids().collect::<Vec<_>>(), ["neck-release"]);
    }
}
