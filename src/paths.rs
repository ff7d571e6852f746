//! Where knead keeps its files, following the platform's conventions (XDG on Linux).

use std::path::PathBuf;

/// The platform folders for knead; `None` where the platform has no home to put them in.
#[derive(Clone, Debug, Default)]
pub struct PlatformDirs {
    pub config: Option<PathBuf>,
    pub data: Option<PathBuf>,
}

impl PlatformDirs {
    pub fn detect() -> Self {
        match directories::ProjectDirs::from("", "", "knead") {
            Some(dirs) => PlatformDirs {
                config: Some(dirs.config_dir().to_path_buf()),
                data: Some(dirs.data_dir().to_path_buf()),
            },
            None => PlatformDirs::default(),
        }
    }

    /// `$XDG_CONFIG_HOME/knead/routines`.
    pub fn routines(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|c| c.join("routines"))
    }
}
