//! Lines of the log, read forwards from the top or backwards from the end, and the one loop
//! that turns each into a record or a warning. Reads go through one reused buffer, parsing
//! each line where it lies, and a line that cannot be read is reported and skipped, never
//! fatal; a line too long to be a record is never held whole.

use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use super::error::shown;
use crate::text::{is_blank, sanitize};

/// A line longer than this is damage, not a record (a record is a few hundred bytes); it is
/// skipped without ever being held whole in memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// How far `read_backwards` reads at a time, and how much a forward read asks for at once.
const BLOCK_BYTES: usize = 64 * 1024;

/// Where a skipped line was: counted from the top, or from the end by a backwards read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinePosition {
    Number(u64),
    FromEnd(u64),
}

/// A line that was skipped, and why. Reading goes on after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub line: LinePosition,
    pub problem: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = shown(&self.path);
        let problem = sanitize(&self.problem);
        match self.line {
            LinePosition::Number(n) => write!(f, "{path}:{n}: skipped a line: {problem}"),
            LinePosition::FromEnd(n) => {
                write!(f, "{path}: skipped line {n} from the end: {problem}")
            }
        }
    }
}

/// How a read went: the records handed over and the lines skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadSummary {
    pub records: u64,
    pub skipped: u64,
    /// Lines read, blank ones included: where the next part of a file starts counting.
    pub lines: u64,
}

/// The reading loop: one reused buffer, one record (as `parse` makes it) or one warning per
/// line, until the end or until `on_record` breaks.
pub(crate) fn read_lines_as<T>(
    reader: impl Read,
    path: &Path,
    parse: impl FnMut(&str) -> Result<T, String>,
    mut on_record: impl FnMut(T) -> ControlFlow<()>,
    on_warning: impl FnMut(Warning),
) -> io::Result<ReadSummary> {
    read_spanned_lines_as(reader, path, parse, |record, _| on_record(record), on_warning)
}

/// [`read_lines_as`], handing each record over with where its line lies in the input (its
/// start and its length without the newline), to be read again from there.
pub(crate) fn read_spanned_lines_as<T>(
    reader: impl Read,
    path: &Path,
    mut parse: impl FnMut(&str) -> Result<T, String>,
    on_record: impl FnMut(T, (u64, u64)) -> ControlFlow<()>,
    on_warning: impl FnMut(Warning),
) -> io::Result<ReadSummary> {
    read_located_lines_as(reader, path, |text, _| parse(text), on_record, on_warning)
}

/// [`read_lines_as`], telling `parse` where each line starts in the input: a check of each
/// line against those before it (`once`) may have to read them again.
pub(crate) fn read_lines_at_as<T>(
    reader: impl Read,
    path: &Path,
    parse: impl FnMut(&str, u64) -> Result<T, String>,
    mut on_record: impl FnMut(T) -> ControlFlow<()>,
    on_warning: impl FnMut(Warning),
) -> io::Result<ReadSummary> {
    read_located_lines_as(reader, path, parse, |record, _| on_record(record), on_warning)
}

/// The loop under the three above.
fn read_located_lines_as<T>(
    reader: impl Read,
    path: &Path,
    mut parse: impl FnMut(&str, u64) -> Result<T, String>,
    mut on_record: impl FnMut(T, (u64, u64)) -> ControlFlow<()>,
    mut on_warning: impl FnMut(Warning),
) -> io::Result<ReadSummary> {
    let mut lines = LineReader::new(reader);
    let mut summary = ReadSummary::default();
    let mut number = 0;
    let mut parse_line =
        |bytes: &[u8], at| line_text(bytes).map(|text| text.and_then(|text| parse(text, at)));
    loop {
        let at = lines.next_at();
        let Some(line) = lines.next_line()? else {
            break;
        };
        number += 1;
        let parsed = match line {
            Line::TooLong => Err(too_long()),
            Line::Whole(bytes) => match parse_line(bytes, at) {
                None => continue,
                Some(parsed) => parsed,
            },
            Line::Last(bytes) => match parse_line(bytes, at) {
                None => continue,
                // A record ends with its closing brace; a line cut short does not.
                Some(Err(problem)) if !bytes.trim_ascii_end().ends_with(b"}") => Err(format!(
                    "the last line is incomplete (a write cut short?): {problem}"
                )),
                Some(parsed) => parsed,
            },
        };
        let position = LinePosition::Number(number);
        let span = lines.span();
        let mut on_record = |record| on_record(record, span);
        if deliver(
            parsed,
            position,
            path,
            &mut summary,
            &mut on_record,
            &mut on_warning,
        )
        .is_break()
        {
            break;
        }
    }
    summary.lines = number;
    Ok(summary)
}

