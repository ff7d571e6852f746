//! Helpers shared by the integration tests.

use std::path::Path;

use assert_cmd::Command;

/// The real `knead` binary with a clean, private environment: no user config, routines or log
/// from the machine running the tests can leak in.
pub fn knead(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("knead").expect("the knead binary is built");
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1");
    cmd
}
