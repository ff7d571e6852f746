//! Draws a guided session: the countdown, the step and its cue, the pressure meter, the
//! stroke figure, the side, the gauges and what comes next. A function of the session's
//! state (and the few things only the front end knows, in [`SessionScreen`]).

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Clear, LineGauge, Paragraph, Widget, Wrap};

use super::bigtext;
use super::body_map::{self, BodyMap};
use super::stroke_figure;
use super::theme::Theme;
use super::widgets::{footer, too_small};
use crate::routine::{Routine, Side, Step, format_length};
use crate::session::words::{self, SegmentWords, StepPass};
use crate::session::{Outcome, Phase, Session};

/// What the screen shows besides the session itself.
pub struct SessionScreen<'a> {
    pub session: &'a Session,
    pub theme: &'a Theme,
    pub help: bool,
    /// Lines for the end screen that come from outside the session (tension, streak).
    pub closing: &'a [String],
    /// The prompt line under the overview or the end screen ("How tense do you feel?").
    pub prompt: Option<String>,
}

impl Widget for &SessionScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if too_small(area, buf, self.theme) {
            return;
        }
        let theme = self.theme;
        buf.set_style(area, theme.text);
        let [title, body, keys] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)]).areas(area);
        self.title_line().render(title, buf);
        footer(self.key_hints(), theme).render(keys, buf);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.border);
        let inner = block.inner(body);
        block.render(body, buf);

        let session = self.session;
        match session.phase() {
            Phase::Ready => self.render_overview(inner, buf),
            Phase::Finished { .. } => self.render_finished(inner, buf),
            Phase::Paused { reason, .. } => {
                self.render_running(inner, buf);
                popup(
                    inner,
                    buf,
                    theme,
                    "PAUSED",
                    &[words::paused(*reason), "Space to resume · q to end".to_string()],
                );
            }
            Phase::ConfirmQuit { .. } => {
                self.render_running(inner, buf);
                popup(
                    inner,
                    buf,
                    theme,
                    "END THE SESSION?",
                    &["y to end it now · n or Esc to carry on".to_string()],
                );
            }
            Phase::Running(_) => self.render_running(inner, buf),
        }
        if self.help {
            popup(
                inner,
                buf,
                theme,
                "KEYS",
                &HELP.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            );
        }
    }
}

const HELP: &[&str] = &[
    "Space       pause or resume",
    "→  n        next step",
    "←  p        back a step",
    "+           15 seconds more",
    "q  Esc      end the session",
    "Ctrl-Z      suspend (fg to return)",
    "?           show or hide this help",
];

