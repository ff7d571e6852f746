//! The step screen, read at a glance: the step's name, the side as a full-width band, then a
//! band that takes every row the words leave over, holding the countdown in large type with
//! the pressure and stroke under it, the moving stroke figure and the body figure with a large
//! L or R on its side; under it the cue, the gauges and what comes next. Everything grows with
//! the window: the countdown's type (three rows at 80×24, `tui-big-text`'s half-height 8×8
//! font from about 120×36, its full 8×8 font from about 200×60), the stroke figure, and the
//! body figure, which takes the whole height of its band.
//!
//! The switch between sides is its own screen: "Switch to your right side", the new side's
//! band, the figure lit on that side, and no stroke figure (nothing is being stroked).
//!
//! On a short window the gauges go first, then the next line, then the gaps: the cue (what to
//! do) is the last thing to give way.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{LineGauge, Paragraph, Widget, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::bigtext;
use super::body_map::{self, BodyMap};
use super::stroke_figure;
use super::theme::Theme;
use crate::routine::{Routine, Side, Step};
use crate::session::words::{self, SegmentWords, StepPass};
use crate::session::{EXTEND_BY, Moment, Session};

/// How long "+15 s" shows after `+`.
pub const EXTEND_FLASH: Duration = Duration::from_millis(1500);
/// Narrower than this, the screen keeps the words and the countdown only.
const NARROW: u16 = 60;
/// The stroke figure's caption and the widest pressure and stroke line fit in this.
const FACTS_WIDTH: u16 = 29;

/// The step screen's state beyond the session: when `+` last added time, for its flash.
pub struct StepScreen<'a> {
    pub session: &'a Session,
    pub theme: &'a Theme,
    pub extended_at: Option<Moment>,
}

/// How large the type and the figures are drawn, chosen by the space there is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Three-row digits (80×24).
    Small,
    /// `tui-big-text` at half height: four rows (from about 120×36).
    Medium,
    /// `tui-big-text` at full size: eight rows, seven of ink (from about 200×60).
    Large,
}

impl Scale {
    /// The scale for the inside of the session's frame.
    pub fn for_area(area: Rect) -> Scale {
        match (area.width, area.height) {
            (w, h) if w >= 150 && h >= 44 => Scale::Large,
            (w, h) if w >= 100 && h >= 28 => Scale::Medium,
            _ => Scale::Small,
        }
    }

    /// Rows of large type.
    pub fn rows(self) -> u16 {
        match self {
            Scale::Small => 3,
            Scale::Medium => 4,
            Scale::Large => 8,
        }
    }

    /// Columns `text` takes in large type.
    pub fn width(self, text: &str) -> u16 {
        match self {
            Scale::Small => bigtext::width(text) as u16,
            Scale::Medium | Scale::Large => text.chars().count() as u16 * 8,
        }
    }

    /// How many times larger the stroke figure is drawn.
    fn stroke(self) -> usize {
        match self {
            Scale::Small => 1,
            Scale::Medium => 2,
            Scale::Large => 3,
        }
    }

    fn render(self, text: &str, style: Style, area: Rect, buf: &mut Buffer) {
        let size = match self {
            Scale::Small => {
                let lines: Vec<Line> = bigtext::rows(text)
                    .into_iter()
                    .map(|row| Line::styled(row, style))
                    .collect();
                Paragraph::new(lines).render(area, buf);
                return;
            }
            Scale::Medium => PixelSize::HalfHeight,
            Scale::Large => PixelSize::Full,
        };
        BigText::builder()
            .pixel_size(size)
            .style(style)
            .lines(vec![Line::raw(text.to_string())])
            .build()
            .render(area, buf);
    }
}

impl Widget for &StepScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (session, theme) = (self.session, self.theme);
        // What the person should be doing now: the step, or the one the wait leads into.
        let Some(doing) = words::doing(session) else {
            return;
        };
        let switching = matches!(doing.words, SegmentWords::SwitchSide(_));
        let (step, pass) = (doing.step, doing.pass());
        let scale = Scale::for_area(area);
        let cue = step.map_or("", |s| s.cue.as_str());
        let cue_rows = if cue.is_empty() {
            0
        } else {
            textwrap::wrap(cue, usize::from(area.width.max(1))).len() as u16
        };

        // The cue and the countdown stay; the rest gives way in turn as rows run short.
        let (mut gauges, mut next, mut gap) = (2, 1, 1);
        let need = |gauges: u16, next: u16, gap: u16| 2 + scale.rows() + 3 * gap + cue_rows + gauges + next;
        if need(gauges, next, gap) > area.height {
            gauges = 0;
        }
        if need(gauges, next, gap) > area.height {
            next = 0;
        }
        if need(gauges, next, gap) > area.height {
            gap = 0;
        }
        let [head, band, _, centre, _, cue_area, _, gauge_area, next_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(gap),
            Constraint::Fill(1),
            Constraint::Length(gap),
            Constraint::Length(cue_rows),
            Constraint::Length(gap.min(gauges)),
            Constraint::Length(gauges),
            Constraint::Length(next),
        ])
        .areas(area);

        let headline = match (doing.words, pass) {
            (SegmentWords::SwitchSide(_), Some(pass)) => {
                format!("Switch to your {}", pass.side.phrase())
            }
            _ => doing.headline(),
        };
        Line::styled(headline, theme.title).render(head, buf);
        if let Some(pass) = pass {
            side_band(pass, theme, band, buf);
        }
        self.render_centre(step, pass, switching, scale, centre, buf);
        Paragraph::new(Text::raw(cue))
            .wrap(Wrap { trim: true })
            .render(cue_area, buf);
        if gauges > 0 {
            let [step_gauge, overall_gauge] = Layout::vertical([Constraint::Length(1); 2]).areas(gauge_area);
            gauge("step   ", session.segment_progress(), theme).render(step_gauge, buf);
            gauge("session", session.overall_progress(), theme).render(overall_gauge, buf);
        }
        Line::styled(doing.next_line(), theme.dim).render(next_area, buf);
    }
}

