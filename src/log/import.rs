//! `knead import FILE`: merges another log's sessions into this one. Sessions whose id is
//! already here are skipped, lines that are not valid records are reported and left out, and
//! the new ones are appended in one write under the lock, oldest first.

use std::collections::HashMap;
use std::fmt;
use std::ops::ControlFlow;
use std::path::Path;

use super::error::LogError;
use super::record::{Record, SCHEMA_VERSION};
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
    on_warning: impl FnMut(Warning),
) -> Result<ImportSummary, LogError> {
    let source_error = |e| LogError::ImportSource {
        path: source.to_path_buf(),
        source: e,
    };
    let mut summary = ImportSummary::default();
    // The file to import is held whole: it all goes out in one write anyway.
    let mut incoming: Vec<Record> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let file = store::open_shared(source).map_err(source_error)?;
    let read = store::read_lines(
        &file,
        source,
        |mut record| {
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

    // Reading the ids and appending happen under one lock, so that two imports of the same
    // file at once cannot both add a session.
    let mut locked = log.lock()?;
    let mut present = vec![false; incoming.len()];
    locked.read(
        |record| {
            if let Some(&i) = index.get(&record.id) {
                present[i] = true;
            }
            ControlFlow::Continue(())
        },
        // Damage in this log is for `knead log` to report; it does not stop an import.
        |_| (),
    )?;
    let mut new: Vec<Record> = incoming
        .into_iter()
        .zip(present)
        .filter_map(|(record, present)| (!present).then_some(record))
        .collect();
    summary.skipped += index.len() as u64 - new.len() as u64;
    new.sort_by_key(|r| r.started);
    let lines: Vec<String> = new.iter().map(Record::to_json_line).collect();
    locked.append_lines(&lines).map_err(|e| LogError::Import {
        path: log.path().to_path_buf(),
        from: source.to_path_buf(),
        count: lines.len(),
        source: e,
    })?;
    summary.added = lines.len() as u64;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::store::{LinePosition, LogOrigin};
    use crate::log::testing::record;

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
        let summary = import_file(&log, &other, |w| warnings.push(w)).unwrap();
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
        assert_eq!(records, [mine, older, newer]);

        let again = import_file(&log, &other, |_| ()).unwrap();
        assert_eq!((again.added, again.skipped, again.rejected), (0, 4, 2));
        let into_itself = import_file(&log, log.path(), |_| ()).unwrap();
        assert_eq!((into_itself.added, into_itself.skipped), (0, 3));
    }

    #[test]
    fn a_missing_file_to_import_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        let error = import_file(&log, &dir.path().join("nope.jsonl"), |_| ()).unwrap_err();
        assert!(error.to_string().contains("nope.jsonl"), "{error}");
        assert!(!log.path().exists());
    }
}
