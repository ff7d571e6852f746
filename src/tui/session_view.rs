//! Draws a guided session: the countdown, the step and its cue, the pressure meter, the
//! stroke figure, the side, the gauges and what comes next. A function of the session's
//! state (and the few things only the front end knows, in [`SessionScreen`]).

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::step_screen::StepScreen;
use super::theme::Theme;
use super::widgets::{footer, too_small};
use crate::routine::{Routine, format_length};
use crate::session::words;
use crate::session::{Moment, Outcome, PauseReason, Phase, Session};

/// What the screen shows besides the session itself.
pub struct SessionScreen<'a> {
    pub session: &'a Session,
    pub theme: &'a Theme,
    pub help: bool,
    /// Lines for the end screen that come from outside the session (tension, streak).
    pub closing: &'a [String],
    /// The prompt line under the overview or the end screen ("How tense do you feel?").
    pub prompt: Option<String>,
    /// When `+` last added time: the step screen shows "+15 s" for a moment after.
    pub extended_at: Option<Moment>,
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
                // Paused on purpose needs no reason; else the reason comes first.
                let mut lines = vec!["Paused · Space to resume".to_string()];
                if *reason != PauseReason::Asked {
                    lines.push(words::paused(*reason));
                }
                lines.push("q to end".to_string());
                popup(inner, buf, theme, "", &lines);
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
        if let Some(position) = words::position(self.session) {
            spans.push(Span::styled(format!("· {position}"), theme.dim));
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
        let length = words::whole_seconds(self.session.plan().length());
        let steps: usize = routines.iter().map(|r| r.steps.len()).sum();
        lines.push(Line::styled(
            format!("{} · {steps} steps", format_length(length)),
            theme.dim,
        ));
        lines.push(Line::raw(""));
        // Before the cautions, which give way first when the window is short.
        for line in crate::session::words::for_you(routines) {
            lines.push(Line::styled(line, theme.accent));
        }
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
        let screen = StepScreen {
            session: self.session,
            theme: self.theme,
            extended_at: self.extended_at,
        };
        screen.render(pad(area), buf);
    }
}

pub fn outcome_lines(o: &Outcome) -> Vec<String> {
    vec![crate::session::words::tally(o)]
}

/// How many rows `lines` take when wrapped to `width`, as near as textwrap can tell; it
/// errs on the side of more, since it is used to keep the last lines on screen.
pub(super) fn wrapped_height(lines: &[Line], width: u16) -> usize {
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
        .title(if title.is_empty() {
            Line::default()
        } else {
            Line::styled(format!(" {title} "), theme.title).alignment(Alignment::Center)
        });
    Paragraph::new(lines.iter().map(|l| Line::raw(l.clone())).collect::<Vec<_>>())
        .block(block)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(rect, buf);
}
