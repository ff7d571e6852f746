//! Problems found in a TOML file (a routine or the config), reported like a compiler:
//! `path:line:column: error: message`, the source line with a caret under the spot, and a hint.
//! A warning (a routine that is valid but unwise) takes the same form with `warning:`.

use std::collections::HashMap;
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
    /// The values the field takes, shown after the hint: in full the first time a file's
    /// report shows this list, then as a pointer to it, so a file of many unknown spots does
    /// not print the thirty spots under every one.
    pub known: Option<KnownValues>,
    /// A word not among the values a field takes: the "did you mean" hint is worked out from
    /// it only when the problem is shown, so a file of thousands of unknown keys costs no
    /// more than the fifty shown.
    pub guess: Option<Guess>,
}

/// What a "did you mean" hint is made from: the word written, the values it may have meant,
/// and how a value is quoted in the hint (`` `key` `` for a field, `"value"` for a value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guess {
    pub word: String,
    pub among: Vec<&'static str>,
    pub quote: Quote,
}

/// How a value is quoted in a hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    /// A field name: `` `avoid_with` ``.
    Field,
    /// A value, as TOML writes a string: `"top-of-shoulder"`.
    Value,
}

impl Guess {
    fn hint(&self) -> Option<String> {
        let guesses = text::likely(&self.word, self.among.iter().copied());
        text::did_you_mean(&guesses, |v| match self.quote {
            Quote::Field => format!("`{v}`"),
            Quote::Value => format!("{v:?}"),
        })
    }
}

/// A list of the values a field takes: `label` says what they are ("known", "known fields").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KnownValues {
    pub label: &'static str,
    pub values: String,
}

