//! Text from routine files, log files and paths is untrusted: it may carry escape sequences
//! that would drive the terminal. Everything that reaches a screen passes through here.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

/// Characters that can change what a terminal does or how text is ordered on screen:
/// C0/C1 controls (ESC starts every escape sequence), DEL, the bidirectional marks and
/// overrides that can make text read differently from how it is stored (U+061C, U+200E/F,
/// U+202A-E, U+2066-9), the line and paragraph separators (U+2028/9, which some terminals
/// take as a line break, so a border lands mid-row), and invisible characters of no width
/// that throw off the width of a line (U+200B-D, U+2060-4, U+FEFF).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Empty or only white space, as `text.trim().is_empty()` says, without trimming text whose
/// first character is not white space: nearly every log line, id and name, read a million
/// times in a long log.
pub fn is_blank(text: &str) -> bool {
    text.chars().next().is_none_or(char::is_whitespace) && text.trim().is_empty()
}

/// Printable ASCII throughout: no unsafe character in it, and one terminal column a byte.
pub fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (b' '..b'\x7f').contains(&b))
}

/// A copy of `text` that is safe to print: each unsafe character becomes U+FFFD.
pub fn sanitize(text: &str) -> String {
    // Most text is printable ASCII, which holds no unsafe character: one copy, no
    // character-by-character rebuild.
    if is_printable_ascii(text) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| if is_unsafe_char(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// [`sanitize`] for text already owned: kept as it is, with no copy, when nothing in it is
/// unsafe, as nearly all text is.
pub fn sanitize_owned(text: String) -> String {
    if is_printable_ascii(&text) || !text.chars().any(is_unsafe_char) {
        text
    } else {
        sanitize(&text)
    }
}

/// Text that holds no unsafe character (see [`is_unsafe_char`]), so it reaches a terminal as
/// it is, without [`sanitize`]. The routine parser builds it with [`SafeText::new`], which
/// refuses such a character, and code that builds text from untrusted input uses
/// [`SafeText::sanitized`], which masks it. There is no other way in: the field is private, so
/// a routine built in code cannot smuggle an escape sequence either; this does not compile
/// (a doc test checks it, by its error: a tuple struct with a private field):
///
/// ```compile_fail,E0423
/// let name = knead::text::SafeText("Relax\u{1b}[2J".into());
/// ```
///
/// The one shortcut, for the built-in routines' text that the build script has already checked
/// with the parser, is private to the crate (by its error: a private associated function):
///
/// ```compile_fail,E0624
/// let name = knead::text::SafeText::checked_at_build("Relax\u{1b}[2J");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SafeText(Cow<'static, str>);

/// Why text cannot be a [`SafeText`]: the first unsafe character in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnsafeChar(pub char);

impl fmt::Display for UnsafeChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a control character (U+{:04X})", self.0 as u32)
    }
}

impl std::error::Error for UnsafeChar {}

impl SafeText {
    /// `text` as it is, or the first unsafe character it holds.
    pub fn new(text: impl Into<String>) -> Result<Self, UnsafeChar> {
        let text = text.into();
        match text.chars().find(|&c| is_unsafe_char(c)) {
            Some(bad) => Err(UnsafeChar(bad)),
            None => Ok(SafeText(Cow::Owned(text))),
        }
    }

    /// `text` with each unsafe character masked, as [`sanitize`] does.
    pub fn sanitized(text: &str) -> Self {
        SafeText(Cow::Owned(sanitize(text)))
    }

