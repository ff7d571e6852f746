//! The history screen, opened from the picker: this week and the streak, minutes a week over
//! the last 12 weeks, the 12-week calendar of `knead stats`, how tense the person was before
//! and after each routine, and the latest sessions. A function of the log's digest and the
//! theme, drawn with ratatui's own widgets (BarChart, Sparkline, Table).
//!
//! A small screen keeps the panels that matter most: this week first, then what eases the
//! person, then the weeks, the calendar, and the latest sessions last.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Cell, Paragraph, Row, Sparkline, Table, Widget, Wrap,
};

use super::keys::Screen;
use super::theme::{Palette, Theme};
use super::widgets::{key_footer, too_small};
use crate::log::digest::{Digest, RoutineRow};
use crate::log::effect::{MIN_RATED, StartLevel};
use crate::log::stats::{HEAT_MAP_WEEKS, TOP_LEVEL, minutes};
use crate::log_words::{WEEKDAYS, days, heat_cell, month_abbreviation, month_header, signed, signed_whole};
use crate::text::sanitize;

/// How far the log has been read.
#[derive(Clone, Copy, Debug)]
pub enum LogState<'a> {
    Reading,
    /// The log could not be read; why.
    Unreadable(&'a str),
    Read(&'a Digest),
}

pub struct HistoryView<'a> {
    pub log: LogState<'a>,
    pub theme: &'a Theme,
    /// The plan followed and its days done ("Two weeks for a desk neck: day 4 of 14, 3 of 3
    /// session days done"), said under the title.
    pub plan: Option<&'a str>,
}

/// Below this width the panels stand one above the other.
const SIDE_BY_SIDE_WIDTH: u16 = 76;
const SUMMARY_WIDTH: u16 = 28;
/// The calendar: "Mon " and twelve cells with a space between, in a bordered block.
const CALENDAR_WIDTH: u16 = 4 + 2 * HEAT_MAP_WEEKS as u16 + 2 + 1;
const SUMMARY_HEIGHT: u16 = 6;
const CALENDAR_HEIGHT: u16 = 11;
const TABLE_MIN_HEIGHT: u16 = 4;
const WEEKS_NARROW_HEIGHT: u16 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    Summary,
    Weeks,
    Calendar,
    Routines,
    Latest,
}

impl Widget for &HistoryView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if too_small(area, buf, self.theme) {
            return;
        }
        let theme = self.theme;
        let plan_rows = u16::from(self.plan.is_some());
        let [title, plan, body, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(plan_rows),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(area);
        if let Some(line) = self.plan {
            Line::from(vec![
                Span::styled(" plan ", theme.title),
                Span::styled(sanitize(line), theme.dim),
            ])
            .render(plan, buf);
        }
        let mut heading = vec![
            Span::styled(" knead ", theme.title),
            Span::styled("· your history", theme.dim),
        ];
        if let LogState::Read(digest) = self.log
            && digest.skipped_lines > 0
        {
            let lines = if digest.skipped_lines == 1 {
                "line"
            } else {
                "lines"
            };
            let which = if area.width >= 80 {
                "; `knead stats` names them"
            } else {
                ""
            };
            heading.push(Span::styled(
                format!("  ({} damaged {lines} skipped{which})", digest.skipped_lines),
                theme.warning,
            ));
        }
        Line::from(heading).render(title, buf);
        key_footer(Screen::History, keys.width, theme).render(keys, buf);
        match self.log {
            LogState::Reading => note(
                body,
                buf,
                theme,
                &[
                    "Reading your log…",
                    "",
                    "The figures appear here as soon as it is read.",
                ],
            ),
            LogState::Unreadable(why) => {
                note(body, buf, theme, &["Your log could not be read:", &sanitize(why)])
            }
            LogState::Read(digest) => Panels { digest, theme }.render(body, buf),
        }
    }
}

/// A few centred lines in the middle of `area`.
fn note(area: Rect, buf: &mut Buffer, theme: &Theme, lines: &[&str]) {
    let height = lines.len() as u16;
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    let text: Vec<Line> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| Line::styled(l.to_string(), if i == 0 { theme.title } else { theme.dim }))
        .collect();
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(middle, buf);
}

struct Panels<'a> {
    digest: &'a Digest,
    theme: &'a Theme,
}

