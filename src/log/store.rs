//! The log file: where it is, appending under a lock, and reading that survives damage.
//!
//! Appends are one `write` of whole lines to a file opened for appending, under an exclusive
//! advisory lock, followed by `sync_data`: two knead processes never interleave, and a line is
//! on disk before knead says it is saved. An append never touches a line already there; only
//! `knead import` replaces the file, whole and under the same lock (see `rewrite`).
//! Reads go line by line through one reused buffer, parsing each line where it lies, so memory
//! holds no more than the ids met (to count a repeated session once), and a line that cannot
//! be read is reported and skipped, never fatal.
//!
//! Only a regular file is a log: a FIFO, a device or a socket is refused before anything is
//! read or written, and is opened without blocking, so nothing waits on a FIFO's other end.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::{LogError, shown};
use super::record::Record;
use super::seen::SeenIds;
use crate::text::sanitize;

/// A line longer than this is damage, not a record (a record is a few hundred bytes); it is
/// skipped without ever being held whole in memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// How long an append or an import waits for another knead (or anything else) holding the
/// log's lock before it gives up: a session then prints its record to keep, an import adds
/// nothing. An append holds the lock for a few milliseconds; a lock held longer belongs to a
/// stopped or stuck process, and waiting on it would freeze a shell.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// How long a read waits for an append in progress to finish before reading what is there:
/// appends are whole lines in one write and imports replace the file by a rename, so a read
/// needs no lock to be right, only to avoid meeting a line half written.
const READ_LOCK_WAIT: Duration = Duration::from_millis(100);

/// How often a wait for a lock tries again.
const LOCK_POLL: Duration = Duration::from_millis(20);

/// How far `read_backwards` reads at a time, and how much a forward read asks for at once.
const BLOCK_BYTES: usize = 64 * 1024;

/// Where the log's path came from, which decides whether knead may create its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogOrigin {
    /// Named by the person (`--log-file`, `KNEAD_LOG_FILE`, the config file): its folder must
    /// exist, so that a typo does not quietly start a new log somewhere else.
    Named,
    /// The platform data folder's `sessions.jsonl`: the folder is created (mode 0700) on the
    /// first append.
    Default,
}

