//! The routine library: the built-in routines, then the user's routine folders, later ones
//! replacing earlier routines with the same id.

use std::io;
use std::path::{Path, PathBuf};

use super::model::{Routine, Source};
use super::parse::parse_routine;
use super::vocab::Area;
use crate::toml_check::{FileProblems, Problem, SourceError, read_source};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/built_in_routines.rs"));
}

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("cannot read the routines folder {}: {source}", crate::text::sanitize(&path.display().to_string()))]
    Folder { path: PathBuf, source: io::Error },
}

/// A folder of routine files and what happens when it cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutineFolder {
    pub path: PathBuf,
    pub need: FolderNeed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderNeed {
    /// The platform's folder: absent until the person writes a routine; any other failure
    /// (a file in its place, no permission) is a warning.
    Optional,
    /// Named by a standing setting (the config file, the environment), which may outlive
    /// the folder: a warning, and the other folders still load.
    Expected,
    /// Named on this command line: it must be readable, or a typo would go unnoticed.
    Required,
}
#[derive(Clone, Debug, Default)]
pub struct Library {
    routines: Vec<Routine>,
}

/// What loading produced: the library, and the files and folders that had to be skipped.
#[derive(Debug)]
pub struct Loaded {
    pub library: Library,
    pub skipped: Vec<FileProblems>,
    /// Folders that could not be read and were not required, to be warned about.
    pub skipped_folders: Vec<LibraryError>,
}
impl Library {
    /// The routines compiled into the binary.
    pub fn built_in() -> Loaded {
        let mut loaded = Loaded {
            library: Library::default(),
            skipped: Vec::new(),
            skipped_folders: Vec::new(),
        };
        for (stem, text) in embedded::BUILT_IN {
            match parse_routine(text, stem, Source::BuiltIn) {
                Ok(routine) => loaded.library.insert(routine),
                Err(problems) => loaded.skipped.push(FileProblems {
                    path: format!("<built-in>/{stem}.toml"),
                    source: text.to_string(),
                    problems,
                }),
            }
        }
        loaded
    }

    /// The built-in routines, then each folder in order. Only a required folder that cannot
    /// be read is an error; any other is skipped, so one stale setting cannot stop every
    /// command.
    pub fn load(folders: &[RoutineFolder]) -> Result<Loaded, LibraryError> {
        let mut loaded = Library::built_in();
        for folder in folders {
            let files = match routine_files(&folder.path) {
                Ok(files) => files,
                Err(e) if e.kind() == io::ErrorKind::NotFound && folder.need == FolderNeed::Optional => {
                    continue;
                }
                Err(source) => {
                    let error = LibraryError::Folder {
                        path: folder.path.clone(),
                        source,
                    };
                    if folder.need == FolderNeed::Required {
                        return Err(error);
                    }
                    loaded.skipped_folders.push(error);
                    continue;
                }
            };
            let (routines, skipped) = load_files(&files);
            loaded.skipped.extend(skipped);
            for routine in routines {
                loaded.library.insert(routine);
            }
        }
        Ok(loaded)
    }

    /// Adds a routine, replacing one with the same id.
    pub fn insert(&mut self, routine: Routine) {
        match self.routines.binary_search_by(|r| r.id.as_str().cmp(&routine.id)) {
            Ok(i) => self.routines[i] = routine,
            Err(i) => self.routines.insert(i, routine),
        }
    }

    /// All routines, sorted by id.
    pub fn routines(&self) -> &[Routine] {
        &self.routines
    }

    pub fn get(&self, id: &str) -> Option<&Routine> {
        self.routines
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.routines[i])
    }

    pub fn in_area(&self, area: Area) -> impl Iterator<Item = &Routine> {
        self.routines.iter().filter(move |r| r.has_area(area))
    }

    /// Up to three ids that look like `id`, for "did you mean" hints.
    pub fn closest_ids(&self, id: &str) -> Vec<&str> {
        let mut scored: Vec<(f64, &str)> = self
            .routines
            .iter()
            .map(|r| {
                let score = strsim::jaro_winkler(id, &r.id).max(if r.id.contains(id) { 0.9 } else { 0.0 });
                (score, r.id.as_str())
            })
            .filter(|(score, _)| *score >= 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(3).map(|(_, id)| id).collect()
    }
}

