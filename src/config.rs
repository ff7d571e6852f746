//! The settings: built-in defaults, then the config file, then the environment, then the
//! command line, each later one winning. Every effective value remembers where it came from,
//! for `knead config`.

use std::fmt;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use crate::routine::{FileProblems, Problem};
use crate::toml_walk::{Value, Walker};

pub const KEYS: &[&str] = &[
    "bell",
    "ask_tension",
    "theme",
    "get_ready_seconds",
    "switch_side_seconds",
    "log_file",
    "routines_dirs",
    "default_minutes_scale",
    "voice",
    "voice_command",
    "metronome",
];

pub const WAIT_RANGE: (i64, i64) = (0, 60);
pub const SCALE_RANGE: (f64, f64) = (0.1, 5.0);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// Night for sleep routines and between 21:00 and 06:00, day otherwise.
    #[default]
    Auto,
    Day,
    Night,
}

impl ThemeChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::Auto => "auto",
            ThemeChoice::Day => "day",
            ThemeChoice::Night => "night",
        }
    }

    /// Whether a session in this theme uses the night palette.
    pub fn is_night(self, sleep_routine: bool, hour: u32) -> bool {
        match self {
            ThemeChoice::Day => false,
            ThemeChoice::Night => true,
            ThemeChoice::Auto => sleep_routine || !(6..21).contains(&hour),
        }
    }
}

/// Where an effective setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Default,
    File { path: PathBuf, line: usize },
    Env(&'static str),
    Flag(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File { path, line } => {
                write!(f, "{}:{line}", crate::text::sanitize(&path.display().to_string()))
            }
            Origin::Env(name) => write!(f, "environment ({name})"),
            Origin::Flag(name) => write!(f, "command line ({name})"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Setting {
            value,
            origin: Origin::Default,
        }
    }

    /// Replaces the value when `value` is given.
    pub fn set(&mut self, value: Option<T>, origin: Origin) {
        if let Some(value) = value {
            *self = Setting { value, origin };
        }
    }
}

/// The values a config file sets, each with the line it stands on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub bell: Option<(bool, usize)>,
    pub ask_tension: Option<(bool, usize)>,
    pub theme: Option<(ThemeChoice, usize)>,
    pub get_ready_seconds: Option<(u32, usize)>,
    pub switch_side_seconds: Option<(u32, usize)>,
    pub log_file: Option<(PathBuf, usize)>,
    pub routines_dirs: Option<(Vec<PathBuf>, usize)>,
    pub default_minutes_scale: Option<(f64, usize)>,
    pub voice: Option<(bool, usize)>,
    pub voice_command: Option<(Vec<String>, usize)>,
    pub metronome: Option<(bool, usize)>,
}

/// Parses a config file. `home` expands a leading `~/` in paths. Relative paths are taken
/// from the config file's folder, so a config means the same wherever knead is started.
pub fn parse_config(text: &str, path: &Path, home: Option<&Path>) -> Result<ConfigFile, FileProblems> {
    let fail = |problems: Vec<Problem>| FileProblems {
        path: path.display().to_string(),
        source: text.to_string(),
        problems,
    };
    let (document, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        return Err(fail(
            syntax_errors
                .iter()
                .map(|e| Problem {
                    span: Some(e.span().unwrap_or(0..0)),
                    message: e
                        .message()
                        .trim()
                        .lines()
                        .next()
                        .unwrap_or("invalid TOML")
                        .to_string(),
                    hint: None,
                })
                .collect(),
        ));
    }
    let table = document.get_ref();
    let mut walk = Walker::default();
    walk.unknown_keys(table, KEYS, "");
    let line = |value: &Value<'_>| crate::routine::diagnostic::line_column(text, value.span().start).0;
    let base = path.parent().unwrap_or(Path::new("."));
    let to_path = |raw: &str| expand_path(raw, base, home);
    let mut config = ConfigFile {
        path: path.to_path_buf(),
        ..ConfigFile::default()
    };
    for (key, value) in table.iter() {
        let at = line(value);
        let field = key.get_ref().as_ref();
        match field {
            "bell" => config.bell = walk.boolean(value, field).map(|v| (v, at)),
            "ask_tension" => config.ask_tension = walk.boolean(value, field).map(|v| (v, at)),
            "voice" => config.voice = walk.boolean(value, field).map(|v| (v, at)),
            "metronome" => config.metronome = walk.boolean(value, field).map(|v| (v, at)),
            "theme" => config.theme = theme(&mut walk, value).map(|v| (v, at)),
            "get_ready_seconds" => {
                config.get_ready_seconds = walk.integer(value, field, WAIT_RANGE).map(|v| (v, at))
            }
            "switch_side_seconds" => {
                config.switch_side_seconds = walk.integer(value, field, WAIT_RANGE).map(|v| (v, at))
            }
            "default_minutes_scale" => {
                config.default_minutes_scale = walk.float(value, field, SCALE_RANGE).map(|v| (v, at))
            }
            "log_file" => config.log_file = walk.text(value, field, 4096).map(|v| (to_path(&v), at)),
            "routines_dirs" => {
                config.routines_dirs = walk
                    .string_list(value, field)
                    .map(|v| (v.iter().map(|p| to_path(p)).collect(), at))
            }
            "voice_command" => {
                config.voice_command = match walk.string_list(value, field) {
                    Some(parts) if parts.is_empty() => {
                        walk.problems.push(
                            Problem::at(value.span(), "`voice_command` needs at least the program to run")
                                .with_hint("e.g. voice_command = [\"espeak-ng\", \"-s\", \"140\"]"),
                        );
                        None
                    }
                    parts => parts.map(|v| (v, at)),
                }
            }
            _ => {}
        }
    }
    if walk.problems.is_empty() {
        Ok(config)
    } else {
        Err(fail(walk.problems))
    }
}

