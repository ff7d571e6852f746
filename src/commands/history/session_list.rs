//! What `knead log` prints: the chosen sessions, newest first, as a table, JSON lines or CSV.
//! Text from the log may hold anything (an imported log comes from elsewhere): every format
//! keeps control characters from the terminal, each in its own way.

use std::io::{self, Write};

use chrono::TimeZone;
use serde::Serialize;

use super::EMPTY_LOG_MESSAGE;
use super::json::escape_unsafe;
use crate::cli::LogFormatArg;
use crate::log::record::{Record, format_time};
use crate::log::stats::minutes;
use crate::table::Table;
use crate::text::sanitize_file_text;

/// Writes `records` (newest first) in `format`; `total` is how many sessions the log holds in
/// all, and `tz` decides the dates and times of the table.
pub fn write<Tz: TimeZone>(
    format: LogFormatArg,
    records: &[Record],
    total: u64,
    tz: &Tz,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        LogFormatArg::Table => write_table(records, total, tz, out),
        LogFormatArg::Jsonl => write_jsonl(records, out),
        LogFormatArg::Csv => write_csv(records, out),
    }
}

fn write_table<Tz: TimeZone>(records: &[Record], total: u64, tz: &Tz, out: &mut dyn Write) -> io::Result<()> {
    if total == 0 {
        return writeln!(out, "{EMPTY_LOG_MESSAGE}");
    }
    if records.is_empty() {
        return writeln!(out, "No sessions match; {total} in the log in all.");
    }
    let mut table = Table::new(["DATE", "TIME", "ROUTINE", "AREAS", "MIN", "RESULT", "TENSION"])
        .align_right(&[4])
        .max_width(2, 28)
        .max_width(3, 30);
    for record in records {
        let local = record.started.with_timezone(tz).naive_local();
        let result = result(record);
        table.row(vec![
            local.format("%Y-%m-%d").to_string(),
            local.format("%H:%M").to_string(),
            record.title().to_string(),
            record.areas.join(", "),
            minutes(u64::from(record.active_s)).to_string(),
            result,
            tension(record),
        ]);
    }
    table.write(out)
}

/// "done" or "ended early", with the passes skipped when there were any ("ended early · 8
/// skipped"); a version 1 record, which did not count passes, gives its steps instead.
fn result(record: &Record) -> String {
    let how = if record.completed { "done" } else { "ended early" };
    match record.passes_skipped {
        Some(0) => how.to_string(),
        Some(skipped) => format!("{how} · {skipped} skipped"),
        None if record.completed => how.to_string(),
        None => format!("{how} {}/{}", record.steps_done, record.steps_total),
    }
}

fn tension(record: &Record) -> String {
    let show = |t: Option<u8>| t.map_or("?".to_string(), |t| t.to_string());
    match (record.tension_before, record.tension_after) {
        (None, None) => String::new(),
        (before, after) => format!("{} → {}", show(before), show(after)),
    }
}

/// The lines as stored, unless they hold what JSON escaping alone leaves unsafe; then that is
/// escaped too, and a JSON reader still gets the very same record.
fn write_jsonl(records: &[Record], out: &mut dyn Write) -> io::Result<()> {
    for record in records {
        writeln!(out, "{}", escape_unsafe(&record.to_json_line()))?;
    }
    Ok(())
}

/// One CSV row: the record's fields under their JSON names, areas joined with `;`. CSV has no
/// escapes, so each control character in the text becomes U+FFFD, as in the table; line
/// breaks and tabs are kept, inside quotes.
#[derive(Serialize)]
struct CsvRow {
    id: String,
    routine: String,
    name: String,
    areas: String,
    started: String,
    ended: String,
    planned_s: u32,
    active_s: u32,
    steps_done: u32,
    steps_total: u32,
    passes_done: Option<u32>,
    passes_skipped: Option<u32>,
    completed: bool,
    tension_before: Option<u8>,
    tension_after: Option<u8>,
    note: Option<String>,
}

/// The CSV header, also written when no session matches.
pub const CSV_HEADER: &[&str] = &[
    "id",
    "routine",
    "name",
    "areas",
    "started",
    "ended",
    "planned_s",
    "active_s",
    "steps_done",
    "steps_total",
    "passes_done",
    "passes_skipped",
    "completed",
    "tension_before",
    "tension_after",
    "note",
];

fn write_csv(records: &[Record], out: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::WriterBuilder::new().has_headers(false).from_writer(out);
    csv.write_record(CSV_HEADER).map_err(io_error)?;
    for record in records {
        csv.serialize(CsvRow {
            id: sanitize_file_text(&record.id),
            routine: sanitize_file_text(&record.routine),
            name: sanitize_file_text(&record.name),
            areas: sanitize_file_text(&record.areas.join(";")),
            started: format_time(&record.started),
            ended: format_time(&record.ended),
            planned_s: record.planned_s,
            active_s: record.active_s,
            steps_done: record.steps_done,
            steps_total: record.steps_total,
            passes_done: record.passes_done,
            passes_skipped: record.passes_skipped,
            completed: record.completed,
            tension_before: record.tension_before,
            tension_after: record.tension_after,
            note: record.note.as_deref().map(sanitize_file_text),
        })
        .map_err(io_error)?;
    }
    csv.flush()
}

