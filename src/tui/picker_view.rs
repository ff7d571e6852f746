//! Draws the picker. A function of the picker's state and the time, nothing more.

use ratatui::buffer::Buffer;
use ratatui::layout::Alignment;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Clear, List, ListItem, ListState, Padding, Paragraph, StatefulWidget, Widget,
    Wrap,
};

use super::body_map::{self, BodyMap};
use super::picker::{Category, Focus, Picker};
use super::theme::{Palette, Theme};
use super::widgets::{help_popup, key_footer, too_small};
use crate::log_words::{effect_line, effect_mark, suggestion_reason};
use crate::profile::Change;
use crate::routine::{Routine, format_length};
use crate::suggest::ranking::Standing;
use crate::text::sanitize;

pub struct PickerView<'a> {
    pub picker: &'a Picker,
    pub theme: &'a Theme,
}

/// Shown to a first-time user (an empty log) above the keys.
pub const RATINGS_HINT: &str = "Tip: rate your tension before and after; knead then marks what eases you.";

impl Widget for &PickerView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if too_small(area, buf, self.theme) {
            return;
        }
        let theme = self.theme;
        let picker = self.picker;
        let [title, body, status, hint, keys] = rows(picker, area);
        Line::from(vec![
            Span::styled(" knead ", theme.title),
            Span::styled("· choose a routine", theme.dim),
        ])
        .render(title, buf);
        if let Some(line) = &picker.status {
            Line::styled(format!(" {}", sanitize(line)), theme.accent).render(status, buf);
        }
        if picker.first_time {
            Line::styled(format!(" {RATINGS_HINT}"), theme.dim).render(hint, buf);
        }
        key_footer(picker.key_screen(), keys.width, theme).render(keys, buf);

        if picker.details.is_some() {
            self.render_details(body, buf);
        } else {
            self.render_columns(body, buf);
        }
        if picker.leaving {
            leave_question(body, buf, theme);
        }
        if picker.help {
            help_popup(body, buf, theme, picker.screen_beneath_help(), None);
        }
    }
}

/// The title, the body, the status line (after a session), the hint (for a first-time
/// user) and the keys.
fn rows(picker: &Picker, area: Rect) -> [Rect; 5] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(u16::from(picker.status.is_some())),
        Constraint::Length(u16::from(picker.first_time)),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The details' frame in `area`, with the routine's areas on the body figure at its top right
/// when there is room; gives the frame and the part left for the words.
fn details_block(area: Rect, buf: &mut Buffer, routine: &Routine, theme: &Theme) -> (Rect, Rect) {
    let block = Block::bordered()
        .title(" details ")
        .border_style(theme.border)
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    block.render(area, buf);
    let text = body_map::beside(&BodyMap::areas(&routine.areas, theme), inner, buf);
    (area, text)
}

/// "↑ 4 above" on the top border of a scrolled frame, at its right.
fn more_above(frame: Rect, count: usize, theme: &Theme, buf: &mut Buffer) {
    if frame.height < 2 || frame.width < 4 {
        return;
    }
    let row = Rect::new(frame.x + 2, frame.y, frame.width - 4, 1);
    Line::styled(format!(" ↑ {count} above "), theme.accent)
        .alignment(Alignment::Right)
        .render(row, buf);
}

/// "↓ 9 more" on the bottom border of a scrolled frame.
fn more_below(frame: Rect, count: usize, theme: &Theme, buf: &mut Buffer) {
    if frame.height < 2 || frame.width < 4 {
        return;
    }
    let row = Rect::new(frame.x + 2, frame.bottom() - 1, frame.width - 4, 1);
    Line::styled(format!(" ↓ {count} more "), theme.accent)
        .alignment(Alignment::Right)
        .render(row, buf);
}

/// "Leave knead?" in a small box over the middle of `area`.
fn leave_question(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let text = "y to quit knead · n or Esc to stay";
    let rect = area.centered(
        Constraint::Length(text.chars().count() as u16 + 4),
        Constraint::Length(3),
    );
    Clear.render(rect, buf);
    Paragraph::new(Line::raw(text))
        .alignment(Alignment::Center)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.accent)
                .title(Line::styled(" LEAVE KNEAD? ", theme.title).alignment(Alignment::Center)),
        )
        .render(rect, buf);
}

/// The routine's details fill the body when there is room for them beside the lists; on a
/// narrower window `i` opens them over the whole width instead.
const DETAILS_BESIDE_FROM: u16 = 84;

