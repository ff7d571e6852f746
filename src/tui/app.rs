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
use super::profile_form::{FormAction, ProfileForm, ProfileFormView};
use super::session_app::{Recorder, SessionApp, SessionEnd, SessionOptions};
use super::terminal::TerminalGuard;
use super::theme::Theme;
use crate::background::Background;
use crate::log::LogError;
use crate::log::digest::Digest;
use crate::profile::{Hidden, Profile, fit_library};
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
    /// Today's plan session, put first in the picker.
    pub plan: Option<super::picker::PlanPick>,
    /// The plan followed and its days done, for the history screen.
    pub plan_days: Option<String>,
    /// The health profile's short form, for a person never offered it, before the picker.
    pub form: Option<FormOffer<'a>>,
}

/// What the short form needs: the profile as it is, where to keep it, and the routines as
/// written, to fit them again to what is marked.
pub struct FormOffer<'a> {
    pub profile: Profile,
    pub path: &'a std::path::Path,
    pub as_written: &'a Library,
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
            Start::Picker { area } => {
                let refitted: (Library, Vec<Hidden>);
                let (library, hidden) = match &self.form {
                    Some(offer) => match self.offer_form(&mut guard, &inputs, offer)? {
                        Ok(profile) => {
                            refitted = fit_library(&profile, offer.as_written);
                            (&refitted.0, refitted.1.as_slice())
                        }
                        Err(ended) => return Ok(ended),
                    },
                    None => (self.library, self.hidden),
                };
                match self.pick(&mut guard, &inputs, area, library, hidden)? {
                    Ok(routine) => vec![routine],
                    Err(ended) => return Ok(ended),
                }
            }
        };
        let Prepared {
            session,
            options,
            recorder,
        } = (self.prepare)(&routines);
        let end = SessionApp::new(session, self.clock, options, recorder).run(&mut guard, &inputs)?;
        Ok(Ended::Session(end))
    }

    /// Shows the health profile's form until it is saved or skipped, and remembers that it
    /// was offered; gives the profile to fit the routines to. A profile that cannot be
    /// written is used for this session all the same.
    fn offer_form(
        &self,
        guard: &mut TerminalGuard,
        inputs: &Inputs,
        offer: &FormOffer,
    ) -> io::Result<Result<Profile, Ended>> {
        let theme = Theme::choose(self.no_color, self.night);
        let mut form = ProfileForm::new(offer.profile.clone());
        loop {
            guard.terminal().draw(|frame| {
                frame.render_widget(
                    &ProfileFormView {
                        form: &form,
                        theme: &theme,
                    },
                    frame.area(),
                )
            })?;
            let action = match inputs.next(None) {
                Some(Input::Key(key)) if is_ctrl_z(key) => {
                    guard.suspend()?;
                    None
                }
                Some(Input::Key(key))
                    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) =>
                {
                    return Ok(Err(Ended::Nothing));
                }
                Some(Input::Key(key)) => form.handle_key(key),
                Some(Input::Suspend) => {
                    guard.suspend()?;
                    None
                }
                Some(Input::Terminate(signal)) => return Ok(Err(Ended::Signal(signal))),
                Some(Input::Closed) | None => return Ok(Err(Ended::Nothing)),
                Some(Input::Paste(_) | Input::Resize | Input::Loaded) => None,
            };
            let mut profile = match action {
                Some(FormAction::Save(profile)) => profile,
                Some(FormAction::Skip) => offer.profile.clone(),
                None => continue,
            };
            profile.form_offered = true;
            // Not written, it is offered again next time: better than a precaution lost.
            let _ = crate::profile::write(offer.path, &profile);
            return Ok(Ok(profile));
        }
    }

    fn pick(
        &self,
        guard: &mut TerminalGuard,
        inputs: &Inputs,
        area: Option<Area>,
        library: &Library,
        hidden: &[Hidden],
    ) -> io::Result<Result<Routine, Ended>> {
        let mut picker = Picker::new(library, area);
        picker.set_hidden(hidden);
        picker.set_plan(self.plan.clone());
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
                Screen::History => frame.render_widget(
                    &HistoryView {
                        log,
                        theme: &theme,
                        plan: self.plan_days.as_deref(),
                    },
                    frame.area(),
                ),
            })?;
            // Everything already queued is handled before the next frame: a burst of keys
            // costs one frame.
            let mut input = inputs.next(None);
            while let Some(next) = input {
                match self.on_input(next, &mut picker, &mut screen, guard, library)? {
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
        library: &Library,
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
                    if let Some(routine) = library.get(&id) {
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
