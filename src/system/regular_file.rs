//! Only a regular file is read or written as a log, a routine, a plan or the config: a named
//! pipe would hold knead waiting for its other end and take a record that can never be read
//! back, a device could never end, a socket or a folder is no file of knead's at all. What a
//! path is, is asked before it is opened (opening some devices does something) and again of
//! the opened file (it may have been replaced in between); the open itself does not wait, so
//! a named pipe put in the file's place opens at once and is then refused.

use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::path::Path;

/// What a file that is not a regular file is, as "not a regular file but ..." names it.
#[cfg(unix)]
pub fn kind(metadata: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_fifo() {
        "a named pipe (FIFO)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else {
        "something else"
    }
}

#[cfg(not(unix))]
pub fn kind(metadata: &Metadata) -> &'static str {
    if metadata.is_dir() {
        "a folder"
    } else {
        "something else"
    }
}

/// `Ok` for a regular file; for anything else an error that says what it is.
pub fn require(metadata: &Metadata) -> io::Result<()> {
    if metadata.is_file() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {}, not a regular file", kind(metadata)),
    ))
}

/// Opens `path` with `options` if it is a regular file (or does not exist yet and `options`
/// create it), checked by path first, for a clear message, and again on the opened file.
pub fn open(path: &Path, options: &OpenOptions) -> io::Result<File> {
    match std::fs::metadata(path) {
        Ok(metadata) => require(&metadata)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let file = open_without_waiting(path, options)?;
    require(&file.metadata()?)?;
    Ok(file)
}

/// Opens with `options` and without waiting: on a regular file the flag changes nothing.
pub fn open_without_waiting(path: &Path, options: &OpenOptions) -> io::Result<File> {
    let mut options = options.clone();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_refused_by_name_and_a_missing_file_may_be_created() {
        let dir = tempfile::tempdir().unwrap();
        let error = open(dir.path(), OpenOptions::new().read(true)).unwrap_err();
        assert_eq!(error.to_string(), "it is a folder, not a regular file");
        let new = dir.path().join("new.jsonl");
        open(&new, OpenOptions::new().append(true).create(true)).unwrap();
        assert!(new.is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let error = open(&fifo, OpenOptions::new().read(true)).unwrap_err();
        assert_eq!(error.to_string(), "it is a named pipe (FIFO), not a regular file");
    }
}