/// The loop of [`read_lines_as`] from the last line up: lines are numbered from the end.
pub(crate) fn read_lines_backwards_as<T>(
    reader: impl Read + Seek,
    path: &Path,
    mut parse: impl FnMut(&str) -> Result<T, String>,
    mut on_record: impl FnMut(T) -> ControlFlow<()>,
    mut on_warning: impl FnMut(Warning),
) -> io::Result<ReadSummary> {
    let mut lines = ReverseLines::new(reader)?;
    let mut summary = ReadSummary::default();
    let mut number = 0;
    while let Some(line) = lines.next_line()? {
        number += 1;
        let parsed = match line {
            RawLine::Bytes(bytes) => match line_text(&bytes) {
                None => continue,
                Some(text) => text.and_then(&mut parse),
            },
            RawLine::TooLong => Err(too_long()),
        };
        let position = LinePosition::FromEnd(number);
        let delivered = deliver(
            parsed,
            position,
            path,
            &mut summary,
            &mut on_record,
            &mut on_warning,
        );
        if delivered.is_break() {
            break;
        }
    }
    summary.lines = number;
    Ok(summary)
}

/// Hands a parsed line to `on_record`, or its problem to `on_warning`, and counts it.
fn deliver<T>(
    parsed: Result<T, String>,
    line: LinePosition,
    path: &Path,
    summary: &mut ReadSummary,
    on_record: &mut impl FnMut(T) -> ControlFlow<()>,
    on_warning: &mut impl FnMut(Warning),
) -> ControlFlow<()> {
    match parsed {
        Ok(record) => {
            summary.records += 1;
            on_record(record)
        }
        Err(problem) => {
            summary.skipped += 1;
            on_warning(Warning {
                path: path.to_path_buf(),
                line,
                problem,
            });
            ControlFlow::Continue(())
        }
    }
}

/// A line's text without its line ending; `None` for a blank line, which is no record.
pub(crate) fn line_text(bytes: &[u8]) -> Option<Result<&str, String>> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) if is_blank(text) => None,
        Ok(text) => Some(Ok(text)),
        Err(_) => Some(Err("not valid UTF-8".to_string())),
    }
}

fn too_long() -> String {
    format!("longer than {} KiB, not a record", MAX_LINE_BYTES / 1024)
}

/// Where [`LineReader::find_line`] found a line in the buffer.
enum Found {
    Whole(std::ops::Range<usize>),
    Last(std::ops::Range<usize>),
    TooLong { newline: bool },
}