impl PickerView<'_> {
    /// How far the full-width details can scroll in a window of `area`.
    pub fn details_max_scroll(picker: &Picker, theme: &Theme, area: Rect) -> u16 {
        let Some(routine) = picker.selected() else {
            return 0;
        };
        let [_, body, ..] = rows(picker, area);
        let (_, text) = details_block(body, &mut Buffer::empty(area), routine, theme);
        let rows = details_paragraph(routine, picker, theme).line_count(text.width.max(1));
        u16::try_from(rows)
            .unwrap_or(u16::MAX)
            .saturating_sub(text.height)
    }

    fn render_columns(&self, body: Rect, buf: &mut Buffer) {
        let show_details = body.width >= DETAILS_BESIDE_FROM;
        let columns = if show_details {
            Layout::horizontal([
                Constraint::Length(18),
                Constraint::Length(if body.width >= 110 { 46 } else { 42 }),
                Constraint::Min(20),
            ])
            .split(body)
        } else {
            Layout::horizontal([Constraint::Length(18), Constraint::Min(20)]).split(body)
        };
        self.render_categories(columns[0], buf);
        self.render_routines(columns[1], buf);
        if show_details && let Some(routine) = self.picker.selected() {
            let (_, text) = details_block(columns[2], buf, routine, self.theme);
            details_paragraph(routine, self.picker, self.theme).render(text, buf);
        }
    }

    /// The chosen routine's details over the whole body, scrolled.
    fn render_details(&self, body: Rect, buf: &mut Buffer) {
        let Some(routine) = self.picker.selected() else {
            return;
        };
        let (block, text) = details_block(body, buf, routine, self.theme);
        let scroll = self.picker.details.unwrap_or(0);
        let paragraph = details_paragraph(routine, self.picker, self.theme);
        let most = u16::try_from(paragraph.line_count(text.width.max(1)))
            .unwrap_or(u16::MAX)
            .saturating_sub(text.height);
        paragraph.scroll((scroll.min(most), 0)).render(text, buf);
        let below = most.saturating_sub(scroll);
        if below > 0 {
            more_below(block, usize::from(below), self.theme, buf);
        }
        if scroll.min(most) > 0 {
            more_above(block, usize::from(scroll.min(most)), self.theme, buf);
        }
    }

    fn column_block(&self, title: String, focused: bool) -> Block<'static> {
        let style = if focused {
            self.theme.accent
        } else {
            self.theme.border
        };
        Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(style)
    }

    fn highlight(&self, focused: bool) -> Style {
        if focused {
            self.theme.selected
        } else {
            self.theme.accent
        }
    }

    /// "all", then the needs under their heading, then the areas under theirs.
    fn render_categories(&self, area: Rect, buf: &mut Buffer) {
        let mut items: Vec<ListItem> = Vec::new();
        let mut selected_row = 0;
        let mut heading = None;
        for (i, (category, count)) in self.picker.categories.iter().enumerate() {
            let (name, group) = match category {
                Category::All => ("all".to_string(), None),
                Category::Goal(goal) => (goal.to_string(), Some("NEEDS")),
                Category::Complaint(complaint) => (complaint.phrase().to_string(), Some("COMPLAINTS")),
                Category::Area(area) => (area.to_string(), Some("AREAS")),
            };
            if group.is_some() && group != heading {
                heading = group;
                items.push(ListItem::new(Line::styled(
                    group.unwrap_or_default(),
                    self.theme.dim,
                )));
            }
            if i == self.picker.category_index {
                selected_row = items.len();
            }
            items.push(ListItem::new(Line::from(vec![
                Span::raw(name),
                Span::styled(format!(" {count}"), self.theme.dim),
            ])));
        }
        let focused = self.picker.focus == Focus::Categories && self.picker.filter.is_none();
        let items_len = items.len();
        let list = List::new(items)
            .block(self.column_block(" choose by ".into(), focused))
            .highlight_style(self.highlight(focused))
            .highlight_symbol("› ");
        let total = items_len;
        let mut state = ListState::default().with_selected(Some(selected_row));
        StatefulWidget::render(list, area, buf, &mut state);
        // Rows of one line each, inside the frame.
        let shown = usize::from(area.height.saturating_sub(2));
        let below = total.saturating_sub(state.offset() + shown);
        if below > 0 {
            more_below(area, below, self.theme, buf);
        }
        if state.offset() > 0 {
            more_above(area, state.offset(), self.theme, buf);
        }
    }

    fn render_routines(&self, area: Rect, buf: &mut Buffer) {
        let visible = self.picker.visible_marked();
        let title = match &self.picker.filter {
            Some(typed) => {
                // The end of a long filter is what is being typed: show that.
                let room = usize::from(area.width.saturating_sub(6));
                let typed = sanitize(typed);
                let count = typed.chars().count();
                let shown = if count > room {
                    let tail: String = typed.chars().skip(count - room + 1).collect();
                    format!("…{tail}")
                } else {
                    typed
                };
                format!(" /{shown}▏")
            }
            None => match self.picker.category() {
                Category::All => " all routines ".to_string(),
                Category::Goal(goal) => format!(" for {goal} "),
                Category::Complaint(complaint) => format!(" for {} ", complaint.phrase()),
                Category::Area(area) => format!(" {area} "),
            },
        };
        let focused = self.picker.focus == Focus::Routines;
        let block = self.column_block(title, focused);
        // Routines hidden for the person are named below the list, with why.
        let hidden: Vec<Line> = self
            .picker
            .hidden_here()
            .iter()
            .map(|h| Line::styled(h.line(), self.theme.dim))
            .collect();
        // Below the box, inside the column's width, at most a third of its height.
        let beside = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(1),
            ..area
        };
        let hidden_rows = if hidden.is_empty() {
            0
        } else {
            let wanted = super::session_view::wrapped_height(&hidden, beside.width);
            u16::try_from(wanted).unwrap_or(u16::MAX).min(area.height / 3)
        };
        if hidden_rows > 0 {
            let below = Rect {
                y: area.bottom() - hidden_rows,
                height: hidden_rows,
                ..beside
            };
            Paragraph::new(hidden)
                .wrap(Wrap { trim: false })
                .render(below, buf);
        }
        let area = Rect {
            height: area.height - hidden_rows,
            ..area
        };
        if visible.is_empty() {
            Paragraph::new(Line::styled("No routine matches.", self.theme.dim))
                .block(block)
                .render(area, buf);
            return;
        }
        let suggesting = self.picker.suggesting();
        let items: Vec<ListItem> = visible
            .iter()
            .enumerate()
            .map(|(i, &(r, standing))| {
                let mut second = match (self.picker.plan_label(r), standing) {
                    (Some(label), _) => Line::styled(format!("  {label}"), eases_style(self.theme)),
                    // The list opens on the ranking's first choice, with why.
                    (None, _) if i == 0 && suggesting => suggested_line(r, standing, self.theme),
                    (None, Some(standing)) => mark_line(r, standing, self.theme),
                    (None, None) => Line::styled(format!("  {}", areas(r)), self.theme.dim),
                };
                // What the profile changed comes first, so a narrow column still shows it.
                if let Some(changed) = changed_for_you(r) {
                    if let Some(first) = second.spans.first_mut() {
                        let rest = first.content.trim_start().to_string();
                        first.content = if rest.is_empty() {
                            rest
                        } else {
                            format!(" · {rest}")
                        }
                        .into();
                    }
                    second
                        .spans
                        .insert(0, Span::styled(format!("  {changed}"), self.theme.accent));
                }
                let mut first = vec![
                    Span::raw(r.name.as_str()),
                    Span::styled(
                        format!("  {}", format_length(r.planned_seconds())),
                        self.theme.dim,
                    ),
                ];
                if i == 0 && suggesting {
                    first.push(Span::styled("  ★ suggested", eases_style(self.theme)));
                }
                ListItem::new(vec![Line::from(first), second])
            })
            .collect();
        let list = List::new(items)
            .block(block)
            .highlight_style(self.highlight(focused))
            .highlight_symbol("› ");
        let mut state = ListState::default().with_selected(Some(self.picker.routine_index));
        StatefulWidget::render(list, area, buf, &mut state);
        // Two rows a routine.
        let shown = usize::from(area.height.saturating_sub(2)) / 2;
        let below = visible.len().saturating_sub(state.offset() + shown);
        if below > 0 {
            more_below(area, below, self.theme, buf);
        }
        if state.offset() > 0 {
            more_above(area, state.offset(), self.theme, buf);
        }
    }
}

