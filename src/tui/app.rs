//! The full-screen program: the picker (when no routine was named) and the history screen
//! behind it, then the session, and back to the picker.

use std::io;
use std::sync::Arc;

use chrono::Local;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::events::{Input, Inputs};
use super::history_view::{HistoryView, LogState};
use super::keys::{self, Action, Screen};
use super::picker::{Picker, PickerAction};
use super::picker_view::PickerView;
use super::profile_form::{FormAction, ProfileForm, ProfileFormView};
use super::session_app::{SessionApp, SessionEnd, SessionOptions};
use super::terminal::TerminalGuard;
use super::theme::Theme;
use super::widgets::help_popup;
use crate::log::LogError;
use crate::log::digest::{Digest, LogDigest};
use crate::log::recorder::Recorder;
use crate::profile::{Hidden, Profile, fit_library};
use crate::routine::{Area, Library, Routine};
use crate::session::{Clock, Session, words};
use crate::system::background::Background;

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
    pub recorder: Option<&'a Recorder<'a>>,
}

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
    /// Reads the log again, in the background, after a session chosen in the picker.
    pub reread_log: &'a dyn Fn() -> Option<LogDigest>,
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

/// How the full-screen program ended.
#[derive(Debug, Default)]
pub struct Ended {
    /// Every session run, in order: one for `knead run ROUTINE`; from the picker, as many
    /// as the person ran before leaving it.
    pub sessions: Vec<SessionEnd>,
    /// A signal ended it: the program then exits with 128 + the signal.
    pub signal: Option<i32>,
}

/// Which screen the picker's loop shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum View {
    Picker,
    /// The history screen; `true` with its keys shown over it.
    History(bool),
}

/// What one input did to the picker's loop.
enum PickerOutcome {
    Stay,
    Chose(Box<Routine>),
    /// Leave knead, or a signal to end with.
    Done(Option<i32>),
}

/// The picker's loop between sessions: what it shows and what it knows of the log.
struct Home {
    picker: Picker,
    view: View,
    /// The log being read (again after each session, as the session added to it).
    history: Option<LogDigest>,
    /// The log's figures once read.
    digest: Option<Arc<Result<Digest, LogError>>>,
}

