//! `knead import FILE`: merges another log's sessions into this one. Sessions whose id is
//! already here are skipped, lines that are not valid records (or hold what a record knead
//! writes never does) are reported and left out, and the new ones go in under the lock: at the
//! end in one write when none is older than the log's newest, otherwise by rewriting the log
//! in time order (see `rewrite`), so that readers from the end (`due`) meet the newest first.

use std::collections::HashMap;
use std::fmt;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use super::error::LogError;
use super::record::{Record, SCHEMA_VERSION};
use super::rewrite::Piece;
use super::store::{self, LogFile, Warning};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: u64,
    /// Already in the log, or a repeat within the file.
    pub skipped: u64,
    /// Lines that are not valid records.
    pub rejected: u64,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} added, {} skipped (already in the log), {} rejected (not valid records)",
            self.added, self.skipped, self.rejected
        )
    }
}

/// Imports the sessions of `source` into `log`. Rejected lines go to `on_warning` with their
/// line numbers. Imported records are written in this version's schema: fields it does not
/// know are not carried over.
pub fn import_file(
    log: &LogFile,
    source: &Path,
    now: &DateTime<FixedOffset>,
    on_warning: impl FnMut(Warning),
) -> Result<ImportSummary, LogError> {
    let source_path = source;
    let source_error = |e| LogError::ImportSource {
        path: source.to_path_buf(),
        source: e,
    };
    let mut summary = ImportSummary::default();
    // The file to import is held whole: it all goes out in one write anyway.
    let mut incoming: Vec<Record> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let file = store::open_shared(source).map_err(source_error)?;
    let parse = |text: &str| {
        let record = Record::from_json_line(text).map_err(|e| e.to_string())?;
        record.check_importable(now).map_err(|e| e.to_string())?;
        Ok(record)
    };
    let read = store::read_lines_as(
        &file,
        source,
        parse,
        |mut record: Record| {
            if index.contains_key(&record.id) {
                summary.skipped += 1;
            } else {
                index.insert(record.id.clone(), incoming.len());
                record.v = SCHEMA_VERSION;
                incoming.push(record);
            }
            ControlFlow::Continue(())
        },
        on_warning,
    )
    .map_err(source_error)?;
    drop(file);
    summary.rejected = read.skipped;
    if incoming.is_empty() {
        return Ok(summary);
    }

    // Reading the log and writing it happen under one lock, so that two imports of the same
    // file at once cannot both add a session, and no append comes in between.
    let mut locked = log.lock().map_err(|e| match e {
        LogError::Read { path, source } | LogError::CreateDir { path, source } => LogError::ImportTarget {
            path,
            from: source_path.to_path_buf(),
            source,
        },
        other => other,
    })?;
    let mut present = vec![false; incoming.len()];
    // Each line of the log, keyed by the start of its session; a damaged line takes the key
    // of the line before it, so that it stays where it is among its neighbours.
    let mut lines: Vec<(DateTime<FixedOffset>, Piece)> = Vec::new();
    let mut key = DateTime::<FixedOffset>::MIN_UTC.fixed_offset();
    let mut newest: Option<DateTime<FixedOffset>> = None;
    locked.scan(|at, len, record| {
        if let Some(record) = record {
            if let Some(&i) = index.get(&record.id) {
                present[i] = true;
            }
            key = record.started;
            newest = newest.max(Some(record.started));
        }
        lines.push((key, Piece::Kept { at, len }));
    })?;
    let mut new: Vec<Record> = incoming
        .into_iter()
        .zip(present)
        .filter_map(|(record, present)| (!present).then_some(record))
        .collect();
    summary.skipped += index.len() as u64 - new.len() as u64;
    if new.is_empty() {
        return Ok(summary);
    }
    new.sort_by_key(|r| r.started);
    let count = new.len();
    let written = if newest.is_none_or(|newest| new[0].started >= newest) {
        let lines: Vec<String> = new.iter().map(Record::to_json_line).collect();
        locked.append_lines(&lines)
    } else {
        // Stable: lines already in order keep it, and of equal times the log's own go first.
        lines.sort_by_key(|(key, _)| *key);
        locked.replace(merge(lines, new))
    };
    written.map_err(|e| LogError::Import {
        path: log.path().to_path_buf(),
        from: source.to_path_buf(),
        count,
        source: e,
    })?;
    summary.added = count as u64;
    Ok(summary)
}

