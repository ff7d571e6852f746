//! Fuzz-style properties of the routine parser: whatever a routine file holds, knead answers
//! with a routine or with problems that point inside the file, and never panics.

use std::path::Path;

use knead::routine::library::load_file;
use knead::routine::parse::{
    CAUTION_MAX, CAUTIONS_MAX, CUE_MAX, NAME_MAX, STEPS_MAX, SUMMARY_MAX, id_problem,
};
use knead::routine::{FileProblems, Routine, Source, parse_routine};
use knead::text::is_unsafe_char;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestRunner};

const NECK_RELEASE: &str = include_str!("../routines/neck-release.toml");

/// `cases` keeps the whole test run quick on two cores; `PROPTEST_CASES=20000 cargo test
/// fuzz_routine` searches deeper.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        // Shrunk failures are printed; no regression files are written next to the tests.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Everything a person would see of `problems` must make sense: spans inside the text, each
/// `path:line:column` on a real line and column, and nothing that could drive a terminal.
fn check_problems(file: &FileProblems) -> Result<(), TestCaseError> {
    prop_assert!(!file.problems.is_empty(), "an error without a problem");
    for problem in &file.problems {
        if let Some(span) = &problem.span {
            prop_assert!(
                span.start <= span.end && span.end <= file.source.len(),
                "span {span:?} outside a text of {} bytes: {}",
                file.source.len(),
                problem.message
            );
        }
    }
    let shown = file.render(false);
    prop_assert!(
        !shown.chars().any(|c| c != '\n' && is_unsafe_char(c)),
        "unsafe character in {shown:?}"
    );
    let lines: Vec<&str> = file.source.split('\n').collect();
    let prefix = format!("{}:", file.path);
    let mut headlines = 0;
    for headline in shown.lines().filter(|l| l.starts_with(&prefix)) {
        let Some(end) = headline.find(": error: ") else {
            continue;
        };
        headlines += 1;
        if end < prefix.len() {
            continue; // `path: error: ...`, about the whole file
        }
        let place = &headline[prefix.len()..end];
        let (line, column) = place.split_once(':').expect("line:column");
        let (line, column): (usize, usize) = (line.parse().unwrap(), column.parse().unwrap());
        prop_assert!((1..=lines.len()).contains(&line), "{headline}");
        let width = lines[line - 1].chars().count();
        prop_assert!(
            (1..=width + 1).contains(&column),
            "{headline} (line of {width} characters)"
        );
    }
    // Every problem about the whole file, and those with a place up to the cap per file.
    let placed = file.problems.iter().filter(|p| p.span.is_some()).count();
    let whole = file.problems.len() - placed;
    prop_assert_eq!(
        headlines,
        placed.min(knead::toml_check::SHOWN_PER_FILE) + whole,
        "one headline per problem shown:\n{}",
        shown
    );
    Ok(())
}

/// What a valid routine promises the rest of the program.
fn check_routine(r: &Routine) -> Result<(), TestCaseError> {
    prop_assert!(id_problem(&r.id).is_none(), "bad id {:?}", r.id);
    let texts = [(&r.name, NAME_MAX), (&r.summary, SUMMARY_MAX)]
        .into_iter()
        .chain(r.cautions.iter().map(|c| (c, CAUTION_MAX)))
        .chain(
            r.steps
                .iter()
                .flat_map(|s| [(&s.name, NAME_MAX), (&s.cue, CUE_MAX)]),
        );
    for (text, max) in texts {
        let count = text.chars().count();
        prop_assert!((1..=max).contains(&count) && !text.trim().is_empty(), "{text:?}");
        prop_assert!(!text.chars().any(is_unsafe_char), "{text:?}");
    }
    prop_assert!(!r.areas.is_empty() && !r.goals.is_empty());
    prop_assert!(r.cautions.len() <= CAUTIONS_MAX);
    prop_assert!((1..=STEPS_MAX).contains(&r.steps.len()));
    for step in &r.steps {
        prop_assert!((1..=1800).contains(&step.seconds));
        prop_assert!(step.tempo.is_none_or(|t| (1..=120).contains(&t)));
    }
    Ok(())
}

fn parse(text: &str) -> Result<(), TestCaseError> {
    match parse_routine(text, "fuzz", Source::BuiltIn) {
        Ok(routine) => check_routine(&routine),
        Err(problems) => check_problems(&FileProblems {
            path: "fuzz.toml".into(),
            source: text.into(),
            problems,
        }),
    }
}

/// Loads `bytes` as a file, the way user routines are read.
fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Option<Routine>, TestCaseError> {
    std::fs::write(path, bytes).unwrap();
    match load_file(path) {
        Ok(routine) => {
            check_routine(&routine)?;
            Ok(Some(routine))
        }
        Err(file) => {
            check_problems(&file)?;
            Ok(None)
        }
    }
}

