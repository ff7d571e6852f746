//! Helpers shared by the integration tests.

use std::path::Path;

use assert_cmd::Command;

/// The real `knead` binary with a clean, private environment: no user config, routines or log
/// from the machine running the tests can leak in.
pub fn knead(home: &Path) -> Command {
    Command::from_std(knead_process(home))
}

/// The same as [`knead`], as a plain process for tests that drive its pipes themselves.
pub fn knead_process(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_knead"));
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1");
    cmd
}
