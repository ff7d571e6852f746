//! Draws a guided session: the countdown, the step and its cue, the pressure meter, the
//! stroke figure, the side, the gauges and what comes next. A function of the session's
//! state (and the few things only the front end knows, in [`SessionScreen`]).

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::keys::Screen;
use super::overview_view::Overview;
use super::step_screen::StepScreen;
use super::theme::Theme;
use super::widgets::{help_popup, key_footer, too_small};
use crate::routine::Routine;
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
    /// How far the overview is scrolled.
    pub scroll: u16,
    /// When `+` last added time: the step screen shows "+15 s" for a moment after.
    pub extended_at: Option<Moment>,
}

/// Which keys apply on a session's screen: the help's when it is open, else those of the
/// phase; `rating` when the screen asks how tense the person feels.
pub fn key_screen(phase: &Phase, help: bool, rating: bool) -> Screen {
    if help {
        return Screen::Help;
    }
    match phase {
        Phase::Ready => Screen::Overview { rating },
        Phase::Running(_) => Screen::Session,
        Phase::Paused { .. } => Screen::Paused,
        Phase::ConfirmQuit { .. } => Screen::ConfirmEnd,
        Phase::Finished { .. } if rating => Screen::AskAfter,
        Phase::Finished { .. } => Screen::End,
    }
}

/// How far the overview can scroll in a window of `area`, laid out as [`SessionScreen`]
/// lays it out.
pub fn overview_max_scroll(session: &Session, theme: &Theme, prompt: Option<&str>, area: Rect) -> u16 {
    let overview = Overview {
        session,
        theme,
        rating: prompt,
        scroll: 0,
    };
    overview.max_scroll(overview_area(area))
}

/// Where the overview's words go in a window of `area`: inside the frame, off its sides.
fn overview_area(area: Rect) -> Rect {
    let [_, body, _] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    pad(Block::bordered().inner(body))
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
        let rating = self.prompt.is_some();
        key_footer(
            key_screen(self.session.phase(), self.help, rating),
            keys.width,
            theme,
        )
        .render(keys, buf);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.border);
        let inner = block.inner(body);
        block.render(body, buf);

        let session = self.session;
        match session.phase() {
            Phase::Ready => Overview {
                session,
                theme,
                rating: self.prompt.as_deref(),
                scroll: self.scroll,
            }
            .render(overview_area(area), buf),
            Phase::Finished { .. } => self.render_finished(inner, buf),
            // The help says why the timer waits.
            Phase::Paused {
                reason: PauseReason::Help,
                ..
            } => self.render_running(inner, buf),
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
            let paused_for_help = matches!(
                session.phase(),
                Phase::Paused {
                    reason: PauseReason::Help,
                    ..
                }
            );
            // Paused only for the help, the keys are those of the running session.
            let under = if paused_for_help {
                Screen::Session
            } else {
                key_screen(session.phase(), false, rating)
            };
            let note = paused_for_help.then_some("Paused while help is open");
            help_popup(inner, buf, theme, under, note);
        }
    }
}

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
    let rect = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height),
    );
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
