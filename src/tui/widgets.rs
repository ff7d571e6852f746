//! Small pieces shared by the screens.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Clear, Padding, Paragraph, Row, Table, Widget, Wrap};

use super::keys::{self, Screen};
use super::theme::Theme;

/// The smallest screen the interface draws on.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Draws the "too small" notice and returns true when `area` is under the minimum.
pub fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme) -> bool {
    if area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT {
        return false;
    }
    let text = vec![
        Line::styled("The terminal is too small.", theme.title),
        Line::raw(format!(
            "knead needs {MIN_WIDTH}×{MIN_HEIGHT}; this is {}×{}.",
            area.width, area.height
        )),
        Line::raw("Enlarge the window, or press q to quit."),
    ];
    Paragraph::new(text).wrap(Wrap { trim: true }).render(area, buf);
    true
}

/// A footer line of key hints: the key in the key style, what it does after it.
pub fn footer(hints: &[(&str, &str)], theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in hints {
        spans.push(Span::styled(key.to_string(), theme.key));
        spans.push(Span::styled(format!(" {what}  "), theme.dim));
    }
    Line::from(spans)
}

/// The footer of `screen`, from the key table, cut to fit `width`: the hints at the end go
/// first, but never the one for the help, which names them all.
pub fn key_footer(screen: Screen, width: u16, theme: &Theme) -> Line<'static> {
    let mut hints = keys::hints(screen);
    let width_of = |hints: &[(String, &str)]| -> usize {
        1 + hints
            .iter()
            .map(|(k, w)| k.chars().count() + 1 + w.chars().count() + 2)
            .sum::<usize>()
            .saturating_sub(2)
    };
    while width_of(&hints) > usize::from(width) {
        let Some(drop) = hints.iter().rposition(|(_, word)| *word != "help") else {
            break;
        };
        hints.remove(drop);
    }
    let hints: Vec<(&str, &str)> = hints.iter().map(|(k, w)| (k.as_str(), *w)).collect();
    footer(&hints, theme)
}

/// The keys of `screen` as an aligned table in a box over the middle of `area`, with `note`
/// above them (such as "Paused while help is open").
pub fn help_popup(area: Rect, buf: &mut Buffer, theme: &Theme, screen: Screen, note: Option<&str>) {
    let rows = keys::help_rows(screen);
    let key_width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let help_width = rows.iter().map(|(_, h)| h.chars().count()).max().unwrap_or(0);
    let closing = "? or Esc closes this";
    let note_width = note.map_or(0, |n| n.chars().count());
    let inner_width = (key_width + 2 + help_width).max(note_width).max(closing.len());
    let extra = if note.is_some() { 2 } else { 0 };
    let height = (rows.len() + extra + 2 + 2) as u16;
    let width = inner_width as u16 + 4;
    let rect = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    );
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.accent)
        .padding(Padding::horizontal(1))
        .title(Line::styled(" KEYS ", theme.title).alignment(Alignment::Center));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let [top, table, bottom] = Layout::vertical([
        Constraint::Length(extra as u16),
        Constraint::Min(0),
        Constraint::Length(2),
    ])
    .areas(inner);
    if let Some(note) = note {
        Line::styled(note.to_string(), theme.accent).render(top, buf);
    }
    let table_rows = rows.into_iter().map(|(keys, help)| {
        Row::new(vec![
            Cell::from(Span::styled(keys, theme.key)),
            Cell::from(Span::raw(help)),
        ])
    });
    Table::new(
        table_rows,
        [Constraint::Length(key_width as u16), Constraint::Min(0)],
    )
    .column_spacing(2)
    .render(table, buf);
    let [_, close] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(bottom);
    Line::styled(closing, theme.dim).render(close, buf);
}
