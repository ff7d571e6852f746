//! Draws the picker. A function of the picker's state and the time, nothing more.

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap};

use super::picker::{Focus, Picker};
use super::theme::Theme;
use super::widgets::{footer, too_small};
use crate::routine::{Routine, format_length};
use crate::text::sanitize;

pub struct PickerView<'a> {
    pub picker: &'a Picker,
    pub theme: &'a Theme,
    pub now: DateTime<FixedOffset>,
}

impl Widget for &PickerView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if too_small(area, buf, self.theme) {
            return;
        }
        let theme = self.theme;
        let [title, body, keys] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)]).areas(area);
        Line::from(vec![
            Span::styled(" knead ", theme.title),
            Span::styled("· choose a routine", theme.dim),
        ])
        .render(title, buf);
        let filtering = self.picker.filter.is_some();
        let hints: &[(&str, &str)] = if filtering {
            &[("type", "filter"), ("Enter", "start"), ("Esc", "clear")]
        } else {
            &[
                ("↑↓", "move"),
                ("←→", "column"),
                ("/", "filter"),
                ("Enter", "start"),
                ("q", "quit"),
            ]
        };
        footer(hints, theme).render(keys, buf);

        let show_details = body.width >= 84;
        let columns = if show_details {
            Layout::horizontal([
                Constraint::Length(18),
                Constraint::Length(42),
                Constraint::Min(20),
            ])
            .split(body)
        } else {
            Layout::horizontal([Constraint::Length(16), Constraint::Min(20)]).split(body)
        };
        self.render_areas(columns[0], buf);
        self.render_routines(columns[1], buf);
        if show_details {
            let details = Block::bordered()
                .title(" details ")
                .border_style(theme.border)
                .padding(ratatui::widgets::Padding::horizontal(1));
            let inner = details.inner(columns[2]);
            details.render(columns[2], buf);
            if let Some(routine) = self.picker.selected() {
                details_paragraph(routine, self.picker, theme, self.now).render(inner, buf);
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

    fn render_areas(&self, area: Rect, buf: &mut Buffer) {
        let items: Vec<ListItem> = self
            .picker
            .areas
            .iter()
            .map(|(a, count)| {
                let name = a.map_or("all".to_string(), |a| a.to_string());
                ListItem::new(Line::from(vec![
                    Span::raw(name),
                    Span::styled(format!(" {count}"), self.theme.dim),
                ]))
            })
            .collect();
        let focused = self.picker.focus == Focus::Areas && self.picker.filter.is_none();
        let list = List::new(items)
            .block(self.column_block(" areas ".into(), focused))
            .highlight_style(if focused {
                self.theme.selected
            } else {
                self.theme.accent
            })
            .highlight_symbol("› ");
        let mut state = ListState::default().with_selected(Some(self.picker.area_index));
        StatefulWidget::render(list, area, buf, &mut state);
    }

    fn render_routines(&self, area: Rect, buf: &mut Buffer) {
        let visible = self.picker.visible();
        let title = match &self.picker.filter {
            Some(typed) => format!(" /{}▏", sanitize(typed)),
            None => format!(
                " {} ",
                self.picker
                    .area()
                    .map_or("all routines".to_string(), |a| a.to_string())
            ),
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
            .map(|r| {
                let mut goals = r.goals.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(", ");
                if let Some(when) = self.picker.last_done.get(&r.id) {
                    goals.push_str(&format!(" · {}", last_done(Some(when), self.now)));
                }
                ListItem::new(vec![
                    Line::from(vec![
                        Span::raw(sanitize(&r.name)),
                        Span::styled(
                            format!("  {}", format_length(r.planned_seconds())),
                            self.theme.dim,
                        ),
                    ]),
                    Line::styled(format!("  {goals}"), self.theme.dim),
                ])
            })
            .collect();
        let list = List::new(items)
            .block(block)
            .highlight_style(if focused {
                self.theme.selected
            } else {
                self.theme.accent
            })
            .highlight_symbol("› ");
        let mut state = ListState::default().with_selected(Some(self.picker.routine_index));
        StatefulWidget::render(list, area, buf, &mut state);
    }
}

fn details_paragraph<'a>(
    r: &'a Routine,
    picker: &Picker,
    theme: &Theme,
    now: DateTime<FixedOffset>,
) -> Paragraph<'a> {
    let label = |text: &'static str| Span::styled(text, theme.dim);
    let mut lines = vec![
        Line::styled(sanitize(&r.name), theme.title),
        Line::raw(sanitize(&r.summary)),
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
                "{} · {} steps",
                format_length(r.planned_seconds()),
                r.steps.len()
            )),
        ]),
        Line::from(vec![
            label("last   "),
            Span::raw(last_done(picker.last_done.get(&r.id), now)),
        ]),
        Line::raw(""),
    ];
    for (i, step) in r.steps.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}. ", i + 1), theme.dim),
            Span::raw(sanitize(&step.name)),
            Span::styled(format!("  {} · {}", step.pressure, step.stroke), theme.dim),
        ]));
    }
    if !r.cautions.is_empty() {
        lines.push(Line::raw(""));
        for caution in &r.cautions {
            lines.push(Line::styled(format!("! {}", sanitize(caution)), theme.warning));
        }
    }
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// "today", "yesterday", "3 days ago", or "never".
pub fn last_done(when: Option<&DateTime<FixedOffset>>, now: DateTime<FixedOffset>) -> String {
    let Some(when) = when else {
        return "never".to_string();
    };
    let days = (now.date_naive() - when.with_timezone(&now.timezone()).date_naive()).num_days();
    match days {
        ..=0 => "today".to_string(),
        1 => "yesterday".to_string(),
        n => format!("{n} days ago"),
    }
}