impl Panels<'_> {
    fn render(&self, area: Rect, buf: &mut Buffer) {
        if area.width >= SIDE_BY_SIDE_WIDTH {
            self.side_by_side(area, buf);
        } else {
            self.stacked(area, buf);
        }
    }

    /// This week beside the weeks; the calendar beside the routines; the latest sessions
    /// below. Short screens lose the latest sessions first, then the calendar.
    fn side_by_side(&self, area: Rect, buf: &mut Buffer) {
        // A tall screen gives the weeks' bars more height.
        let top = (area.height / 5).clamp(7, 12);
        let with_latest = area.height >= top + CALENDAR_HEIGHT + TABLE_MIN_HEIGHT;
        let with_calendar = area.height >= top + CALENDAR_HEIGHT;
        let top = if with_calendar {
            top
        } else {
            top.min(area.height.saturating_sub(TABLE_MIN_HEIGHT))
                .max(SUMMARY_HEIGHT)
        };
        let middle = if with_latest {
            Constraint::Length(CALENDAR_HEIGHT)
        } else {
            Constraint::Min(0)
        };
        let [first, second, third] = Layout::vertical([
            Constraint::Length(top),
            middle,
            Constraint::Length(if with_latest {
                area.height - top - CALENDAR_HEIGHT
            } else {
                0
            }),
        ])
        .areas(area);
        let [summary, weeks] =
            Layout::horizontal([Constraint::Length(SUMMARY_WIDTH), Constraint::Min(0)]).areas(first);
        self.draw(Panel::Summary, summary, buf);
        self.draw(Panel::Weeks, weeks, buf);
        if with_calendar {
            let [calendar, routines] =
                Layout::horizontal([Constraint::Length(CALENDAR_WIDTH), Constraint::Min(0)]).areas(second);
            self.draw(Panel::Calendar, calendar, buf);
            self.draw(Panel::Routines, routines, buf);
        } else {
            self.draw(Panel::Routines, second, buf);
        }
        if with_latest {
            self.draw(Panel::Latest, third, buf);
        }
    }

    /// One panel above the other, as many as fit, most important first.
    fn stacked(&self, area: Rect, buf: &mut Buffer) {
        let by_priority = [
            (Panel::Summary, SUMMARY_HEIGHT),
            (Panel::Routines, TABLE_MIN_HEIGHT),
            (Panel::Weeks, WEEKS_NARROW_HEIGHT),
            (Panel::Calendar, CALENDAR_HEIGHT),
            (Panel::Latest, TABLE_MIN_HEIGHT),
        ];
        let mut room = area.height;
        let mut kept = Vec::new();
        for (panel, height) in by_priority {
            if panel == Panel::Calendar && area.width < CALENDAR_WIDTH {
                continue;
            }
            // Panels go in order of importance: one that does not fit ends the list, so a
            // short screen never shows the latest sessions instead of what eases the person.
            if height > room {
                break;
            }
            room -= height;
            kept.push((panel, height));
        }
        let order = [
            Panel::Summary,
            Panel::Weeks,
            Panel::Routines,
            Panel::Calendar,
            Panel::Latest,
        ];
        // What is left goes to the routines, or to the latest sessions when they are shown.
        let grows = if kept.iter().any(|(p, _)| *p == Panel::Latest) {
            Panel::Latest
        } else {
            Panel::Routines
        };
        let mut constraints = Vec::new();
        let mut panels = Vec::new();
        for panel in order {
            if let Some((_, height)) = kept.iter().find(|(p, _)| *p == panel) {
                constraints.push(if panel == grows {
                    Constraint::Min(*height)
                } else {
                    Constraint::Length(*height)
                });
                panels.push(panel);
            }
        }
        let areas = Layout::vertical(constraints).split(area);
        for (panel, area) in panels.into_iter().zip(areas.iter()) {
            self.draw(panel, *area, buf);
        }
    }

    fn block(&self, title: &str) -> Block<'static> {
        Block::bordered()
            .title(format!(" {title} "))
            .border_style(self.theme.border)
    }

    fn draw(&self, panel: Panel, area: Rect, buf: &mut Buffer) {
        match panel {
            Panel::Summary => self.summary(area, buf),
            Panel::Weeks => self.weeks(area, buf),
            Panel::Calendar => self.calendar(area, buf),
            Panel::Routines => self.routines(area, buf),
            Panel::Latest => self.latest(area, buf),
        }
    }

    /// A dim sentence in a panel that has nothing to show yet.
    fn empty(&self, block: Block, text: &str, area: Rect, buf: &mut Buffer) {
        Paragraph::new(Line::styled(text.to_string(), self.theme.dim))
            .wrap(Wrap { trim: true })
            .block(block)
            .render(area, buf);
    }

    fn summary(&self, area: Rect, buf: &mut Buffer) {
        let stats = &self.digest.stats;
        let block = self.block("this week");
        if self.digest.is_empty() {
            return self.empty(
                block,
                "No sessions yet. Sessions and minutes this week and your streak show here.",
                area,
                buf,
            );
        }
        let label = |text: &'static str| Cell::from(Span::styled(text, self.theme.dim));
        let week = stats.this_week;
        let rows = [
            Row::new([label("sessions"), Cell::from(week.sessions.to_string())]),
            Row::new([label("minutes"), Cell::from(minutes(week.seconds).to_string())]),
            Row::new([label("streak"), Cell::from(days(stats.current_streak_days))]),
            Row::new([label("longest"), Cell::from(days(stats.longest_streak_days))]),
        ];
        Table::new(rows, [Constraint::Length(9), Constraint::Min(0)])
            .block(block.padding(ratatui::widgets::Padding::horizontal(1)))
            .render(area, buf);
    }

    /// Minutes a week: bars with their minutes on a wide screen, a sparkline on a narrow one.
    fn weeks(&self, area: Rect, buf: &mut Buffer) {
        let block = self.block("minutes a week, last 12 weeks");
        let map = &self.digest.stats.heat_map;
        let weekly: Vec<u64> = map.weeks().iter().map(|w| minutes(w.seconds)).collect();
        if weekly.iter().all(|m| *m == 0) {
            let text = if self.digest.is_empty() {
                "The minutes of each of the last 12 weeks show here as bars."
            } else {
                "Nothing in the last 12 weeks: no minutes to show."
            };
            return self.empty(block, text, area, buf);
        }
        let inner = block.inner(area);
        let weeks = weekly.len() as u16;
        let bar_width = (inner.width.saturating_sub(weeks - 1) / weeks).min(9);
        if bar_width >= 3 {
            let bars: Vec<Bar> = weekly
                .iter()
                .zip(map.month_starts())
                .map(|(&m, month)| {
                    Bar::default()
                        .value(m)
                        .label(Line::from(month.map_or("", month_abbreviation)))
                        .style(self.theme.gauge)
                        .value_style(value_style(self.theme))
                })
                .collect();
            BarChart::default()
                .data(BarGroup::default().bars(&bars))
                .bar_width(bar_width)
                .bar_gap(1)
                .label_style(self.theme.dim)
                .block(block)
                .render(area, buf);
        } else {
            // One sparkline column a week would be a dozen cells: widen each week to fill,
            // with a blank between weeks where there is room.
            let per_week = usize::from((inner.width / weeks).max(1));
            let data: Vec<Option<u64>> = weekly
                .iter()
                .flat_map(|&m| {
                    let bars = if per_week > 2 { per_week - 1 } else { per_week };
                    std::iter::repeat_n(Some(m), bars).chain((per_week > 2).then_some(None))
                })
                .collect();
            let [line, legend] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
            block.render(area, buf);
            Sparkline::default()
                .data(&data)
                .style(self.theme.gauge)
                .render(line, buf);
            let most = weekly.iter().max().copied().unwrap_or(0);
            let this_week = weekly.last().copied().unwrap_or(0);
            Line::styled(
                format!("this week {this_week} min · most {most} min"),
                self.theme.dim,
            )
            .render(legend, buf);
        }
    }

    /// The 12-week calendar of `knead stats`: a row a weekday, a column a week, the level of
    /// each day's minutes in its character (and, with colour, its shade).
    fn calendar(&self, area: Rect, buf: &mut Buffer) {
        let map = &self.digest.stats.heat_map;
        let block = self.block("last 12 weeks");
        let inner = block.inner(area);
        block.render(area, buf);
        let [months, grid, legend] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(7),
            Constraint::Length(1),
        ])
        .areas(inner);
        Line::styled(month_header(map), self.theme.dim).render(months, buf);
        let rows = WEEKDAYS.iter().zip(map.rows()).map(|(name, levels)| {
            let mut cells = vec![Cell::from(Span::styled(*name, self.theme.dim))];
            cells.extend(levels.map(|level| match level {
                Some(level) => Cell::from(Span::styled(
                    heat_cell(level).to_string(),
                    self.theme.heat_level(level),
                )),
                None => Cell::from(""),
            }));
            Row::new(cells)
        });
        let mut widths = vec![Constraint::Length(3)];
        widths.extend([Constraint::Length(1); HEAT_MAP_WEEKS]);
        Table::new(rows, widths).column_spacing(1).render(grid, buf);
        let mut spans = Vec::new();
        for level in 0..=TOP_LEVEL {
            spans.push(Span::styled(
                heat_cell(level).to_string(),
                self.theme.heat_level(level),
            ));
            spans.push(Span::styled(
                match level {
                    0 => " none ",
                    TOP_LEVEL => " most",
                    _ => "",
                },
                self.theme.dim,
            ));
        }
        Line::from(spans).render(legend, buf);
    }

    /// Per routine, what the ratings say (the median change, its spread, how often it eased
    /// by a felt amount, and by starting level when wide), best first.
    fn routines(&self, area: Rect, buf: &mut Buffer) {
        let block = self.block("tension change, best first");
        let rows = self.digest.routine_rows();
        if rows.iter().all(|r| r.effect.rated == 0) {
            let text = if rows.is_empty() {
                "What each routine does for your tension shows here, best first, once you rate your sessions."
            } else {
                "No rated session yet. Rate how tense you feel before and after a session, and what each routine does for you shows here, best first."
            };
            return self.empty(block, text, area, buf);
        }
        let block = block.title_bottom(Line::styled(
            format!(" self-reported · * under {MIN_RATED} rated "),
            self.theme.dim,
        ));
        let rated: Vec<&RoutineRow> = rows.iter().filter(|r| r.effect.rated > 0).collect();
        let cells: Vec<RoutineCells> = rated.iter().map(|r| RoutineCells::new(r)).collect();
        let widest = |f: fn(&RoutineCells) -> &str, header: &str| {
            cells
                .iter()
                .map(|c| f(c).chars().count())
                .chain([header.chars().count()])
                .max()
                .unwrap_or(0) as u16
        };
        let names = name_width(rated.iter().map(|r| r.name.as_str()));
        let change = widest(|c| &c.change, "change");
        let middle = widest(|c| &c.middle, "middle");
        let eased = widest(|c| &c.eased, "eased 2+");
        let by_start = widest(|c| &c.by_start, BY_START_HEADER);
        let rated_width = widest(|c| &c.rated, "rated");
        // Narrower screens drop the split by starting level, then the spread; the name
        // gives way down to a few letters before either goes.
        let width = block.inner(area).width;
        // Each column after the name adds its width and one space before it.
        let base = change + rated_width + 2;
        let spread = middle + eased + 2;
        let columns = if width >= base + spread + by_start + 1 + names.min(20) {
            3
        } else if width >= base + spread + names.min(20) {
            2
        } else {
            1
        };
        let mut header = vec!["routine", "change"];
        let mut widths = vec![Constraint::Min(6), Constraint::Length(change)];
        if columns >= 2 {
            header.extend(["middle", "eased 2+"]);
            widths.extend([Constraint::Length(middle), Constraint::Length(eased)]);
        }
        if columns >= 3 {
            header.push(BY_START_HEADER);
            widths.push(Constraint::Length(by_start));
        }
        header.push("rated");
        widths.push(Constraint::Length(rated_width));
        let table_rows = rated.iter().zip(&cells).map(|(r, c)| {
            let right = |text: &str, width: u16| format!("{text:>width$}", width = usize::from(width));
            let mut row = vec![
                Cell::from(sanitize(&r.name)),
                Cell::from(right(&c.change, change)),
            ];
            if columns >= 2 {
                row.push(Cell::from(right(&c.middle, middle)));
                row.push(Cell::from(right(&c.eased, eased)));
            }
            if columns >= 3 {
                row.push(Cell::from(c.by_start.clone()));
            }
            row.push(Cell::from(right(&c.rated, rated_width)));
            // Too few ratings to say: shown, but dimmed and marked.
            let style = if c.enough { self.theme.text } else { self.theme.dim };
            Row::new(row).style(style)
        });
        Table::new(table_rows, widths)
            .header(Row::new(header).style(self.theme.dim))
            .block(block)
            .render(area, buf);
    }

    fn latest(&self, area: Rect, buf: &mut Buffer) {
        let block = self.block("latest sessions");
        if self.digest.latest.is_empty() {
            return self.empty(
                block,
                "Your latest sessions show here: when, which routine, how long, and how tense before and after.",
                area,
                buf,
            );
        }
        // A narrow screen keeps when, what and the tension, and drops the weekday, the
        // minutes and whether it ran to the end.
        let wide = block.inner(area).width >= 64;
        // The minutes fit the longest session's, however long.
        let minutes_width = self
            .digest
            .latest
            .iter()
            .map(|r| minutes(u64::from(r.active_s)).to_string().len())
            .max()
            .unwrap_or(0)
            .max(3);
        let rows = self.digest.latest.iter().map(|r| {
            let tension = match (r.tension_before, r.tension_after) {
                (Some(b), Some(a)) => format!("{b} → {a}"),
                (Some(b), None) => format!("{b} →"),
                (None, Some(a)) => format!("→ {a}"),
                (None, None) => String::new(),
            };
            let when = r
                .started
                .format(if wide { "%a %e %b %H:%M" } else { "%e %b %H:%M" })
                .to_string();
            let mut cells = vec![
                Cell::from(Span::styled(when, self.theme.dim)),
                Cell::from(sanitize(&r.name)),
            ];
            if wide {
                cells.push(Cell::from(format!(
                    "{:>minutes_width$} min",
                    minutes(u64::from(r.active_s))
                )));
                cells.push(Cell::from(if r.completed { "done" } else { "ended early" }));
            }
            cells.push(Cell::from(tension));
            Row::new(cells)
        });
        let names = name_width(self.digest.latest.iter().map(|r| r.name.as_str()));
        let widths: Vec<Constraint> = if wide {
            vec![
                Constraint::Length(16),
                Constraint::Length(names),
                Constraint::Length(u16::try_from(minutes_width + 4).unwrap_or(u16::MAX)),
                Constraint::Length(11),
                Constraint::Length(6),
            ]
        } else {
            vec![
                Constraint::Length(12),
                Constraint::Length(names),
                Constraint::Length(6),
            ]
        };
        Table::new(rows, widths).block(block).render(area, buf);
    }
}