/// The write error inside a CSV error as it was, so that a closed pipe is still seen as one
/// (the csv crate's own conversion to `io::Error` hides its kind).
fn io_error(error: csv::Error) -> io::Error {
    if !error.is_io_error() {
        return io::Error::other(error);
    }
    match error.into_kind() {
        csv::ErrorKind::Io(source) => source,
        _ => io::Error::other("cannot write CSV"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::query::{LogOptions, select};
    use crate::log::store::{LogFile, LogOrigin};
    use crate::log::testing::{at, log_with, record, sample};
    use crate::routine::Area;

    /// What `knead log` prints at 20:00 on 2026-11-25 in a +01:00 zone.
    fn run(log: &LogFile, options: &LogOptions, format: LogFormatArg) -> String {
        let now = at("2026-11-25T20:00:00+01:00");
        let (records, total) = select(log, options, &now, |w| panic!("{w}")).unwrap();
        let mut out = Vec::new();
        write(format, &records, total, &now.timezone(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_table_is_aligned_and_safe_to_print() {
        let mut hostile = record("2026-11-24T07:05:00+01:00", "neck", false);
        hostile.name = "Evil\u{1b}]0;owned\u{7} routine".into();
        hostile.tension_before = Some(7);
        // A version 1 record, which did not count passes, ended early.
        let mut old = record("2026-11-23T07:05:00+01:00", "neck", false);
        (old.v, old.passes_done, old.passes_skipped) = (1, None, None);
        let (_dir, log) = log_with(&[sample(), hostile, old]);
        let text = run(&log, &LogOptions::default(), LogFormatArg::Table);
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
        let expected = "\
DATE        TIME   ROUTINE                 AREAS            MIN  RESULT                   TENSION
2026-11-25  11:30  Neck release            neck, shoulders    8  done                     6 → 3
2026-11-24  07:05  Evil\u{FFFD}]0;owned\u{FFFD} routine  neck              10  ended early · 1 skipped  7 → ?
2026-11-23  07:05  The neck routine        neck              10  ended early 2/6
";
        assert_eq!(text, expected);
    }

    #[test]
    fn an_empty_log_and_an_empty_match_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        assert_eq!(
            run(&log, &LogOptions::default(), LogFormatArg::Table),
            format!("{EMPTY_LOG_MESSAGE}\n")
        );
        assert_eq!(
            run(&log, &LogOptions::default(), LogFormatArg::Csv),
            CSV_HEADER.join(",") + "\n"
        );
        let (_dir, log) = log_with(&[sample()]);
        let none = LogOptions {
            area: Some(Area::Feet),
            ..LogOptions::default()
        };
        assert_eq!(
            run(&log, &none, LogFormatArg::Table),
            "No sessions match; 1 in the log in all.\n"
        );
    }

    #[test]
    fn jsonl_lines_are_records() {
        let (_dir, log) = log_with(&[sample()]);
        let text = run(&log, &LogOptions::default(), LogFormatArg::Jsonl);
        assert_eq!(Record::from_json_line(text.trim_end()).unwrap(), sample());
    }

    #[test]
    fn csv_reads_back_with_the_csv_crate() {
        let mut tricky = record("2026-11-24T07:05:00+01:00", "neck", false);
        tricky.name = "Neck, \"quick\"".into();
        tricky.note = Some("line one\nline two".into());
        let (_dir, log) = log_with(&[sample(), tricky.clone()]);
        let text = run(&log, &LogOptions::default(), LogFormatArg::Csv);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], sample().id);
        assert_eq!(&rows[0][3], "neck;shoulders");
        assert_eq!(&rows[0][4], "2026-11-25T11:30:12+01:00");
        assert_eq!((&rows[0][10], &rows[0][11]), ("8", "0"));
        assert_eq!(&rows[0][13], "6");
        assert_eq!(&rows[1][2], "Neck, \"quick\"");
        assert_eq!((&rows[1][11], &rows[1][12]), ("1", "false"));
        assert_eq!(&rows[1][13], "");
        assert_eq!(&rows[1][15], "line one\nline two");
    }

    #[test]
    fn jsonl_and_csv_are_pinned() {
        let mut early = record("2026-11-24T07:05:00+01:00", "neck", false);
        early.id = "20261124T060500Z-0000beef".into();
        early.name = "Neck, \"quick\"".into();
        early.note = Some("line one\nline two".into());
        let (_dir, log) = log_with(&[early, sample()]);
        let options = LogOptions::default();
        insta::assert_snapshot!("log_jsonl", run(&log, &options, LogFormatArg::Jsonl));
        insta::assert_snapshot!("log_csv", run(&log, &options, LogFormatArg::Csv));
    }
}
