//! Which plan runs and since when: one small file in the data folder
//! (`$XDG_DATA_HOME/knead/plan.toml`), written whole to a temporary file that is synced and
//! then renamed over the old one, so a crash or a full disk leaves the old state or the new,
//! never half of one.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanState {
    /// The plan's id.
    pub plan: String,
    /// The local day it started: day 1.
    pub started: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read the plan state {}: {source}", shown(.path))]
    Read { path: PathBuf, source: io::Error },
    #[error("the plan state {} is damaged ({why}); `knead plan stop` clears it", shown(.path))]
    Damaged { path: PathBuf, why: String },
    #[error("cannot save the plan state {}: {source}", shown(.path))]
    Write { path: PathBuf, source: io::Error },
}

fn shown(path: &Path) -> String {
    crate::text::sanitize(&path.display().to_string())
}

/// The file's name in the data folder.
pub const STATE_FILE: &str = "plan.toml";

/// The state at `path`, `None` when no plan runs.
pub fn read_state(path: &Path) -> Result<Option<PlanState>, StateError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StateError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    toml::from_str(&text).map(Some).map_err(|e| StateError::Damaged {
        path: path.to_path_buf(),
        why: e.message().to_string(),
    })
}

/// Replaces the state at `path` in one step, creating the folder when needed.
pub fn write_state(path: &Path, state: &PlanState) -> Result<(), StateError> {
    let text = toml::to_string(state).expect("a plan state is plain strings");
    replace_file(path, text.as_bytes()).map_err(|source| StateError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Removes the state: no plan runs. Returns whether there was one.
pub fn clear_state(path: &Path) -> Result<bool, StateError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StateError::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Writes `bytes` to a sibling temporary file, syncs it, renames it over `path` and syncs the
/// folder, so the name points at the old content or the new.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    // The rename lives in the folder: without syncing it, a crash can forget it.
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_written_whole_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/knead").join(STATE_FILE);
        assert_eq!(read_state(&path).unwrap(), None);
        let state = PlanState {
            plan: "desk-neck".into(),
            started: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        };
        write_state(&path, &state).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "plan = \"desk-neck\"\nstarted = \"2026-11-20\"\n"
        );
        assert_eq!(read_state(&path).unwrap(), Some(state));
        // Nothing is left beside it.
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
        assert!(clear_state(&path).unwrap());
        assert!(!clear_state(&path).unwrap());
    }

    #[test]
    fn a_damaged_state_says_how_to_clear_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STATE_FILE);
        fs::write(&path, "plan = 3\n").unwrap();
        let err = read_state(&path).unwrap_err().to_string();
        assert!(err.contains("is damaged"), "{err}");
        assert!(err.ends_with("`knead plan stop` clears it"), "{err}");
    }
}
