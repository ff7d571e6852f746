//! The routine library: the built-in routines, then the user's routine folders, later ones
//! replacing earlier routines with the same id.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};

use super::lint;
use super::model::{Routine, Source};
use super::parse::{RoutineSpans, parse_routine_with_spans};
use super::vocab::Area;
use crate::toml_check::{FileProblems, Problem, SourceError, read_source};

/// The built-in routines: their files' names and texts, the id each defines, and the routines
/// themselves, checked by the parser at build time and built here without parsing (build.rs).
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
/// A routine file that loaded, kept with its text and where each key stands in it, so that
/// messages about a valid routine (the lint's warnings) can point into it.
#[derive(Clone, Debug)]
pub struct RoutineFile {
    /// The path as messages show it (`<built-in>/NAME.toml` for a built-in).
    pub path: String,
    pub text: Cow<'static, str>,
    pub routine: Routine,
    pub spans: RoutineSpans,
}

impl RoutineFile {
    /// The safety lint's warnings for this file, or `None` when it has nothing to say.
    pub fn warnings(&self) -> Option<FileProblems> {
        let problems = lint::warnings(&self.routine, &self.spans);
        (!problems.is_empty()).then(|| FileProblems {
            path: self.path.clone(),
            source: self.text.clone().into_owned(),
            problems,
        })
    }
}

/// Parses one routine file's text into a [`RoutineFile`], or the problems that keep it out.
pub fn parse_routine_file(
    path: String,
    text: Cow<'static, str>,
    stem: &str,
    origin: Source,
) -> Result<RoutineFile, FileProblems> {
    match parse_routine_with_spans(&text, stem, origin) {
        Ok((routine, spans)) => Ok(RoutineFile {
            path,
            text,
            routine,
            spans,
        }),
        Err(problems) => Err(FileProblems {
            path,
            source: text.into_owned(),
            problems,
        }),
    }
}

/// The routines compiled into the binary, as files, and those that do not parse.
pub fn built_in_files() -> (Vec<RoutineFile>, Vec<FileProblems>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (stem, text) in embedded::BUILT_IN {
        let path = format!("<built-in>/{stem}.toml");
        match parse_routine_file(path, Cow::Borrowed(text), stem, Source::BuiltIn) {
            Ok(file) => files.push(file),
            Err(file_problems) => problems.push(file_problems),
        }
    }
    (files, problems)
}

impl Library {
    /// The routines compiled into the binary. The build checked them, so none is skipped.
    pub fn built_in() -> Loaded {
        let mut library = Library::default();
        for routine in embedded::built_in_routines() {
            library.insert(routine);
        }
        Loaded {
            library,
            skipped: Vec::new(),
            skipped_folders: Vec::new(),
        }
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
/// file of one's own from it. Found by the id the file defines (the build read it), not by
/// file name, so a file whose `id` differs from its name is still found.
pub fn built_in_text(id: &str) -> Option<&'static str> {
    embedded::BUILT_IN_IDS
        .iter()
        .position(|&built_in| built_in == id)
        .map(|i| embedded::BUILT_IN[i].1)
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
    read_routine_file(path).map(|file| file.routine)
}

/// Reads and checks one routine file, keeping its text and spans.
pub fn read_routine_file(path: &Path) -> Result<RoutineFile, FileProblems> {
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
    parse_routine_file(
        path.display().to_string(),
        Cow::Owned(text),
        &stem,
        Source::File(path.to_path_buf()),
    )
}

/// Loads files that belong together (one folder, or one `check` run): an id defined twice
/// among them is a mistake, reported at the second file.
pub fn load_files(paths: &[PathBuf]) -> (Vec<Routine>, Vec<FileProblems>) {
    load_files_keeping(paths, |file| file.routine, |routine| routine)
}

/// [`load_files`], keeping each valid file's text and spans, for its warnings.
pub fn load_routine_files(paths: &[PathBuf]) -> (Vec<RoutineFile>, Vec<FileProblems>) {
    load_files_keeping(paths, |file| file, |file| &file.routine)
}

/// Loads `paths`, keeping of each valid file what `keep` returns. Only what is needed is
/// kept: a thousand files' texts held to the end made loading a library measurably slower
/// (`benches/load_library.rs`), and only `check` and `edit` show warnings.
fn load_files_keeping<T>(
    paths: &[PathBuf],
    keep: impl Fn(RoutineFile) -> T,
    routine_of: impl Fn(&T) -> &Routine,
) -> (Vec<T>, Vec<FileProblems>) {
    let mut kept: Vec<T> = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match read_routine_file(path) {
            Ok(file) => {
                let routine = &file.routine;
                if let Some(first) = kept.iter().map(&routine_of).find(|r| r.id == routine.id) {
                    let message = format!("the id {:?} is already used by {}", routine.id, first.source);
                    // At `id = ...`, or the file as a whole when the id comes from its name.
                    let problem = match file.spans.key("id") {
                        Some(span) => Problem::at(span, message),
                        None => Problem::whole_file(message),
                    };
                    problems.push(FileProblems {
                        path: file.path,
                        source: file.text.into_owned(),
                        problems: vec![problem.with_hint("give each routine its own id")],
                    });
                } else {
                    kept.push(keep(file));
                }
            }
            Err(file_problems) => problems.push(file_problems),
        }
    }
    (kept, problems)
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

    /// The build writes the built-in routines as code (build.rs); they must be exactly what
    /// parsing their embedded text gives, field by field.
    #[test]
    fn the_built_in_routines_are_what_their_files_parse_to() {
        let (files, problems) = built_in_files();
        assert!(problems.is_empty(), "every built-in routine is valid");
        let mut parsed: Vec<Routine> = files.into_iter().map(|file| file.routine).collect();
        parsed.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(Library::built_in().library.routines(), parsed.as_slice());
        assert_eq!(parsed.len(), embedded::BUILT_IN.len());
    }

    #[test]
    fn the_text_of_each_built_in_is_found_by_its_id() {
        for (stem, text) in embedded::BUILT_IN {
            let routine = super::super::parse::parse_routine(text, stem, Source::BuiltIn).unwrap();
            assert_eq!(built_in_text(&routine.id), Some(*text), "{}", routine.id);
        }
        assert_eq!(built_in_text("no-such-routine"), None);
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
