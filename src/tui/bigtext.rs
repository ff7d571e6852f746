//! The large countdown: digits three cells wide and three rows tall, drawn with half blocks so
//! the time left can be read from across the room.

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

/// The three rows of `text` (digits and `:` only; anything else becomes a space).
pub fn rows(text: &str) -> [String; 3] {
    let mut rows: [String; 3] = Default::default();
    for (i, c) in text.chars().enumerate() {
        let glyph: [&str; 3] = match c {
            '0'..='9' => DIGITS[c as usize - '0' as usize],
            ':' => COLON,
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