impl From<&crate::config::Origin> for LogOrigin {
    fn from(origin: &crate::config::Origin) -> Self {
        match origin {
            crate::config::Origin::Default => LogOrigin::Default,
            _ => LogOrigin::Named,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogFile {
    path: PathBuf,
    origin: LogOrigin,
}

/// Why a session cannot be recorded in the log, found before the session starts (see
/// [`LogFile::check_appendable`]).
#[derive(Debug)]
pub enum Unappendable {
    /// The log is not a regular file: "a folder", "a device".
    NotAFile(&'static str),
    /// The folder of a log the person named does not exist; knead makes only its default one.
    MissingFolder(PathBuf),
    /// A file stands where a folder of the log's path should be.
    UnderAFile(PathBuf),
    /// The file or its folder refused: no permission, a read-only file system.
    Refused(io::Error),
}

impl fmt::Display for Unappendable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unappendable::NotAFile(what) => write!(f, "is {what}"),
            Unappendable::MissingFolder(dir) => {
                write!(f, "is in {}, a folder that does not exist", shown(dir))
            }
            Unappendable::UnderAFile(file) => {
                write!(f, "is under {}, which is a file, not a folder", shown(file))
            }
            Unappendable::Refused(source) => write!(f, "cannot be written ({source})"),
        }
    }
}

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

impl LogFile {
    /// The log at `path`; the command line settles which path (see `commands::context`).
    pub fn new(path: impl Into<PathBuf>, origin: LogOrigin) -> LogFile {
        LogFile {
            path: path.into(),
            origin,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn origin(&self) -> LogOrigin {
        self.origin
    }

    /// Appends one record. On failure the error carries the record's line, so the session can
    /// still be kept by hand.
    pub fn append(&self, record: &Record) -> Result<(), LogError> {
        self.append_many(std::slice::from_ref(record))
    }

    /// Appends several records in one write under one lock: all of them or, as far as the
    /// file system allows, none. On failure the error carries their lines.
    pub fn append_many(&self, records: &[Record]) -> Result<(), LogError> {
        self.append_unless(records, &|| false)
    }

    /// [`LogFile::append_many`], giving up the wait for the lock as soon as `give_up` says so
    /// (a session asked to end by a signal while it waits).
    pub fn append_unless(&self, records: &[Record], give_up: &dyn Fn() -> bool) -> Result<(), LogError> {
        if records.is_empty() {
            return Ok(());
        }
        let lines: Vec<String> = records.iter().map(Record::to_json_line).collect();
        let written = match self.lock_unless(give_up) {
            Ok(mut log) => log.append_lines(&lines),
            Err(LogError::Read { source, .. } | LogError::CreateDir { source, .. }) => Err(source),
            Err(other) => return Err(other),
        };
        written.map_err(|source| LogError::Append {
            path: self.path.clone(),
            source,
            line: lines.join("\n"),
        })
    }

    /// Finds out, before a session, whether its record could be appended: the log is a
    /// regular file that opens for appending, or is absent from a folder that exists (or, for
    /// the default location, can be made) and takes a new file. Nothing is created and no
    /// lock is taken, so this never waits; a session that ends early records nothing, and
    /// leaves nothing behind.
    pub fn check_appendable(&self) -> Result<(), LogError> {
        match self.why_unappendable() {
            None => Ok(()),
            Some(why) => Err(LogError::Unappendable {
                path: self.path.clone(),
                why,
            }),
        }
    }

    fn why_unappendable(&self) -> Option<Unappendable> {
        match fs::metadata(&self.path) {
            Ok(metadata) if !metadata.is_file() => {
                return Some(Unappendable::NotAFile(kind_name(&metadata.file_type())));
            }
            // Opened as an append opens it, and closed at once.
            Ok(_) => {
                return open_regular(&self.path, OpenOptions::new().append(true))
                    .err()
                    .map(Unappendable::Refused);
            }
            Err(e) if is_missing(&e) => {}
            Err(e) => return Some(Unappendable::Refused(e)),
        }
        let folder = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        // The nearest folder that exists: the log's own, or one the first append would make
        // the log's folder in.
        let mut existing = folder;
        loop {
            match fs::metadata(existing) {
                Ok(metadata) if metadata.is_dir() => break,
                Ok(_) => return Some(Unappendable::UnderAFile(existing.to_path_buf())),
                Err(e) if is_missing(&e) => match existing.parent() {
                    Some(up) if up.as_os_str().is_empty() => existing = Path::new("."),
                    Some(up) => existing = up,
                    None => return Some(Unappendable::Refused(e)),
                },
                Err(e) => return Some(Unappendable::Refused(e)),
            }
        }
        if existing != folder && self.origin == LogOrigin::Named {
            return Some(Unappendable::MissingFolder(folder.to_path_buf()));
        }
        probe_writable(existing).err().map(Unappendable::Refused)
    }

    /// Opens the log for appending (creating it, and the data folder, if needed) and takes
    /// the exclusive lock, held until the value is dropped. Waits at most [`LOCK_WAIT`].
    pub(crate) fn lock(&self) -> Result<LockedLog<'_>, LogError> {
        self.lock_unless(&|| false)
    }

    fn lock_unless(&self, give_up: &dyn Fn() -> bool) -> Result<LockedLog<'_>, LogError> {
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            let file = self.open_for_append()?;
            let locked = wait_for_lock(&file, File::try_lock, deadline, give_up);
            match locked {
                Ok(true) => {}
                Ok(false) if give_up() => {
                    return Err(self.read_error(io::Error::new(
                        io::ErrorKind::Interrupted,
                        "asked to end while waiting for another program's lock on it",
                    )));
                }
                Ok(false) => {
                    return Err(self.read_error(io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!(
                            "another program has held its lock for over {} s (an import stopped with Ctrl-Z?)",
                            LOCK_WAIT.as_secs()
                        ),
                    )));
                }
                Err(source) => return Err(self.read_error(source)),
            }
            // An import may have renamed a new log over the file opened here while this
            // waited for the lock; a record appended to the old one would be lost.
            if is_at_path(&file, &self.path).map_err(|source| self.read_error(source))? {
                return Ok(LockedLog { log: self, file });
            }
        }
    }

    fn open_for_append(&self) -> Result<File, LogError> {
        if self.origin == LogOrigin::Default
            && let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            create_private_dir(dir).map_err(|source| LogError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut options = OpenOptions::new();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        open_regular(&self.path, &options).map_err(|source| self.read_error(source))
    }

    fn read_error(&self, source: io::Error) -> LogError {
        LogError::Read {
            path: self.path.clone(),
            source,
        }
    }

    /// Reads every record from the top, handing each to `on_record`; damaged lines go to
    /// `on_warning` and are skipped, and so is a session whose id an earlier line had. A log
    /// that does not exist yet reads as empty.
    pub fn read(
        &self,
        mut on_record: impl FnMut(Record),
        on_warning: impl FnMut(Warning),
    ) -> Result<ReadSummary, LogError> {
        let Some(file) = self.open_existing()? else {
            return Ok(ReadSummary::default());
        };
        let on_record = |record| {
            on_record(record);
            ControlFlow::Continue(())
        };
        let mut seen = SeenIds::default();
        let parse = |text: &str| parse_distinct(text, &mut seen);
        read_lines_as(&file, &self.path, parse, on_record, on_warning).map_err(|e| self.read_error(e))
    }

    /// Reads the whole log as two halves at once, split at a line, each on its own core
    /// with its own `state`: a pass over a long log (stats) takes about half the time on two
    /// cores. Warnings keep the line numbers of the whole file, and a session repeated in both
    /// halves counts once, in the first: then the second half is read again, knowing the
    /// first's ids (rare: only a log joined by hand holds repeats). A small log is read in one
    /// pass, and the second state is then left as `new()` made it.
    pub fn read_in_two<S: Send>(
        &self,
        new: impl Fn() -> S + Sync,
        feed: impl Fn(&mut S, Record) + Sync,
        mut on_warning: impl FnMut(Warning),
    ) -> Result<(S, S), LogError> {
        let (mut first, mut second) = (new(), new());
        let Some(file) = self.open_existing()? else {
            return Ok((first, second));
        };
        let split = match split_point(&file) {
            Ok(split) => split,
            Err(e) => return Err(self.read_error(e)),
        };
        let feed = &feed;
        let mut first_seen = SeenIds::default();
        let Some(split) = split else {
            let into_first = |record| {
                feed(&mut first, record);
                ControlFlow::Continue(())
            };
            let parse = |text: &str| parse_distinct(text, &mut first_seen);
            read_lines_as(&file, &self.path, parse, into_first, on_warning)
                .map_err(|e| self.read_error(e))?;
            return Ok((first, second));
        };
        // The second half on its own handle from `split`, with the ids it has met so far.
        let read_second = |state: &mut S, mut seen: SeenIds| -> io::Result<(Vec<Warning>, SeenIds)> {
            let mut file = open_shared(&self.path)?;
            file.seek(SeekFrom::Start(split))?;
            let mut warnings = Vec::new();
            let into_second = |record| {
                feed(state, record);
                ControlFlow::Continue(())
            };
            let parse = |text: &str| parse_distinct(text, &mut seen);
            read_lines_as(&file, &self.path, parse, into_second, |w| warnings.push(w))?;
            Ok((warnings, seen))
        };
        let (first_read, second_read) = std::thread::scope(|scope| {
            let second_half = scope.spawn(|| read_second(&mut second, SeenIds::default()));
            let into_first = |record| {
                feed(&mut first, record);
                ControlFlow::Continue(())
            };
            let parse = |text: &str| parse_distinct(text, &mut first_seen);
            let first_read = read_lines_as(
                Read::take(&file, split),
                &self.path,
                parse,
                into_first,
                &mut on_warning,
            );
            let second_read = second_half
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the reading thread failed")));
            (first_read, second_read)
        });
        let first_summary = first_read.map_err(|e| self.read_error(e))?;
        let (mut warnings, second_seen) = second_read.map_err(|e| self.read_error(e))?;
        if second_seen.overlaps(&first_seen) {
            second = new();
            (warnings, _) = read_second(&mut second, first_seen).map_err(|e| self.read_error(e))?;
        }
        for mut warning in warnings {
            if let LinePosition::Number(n) = warning.line {
                warning.line = LinePosition::Number(n + first_summary.lines);
            }
            on_warning(warning);
        }
        Ok((first, second))
    }

    /// Reads records from the last line up, stopping as soon as `on_record` says so: the
    /// cost of a question about recent sessions does not grow with the log.
    #[cfg(test)]
    pub fn read_backwards(
        &self,
        on_record: impl FnMut(Record) -> ControlFlow<()>,
        on_warning: impl FnMut(Warning),
    ) -> Result<ReadSummary, LogError> {
        self.read_backwards_as(
            |text| Record::from_json_line(text).map_err(|e| e.to_string()),
            on_record,
            on_warning,
        )
    }

    /// [`LogFile::read_backwards`] with a parser of one's own, for a question that needs only
    /// a few fields of each line and cannot wait for whole records (`due`, at a prompt).
    pub fn read_backwards_as<T>(
        &self,
        parse: impl Fn(&str) -> Result<T, String>,
        mut on_record: impl FnMut(T) -> ControlFlow<()>,
        mut on_warning: impl FnMut(Warning),
    ) -> Result<ReadSummary, LogError> {
        let Some(file) = self.open_existing()? else {
            return Ok(ReadSummary::default());
        };
        let mut lines = ReverseLines::new(&file).map_err(|e| self.read_error(e))?;
        let mut summary = ReadSummary::default();
        let mut number = 0;
        while let Some(line) = lines.next_line().map_err(|e| self.read_error(e))? {
            number += 1;
            let parsed = match line {
                RawLine::Bytes(bytes) => match line_text(&bytes) {
                    None => continue,
                    Some(text) => text.and_then(&parse),
                },
                RawLine::TooLong => Err(too_long()),
            };
            let position = LinePosition::FromEnd(number);
            let delivered = deliver(
                parsed,
                position,
                &self.path,
                &mut summary,
                &mut on_record,
                &mut on_warning,
            );
            if delivered.is_break() {
                break;
            }
        }
        Ok(summary)
    }

    /// The log under a shared lock, or `None` when it does not exist yet.
    fn open_existing(&self) -> Result<Option<File>, LogError> {
        match open_shared(&self.path) {
            Ok(file) => Ok(Some(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(self.read_error(source)),
        }
    }
}

/// Below this a log is read in one pass: a thread costs more than it saves.
pub(crate) const SPLIT_FROM_BYTES: u64 = 4 << 20;

/// Where the second half of a file begins: just after the first newline past its middle, or
/// `None` for a file too small to be worth splitting (or with no newline there).
fn split_point(file: &File) -> io::Result<Option<u64>> {
    let len = file.metadata()?.len();
    if len < SPLIT_FROM_BYTES {
        return Ok(None);
    }
    let mut reader = file;
    let mut offset = reader.seek(SeekFrom::Start(len / 2))?;
    let mut buf = vec![0; 1 << 16];
    let split = loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break None;
        }
        if let Some(i) = memchr::memchr(b'\n', &buf[..n]) {
            let split = offset + i as u64 + 1;
            break (split < len).then_some(split);
        }
        offset += n as u64;
    };
    // The caller reads the first half through the same handle, from the top.
    reader.seek(SeekFrom::Start(0))?;
    Ok(split)
}

