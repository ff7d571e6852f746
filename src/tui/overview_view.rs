//! The overview, before a session begins: what the routines are, the cautions (each once,
//! however many routines share it), what to have at hand, every step with its length, and
//! the rating of how tense the person is. The words scroll when they do not fit; the rating
//! and how to begin stay on screen below them, so nothing is hidden to make room.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::body_map::{self, BodyMap};
use super::theme::Theme;
use crate::routine::{Area, Routine, Side, format_length};
use crate::session::{SegmentKind, Session, words};

pub struct Overview<'a> {
    pub session: &'a Session,
    pub theme: &'a Theme,
    /// "How tense do you feel? ..." with what was typed, when the session asks.
    pub rating: Option<&'a str>,
    /// Rows scrolled past at the top; more than there are is taken as the end.
    pub scroll: u16,
}

impl Overview<'_> {
    /// The words that scroll.
    fn lines(&self) -> Vec<Line<'static>> {
        let theme = self.theme;
        let routines = self.session.routines();
        let Some(first) = routines.first() else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        if routines.len() > 1 {
            let names: Vec<&str> = routines.iter().map(|r| r.name.as_str()).collect();
            lines.push(Line::styled(names.join(" + "), theme.title));
            lines.push(Line::raw("Back to back, one session."));
        } else {
            lines.push(Line::styled(first.name.to_string(), theme.title));
            lines.push(Line::raw(first.summary.to_string()));
        }
        // The routine's own length, as everywhere: the time of its steps.
        let total = self.session.plan().length();
        let steps: usize = routines.iter().map(|r| r.steps.len()).sum();
        let areas = unique(routines.iter().flat_map(|r| r.areas.iter().map(|a| a.as_str())));
        lines.push(Line::styled(
            format!(
                "{} · {} · {}",
                format_length(words::whole_seconds(total)),
                words::steps(steps),
                areas.join(", ")
            ),
            theme.dim,
        ));
        let equipment = unique(
            routines
                .iter()
                .flat_map(|r| r.equipment.iter().map(|e| e.as_str())),
        );
        if !equipment.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("Have at hand: ", theme.accent),
                Span::raw(equipment.join(", ")),
            ]));
        }
        let cautions = unique(
            routines
                .iter()
                .flat_map(|r| r.cautions.iter().map(|c| c.as_str())),
        );
        if !cautions.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Cautions", theme.warning));
            for caution in cautions {
                lines.push(Line::styled(format!("! {caution}"), theme.warning));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("Steps", theme.accent));
        for (index, routine) in routines.iter().enumerate() {
            if routines.len() > 1 {
                lines.push(Line::styled(routine.name.to_string(), theme.title));
            }
            lines.extend(self.step_lines(index, routine));
        }
        lines
    }

    /// A line per step: its number, name and length as scaled, each side's for `each`.
    fn step_lines(&self, index: usize, routine: &Routine) -> Vec<Line<'static>> {
        let plan = self.session.plan();
        routine
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let passes: Vec<Duration> = plan
                    .segments()
                    .iter()
                    .filter(|s| matches!(s.kind, SegmentKind::Step { routine: r, step: n, .. } if r == index && n == i))
                    .map(|s| s.length)
                    .collect();
                let pass = passes.first().copied().unwrap_or_default();
                let length = match step.side {
                    Side::Each => format!("{} each side", format_length(words::whole_seconds(pass))),
                    _ => format_length(words::whole_seconds(pass)),
                };
                Line::from(vec![
                    Span::styled(format!("{:>3}. ", i + 1), self.theme.dim),
                    Span::raw(step.name.to_string()),
                    Span::styled(format!("  {length}"), self.theme.dim),
                ])
            })
            .collect()
    }

    /// The lines kept below the scrolling words: the rating, and how to begin.
    fn pinned(&self) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(rating) = self.rating {
            lines.push(Line::styled(rating.to_string(), self.theme.accent));
        }
        lines.push(Line::styled(
            "Get comfortable, then press Enter to begin.",
            self.theme.accent,
        ));
        lines
    }

    /// How far the words can scroll in `area`: 0 when they fit.
    pub fn max_scroll(&self, area: Rect) -> u16 {
        let area = self.placed(area);
        let text = self.beside_figure(area, &mut Buffer::empty(area));
        let (words, _, _) = self.areas(text);
        wrapped_height(&self.lines(), words.width).saturating_sub(words.height)
    }

    /// Where the overview stands in `area`: on a wide window a column of readable width in
    /// the middle, and when everything fits, in the middle from top to bottom too.
    fn placed(&self, area: Rect) -> Rect {
        let [column] = Layout::horizontal([Constraint::Max(MOST_WIDTH)])
            .flex(Flex::Center)
            .areas(area);
        let text = self.beside_figure(column, &mut Buffer::empty(column));
        let words = wrapped_height(&self.lines(), text.width);
        let pinned = wrapped_height(&self.pinned(), text.width);
        let needed = words.saturating_add(1).saturating_add(pinned);
        if needed > column.height {
            return column;
        }
        // Room for the figure, which stands beside the words from the top.
        let height = needed.max(if text.width < column.width { FIGURE_ROWS } else { 0 });
        let [middle] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(column);
        middle
    }

    /// On a wide window the body figure shows the session's areas at the top right; gives
    /// the part left for the words.
    fn beside_figure(&self, area: Rect, buf: &mut Buffer) -> Rect {
        if area.width < FIGURE_FROM_WIDTH {
            return area;
        }
        let mut areas: Vec<Area> = Vec::new();
        for area in self.session.routines().iter().flat_map(|r| &r.areas) {
            if !areas.contains(area) {
                areas.push(*area);
            }
        }
        body_map::beside(&BodyMap::areas(&areas, self.theme), area, buf)
    }

    /// The scrolling words, the line that says there is more, and the pinned lines: right
    /// under the words when all of them fit, else at the bottom.
    fn areas(&self, area: Rect) -> (Rect, Rect, Rect) {
        let pinned = wrapped_height(&self.pinned(), area.width);
        let words = wrapped_height(&self.lines(), area.width);
        let fits = words.saturating_add(1).saturating_add(pinned) <= area.height;
        let [words, more, pinned, _] = Layout::vertical([
            if fits {
                Constraint::Length(words)
            } else {
                Constraint::Min(0)
            },
            Constraint::Length(1),
            Constraint::Length(pinned),
            Constraint::Fill(u16::from(fits)),
        ])
        .areas(area);
        (words, more, pinned)
    }
}