fn theme(walk: &mut Walker, value: &Value<'_>) -> Option<ThemeChoice> {
    let text = walk.text(value, "theme", 10)?;
    match text.as_str() {
        "auto" => Some(ThemeChoice::Auto),
        "day" => Some(ThemeChoice::Day),
        "night" => Some(ThemeChoice::Night),
        other => {
            let known = ["auto", "day", "night"];
            let hint = match crate::text::closest(other, known) {
                Some(near) => format!("did you mean {near:?}? known: auto, day, night"),
                None => "known: auto, day, night".to_string(),
            };
            walk.problems
                .push(Problem::at(value.span(), format!("unknown theme {other:?}")).with_hint(hint));
            None
        }
    }
}

/// `~/x` is in the home folder; a relative path is beside the config file.
pub fn expand_path(raw: &str, base: &Path, home: Option<&Path>) -> PathBuf {
    match (raw.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => base.join(raw),
    }
}

/// Every setting in effect, with its origin.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub config_file: Setting<Option<PathBuf>>,
    pub bell: Setting<bool>,
    pub ask_tension: Setting<bool>,
    pub theme: Setting<ThemeChoice>,
    pub get_ready_seconds: Setting<u32>,
    pub switch_side_seconds: Setting<u32>,
    pub log_file: Setting<Option<PathBuf>>,
    pub routines_dirs: Setting<Vec<PathBuf>>,
    pub default_minutes_scale: Setting<f64>,
    pub voice: Setting<bool>,
    pub voice_command: Setting<Option<Vec<String>>>,
    pub metronome: Setting<bool>,
}

impl Settings {
    /// The built-in defaults; `log_file` is the platform's data folder's `sessions.jsonl`.
    pub fn defaults(default_log: Option<PathBuf>) -> Self {
        Settings {
            config_file: Setting::default(None),
            bell: Setting::default(true),
            ask_tension: Setting::default(true),
            theme: Setting::default(ThemeChoice::Auto),
            get_ready_seconds: Setting::default(3),
            switch_side_seconds: Setting::default(5),
            log_file: Setting::default(default_log),
            routines_dirs: Setting::default(Vec::new()),
            default_minutes_scale: Setting::default(1.0),
            voice: Setting::default(false),
            voice_command: Setting::default(None),
            metronome: Setting::default(false),
        }
    }

    /// Lays a config file over these settings.
    pub fn apply_file(&mut self, file: &ConfigFile, origin_of: impl Fn(usize) -> Origin) {
        macro_rules! lay {
            ($($field:ident),*) => {$(
                if let Some((value, line)) = &file.$field {
                    self.$field = Setting { value: value.clone(), origin: origin_of(*line) };
                }
            )*};
        }
        lay!(
            bell,
            ask_tension,
            theme,
            get_ready_seconds,
            switch_side_seconds,
            routines_dirs,
            default_minutes_scale,
            voice,
            metronome
        );
        if let Some((value, line)) = &file.log_file {
            self.log_file = Setting {
                value: Some(value.clone()),
                origin: origin_of(*line),
            };
        }
        if let Some((value, line)) = &file.voice_command {
            self.voice_command = Setting {
                value: Some(value.clone()),
                origin: origin_of(*line),
            };
        }
    }