impl StepScreen<'_> {
    /// The countdown with the step's facts, the stroke figure and the body figure, side by
    /// side, each given a share of the band's width.
    fn render_centre(
        &self,
        step: Option<&Step>,
        pass: Option<StepPass>,
        switching: bool,
        scale: Scale,
        area: Rect,
        buf: &mut Buffer,
    ) {
        let (session, theme) = (self.session, self.theme);
        let remaining = clock_text(session.remaining());
        let narrow = area.width < NARROW;
        let count_width = scale.width(&remaining);
        let facts = step.map(|s| step_facts(s, theme)).unwrap_or_default();
        let left_width = count_width.max(FACTS_WIDTH).min(area.width);
        let stroke = step
            .filter(|_| !narrow && !switching)
            .map(|s| stroke_figure::frame(s.stroke, s.tempo, session.elapsed_in_segment()));
        let stroke_width = match &stroke {
            // Wide enough for a caption such as "round and round" on one line.
            Some(_) => (stroke_figure::WIDTH * scale.stroke()).max(15) as u16 + 2,
            None => 0,
        };
        let map = match (step, narrow) {
            (Some(step), false) => {
                let routine = pass.map(|p| p.routine).or_else(|| routine_of(session, step));
                routine.map(|r| BodyMap::for_step(step, pass.map(|p| p.side), r, theme))
            }
            _ => None,
        };
        let letter = pass.and_then(|p| match p.side {
            Side::Left => Some((Side::Left, "L")),
            Side::Right => Some((Side::Right, "R")),
            Side::Both | Side::Each => None,
        });
        let letter_width = letter.map_or(0, |(_, l)| scale.width(l) + 2);
        let room = area
            .width
            .saturating_sub(left_width + stroke_width + 4 + letter_width);
        let figure = map.as_ref().and_then(|map| figure_size(map, area.height, room));
        let figure_width = figure.map_or(0, |(_, columns)| columns + letter_width);

        let [left, stroke_area, figure_area] = Layout::horizontal([
            Constraint::Length(left_width),
            Constraint::Length(stroke_width),
            Constraint::Length(figure_width),
        ])
        .flex(if narrow { Flex::Start } else { Flex::SpaceAround })
        .areas(area);

        // The countdown, a moment's "+15 s" after `+`, and the pressure and stroke.
        let flash = self
            .extended_at
            .is_some_and(|at| session.now().saturating_since(at) < EXTEND_FLASH);
        let [count, flash_row, facts_area] = Layout::vertical([
            Constraint::Length(scale.rows()),
            Constraint::Length(1),
            Constraint::Length(facts.len() as u16),
        ])
        .flex(Flex::Center)
        .areas(left);
        scale.render(&remaining, theme.accent, count, buf);
        if flash {
            Line::styled(
                format!("+{} s", EXTEND_BY.as_secs()),
                theme.accent.add_modifier(Modifier::REVERSED),
            )
            .render(flash_row, buf);
        }
        Paragraph::new(facts).render(facts_area, buf);

        if let Some(frame) = stroke {
            let k = scale.stroke();
            let mut art: Vec<&str> = frame.art.lines().collect();
            art.resize(3, "");
            let mut lines: Vec<Line> = art
                .iter()
                .flat_map(|row| {
                    let wide: String = row.chars().flat_map(|c| std::iter::repeat_n(c, k)).collect();
                    std::iter::repeat_n(Line::styled(wide, theme.accent), k)
                })
                .collect();
            lines.push(Line::styled(frame.caption, theme.dim));
            let rows = lines.len() as u16 + 1;
            let [place] = Layout::vertical([Constraint::Length(rows)])
                .flex(Flex::Center)
                .areas(stroke_area);
            Paragraph::new(lines)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: false })
                .render(place, buf);
        }

        if let (Some(map), Some((rows, columns))) = (&map, figure) {
            let [drawing] = Layout::vertical([Constraint::Length(rows)])
                .flex(Flex::Center)
                .areas(figure_area);
            let (map_area, letter_area) = match letter {
                Some((Side::Left, _)) => {
                    let [l, m] =
                        Layout::horizontal([Constraint::Length(letter_width), Constraint::Length(columns)])
                            .areas(drawing);
                    (m, Some(l))
                }
                Some(_) => {
                    let [m, l] =
                        Layout::horizontal([Constraint::Length(columns), Constraint::Length(letter_width)])
                            .areas(drawing);
                    (m, Some(Rect { x: l.x + 2, ..l }))
                }
                None => (drawing, None),
            };
            map.render(map_area, buf);
            if let (Some((side, text)), Some(place)) = (letter, letter_area) {
                let [row] = Layout::vertical([Constraint::Length(scale.rows())])
                    .flex(Flex::Center)
                    .areas(place);
                scale.render(text, theme.side_letter(side), row, buf);
            }
        }
    }
}

