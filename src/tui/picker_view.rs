//! Draws the picker. A function of the picker's state and the time, nothing more.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap};

use super::body_map::{self, BodyMap};
use super::picker::{Category, Focus, HISTORY_KEY, Picker};
use super::theme::{Palette, Theme};
use super::widgets::{footer, too_small};
use crate::ranking::{MIN_RATED, Standing};
use crate::routine::{Routine, format_length};
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
        let hint_rows = u16::from(self.picker.first_time);
        let [title, body, hint, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(hint_rows),
            Constraint::Length(1),
        ])
        .areas(area);
        Line::from(vec![
            Span::styled(" knead ", theme.title),
            Span::styled("· choose a routine", theme.dim),
        ])
        .render(title, buf);
        if self.picker.first_time {
            Line::styled(format!(" {RATINGS_HINT}"), theme.dim).render(hint, buf);
        }
        let filtering = self.picker.filter.is_some();
        let history_key = HISTORY_KEY.to_string();
        let hints: Vec<(&str, &str)> = if filtering {
            vec![("type", "filter"), ("Enter", "start"), ("Esc", "clear")]
        } else {
            vec![
                ("↑↓", "move"),
                ("←→", "column"),
                ("/", "filter"),
                (history_key.as_str(), "history"),
                ("Enter", "start"),
                ("q", "quit"),
            ]
        };
        footer(&hints, theme).render(keys, buf);

        let show_details = body.width >= 84;
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
        if show_details {
            let details = Block::bordered()
                .title(" details ")
                .border_style(theme.border)
                .padding(ratatui::widgets::Padding::horizontal(1));
            let inner = details.inner(columns[2]);
            details.render(columns[2], buf);
            if let Some(routine) = self.picker.selected() {
                let text = body_map::beside(&BodyMap::areas(&routine.areas, theme), inner, buf);
                details_paragraph(routine, self.picker, theme).render(text, buf);
            }
        }
    }
}

impl PickerView<'_> {
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
        let list = List::new(items)
            .block(self.column_block(" choose by ".into(), focused))
            .highlight_style(self.highlight(focused))
            .highlight_symbol("› ");
        let mut state = ListState::default().with_selected(Some(selected_row));
        StatefulWidget::render(list, area, buf, &mut state);
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
                Category::Area(area) => format!(" {area} "),
            },
        };
        let focused = self.picker.focus == Focus::Routines;
        let block = self.column_block(title, focused);
        if visible.is_empty() {
            Paragraph::new(Line::styled("No routine matches.", self.theme.dim))
                .block(block)
                .render(area, buf);
            return;
        }
        let items: Vec<ListItem> = visible
            .iter()
            .map(|&(r, standing)| {
                let second = match standing {
                    Some(standing) => mark_line(r, standing, self.theme),
                    None => Line::styled(format!("  {}", goals(r)), self.theme.dim),
                };
                ListItem::new(vec![
                    Line::from(vec![
                        Span::raw(r.name.as_str()),
                        Span::styled(
                            format!("  {}", format_length(r.planned_seconds())),
                            self.theme.dim,
                        ),
                    ]),
                    second,
                ])
            })
            .collect();
        let list = List::new(items)
            .block(block)
            .highlight_style(self.highlight(focused))
            .highlight_symbol("› ");
        let mut state = ListState::default().with_selected(Some(self.picker.routine_index));
        StatefulWidget::render(list, area, buf, &mut state);
    }
}

fn goals(r: &Routine) -> String {
    join(r.goals.iter().map(|g| g.as_str()))
}

/// A routine's mark for this person: what it does for their tension, once there are enough
/// ratings to say, else its goals; then when it was last done.
fn mark_line(r: &Routine, standing: &Standing, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw("  ")];
    match tension_mark(standing) {
        Some(mark) => {
            let style = if standing.eases() {
                eases_style(theme)
            } else {
                theme.dim
            };
            spans.push(Span::styled(mark, style));
        }
        None => spans.push(Span::styled(goals(r), theme.dim)),
    }
    spans.push(Span::styled(
        format!(" · {}", last_done(standing.days_since)),
        theme.dim,
    ));
    Line::from(spans)
}

/// A routine that eases the person's tension stands out from the dim marks, in a colour of
/// its own that is not the selection's.
fn eases_style(theme: &Theme) -> Style {
    match theme.palette {
        Palette::Day => Style::new().fg(Color::Green),
        Palette::Night | Palette::NoColor => theme.text,
    }
}

/// "tension ↓2.1 (4 rated)": the average change, only on enough ratings to go by.
pub fn tension_mark(standing: &Standing) -> Option<String> {
    let change = standing.change?;
    let shown = (change.abs() * 10.0).round() / 10.0;
    let arrow = if shown == 0.0 {
        "±".to_string()
    } else if change < 0.0 {
        "↓".to_string()
    } else {
        "↑".to_string()
    };
    Some(format!("tension {arrow}{shown:.1} ({} rated)", standing.rated))
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
    for (i, step) in r.steps.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}. ", i + 1), theme.dim),
            Span::raw(step.name.as_str()),
            Span::styled(format!("  {} · {}", step.pressure, step.stroke), theme.dim),
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
    match (standing.change, standing.rated) {
        (Some(change), rated) => format!(
            "{rated} sessions, tension {} on average",
            crate::log::tension::signed_change(change)
        ),
        (None, 0) => "not yet".to_string(),
        (None, 1) => format!("1 session; {MIN_RATED} tell what it does for you"),
        (None, rated) => format!("{rated} sessions; {MIN_RATED} tell what it does for you"),
    }
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