/// The width of a column of routine names: the longest, within reason; a narrow screen
/// squeezes it further.
/// The heading over the medians by starting rating.
const BY_START_HEADER: &str = "from 0-4  5-7  8-10";

/// One routine's figures as the history table shows them.
struct RoutineCells {
    enough: bool,
    change: String,
    middle: String,
    eased: String,
    by_start: String,
    rated: String,
}

impl RoutineCells {
    fn new(r: &RoutineRow) -> RoutineCells {
        let effect = &r.effect;
        let enough = effect.claimed_median().is_some();
        let (change, middle, eased) = match (effect.claimed_median(), effect.middle_half) {
            (Some(m), Some((low, high))) => (
                signed(m),
                if low == high {
                    signed_whole(low)
                } else {
                    format!("{} to {}", signed_whole(low), signed_whole(high))
                },
                format!("{} of {}", effect.felt_drops, effect.rated),
            ),
            _ => ("—".to_string(), String::new(), String::new()),
        };
        let by_start = if enough {
            let medians: Vec<String> = StartLevel::ALL
                .iter()
                .map(|&level| r.ratings_from(level).median.map_or("·".to_string(), signed))
                .collect();
            format!("{:>8} {:>4} {:>5}", medians[0], medians[1], medians[2])
        } else {
            String::new()
        };
        RoutineCells {
            enough,
            change,
            middle,
            eased,
            by_start,
            rated: if enough {
                effect.rated.to_string()
            } else {
                format!("{} *", effect.rated)
            },
        }
    }
}

fn name_width<'a>(names: impl Iterator<Item = &'a str>) -> u16 {
    let longest = names.map(|n| sanitize(n).chars().count()).max().unwrap_or(0);
    u16::try_from(longest).unwrap_or(u16::MAX).clamp(8, 32)
}

/// The minutes written on a bar: readable on the bar's colour, or reversed without colour.
fn value_style(theme: &Theme) -> Style {
    match theme.palette {
        Palette::NoColor => Style::new().add_modifier(Modifier::REVERSED),
        _ => theme.selected,
    }
}
