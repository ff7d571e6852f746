//! Replacing the log whole, which `knead import` does to put older sessions in their place:
//! the new log is written beside the old one, synced, and renamed over it, all under the
//! log's lock. A crash at any moment leaves the old log or the new one, never a mix; an
//! append that was waiting for the lock goes to the new file (see `LogFile::lock`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use super::store::LockedLog;

/// One line of the new log.
pub(crate) enum Piece {
    /// A line of the old log, copied byte for byte: its start and its length without the
    /// newline.
    Kept { at: u64, len: u64 },
    /// A line to add, without its newline.
    New(String),
}

/// How much is read and written at a time.
const BUFFER_BYTES: usize = 64 * 1024;

impl LockedLog<'_> {
    /// Replaces the log by `pieces`, each ending with a newline. On failure (of the writing,
    /// or a piece that could not be had) the old log is left as it was and the new file is
    /// removed.
    pub(crate) fn replace(&mut self, pieces: impl IntoIterator<Item = io::Result<Piece>>) -> io::Result<()> {
        // Beside the file itself when the log is a symbolic link, so the rename replaces the
        // file and the link stays.
        let target = fs::canonicalize(self.log.path())?;
        let (Some(folder), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(io::Error::other("the log has no folder"));
        };
        let prefix = format!(".{}.import-", name.to_string_lossy());
        remove_leftovers(folder, &prefix);
        let temp = folder.join(format!("{prefix}{}.tmp", std::process::id()));
        let replaced = self
            .write_copy(&temp, pieces)
            .and_then(|()| fs::rename(&temp, &target));
        if replaced.is_err() {
            let _ = fs::remove_file(&temp);
            return replaced;
        }
        // The rename has happened, so the import has; syncing the folder makes it last
        // through a power cut where the file system allows it.
        sync_folder(folder);
        Ok(())
    }

    fn write_copy(&self, temp: &Path, pieces: impl IntoIterator<Item = io::Result<Piece>>) -> io::Result<()> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(temp)?;
        let mut out = BufWriter::with_capacity(BUFFER_BYTES, &file);
        let mut old = BufReader::with_capacity(BUFFER_BYTES, &self.file);
        old.seek(SeekFrom::Start(0))?;
        let mut position = 0;
        for piece in pieces {
            match piece? {
                Piece::Kept { at, len } => {
                    // Usually the next line: skip its newline without losing the buffer.
                    match at.checked_sub(position) {
                        Some(0) => {}
                        Some(ahead) if ahead < BUFFER_BYTES as u64 => old.seek_relative(ahead as i64)?,
                        _ => {
                            old.seek(SeekFrom::Start(at))?;
                        }
                    }
                    copy(&mut old, &mut out, len)?;
                    position = at + len;
                }
                Piece::New(line) => out.write_all(line.as_bytes())?,
            }
            out.write_all(b"\n")?;
        }
        out.flush()?;
        drop(out);
        // The same mode as the old log: 0600 unless the person chose another.
        file.set_permissions(self.file.metadata()?.permissions())?;
        file.sync_all()
    }
}

/// Copies `len` bytes through the reader's own buffer. (`io::copy` would hand each line to
/// the kernel on its own, a system call or two a line.)
fn copy(from: &mut impl BufRead, to: &mut impl Write, mut len: u64) -> io::Result<()> {
    while len > 0 {
        let buffer = from.fill_buf()?;
        if buffer.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the log grew shorter while it was rewritten",
            ));
        }
        let n = buffer.len().min(usize::try_from(len).unwrap_or(usize::MAX));
        to.write_all(&buffer[..n])?;
        from.consume(n);
        len -= n as u64;
    }
    Ok(())
}

/// New files of imports that were killed before their rename. Only an import holding the
/// lock writes one, so any met while holding it is left over.
fn remove_leftovers(folder: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(prefix) && name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn sync_folder(folder: &Path) {
    if let Ok(folder) = File::open(folder) {
        let _ = folder.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_folder(_: &Path) {}