impl Problem {
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            span: Some(span),
            message: message.into(),
            hint: None,
            known: None,
            guess: None,
        }
    }

    pub fn whole_file(message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            span: None,
            message: message.into(),
            hint: None,
            known: None,
            guess: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds the list of the values the field takes (see [`Problem::known`]).
    pub fn with_known(mut self, label: &'static str, values: impl Into<String>) -> Self {
        self.known = Some(KnownValues {
            label,
            values: values.into(),
        });
        self
    }

    /// Adds a "did you mean" hint for `word` among `among`, worked out when it is shown.
    pub fn with_guess(mut self, word: &str, among: Vec<&'static str>, quote: Quote) -> Self {
        self.guess = Some(Guess {
            word: word.to_string(),
            among,
            quote,
        });
        self
    }

    /// The help line, with the known values in full or, when `shown_at` says where an
    /// earlier problem of the same report listed them, a pointer there.
    fn help(&self, shown_at: Option<Option<usize>>) -> Option<String> {
        let known = self.known.as_ref().map(|known| match shown_at {
            None => format!("{}: {}", known.label, known.values),
            Some(Some(line)) => format!("{}: listed above, at line {line}", known.label),
            Some(None) => format!("{}: listed above", known.label),
        });
        let hint = self.hint.clone().or_else(|| self.guess.as_ref()?.hint());
        match (hint, known) {
            (Some(hint), Some(known)) => Some(format!("{hint} {known}")),
            (hint, known) => hint.or(known),
        }
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

/// 1-based line and column (in characters) of a byte offset. For many offsets into one text,
/// build a [`LineStarts`] once instead.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    LineStarts::new(source).line_column(source, offset)
}

/// Where each line of a text starts, found once, so that turning an offset into a line is a
/// binary search rather than a scan of everything before it: a file of thousands of problems
/// is rendered in time proportional to its size, not to its size times its problems.
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn new(source: &str) -> LineStarts {
        let newlines = memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1);
        LineStarts(std::iter::once(0).chain(newlines).collect())
    }

    /// The 0-based line that holds byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset) - 1
    }

    /// 1-based line and column (in characters) of a byte offset into `source`, the text
    /// this was built from.
    pub fn line_column(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = self.line_of(offset);
        let column = source[self.0[line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The byte range of whole lines `first..=last` (0-based), newlines included.
    fn lines(&self, source: &str, first: usize, last: usize) -> std::ops::Range<usize> {
        self.0[first]..self.0.get(last + 1).copied().unwrap_or(source.len())
    }
}

/// How many problems with a place are shown for one file; the rest are counted. A file that
/// is mostly mistakes (a wrong file, or one written by a program gone astray) says enough
/// about itself in its first ones.
pub const SHOWN_PER_FILE: usize = 50;

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
        let placed = problems.iter().filter(|p| p.span.is_some()).count();
        let hidden = placed.saturating_sub(SHOWN_PER_FILE);
        let lines = LineStarts::new(&self.source);
        // The first of those with a place, and every one about the whole file (a missing
        // field), which are few.
        let shown_problems = problems
            .iter()
            .enumerate()
            .filter(|(i, p)| *i < SHOWN_PER_FILE || p.span.is_none())
            .map(|(_, p)| *p);
        // Each list of known values in full once, where it is first shown: the line it is at.
        let mut lists_shown: HashMap<&KnownValues, Option<usize>> = HashMap::new();
        for problem in shown_problems {
            let message = text::sanitize(&problem.message);
            let severity = problem.severity.as_str();
            let line = problem.span.as_ref().map(|span| {
                let start = floor_char_boundary(&shown, span.start.min(shown.len()));
                lines.line_column(&self.source, start).0
            });
            let help = problem.help(
                problem
                    .known
                    .as_ref()
                    .and_then(|known| lists_shown.get(known).copied()),
            );
            if let Some(known) = &problem.known {
                lists_shown.entry(known).or_insert(line);
            }
            match &problem.span {
                Some(span) => {
                    let start = floor_char_boundary(&shown, span.start.min(shown.len()));
                    let end = floor_char_boundary(&shown, span.end.clamp(start, shown.len()));
                    let (line, column) = lines.line_column(&self.source, start);
                    let _ = writeln!(out, "{path}:{line}:{column}: {severity}: {message}");
                    // Only the lines the span is on go to the renderer, which would otherwise
                    // go through the whole file for every problem.
                    let last = lines.line_of(end.saturating_sub(1).max(start));
                    let quoted = lines.lines(&shown, line - 1, last);
                    let mut group = Group::with_level(problem.severity.level()).element(
                        Snippet::source(&shown[quoted.clone()])
                            .line_start(line)
                            .annotation(
                                AnnotationKind::Primary.span(start - quoted.start..end - quoted.start),
                            ),
                    );
                    if let Some(help) = &help {
                        group = group.element(Level::HELP.message(text::sanitize(help)));
                    }
                    let _ = writeln!(out, "{}", renderer.render(&[group]));
                }
                None => {
                    let _ = writeln!(out, "{path}: {severity}: {message}");
                    if let Some(help) = &help {
                        let _ = writeln!(out, "  = help: {}", text::sanitize(help));
                    }
                }
            }
        }
        if hidden > 0 {
            let _ = writeln!(
                out,
                "{path}: and {hidden} more problem{} not shown (the first {SHOWN_PER_FILE} are above)",
                if hidden == 1 { "" } else { "s" }
            );
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
    fn a_file_of_many_problems_shows_the_first_fifty_and_counts_the_rest() {
        let source: String = (0..16_000).map(|i| format!("k{i} = 1\n")).collect();
        let lines = LineStarts::new(&source);
        let mut problems = Vec::new();
        let mut at = 0;
        for i in 0..16_000 {
            problems.push(Problem::at(
                at..at + 1 + i.to_string().len(),
                format!("unknown key k{i}"),
            ));
            at = source[at..].find('\n').unwrap() + at + 1;
        }
        problems.push(Problem::whole_file("missing field `name`"));
        assert_eq!(lines.line_column(&source, at - 2), (16_000, 10));
        let file = FileProblems {
            path: "r.toml".into(),
            source,
            problems,
        };
        let shown = file.render(false);
        assert!(shown.contains("r.toml:50:1: error: unknown key k49\n"), "{shown}");
        assert!(shown.contains("50 | k49 = 1\n"), "{shown}");
        assert!(!shown.contains("k50"), "{shown}");
        assert!(shown.contains("r.toml: error: missing field `name`\n"), "{shown}");
        assert!(
            shown.ends_with("r.toml: and 15950 more problems not shown (the first 50 are above)\n"),
            "{shown}"
        );
    }

    #[test]
    fn the_known_values_are_listed_once_and_pointed_to_after() {
        let file = FileProblems {
            path: "r.toml".into(),
            source: "a = \"x\"\nb = \"y\"\nc = \"z\"\n".into(),
            // Found in another order than the lines'.
            problems: vec![
                Problem::at(16..19, "unknown c").with_known("known", "p, q"),
                Problem::at(4..7, "unknown a")
                    .with_hint("did you mean \"p\"?")
                    .with_known("known", "p, q"),
                Problem::at(10..13, "unknown b").with_known("known fields", "k, l"),
            ],
        };
        let helps: Vec<String> = file
            .render(false)
            .lines()
            .filter_map(|l| l.split_once("= help: ").map(|(_, h)| h.to_string()))
            .collect();
        assert_eq!(
            helps,
            [
                "did you mean \"p\"? known: p, q",
                "known fields: k, l",
                "known: listed above, at line 1",
            ]
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
