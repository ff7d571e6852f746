//! Each session once, for a read of the log from the top (`LogFile::read`, each half of a
//! log out of order read in two): a line whose session an earlier line had is a repeat.
//!
//! A log in time order is checked with the keys of its latest second alone (`recent`), so the
//! read's memory does not grow with the log. At the first line out of order, the lines read
//! before it are read again, keys only, into a whole `SeenIds` (`seen`), which then goes on as
//! it would have from the top: the answer is the same for every log, and only a log out of
//! order pays for it, with that second read and eight bytes a session.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::{ControlFlow, Range};
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use super::lines::read_lines_as;
use super::recent::RecentIds;
use super::seen::{Key, SeenIds};
use super::view::RecordView;

/// The sessions a read has met, and where in the file to find them again.
pub(crate) struct Once<'f> {
    /// The log, read again through this handle when the log turns out of order.
    file: &'f File,
    path: &'f Path,
    /// Where the lines this has checked begin in the file: they run from here to the line
    /// being checked, with no gap (a second half read after the first carries on from it).
    from: u64,
    seen: Seen,
    /// Why the lines before could not be read again: the read stops, and returns it.
    failure: Option<io::Error>,
}

enum Seen {
    InOrder(RecentIds),
    All(SeenIds),
}

impl<'f> Once<'f> {
    /// For lines of `file` from `from` on.
    pub(crate) fn new(file: &'f File, path: &'f Path, from: u64) -> Self {
        Once {
            file,
            path,
            from,
            seen: Seen::InOrder(RecentIds::default()),
            failure: None,
        }
    }

    /// Checks the session `id` that started at `started`, on the line that begins `at` bytes
    /// into the file: `Continue` the first time, the warning for a repeat, or `Break` when
    /// the lines before could not be read again (see [`Once::failure`]).
    pub(crate) fn first_time(
        &mut self,
        id: &str,
        started: &DateTime<FixedOffset>,
        at: u64,
    ) -> Result<ControlFlow<()>, String> {
        let key = Key::of(id, started);
        let new = loop {
            match &mut self.seen {
                Seen::All(seen) => break seen.insert_key(key),
                Seen::InOrder(recent) => match recent.insert_key(key) {
                    Some(new) => break new,
                    None => match keys_of(self.file, self.path, self.from..at) {
                        Ok(seen) => self.seen = Seen::All(seen),
                        Err(e) => {
                            self.failure = Some(e);
                            return Ok(ControlFlow::Break(()));
                        }
                    },
                },
            }
        };
        if new {
            Ok(ControlFlow::Continue(()))
        } else {
            Err(repeat_of(id))
        }
    }

    /// What stopped the read, if anything did.
    pub(crate) fn failure(&mut self) -> io::Result<()> {
        self.failure.take().map_or(Ok(()), Err)
    }

    /// Whether no session met by `later`, which checked the lines after those of `self`,
    /// was met by `self` too. False also when it cannot be told: then `later`'s lines must be
    /// read again, after `self`'s.
    pub(crate) fn apart(&self, later: &Once<'_>) -> bool {
        match (&self.seen, &later.seen) {
            (Seen::InOrder(earlier), Seen::InOrder(later)) => earlier.apart(later),
            (Seen::All(earlier), Seen::All(later)) => !earlier.overlaps(later),
            (Seen::All(earlier), Seen::InOrder(later)) => later.after(earlier),
            // The earlier part has forgotten its sessions, and the later may hold any: rare
            // (a log in order up to its middle, not after), and read again.
            (Seen::InOrder(_), Seen::All(_)) => false,
        }
    }
}

/// The warning for a line whose session `id` an earlier line had.
pub(crate) fn repeat_of(id: &str) -> String {
    format!("a repeat of session {id}, already read from an earlier line: counted once")
}

