//! The plans: the built-in ones compiled into the binary (`plans/`), then the person's own
//! (`$XDG_CONFIG_HOME/knead/plans`), one of theirs replacing a built-in with the same id.
//! Each is checked against the routine library it will run from.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};

use super::lint;
use super::model::Plan;
use super::parse::{ParsedPlan, parse_plan};
use crate::routine::library::routine_files;
use crate::routine::{Library, Source};
use crate::toml_check::{FileProblems, Problem, SourceError, read_source};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/built_in_plans.rs"));
}

/// A plan file that loaded, with its text, for messages that point into it.
#[derive(Clone, Debug)]
pub struct PlanFile {
    /// As messages show it (`<built-in>/plans/NAME.toml` for a built-in).
    pub path: String,
    pub text: Cow<'static, str>,
    pub parsed: ParsedPlan,
}

impl PlanFile {
    /// The lint's warnings, or `None` when it has nothing to say.
    pub fn warnings(&self, library: &Library) -> Option<FileProblems> {
        let problems = lint::warnings(&self.parsed, library);
        (!problems.is_empty()).then(|| FileProblems {
            path: self.path.clone(),
            source: self.text.clone().into_owned(),
            problems,
        })
    }
}

/// Every plan that loaded, sorted by id, and the files that did not.
#[derive(Clone, Debug, Default)]
pub struct Plans {
    pub files: Vec<PlanFile>,
    pub skipped: Vec<FileProblems>,
}

impl Plans {
    /// The built-in plans, then the `.toml` files of `folder` (absent: none of the person's).
    pub fn load(folder: Option<&Path>, library: &Library) -> Plans {
        let mut plans = Plans::default();
        let (built_in, problems) = built_in_plan_files(library);
        plans.skipped = problems;
        for file in built_in {
            plans.insert(file);
        }
        if let Some(folder) = folder {
            match routine_files(folder) {
                Ok(paths) => {
                    let (files, problems) = load_plan_files(&paths, library);
                    plans.skipped.extend(problems);
                    for file in files {
                        plans.insert(file);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => plans.skipped.push(FileProblems {
                    path: folder.display().to_string(),
                    source: String::new(),
                    problems: vec![Problem::whole_file(format!("cannot read the plans folder: {e}"))],
                }),
            }
        }
        plans
    }

    fn insert(&mut self, file: PlanFile) {
        let id = file.parsed.plan.id.clone();
        match self.files.binary_search_by(|f| f.parsed.plan.id.cmp(&id)) {
            Ok(i) => self.files[i] = file,
            Err(i) => self.files.insert(i, file),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Plan> {
        self.files.iter().map(|f| &f.parsed.plan)
    }

    pub fn get(&self, id: &str) -> Option<&Plan> {
        self.iter().find(|p| p.id == id)
    }

    /// The id most like `id`, for a "did you mean".
    pub fn closest_id(&self, id: &str) -> Option<&str> {
        crate::text::closest(id, self.iter().map(|p| p.id.as_str()))
    }
}

/// The plans compiled into the binary, as files, and those that do not check.
pub fn built_in_plan_files(library: &Library) -> (Vec<PlanFile>, Vec<FileProblems>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (stem, text) in embedded::BUILT_IN {
        let path = format!("<built-in>/plans/{stem}.toml");
        match parse_plan(text, stem, Source::BuiltIn, library) {
            Ok(parsed) => files.push(PlanFile {
                path,
                text: Cow::Borrowed(text),
                parsed,
            }),
            Err(found) => problems.push(FileProblems {
                path,
                source: (*text).to_string(),
                problems: found,
            }),
        }
    }
    (files, problems)
}

/// Reads and checks plan files; an id used twice among them is reported at the second.
pub fn load_plan_files(paths: &[PathBuf], library: &Library) -> (Vec<PlanFile>, Vec<FileProblems>) {
    let mut files: Vec<PlanFile> = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match read_plan_file(path, library) {
            Ok(file) => {
                let id = &file.parsed.plan.id;
                if let Some(first) = files.iter().find(|f| &f.parsed.plan.id == id) {
                    problems.push(FileProblems {
                        path: file.path.clone(),
                        source: file.text.to_string(),
                        problems: vec![Problem::whole_file(format!(
                            "the plan id {id:?} is already used by {}",
                            crate::text::sanitize(&first.path)
                        ))],
                    });
                } else {
                    files.push(file);
                }
            }
            Err(found) => problems.push(found),
        }
    }
    (files, problems)
}

pub fn read_plan_file(path: &Path, library: &Library) -> Result<PlanFile, FileProblems> {
    let shown = path.display().to_string();
    let text = match read_source(path, "a plan file") {
        Ok(text) => text,
        Err(SourceError::Refused(problems)) => return Err(problems),
        Err(SourceError::Io(e)) => {
            return Err(FileProblems {
                path: shown,
                source: String::new(),
                problems: vec![Problem::whole_file(format!("cannot read the file: {e}"))],
            });
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match parse_plan(&text, &stem, Source::File(path.to_path_buf()), library) {
        Ok(parsed) => Ok(PlanFile {
            path: shown,
            text: Cow::Owned(text),
            parsed,
        }),
        Err(problems) => Err(FileProblems {
            path: shown,
            source: text,
            problems,
        }),
    }
}

/// Whether a TOML text is a plan rather than a routine: it has days, not steps. Used by
/// `knead check`, which takes both.
pub fn looks_like_plan(text: &str) -> bool {
    toml::de::DeTable::parse(text).is_ok_and(|doc| {
        let table = doc.get_ref();
        table.contains_key("days") && !table.contains_key("steps")
    })
}