/// Opens a log for reading and takes a shared lock if it can within [`READ_LOCK_WAIT`], so
/// that an append in progress is not met half done. Without it (a lock held by a stopped
/// import, a file system without locks) it reads what is there: whole lines and, at worst, a
/// torn last line, skipped with a warning. A reader never waits on a writer for long.
pub(crate) fn open_shared(path: &Path) -> io::Result<File> {
    let file = open_regular(path, OpenOptions::new().read(true))?;
    let deadline = Instant::now() + READ_LOCK_WAIT;
    let _ = wait_for_lock(&file, File::try_lock_shared, deadline, &|| false);
    Ok(file)
}

/// Tries `try_lock` until it succeeds (true), or until `deadline` passes or `give_up` says
/// so (false).
fn wait_for_lock(
    file: &File,
    try_lock: fn(&File) -> Result<(), fs::TryLockError>,
    deadline: Instant,
    give_up: &dyn Fn() -> bool,
) -> io::Result<bool> {
    loop {
        match try_lock(file) {
            Ok(()) => return Ok(true),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        if give_up() || Instant::now() >= deadline {
            return Ok(false);
        }
        std::thread::sleep(LOCK_POLL);
    }
}

/// Opens `path` with `options` if it is a regular file (or does not exist yet and `options`
/// create it). What it is is checked by path first, for a clear message, and again on the
/// opened file, in case it was swapped in between; the open itself does not block, so a FIFO
/// cannot hold knead waiting for its other end.
pub(crate) fn open_regular(path: &Path, options: &OpenOptions) -> io::Result<File> {
    match fs::metadata(path) {
        Ok(metadata) => require_regular(&metadata)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = options.clone();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    require_regular(&file.metadata()?)?;
    Ok(file)
}

/// A FIFO would block a read until something writes to it and take a record that can never
/// be read back; a device or a socket is no log either.
fn require_regular(metadata: &fs::Metadata) -> io::Result<()> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {}, not a regular file", kind_name(&kind)),
    ))
}

