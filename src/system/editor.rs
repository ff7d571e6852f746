//! The person's text editor: `$VISUAL`, then `$EDITOR`, then `vi`, the order git and most
//! Unix tools follow. The value is split into words as a shell would split it (quotes and
//! backslashes group, `shell-words`), then run directly, never through a shell: so
//! `EDITOR="code -w"` and `EDITOR='"/opt/My Editor/ed" -w'` work, and a file name can never be
//! taken for shell syntax.

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

/// A `VISUAL` or `EDITOR` value that cannot be split into words.
#[derive(Debug, thiserror::Error)]
#[error(
    "{origin} cannot be split into words ({reason}): {value}; quote it as you would in a shell, \
     e.g. '\"/opt/My Editor/ed\" -w'"
)]
pub struct UnparsableEditor {
    origin: &'static str,
    value: String,
    reason: String,
}

impl EditorCommand {
    /// The editor named by the values of `VISUAL` and `EDITOR`; a value that is empty or only
    /// spaces counts as unset. A value with an unclosed quote or a trailing backslash is an
    /// error rather than a guess.
    pub fn from_vars(visual: Option<&str>, editor: Option<&str>) -> Result<EditorCommand, UnparsableEditor> {
        for (value, origin) in [(visual, "$VISUAL"), (editor, "$EDITOR")] {
            let Some(value) = value else { continue };
            let words = shell_words::split(value).map_err(|e| UnparsableEditor {
                origin,
                value: crate::text::sanitize(value),
                reason: e.to_string(),
            })?;
            let mut words = words.into_iter();
            if let Some(program) = words.next() {
                return Ok(EditorCommand {
                    program,
                    args: words.collect(),
                    origin,
                });
            }
        }
        Ok(EditorCommand {
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

/// The command as a shell would read it back: words with spaces or quotes in them quoted.
impl fmt::Display for EditorCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = std::iter::once(&self.program).chain(&self.args);
        f.write_str(&shell_words::join(words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(visual: Option<&str>, editor: Option<&str>) -> (String, Vec<String>, &'static str) {
        let e = EditorCommand::from_vars(visual, editor).unwrap();
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
    fn the_value_is_split_into_words_as_a_shell_would() {
        let (program, args, origin) = chosen(Some("code  -w\t--new-window"), None);
        assert_eq!((program.as_str(), origin), ("code", "$VISUAL"));
        assert_eq!(args, ["-w", "--new-window"]);
        assert_eq!(chosen(None, Some("code --wait")).1, ["--wait"]);
        // A quoted path with a space in it is one word, the quotes gone.
        let (program, args, _) = chosen(None, Some(r#""/opt/My Editor/ed" -w 'a b' c\ d"#));
        assert_eq!(program, "/opt/My Editor/ed");
        assert_eq!(args, ["-w", "a b", "c d"]);
        let editor = EditorCommand::from_vars(None, Some(r#""/opt/My Editor/ed" -w"#)).unwrap();
        assert_eq!(editor.to_string(), "'/opt/My Editor/ed' -w");
    }

    #[test]
    fn a_missing_editor_is_an_error_naming_it_and_where_it_came_from() {
        let editor = EditorCommand::from_vars(None, Some("/nonexistent/knead-editor -w")).unwrap();
        let err = editor.edit(Path::new("/tmp/x.toml")).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with("cannot start the editor `/nonexistent/knead-editor` (from $EDITOR): "),
            "{shown}"
        );
        assert_eq!(editor.to_string(), "/nonexistent/knead-editor -w");
    }

    #[test]
    fn an_unclosed_quote_is_an_error_naming_the_variable() {
        let err = EditorCommand::from_vars(None, Some("\"/opt/My Editor/ed -w")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "$EDITOR cannot be split into words (missing closing quote): \"/opt/My Editor/ed -w; \
             quote it as you would in a shell, e.g. '\"/opt/My Editor/ed\" -w'"
        );
        // The broken value is reported even when a later one would do: it was chosen first.
        let err = EditorCommand::from_vars(Some("vi 'x"), Some("nano")).unwrap_err();
        assert!(err.to_string().starts_with("$VISUAL cannot"), "{err}");
    }
}
