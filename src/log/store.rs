//! The log file: where it is, appending under a lock, and reading that survives damage.
//!
//! Appends are one `write` of whole lines to a file opened for appending, under an exclusive
//! advisory lock, followed by `sync_data`: two knead processes never interleave, and a line is
//! on disk before knead says it is saved. An append never touches a line already there; only
//! `knead import` replaces the file, whole and under the same lock (see `rewrite`).
//! Reads need no lock to be right and wait for one only briefly; a long log is read in parts
//! on two cores. The lines themselves are read in `lines`, and memory holds no more
//! than what counting a repeated session once needs (`once`): the sessions of the latest
//! second while the log is in time order, as knead keeps it, and every one met once it is not.
//!
//! Only a regular file is a log (`crate::system::regular_file`): a FIFO, a device or a socket is
//! refused before anything is read or written.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::error::{LogError, shown};
use super::lines::{Line, LineReader, line_text, read_lines_as, read_lines_at_as, read_lines_backwards_as};
// Where the readers of the log have always found them.
pub use super::lines::{LinePosition, ReadSummary, Warning};
use super::once::{Once, repeat_of};
use super::recent::RecentIds;
use super::record::Record;
use super::seen::Key;
use super::view::RecordView;
use crate::system::regular_file;

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
                return Some(Unappendable::NotAFile(regular_file::kind(&metadata)));
            }
            // Opened as an append opens it, and closed at once.
            Ok(_) => {
                return regular_file::open(&self.path, OpenOptions::new().append(true))
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
        regular_file::open(&self.path, &options).map_err(|source| self.read_error(source))
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
        let mut once = Once::new(&file, &self.path, 0);
        let parse = |text: &str, at| {
            let record = Record::from_json_line(text).map_err(|e| e.to_string())?;
            let first = once.first_time(&record.id, &record.started, at)?;
            Ok(first.map_continue(|()| record))
        };
        let on_record = |record: ControlFlow<(), Record>| record.map_continue(&mut on_record);
        let summary = read_lines_at_as(&file, &self.path, parse, on_record, on_warning);
        summary
            .and_then(|summary| once.failure().map(|()| summary))
            .map_err(|e| self.read_error(e))
    }

    /// Reads the whole log in parts split at lines, two at a time on two cores, each part
    /// with its own `state`, taken by whichever core is free (so a core slowed by something
    /// else does less of the work); `merge` then joins each state with the next part's, in
    /// the order of the file. A pass over a long log (stats) takes about half the time.
    /// Warnings keep the line numbers of the whole file, and a session repeated in two parts
    /// counts once, in the first. A log in time order, as knead keeps it, needs no more: a
    /// repeat can only come within one second, and the parts' first and latest seconds show
    /// that none does. A log out of order is read again as two halves (`read_views_in_halves`)
    /// as soon as a part meets a line out of order or cannot be told apart from the parts
    /// before it.
    pub fn read_in_parts<S: Send>(
        &self,
        new: impl Fn() -> S + Sync,
        feed: impl Fn(&mut S, Record) + Sync,
        merge: impl Fn(&mut S, S) + Sync,
        on_warning: impl FnMut(Warning),
    ) -> Result<S, LogError> {
        let feed = |state: &mut S, view: &RecordView<'_>| feed(state, view.to_record());
        self.read_views_in_parts(new, feed, merge, on_warning)
    }

    /// [`LogFile::read_in_parts`] handing over each record as it lies in the line just read,
    /// for a pass that only gathers figures from it (`stats`, `due`): the same records, the
    /// same checks, the same warnings, without copying the text of every line.
    pub fn read_views_in_parts<S: Send>(
        &self,
        new: impl Fn() -> S + Sync,
        feed: impl Fn(&mut S, &RecordView<'_>) + Sync,
        merge: impl Fn(&mut S, S) + Sync,
        on_warning: impl FnMut(Warning),
    ) -> Result<S, LogError> {
        let Some(file) = self.open_existing()? else {
            return Ok(new());
        };
        let bounds = part_bounds(&file).map_err(|e| self.read_error(e))?;
        if bounds.len() > 2
            && let Some(joined) = self
                .read_parts_in_order(&file, &bounds, &new, &feed, &merge)
                .map_err(|e| self.read_error(e))?
        {
            joined.warnings.into_iter().for_each(on_warning);
            return Ok(joined.whole.unwrap_or_else(&new));
        }
        let (mut first, second) = self.read_views_in_halves(&file, &new, &feed, on_warning)?;
        merge(&mut first, second);
        Ok(first)
    }

    /// Reads the parts of `file` between `bounds`, each checked for repeats by the
    /// sessions of its latest second alone, and joins them in the order of the file as they
    /// come in; `None` as soon as a part meets a line out of time order or cannot be told
    /// apart from those before it (the cores then stop at their next part).
    fn read_parts_in_order<S: Send>(
        &self,
        file: &File,
        bounds: &[u64],
        new: &(impl Fn() -> S + Sync),
        feed: &(impl Fn(&mut S, &RecordView<'_>) + Sync),
        merge: &(impl Fn(&mut S, S) + Sync),
    ) -> io::Result<Option<Joined<S>>> {
        let count = bounds.len() - 1;
        let next = AtomicUsize::new(0);
        let out_of_order = AtomicBool::new(false);
        let joined = Mutex::new(Joined::default());
        let work = |file: &File| -> io::Result<()> {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count || out_of_order.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let mut reader = file;
                reader.seek(SeekFrom::Start(bounds[i]))?;
                let (mut state, mut recent, mut warnings) = (new(), RecentIds::default(), Vec::new());
                let mut in_order = true;
                let parse = |text: &str| {
                    let view = RecordView::from_json_line(text).map_err(|e| e.to_string())?;
                    match recent.insert_key(Key::of(&view.id, &view.started)) {
                        Some(true) => feed(&mut state, &view),
                        Some(false) => return Err(repeat_of(&view.id)),
                        None => {
                            in_order = false;
                            return Ok(ControlFlow::Break(()));
                        }
                    }
                    Ok(ControlFlow::Continue(()))
                };
                let part = reader.take(bounds[i + 1] - bounds[i]);
                let summary = read_lines_as(part, &self.path, parse, |flow| flow, |w| warnings.push(w))?;
                let part = Part {
                    state,
                    recent,
                    warnings,
                    lines: summary.lines,
                };
                // A poisoned lock means the other core panicked: its join says so.
                let joined_in_order = in_order
                    && joined
                        .lock()
                        .map_err(|_| io::Error::other("the reading thread failed"))?
                        .join(i, part, merge);
                if !joined_in_order {
                    out_of_order.store(true, Ordering::Relaxed);
                    return Ok(());
                }
            }
        };
        let other_file = open_shared(&self.path)?;
        std::thread::scope(|scope| {
            let theirs = scope.spawn(|| work(&other_file));
            let mine = work(file);
            let theirs = theirs
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the reading thread failed")));
            mine.and(theirs)
        })?;
        let joined = joined
            .into_inner()
            .map_err(|_| io::Error::other("the reading thread failed"))?;
        Ok((!out_of_order.into_inner() && joined.next == count).then_some(joined))
    }

    /// The log read as two halves at once, split at a line, each on its own core with its
    /// own `state`, for a log that is not in time order throughout: a session repeated in
    /// both halves counts once, in the first. Whenever the halves cannot be told apart (out of
    /// time order across the middle), the second half is read again after the first's
    /// sessions (rare: only a log joined by hand). A small log is read in one pass, and the
    /// second state is then left as `new()` made it.
    fn read_views_in_halves<S: Send>(
        &self,
        file: &File,
        new: &(impl Fn() -> S + Sync),
        feed: &(impl Fn(&mut S, &RecordView<'_>) + Sync),
        mut on_warning: impl FnMut(Warning),
    ) -> Result<(S, S), LogError> {
        // Feeds a line's record to `state` the first time its session is met.
        let handle = |state: &mut S, text: &str, at: u64, once: &mut Once| {
            let view = RecordView::from_json_line(text).map_err(|e| e.to_string())?;
            let first = once.first_time(&view.id, &view.started, at)?;
            if first.is_continue() {
                feed(state, &view);
            }
            Ok(first)
        };
        let (mut first, mut second) = (new(), new());
        let split = split_point(file).map_err(|e| self.read_error(e))?;
        let handle = &handle;
        let go_on = |flow: ControlFlow<()>| flow;
        let mut first_once = Once::new(file, &self.path, 0);
        let Some(split) = split else {
            let parse = |text: &str, at| handle(&mut first, text, at, &mut first_once);
            let read = read_lines_at_as(file, &self.path, parse, go_on, on_warning);
            read.and_then(|_| first_once.failure())
                .map_err(|e| self.read_error(e))?;
            return Ok((first, second));
        };
        // The second half on its own handle from `split`, with the sessions met before it.
        let second_file = open_shared(&self.path).map_err(|e| self.read_error(e))?;
        let read_second = |state: &mut S, once: &mut Once| -> io::Result<Vec<Warning>> {
            let mut reader = &second_file;
            reader.seek(SeekFrom::Start(split))?;
            let mut warnings = Vec::new();
            let parse = |text: &str, at| handle(state, text, split + at, once);
            read_lines_at_as(reader, &self.path, parse, go_on, |w| warnings.push(w))?;
            once.failure()?;
            Ok(warnings)
        };
        let mut second_once = Once::new(&second_file, &self.path, split);
        let (first_read, second_read) = std::thread::scope(|scope| {
            let second_half = scope.spawn(|| read_second(&mut second, &mut second_once));
            let parse = |text: &str, at| handle(&mut first, text, at, &mut first_once);
            let first_read =
                read_lines_at_as(Read::take(file, split), &self.path, parse, go_on, &mut on_warning);
            let second_read = second_half
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the reading thread failed")));
            (first_read, second_read)
        });
        let first_summary = first_read
            .and_then(|summary| first_once.failure().map(|()| summary))
            .map_err(|e| self.read_error(e))?;
        let mut warnings = second_read.map_err(|e| self.read_error(e))?;
        // Rare: only a log joined by hand, or not in time order across the middle.
        if !first_once.apart(&second_once) {
            second = new();
            warnings = read_second(&mut second, &mut first_once).map_err(|e| self.read_error(e))?;
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
        parse: impl FnMut(&str) -> Result<T, String>,
        on_record: impl FnMut(T) -> ControlFlow<()>,
        on_warning: impl FnMut(Warning),
    ) -> Result<ReadSummary, LogError> {
        let Some(file) = self.open_existing()? else {
            return Ok(ReadSummary::default());
        };
        read_lines_backwards_as(&file, &self.path, parse, on_record, on_warning)
            .map_err(|e| self.read_error(e))
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

/// About the size of a part of a long log read in parts: small enough that the core left
/// without work at the end waits little (a few milliseconds of reading), large enough that
/// the parts' own cost (a state each, merged into the whole as it comes in) does not show.
const PART_BYTES: u64 = if cfg!(test) {
    // The tests' logs of a few megabytes, in several parts.
    1 << 20
} else {
    4 << 20
};

/// At most this many parts, however long the log.
const MAX_PARTS: u64 = 256;

/// A part of the log read on its own: its state, its sessions at its first and latest
/// seconds, its warnings (numbered from its first line) and its number of lines.
struct Part<S> {
    state: S,
    recent: RecentIds,
    warnings: Vec<Warning>,
    lines: u64,
}

/// The parts of a log read so far, joined in the order of the file: only a part read ahead
/// of one still being read waits (about one for each core), so memory holds a few states, not
/// one for each part.
struct Joined<S> {
    /// The state of the parts joined, from the top.
    whole: Option<S>,
    /// Their sessions at their first and latest seconds.
    recent: RecentIds,
    /// Their warnings, numbered in the whole file.
    warnings: Vec<Warning>,
    /// Their number of lines.
    lines: u64,
    /// The part to join next.
    next: usize,
    /// Parts read ahead of it.
    waiting: Vec<(usize, Part<S>)>,
}

impl<S> Default for Joined<S> {
    fn default() -> Self {
        Joined {
            whole: None,
            recent: RecentIds::default(),
            warnings: Vec::new(),
            lines: 0,
            next: 0,
            waiting: Vec::new(),
        }
    }
}

impl<S> Joined<S> {
    /// Takes in part `i`, and every part waiting that can follow; false when a part cannot be
    /// told apart from those before it.
    fn join(&mut self, i: usize, part: Part<S>, merge: impl Fn(&mut S, S)) -> bool {
        self.waiting.push((i, part));
        while let Some(at) = self.waiting.iter().position(|(i, _)| *i == self.next) {
            let (_, part) = self.waiting.swap_remove(at);
            if !self.recent.absorb(&part.recent) {
                return false;
            }
            for mut warning in part.warnings {
                if let LinePosition::Number(n) = warning.line {
                    warning.line = LinePosition::Number(n + self.lines);
                }
                self.warnings.push(warning);
            }
            self.lines += part.lines;
            match &mut self.whole {
                Some(whole) => merge(whole, part.state),
                None => self.whole = Some(part.state),
            }
            self.next += 1;
        }
        true
    }
}

/// Where the parts of a file read in parts begin, and its length at the end: each part
/// begins just after a newline. Only the file's start and end for a file too small to be
/// worth splitting. Leaves the file at its start.
fn part_bounds(file: &File) -> io::Result<Vec<u64>> {
    let len = file.metadata()?.len();
    let mut bounds = vec![0];
    if len >= SPLIT_FROM_BYTES {
        let parts = (len / PART_BYTES).clamp(2, MAX_PARTS);
        let mut buf = vec![0; 1 << 16];
        for i in 1..parts {
            let from = len / parts * i;
            // A line longer than a part: the part before takes it whole.
            if from < *bounds.last().unwrap_or(&0) {
                continue;
            }
            match line_after(file, from, len, &mut buf)? {
                Some(bound) => bounds.push(bound),
                None => break,
            }
        }
        let mut reader = file;
        reader.seek(SeekFrom::Start(0))?;
    }
    bounds.push(len);
    Ok(bounds)
}

/// Where the first line of `file` that begins after `from` begins: just after the first
/// newline from there on. `None` when no line begins before `len`.
fn line_after(file: &File, from: u64, len: u64, buf: &mut [u8]) -> io::Result<Option<u64>> {
    let mut reader = file;
    let mut offset = reader.seek(SeekFrom::Start(from))?;
    loop {
        let n = reader.read(buf)?;
        if n == 0 {
            return Ok(None);
        }
        if let Some(at) = memchr::memchr(b'\n', &buf[..n]) {
            let start = offset + at as u64 + 1;
            return Ok((start < len).then_some(start));
        }
        offset += n as u64;
    }
}

/// Where the second half of a file begins: just after the first newline past its middle, or
/// `None` for a file too small to be worth splitting (or with no newline there).
fn split_point(file: &File) -> io::Result<Option<u64>> {
    let len = file.metadata()?.len();
    if len < SPLIT_FROM_BYTES {
        return Ok(None);
    }
    let split = line_after(file, len / 2, len, &mut vec![0; 1 << 16])?;
    // The caller reads the first half through the same handle, from the top.
    let mut reader = file;
    reader.seek(SeekFrom::Start(0))?;
    Ok(split)
}

/// Opens a log for reading and takes a shared lock if it can within [`READ_LOCK_WAIT`], so
/// that an append in progress is not met half done. Without it (a lock held by a stopped
/// import, a file system without locks) it reads what is there: whole lines and, at worst, a
/// torn last line, skipped with a warning. A reader never waits on a writer for long.
pub(crate) fn open_shared(path: &Path) -> io::Result<File> {
    let file = regular_file::open(path, OpenOptions::new().read(true))?;
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
    use crate::log::testing::sample;

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
    fn a_repeated_id_is_read_once_in_one_pass_or_in_parts() {
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

        let ((one_pass, warnings), (split, split_warnings)) = read_both_ways(&log);
        let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
        assert_eq!(one_pass, ids);
        let lines: Vec<LinePosition> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [52, 16_003, 18_004].map(LinePosition::Number));
        assert!(warnings[2].problem.contains(&records[100].id), "{}", warnings[2]);
        assert_eq!(split, ids);
        assert_eq!(split_warnings, warnings);
    }

    type IdsAndWarnings = (Vec<String>, Vec<Warning>);

    /// The ids and warnings of `log` read in one pass, and read in parts (which it must
    /// be long enough to be).
    fn read_both_ways(log: &LogFile) -> (IdsAndWarnings, IdsAndWarnings) {
        let (mut one_pass, mut one_pass_warnings) = (Vec::new(), Vec::new());
        log.read(|r| one_pass.push(r.id), |w| one_pass_warnings.push(w))
            .unwrap();
        let (mut split_warnings, merges) = (Vec::new(), AtomicUsize::new(0));
        let split = log
            .read_in_parts(
                Vec::new,
                |ids: &mut Vec<String>, r| ids.push(r.id),
                |ids, more| {
                    merges.fetch_add(1, Ordering::Relaxed);
                    ids.extend(more);
                },
                |w| split_warnings.push(w),
            )
            .unwrap();
        assert!(merges.into_inner() > 0, "read in parts");
        ((one_pass, one_pass_warnings), (split, split_warnings))
    }

    /// What a read of `text` must give, the way every read gave it before reads checked a
    /// log in order by its latest second alone: each line checked against every session of
    /// the lines above it. The ids read, and the warnings.
    fn read_by_every_session(path: &Path, text: &[u8]) -> (Vec<String>, Vec<Warning>) {
        let (mut ids, mut warnings) = (Vec::new(), Vec::new());
        let mut seen = crate::log::seen::SeenIds::default();
        let parse = |text: &str| {
            let record = Record::from_json_line(text).map_err(|e| e.to_string())?;
            if seen.insert(&record.id, &record.started) {
                Ok(record.id)
            } else {
                Err(format!(
                    "a repeat of session {}, already read from an earlier line: counted once",
                    record.id
                ))
            }
        };
        let on_record = |id| {
            ids.push(id);
            ControlFlow::Continue(())
        };
        crate::log::lines::read_lines_as(text, path, parse, on_record, |w| warnings.push(w)).unwrap();
        (ids, warnings)
    }

    /// Reads `lines` (joined with newlines) in one pass and in parts, and holds both to
    /// [`read_by_every_session`].
    fn assert_reads_as_before(lines: &[String]) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        let text = lines.join("\n") + "\n";
        fs::write(&path, &text).unwrap();
        let (ids, warnings) = read_by_every_session(&path, text.as_bytes());
        assert!(warnings.iter().any(|w| w.problem.contains("a repeat")));
        let log = LogFile::new(&path, LogOrigin::Named);
        let ((one_pass, one_pass_warnings), (split, split_warnings)) = read_both_ways(&log);
        // Not assert_eq: a difference in 20,000 ids would print them all.
        assert!(one_pass == ids, "one pass");
        assert_eq!(one_pass_warnings, warnings);
        assert!(split == ids, "in parts");
        assert_eq!(split_warnings, warnings);
    }

    /// The line that begins the second half of `lines`.
    fn second_half_begins(lines: &[String]) -> usize {
        let split = split_point(&tempfile_with(lines)).unwrap().unwrap();
        let mut at = 0;
        lines
            .iter()
            .position(|line| {
                at += line.len() as u64 + 1;
                at > split
            })
            .unwrap()
    }

    /// `lines` with the lines `extra` gives for a place inserted there, at a place near the
    /// middle where they begin the second half.
    fn at_the_middle(lines: &[String], extra: impl Fn(usize) -> Vec<String>) -> Vec<String> {
        (lines.len() / 2 - 30..)
            .find_map(|at| {
                let mut tried = lines.to_vec();
                tried.splice(at..at, extra(at));
                (second_half_begins(&tried) == at).then_some(tried)
            })
            .unwrap()
    }

    fn tempfile_with(lines: &[String]) -> File {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all((lines.join("\n") + "\n").as_bytes()).unwrap();
        file
    }

    /// Lines of 20,000 sessions in time order, some with ids another tool made, and three of
    /// those in one second (whose keys come in the order of their hashes).
    fn long_log() -> Vec<String> {
        let mut records: Vec<Record> = crate::log::synthetic_records(20_000, 5).collect();
        for (i, record) in records.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
            record.id = format!("session {i}");
        }
        for i in 1..3 {
            records[600 + i].started = records[600].started;
            records[600 + i].id = format!("same second {i}");
        }
        records.iter().map(Record::to_json_line).collect()
    }

    #[test]
    fn a_log_in_order_reads_as_before_with_repeats_in_one_second_and_at_the_middle() {
        let mut lines = long_log();
        // Repeats within one second, in another order than their first lines.
        for i in [602, 600, 601] {
            lines.insert(603, lines[i].clone());
        }
        // A repeat just after the line before it, and one of the last line of the first half
        // as the first of the second.
        lines.insert(5001, lines[5000].clone());
        let middle = at_the_middle(&lines, |at| vec![lines[at - 1].clone()]);
        assert_reads_as_before(&middle);
    }

    #[test]
    fn a_log_out_of_order_reads_as_before_however_it_is_mixed() {
        let lines = long_log();
        let n = lines.len();
        // Two logs joined by hand: the later first, then the earlier and a part of the later
        // again; the halves each in order, but the first ending after the second begins.
        let joined = [&lines[n / 2..], &lines[..n / 2], &lines[n - 10..]].concat();
        assert_reads_as_before(&joined);
        // Shuffled by a fixed stride, and the first half's sessions again at the end.
        let strided: Vec<String> = (0..n).map(|i| lines[(i * 7919) % n].clone()).collect();
        assert_reads_as_before(&[&strided[..], &strided[..100]].concat());
        // In order but for a line just after the middle: an earlier session's, then a new
        // session out of order, then a repeat of the line before the middle.
        let mut early = lines.clone();
        let old = early.remove(10);
        let late = at_the_middle(&early, |at| {
            vec![lines[7].clone(), old.clone(), early[at - 1].clone()]
        });
        assert_reads_as_before(&late);
        // Out of order near the top, then in order: the last line of the first half again
        // as the first of the second, or not.
        let mut top = lines.clone();
        top.swap(3, 4);
        top.insert(101, top[100].clone());
        assert_reads_as_before(&top);
        assert_reads_as_before(&at_the_middle(&top, |at| vec![top[at - 1].clone()]));
        // In order, the second half alone out of order from its first line.
        let mut tail = lines.clone();
        let middle = second_half_begins(&tail);
        tail.swap(middle, middle + 1);
        tail.push(lines[middle + 1].clone());
        assert_reads_as_before(&tail);
    }

    #[test]
    fn parts_read_in_any_order_are_joined_in_the_order_of_the_file() {
        let part = |i: usize, second: u32, damaged: &[u64]| {
            let mut recent = RecentIds::default();
            let key = Key::Other(u64::from(second) << 32);
            assert_eq!(recent.insert_key(key), Some(true));
            let warnings = damaged
                .iter()
                .map(|&n| Warning {
                    path: PathBuf::from("log"),
                    line: LinePosition::Number(n),
                    problem: format!("damaged in part {i}"),
                })
                .collect();
            let lines = 10;
            (
                i,
                Part {
                    state: vec![i],
                    recent,
                    warnings,
                    lines,
                },
            )
        };
        let concat = |whole: &mut Vec<usize>, more: Vec<usize>| whole.extend(more);
        let mut joined = Joined::default();
        for (i, part) in [
            part(2, 30, &[1]),
            part(0, 10, &[4]),
            part(3, 40, &[]),
            part(1, 20, &[10]),
        ] {
            assert!(joined.join(i, part, concat));
        }
        assert_eq!(joined.whole, Some(vec![0, 1, 2, 3]));
        assert!(joined.waiting.is_empty() && joined.next == 4 && joined.lines == 40);
        let lines: Vec<LinePosition> = joined.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [4, 20, 21].map(LinePosition::Number));
        // A part that begins before the parts joined end.
        let (i, early) = part(4, 35, &[]);
        assert!(!joined.join(i, early, concat));
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
