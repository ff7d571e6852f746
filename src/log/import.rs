//! `knead import FILE`: merges another log's sessions into this one. Sessions whose id is
//! already here are skipped, lines that are not valid records (or hold what a record knead
//! writes never does) are reported and left out, and the new ones go in under the lock: at the
//! end in one write when none is older than the log's newest, otherwise by rewriting the log
//! in time order (see `rewrite`), so that readers from the end (`due`) meet the newest first.

use std::fmt;
use std::fs::File;
use std::io;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use super::error::LogError;
use super::record::{Record, SCHEMA_VERSION};
use super::rewrite::Piece;
use super::seen::SeenIds;
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

/// Below this many bytes of new lines that are all newer than the log, they are appended in
/// one write; above it (or when any is older) the log is rewritten, which streams them.
const APPEND_MAX_BYTES: u64 = 1 << 20;

/// A session of the file to import that may be new: when it started and where its line is,
/// to be read again when its turn comes. The file is never held whole: memory grows by these
/// few bytes (and about eight for its id) a session, not by the size of its line.
struct Candidate {
    started: DateTime<FixedOffset>,
    at: u64,
    len: u64,
}

/// Imports the sessions of `source` into `log`. Rejected lines go to `on_warning` with their
/// line numbers. Imported records are written in this version's schema: fields it does not
/// know are not carried over. Records starting more than a day after `now` are rejected.
pub fn import_file(
    log: &LogFile,
    source: &Path,
    now: &DateTime<FixedOffset>,
    on_warning: impl FnMut(Warning),
) -> Result<ImportSummary, LogError> {
    let source_error = |e| LogError::ImportSource {
        path: source.to_path_buf(),
        source: e,
    };
    let mut summary = ImportSummary::default();
    let file = store::open_shared(source).map_err(source_error)?;
    let parse = |text: &str| importable(text, now);
    // First, without the lock: which lines are valid, each session once.
    let mut in_file = SeenIds::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    let read = super::lines::read_spanned_lines_as(
        &file,
        source,
        parse,
        |record: Record, (at, len)| {
            if in_file.insert(&record.id, &record.started) {
                candidates.push(Candidate {
                    started: record.started,
                    at,
                    len,
                });
            } else {
                summary.skipped += 1;
            }
            ControlFlow::Continue(())
        },
        on_warning,
    )
    .map_err(source_error)?;
    drop(in_file);
    // Read again below, but no longer locked: the file may be the log itself, whose lock
    // comes next.
    let _ = file.unlock();
    summary.rejected = read.skipped;
    if candidates.is_empty() {
        return Ok(summary);
    }
    candidates.sort_by_key(|c| c.started);

    // Reading the log and writing it happen under one lock, so that two imports of the same
    // file at once cannot both add a session, and no append comes in between.
    let mut locked = log.lock().map_err(|e| match e {
        LogError::Read { path, source: e } | LogError::CreateDir { path, source: e } => {
            LogError::ImportTarget {
                path,
                from: source.to_path_buf(),
                source: e,
            }
        }
        other => other,
    })?;
    let mut in_log = SeenIds::default();
    // Each line of the log, keyed by the start of its session; a damaged line takes the key
    // of the line before it, so that it stays where it is among its neighbours.
    let mut lines: Vec<(DateTime<FixedOffset>, Piece)> = Vec::new();
    let mut key = DateTime::<FixedOffset>::MIN_UTC.fixed_offset();
    let mut newest: Option<DateTime<FixedOffset>> = None;
    locked.scan(|at, len, record| {
        if let Some(record) = record {
            in_log.insert(&record.id, &record.started);
            key = record.started;
            newest = newest.max(Some(record.started));
        }
        lines.push((key, Piece::Kept { at, len }));
    })?;
    // The candidates again, in time order, read back from the file: those the log lacks.
    let mut reread = Reread {
        file: &file,
        candidates: candidates.iter(),
        in_log: &in_log,
        now,
        present: 0,
        added: 0,
        bytes: 0,
    };
    let write_error = |e| LogError::Import {
        path: log.path().to_path_buf(),
        from: source.to_path_buf(),
        count: candidates.len(),
        source: e,
    };
    let mut first = Vec::new();
    // The new sessions up to the append limit, to see whether an append will do.
    while reread.bytes <= APPEND_MAX_BYTES {
        match reread.next() {
            Some(line) => first.push(line.map_err(write_error)?),
            None => break,
        }
    }
    let whole = reread.bytes <= APPEND_MAX_BYTES;
    if whole && first.is_empty() {
        summary.skipped += reread.present;
        return Ok(summary);
    }
    let starts_after_log = |line: &(DateTime<FixedOffset>, String)| newest.is_none_or(|n| line.0 >= n);
    let written = if whole && first.first().is_none_or(starts_after_log) {
        let new: Vec<String> = first.into_iter().map(|(_, line)| line).collect();
        locked.append_lines(&new)
    } else {
        // Stable: lines already in order keep it, and of equal times the log's own go first.
        lines.sort_by_key(|(key, _)| *key);
        let new = first.into_iter().map(Ok).chain(&mut reread);
        locked.replace(merge(lines, new))
    };
    written.map_err(write_error)?;
    summary.skipped += reread.present;
    summary.added = reread.added;
    Ok(summary)
}

