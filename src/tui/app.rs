//! The full-screen program: the picker (when no routine was named) and the history screen
//! behind it, then the session.

use std::io;
use std::sync::Arc;

use chrono::Local;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::events::{Input, Inputs};
use super::history_view::{HistoryView, LogState};
use super::picker::{HISTORY_KEY, Picker, PickerAction};
use super::picker_view::PickerView;
use super::session_app::{Recorder, SessionApp, SessionEnd, SessionOptions};
use super::terminal::TerminalGuard;
use super::theme::Theme;
use crate::background::Background;
use crate::log::LogError;
use crate::log::digest::Digest;
use crate::routine::{Area, Library, Routine};
use crate::session::{Clock, Session};

/// Where the full-screen program begins.
pub enum Start {
    Picker {
        area: Option<Area>,
    },
    /// One routine, or several run back to back as one session.
    Routines(Vec<Routine>),
}

/// The chosen routines made ready to run.
pub struct Prepared<'a> {
    pub session: Session,
    pub options: SessionOptions,
    pub recorder: Option<Recorder<'a>>,
}

/// The log as the full-screen view reads it: once, in the background, for the picker's marks,
/// the history screen and the end screen.
pub type LogDigest = Background<Result<Digest, LogError>>;

/// Everything the full-screen program needs from the command line.
pub struct Interactive<'a> {
    /// Fitted to the health profile.
    pub library: &'a Library,
    /// The routines the profile leaves no step of.
    pub hidden: &'a [crate::profile::Hidden],
    pub clock: &'a dyn Clock,
    /// `None` when there is no log to read.
    pub history: Option<LogDigest>,
    pub no_color: bool,
    /// Turns the chosen routines into a session, its options (bell, palette) and what
    /// records it in the log.
    pub prepare: &'a dyn Fn(&[Routine]) -> Prepared<'a>,
    /// The picker's palette.
    pub night: bool,
}

pub enum Ended {
    /// The person left the picker without choosing.
    Nothing,
    Session(SessionEnd),
    Signal(i32),
}

/// Which screen the picker's loop shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Screen {
    Picker,
    History,
}

/// What one input did to the picker's loop.
enum Step {
    Stay,
    Chose(Routine),
    Done(Ended),
}

impl Interactive<'_> {
    pub fn run(&self, start: Start) -> io::Result<Ended> {
        let mut guard = TerminalGuard::enter()?;
        let inputs = Inputs::start()?;
        let routines = match start {
            Start::Routines(routines) => routines,
            Start::Picker { area } => match self.pick(&mut guard, &inputs, area)? {
                Ok(routine) => vec![routine],
                Err(ended) => return Ok(ended),
            },
        };
        let Prepared {
            session,
            options,
            recorder,
        } = (self.prepare)(&routines);
        let end = SessionApp::new(session, self.clock, options, recorder).run(&mut guard, &inputs)?;
        Ok(Ended::Session(end))
    }

    fn pick(
        &self,
        guard: &mut TerminalGuard,
        inputs: &Inputs,
        area: Option<Area>,
    ) -> io::Result<Result<Routine, Ended>> {
        let mut picker = Picker::new(self.library, area);
        picker.set_hidden(self.hidden);
        let theme = Theme::choose(self.no_color, self.night);
        let mut screen = Screen::Picker;
        // The first frame never waits for the log: its figures arrive as a message.
        let mut digest: Option<Arc<Result<Digest, LogError>>> = None;
        if let Some(history) = &self.history {
            history.on_ready(inputs.loaded_notice());
        }
        loop {
            if digest.is_none()
                && let Some(read) = self.history.as_ref().and_then(Background::get)
            {
                if let Ok(read) = read.as_ref() {
                    picker.set_history(&read.routine_history(), &Local::now(), read.is_empty());
                }
                digest = Some(read);
            }
            let why = match digest.as_deref() {
                Some(Err(e)) => e.to_string(),
                _ => String::new(),
            };
            let log = match digest.as_deref() {
                None => LogState::Reading,
                Some(Ok(read)) => LogState::Read(read),
                Some(Err(_)) => LogState::Unreadable(&why),
            };
            guard.terminal().draw(|frame| match screen {
                Screen::Picker => frame.render_widget(
                    &PickerView {
                        picker: &picker,
                        theme: &theme,
                    },
                    frame.area(),
                ),
                Screen::History => frame.render_widget(&HistoryView { log, theme: &theme }, frame.area()),
            })?;
            // Everything already queued is handled before the next frame: a burst of keys
            // costs one frame.
            let mut input = inputs.next(None);
            while let Some(next) = input {
                match self.on_input(next, &mut picker, &mut screen, guard)? {
                    Step::Stay => {}
                    Step::Chose(routine) => return Ok(Ok(routine)),
                    Step::Done(ended) => return Ok(Err(ended)),
                }
                input = inputs.waiting();
            }
        }
    }

    fn on_input(
        &self,
        input: Input,
        picker: &mut Picker,
        screen: &mut Screen,
        guard: &mut TerminalGuard,
    ) -> io::Result<Step> {
        match input {
            Input::Key(key) if is_ctrl_z(key) => guard.suspend()?,
            Input::Key(key) if *screen == Screen::History => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                match key.code {
                    KeyCode::Char('c') if ctrl => return Ok(Step::Done(Ended::Nothing)),
                    KeyCode::Esc | KeyCode::Char('q' | HISTORY_KEY) => *screen = Screen::Picker,
                    _ => {}
                }
            }
            Input::Key(key) => match picker.handle_key(key) {
                Some(PickerAction::Start(id)) => {
                    if let Some(routine) = self.library.get(&id) {
                        return Ok(Step::Chose(routine.clone()));
                    }
                }
                Some(PickerAction::History) => *screen = Screen::History,
                Some(PickerAction::Leave) => return Ok(Step::Done(Ended::Nothing)),
                None => {}
            },
            Input::Paste(text) if *screen == Screen::Picker => picker.handle_paste(&text),
            Input::Suspend => guard.suspend()?,
            Input::Terminate(signal) => return Ok(Step::Done(Ended::Signal(signal))),
            Input::Closed => return Ok(Step::Done(Ended::Nothing)),
            Input::Paste(_) | Input::Resize | Input::Loaded => {}
        }
        Ok(Step::Stay)
    }
}

fn is_ctrl_z(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL)
}