/// The source text of the built-in routine `id`, exactly as it is embedded: the way to start a
/// file of one's own from it. Found by parsing, not by file name, so a file whose `id`
/// differs from its name is still found.
pub fn built_in_text(id: &str) -> Option<&'static str> {
    embedded::BUILT_IN
        .iter()
        .find(|(stem, text)| parse_routine(text, stem, Source::BuiltIn).is_ok_and(|routine| routine.id == id))
        .map(|(_, text)| *text)
}

/// The `.toml` entries directly inside `dir` other than folders, sorted so loading order does
/// not depend on the file system. A named pipe or device among them is kept, to be refused
/// with a message when it is read rather than skipped in silence.
pub fn routine_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "toml") && !path.is_dir() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads and checks one routine file.
pub fn load_file(path: &Path) -> Result<Routine, FileProblems> {
    read_routine(path).map(|(routine, _)| routine)
}

/// The routine in a file, and the file's text.
fn read_routine(path: &Path) -> Result<(Routine, String), FileProblems> {
    let text = match read_source(path, "a routine file") {
        Ok(text) => text,
        Err(SourceError::Refused(problems)) => return Err(problems),
        Err(SourceError::Io(e)) => {
            return Err(FileProblems {
                path: path.display().to_string(),
                source: String::new(),
                problems: vec![Problem::whole_file(format!("cannot read the file: {e}"))],
            });
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match parse_routine(&text, &stem, Source::File(path.to_path_buf())) {
        Ok(routine) => Ok((routine, text)),
        Err(problems) => Err(FileProblems {
            path: path.display().to_string(),
            source: text,
            problems,
        }),
    }
}

/// Loads files that belong together (one folder, or one `check` run): an id defined twice
/// among them is a mistake, reported at the second file.
pub fn load_files(paths: &[PathBuf]) -> (Vec<Routine>, Vec<FileProblems>) {
    let mut routines: Vec<Routine> = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match read_routine(path) {
            Ok((routine, text)) => {
                if let Some(first) = routines.iter().find(|r| r.id == routine.id) {
                    let problem = Problem {
                        severity: crate::toml_check::Severity::Error,
                        span: id_span(&text),
                        message: format!("the id {:?} is already used by {}", routine.id, first.source),
                        hint: Some("give each routine its own id".to_string()),
                    };
                    problems.push(FileProblems {
                        path: path.display().to_string(),
                        source: text,
                        problems: vec![problem],
                    });
                } else {
                    routines.push(routine);
                }
            }
            Err(file_problems) => problems.push(file_problems),
        }
    }
    (routines, problems)
}

/// Where `id = ...` stands in a file, to point at it; `None` when the id comes from the name.
fn id_span(text: &str) -> Option<std::ops::Range<usize>> {
    let document = toml::de::DeTable::parse(text).ok()?;
    document.get_ref().get("id").map(|v| v.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, id: &str, title: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(
            &path,
            format!(
                "id = \"{id}\"\nname = \"{title}\"\nsummary = \"s\"\nareas = [\"neck\"]\ngoals = [\"stress\"]\n\
                 [[steps]]\nname = \"a\"\ncue = \"b\"\nseconds = 30\npressure = \"light\"\nstroke = \"circles\"\n"
            ),
        )
        .unwrap();
        path
    }

    #[test]
    fn later_folders_replace_earlier_routines_with_the_same_id() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        write(first.path(), "a.toml", "neck-release", "Mine");
        write(first.path(), "b.toml", "only-first", "First");
        write(second.path(), "c.toml", "only-first", "Second");
        let folders = [
            RoutineFolder {
                path: first.path().to_path_buf(),
                need: FolderNeed::Required,
            },
            RoutineFolder {
                path: second.path().to_path_buf(),
                need: FolderNeed::Required,
            },
        ];
        let loaded = Library::load(&folders).unwrap();
        assert!(loaded.skipped.is_empty());
        let library = loaded.library;
        assert_eq!(library.get("neck-release").unwrap().name, "Mine");
        assert_eq!(library.get("only-first").unwrap().name, "Second");
        assert_eq!(
            library.get("only-first").unwrap().source,
            Source::File(second.path().join("c.toml"))
        );
        assert!(library.get("temple-tension").is_some(), "built-ins stay");
    }

    #[test]
    fn a_broken_file_is_skipped_and_reported_without_hiding_others() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "good.toml", "good-one", "Good");
        std::fs::write(dir.path().join("bad.toml"), "name = \n").unwrap();
        let folders = [RoutineFolder {
            path: dir.path().to_path_buf(),
            need: FolderNeed::Required,
        }];
        let loaded = Library::load(&folders).unwrap();
        assert!(loaded.library.get("good-one").is_some());
        assert_eq!(loaded.skipped.len(), 1);
        assert!(loaded.skipped[0].path.ends_with("bad.toml"));
    }

    #[test]
    fn a_missing_named_folder_is_an_error_but_the_default_one_is_not() {
        let missing = PathBuf::from("/nonexistent/knead-routines");
        let optional = [RoutineFolder {
            path: missing.clone(),
            need: FolderNeed::Optional,
        }];
        assert!(Library::load(&optional).is_ok());
        let named = [RoutineFolder {
            path: missing,
            need: FolderNeed::Required,
        }];
        let err = Library::load(&named).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/knead-routines"));
    }

    #[test]
    fn a_folder_a_setting_names_that_cannot_be_read_is_skipped_and_the_rest_load() {
        let good = tempfile::tempdir().unwrap();
        write(good.path(), "a.toml", "mine", "Mine");
        let not_a_folder = good.path().join("a.toml");
        let folders = [
            RoutineFolder {
                path: PathBuf::from("/nonexistent/knead-routines"),
                need: FolderNeed::Expected,
            },
            RoutineFolder {
                path: not_a_folder.clone(),
                need: FolderNeed::Optional,
            },
            RoutineFolder {
                path: good.path().to_path_buf(),
                need: FolderNeed::Expected,
            },
        ];
        let loaded = Library::load(&folders).unwrap();
        assert!(loaded.library.get("mine").is_some());
        let skipped: Vec<String> = loaded.skipped_folders.iter().map(|e| e.to_string()).collect();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(skipped[0].contains("/nonexistent/knead-routines"), "{skipped:?}");
        assert!(
            skipped[1].contains(&not_a_folder.display().to_string()),
            "{skipped:?}"
        );
    }

    #[test]
    fn only_toml_files_directly_in_a_folder_are_loaded_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.toml", "same-id", "From b");
        write(dir.path(), "a.toml", "same-id", "From a");
        write(dir.path(), "notes.txt", "from-txt", "Text");
        std::fs::create_dir(dir.path().join("nested.toml")).unwrap();
        write(&dir.path().join("nested.toml"), "c.toml", "from-nested", "Nested");
        let files = routine_files(dir.path()).unwrap();
        assert_eq!(files, [dir.path().join("a.toml"), dir.path().join("b.toml")]);
        let folders = [RoutineFolder {
            path: dir.path().to_path_buf(),
            need: FolderNeed::Required,
        }];
        let loaded = Library::load(&folders).unwrap();
        // a.toml comes first whatever order the file system lists them in, so b.toml is the
        // duplicate.
        assert_eq!(loaded.library.get("same-id").unwrap().name, "From a");
        assert_eq!(loaded.skipped.len(), 1);
        assert!(loaded.skipped[0].path.ends_with("b.toml"));
        assert!(loaded.library.get("from-txt").is_none());
        assert!(loaded.library.get("from-nested").is_none());
    }

    #[test]
    fn closest_ids_suggest_likely_typos_best_first() {
        let library = Library::built_in().library;
        assert_eq!(library.closest_ids("neck-relase").first(), Some(&"neck-release"));
        assert_eq!(library.closest_ids("temple").first(), Some(&"temple-tension"));
        assert!(library.closest_ids("neck").contains(&"neck-release"));
        assert!(library.closest_ids("zzzz").is_empty());
        assert!(library.closest_ids("e").len() <= 3);
    }

    #[test]
    fn duplicate_ids_in_one_folder_are_reported_at_the_second_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.toml", "twin", "A");
        let b = write(dir.path(), "b.toml", "twin", "B");
        let (routines, problems) = load_files(&[a, b]);
        assert_eq!(routines.len(), 1);
        assert_eq!(problems.len(), 1);
        let shown = problems[0].render(false);
        assert!(
            shown.contains("b.toml:1:6: error: the id \"twin\" is already used by"),
            "{shown}"
        );
    }
}
