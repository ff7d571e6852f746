//! Plain aligned text tables for the listing commands: no colour, no box drawing, so the
//! output pipes cleanly into `grep`, `cut` and screen readers.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::text;

pub struct Table {
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    right: Vec<bool>,
    max_width: Vec<Option<usize>>,
}

/// A cell's text and the terminal columns it takes, measured once.
struct Cell {
    text: String,
    width: usize,
}

impl Cell {
    fn new(text: String) -> Self {
        Cell {
            width: columns(&text),
            text,
        }
    }
}

impl Table {
    pub fn new<const N: usize>(header: [&str; N]) -> Self {
        Table {
            header: header.iter().map(|h| Cell::new(h.to_string())).collect(),
            rows: Vec::new(),
            right: vec![false; N],
            max_width: vec![None; N],
        }
    }

    /// Aligns these columns (counted from 0) on the right, as numbers read best.
    pub fn align_right(mut self, columns: &[usize]) -> Self {
        for &column in columns {
            self.right[column] = true;
        }
        self
    }

    /// Cuts the cells of `column` to `width` terminal columns, ending a cut cell in `…`.
    pub fn max_width(mut self, column: usize, width: usize) -> Self {
        self.max_width[column] = Some(width);
        self
    }

    /// Adds a row; its text is sanitised here, once, for every table in the program.
    pub fn row(&mut self, cells: Vec<String>) {
        let cells = cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let clean = text::sanitize_owned(c);
                Cell::new(match self.max_width.get(i).copied().flatten() {
                    Some(width) => fit(&clean, width),
                    None => clean,
                })
            })
            .collect();
        self.rows.push(cells);
    }

    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.width);
            }
        }
        let mut line = String::new();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            line.clear();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = std::iter::repeat_n(' ', widths[i] - cell.width);
                if self.right[i] {
                    line.extend(pad);
                    line.push_str(&cell.text);
                } else {
                    line.push_str(&cell.text);
                    line.extend(pad);
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// The terminal columns of clean text: one a byte for printable ASCII (most cells), without
/// looking each character up.
fn columns(text: &str) -> usize {
    if text::is_printable_ascii(text) {
        text.len()
    } else {
        text.width()
    }
}

/// `text` cut to `max` terminal columns, ending in `…` when cut.
fn fit(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if width + w + 1 > max {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(table: &Table) -> String {
        let mut out = Vec::new();
        table.write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn columns_align_in_terminal_cells() {
        let mut table = Table::new(["NAME", "MIN", "NOTE"]).align_right(&[1]);
        table.row(vec!["Neck".into(), "5".into(), "".into()]);
        table.row(vec!["肩こり".into(), "12".into(), "ok".into()]);
        assert_eq!(
            render(&table),
            "NAME    MIN  NOTE\nNeck      5\n肩こり   12  ok\n"
        );
    }

    #[test]
    fn long_cells_are_cut_and_escapes_never_print() {
        let mut table = Table::new(["NAME", "AREA"]).max_width(0, 8);
        table.row(vec!["肩こり体操です".into(), "neck".into()]);
        table.row(vec!["a\u{1b}[2Jb".into(), "jaw".into()]);
        assert_eq!(
            render(&table),
            "NAME     AREA\n肩こり…  neck\na\u{FFFD}[2Jb   jaw\n"
        );
    }
}