/// One line from [`LineReader`], without its newline.
pub(crate) enum Line<'a> {
    Whole(&'a [u8]),
    /// The end of the input came before a newline.
    Last(&'a [u8]),
    /// Over [`MAX_LINE_BYTES`]; its bytes were read and dropped.
    TooLong,
}

/// Lines of a reader, from the first to the last. It reads large blocks into one buffer,
/// finds the newlines with `memchr` and hands each line out where it lies, so a line is
/// neither copied nor allocated. A line over [`MAX_LINE_BYTES`] is read to its end but never
/// held whole: the buffer grows to twice that size at most.
pub(crate) struct LineReader<R> {
    reader: R,
    buffer: Vec<u8>,
    /// The bytes not handed out yet are `buffer[start..end]`.
    start: usize,
    end: usize,
    at_end: bool,
    /// Where `buffer[0]` is in the input.
    base: u64,
    /// Where the line handed out last starts in the input, and its length without the newline.
    span: (u64, u64),
}

impl<R: Read> LineReader<R> {
    pub(crate) fn new(reader: R) -> Self {
        LineReader {
            reader,
            buffer: vec![0; BLOCK_BYTES],
            start: 0,
            end: 0,
            at_end: false,
            base: 0,
            span: (0, 0),
        }
    }

    /// The next line, or `None` at the end of the input.
    pub(crate) fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        let at = self.next_at();
        let Some(found) = self.find_line()? else {
            return Ok(None);
        };
        let newline = u64::from(matches!(
            found,
            Found::Whole(_) | Found::TooLong { newline: true }
        ));
        self.span = (at, self.base + self.start as u64 - newline - at);
        Ok(Some(match found {
            Found::Whole(range) => Line::Whole(&self.buffer[range]),
            Found::Last(range) => Line::Last(&self.buffer[range]),
            Found::TooLong { .. } => Line::TooLong,
        }))
    }

    /// Where the next line starts in the input.
    fn next_at(&self) -> u64 {
        self.base + self.start as u64
    }

    /// Where the line handed out last starts in the input, and its length without the
    /// newline (a line over the limit included).
    pub(crate) fn span(&self) -> (u64, u64) {
        self.span
    }

    fn find_line(&mut self) -> io::Result<Option<Found>> {
        let mut too_long = false;
        // How much of the pending line has been searched for its newline already.
        let mut searched = 0;
        loop {
            let unsearched = &self.buffer[self.start + searched..self.end];
            if let Some(i) = memchr::memchr(b'\n', unsearched) {
                let line = self.start..self.start + searched + i;
                self.start = line.end + 1;
                if too_long || line.len() > MAX_LINE_BYTES {
                    return Ok(Some(Found::TooLong { newline: true }));
                }
                return Ok(Some(Found::Whole(line)));
            }
            if self.at_end {
                let line = self.start..self.end;
                self.start = self.end;
                if too_long {
                    return Ok(Some(Found::TooLong { newline: false }));
                }
                if line.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(Found::Last(line)));
            }
            searched = self.end - self.start;
            if too_long || searched > MAX_LINE_BYTES {
                too_long = true;
                // The bytes so far are dropped: the buffer starts after them.
                self.base += self.end as u64;
                (self.start, self.end, searched) = (0, 0, 0);
            }
            self.fill()?;
        }
    }

    /// Moves the pending bytes to the front and reads more after them, growing the buffer
    /// when the pending line fills it.
    fn fill(&mut self) -> io::Result<()> {
        self.base += self.start as u64;
        self.buffer.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buffer.len() {
            self.buffer.resize(self.buffer.len() * 2, 0);
        }
        let read = loop {
            match self.reader.read(&mut self.buffer[self.end..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                read => break read?,
            }
        };
        self.end += read;
        self.at_end = read == 0;
        Ok(())
    }
}

enum RawLine {
    Bytes(Vec<u8>),
    TooLong,
}

/// Lines of a file from the last to the first, read in blocks from the end.
struct ReverseLines<R> {
    reader: R,
    /// Where the bytes in `pending` start in the file; everything before is unread.
    pos: u64,
    /// Read but not yet returned: the lines before those already returned.
    pending: Vec<u8>,
    /// The line being gathered is over the limit; its bytes are being dropped.
    too_long: bool,
    started: bool,
}

impl<R: Read + Seek> ReverseLines<R> {
    fn new(mut reader: R) -> io::Result<Self> {
        let pos = reader.seek(SeekFrom::End(0))?;
        Ok(ReverseLines {
            reader,
            pos,
            pending: Vec::new(),
            too_long: false,
            started: false,
        })
    }

    fn next_line(&mut self) -> io::Result<Option<RawLine>> {
        loop {
            let line = if let Some(i) = memchr::memrchr(b'\n', &self.pending) {
                let line = self.pending.split_off(i + 1);
                self.pending.truncate(i);
                line
            } else if self.pos == 0 {
                if self.pending.is_empty() && !self.too_long {
                    return Ok(None);
                }
                std::mem::take(&mut self.pending)
            } else {
                if self.pending.len() > MAX_LINE_BYTES {
                    self.pending.clear();
                    self.too_long = true;
                }
                self.read_block()?;
                continue;
            };
            // The newline that ends the file does not start an empty last line.
            let first = !std::mem::replace(&mut self.started, true);
            if first && line.is_empty() && !self.too_long {
                continue;
            }
            if std::mem::take(&mut self.too_long) {
                return Ok(Some(RawLine::TooLong));
            }
            return Ok(Some(RawLine::Bytes(line)));
        }
    }