impl Interactive<'_> {
    pub fn run(&self, start: Start) -> io::Result<Ended> {
        let mut guard = TerminalGuard::enter()?;
        let inputs = Inputs::start()?;
        match start {
            // Named on the command line: one session, and out, as a command does.
            Start::Routines(routines) => {
                let end = self.session(&routines, &mut guard, &inputs)?;
                let signal = end.signal;
                Ok(Ended {
                    sessions: vec![end],
                    signal,
                })
            }
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
                self.home(area, library, hidden, &mut guard, &inputs)
            }
        }
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
                    return Ok(Err(Ended::default()));
                }
                Some(Input::Key(key)) => form.handle_key(key),
                Some(Input::Suspend) => {
                    guard.suspend()?;
                    None
                }
                Some(Input::Terminate(signal)) => {
                    return Ok(Err(Ended {
                        sessions: Vec::new(),
                        signal: Some(signal),
                    }));
                }
                Some(Input::Closed) | None => return Ok(Err(Ended::default())),
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

    fn session(
        &self,
        routines: &[Routine],
        guard: &mut TerminalGuard,
        inputs: &Inputs,
    ) -> io::Result<SessionEnd> {
        let Prepared {
            session,
            options,
            recorder,
        } = (self.prepare)(routines);
        SessionApp::new(session, self.clock, options, recorder).run(guard, inputs)
    }

    /// The picker is home: a session chosen there comes back to it when it ends, with how it
    /// ended in sight; only `q` there, Ctrl-C or a signal leave knead.
    fn home(
        &self,
        area: Option<Area>,
        library: &Library,
        hidden: &[Hidden],
        guard: &mut TerminalGuard,
        inputs: &Inputs,
    ) -> io::Result<Ended> {
        let mut picker = Picker::new(library, area);
        picker.set_hidden(hidden);
        picker.set_plan(self.plan.clone());
        let mut home = Home {
            picker,
            view: View::Picker,
            history: self.history.clone(),
            digest: None,
        };
        let mut ended = Ended::default();
        loop {
            let routine = match self.pick(&mut home, library, guard, inputs)? {
                Ok(routine) => routine,
                Err(signal) => {
                    ended.signal = signal;
                    return Ok(ended);
                }
            };
            let end = self.session(std::slice::from_ref(&routine), guard, inputs)?;
            home.picker.come_back_to(&routine.id);
            home.view = View::Picker;
            if end.outcome.is_some() {
                home.picker.status = Some(status_line(&end, &routine.name));
                // The session is in the log now: read it again for the marks and the history.
                home.history = (self.reread_log)();
                home.digest = None;
            }
            let (quit, signal) = (end.quit, end.signal);
            ended.sessions.push(end);
            if quit || signal.is_some() {
                ended.signal = signal;
                return Ok(ended);
            }
        }
    }

    fn pick(
        &self,
        home: &mut Home,
        library: &Library,
        guard: &mut TerminalGuard,
        inputs: &Inputs,
    ) -> io::Result<Result<Routine, Option<i32>>> {
        let theme = Theme::choose(self.no_color, self.night);
        // The first frame never waits for the log: its figures arrive as a message.
        if home.digest.is_none()
            && let Some(history) = &home.history
        {
            history.on_ready(inputs.loaded_notice());
        }
        loop {
            if home.digest.is_none()
                && let Some(read) = home.history.as_ref().and_then(Background::get)
            {
                if let Ok(read) = read.as_ref() {
                    home.picker
                        .set_history(&read.routine_history(), &Local::now(), read.is_empty());
                }
                home.digest = Some(read);
            }
            let why = match home.digest.as_deref() {
                Some(Err(e)) => e.to_string(),
                _ => String::new(),
            };
            let log = match home.digest.as_deref() {
                None => LogState::Reading,
                Some(Ok(read)) => LogState::Read(read),
                Some(Err(_)) => LogState::Unreadable(&why),
            };
            // Only open details scroll; the list's frames need no measuring.
            if home.picker.details.is_some() {
                let size = guard.terminal().size()?;
                let area = Rect::new(0, 0, size.width, size.height);
                let most = PickerView::details_max_scroll(&home.picker, &theme, area);
                home.picker.clamp_details(most);
            }
            let (picker, view) = (&home.picker, home.view);
            guard.terminal().draw(|frame| match view {
                View::Picker => frame.render_widget(
                    &PickerView {
                        picker,
                        theme: &theme,
                    },
                    frame.area(),
                ),
                View::History(help) => {
                    let view = HistoryView {
                        log,
                        theme: &theme,
                        plan: self.plan_days.as_deref(),
                    };
                    frame.render_widget(&view, frame.area());
                    if help {
                        let area = frame.area();
                        help_popup(area, frame.buffer_mut(), &theme, Screen::History, None);
                    }
                }
            })?;
            // Everything already queued is handled before the next frame: a burst of keys
            // costs one frame.
            let mut input = inputs.next(None);
            while let Some(next) = input {
                match self.on_input(next, home, guard, library)? {
                    PickerOutcome::Stay => {}
                    PickerOutcome::Chose(routine) => return Ok(Ok(*routine)),
                    PickerOutcome::Done(signal) => return Ok(Err(signal)),
                }
                input = inputs.waiting();
            }
        }
    }

    fn on_input(
        &self,
        input: Input,
        home: &mut Home,
        guard: &mut TerminalGuard,
        library: &Library,
    ) -> io::Result<PickerOutcome> {
        let screen = match home.view {
            View::Picker => home.picker.key_screen(),
            View::History(false) => Screen::History,
            View::History(true) => Screen::Help,
        };
        match input {
            Input::Key(key) => match (keys::action(screen, key), home.view) {
                (None, _) => {}
                (Some(Action::Suspend), _) => guard.suspend()?,
                (Some(Action::Quit), _) => return Ok(PickerOutcome::Done(None)),
                (Some(Action::Help), View::History(_)) => home.view = View::History(true),
                (Some(Action::CloseHelp), View::History(_)) => home.view = View::History(false),
                (Some(Action::Back), View::History(_)) => home.view = View::Picker,
                (Some(_), View::History(_)) => {}
                (Some(action), View::Picker) => match home.picker.act(action) {
                    Some(PickerAction::Start(id)) => {
                        if let Some(routine) = library.get(&id) {
                            return Ok(PickerOutcome::Chose(Box::new(routine.clone())));
                        }
                    }
                    Some(PickerAction::History) => home.view = View::History(false),
                    Some(PickerAction::Leave) => return Ok(PickerOutcome::Done(None)),
                    None => {}
                },
            },
            Input::Paste(text) if home.view == View::Picker => home.picker.handle_paste(&text),
            Input::Suspend => guard.suspend()?,
            Input::Terminate(signal) => return Ok(PickerOutcome::Done(Some(signal))),
            Input::Closed => return Ok(PickerOutcome::Done(None)),
            Input::Paste(_) | Input::Resize | Input::Loaded => {}
        }
        Ok(PickerOutcome::Stay)
    }
}

/// The line the picker keeps in sight after a session: how it ended, or that it could not
/// be saved.
fn status_line(end: &SessionEnd, name: &str) -> String {
    let Some(outcome) = &end.outcome else {
        return String::new();
    };
    let summary = words::summary(name, outcome);
    match &end.record_failure {
        Some(_) => format!("{summary} · not saved: its record is printed when you quit"),
        None => summary,
    }
}

fn is_ctrl_z(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL)
}