/// A line of the file to import as a record this knead would write, or why not.
fn importable(text: &str, now: &DateTime<FixedOffset>) -> Result<Record, String> {
    let mut record = Record::from_json_line(text).map_err(|e| e.to_string())?;
    record.check_importable(now).map_err(|e| e.to_string())?;
    // Written with the fields this knead knows: a newer line as the current version, an
    // older one as the version it is, so a version 1 line without passes stays a valid
    // version 1 line.
    record.v = record.v.min(SCHEMA_VERSION);
    Ok(record)
}

/// The new sessions' lines in time order, read back from the file to import; counts those
/// already in the log and those handed out.
struct Reread<'a> {
    file: &'a File,
    candidates: std::slice::Iter<'a, Candidate>,
    in_log: &'a SeenIds,
    now: &'a DateTime<FixedOffset>,
    present: u64,
    added: u64,
    bytes: u64,
}

impl Iterator for Reread<'_> {
    type Item = io::Result<(DateTime<FixedOffset>, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        for candidate in self.candidates.by_ref() {
            let mut text = vec![0; usize::try_from(candidate.len).unwrap_or(usize::MAX)];
            if let Err(e) = read_exact_at(self.file, &mut text, candidate.at) {
                return Some(Err(e));
            }
            let record = std::str::from_utf8(&text)
                .map_err(|e| e.to_string())
                .and_then(|text| importable(text.trim_end_matches('\r'), self.now));
            let record = match record {
                Ok(record) => record,
                Err(_) => {
                    return Some(Err(io::Error::other(
                        "the file to import changed while it was read",
                    )));
                }
            };
            if self.in_log.contains(&record.id, &record.started) {
                self.present += 1;
                continue;
            }
            let line = record.to_json_line();
            self.added += 1;
            self.bytes += line.len() as u64 + 1;
            return Some(Ok((record.started, line)));
        }
        None
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_exact_at(mut file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(buf)
}

/// The log's lines and the new records, both in time order, merged into one order.
fn merge<'a>(
    lines: Vec<(DateTime<FixedOffset>, Piece)>,
    new: impl Iterator<Item = io::Result<(DateTime<FixedOffset>, String)>> + 'a,
) -> impl Iterator<Item = io::Result<Piece>> + 'a {
    let mut lines = lines.into_iter().peekable();
    let mut new = new.peekable();
    std::iter::from_fn(move || match (lines.peek(), new.peek()) {
        (_, Some(Err(_))) => new.next().map(|r| r.map(|(_, line)| Piece::New(line))),
        (Some((key, _)), Some(Ok((started, _)))) if started < key => {
            new.next().map(|r| r.map(|(_, line)| Piece::New(line)))
        }
        (Some(_), _) => lines.next().map(|(_, piece)| Ok(piece)),
        (None, _) => new.next().map(|r| r.map(|(_, line)| Piece::New(line))),
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
    fn version_1_and_version_2_lines_both_import_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        let v1 = r#"{"v":1,"id":"20260920T075900Z-00000006","routine":"desk-break","name":"Desk break","areas":["neck","shoulders","hands"],"started":"2026-09-20T08:59:00+01:00","ended":"2026-09-20T09:05:21+01:00","planned_s":325,"active_s":381,"steps_done":3,"steps_total":8,"completed":false}"#;
        let v2 = record("2026-11-22T08:00:00+01:00", "jaw", false);
        let other = dir.path().join("other.jsonl");
        std::fs::write(&other, format!("{v1}\n{}\n", v2.to_json_line())).unwrap();
        let summary = import_file(&log, &other, &now(), |w| panic!("{w}")).unwrap();
        assert_eq!(summary.added, 2);
        let mut records = Vec::new();
        log.read(|r| records.push(r), |w| panic!("{w}")).unwrap();
        // The old line stays what it was: a version 1 record, without passes.
        assert_eq!((records[0].v, records[0].passes_done), (1, None));
        assert_eq!(records[0].steps_done, 3);
        assert_eq!(records[1], v2);
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

    #[test]
    fn a_large_import_is_streamed_into_time_order() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        let records: Vec<Record> = crate::log::synthetic_records(12_000, 5).collect();
        let mine: Vec<Record> = records.iter().step_by(3).cloned().collect();
        log.append_many(&mine).unwrap();
        // Every session, newest first, each twice: several MB of new lines.
        let text: String = records
            .iter()
            .rev()
            .chain(records.iter())
            .map(|r| r.to_json_line() + "\n")
            .collect();
        assert!(text.len() as u64 > 4 * APPEND_MAX_BYTES);
        let other = dir.path().join("other.jsonl");
        std::fs::write(&other, text).unwrap();
        let now = records.last().unwrap().started;
        let summary = import_file(&log, &other, &now, |w| panic!("{w}")).unwrap();
        assert_eq!(
            (summary.added, summary.skipped, summary.rejected),
            (8_000, 16_000, 0)
        );
        let mut read = Vec::new();
        log.read(|r| read.push(r), |w| panic!("{w}")).unwrap();
        assert_eq!(read, records);
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
