//! Speaking through an external program (espeak-ng, espeak, spd-say, say, or one the person
//! names). Speech runs as a child process and is never waited for, so the timer can never be
//! held up by it; a new utterance cuts the previous one short.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The programs tried, in order, when none is configured.
pub const KNOWN_PROGRAMS: &[&str] = &["espeak-ng", "espeak", "spd-say", "say"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no speech program found (tried {}); the session runs silent. Install one, e.g. `apt-get install espeak-ng`, or set --voice-command",
    KNOWN_PROGRAMS.join(", ")
)]
pub struct NoSpeechProgram;

/// A speech program the person named that cannot be started.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot start the speech program `{program}`: {reason}; the session runs silent")]
pub struct CannotStart {
    /// As given, made safe to print.
    pub program: String,
    pub reason: &'static str,
}

/// How to start the speech program: the program, its arguments, and whether it takes `--`
/// before the text so that text beginning with `-` is spoken, not read as an option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub end_of_options: bool,
}

impl SpeechCommand {
    /// A command the person gave: used as it is, the text passed as its last argument.
    pub fn custom(parts: &[String]) -> Option<Self> {
        let (program, args) = parts.split_first()?;
        Some(SpeechCommand {
            program: program.into(),
            args: args.iter().map(OsString::from).collect(),
            end_of_options: false,
        })
    }

    /// The first known program found on `path` (the value of `PATH`).
    pub fn find(path: Option<&std::ffi::OsStr>) -> Result<Self, NoSpeechProgram> {
        let dirs = search_dirs(path);
        KNOWN_PROGRAMS
            .iter()
            .find_map(|name| dirs.iter().map(|d| d.join(name)).find(|p| is_executable(p)))
            .map(|program| SpeechCommand {
                program,
                args: Vec::new(),
                end_of_options: true,
            })
            .ok_or(NoSpeechProgram)
    }

    /// Whether the program can be started, looked up as the system will: a name with a
    /// folder in it as a file, a bare name on `path` (the value of `PATH`). Speech failing at
    /// each cue would go unnoticed, so a wrong name is caught before the session.
    pub fn check(&self, path: Option<&std::ffi::OsStr>) -> Result<(), CannotStart> {
        let program = &self.program;
        let reason = if program.components().count() > 1 {
            if is_executable(program) {
                return Ok(());
            }
            if program.exists() {
                "not an executable file"
            } else {
                "no such file"
            }
        } else {
            if search_dirs(path).iter().any(|d| is_executable(&d.join(program))) {
                return Ok(());
            }
            "not found on PATH"
        };
        Err(CannotStart {
            program: crate::text::sanitize(&program.display().to_string()),
            reason,
        })
    }
}

fn search_dirs(path: Option<&std::ffi::OsStr>) -> Vec<PathBuf> {
    path.map(|p| std::env::split_paths(p).collect())
        .unwrap_or_default()
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// The voice of a session.
#[derive(Debug)]
pub struct Voice {
    command: SpeechCommand,
    speaking: Option<Child>,
}

impl Voice {
    pub fn new(command: SpeechCommand) -> Self {
        Voice {
            command,
            speaking: None,
        }
    }

    /// Starts speaking `text`, cutting short whatever is still being said. The text goes to
    /// the program as one argument, never through a shell.
    pub fn say(&mut self, text: &str) {
        self.stop();
        let mut command = Command::new(&self.command.program);
        command.args(&self.command.args);
        if self.command.end_of_options {
            command.arg("--");
        }
        command
            .arg(crate::text::sanitize(text))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // In a group of its own, so that ending it ends whatever it started too (a wrapper
        // script's own speech program, a `sleep`), not just the program itself.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        // A program that fails to start leaves the session silent, not broken.
        self.speaking = command.spawn().ok();
    }

    /// Ends the current utterance (pausing the session silences it).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.speaking.take()
            && child.try_wait().ok().flatten().is_none()
        {
            end_group(&mut child);
            let _ = child.wait();
        }
    }

    /// Lets the last utterance ("Session complete") finish, reaping it if it already has.
    pub fn finish(mut self) {
        if let Some(mut child) = self.speaking.take() {
            let _ = child.try_wait();
        }
    }
}

/// Ends `child` and every process in its group (it leads one: see `say`).
fn end_group(child: &mut Child) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::process::{Pid, Signal, kill_process_group};
        if let Some(group) = i32::try_from(child.id()).ok().and_then(Pid::from_raw) {
            let _ = kill_process_group(group, Signal::KILL);
        }
    }
    #[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    // The leader itself, wherever groups are not there to end it.
    let _ = child.kill();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_known_program_on_the_path() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["spd-say", "espeak"] {
            let path = dir.path().join(name);
            std::fs::write(&path, "#!/bin/sh\n").unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        let found = SpeechCommand::find(Some(dir.path().as_os_str())).unwrap();
        assert_eq!(found.program, dir.path().join("espeak"));
        assert!(found.end_of_options);
    }

    fn executable(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        path
    }

    /// Whether process `pid` is gone (or a zombie waiting to be reaped).
    #[cfg(target_os = "linux")]
    fn gone(pid: &str) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|rest| rest.trim_start().starts_with('Z'))
        })
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_cut_short_cue_ends_what_the_program_started_too() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("sleep.pid");
        let script = dir.path().join("speak");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nsleep 1000 &\necho $! > {}\nwait\n",
                pid_file.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut voice = Voice::new(command(script.to_str().unwrap()));
        voice.say("Step one");
        let pid = loop {
            match std::fs::read_to_string(&pid_file) {
                Ok(pid) if pid.ends_with('\n') => break pid.trim().to_string(),
                _ => std::thread::sleep(std::time::Duration::from_millis(10)),
            }
        };
        assert!(!gone(&pid));
        voice.stop();
        // SIGKILL is delivered at once; the orphan is reaped by whoever adopts it.
        for _ in 0..500 {
            if gone(&pid) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the speech program's `sleep` {pid} outlived it");
    }

    fn command(program: &str) -> SpeechCommand {
        SpeechCommand::custom(&[program.to_string(), "-s".to_string()]).unwrap()
    }

    #[test]
    fn a_named_program_is_looked_up_as_the_system_would() {
        let dir = tempfile::tempdir().unwrap();
        let speak = executable(dir.path(), "speak");
        let path = Some(dir.path().as_os_str());
        assert_eq!(command(speak.to_str().unwrap()).check(None), Ok(()));
        assert_eq!(command("speak").check(path), Ok(()));
        let reason = |program: &str, path| command(program).check(path).unwrap_err().reason;
        assert_eq!(reason("speak", None), "not found on PATH");
        assert_eq!(reason("/nonexistent/speak", path), "no such file");
        assert_eq!(
            reason(dir.path().to_str().unwrap(), path),
            "not an executable file"
        );
    }

    #[test]
    fn a_program_that_cannot_start_is_named_safely() {
        let err = command("/nonexistent/\u{1b}[2Jspeak").check(None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot start the speech program `/nonexistent/\u{fffd}[2Jspeak`: no such file; the session runs silent"
        );
    }

    #[test]
    fn nothing_found_says_what_was_tried_and_how_to_install() {
        let empty = tempfile::tempdir().unwrap();
        let err = SpeechCommand::find(Some(empty.path().as_os_str())).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("espeak-ng, espeak, spd-say, say"), "{message}");
        assert!(message.contains("apt-get install espeak-ng"), "{message}");
    }
}
