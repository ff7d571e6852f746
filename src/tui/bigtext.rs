//! The small large type: digits (and the side letters L and R) three cells wide and three rows
//! tall, drawn with half blocks, for windows too small for `tui-big-text`'s 8×8 font (see
//! `step_screen`): the time left can still be read from across the room.

const DIGITS: [[&str; 3]; 10] = [
    ["█▀█", "█ █", "▀▀▀"],
    ["▀█ ", " █ ", "▀▀▀"],
    ["▀▀█", "█▀▀", "▀▀▀"],
    ["▀▀█", " ▀█", "▀▀▀"],
    ["█ █", "▀▀█", "  ▀"],
    ["█▀▀", "▀▀█", "▀▀▀"],
    ["█▀▀", "█▀█", "▀▀▀"],
    ["▀▀█", "  █", "  ▀"],
    ["█▀█", "█▀█", "▀▀▀"],
    ["█▀█", "▀▀█", "▀▀▀"],
];
const COLON: [&str; 3] = [" ", "▀", "▀"];
const LETTER_L: [&str; 3] = ["█  ", "█  ", "▀▀▀"];
const LETTER_R: [&str; 3] = ["█▀█", "█▀▄", "▀ ▀"];

/// The three rows of `text` (digits, `:`, `L` and `R`; anything else becomes a space).
pub fn rows(text: &str) -> [String; 3] {
    let mut rows: [String; 3] = Default::default();
    for (i, c) in text.chars().enumerate() {
        let glyph: [&str; 3] = match c {
            '0'..='9' => DIGITS[c as usize - '0' as usize],
            ':' => COLON,
            'L' => LETTER_L,
            'R' => LETTER_R,
            _ => [" ", " ", " "],
        };
        for (row, part) in rows.iter_mut().zip(glyph) {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    rows
}

/// How many cells wide `rows(text)` is.
pub fn width(text: &str) -> usize {
    rows(text)[0].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_rows_line_up() {
        let [top, middle, bottom] = rows("2:45");
        assert_eq!(top, "▀▀█   █ █ █▀▀");
        assert_eq!(middle, "█▀▀ ▀ ▀▀█ ▀▀█");
        assert_eq!(bottom.chars().count(), top.chars().count());
        assert_eq!(width("2:45"), 13);
    }
}