    fn read_block(&mut self) -> io::Result<()> {
        let size = BLOCK_BYTES.min(self.pos as usize);
        self.pos -= size as u64;
        let mut block = vec![0; size];
        self.reader.seek(SeekFrom::Start(self.pos))?;
        self.reader.read_exact(&mut block)?;
        if !self.too_long {
            block.extend_from_slice(&self.pending);
        }
        self.pending = block;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::record::Record;
    use crate::log::testing::{record, sample};
    use std::io::Cursor;

    fn read_all(text: &[u8]) -> (Vec<Record>, Vec<Warning>) {
        let (mut records, mut warnings) = (Vec::new(), Vec::new());
        read_lines_as(
            Cursor::new(text),
            Path::new("log.jsonl"),
            |text| Record::from_json_line(text).map_err(|e| e.to_string()),
            |r| {
                records.push(r);
                ControlFlow::Continue(())
            },
            |w| warnings.push(w),
        )
        .unwrap();
        (records, warnings)
    }

    fn backwards(bytes: &[u8]) -> Vec<Result<Vec<u8>, ()>> {
        let mut lines = ReverseLines::new(Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push(match line {
                RawLine::Bytes(b) => Ok(b),
                RawLine::TooLong => Err(()),
            });
        }
        out
    }

    #[test]
    fn damaged_lines_are_skipped_with_their_line_numbers() {
        let good = sample().to_json_line();
        let other = record("2026-11-26T08:00:00+01:00", "jaw", true).to_json_line();
        let torn = &other[..other.len() / 2];
        let text = format!("{good}\n\n{{\"v\":1,garbage\n\u{1b}[2J\n{other}\r\n{torn}");
        let (records, warnings) = read_all(text.as_bytes());
        assert_eq!(records.len(), 2);
        let lines: Vec<_> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [3, 4, 6].map(LinePosition::Number), "{warnings:#?}");
        assert!(warnings[2].problem.contains("incomplete"), "{}", warnings[2]);
        let shown = warnings[1].to_string();
        assert!(shown.starts_with("log.jsonl:4: skipped a line: "), "{shown}");
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
    }

    #[test]
    fn invalid_utf8_and_huge_lines_are_skipped_without_holding_them() {
        let good = sample().to_json_line();
        let mut text = Vec::new();
        text.extend_from_slice(b"\xff\xfe\n");
        text.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        text.push(b'\n');
        text.extend_from_slice(good.as_bytes());
        let (records, warnings) = read_all(&text);
        assert_eq!(records.len(), 1);
        assert!(warnings[0].problem.contains("UTF-8"));
        assert!(warnings[1].problem.contains("longer than"));
    }

