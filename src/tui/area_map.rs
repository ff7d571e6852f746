//! `knead areas --map`: the body from the front and from behind, the areas that have routines
//! filled in, each area named with its routine count beside the figure. Plain lines of text
//! (the figure in braille), with colour only when asked for.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::body_map::{BodyMap, Lit};
use super::body_outline;
use super::theme::Theme;
use crate::routine::{Area, View};

/// Rows for the figure and its own label line.
const ROWS: u16 = 23;

/// The map for these areas and routine counts, one line per row, ending in a line break.
pub fn area_map(counts: &[(Area, usize)], colour: bool) -> String {
    let theme = Theme::choose(!colour, false);
    let covered: Vec<Area> = counts.iter().filter(|(_, n)| *n > 0).map(|(a, _)| *a).collect();
    let map = figure(&covered, &theme);
    let columns = map.columns_for(ROWS);
    // Areas seen from the front are named on its left, the others on the back's right.
    let (left, right): (Vec<_>, Vec<_>) = counts
        .iter()
        .map(|&(area, n)| (area, format!("{area} {n}"), n))
        .partition(|(area, ..)| !body_outline::area(*area, View::Front).is_empty());
    let width_of =
        |names: &[(Area, String, usize)]| names.iter().map(|(_, t, _)| t.len()).max().unwrap_or(0) as u16;
    let (left_width, right_width) = (width_of(&left) + 4, width_of(&right) + 3);
    let area = Rect::new(0, 0, left_width + columns + right_width, ROWS);
    let mut buf = Buffer::empty(area);
    let drawing = Rect::new(left_width, 0, columns, ROWS);
    map.render(drawing, &mut buf);

    // Where each area is drawn: a figure with only that area lit, read back cell by cell.
    let row_of = |area: Area, front: bool| -> u16 {
        let mut scratch = Buffer::empty(area_rect(drawing));
        figure(std::slice::from_ref(&area), &theme).render(drawing, &mut scratch);
        let half = drawing.x + drawing.width / 2;
        let rows: Vec<u16> = scratch
            .content
            .iter()
            .enumerate()
            .filter(|(_, cell)| cell.modifier.contains(Modifier::BOLD))
            .map(|(i, _)| scratch.pos_of(i))
            .filter(|&(x, _)| (x < half) == front)
            .map(|(_, y)| y)
            .collect();
        match (rows.iter().min(), rows.iter().max()) {
            (Some(top), Some(bottom)) => (top + bottom) / 2,
            _ => 0,
        }
    };
    let place = |names: &[(Area, String, usize)], front: bool| -> Vec<(u16, String, usize)> {
        let mut wanted: Vec<(u16, String, usize)> = names
            .iter()
            .map(|(area, text, n)| (row_of(*area, front), text.clone(), *n))
            .collect();
        wanted.sort_by_key(|(row, ..)| *row);
        spread(&mut wanted, ROWS - 1);
        wanted
    };
    let dim = theme.dim;
    let count_style = |n: usize| if n > 0 { theme.accent } else { dim };
    // Names in a column on each side, dotted leaders running to the figure's edge.
    for (row, text, n) in place(&left, true) {
        let edge = (drawing.x..drawing.right())
            .find(|&x| buf[(x, row)].symbol() != " ")
            .unwrap_or(drawing.right());
        let (name, count) = text.rsplit_once(' ').unwrap_or((&text, ""));
        let leader = usize::from(edge.saturating_sub(1)).saturating_sub(text.len() + 1);
        Line::from(vec![
            Span::raw(format!("{name} ")),
            Span::styled(count.to_string(), count_style(n)),
            Span::styled(format!(" {}", "·".repeat(leader)), dim),
        ])
        .render(Rect::new(0, row, edge.saturating_sub(1), 1), &mut buf);
    }
    let names_at = drawing.right() + 3;
    for (row, text, n) in place(&right, false) {
        let edge = (drawing.x..drawing.right())
            .rev()
            .find(|&x| buf[(x, row)].symbol() != " ")
            .map_or(drawing.x, |x| x + 1);
        let (name, count) = text.rsplit_once(' ').unwrap_or((&text, ""));
        let leader = usize::from(names_at.saturating_sub(edge + 2));
        Line::from(vec![
            Span::styled(format!(" {} ", "·".repeat(leader)), dim),
            Span::raw(format!("{name} ")),
            Span::styled(count.to_string(), count_style(n)),
        ])
        .render(Rect::new(edge, row, area.width - edge, 1), &mut buf);
    }
    lines(&buf, colour)
}

fn figure<'a>(areas: &'a [Area], theme: &'a Theme) -> BodyMap<'a> {
    BodyMap {
        lit: Lit::Areas {
            areas,
            front_and_back: true,
        },
        theme,
    }
}

fn area_rect(drawing: Rect) -> Rect {
    Rect::new(0, 0, drawing.right(), drawing.bottom())
}

/// Moves labels that want the same row apart, keeping their order, within rows 0..=last.
fn spread(labels: &mut [(u16, String, usize)], last: u16) {
    for i in 1..labels.len() {
        labels[i].0 = labels[i].0.max(labels[i - 1].0 + 1);
    }
    // Any pushed past the bottom come back up.
    let mut floor = last;
    for label in labels.iter_mut().rev() {
        label.0 = label.0.min(floor);
        floor = label.0.saturating_sub(1);
    }
}

/// The buffer as text: trailing blanks dropped, styles as escape sequences only when `colour`.
fn lines(buf: &Buffer, colour: bool) -> String {
    let mut out = String::new();
    let width = buf.area.width;
    for y in 0..buf.area.height {
        let end = (0..width)
            .rev()
            .find(|&x| buf[(x, y)].symbol() != " ")
            .map_or(0, |x| x + 1);
        let mut current = Style::default();
        for x in 0..end {
            let cell = &buf[(x, y)];
            if colour {
                let style = Style::default().fg(cell.fg).add_modifier(cell.modifier);
                if style != current {
                    out.push_str(&sgr(style));
                    current = style;
                }
            }
            out.push_str(cell.symbol());
        }
        if colour && current != Style::default() {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    out
}

/// The escape sequence that sets `style` from plain.
fn sgr(style: Style) -> String {
    let mut codes = vec!["0".to_string()];
    if style.add_modifier.contains(Modifier::BOLD) {
        codes.push("1".into());
    }
    if style.add_modifier.contains(Modifier::REVERSED) {
        codes.push("7".into());
    }
    let colour = match style.fg.unwrap_or(Color::Reset) {
        Color::Reset => None,
        Color::Black => Some("30".to_string()),
        Color::Red => Some("31".into()),
        Color::Green => Some("32".into()),
        Color::Yellow => Some("33".into()),
        Color::Blue => Some("34".into()),
        Color::Magenta => Some("35".into()),
        Color::Cyan => Some("36".into()),
        Color::Gray => Some("37".into()),
        Color::DarkGray => Some("90".into()),
        Color::LightRed => Some("91".into()),
        Color::LightGreen => Some("92".into()),
        Color::LightYellow => Some("93".into()),
        Color::LightBlue => Some("94".into()),
        Color::LightMagenta => Some("95".into()),
        Color::LightCyan => Some("96".into()),
        Color::White => Some("97".into()),
        Color::Indexed(n) => Some(format!("38;5;{n}")),
        Color::Rgb(r, g, b) => Some(format!("38;2;{r};{g};{b}")),
    };
    codes.extend(colour);
    format!("\x1b[{}m", codes.join(";"))
}
