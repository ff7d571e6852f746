//! The profile's file, `profile.toml` in the config folder:
//!
//! ```toml
//! precautions = ["blood-thinners", "pregnancy"]
//! surgery_areas = ["neck"]
//! form_offered = true
//! ```
//!
//! Every key is optional. A damaged file is reported like the config file, each problem at
//! its line and column, and is never taken as an empty profile: a person's precautions are
//! not dropped without a word. It is written whole to a file beside it and renamed over it,
//! so a crash leaves the old profile or the new, and it is readable by its owner alone.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::Profile;
use crate::routine::{Area, Precaution};
use crate::toml_check::{FileProblems, Indexed, Problem, SourceError, Walker, parse_document, read_source};

const KEYS: &[&str] = &["precautions", "surgery_areas", "form_offered"];

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file is there but is no profile knead can read; the problems say where.
    #[error("the health profile {} has problems", .0.path)]
    Damaged(FileProblems),
    #[error("cannot {doing} the health profile {}: {source}", path.display())]
    Io {
        doing: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

/// Reads the profile at `path`; no file is an empty profile never offered.
pub fn load(path: &Path) -> Result<Profile, ProfileError> {
    match read_source(path, "the health profile") {
        Ok(text) => parse_profile(&text, path).map_err(ProfileError::Damaged),
        Err(SourceError::Io(e)) if e.kind() == io::ErrorKind::NotFound => Ok(Profile::default()),
        Err(SourceError::Io(source)) => Err(ProfileError::Io {
            doing: "read",
            path: path.to_path_buf(),
            source,
        }),
        Err(SourceError::Refused(problems)) => Err(ProfileError::Damaged(problems)),
    }
}

pub fn parse_profile(text: &str, path: &Path) -> Result<Profile, FileProblems> {
    let fail = |problems: Vec<Problem>| FileProblems {
        path: path.display().to_string(),
        source: text.to_string(),
        problems,
    };
    let document = parse_document(text).map_err(fail)?;
    let table = document.get_ref();
    let mut walk = Walker::default();
    walk.unknown_keys(table, KEYS, "");
    let mut profile = Profile::default();
    if let Some(value) = table.get("precautions")
        && let Some(items) = walk.list_of_strings(value, "precautions")
    {
        for (i, item) in items.iter().enumerate() {
            match walk.vocab::<Precaution>(item, Indexed("precautions", i)) {
                Some(Precaution::RecentSurgery) => walk.problems.push(
                    Problem::at(item.span(), "`precautions` cannot hold \"recent-surgery\"")
                        .with_hint("a recent surgery is recorded by its area: surgery_areas = [\"neck\"]"),
                ),
                Some(precaution) => profile.add(precaution),
                None => {}
            }
        }
    }
    if let Some(value) = table.get("surgery_areas")
        && let Some(items) = walk.list_of_strings(value, "surgery_areas")
    {
        for (i, item) in items.iter().enumerate() {
            if let Some(area) = walk.vocab::<Area>(item, Indexed("surgery_areas", i)) {
                profile.add_surgery(area);
            }
        }
    }
    if let Some(value) = table.get("form_offered") {
        profile.form_offered = walk.boolean(value, "form_offered").unwrap_or_default();
    }
    if walk.problems.is_empty() {
        Ok(profile)
    } else {
        Err(fail(walk.problems))
    }
}

/// The file's text for `profile`.
pub fn profile_text(profile: &Profile) -> String {
    let list = |words: Vec<&str>| {
        let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let precautions: Vec<&str> = profile
        .precautions()
        .into_iter()
        .filter(|p| *p != Precaution::RecentSurgery)
        .map(Precaution::as_str)
        .collect();
    let areas: Vec<&str> = profile.surgery_areas().iter().map(|a| a.as_str()).collect();
    format!(
        "# Your health profile for knead: change it with `knead profile add`, `remove` or `clear`.\n\
         # Steps that do not suit these are left out or made lighter. It replaces no clinician's advice.\n\
         precautions = {}\n\
         surgery_areas = {}\n\
         form_offered = {}\n",
        list(precautions),
        list(areas),
        profile.form_offered
    )
}

/// Writes `profile` to `path` in one step (a file beside it, renamed over it), readable and
/// writable by its owner only, creating the folder.
pub fn write(path: &Path, profile: &Profile) -> Result<(), ProfileError> {
    let fail = |source| ProfileError::Io {
        doing: "write",
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temporary)?;
        file.write_all(profile_text(profile).as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Profile, String> {
        parse_profile(text, Path::new("/home/me/.config/knead/profile.toml")).map_err(|p| p.render(false))
    }

    #[test]
    fn the_written_text_reads_back_as_the_same_profile() {
        let mut profile = Profile::new(
            &[Precaution::Pregnancy, Precaution::BloodThinners],
            &[Area::Neck, Area::Calves],
        );
        profile.form_offered = true;
        let text = profile_text(&profile);
        assert!(
            text.contains(
                "precautions = [\"pregnancy\", \"blood-thinners\"]\nsurgery_areas = [\"neck\", \"calves\"]\n"
            ),
            "{text}"
        );
        assert_eq!(parse(&text).unwrap(), profile);
        assert_eq!(parse("").unwrap(), Profile::default());
    }

    #[test]
    fn a_damaged_file_is_reported_at_each_problem_with_a_did_you_mean() {
        let shown = parse("precautions = [\"blod-thinners\", \"recent-surgery\"]\nsurgery_areas = \"neck\"\nofered = true\n")
            .unwrap_err();
        assert!(
            shown.contains(
                "profile.toml:1:16: error: unknown precaution \"blod-thinners\" in `precautions[0]`"
            ),
            "{shown}"
        );
        assert!(shown.contains("did you mean \"blood-thinners\"?"), "{shown}");
        assert!(
            shown.contains("profile.toml:1:33: error: `precautions` cannot hold \"recent-surgery\""),
            "{shown}"
        );
        assert!(
            shown.contains(
                "profile.toml:2:17: error: `surgery_areas` must be a list of strings, found string"
            ),
            "{shown}"
        );
        assert!(
            shown.contains("profile.toml:3:1: error: unknown field `ofered`"),
            "{shown}"
        );
        let shown = parse("precautions = [\"pregnancy\"\n").unwrap_err();
        assert!(
            shown.contains("profile.toml:1:"),
            "a syntax error has its place: {shown}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_and_replaced_whole() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("knead").join("profile.toml");
        write(&path, &Profile::new(&[Precaution::Implant], &[])).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        write(&path, &Profile::new(&[Precaution::Osteoporosis], &[])).unwrap();
        assert_eq!(load(&path).unwrap().precautions(), [Precaution::Osteoporosis]);
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
        assert_eq!(load(&dir.path().join("none.toml")).unwrap(), Profile::default());
    }
}