impl SessionScreen<'_> {
    fn routine(&self) -> Option<&Routine> {
        match self.session.current_step() {
            Some((routine, ..)) => Some(routine),
            None => self.session.routines().first(),
        }
    }

    fn title_line(&self) -> Line<'static> {
        let theme = self.theme;
        let name = self.routine().map(|r| r.name.as_str()).unwrap_or_default();
        let mut spans = vec![Span::styled(format!(" {name} "), theme.title)];
        if let Some((n, of)) = self.session.step_number() {
            spans.push(Span::styled(format!("· step {n} of {of}"), theme.dim));
        }
        Line::from(spans)
    }

    fn key_hints(&self) -> &'static [(&'static str, &'static str)] {
        match self.session.phase() {
            Phase::Ready => &[("Enter", "begin"), ("q", "quit")],
            Phase::Finished { .. } => &[("Enter", "done"), ("q", "quit")],
            Phase::ConfirmQuit { .. } => &[("y", "end"), ("n", "carry on")],
            _ => &[
                ("Space", "pause"),
                ("→/n", "next"),
                ("←/p", "back"),
                ("+", "extend"),
                ("q", "quit"),
                ("?", "help"),
            ],
        }
    }

    fn render_overview(&self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let Some(first) = self.session.routines().first() else {
            return;
        };
        let mut lines = vec![
            Line::styled(first.name.as_str(), theme.title),
            Line::raw(first.summary.as_str()),
            Line::raw(""),
        ];
        let routines = self.session.routines();
        if routines.len() > 1 {
            let names: Vec<&str> = routines.iter().map(|r| r.name.as_str()).collect();
            lines.push(Line::raw(format!("Back to back: {}", names.join(" → "))));
        }
        let total = self.session.plan().total();
        let steps: usize = routines.iter().map(|r| r.steps.len()).sum();
        lines.push(Line::styled(
            format!(
                "{} · {}",
                format_length(total.as_secs() as u32),
                crate::session::words::steps(steps)
            ),
            theme.dim,
        ));
        lines.push(Line::raw(""));
        for routine in routines {
            for caution in &routine.cautions {
                lines.push(Line::styled(format!("! {caution}"), theme.warning));
            }
        }
        let mut ask = vec![Line::raw("")];
        if let Some(prompt) = &self.prompt {
            ask.push(Line::styled(prompt.clone(), theme.accent));
        }
        ask.push(Line::styled(
            "Get comfortable, then press Enter to begin.",
            theme.accent,
        ));
        let area = pad(area);
        // A chained session lists the cautions of every routine, which may not fit. The
        // question and how to begin must stay on screen, so the cautions give way, saying so.
        let height = |lines: &[Line]| wrapped_height(lines, area.width);
        if height(&lines) + height(&ask) > usize::from(area.height) {
            let room = usize::from(area.height).saturating_sub(height(&ask) + 1);
            while !lines.is_empty() && height(&lines) > room {
                lines.pop();
            }
            lines.push(Line::styled(
                "… more cautions than fit: a taller window shows them all.",
                theme.warning,
            ));
        }
        lines.extend(ask);
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(area, buf);
    }

    fn render_finished(&self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let outcome = self.session.outcome();
        let headline = match outcome {
            Some(o) if o.completed => "Session complete",
            Some(_) => "Session ended early",
            None => "Nothing was started",
        };
        let mut lines = vec![Line::styled(headline, theme.title), Line::raw("")];
        if let Some(o) = outcome {
            lines.extend(outcome_lines(o).into_iter().map(Line::raw));
        }
        lines.extend(self.closing.iter().map(|l| Line::raw(l.clone())));
        lines.push(Line::raw(""));
        if let Some(prompt) = &self.prompt {
            lines.push(Line::styled(prompt.clone(), theme.accent));
        }
        lines.push(Line::styled("Get up slowly. Press Enter to leave.", theme.dim));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(pad(area), buf);
    }

    fn render_running(&self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let session = self.session;
        let area = pad(area);
        // What the person should be doing now: the step, or the one the wait leads into.
        let Some(doing) = words::doing(session) else {
            return;
        };
        let (step, pass) = (doing.step, doing.pass());
        let narrow = area.width < 60;
        let cue_lines = step.map_or(1, |s| textwrap::wrap(&s.cue, area.width.max(1) as usize).len()) as u16;
        let remaining = clock_text(session.remaining());
        let map = step.and_then(|s| {
            let routine = pass.map(|p| p.routine).or_else(|| routine_of(session, s))?;
            Some(BodyMap::for_step(s, pass.map(|p| p.side), routine, theme))
        });
        let map_size = match (&map, step) {
            (Some(map), Some(step)) if !narrow => {
                let words = step_facts(step, pass, theme)
                    .iter()
                    .map(Line::width)
                    .max()
                    .unwrap_or(0);
                body_map_size(
                    map,
                    area,
                    cue_lines,
                    bigtext::width(&remaining) as u16,
                    words as u16,
                )
            }
            _ => None,
        };
        // The parts keep their natural heights and sit together in the middle of the screen;
        // on a short screen the cue gives way first.
        let [head, _, centre, _, cue, _, gauges, next] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(map_size.map_or(if narrow { 3 } else { 4 }, |m| m.rows)),
            Constraint::Length(1),
            Constraint::Max(cue_lines.max(1)),
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .flex(Flex::Center)
        .areas(area);

        let mut head_spans = vec![Span::styled(doing.headline(), theme.title)];
        if let SegmentWords::Pass(pass) = doing.words
            && matches!(pass.side, Side::Left | Side::Right)
        {
            head_spans.push(Span::styled(format!("   {}", pass.side_label()), theme.accent));
        }
        Line::from(head_spans).render(head, buf);

        let [count, figure, mut facts] = if narrow {
            Layout::horizontal([Constraint::Length(8), Constraint::Length(0), Constraint::Min(0)])
                .areas(centre)
        } else {
            Layout::horizontal([
                Constraint::Length(bigtext::width(&remaining) as u16 + 4),
                Constraint::Length(stroke_figure::WIDTH as u16 + map_size.map_or(10, |m| m.stroke_margin)),
                Constraint::Min(0),
            ])
            .areas(centre)
        };
        if let (Some(map), Some(size)) = (&map, map_size) {
            let [words, place, _] = Layout::horizontal([
                Constraint::Length(size.after),
                Constraint::Length(size.columns),
                Constraint::Min(0),
            ])
            .areas(facts);
            facts = words;
            map.render(place, buf);
        }
        if narrow {
            Paragraph::new(Line::styled(remaining, theme.accent.add_modifier(Modifier::BOLD)))
                .render(count, buf);
        } else {
            let rows = bigtext::rows(&remaining);
            Paragraph::new(
                rows.iter()
                    .map(|r| Line::styled(r.clone(), theme.accent))
                    .collect::<Vec<_>>(),
            )
            .render(count, buf);
        }
        if let Some(step) = step {
            if !narrow {
                let frame = stroke_figure::frame(step.stroke, step.tempo, session.elapsed_in_segment());
                let mut lines: Vec<Line> = frame
                    .art
                    .lines()
                    .map(|l| Line::styled(l.to_string(), theme.accent))
                    .collect();
                lines.resize(3, Line::raw(""));
                lines.push(Line::styled(frame.caption, theme.dim));
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .render(figure, buf);
            }
            Paragraph::new(step_facts(step, pass, theme)).render(facts, buf);
            Paragraph::new(Text::raw(step.cue.as_str()))
                .wrap(Wrap { trim: true })
                .render(cue, buf);
        }

        let [step_gauge, overall_gauge] = Layout::vertical([Constraint::Length(1); 2]).areas(gauges);
        gauge("step   ", session.segment_progress(), theme).render(step_gauge, buf);
        gauge("session", session.overall_progress(), theme).render(overall_gauge, buf);
        Line::styled(doing.next_line(), theme.dim).render(next, buf);
    }
}

