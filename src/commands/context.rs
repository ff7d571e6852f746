//! What every command starts from: the platform folders, the effective settings (defaults,
//! config file, environment, flags) and the routine folders, each with its origin.

use std::io;
use std::path::{Path, PathBuf};

use crate::cli::GlobalArgs;
use crate::config::{self, Origin, Setting, Settings};
use crate::error::{Error, Result};
use crate::profile::{self, Hidden, Profile, ProfileError};
use crate::routine::library::{FolderNeed, Loaded, RoutineFolder};
use crate::routine::{FileProblems, Library, LibraryError};
use crate::system::editor::{EditorCommand, UnparsableEditor};
use crate::system::paths::PlatformDirs;

pub struct Context {
    pub settings: Settings,
    /// In load order, later winning.
    pub routine_folders: Vec<(RoutineFolder, Origin)>,
    /// `$XDG_CONFIG_HOME/knead/routines`: where `new` and `edit` write; `None` without a home.
    pub user_routines: Option<PathBuf>,
    /// The editor `knead edit` opens, or why `VISUAL`/`EDITOR` name none: an error only for
    /// the command that needs an editor.
    pub editor: Result<EditorCommand, UnparsableEditor>,
    /// `$XDG_CONFIG_HOME/knead/profile.toml`, the health profile; `None` without a home.
    pub profile_file: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME/knead/plans`: the person's own plans; `None` without a home.
    pub user_plans: Option<PathBuf>,
    /// `$XDG_DATA_HOME/knead`: where the plan state lives; `None` without a home.
    pub data_folder: Option<PathBuf>,
    /// The home folder, which messages write as `~`.
    pub home: Option<PathBuf>,
}

/// The library as the person does it: each routine fitted to their health profile.
pub struct ForYou {
    pub library: Library,
    /// The routines that keep no step for them, with the reason.
    pub hidden: Vec<Hidden>,
    pub profile: Profile,
    /// Every routine as written.
    pub as_written: Library,
}

impl ForYou {
    /// Why `id` is not in the library, when it was hidden for the person.
    pub fn hidden(&self, id: &str) -> Option<&Hidden> {
        self.hidden.iter().find(|h| h.routine.id == id)
    }
}

/// The environment variables knead reads, read once, here.
struct Env {
    config: Option<PathBuf>,
    log_file: Option<PathBuf>,
    routines_dirs: Vec<PathBuf>,
    visual: Option<String>,
    editor: Option<String>,
}

impl Env {
    fn read() -> Self {
        let path = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Env {
            config: path("KNEAD_CONFIG"),
            log_file: path("KNEAD_LOG_FILE"),
            routines_dirs: std::env::var_os("KNEAD_ROUTINES_DIR")
                .map(|value| {
                    std::env::split_paths(&value)
                        .filter(|p| !p.as_os_str().is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            // A value that is not UTF-8 cannot be split into words reliably; it is taken
            // as unset rather than guessed at.
            visual: std::env::var("VISUAL").ok(),
            editor: std::env::var("EDITOR").ok(),
        }
    }
}

impl Context {
    /// The context, or an error once a damaged config file's problems are printed: no
    /// command runs on settings it cannot read.
    pub fn new(global: &GlobalArgs) -> Result<Self> {
        match Context::reading_config(global) {
            (context, None) => Ok(context),
            (_, Some(problems)) => {
                eprint!("{}", problems.render(super::use_color_on_stderr()));
                Err(Error::Reported(
                    "the config file has problems; fix them or name another with --config".into(),
                ))
            }
        }
    }

    /// The context, and the config file's problems when it has any: then the settings are
    /// built without it, for `check`, which reports them with everything else it checks.
    pub fn reading_config(global: &GlobalArgs) -> (Self, Option<FileProblems>) {
        let dirs = PlatformDirs::detect();
        let env = Env::read();
        let default_log = dirs.data.as_ref().map(|d| d.join("sessions.jsonl"));
        let mut settings = Settings::defaults(default_log);

        let (config_path, named, config_origin) = match (&global.config, &env.config) {
            (Some(path), _) => (Some(path.clone()), true, Origin::Flag("--config")),
            (None, Some(path)) => (Some(path.clone()), true, Origin::Env("KNEAD_CONFIG")),
            (None, None) => (
                dirs.config.as_ref().map(|c| c.join("config.toml")),
                false,
                Origin::Default,
            ),
        };
        let mut config_problems = None;
        if let Some(path) = &config_path {
            match config::load(path, named, dirs.home()) {
                Ok(Some(file)) => settings = settings.with_file(&file),
                Ok(None) => {}
                Err(problems) => config_problems = Some(problems),
            }
            settings.config_file = Setting {
                value: Some(path.clone()),
                origin: config_origin,
            };
        }

        settings
            .log_file
            .set(env.log_file.clone().map(Some), Origin::Env("KNEAD_LOG_FILE"));
        settings
            .log_file
            .set(global.log_file.clone().map(Some), Origin::Flag("--log-file"));

        let editor = EditorCommand::from_vars(env.visual.as_deref(), env.editor.as_deref());
        let user_routines = dirs.routines();
        let mut routine_folders = Vec::new();
        if let Some(path) = dirs.routines() {
            routine_folders.push((
                RoutineFolder {
                    path,
                    need: FolderNeed::Optional,
                },
                Origin::Default,
            ));
        }
        let file_origin = settings.routines_dirs.origin.clone();
        for path in &settings.routines_dirs.value {
            routine_folders.push((
                RoutineFolder {
                    path: path.clone(),
                    need: FolderNeed::Expected,
                },
                file_origin.clone(),
            ));
        }
        for path in env.routines_dirs {
            routine_folders.push((
                RoutineFolder {
                    path,
                    need: FolderNeed::Expected,
                },
                Origin::Env("KNEAD_ROUTINES_DIR"),
            ));
        }
        for path in &global.routines_dirs {
            routine_folders.push((
                RoutineFolder {
                    path: path.clone(),
                    need: FolderNeed::Required,
                },
                Origin::Flag("--routines-dir"),
            ));
        }
        let context = Context {
            settings,
            routine_folders,
            user_routines,
            editor,
            profile_file: dirs.config.as_ref().map(|c| c.join("profile.toml")),
            user_plans: dirs.config.as_ref().map(|c| c.join("plans")),
            data_folder: dirs.data.clone(),
            home: dirs.home().map(Path::to_path_buf),
        };
        (context, config_problems)
    }

    /// Loads the library; files that fail to load are reported on stderr and skipped, so one
    /// broken file never hides the rest, and so are folders that cannot be read.
    pub fn library(&self) -> Result<Library> {
        let loaded = self.load_library()?;
        super::report_problems(&loaded.skipped, "skipped");
        Ok(loaded.library)
    }

    /// Loads the library without reporting the files that fail to load, for a command that
    /// reports on the file it cares about itself.
    pub fn library_quietly(&self) -> Result<Library> {
        Ok(self.load_library()?.library)
    }

    fn load_library(&self) -> Result<Loaded> {
        let folders: Vec<RoutineFolder> = self.routine_folders.iter().map(|(f, _)| f.clone()).collect();
        let loaded = Library::load(&folders)?;
        for LibraryError::Folder { path, source } in &loaded.skipped_folders {
            let named_in = match self.routine_folders.iter().find(|(f, _)| &f.path == path) {
                Some((_, Origin::Env(name) | Origin::Flag(name))) => format!(" named in {name}"),
                Some((_, origin @ Origin::File { .. })) => format!(" named in {origin}"),
                Some((_, Origin::Default)) | None => String::new(),
            };
            let warning = format!(
                "cannot read the routines folder {}{named_in}: {source}; its routines are not loaded",
                path.display()
            );
            eprintln!("knead: warning: {}", crate::text::sanitize(&warning));
        }
        Ok(loaded)
    }

    /// The health profile; none without a home. A damaged file is reported, each problem at
    /// its place, and stops the command: a precaution is never dropped without a word.
    pub fn profile(&self) -> Result<Profile> {
        let Some(path) = &self.profile_file else {
            return Ok(Profile::default());
        };
        profile::load(path).map_err(|e| match e {
            ProfileError::Damaged(problems) => {
                eprint!("{}", problems.render(super::use_color_on_stderr()));
                Error::Reported(
                    "the health profile has problems; fix them, or start again with `knead profile clear`"
                        .into(),
                )
            }
            e @ ProfileError::Io { .. } => Error::Profile(e),
        })
    }

    /// The library fitted to the health profile.
    pub fn for_you(&self) -> Result<ForYou> {
        let profile = self.profile()?;
        let as_written = self.library()?;
        let (library, hidden) = profile::fit_library(&profile, &as_written);
        Ok(ForYou {
            library,
            hidden,
            profile,
            as_written,
        })
    }

    /// The profile's file, or an error saying why there is none.
    pub fn profile_file(&self) -> Result<&PathBuf> {
        self.profile_file.as_ref().ok_or_else(|| Error::Io {
            context: "finding a place for the health profile".into(),
            source: io::Error::new(
                io::ErrorKind::NotFound,
                "no home folder; set HOME or XDG_CONFIG_HOME",
            ),
        })
    }

    /// The folder for the person's own routines, or an error saying why there is none.
    pub fn user_routines(&self) -> Result<&PathBuf> {
        self.user_routines.as_ref().ok_or_else(|| Error::Io {
            context: "finding the folder for your routines".into(),
            source: io::Error::new(
                io::ErrorKind::NotFound,
                "no home folder; set HOME or XDG_CONFIG_HOME",
            ),
        })
    }

    /// The file that says which plan runs, or an error saying why there is none.
    pub fn plan_state_file(&self) -> Result<PathBuf> {
        self.data_folder
            .as_ref()
            .map(|d| d.join(crate::plan::STATE_FILE))
            .ok_or_else(|| Error::Io {
                context: "finding a place for the plan you follow".into(),
                source: io::Error::new(
                    io::ErrorKind::NotFound,
                    "no home folder; set HOME or XDG_DATA_HOME",
                ),
            })
    }

    /// The built-in plans and the person's own, checked against `library`; files that do
    /// not check are reported on stderr and skipped.
    pub fn plans(&self, library: &Library) -> crate::plan::Plans {
        let plans = crate::plan::Plans::load(self.user_plans.as_deref(), library);
        super::report_problems(&plans.skipped, "skipped");
        plans
    }

    /// The log file, or an error saying why there is none.
    pub fn log_file(&self) -> Result<PathBuf> {
        self.settings.log_file.value.clone().ok_or_else(|| Error::Io {
            context: "finding a place for the session log".into(),
            source: io::Error::new(
                io::ErrorKind::NotFound,
                "no home folder; name a file with --log-file",
            ),
        })
    }
}
