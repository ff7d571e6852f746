//! The full-screen program: the picker (when no routine was named), then the session.

use std::collections::HashMap;
use std::io;

use chrono::{DateTime, FixedOffset, Local};

use super::events::{Input, Inputs};
use super::picker::{Picker, PickerAction};
use super::picker_view::PickerView;
use super::session_app::{Recorder, SessionApp, SessionEnd, SessionOptions};
use super::terminal::TerminalGuard;
use super::theme::Theme;
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

/// Everything the full-screen program needs from the command line.
pub struct Interactive<'a> {
    pub library: &'a Library,
    pub clock: &'a dyn Clock,
    pub last_done: HashMap<String, DateTime<FixedOffset>>,
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
        let mut picker = Picker::new(self.library, area, self.last_done.clone());
        let theme = Theme::choose(self.no_color, self.night);
        loop {
            let now = Local::now().fixed_offset();
            let view = PickerView {
                picker: &picker,
                theme: &theme,
                now,
            };
            guard
                .terminal()
                .draw(|frame| frame.render_widget(&view, frame.area()))?;
            match inputs.next(None) {
                Some(Input::Key(key)) if is_ctrl_z(key) => guard.suspend()?,
                Some(Input::Key(key)) => match picker.handle_key(key) {
                    Some(PickerAction::Start(id)) => {
                        if let Some(routine) = self.library.get(&id) {
                            return Ok(Ok(routine.clone()));
                        }
                    }
                    Some(PickerAction::Leave) => return Ok(Err(Ended::Nothing)),
                    None => {}
                },
                Some(Input::Suspend) => guard.suspend()?,
                Some(Input::Terminate(signal)) => return Ok(Err(Ended::Signal(signal))),
                Some(Input::Closed) => return Ok(Err(Ended::Nothing)),
                Some(Input::Resize) | None => {}
            }
        }
    }
}

fn is_ctrl_z(key: crossterm::event::KeyEvent) -> bool {
    key.code == crossterm::event::KeyCode::Char('z')
        && key.modifiers.contains(crossterm::event::KeyModifiers::CONTROL)
}