/// The routine a step belongs to (the step of a wait may be in the next routine).
fn routine_of<'s>(session: &'s Session, step: &Step) -> Option<&'s Routine> {
    session
        .routines()
        .iter()
        .find(|r| r.steps.iter().any(|s| std::ptr::eq(s, step)))
}

/// Where the body figure goes: `rows` tall, `columns` wide, `after` columns into the facts.
#[derive(Clone, Copy)]
struct MapSize {
    rows: u16,
    columns: u16,
    after: u16,
    stroke_margin: u16,
}

/// The body figure stands beside the facts, on rows the words leave over; `None` when there
/// is no room for it, and then the screen is laid out as if it did not exist. Where room is
/// short the stroke figure's column gives up its margin to it (its caption wraps instead).
fn body_map_size(map: &BodyMap, area: Rect, cue_lines: u16, count: u16, words: u16) -> Option<MapSize> {
    const MOST_ROWS: u16 = 22;
    // The facts' column holds lines up to "stroke   stretching · 120/min"; the figure keeps
    // its place from step to step unless a line is longer than that.
    const FACTS: u16 = 29;
    const GAP: u16 = 2;
    // Title, gaps, cue, gauges and the next line: what the words need around the band.
    let rows = area.height.checked_sub(7 + cue_lines)?.min(MOST_ROWS);
    let after = words.max(FACTS) + GAP;
    let wanted = map.columns_for(rows);
    let used = |stroke_margin| count + 4 + stroke_figure::WIDTH as u16 + stroke_margin + after;
    let stroke_margin = if area.width >= used(10) + wanted { 10 } else { 4 };
    let columns = wanted.min(area.width.checked_sub(used(stroke_margin))?);
    (rows >= body_map::MIN_ROWS && columns >= body_map::MIN_COLUMNS).then_some(MapSize {
        rows,
        columns,
        after,
        stroke_margin,
    })
}

fn step_facts<'a>(step: &Step, pass: Option<StepPass>, theme: &Theme) -> Vec<Line<'a>> {
    let level = step.pressure.level();
    let meter: String = (1..=3).map(|i| if i <= level { '▮' } else { '▯' }).collect();
    let tempo = step.tempo.map(|t| format!(" · {t}/min")).unwrap_or_default();
    let mut lines = vec![
        Line::from(vec![
            Span::styled("pressure ", theme.dim),
            Span::styled(
                format!("{meter} {}", step.pressure.as_str().to_uppercase()),
                theme.pressure(level),
            ),
        ]),
        Line::from(vec![
            Span::styled("stroke   ", theme.dim),
            Span::raw(format!("{}{tempo}", step.stroke)),
        ]),
    ];
    if let Some(pass) = pass {
        lines.push(Line::from(vec![
            Span::styled("side     ", theme.dim),
            Span::styled(pass.side_label(), theme.accent),
        ]));
    }
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

pub fn outcome_lines(o: &Outcome) -> Vec<String> {
    vec![
        format!("Steps done: {} of {}", o.steps_done, o.steps_total),
        format!(
            "Time with your hands at work: {}",
            format_length(o.active.as_secs() as u32)
        ),
    ]
}

/// How many rows `lines` take when wrapped to `width`, as near as textwrap can tell; it
/// errs on the side of more, since it is used to keep the last lines on screen.
fn wrapped_height(lines: &[Line], width: u16) -> usize {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let options = textwrap::Options::new(width).break_words(true);
            textwrap::wrap(&text, options).len().max(1)
        })
        .sum()
}

fn pad(area: Rect) -> Rect {
    area.inner(ratatui::layout::Margin {
        horizontal: 1,
        vertical: 0,
    })
}

fn popup(area: Rect, buf: &mut Buffer, theme: &Theme, title: &str, lines: &[String]) {
    let width = lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(title.len()) as u16
        + 4;
    let height = lines.len() as u16 + 2;
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.accent)
        .title(Line::styled(format!(" {title} "), theme.title).alignment(Alignment::Center));
    Paragraph::new(lines.iter().map(|l| Line::raw(l.clone())).collect::<Vec<_>>())
        .block(block)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(rect, buf);
}