/// The log's lines and the new records, both in time order, merged into one order.
fn merge(lines: Vec<(DateTime<FixedOffset>, Piece)>, new: Vec<Record>) -> impl Iterator<Item = Piece> {
    let mut lines = lines.into_iter().peekable();
    let mut new = new.into_iter().peekable();
    std::iter::from_fn(move || match (lines.peek(), new.peek()) {
        (Some((key, _)), Some(record)) if record.started < *key => {
            new.next().map(|r| Piece::New(r.to_json_line()))
        }
        (Some(_), _) => lines.next().map(|(_, piece)| piece),
        (None, _) => new.next().map(|r| Piece::New(r.to_json_line())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::store::{LinePosition, LogOrigin};
    use crate::log::testing::{at, record};

    /// A moment after every record of these tests.
    fn now() -> DateTime<FixedOffset> {
        at("2026-11-30T12:00:00+01:00")
    }

    #[test]
    fn new_sessions_are_added_known_ones_skipped_and_bad_lines_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        let mine = record("2026-11-20T08:00:00+01:00", "neck", true);
        log.append(&mine).unwrap();

        let mut newer = record("2026-11-22T08:00:00+01:00", "jaw", true);
        newer.v = 3;
        let older = record("2026-11-01T08:00:00+01:00", "feet", false);
        let other = dir.path().join("other.jsonl");
        let text = [
            newer.to_json_line(),
            "{\"v\":1,\"id\":\"x\"}".to_string(),
            mine.to_json_line(),
            older.to_json_line(),
            newer.to_json_line(),
            "garbage".to_string(),
        ]
        .join("\n");
        std::fs::write(&other, text).unwrap();

        let mut warnings = Vec::new();
        let summary = import_file(&log, &other, &now(), |w| warnings.push(w)).unwrap();
        assert_eq!(
            summary,
            ImportSummary {
                added: 2,
                skipped: 2,
                rejected: 2
            }
        );
        let lines: Vec<_> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [LinePosition::Number(2), LinePosition::Number(6)]);

        let mut records = Vec::new();
        log.read(|r| records.push(r), |w| panic!("{w}")).unwrap();
        newer.v = SCHEMA_VERSION;
        // In time order: the older session goes in before the log's own.
        assert_eq!(records, [older, mine, newer]);

        let again = import_file(&log, &other, &now(), |_| ()).unwrap();
        assert_eq!((again.added, again.skipped, again.rejected), (0, 4, 2));
        let into_itself = import_file(&log, log.path(), &now(), |_| ()).unwrap();
        assert_eq!((into_itself.added, into_itself.skipped), (0, 3));
    }

    #[test]
    fn records_with_control_characters_unknown_areas_or_impossible_steps_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        let good = record("2026-11-20T08:00:00+01:00", "neck", true);
        let bad = |change: fn(&mut Record)| {
            let mut record = record("2026-11-21T08:00:00+01:00", "jaw", true);
            change(&mut record);
            record.to_json_line()
        };
        let lines = [
            bad(|r| r.name = "Jaw \u{1b}]0;owned\u{7}".into()),
            good.to_json_line(),
            bad(|r| r.note = Some("fine\u{202e}".into())),
            bad(|r| r.areas = vec!["jaw".into(), "elbow".into()]),
            bad(|r| r.steps_done = r.steps_total + 1),
            bad(|r| r.routine = "jaw\r".into()),
            bad(|r| r.areas = vec!["jaw".into(); 50]),
            bad(|r| r.started = at("2026-12-25T08:00:00+01:00")),
        ];
        let other = dir.path().join("other.jsonl");
        std::fs::write(&other, lines.join("\n")).unwrap();
        let mut warnings = Vec::new();
        let summary = import_file(&log, &other, &now(), |w| warnings.push(w)).unwrap();
        assert_eq!((summary.added, summary.skipped, summary.rejected), (1, 0, 7));
        let lines: Vec<_> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [1, 3, 4, 5, 6, 7, 8].map(LinePosition::Number));
        let problems: Vec<&str> = warnings.iter().map(|w| w.problem.as_str()).collect();
        assert_eq!(
            problems,
            [
                "`name` holds a control character",
                "`note` holds a control character",
                "unknown area \"elbow\"",
                "steps_done 7 is more than steps_total 6",
                "`routine` holds a control character",
                "area \"jaw\" is listed more than once",
                "it starts 2026-12-25T08:00:00+01:00, more than a day after now: a clock set wrong?",
            ]
        );
        let mut records = Vec::new();
        log.read(|r| records.push(r), |w| panic!("{w}")).unwrap();
        assert_eq!(records, [good]);
    }

    #[test]
    fn older_sessions_are_merged_in_time_order_keeping_damaged_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        let b = record("2026-11-20T08:00:00+01:00", "neck", true);
        let c = record("2026-11-22T08:00:00+01:00", "jaw", true);
        let torn = "{\"v\":1,\"id\":\"to";
        let existing = format!(
            "{}\nnot a record\n\n{}\n{torn}",
            b.to_json_line(),
            c.to_json_line()
        );
        std::fs::write(&path, &existing).unwrap();
        let log = LogFile::new(&path, LogOrigin::Named);
        let a = record("2026-11-01T08:00:00+01:00", "feet", true);
        let d = record("2026-11-21T08:00:00+01:00", "hands", false);
        let other = dir.path().join("other.jsonl");
        std::fs::write(&other, format!("{}\n{}\n", d.to_json_line(), a.to_json_line())).unwrap();

        let summary = import_file(&log, &other, &now(), |w| panic!("{w}")).unwrap();
        assert_eq!(summary.added, 2);
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = [
            a.to_json_line(),
            b.to_json_line(),
            "not a record".into(),
            d.to_json_line(),
            c.to_json_line(),
            torn.into(),
        ]
        .join("\n")
            + "\n";
        assert_eq!(text, expected);
    }

    #[cfg(unix)]
    #[test]
    fn newer_sessions_are_appended_without_a_rewrite() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        log.append(&record("2026-11-20T08:00:00+01:00", "neck", true))
            .unwrap();
        let inode = std::fs::metadata(log.path()).unwrap().ino();
        let other = dir.path().join("other.jsonl");
        let newer = record("2026-11-21T08:00:00+01:00", "jaw", true);
        std::fs::write(&other, newer.to_json_line()).unwrap();
        assert_eq!(
            import_file(&log, &other, &now(), |w| panic!("{w}"))
                .unwrap()
                .added,
            1
        );
        assert_eq!(std::fs::metadata(log.path()).unwrap().ino(), inode);
    }

    #[test]
    fn a_missing_file_to_import_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        let error = import_file(&log, &dir.path().join("nope.jsonl"), &now(), |_| ()).unwrap_err();
        assert!(error.to_string().contains("nope.jsonl"), "{error}");
        assert!(!log.path().exists());
    }
}
