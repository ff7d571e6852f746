//! The settings: built-in defaults, then the config file, then the environment, then the
//! command line, each later one winning. Every effective value remembers where it came from,
//! for `knead config`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::toml_check::{
    FileProblems, Problem, SourceError, Value, Walker, line_column, parse_document, read_source, vocabulary,
};

pub const WAIT_RANGE: (i64, i64) = (0, 60);
pub const SCALE_RANGE: (f64, f64) = (0.1, 5.0);
/// The longest path or command word a config file may hold.
const PATH_MAX: usize = 4096;

/// Each setting, once: its key, the type the file gives (and after `as` the type in effect,
/// when they differ), the default, and how the file's value is checked. The config file's
/// keys, its parsing, the defaults, the layering and `knead config` all come from this list.
/// A flag or environment variable that sets one is read in `commands::context`.
macro_rules! settings {
    (
        defaults($($param:ident: $param_type:ty),*);
        $(
            $(#[doc = $doc:literal])*
            $key:ident: $file:ty $(as $effective:ty)? = $default:expr, check $check:expr;
        )+
    ) => {
        /// Every key a config file may set, in the order `knead config` lists them.
        pub const KEYS: &[&str] = &[$(stringify!($key)),+];

        /// The values a config file sets, each with the line it stands on.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct ConfigFile {
            pub path: PathBuf,
            $(pub $key: Option<($file, usize)>,)+
        }

        /// Every setting in effect, with its origin.
        #[derive(Clone, Debug, PartialEq)]
        pub struct Settings {
            pub config_file: Setting<Option<PathBuf>>,
            $($(#[doc = $doc])* pub $key: Setting<in_effect!($file $(, $effective)?)>,)+
        }

        impl Settings {
            /// The built-in defaults.
            pub fn defaults($($param: $param_type),*) -> Self {
                Settings {
                    config_file: Setting::default(None),
                    $($key: Setting::default($default),)+
                }
            }

            /// Lays a config file over these settings.
            pub fn apply_file(&mut self, file: &ConfigFile, origin_of: impl Fn(usize) -> Origin) {
                $(
                    if let Some((value, line)) = &file.$key {
                        self.$key = Setting { value: value.clone().into(), origin: origin_of(*line) };
                    }
                )+
            }

            /// Each setting's key, its value as `knead config` shows it, and its origin.
            pub fn rows(&self) -> Vec<(&'static str, String, &Origin)> {
                vec![$((stringify!($key), self.$key.value.shown(), &self.$key.origin)),+]
            }
        }

        /// Checks the value of `key` (a known key) and keeps it in `config`.
        fn read_key(walk: &mut Walker, key: &str, value: &Value<'_>, place: &Place<'_>, config: &mut ConfigFile) {
            // Only for a known key: an unknown one is reported by `unknown_keys`, and finding
            // a line scans the text, which for thousands of unknown keys would add up.
            let line = || line_column(place.text, value.span().start).0;
            match key {
                $(stringify!($key) => {
                    let check: fn(&mut Walker, &Value<'_>, &'static str, &Place<'_>) -> Option<$file> = $check;
                    config.$key = check(walk, value, stringify!($key), place).map(|v| (v, line()));
                })+
                _ => {}
            }
        }
    };
}

/// The type of a setting in effect: the file's type unless another is given.
macro_rules! in_effect {
    ($file:ty) => {
        $file
    };
    ($file:ty, $effective:ty) => {
        $effective
    };
}

settings! {
    defaults(default_log: Option<PathBuf>);

    /// Ring the terminal bell at each step (never for sleep routines).
    bell: bool = true, check |walk, value, key, _| walk.boolean(value, key);
    /// Ask how tense the person feels before and after a session.
    ask_tension: bool = true, check |walk, value, key, _| walk.boolean(value, key);
    /// Day or night colours, or night for sleep routines and late hours.
    theme: ThemeChoice = ThemeChoice::Auto, check |walk, value, key, _| walk.word(value, key);
    /// The countdown before the first step.
    get_ready_seconds: u32 = 3, check |walk, value, key, _| walk.integer(value, key, WAIT_RANGE);
    /// The pause to switch sides.
    switch_side_seconds: u32 = 5, check |walk, value, key, _| walk.integer(value, key, WAIT_RANGE);
    /// The session log; by default `sessions.jsonl` in the platform's data folder, `None`
    /// without a home. Also `KNEAD_LOG_FILE` and `--log-file`.
    log_file: PathBuf as Option<PathBuf> = default_log,
        check |walk, value, key, place| walk.text(value, key, PATH_MAX).map(|raw| place.path(&raw));
    /// Folders of routines, loaded after the platform's own.
    routines_dirs: Vec<PathBuf> = Vec::new(),
        check |walk, value, key, place| {
            walk.string_list(value, key)
                .map(|list| list.iter().map(|raw| place.path(raw)).collect())
        };
    /// Scales every routine's length when no `--minutes` is given.
    default_minutes_scale: f64 = 1.0, check |walk, value, key, _| walk.float(value, key, SCALE_RANGE);
    /// Speak the cues.
    voice: bool = false, check |walk, value, key, _| walk.boolean(value, key);
    /// The program and arguments to speak with; `None` takes the first one found.
    voice_command: Vec<String> as Option<Vec<String>> = None,
        check |walk, value, key, _| match walk.string_list(value, key) {
            Some(parts) if parts.is_empty() => {
                walk.problems.push(
                    Problem::at(value.span(), "`voice_command` needs at least the program to run")
                        .with_hint("e.g. voice_command = [\"espeak-ng\", \"-s\", \"140\"]"),
                );
                None
            }
            parts => parts,
        };
    /// Tick at the step's tempo (never for sleep routines unless asked on the command line).
    metronome: bool = false, check |walk, value, key, _| walk.boolean(value, key);
}

vocabulary!(
    /// The colours of a session.
    ThemeChoice, "theme" {
        /// Night for sleep routines and between 21:00 and 06:00, day otherwise.
        Auto => "auto",
        Day => "day",
        Night => "night",
    }
);

impl ThemeChoice {
    /// Whether a session in this theme uses the night palette.
    pub fn is_night(self, sleep_routine: bool, hour: u32) -> bool {
        match self {
            ThemeChoice::Day => false,
            ThemeChoice::Night => true,
            ThemeChoice::Auto => sleep_routine || !(6..21).contains(&hour),
        }
    }
}

/// How `knead config` shows a setting's value.
pub trait Shown {
    fn shown(&self) -> String;
}

macro_rules! shown_as_displayed {
    ($($type:ty),+) => {$(
        impl Shown for $type {
            fn shown(&self) -> String {
                self.to_string()
            }
        }
    )+};
}

shown_as_displayed!(bool, u32, f64, ThemeChoice);

impl Shown for Option<PathBuf> {
    fn shown(&self) -> String {
        self.as_ref()
            .map_or("(none)".to_string(), |p| p.display().to_string())
    }
}

impl Shown for Vec<PathBuf> {
    fn shown(&self) -> String {
        if self.is_empty() {
            return "(none)".to_string();
        }
        let shown: Vec<String> = self.iter().map(|p| p.display().to_string()).collect();
        shown.join(", ")
    }
}

/// A command line, or none set: knead then speaks with the first program it finds.
impl Shown for Option<Vec<String>> {
    fn shown(&self) -> String {
        self.as_ref()
            .map_or("(first found)".to_string(), |command| command.join(" "))
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

/// What a path in the config file is taken relative to.
struct Place<'a> {
    /// The file's text, to turn a value's span into its line.
    text: &'a str,
    /// The config file's folder.
    base: &'a Path,
    home: Option<&'a Path>,
}

impl Place<'_> {
    fn path(&self, raw: &str) -> PathBuf {
        expand_path(raw, self.base, self.home)
    }
}

/// Parses a config file. `home` expands a leading `~/` in paths. Relative paths are taken
/// from the config file's folder, so a config means the same wherever knead is started.
pub fn parse_config(text: &str, path: &Path, home: Option<&Path>) -> Result<ConfigFile, FileProblems> {
    let fail = |problems: Vec<Problem>| FileProblems {
        path: path.display().to_string(),
        source: text.to_string(),
        problems,
    };
    let document = parse_document(text).map_err(fail)?;
    let table = document.get_ref();
    let mut walk = Walker::default();
    walk.unknown_keys(table, KEYS, "");
    let place = Place {
        text,
        base: path.parent().unwrap_or(Path::new(".")),
        home,
    };
    let mut config = ConfigFile {
        path: path.to_path_buf(),
        ..ConfigFile::default()
    };
    for (key, value) in table.iter() {
        read_key(&mut walk, key.get_ref(), value, &place, &mut config);
    }
    if walk.problems.is_empty() {
        Ok(config)
    } else {
        Err(fail(walk.problems))
    }
}

/// `~/x` is in the home folder; a relative path is beside the config file.
pub fn expand_path(raw: &str, base: &Path, home: Option<&Path>) -> PathBuf {
    match (raw.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => base.join(raw),
    }
}

impl Settings {
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
    match read_source(path, "the config file") {
        Ok(text) => parse_config(&text, path, home).map(Some),
        Err(SourceError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound && !named => Ok(None),
        Err(SourceError::Io(e)) => Err(FileProblems {
            path: path.display().to_string(),
            source: String::new(),
            problems: vec![Problem::whole_file(format!("cannot read the config file: {e}"))],
        }),
        Err(SourceError::Refused(problems)) => Err(problems),
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
    fn the_readme_shows_every_setting_in_the_order_knead_config_lists_them() {
        let readme = include_str!("../README.md");
        let section = readme.split("\n## Configuration\n").nth(1).unwrap();
        let sample = section.split("```toml\n").nth(1).unwrap();
        let sample = sample.split("```").next().unwrap();
        let keys: Vec<&str> = sample
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .collect();
        assert_eq!(keys, KEYS);
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