/// The sessions of the lines in `lines` of `file`, each line read as the first read took it
/// (the same parser, so a damaged line is skipped again); the file is left where it was, in
/// the middle of the first read.
fn keys_of(file: &File, path: &Path, lines: Range<u64>) -> io::Result<SeenIds> {
    let mut reader = file;
    let back = reader.stream_position()?;
    reader.seek(SeekFrom::Start(lines.start))?;
    let mut seen = SeenIds::default();
    let parse = |text: &str| {
        if let Ok(view) = RecordView::from_json_line(text) {
            seen.insert(&view.id, &view.started);
        }
        Ok(())
    };
    let read = read_lines_as(
        reader.take(lines.end - lines.start),
        path,
        parse,
        |()| ControlFlow::Continue(()),
        |_| {},
    );
    reader.seek(SeekFrom::Start(back))?;
    read.map(|_| seen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::lines::{LinePosition, read_lines_at_as};
    use crate::log::record::Record;
    use crate::log::testing::record;

    /// How a read from the top checks `bytes`: the ids met the first time, the numbers of the
    /// lines taken for repeats, and whether it is still checking by the latest second alone.
    fn check(bytes: &[u8]) -> (Vec<String>, Vec<u64>, bool) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        std::fs::write(&path, bytes).unwrap();
        let file = File::open(&path).unwrap();
        let mut once = Once::new(&file, &path, 0);
        let (mut ids, mut repeats) = (Vec::new(), Vec::new());
        let parse = |text: &str, at| {
            let record = Record::from_json_line(text).map_err(|e| e.to_string())?;
            assert!(once.first_time(&record.id, &record.started, at)?.is_continue());
            Ok(record.id)
        };
        let on_warning = |w: crate::log::Warning| {
            if w.problem.starts_with("a repeat of session") {
                let LinePosition::Number(n) = w.line else {
                    unreachable!()
                };
                repeats.push(n);
            }
        };
        let on_record = |id| {
            ids.push(id);
            ControlFlow::Continue(())
        };
        read_lines_at_as(&file, &path, parse, on_record, on_warning).unwrap();
        once.failure().unwrap();
        (ids, repeats, matches!(once.seen, Seen::InOrder(_)))
    }

    fn lines(records: &[&Record]) -> String {
        records.iter().map(|r| r.to_json_line() + "\n").collect()
    }

    /// A session with an id another tool made, at `started`.
    fn other(id: &str, started: &str) -> Record {
        let mut record = record(started, "neck", true);
        record.id = id.into();
        record
    }

    #[test]
    fn a_log_in_time_order_is_checked_by_its_latest_second_alone() {
        // Three ids of another tool in one second (their keys in no order), each repeated
        // within it; an id knead made, repeated after those (an hour later, but the two kinds
        // of id each keep their own order); and one id at two starts, two sessions.
        let (a, b, c) = (
            other("a", "2026-11-20T08:00:00Z"),
            other("b", "2026-11-20T08:00:00Z"),
            other("c", "2026-11-20T08:00:00Z"),
        );
        let made = record("2026-11-20T07:00:00Z", "jaw", true);
        let later = other("a", "2026-11-20T09:00:00Z");
        let text = lines(&[&made, &a, &b, &c, &b, &made, &a, &c, &later, &later]);
        let (ids, repeats, in_order) = check(text.as_bytes());
        assert_eq!(ids, [&made.id, "a", "b", "c", "a"]);
        assert_eq!(repeats, [5, 6, 7, 8, 10]);
        assert!(in_order);
        let mut keys = Vec::new();
        for r in [&a, &b, &c] {
            let Key::Other(key) = Key::of(&r.id, &r.started) else {
                unreachable!()
            };
            keys.push(key);
        }
        assert!(!keys.is_sorted() && !keys.iter().rev().is_sorted(), "{keys:x?}");
    }

    #[test]
    fn a_line_out_of_order_reads_the_lines_before_it_again_as_the_first_read_took_them() {
        let day = |d: u32| format!("2026-11-{d:02}T08:00:00+01:00");
        let r: Vec<Record> = (1..=9).map(|d| other(&format!("s{d}"), &day(d))).collect();
        // A line refused (schema version 0) with the id of a later valid one: no session.
        let refused = r[7].to_json_line().replace("\"v\":2", "\"v\":0");
        assert_ne!(refused, r[7].to_json_line());
        let mut text = Vec::new();
        for line in [
            refused.as_bytes(),
            r[0].to_json_line().as_bytes(),
            b"{\"v\":1,garbage",
            b"\xff\xfe",
            b"",
            (r[1].to_json_line() + "\r").as_bytes(),
            &vec![b'x'; crate::log::lines::MAX_LINE_BYTES + 10],
            r[2].to_json_line().as_bytes(),
            r[5].to_json_line().as_bytes(),
            // Out of order from here: a new session, then repeats of those above.
            r[7].to_json_line().as_bytes(),
            r[1].to_json_line().as_bytes(),
            r[0].to_json_line().as_bytes(),
            r[3].to_json_line().as_bytes(),
            r[5].to_json_line().as_bytes(),
        ] {
            text.extend_from_slice(line);
            text.push(b'\n');
        }
        // The last line, without its newline, a repeat too.
        text.extend_from_slice(r[2].to_json_line().as_bytes());
        let (ids, repeats, in_order) = check(&text);
        assert_eq!(ids, ["s1", "s2", "s3", "s6", "s8", "s4"]);
        assert_eq!(repeats, [11, 12, 14, 15]);
        assert!(!in_order);
    }
}
