//! `knead config` and `knead paths`.

use std::io::Write;
use std::process::ExitCode;

use super::context::Context;
use super::write_err;
use crate::config::Shown;
use crate::error::Result;
use crate::table::Table;

pub fn config(context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let s = &context.settings;
    let mut table = Table::new(["SETTING", "VALUE", "FROM"]);
    for (key, value, origin) in s.rows() {
        table.row(vec![key.to_string(), value, origin.to_string()]);
    }
    table.write(out).map_err(write_err("writing the settings"))?;
    let file = s.config_file.value.shown();
    let exists = s.config_file.value.as_ref().is_some_and(|p| p.exists());
    writeln!(
        out,
        "\nconfig file: {}{}",
        crate::text::sanitize(&file),
        if exists {
            ""
        } else {
            " (not present; defaults apply)"
        }
    )
    .map_err(write_err("writing the settings"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn paths(context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let s = &context.settings;
    let mut table = Table::new(["WHAT", "PATH", "FROM"]);
    table.row(vec![
        "config file".into(),
        s.config_file.value.shown(),
        s.config_file.origin.to_string(),
    ]);
    for (folder, origin) in &context.routine_folders {
        table.row(vec![
            "routines".into(),
            folder.path.display().to_string(),
            origin.to_string(),
        ]);
    }
    table.row(vec![
        "log file".into(),
        s.log_file.value.shown(),
        s.log_file.origin.to_string(),
    ]);
    table.row(vec![
        "health profile".into(),
        context.profile_file.clone().shown(),
        "default".into(),
    ]);
    table.row(vec![
        "plans".into(),
        context.user_plans.clone().shown(),
        "default".into(),
    ]);
    table.row(vec![
        "plan state".into(),
        context.plan_state_file().ok().shown(),
        "default".into(),
    ]);
    table.write(out).map_err(write_err("writing the paths"))?;
    Ok(ExitCode::SUCCESS)
}
