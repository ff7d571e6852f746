//! The person's text editor: `$VISUAL`, then `$EDITOR`, then `vi`, the order git and most
//! Unix tools follow. The value is split on whitespace and run directly, never through a
//! shell, so `EDITOR="code -w"` works and a file name can never be taken for shell syntax.

use std::fmt;
use std::path::Path;
use std::process::{Command, ExitStatus};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorCommand {
    pub program: String,
    pub args: Vec<String>,
    /// Where it came from, for messages: "$VISUAL", "$EDITOR" or "the default".
    pub origin: &'static str,
}

/// Why the editor did not run to a clean end.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error(
        "cannot start the editor `{program}` (from {origin}): {source}; set VISUAL or EDITOR to one you have"
    )]
    Start {
        program: String,
        origin: &'static str,
        source: std::io::Error,
    },
    #[error("the editor `{program}` ended with {status}")]
    Failed { program: String, status: ExitStatus },
}

impl EditorCommand {
    /// The editor named by the values of `VISUAL` and `EDITOR`; a value that is empty or only
    /// spaces counts as unset.
    pub fn from_vars(visual: Option<&str>, editor: Option<&str>) -> EditorCommand {
        let named = [(visual, "$VISUAL"), (editor, "$EDITOR")]
            .into_iter()
            .find_map(|(value, origin)| {
                let mut words = value?.split_whitespace().map(str::to_string);
                let program = words.next()?;
                Some(EditorCommand {
                    program,
                    args: words.collect(),
                    origin,
                })
            });
        named.unwrap_or_else(|| EditorCommand {
            program: "vi".to_string(),
            args: Vec::new(),
            origin: "the default",
        })
    }

    /// Opens `path` and waits for the editor to close. The terminal is the editor's until
    /// then.
    pub fn edit(&self, path: &Path) -> Result<(), EditorError> {
        // Like git: while the editor runs, Ctrl-C and Ctrl-\ are the editor's business. Left
        // at their defaults they would end knead too, and a file saved before the editor
        // quit would go unchecked. The editor itself starts with the default actions, since
        // handlers are reset when it is executed. Nothing follows the editor but the check,
        // so the handlers are left in place.
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGQUIT] {
            let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let _ = signal_hook::flag::register(signal, ignored);
        }
        let status = Command::new(&self.program)
            .args(&self.args)
            .arg(path)
            .status()
            .map_err(|source| EditorError::Start {
                program: crate::text::sanitize(&self.program),
                origin: self.origin,
                source,
            })?;
        if status.success() {
            Ok(())
        } else {
            Err(EditorError::Failed {
                program: crate::text::sanitize(&self.program),
                status,
            })
        }
    }
}

impl fmt::Display for EditorCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.program)?;
        for arg in &self.args {
            write!(f, " {arg}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(visual: Option<&str>, editor: Option<&str>) -> (String, Vec<String>, &'static str) {
        let e = EditorCommand::from_vars(visual, editor);
        (e.program, e.args, e.origin)
    }

    #[test]
    fn visual_then_editor_then_vi() {
        assert_eq!(chosen(Some("nano"), Some("ed")).0, "nano");
        assert_eq!(chosen(None, Some("ed")), ("ed".into(), vec![], "$EDITOR"));
        assert_eq!(chosen(None, None), ("vi".into(), vec![], "the default"));
        assert_eq!(chosen(Some("  "), Some("")), ("vi".into(), vec![], "the default"));
        assert_eq!(chosen(Some(""), Some("ed")).2, "$EDITOR");
    }

    #[test]
    fn the_value_is_split_on_whitespace_not_by_a_shell() {
        let (program, args, origin) = chosen(Some("code  -w\t--new-window"), None);
        assert_eq!((program.as_str(), origin), ("code", "$VISUAL"));
        assert_eq!(args, ["-w", "--new-window"]);
        // Quotes and `;` mean nothing: they are passed on as they are.
        let (program, args, _) = chosen(None, Some("vi ';' \"x\""));
        assert_eq!(program, "vi");
        assert_eq!(args, ["';'", "\"x\""]);
    }

    #[test]
    fn a_missing_editor_is_an_error_naming_it_and_where_it_came_from() {
        let editor = EditorCommand::from_vars(None, Some("/nonexistent/knead-editor -w"));
        let err = editor.edit(Path::new("/tmp/x.toml")).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with("cannot start the editor `/nonexistent/knead-editor` (from $EDITOR): "),
            "{shown}"
        );
        assert_eq!(editor.to_string(), "/nonexistent/knead-editor -w");
    }
}