/// Arbitrary bytes, half of them turned into TOML's own punctuation so the parser gets past
/// the first byte. (Mapping plain bytes is much cheaper than `prop_oneof!` per byte.)
fn toml_ish_bytes() -> impl Strategy<Value = Vec<u8>> {
    const TOML: &[u8] = b"[]{}=\"'#.,-_+ \t\r\n\\0123456789aeinostuxz";
    prop::collection::vec(any::<u8>(), 0..1024).prop_map(|bytes| {
        bytes
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                if i % 2 == 0 {
                    TOML[usize::from(b) % TOML.len()]
                } else {
                    b
                }
            })
            .collect()
    })
}

#[test]
fn arbitrary_bytes_are_an_error_and_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.toml");
    TestRunner::new(config(512))
        .run(&toml_ish_bytes(), |bytes| {
            let routine = load_bytes(&path, &bytes)?;
            prop_assert!(
                routine.is_none(),
                "{:?} was accepted",
                String::from_utf8_lossy(&bytes)
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn arbitrary_text_is_an_error_and_never_a_panic() {
    TestRunner::new(config(512))
        .run(&any::<String>(), |text| {
            prop_assert!(parse_routine(&text, "fuzz", Source::BuiltIn).is_err());
            parse(&text)
        })
        .unwrap();
}

/// One edit of a routine file's text, at a position scaled to its length.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(Index, usize),
    Insert(Index, String),
    Replace(Index, char),
    DuplicateLine(Index),
    DeleteLine(Index),
    SwapLines(Index, Index),
}

/// Pieces that tend to matter to the parser: TOML syntax, the format's keys and values, numbers
/// at the edges, escape sequences and characters of every width.
fn fragment() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "\"",
        "'",
        "[",
        "]",
        "[[steps]]\n",
        "[steps]\n",
        "{",
        "}",
        "=",
        ",",
        "\n",
        "\r\n",
        "\t",
        "#",
        "\\",
        "\\u001b",
        "\\n",
        "\"\"\"",
        "'''",
        "0x",
        "-",
        "1_0",
        "0",
        "1800",
        "1801",
        "121",
        "99999999999999999999",
        "30.5",
        "true",
        "1979-05-27",
        "id = \"Bad Id\"\n",
        "seconds = ",
        "side = \"each\"\n",
        "tempo = ",
        "pressure = \"firm\"",
        "areas = []",
        "steps = []\n",
        "colour = 1\n",
        "\u{1b}[2J",
        "\u{9b}",
        "\u{202e}",
        "\u{200b}",
        "\u{feff}",
        "é",
        "😀",
        "\u{0}",
    ];
    prop_oneof![
        3 => select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1..40usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<Index>(), fragment()).prop_map(|(at, s)| Mutation::Insert(at, s)),
        (any::<Index>(), any::<char>()).prop_map(|(at, c)| Mutation::Replace(at, c)),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        any::<Index>().prop_map(Mutation::DeleteLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match mutation {
        Mutation::Delete(at, n) if !chars.is_empty() => {
            let start = at.index(chars.len());
            chars.drain(start..(start + n).min(chars.len()));
        }
        Mutation::Insert(at, piece) => {
            let at = at.index(chars.len() + 1);
            chars.splice(at..at, piece.chars());
        }
        Mutation::Replace(at, c) if !chars.is_empty() => {
            let i = at.index(chars.len());
            chars[i] = *c;
        }
        Mutation::DuplicateLine(at) if !lines.is_empty() => {
            let i = at.index(lines.len());
            lines.insert(i, lines[i]);
            return lines.concat();
        }
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at.index(lines.len()));
            return lines.concat();
        }
        Mutation::SwapLines(a, b) if !lines.is_empty() => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
            return lines.concat();
        }
        _ => {}
    }
    chars.into_iter().collect()
}

#[test]
fn mutations_of_a_valid_routine_never_panic_and_point_inside_the_text() {
    assert!(parse_routine(NECK_RELEASE, "neck-release", Source::BuiltIn).is_ok());
    let mutations = prop::collection::vec(mutation(), 1..6);
    TestRunner::new(config(512))
        .run(&mutations, |mutations| {
            let text = mutations
                .iter()
                .fold(NECK_RELEASE.to_string(), |t, m| apply(&t, m));
            parse(&text)
        })
        .unwrap();
}

#[test]
fn byte_flips_in_a_valid_routine_file_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("neck-release.toml");
    let flips = prop::collection::vec((any::<Index>(), any::<u8>()), 1..4);
    TestRunner::new(config(256))
        .run(&flips, |flips| {
            let mut bytes = NECK_RELEASE.as_bytes().to_vec();
            for (at, byte) in flips {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            load_bytes(&path, &bytes).map(drop)
        })
        .unwrap();
}
