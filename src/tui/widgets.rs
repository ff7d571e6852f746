//! Small pieces shared by the screens.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

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
