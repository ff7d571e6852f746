//! Problems found in a TOML file (a routine or the config), reported like a compiler:
//! `path:line:column: error: message`, the source line with a caret under the spot, and a hint.
//! A warning (a routine that is valid but unwise) takes the same form with `warning:`.

use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::text;

/// How much a problem matters: an error keeps the file from being used, a warning does not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

impl Severity {
    /// The word after the place: `path:1:6: error: ...`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    fn level(self) -> Level<'static> {
        match self {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        }
    }
}

/// One problem at one place in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// Byte range in the file; `None` when the problem is about the file as a whole.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            span: Some(span),
            message: message.into(),
            hint: None,
        }
    }

    pub fn whole_file(message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            span: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same problem as a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }
}

/// Every problem found in one file, with the text needed to show where they are.
#[derive(Clone, Debug)]
pub struct FileProblems {
    pub path: String,
    pub source: String,
    pub problems: Vec<Problem>,
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl FileProblems {
    /// Renders every problem; `color` adds the compiler-style colours.
    pub fn render(&self, color: bool) -> String {
        let path = text::sanitize(&self.path);
        // The snippet shows the file's own text, which may hold escape sequences: the copy
        // keeps byte offsets so spans still point at the right characters.
        let shown = text::sanitize_keeping_offsets(&self.source);
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        // Problems are found key by key, not line by line; a reader wants them top to bottom,
        // then those about the whole file.
        let mut problems: Vec<&Problem> = self.problems.iter().collect();
        problems.sort_by_key(|p| p.span.as_ref().map_or(usize::MAX, |s| s.start));
        for problem in problems {
            let message = text::sanitize(&problem.message);
            let severity = problem.severity.as_str();
            match &problem.span {
                Some(span) => {
                    let start = floor_char_boundary(&shown, span.start.min(shown.len()));
                    let end = floor_char_boundary(&shown, span.end.clamp(start, shown.len()));
                    let (line, column) = line_column(&self.source, start);
                    let _ = writeln!(out, "{path}:{line}:{column}: {severity}: {message}");
                    let mut group = Group::with_level(problem.severity.level()).element(
                        Snippet::source(shown.as_str())
                            .line_start(1)
                            .annotation(AnnotationKind::Primary.span(start..end)),
                    );
                    if let Some(hint) = &problem.hint {
                        group = group.element(Level::HELP.message(text::sanitize(hint)));
                    }
                    let _ = writeln!(out, "{}", renderer.render(&[group]));
                }
                None => {
                    let _ = writeln!(out, "{path}: {severity}: {message}");
                    if let Some(hint) = &problem.hint {
                        let _ = writeln!(out, "  = help: {}", text::sanitize(hint));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        // "é" is two bytes but one column.
        assert_eq!(line_column(src, src.rfind('=').unwrap()), (2, 4));
    }

    #[test]
    fn rendering_names_the_place_and_hides_escapes() {
        let source = "name = \"x\u{1b}[31m\"\n".to_string();
        let file = FileProblems {
            path: "r.toml".into(),
            source,
            problems: vec![Problem::at(7..15, "bad text").with_hint("remove it")],
        };
        let shown = file.render(false);
        assert!(shown.starts_with("r.toml:1:8: error: bad text\n"), "{shown}");
        assert!(shown.contains("^"), "{shown}");
        assert!(shown.contains("help: remove it"), "{shown}");
        assert!(!shown.contains('\u{1b}'));
    }

    #[test]
    fn a_warning_takes_the_same_form_with_its_own_word() {
        let source = "name = \"x\"\npressure = \"firm\"\n".to_string();
        let file = FileProblems {
            path: "r.toml".into(),
            source,
            problems: vec![
                Problem::at(22..28, "firm pressure on the neck")
                    .with_hint("keep it light")
                    .as_warning(),
                Problem::whole_file("the routine has no cautions").as_warning(),
            ],
        };
        let shown = file.render(false);
        assert_eq!(
            shown,
            "r.toml:2:12: warning: firm pressure on the neck\n  |\n2 | pressure = \"firm\"\n  |            ^^^^^^\n  |\n  = help: keep it light\n\
             r.toml: warning: the routine has no cautions\n"
        );
    }

    #[test]
    fn a_file_with_windows_line_endings_is_quoted_without_stray_marks() {
        let file = FileProblems {
            path: "r.toml".into(),
            source: "a = 1\r\nname = 5\r\n".into(),
            problems: vec![Problem::at(14..15, "bad")],
        };
        let shown = file.render(false);
        assert!(shown.starts_with("r.toml:2:8: error: bad\n"), "{shown}");
        assert!(shown.contains("2 | name = 5\n"), "{shown}");
        assert!(!shown.contains('?') && !shown.contains('\r'), "{shown}");
    }
}