/// What something that is not a regular file is, in words: "a folder", "a device".
fn kind_name(kind: &fs::FileType) -> &'static str {
    if kind.is_dir() {
        "a folder"
    } else {
        special_file_kind(kind)
    }
}

/// Absent, or under something that is not a folder: either way, not there.
fn is_missing(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// Whether a new file can be made in `dir` (permissions, a read-only file system): a file of
/// this process's own is made there and removed at once. The log itself is never made here,
/// so a second knead appending meanwhile cannot meet it.
fn probe_writable(dir: &Path) -> io::Result<()> {
    let probe = dir.join(format!(".knead-write-check-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(file) => {
            drop(file);
            fs::remove_file(&probe)
        }
        // Left by an earlier knead of the same id that was killed: the folder took it.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn special_file_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    // Named as routine files name them (src/toml_check/source.rs).
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "something else"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_: &fs::FileType) -> &'static str {
    "something else"
}

/// Whether `file` is still the file at `path`: false once another file was renamed over it,
/// or it was removed.
#[cfg(unix)]
fn is_at_path(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let named = match fs::metadata(path) {
        Ok(named) => named,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let open = file.metadata()?;
    Ok((open.dev(), open.ino()) == (named.dev(), named.ino()))
}

/// Elsewhere a file that is open cannot be replaced by a rename.
#[cfg(not(unix))]
fn is_at_path(_: &File, _: &Path) -> io::Result<bool> {
    Ok(true)
}

/// A record, unless an earlier line of the same read had its id.
fn parse_distinct(text: &str, seen: &mut SeenIds) -> Result<Record, String> {
    let record = Record::from_json_line(text).map_err(|e| e.to_string())?;
    if seen.insert(&record.id) {
        Ok(record)
    } else {
        Err(format!(
            "a repeat of session {}, already read from an earlier line: counted once",
            record.id
        ))
    }
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

/// The log, opened and exclusively locked: nothing else appends while this lives.
pub(crate) struct LockedLog<'a> {
    pub(super) log: &'a LogFile,
    pub(super) file: File,
}

impl LockedLog<'_> {
    /// Every line that is not blank, from the top, with where it lies, for a rewrite that
    /// keeps each line's bytes: `on_line` gets its start, its length without the newline, and
    /// its record if it holds one.
    pub(crate) fn scan(&mut self, mut on_line: impl FnMut(u64, u64, Option<Record>)) -> Result<(), LogError> {
        let scanned = (|| -> io::Result<()> {
            (&self.file).seek(SeekFrom::Start(0))?;
            let mut lines = LineReader::new(&self.file);
            while let Some(line) = lines.next_line()? {
                let record = match line {
                    Line::Whole(bytes) | Line::Last(bytes) => match line_text(bytes) {
                        None => continue,
                        Some(text) => text.ok().and_then(|text| Record::from_json_line(text).ok()),
                    },
                    Line::TooLong => None,
                };
                let (at, len) = lines.span();
                on_line(at, len, record);
            }
            Ok(())
        })();
        scanned.map_err(|e| self.log.read_error(e))
    }

    /// Writes the lines (records as JSON, without newlines) in one `write` and syncs them to
    /// disk. If the last line already there lacks its newline (a write cut short by a crash), a
    /// newline goes first so the new records stay whole. A failed write is cut back off, so it
    /// leaves no torn line.
    pub(crate) fn append_lines(&mut self, lines: &[String]) -> io::Result<()> {
        let len = self.file.metadata()?.len();
        let mut bytes = Vec::with_capacity(lines.iter().map(|l| l.len() + 1).sum::<usize>() + 1);
        if len > 0 && !self.ends_with_newline(len)? {
            bytes.push(b'\n');
        }
        for line in lines {
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
        }
        let written = (&self.file)
            .write_all(&bytes)
            .and_then(|()| self.file.sync_data());
        if written.is_err() {
            let _ = self.file.set_len(len);
        }
        written
    }

    fn ends_with_newline(&self, len: u64) -> io::Result<bool> {
        let mut last = [0u8];
        (&self.file).seek(SeekFrom::Start(len - 1))?;
        (&self.file).read_exact(&mut last)?;
        Ok(last[0] == b'\n')
    }
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
    mut on_record: impl FnMut(T, (u64, u64)) -> ControlFlow<()>,
    mut on_warning: impl FnMut(Warning),
) -> io::Result<ReadSummary> {
    let mut lines = LineReader::new(reader);
    let mut summary = ReadSummary::default();
    let mut number = 0;
    let mut parse_line = |bytes: &[u8]| line_text(bytes).map(|text| text.and_then(&mut parse));
    while let Some(line) = lines.next_line()? {
        number += 1;
        let parsed = match line {
            Line::TooLong => Err(too_long()),
            Line::Whole(bytes) => match parse_line(bytes) {
                None => continue,
                Some(parsed) => parsed,
            },
            Line::Last(bytes) => match parse_line(bytes) {
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

/// A line's text without its line ending; `None` for a blank line, which is no record.
fn line_text(bytes: &[u8]) -> Option<Result<&str, String>> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) if text.trim().is_empty() => None,
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
enum Line<'a> {
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
struct LineReader<R> {
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
    fn new(reader: R) -> Self {
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
    fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        let at = self.base + self.start as u64;
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

    /// Where the line handed out last starts in the input, and its length without the
    /// newline (a line over the limit included).
    fn span(&self) -> (u64, u64) {
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

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn only_the_default_location_may_create_its_folder() {
        use crate::config::Origin;
        assert_eq!(LogOrigin::from(&Origin::Default), LogOrigin::Default);
        let named = [
            Origin::Flag("--log-file"),
            Origin::Env("KNEAD_LOG_FILE"),
            Origin::File {
                path: "config.toml".into(),
                line: 3,
            },
        ];
        for origin in &named {
            assert_eq!(LogOrigin::from(origin), LogOrigin::Named);
        }
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
            let trickle = Trickle {
                bytes: &bytes,
                step: 4093,
                calls: 0,
            };
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
        let trickle = Trickle {
            bytes: &bytes,
            step: 4093,
            calls: 0,
        };
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

    #[test]
    fn appending_after_a_torn_line_keeps_the_new_record_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        fs::write(&path, "{\"v\":1,\"id\":\"torn").unwrap();
        let log = LogFile::new(&path, LogOrigin::Named);
        log.append(&sample()).unwrap();
        let (mut records, mut warnings) = (Vec::new(), Vec::new());
        log.read(|r| records.push(r), |w| warnings.push(w)).unwrap();
        assert_eq!(records, [sample()]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, LinePosition::Number(1));
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("{\"v\":1,\"id\":\"torn\n"),
            "existing bytes kept: {text}"
        );
    }

    #[test]
    fn a_missing_log_reads_as_empty_and_a_missing_named_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("nope/log.jsonl"), LogOrigin::Named);
        let summary = log.read(|_| panic!(), |_| panic!()).unwrap();
        assert_eq!(summary, ReadSummary::default());
        let error = log.append(&sample()).unwrap_err();
        assert_eq!(error.unsaved_line(), Some(sample().to_json_line().as_str()));
        assert!(!dir.path().join("nope").exists());
    }

    #[test]
    fn a_repeated_id_is_read_once_in_one_pass_or_in_two_halves() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        let records: Vec<Record> = crate::log::synthetic_records(20_000, 3).collect();
        let mut text = String::new();
        for (i, record) in records.iter().enumerate() {
            text.push_str(&record.to_json_line());
            text.push('\n');
            // Repeats within the first half, within the second, and across the middle.
            let repeat = match i {
                50 => Some(10),
                16_000 => Some(15_000),
                18_000 => Some(100),
                _ => None,
            };
            if let Some(j) = repeat {
                text.push_str(&records[j].to_json_line());
                text.push('\n');
            }
        }
        fs::write(&path, &text).unwrap();
        assert!(text.len() as u64 > SPLIT_FROM_BYTES);
        let log = LogFile::new(&path, LogOrigin::Named);

        let (mut one_pass, mut warnings) = (Vec::new(), Vec::new());
        let summary = log.read(|r| one_pass.push(r.id), |w| warnings.push(w)).unwrap();
        let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
        assert_eq!(one_pass, ids);
        assert_eq!((summary.records, summary.skipped), (20_000, 3));
        let lines: Vec<LinePosition> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [52, 16_003, 18_004].map(LinePosition::Number));
        assert!(warnings[2].problem.contains(&records[100].id), "{}", warnings[2]);

        let mut split_warnings = Vec::new();
        let (first, second) = log
            .read_in_two(
                Vec::new,
                |ids: &mut Vec<String>, r| ids.push(r.id),
                |w| split_warnings.push(w),
            )
            .unwrap();
        assert!(!second.is_empty(), "read in two halves");
        assert_eq!([first, second].concat(), ids);
        assert_eq!(split_warnings, warnings);
    }

    #[test]
    fn reading_backwards_stops_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        let records: Vec<Record> = crate::log::synthetic_records(3000, 1).collect();
        log.append_many(&records).unwrap();
        let mut seen = Vec::new();
        let summary = log
            .read_backwards(
                |r| {
                    seen.push(r);
                    if seen.len() == 3 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                },
                |w| panic!("{w}"),
            )
            .unwrap();
        assert_eq!(summary.records, 3);
        assert_eq!(seen, records[2997..].iter().rev().cloned().collect::<Vec<_>>());
    }
}