/// The side as a full-width band: "LEFT SIDE", inside a side block "LEFT SIDE · 2 of 3".
fn side_band(pass: StepPass, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let side = match pass.side {
        Side::Left => "LEFT SIDE",
        Side::Right => "RIGHT SIDE",
        Side::Both | Side::Each => "BOTH SIDES",
    };
    let text = match pass.in_block() {
        Some((n, of)) => format!("{side} · {n} of {of}"),
        None => side.to_string(),
    };
    let style = theme.side_band(pass.side);
    buf.set_style(area, style);
    Line::styled(text, style)
        .alignment(Alignment::Center)
        .render(area, buf);
}

/// The body figure's rows and columns: as tall as the band when it fits in `room` columns,
/// else as tall as it can be while it does; `None` when not even the smallest fits.
fn figure_size(map: &BodyMap, rows: u16, room: u16) -> Option<(u16, u16)> {
    // Columns grow with rows: halve the range until the tallest that fits is found.
    let fits = |rows: u16| map.columns_for(rows) <= room;
    if rows < body_map::MIN_ROWS || room < body_map::MIN_COLUMNS || !fits(body_map::MIN_ROWS) {
        return None;
    }
    let (mut low, mut high) = (body_map::MIN_ROWS, rows);
    while low < high {
        let mid = (low + high).div_ceil(2);
        if fits(mid) { low = mid } else { high = mid - 1 }
    }
    Some((low, map.columns_for(low)))
}

/// The routine a step belongs to (the step of a wait may be in the next routine).
fn routine_of<'s>(session: &'s Session, step: &Step) -> Option<&'s Routine> {
    session
        .routines()
        .iter()
        .find(|r| r.steps.iter().any(|s| std::ptr::eq(s, step)))
}

fn step_facts<'a>(step: &Step, theme: &Theme) -> Vec<Line<'a>> {
    let tempo = step.tempo.map(|t| format!(" · {t}/min")).unwrap_or_default();
    let mut lines = Vec::new();
    // No meter for breathing and stretching: the hands do not press.
    if let Some(pressure) = step.pressure {
        let level = pressure.level();
        let meter: String = (1..=3).map(|i| if i <= level { '▮' } else { '▯' }).collect();
        lines.push(Line::from(vec![
            Span::styled("pressure ", theme.dim),
            Span::styled(
                format!("{meter} {}", pressure.as_str().to_uppercase()),
                theme.pressure(level),
            ),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled("stroke   ", theme.dim),
        Span::raw(format!("{}{tempo}", step.stroke)),
    ]));
    lines
}

fn gauge<'a>(label: &'a str, ratio: f64, theme: &Theme) -> LineGauge<'a> {
    LineGauge::default()
        .label(Span::styled(label, theme.dim))
        .ratio(ratio.clamp(0.0, 1.0))
        .filled_style(theme.gauge)
        .unfilled_style(theme.dim)
        .filled_symbol("━")
        .unfilled_symbol("─")
}

/// `m:ss`, rounding up so the countdown shows 0:01 until the step really ends.
pub fn clock_text(left: Duration) -> String {
    let secs = left.as_millis().div_ceil(1000) as u64;
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_grows_with_the_window() {
        let inside = |w: u16, h: u16| Rect::new(0, 0, w - 4, h - 4);
        assert_eq!(Scale::for_area(inside(80, 24)), Scale::Small);
        assert_eq!(Scale::for_area(inside(120, 36)), Scale::Medium);
        assert_eq!(Scale::for_area(inside(200, 60)), Scale::Large);
        assert!(Scale::Large.rows() >= 7);
        assert_eq!(clock_text(Duration::from_millis(59_001)), "1:00");
    }
}