/// From this width the overview has room for the body figure beside its words.
const FIGURE_FROM_WIDTH: u16 = 100;
/// Lines longer than this are hard to follow from one to the next.
const MOST_WIDTH: u16 = 130;
/// The rows the figure takes beside the words at most.
const FIGURE_ROWS: u16 = 16;

impl Widget for &Overview<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = self.placed(area);
        let text = self.beside_figure(area, buf);
        let (words, more, pinned) = self.areas(text);
        let lines = self.lines();
        let height = wrapped_height(&lines, words.width);
        let max = height.saturating_sub(words.height);
        let scroll = self.scroll.min(max);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .render(words, buf);
        let below = max - scroll;
        if max > 0 {
            let mut hint = Vec::new();
            if below > 0 {
                hint.push(format!("↓ {below} more"));
            }
            if scroll > 0 {
                hint.push(format!("↑ {scroll} above"));
            }
            hint.push("↑↓ scroll".to_string());
            Line::styled(hint.join(" · "), self.theme.accent).render(more, buf);
        }
        Paragraph::new(self.pinned())
            .wrap(Wrap { trim: false })
            .render(pinned, buf);
    }
}

/// Each item once, in the order first met: routines of a chain share their cautions.
fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

/// How many rows `lines` take when wrapped to `width` as the paragraph wraps them.
fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let count = Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width.max(1));
    u16::try_from(count).unwrap_or(u16::MAX)
}