    /// Lays the settings for `file` (found at `path`) over these.
    pub fn with_file(mut self, file: &ConfigFile) -> Self {
        let path = file.path.clone();
        self.config_file = Setting {
            value: Some(path.clone()),
            origin: Origin::Default,
        };
        self.apply_file(file, |line| Origin::File {
            path: path.clone(),
            line,
        });
        self
    }
}

/// Reads the config file at `path`; a missing file is fine only when nobody named it.
pub fn load(path: &Path, named: bool, home: Option<&Path>) -> Result<Option<ConfigFile>, FileProblems> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_config(&text, path, home).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => Ok(None),
        Err(e) => Err(FileProblems {
            path: path.display().to_string(),
            source: String::new(),
            problems: vec![Problem::whole_file(format!("cannot read the config file: {e}"))],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, String> {
        parse_config(
            text,
            Path::new("/home/me/.config/knead/config.toml"),
            Some(Path::new("/home/me")),
        )
        .map_err(|p| p.render(false))
    }

    #[test]
    fn every_key_is_read_with_its_line() {
        let config = parse(
            "bell = false\nask_tension = false\ntheme = \"night\"\nget_ready_seconds = 0\n\
             switch_side_seconds = 10\nlog_file = \"~/notes/knead.jsonl\"\nroutines_dirs = [\"mine\", \"/srv/r\"]\n\
             default_minutes_scale = 0.5\nvoice = true\nvoice_command = [\"espeak-ng\", \"-s\", \"140\"]\nmetronome = true\n",
        )
        .unwrap();
        assert_eq!(config.bell, Some((false, 1)));
        assert_eq!(config.theme, Some((ThemeChoice::Night, 3)));
        assert_eq!(config.get_ready_seconds, Some((0, 4)));
        assert_eq!(
            config.log_file,
            Some((PathBuf::from("/home/me/notes/knead.jsonl"), 6))
        );
        assert_eq!(
            config.routines_dirs,
            Some((
                vec![
                    PathBuf::from("/home/me/.config/knead/mine"),
                    PathBuf::from("/srv/r")
                ],
                7
            ))
        );
        assert_eq!(config.default_minutes_scale, Some((0.5, 8)));
        assert_eq!(config.voice_command.unwrap().0, ["espeak-ng", "-s", "140"]);
        assert_eq!(config.metronome, Some((true, 11)));
    }

    #[test]
    fn mistakes_are_reported_like_routine_files_all_at_once() {
        let shown =
            parse("bel = false\ntheme = \"nigth\"\nget_ready_seconds = 99\nvoice = \"yes\"\n").unwrap_err();
        assert!(
            shown.contains("config.toml:1:1: error: unknown field `bel`"),
            "{shown}"
        );
        assert!(shown.contains("did you mean `bell`?"), "{shown}");
        assert!(
            shown.contains("config.toml:2:9: error: unknown theme \"nigth\""),
            "{shown}"
        );
        assert!(shown.contains("did you mean \"night\"?"), "{shown}");
        assert!(
            shown.contains("config.toml:3:21: error: `get_ready_seconds` must be from 0 to 60, found 99"),
            "{shown}"
        );
        assert!(
            shown.contains("config.toml:4:9: error: `voice` must be true or false, found string"),
            "{shown}"
        );
    }

    #[test]
    fn the_file_wins_over_defaults_and_says_where() {
        let config = parse("\n\nbell = false\n").unwrap();
        let settings = Settings::defaults(None).with_file(&config);
        assert!(!settings.bell.value);
        assert_eq!(
            settings.bell.origin.to_string(),
            "/home/me/.config/knead/config.toml:3"
        );
        assert_eq!(
            settings.ask_tension,
            Setting {
                value: true,
                origin: Origin::Default
            }
        );
    }

    #[test]
    fn auto_theme_is_night_for_sleep_and_late_hours() {
        assert!(ThemeChoice::Auto.is_night(true, 12));
        assert!(ThemeChoice::Auto.is_night(false, 22));
        assert!(ThemeChoice::Auto.is_night(false, 5));
        assert!(!ThemeChoice::Auto.is_night(false, 6));
        assert!(!ThemeChoice::Day.is_night(true, 23));
        assert!(ThemeChoice::Night.is_night(false, 12));
    }

    #[test]
    fn a_named_file_must_exist_the_default_one_need_not() {
        let missing = Path::new("/nonexistent/knead/config.toml");
        assert_eq!(load(missing, false, None).unwrap(), None);
        let err = load(missing, true, None).unwrap_err();
        assert!(err.render(false).contains("cannot read the config file"));
    }
}