fn areas(r: &Routine) -> String {
    join(r.areas.iter().map(|a| a.as_str()))
}

/// "2 steps left out for you", "1 step lighter for you", "2 left out, 1 lighter for you";
/// `None` for a routine the health profile leaves as written.
pub fn changed_for_you(r: &Routine) -> Option<String> {
    let left_out = r.for_you.iter().filter(|a| a.change == Change::LeftOut).count();
    let lighter = r.for_you.len() - left_out;
    let steps = |n: usize| if n == 1 { "step" } else { "steps" };
    match (left_out, lighter) {
        (0, 0) => None,
        (n, 0) => Some(format!("{n} {} left out for you", steps(n))),
        (0, n) => Some(format!("{n} {} lighter for you", steps(n))),
        (n, m) => Some(format!("{n} left out, {m} lighter for you")),
    }
}

/// A routine's mark for this person: what it does for their tension, once there are enough
/// ratings to say, else its areas; then when it was last done.
fn mark_line(r: &Routine, standing: &Standing, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw("  ")];
    // Too few ratings say nothing worth a row's room; the details pane says how many.
    match tension_mark(standing).filter(|_| standing.effect.claimed_median().is_some()) {
        Some(mark) => {
            let style = if standing.eases() {
                eases_style(theme)
            } else {
                theme.dim
            };
            spans.push(Span::styled(mark, style));
        }
        None => spans.push(Span::styled(areas(r), theme.dim)),
    }
    spans.push(Span::styled(
        format!(" · {}", last_done(standing.days_since)),
        theme.dim,
    ));
    Line::from(spans)
}

