//! `knead config` and `knead paths`.

use std::io::Write;
use std::process::ExitCode;

use super::context::Context;
use super::write_err;
use crate::config::Setting;
use crate::error::Result;
use crate::table::Table;

fn shown<T: std::fmt::Display>(setting: &Setting<T>) -> [String; 2] {
    [setting.value.to_string(), setting.origin.to_string()]
}

fn path_or_none(path: &Option<std::path::PathBuf>) -> String {
    path.as_ref()
        .map_or("(none)".to_string(), |p| p.display().to_string())
}

pub fn config(context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let s = &context.settings;
    let mut table = Table::new(["SETTING", "VALUE", "FROM"]);
    let mut row = |name: &str, [value, origin]: [String; 2]| table.row(vec![name.to_string(), value, origin]);
    row("bell", shown(&s.bell));
    row("ask_tension", shown(&s.ask_tension));
    row(
        "theme",
        [s.theme.value.as_str().to_string(), s.theme.origin.to_string()],
    );
    row("get_ready_seconds", shown(&s.get_ready_seconds));
    row("switch_side_seconds", shown(&s.switch_side_seconds));
    row(
        "log_file",
        [path_or_none(&s.log_file.value), s.log_file.origin.to_string()],
    );
    let dirs: Vec<String> = s
        .routines_dirs
        .value
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    row(
        "routines_dirs",
        [
            if dirs.is_empty() {
                "(none)".into()
            } else {
                dirs.join(", ")
            },
            s.routines_dirs.origin.to_string(),
        ],
    );
    row("default_minutes_scale", shown(&s.default_minutes_scale));
    row("voice", shown(&s.voice));
    let command = s
        .voice_command
        .value
        .as_ref()
        .map_or("(first found)".to_string(), |c| c.join(" "));
    row("voice_command", [command, s.voice_command.origin.to_string()]);
    row("metronome", shown(&s.metronome));
    table.write(out).map_err(write_err("writing the settings"))?;
    let file = path_or_none(&s.config_file.value);
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
        path_or_none(&s.config_file.value),
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
        path_or_none(&s.log_file.value),
        s.log_file.origin.to_string(),
    ]);
    table.write(out).map_err(write_err("writing the paths"))?;
    Ok(ExitCode::SUCCESS)
}