    /// What `LineReader` hands out, owned: the bytes and whether the line was the last without
    /// a newline, or `Err` for a line over the limit.
    fn forwards(reader: impl Read) -> Vec<Result<(Vec<u8>, bool), ()>> {
        let mut lines = LineReader::new(reader);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push(match line {
                Line::Whole(bytes) => Ok((bytes.to_vec(), false)),
                Line::Last(bytes) => Ok((bytes.to_vec(), true)),
                Line::TooLong => Err(()),
            });
        }
        out
    }

    /// The same, the obvious way: split at every newline.
    fn split(bytes: &[u8]) -> Vec<Result<(Vec<u8>, bool), ()>> {
        let mut pieces: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        let last = pieces.pop().filter(|p| !p.is_empty());
        let whole = pieces.into_iter().map(|p| (p, false));
        whole
            .chain(last.map(|p| (p, true)))
            .map(|(p, last)| (p.len() <= MAX_LINE_BYTES).then(|| (p.to_vec(), last)).ok_or(()))
            .collect()
    }

    /// Hands out a few bytes at a time, and is interrupted now and then, as a pipe may be.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
        calls: usize,
    }

    impl<'a> Trickle<'a> {
        /// A few thousand bytes at a time: a block of the reader is never a whole read.
        fn new(bytes: &'a [u8]) -> Self {
            Trickle {
                bytes,
                step: 4093,
                calls: 0,
            }
        }
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(5) {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn lines_are_found_across_blocks_and_short_reads() {
        let mut text = Vec::new();
        for i in 0..60usize {
            // From empty lines to lines of several blocks, and a few \r\n endings.
            let len = (i * i * 53) % (3 * BLOCK_BYTES);
            text.extend(std::iter::repeat_n(b'a' + (i % 26) as u8, len));
            if i % 7 == 0 {
                text.push(b'\r');
            }
            text.push(b'\n');
        }
        for ending in [&b""[..], b"\n", b"tail without newline"] {
            let mut bytes = text.clone();
            bytes.extend_from_slice(ending);
            let expected = split(&bytes);
            assert_eq!(forwards(Cursor::new(&bytes)), expected);
            let trickle = Trickle::new(&bytes);
            assert_eq!(forwards(trickle), expected);
        }
        assert!(forwards(Cursor::new(b"")).is_empty());
        assert_eq!(forwards(Cursor::new(b"\n")), [Ok((vec![], false))]);
    }

    /// Where each line starts and how long it is without its newline, as `LineReader` says.
    fn spans(reader: impl Read) -> Vec<(u64, u64)> {
        let mut lines = LineReader::new(reader);
        let mut out = Vec::new();
        while lines.next_line().unwrap().is_some() {
            out.push(lines.span());
        }
        out
    }

    #[test]
    fn spans_locate_every_line_long_or_short() {
        let mut bytes = Vec::new();
        let mut expected = Vec::new();
        for i in 0..40usize {
            // Lines past the limit too: a rewrite copies them as they are.
            let len = (i * i * 7919) % (MAX_LINE_BYTES + 3 * BLOCK_BYTES);
            expected.push((bytes.len() as u64, len as u64));
            bytes.extend(std::iter::repeat_n(b'a' + (i % 26) as u8, len));
            bytes.push(b'\n');
        }
        let tail = b"no newline at the end";
        expected.push((bytes.len() as u64, tail.len() as u64));
        bytes.extend_from_slice(tail);
        assert_eq!(spans(Cursor::new(&bytes)), expected);
        let trickle = Trickle::new(&bytes);
        assert_eq!(spans(trickle), expected);
    }

    #[test]
    fn lines_at_the_limit_are_kept_and_longer_ones_dropped() {
        let line = |len: usize, byte: u8| vec![byte; len];
        let mut bytes = Vec::new();
        for (len, byte) in [(MAX_LINE_BYTES, b'a'), (MAX_LINE_BYTES + 1, b'b'), (3, b'c')] {
            bytes.extend(line(len, byte));
            bytes.push(b'\n');
        }
        let mut over_at_the_end = bytes.clone();
        over_at_the_end.extend(line(MAX_LINE_BYTES + 5, b'd'));
        bytes.extend(line(MAX_LINE_BYTES, b'e'));
        for bytes in [bytes, over_at_the_end] {
            let read = forwards(Cursor::new(&bytes));
            assert_eq!(read, split(&bytes));
            assert_eq!(read.len(), 4);
            assert_eq!(read[2], Ok((b"ccc".to_vec(), false)));
        }
    }

    #[test]
    fn a_last_line_without_newline_that_parses_is_kept() {
        let text = sample().to_json_line();
        let (records, warnings) = read_all(text.as_bytes());
        assert_eq!((records.len(), warnings.len()), (1, 0));
    }

    #[test]
    fn lines_come_back_from_the_end_across_blocks() {
        let lines: Vec<String> = (0..5000)
            .map(|i| format!("line {i} {}", "y".repeat(i % 90)))
            .collect();
        let text = lines.join("\n") + "\n";
        let read: Vec<String> = backwards(text.as_bytes())
            .into_iter()
            .map(|l| String::from_utf8(l.unwrap()).unwrap())
            .collect();
        let expected: Vec<String> = lines.into_iter().rev().collect();
        assert_eq!(read, expected);
        assert_eq!(
            backwards(b"a\n\nb"),
            [Ok(b"b".to_vec()), Ok(vec![]), Ok(b"a".to_vec())]
        );
        assert!(backwards(b"").is_empty());
        assert!(backwards(b"\n").is_empty());
    }

    #[test]
    fn a_huge_line_read_backwards_is_reported_once() {
        let mut text = b"first\n".to_vec();
        text.extend(std::iter::repeat_n(b'z', MAX_LINE_BYTES + 3 * BLOCK_BYTES));
        text.extend_from_slice(b"\nlast\n");
        assert_eq!(
            backwards(&text),
            [Ok(b"last".to_vec()), Err(()), Ok(b"first".to_vec())]
        );
        let mut huge_first = vec![b'z'; MAX_LINE_BYTES + BLOCK_BYTES];
        huge_first.extend_from_slice(b"\nlast");
        assert_eq!(backwards(&huge_first), [Ok(b"last".to_vec()), Err(())]);
    }
}