/// The first row's second line when the picker opens: why it is suggested ("a 3-minute
/// start"); its first line says "★ suggested".
fn suggested_line(r: &Routine, standing: Option<&Standing>, theme: &Theme) -> Line<'static> {
    let standing = standing.copied().unwrap_or_default();
    Line::styled(
        format!("  {}", suggestion_reason(&standing, r.planned_seconds())),
        eases_style(theme),
    )
}

/// A routine that eases the person's tension stands out from the dim marks, in a colour of
/// its own that is not the selection's.
fn eases_style(theme: &Theme) -> Style {
    match theme.palette {
        Palette::Day => Style::new().fg(Color::Green),
        Palette::Night | Palette::NoColor => theme.text,
    }
}

/// "tension ↓2.0 (8 rated)", "3 rated: too few to say": the one figure, worded as everywhere.
pub fn tension_mark(standing: &Standing) -> Option<String> {
    effect_mark(&standing.effect)
}

fn details_paragraph<'a>(r: &'a Routine, picker: &Picker, theme: &Theme) -> Paragraph<'a> {
    let label = |text: &'static str| Span::styled(text, theme.dim);
    let mut lines = vec![
        Line::styled(r.name.as_str(), theme.title),
        Line::raw(r.summary.as_str()),
        Line::raw(""),
        Line::from(vec![
            label("areas  "),
            Span::raw(join(r.areas.iter().map(|a| a.as_str()))),
        ]),
        Line::from(vec![
            label("goals  "),
            Span::raw(join(r.goals.iter().map(|g| g.as_str()))),
        ]),
        Line::from(vec![
            label("length "),
            Span::raw(format!(
                "{} · {}",
                format_length(r.planned_seconds()),
                crate::session::words::steps(r.steps.len())
            )),
        ]),
    ];
    if let Some(standing) = picker.standing(r) {
        lines.push(Line::from(vec![
            label("last   "),
            Span::raw(last_done(standing.days_since)),
        ]));
        lines.push(Line::from(vec![
            label("rated  "),
            Span::raw(rated_text(standing)),
        ]));
    }
    lines.push(Line::raw(""));
    for adjustment in &r.for_you {
        lines.push(Line::styled(adjustment.line(), theme.accent));
    }
    for (i, step) in r.steps.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}. ", i + 1), theme.dim),
            Span::raw(step.name.as_str()),
            Span::styled(
                match step.pressure {
                    Some(pressure) => format!("  {pressure} · {}", step.stroke),
                    None => format!("  {}", step.stroke),
                },
                theme.dim,
            ),
        ]));
    }
    if !r.cautions.is_empty() {
        lines.push(Line::raw(""));
        for caution in &r.cautions {
            lines.push(Line::styled(format!("! {caution}"), theme.warning));
        }
    }
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// What the details say of the routine's effect on the person's tension.
fn rated_text(standing: &Standing) -> String {
    effect_line(&standing.effect, standing.versus_rest).unwrap_or_else(|| "not yet".to_string())
}

/// "today", "yesterday", "3 days ago", or "never done".
pub fn last_done(days_since: Option<i64>) -> String {
    match days_since {
        None => "never done".to_string(),
        Some(..=0) => "today".to_string(),
        Some(1) => "yesterday".to_string(),
        Some(n) => format!("{n} days ago"),
    }
}
