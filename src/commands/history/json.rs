//! JSON that is safe to print on a terminal and reads back to the same data.
//!
//! Outside its strings, JSON is printable ASCII, spaces and line breaks; inside them serde_json
//! escapes the C0 controls (ESC and BEL among them). What is left that could drive a terminal
//! or reorder the text on screen (DEL, the C1 controls, the bidirectional overrides) is escaped
//! here as `\uXXXX`, which any JSON reader turns back into the same characters.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::text::is_unsafe_char;

/// `json` with every unsafe character that serde_json leaves as it is written as `\uXXXX`;
/// borrowed unchanged when there is none, as for nearly every line.
pub fn escape_unsafe(json: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c != '\n' && is_unsafe_char(c);
    if !json.chars().any(unsafe_char) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_char(c) {
            // Every unsafe character is in the Basic Multilingual Plane: one escape each.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes `value` as indented JSON and a line break.
pub fn write_pretty(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::from)?;
    writeln!(out, "{}", escape_unsafe(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_escaped_and_read_back() {
        let name = "a\u{1b}[2J\u{7}b\u{7f}c\u{9b}d\u{202e}e\u{feff}f é ✓";
        let json = serde_json::to_string(&serde_json::json!({ "name": name })).unwrap();
        let shown = escape_unsafe(&json);
        assert!(!shown.chars().any(is_unsafe_char), "{shown:?}");
        assert_eq!(
            shown,
            r#"{"name":"a\u001b[2J\u0007b\u007fc\u009bd\u202ee\ufefff é ✓"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back["name"], name);

        let plain = "{\n  \"name\": \"Neck release\"\n}";
        assert!(matches!(escape_unsafe(plain), Cow::Borrowed(_)));
    }
}