    /// Text the build script has already checked with the routine parser, which refuses an
    /// unsafe character (`build.rs` writes the built-in routines as code that calls this): taken
    /// as it is, with no scan and no copy, so start-up does not check the same text again. Only
    /// for text checked at build time; anything else goes through [`SafeText::new`] or
    /// [`SafeText::sanitized`]. Debug builds (and so the tests) check it all the same.
    pub(crate) fn checked_at_build(text: &'static str) -> Self {
        debug_assert!(
            !text.chars().any(is_unsafe_char),
            "built-in text holds an unsafe character: {text:?}"
        );
        SafeText(Cow::Borrowed(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for SafeText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SafeText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` so width and alignment (`{:<20}`) work as they do for a `str`.
        f.pad(&self.0)
    }
}

// Quoted like a `str`, so a message that shows it with `{:?}` reads as before.
impl fmt::Debug for SafeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl From<SafeText> for String {
    fn from(text: SafeText) -> String {
        text.0.into_owned()
    }
}

impl PartialEq<str> for SafeText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SafeText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SafeText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SafeText> for str {
    fn eq(&self, other: &SafeText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SafeText> for &str {
    fn eq(&self, other: &SafeText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SafeText> for String {
    fn eq(&self, other: &SafeText) -> bool {
        self == other.as_str()
    }
}

/// Like [`sanitize`] but keeps line breaks and tabs: for printing a whole file, which must
/// still read the same (and parse the same) when saved from the terminal.
pub fn sanitize_file_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if line_break || c == '\t' || !is_unsafe_char(c) {
            out.push(c);
        } else {
            out.push('\u{FFFD}');
        }
    }
    out
}

/// Like [`sanitize`] but keeps line breaks (`\n` and `\r\n`) and replaces each unsafe character
/// by as many `?` as it has bytes, so byte offsets into the text stay valid for diagnostics.
pub fn sanitize_keeping_offsets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A file saved with Windows line endings must not show a `?` at the end of every
        // quoted line; the renderer understands `\r\n` itself.
        if c == '\n' || (c == '\r' && chars.peek() == Some(&'\n')) {
            out.push(c);
        } else if c == '\t' {
            out.push(' ');
        } else if is_unsafe_char(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The values of `candidates` a person most likely meant by `word`, best first, at most four:
/// those that hold every word of it (`shoulder` finds `top-of-shoulder`; words are split at
/// `-`, `_` and spaces, words of one or two letters are passed over, and a plural `s` does
/// not matter), or, when none does, the one closest in spelling. Spelling alone misleads on a
/// word that is part of a longer value: "shoulder" is nearest "sole".
pub fn likely<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let wanted: Vec<String> = words_of(word).filter(|w| w.len() >= 3).collect();
    let mut holding: Vec<(usize, &str)> = Vec::new();
    if !wanted.is_empty() {
        for &candidate in &candidates {
            let has: Vec<String> = words_of(candidate).collect();
            if wanted.iter().all(|w| has.contains(w)) {
                holding.push((has.len(), candidate));
            }
        }
    }
    if holding.is_empty() {
        return closest(word, candidates).into_iter().collect();
    }
    // Fewest other words first; among equals, the order of the list.
    holding.sort_by_key(|&(words, _)| words);
    holding.into_iter().take(4).map(|(_, c)| c).collect()
}

/// The words of a value, lower case and without a plural `s`.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(['-', '_', ' ']).filter(|w| !w.is_empty()).map(|w| {
        let w = w.to_lowercase();
        match w.strip_suffix('s') {
            Some(stem) if stem.len() >= 3 => stem.to_string(),
            _ => w,
        }
    })
}

/// "did you mean "a"?", "did you mean "a" or "b"?", "did you mean "a", "b" or "c"?"; `None`
/// for no option. `quote` writes one option as the message wants it.
pub fn did_you_mean(options: &[&str], quote: impl Fn(&str) -> String) -> Option<String> {
    let quoted: Vec<String> = options.iter().map(|o| quote(o)).collect();
    let listed = match quoted.split_last()? {
        (last, []) => last.clone(),
        (last, rest) => format!("{} or {last}", rest.join(", ")),
    };
    Some(format!("did you mean {listed}?"))
}

/// A rough length of time for messages: "45 s", "12 min", "1 h 5 min".
pub fn human_duration(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        _ => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_keeps_safe_text_and_masks_every_unsafe_character() {
        assert_eq!(sanitize("Neck release: 30/min"), "Neck release: 30/min");
        assert_eq!(sanitize("Knead · gently → right"), "Knead · gently → right");
        assert_eq!(
            sanitize("a\u{1b}[2Jb\u{7f}c\u{202e}d\u{85}e"),
            "a\u{FFFD}[2Jb\u{FFFD}c\u{FFFD}d\u{FFFD}e"
        );
        assert_eq!(sanitize("tab\there"), "tab\u{FFFD}here");
    }

    #[test]
    fn escape_sequences_never_survive() {
        let hostile = "Relax\u{1b}[2J\u{1b}]0;owned\u{7}\u{9b}31m";
        let clean = sanitize(hostile);
        assert!(!clean.chars().any(is_unsafe_char), "{clean:?}");
        assert!(clean.starts_with("Relax\u{FFFD}[2J"));
    }

    #[test]
    fn safe_text_cannot_hold_an_escape_or_a_bidi_override() {
        let refused = SafeText::new("Relax\u{1b}[2J").unwrap_err();
        assert_eq!(refused, UnsafeChar('\u{1b}'));
        assert_eq!(refused.to_string(), "a control character (U+001B)");
        assert_eq!(SafeText::new("gel\u{202E}txt.exe"), Err(UnsafeChar('\u{202E}')));
        assert_eq!(SafeText::new("Neck rub, é ✓").unwrap(), "Neck rub, é ✓");
        for c in [
            '\u{2028}', '\u{2029}', '\u{061C}', '\u{2060}', '\u{2061}', '\u{2062}', '\u{2063}', '\u{2064}',
        ] {
            assert_eq!(
                SafeText::new(format!("a{c}b")),
                Err(UnsafeChar(c)),
                "U+{:04X}",
                c as u32
            );
            assert_eq!(sanitize(&format!("a{c}b")), "a\u{FFFD}b");
        }
    }

    #[test]
    fn sanitized_safe_text_masks_what_new_refuses() {
        let masked = SafeText::sanitized("Jaw \u{1b}]0;owned\u{7}\u{9b}31m");
        assert_eq!(masked, "Jaw \u{FFFD}]0;owned\u{FFFD}\u{FFFD}31m");
        assert!(SafeText::new(String::from(masked)).is_ok());
    }

    #[test]
    fn safe_text_prints_and_serializes_as_the_plain_string() {
        let name = SafeText::new("Neck \"rub\"").unwrap();
        assert_eq!(format!("[{name:<12}]"), "[Neck \"rub\"  ]");
        assert_eq!(format!("{name:?}"), "\"Neck \\\"rub\\\"\"");
        assert_eq!(serde_json::to_string(&name).unwrap(), "\"Neck \\\"rub\\\"\"");
    }

    #[test]
    fn offsets_are_kept() {
        let text = "a\u{1b}b\u{9b}c\nd";
        let clean = sanitize_keeping_offsets(text);
        assert_eq!(clean.len(), text.len());
        assert_eq!(clean, "a?b??c\nd");
    }

    #[test]
    fn windows_line_endings_are_kept_but_a_lone_carriage_return_is_not() {
        let text = "a = 1\r\nb = \"x\ry\"\r\n";
        let clean = sanitize_keeping_offsets(text);
        assert_eq!(clean, "a = 1\r\nb = \"x?y\"\r\n");
    }

    #[test]
    fn file_text_keeps_its_lines_and_tabs_but_no_escapes() {
        let text = "a = 1\r\n\tb = \"x\"  # \u{202E}note\u{1b}[2J\rz\n";
        assert_eq!(
            sanitize_file_text(text),
            "a = 1\r\n\tb = \"x\"  # \u{FFFD}note\u{FFFD}[2J\u{FFFD}z\n"
        );
    }

    const SPOTS: [&str; 8] = [
        "back-of-neck",
        "top-of-shoulder",
        "between-shoulder-blades",
        "sole",
        "heel",
        "toes",
        "forearm",
        "back-of-forearm",
    ];

    #[test]
    fn likely_suggests_by_whole_words_before_spelling() {
        // By spelling, "shoulder" is nearest "sole"; by its words, it is where a shoulder is.
        assert_eq!(
            likely("shoulder", SPOTS),
            ["top-of-shoulder", "between-shoulder-blades"]
        );
        assert_eq!(
            likely("Shoulders", SPOTS),
            ["top-of-shoulder", "between-shoulder-blades"]
        );
        assert_eq!(likely("neck", SPOTS), ["back-of-neck"]);
        assert_eq!(likely("toe", SPOTS), ["toes"]);
        assert_eq!(likely("forearms", SPOTS), ["forearm", "back-of-forearm"]);
        assert_eq!(likely("shoulder blades", SPOTS), ["between-shoulder-blades"]);
        assert_eq!(likely("avoid", ["avoid_with", "gentle_with"]), ["avoid_with"]);
        assert_eq!(likely("first-try", ["first_try", "steps"]), ["first_try"]);
    }

    #[test]
    fn likely_falls_back_on_spelling_and_ignores_little_words() {
        assert_eq!(likely("back-of-nek", SPOTS), ["back-of-neck"]);
        assert_eq!(likely("hele", SPOTS), ["heel"]);
        assert!(likely("of", SPOTS).is_empty());
        assert!(likely("elbow", SPOTS).is_empty());
    }

    #[test]
    fn did_you_mean_lists_one_two_or_more() {
        let quoted = |s: &str| format!("{s:?}");
        assert_eq!(did_you_mean(&[], quoted), None);
        assert_eq!(did_you_mean(&["a"], quoted).unwrap(), "did you mean \"a\"?");
        assert_eq!(
            did_you_mean(&["a", "b", "c"], quoted).unwrap(),
            "did you mean \"a\", \"b\" or \"c\"?"
        );
    }

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(closest("sholders", ["neck", "shoulders"]), Some("shoulders"));
        assert_eq!(closest("xyz", ["neck", "shoulders"]), None);
    }
}
