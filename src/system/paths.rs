//! Where knead keeps its files. On every Unix, macOS included, that is the XDG base directory
//! layout the help and the README promise: `$XDG_CONFIG_HOME/knead` (else `~/.config/knead`)
//! and `$XDG_DATA_HOME/knead` (else `~/.local/share/knead`). Elsewhere the platform's own
//! folders (`directories`), since XDG means nothing there.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The folders for knead; `None` where there is no home to put them in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlatformDirs {
    pub config: Option<PathBuf>,
    pub data: Option<PathBuf>,
    /// What `~/` means in the config file.
    pub home: Option<PathBuf>,
}

impl PlatformDirs {
    #[cfg(unix)]
    pub fn detect() -> Self {
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            // Without $HOME, the account's home from the system, as a shell would find it.
            .or_else(std::env::home_dir)
            .filter(|h| !h.as_os_str().is_empty());
        Self::xdg(|name| std::env::var_os(name), home)
    }

    #[cfg(not(unix))]
    pub fn detect() -> Self {
        let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
        match directories::ProjectDirs::from("", "", "knead") {
            Some(dirs) => PlatformDirs {
                config: Some(dirs.config_dir().to_path_buf()),
                data: Some(dirs.data_dir().to_path_buf()),
                home,
            },
            None => PlatformDirs {
                home,
                ..PlatformDirs::default()
            },
        }
    }

    /// The XDG layout from the variables `var` reads and the home folder. A relative or
    /// empty `XDG_*_HOME` is ignored, as the specification says.
    pub fn xdg(var: impl Fn(&str) -> Option<OsString>, home: Option<PathBuf>) -> Self {
        let base = |name: &str, under_home: &str| {
            var(name)
                .map(PathBuf::from)
                .filter(|dir| dir.is_absolute())
                .or_else(|| home.as_deref().map(|h| h.join(under_home)))
                .map(|dir| dir.join("knead"))
        };
        PlatformDirs {
            config: base("XDG_CONFIG_HOME", ".config"),
            data: base("XDG_DATA_HOME", ".local/share"),
            home: home.clone(),
        }
    }

    /// `$XDG_CONFIG_HOME/knead/routines`.
    pub fn routines(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|c| c.join("routines"))
    }

    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xdg(vars: &[(&str, &str)], home: Option<&str>) -> PlatformDirs {
        PlatformDirs::xdg(
            |name| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| OsString::from(value))
            },
            home.map(PathBuf::from),
        )
    }

    #[test]
    fn the_xdg_variables_win_over_the_home_folder() {
        let dirs = xdg(
            &[("XDG_CONFIG_HOME", "/cfg"), ("XDG_DATA_HOME", "/data")],
            Some("/home/me"),
        );
        assert_eq!(dirs.config, Some(PathBuf::from("/cfg/knead")));
        assert_eq!(dirs.data, Some(PathBuf::from("/data/knead")));
        assert_eq!(dirs.routines(), Some(PathBuf::from("/cfg/knead/routines")));
    }

    #[test]
    fn without_them_the_folders_are_under_the_home_folder() {
        let dirs = xdg(&[], Some("/home/me"));
        assert_eq!(dirs.config, Some(PathBuf::from("/home/me/.config/knead")));
        assert_eq!(dirs.data, Some(PathBuf::from("/home/me/.local/share/knead")));
        assert_eq!(dirs.home(), Some(Path::new("/home/me")));
    }

    #[test]
    fn a_relative_or_empty_xdg_variable_is_ignored() {
        let dirs = xdg(
            &[("XDG_CONFIG_HOME", "cfg"), ("XDG_DATA_HOME", "")],
            Some("/home/me"),
        );
        assert_eq!(dirs.config, Some(PathBuf::from("/home/me/.config/knead")));
        assert_eq!(dirs.data, Some(PathBuf::from("/home/me/.local/share/knead")));
    }

    #[test]
    fn without_a_home_only_the_xdg_variables_give_folders() {
        let dirs = xdg(&[("XDG_CONFIG_HOME", "/cfg")], None);
        assert_eq!(dirs.config, Some(PathBuf::from("/cfg/knead")));
        assert_eq!(dirs.data, None);
    }
}
