//! Reading the text of a TOML file knead is given. A real routine is a few kilobytes and a
//! config a few lines, so only a regular file of at most [`FILE_MAX`] is read: a named pipe
//! would wait forever for a writer, a device could never end, and a file of a hundred
//! megabytes would take seconds and gigabytes before its first error.

use std::fs::Metadata;
use std::io::{self, Read};
use std::path::Path;

use super::diagnostic::{FileProblems, Problem};
use crate::system::regular_file;

/// The largest routine or config file knead reads.
pub const FILE_MAX: u64 = 1 << 20;

/// Why a file's text could not be had.
#[derive(Debug)]
pub enum SourceError {
    /// Opening or reading failed: the file is missing, or may not be read.
    Io(io::Error),
    /// The file is there but is not one knead reads; the problems say why.
    Refused(FileProblems),
}

/// The text of the file at `path`, which is `what` ("a routine file", "the config file").
pub fn read_source(path: &Path, what: &str) -> Result<String, SourceError> {
    let refused = |source: String, problem: Problem| {
        SourceError::Refused(FileProblems {
            path: path.display().to_string(),
            source,
            problems: vec![problem],
        })
    };
    let bytes = match read_capped(path) {
        Ok(bytes) => bytes,
        Err(Unreadable::Io(e)) => return Err(SourceError::Io(e)),
        Err(Unreadable::Refused(why)) => {
            return Err(refused(String::new(), Problem::whole_file(why.message(what))));
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        refused(
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Problem::at(valid..valid + 1, "the file is not valid UTF-8 here"),
        )
    })
}

/// What makes a file one knead will not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refusal {
    /// A named pipe, a device, a socket or a folder, named as in "not a regular file but ...".
    NotRegular(&'static str),
    TooLarge(u64),
    /// It was small enough when looked at, and had more to read than that.
    Grew,
}

impl Refusal {
    fn message(self, what: &str) -> String {
        let limit = format!("{what} may be at most {} MiB", FILE_MAX >> 20);
        match self {
            Refusal::NotRegular(kind) => {
                format!("not a regular file but {kind}; {what} must be a regular file")
            }
            Refusal::TooLarge(size) => format!("the file is {}; {limit}", mebibytes(size)),
            Refusal::Grew => format!("the file grew while it was read; {limit}"),
        }
    }
}

enum Unreadable {
    Io(io::Error),
    Refused(Refusal),
}

impl From<io::Error> for Unreadable {
    fn from(e: io::Error) -> Self {
        Unreadable::Io(e)
    }
}

/// The bytes of a regular file of at most [`FILE_MAX`].
fn read_capped(path: &Path) -> Result<Vec<u8>, Unreadable> {
    // Looked at before it is opened: opening some devices does something.
    check(&std::fs::metadata(path)?)?;
    let file = regular_file::open_without_waiting(path, std::fs::OpenOptions::new().read(true))?;
    // The file opened may not be the one looked at, if it was replaced in between.
    let metadata = file.metadata()?;
    check(&metadata)?;
    // `take` reads at most one byte past the limit, so a file that grows after the size
    // was checked is still refused without being read to its end.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(FILE_MAX + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > FILE_MAX {
        return Err(Unreadable::Refused(Refusal::Grew));
    }
    Ok(bytes)
}

fn check(metadata: &Metadata) -> Result<(), Unreadable> {
    if !metadata.is_file() {
        return Err(Unreadable::Refused(Refusal::NotRegular(regular_file::kind(
            metadata,
        ))));
    }
    if metadata.len() > FILE_MAX {
        return Err(Unreadable::Refused(Refusal::TooLarge(metadata.len())));
    }
    Ok(())
}

/// A size in MiB to one decimal, rounded up, so a file over the limit never reads as at it.
fn mebibytes(bytes: u64) -> String {
    let tenths = (u128::from(bytes) * 10).div_ceil(1 << 20);
    format!("{}.{} MiB", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_shown_in_mebibytes_rounded_up() {
        assert_eq!(mebibytes(100 << 20), "100.0 MiB");
        assert_eq!(mebibytes((1 << 20) + 1), "1.1 MiB");
        assert_eq!(mebibytes(3 << 19), "1.5 MiB");
        assert_eq!(mebibytes(u64::MAX), "17592186044416.0 MiB");
    }

    #[test]
    fn the_messages_name_the_file_kind_and_the_limit() {
        assert_eq!(
            Refusal::TooLarge(100 << 20).message("a routine file"),
            "the file is 100.0 MiB; a routine file may be at most 1 MiB"
        );
        assert_eq!(
            Refusal::Grew.message("the config file"),
            "the file grew while it was read; the config file may be at most 1 MiB"
        );
    }

    #[test]
    fn a_folder_is_refused_as_one() {
        let dir = tempfile::tempdir().unwrap();
        match read_source(dir.path(), "a routine file") {
            Err(SourceError::Refused(file)) => assert_eq!(
                file.problems[0].message,
                "not a regular file but a folder; a routine file must be a regular file"
            ),
            other => panic!("{other:?}"),
        }
    }
}
