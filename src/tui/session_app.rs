//! The event loop of a guided session: ticks and keys in, session events out, the screen
//! drawn from the session's state after each. It sleeps until a key arrives or the screen
//! must change (the next second of the countdown, the next animation frame, the next bell).

use std::io::{self, Write};
use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use super::events::{Input, Inputs};
use super::keys::{self, Action, Screen};
use super::session_view::{self, SessionScreen};
use super::step_screen::EXTEND_FLASH;
use super::stroke_figure;
use super::tension::TensionInput;
use super::terminal::TerminalGuard;
use super::theme::Theme;
use crate::log::Tension;
pub use crate::log::recorder::RecordFailure;
use crate::log::recorder::Recorder;
use crate::log_words;
use crate::session::{Clock, Cue, Event, Moment, Outcome, PauseReason, Phase, Session};
use crate::sound::alert::BellSchedule;
use crate::sound::speech_program::Voice;
use crate::sound::spoken_cues::Speaker;

/// Ticks come at least this often while the timer runs, so a gap longer than the session's
/// late-tick limit can only mean the process did not run.
const MAX_TICK: Duration = Duration::from_secs(1);

pub struct SessionOptions {
    /// Ask "How tense do you feel?" before and after.
    pub ask_tension: bool,
    pub bell: bool,
    pub theme: Theme,
    pub voice: Option<Voice>,
    /// A tick at the step's tempo.
    pub metronome: bool,
}

/// How the session screen was left.
#[derive(Debug)]
pub struct SessionEnd {
    pub outcome: Option<Outcome>,
    /// Set when a signal ended it: the program then exits with 128 + the signal.
    pub signal: Option<i32>,
    pub record_failure: Option<RecordFailure>,
    /// Ctrl-C (or the terminal gone): leave knead, not only the session.
    pub quit: bool,
}

/// Where the person is in the session's life. The timer's own states (running, paused,
/// asking "Quit?") are the session's phase; these are what the front end adds around them.
#[derive(Debug)]
enum Stage {
    /// The overview, with the answer to "How tense do you feel?" as typed so far.
    Overview(TensionInput),
    /// From `Start` until the session has its outcome, with the rating given before it.
    Timing { before: Option<u8> },
    /// The session is over; "How tense do you feel now?" is being answered.
    AskingAfter { before: Option<u8>, after: TensionInput },
    /// The end screen, with what recording the session gave (the streak, or why it was not
    /// saved); `None` when sessions are not recorded.
    Closed(Option<Result<Vec<String>, RecordFailure>>),
}

/// What the loop does next after a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Leave the session's screens: back to the picker, or out when there is none.
    Leave,
    /// Leave knead (Ctrl-C).
    Quit,
}

/// The overview's scroll position after a scrolling key.
fn scrolled(scroll: u16, action: Action) -> u16 {
    const PAGE: u16 = 10;
    match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(PAGE),
        Action::PageDown => scroll.saturating_add(PAGE),
        Action::First => 0,
        Action::Last => u16::MAX,
        _ => scroll,
    }
}

pub struct SessionApp<'c> {
    session: Session,
    clock: &'c dyn Clock,
    recorder: Option<&'c Recorder<'c>>,
    stage: Stage,
    options: SessionOptions,
    speaker: Speaker,
    bells: BellSchedule,
    /// The keys' help, over the screen.
    help: bool,
    /// How far the overview is scrolled, in rows.
    scroll: u16,
    /// The metronome's last tick: which segment, and which beat of it.
    beat: Option<(usize, u128)>,
    /// When `+` last added time to the step, for the screen's "+15 s".
    extended_at: Option<Moment>,
}

impl<'c> SessionApp<'c> {
    pub fn new(
        session: Session,
        clock: &'c dyn Clock,
        mut options: SessionOptions,
        recorder: Option<&'c Recorder<'c>>,
    ) -> Self {
        let bells = BellSchedule::new(options.bell);
        SessionApp {
            session,
            clock,
            recorder,
            stage: Stage::Overview(TensionInput::default()),
            speaker: Speaker::new(options.voice.take()),
            options,
            bells,
            help: false,
            scroll: 0,
            beat: None,
            extended_at: None,
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn run(mut self, guard: &mut TerminalGuard, inputs: &Inputs) -> io::Result<SessionEnd> {
        loop {
            self.tick();
            self.ring_bells(guard)?;
            self.draw(guard)?;
            let input = inputs.next(self.next_wake());
            let flow = match input {
                None => Flow::Continue,
                Some(Input::Key(key)) => {
                    self.tick();
                    self.on_key(key, guard)?
                }
                // A paste means nothing here; the log read is waited for when recording.
                Some(Input::Resize | Input::Paste(_) | Input::Loaded) => Flow::Continue,
                Some(Input::Suspend) => {
                    self.suspend(guard)?;
                    Flow::Continue
                }
                Some(Input::Terminate(signal)) => {
                    self.tick();
                    self.end_now();
                    return Ok(self.leave(Some(signal)));
                }
                Some(Input::Closed) => {
                    self.end_now();
                    Flow::Quit
                }
            };
            match flow {
                Flow::Continue => {}
                Flow::Leave => return Ok(self.leave(None)),
                Flow::Quit => {
                    let mut end = self.leave(None);
                    end.quit = true;
                    return Ok(end);
                }
            }
        }
    }

    fn leave(mut self, signal: Option<i32>) -> SessionEnd {
        std::mem::take(&mut self.speaker).finish();
        // Leaving while the after-question is open (a key, a signal) records without it.
        if matches!(self.stage, Stage::AskingAfter { .. }) {
            self.record();
        }
        let record_failure = match &self.stage {
            Stage::Closed(Some(Err(failure))) => Some(failure.clone()),
            _ => None,
        };
        SessionEnd {
            outcome: self.session.outcome().cloned(),
            signal,
            record_failure,
            quit: false,
        }
    }

    /// A session with an outcome reaches the log once: now, or after the after-question.
    fn on_outcome(&mut self) {
        let Stage::Timing { before } = self.stage else {
            return;
        };
        self.stage = if self.recorder.is_none() {
            Stage::Closed(None)
        } else if self.options.ask_tension {
            Stage::AskingAfter {
                before,
                after: TensionInput::default(),
            }
        } else {
            self.record();
            return;
        };
    }

    fn record(&mut self) {
        let tension = match &self.stage {
            Stage::Timing { before } => Tension {
                before: *before,
                after: None,
            },
            Stage::AskingAfter { before, after } => Tension {
                before: *before,
                after: after.value(),
            },
            Stage::Overview(_) | Stage::Closed(_) => return,
        };
        let (Some(recorder), Some(outcome)) = (self.recorder, self.session.outcome()) else {
            return;
        };
        let result = recorder
            .record(self.session.routines(), outcome, tension)
            .map(|recorded| log_words::end_screen(tension, &recorded));
        self.stage = Stage::Closed(Some(result));
    }

    fn tick(&mut self) {
        let now = self.clock.now();
        self.apply(Event::Tick(now));
    }

    fn apply(&mut self, event: Event) {
        let now = self.clock.now();
        let extension = self.session.extension();
        let cues = self.session.update(event);
        if self.session.extension() > extension {
            self.extended_at = Some(self.session.now());
        }
        for cue in cues {
            self.bells.on_cue(&cue, now);
            self.speaker.on_cue(&self.session, &cue);
            if let Cue::Finished(_) | Cue::Ended(_) = cue {
                self.on_outcome();
            }
        }
    }

    /// Ends the session at once, as for a confirmed quit, and records it without asking how
    /// it felt: used for Ctrl-C and signals, where a question would be wrong.
    fn end_now(&mut self) {
        if !matches!(self.session.phase(), Phase::Finished { .. }) {
            self.apply(Event::Quit);
            self.apply(Event::ConfirmQuit);
        }
        if matches!(self.stage, Stage::AskingAfter { .. }) {
            self.record();
        }
    }

    /// Which keys apply now: the screen shown, or the help over it.
    pub fn key_screen(&self) -> Screen {
        session_view::key_screen(self.session.phase(), self.help, self.asks_rating())
    }

    /// Whether the screen asks "How tense do you feel?" (on the overview, or after).
    fn asks_rating(&self) -> bool {
        match self.stage {
            Stage::Overview(_) => self.options.ask_tension && self.recorder.is_some(),
            Stage::AskingAfter { .. } => true,
            Stage::Timing { .. } | Stage::Closed(_) => false,
        }
    }

    fn on_key(&mut self, key: KeyEvent, guard: &mut TerminalGuard) -> io::Result<Flow> {
        match keys::action(self.key_screen(), key) {
            Some(Action::Suspend) => {
                self.suspend(guard)?;
                Ok(Flow::Continue)
            }
            Some(action) => Ok(self.act(action)),
            None => Ok(Flow::Continue),
        }
    }

    /// Does what a key asked for. The key table has already said what the key means on the
    /// screen shown; this is what that means for the session.
    pub fn act(&mut self, action: Action) -> Flow {
        let event = match action {
            Action::Quit => {
                self.end_now();
                return Flow::Quit;
            }
            Action::Help => {
                self.help = true;
                // Reading the keys is not time at work: the timer waits, and starts again
                // when the help closes, unless the person had paused it already.
                self.apply(Event::Pause(PauseReason::Help));
                None
            }
            Action::CloseHelp => {
                self.help = false;
                matches!(
                    self.session.phase(),
                    Phase::Paused {
                        reason: PauseReason::Help,
                        ..
                    }
                )
                .then_some(Event::TogglePause)
            }
            Action::Rate(c) => {
                match &mut self.stage {
                    Stage::Overview(before) => {
                        before.push(c);
                    }
                    Stage::AskingAfter { after, .. } => {
                        after.push(c);
                    }
                    _ => {}
                }
                None
            }
            Action::Erase => {
                match &mut self.stage {
                    Stage::Overview(before) => before.pop(),
                    Stage::AskingAfter { after, .. } => after.pop(),
                    _ => {}
                }
                None
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::First | Action::Last => {
                self.scroll = scrolled(self.scroll, action);
                None
            }
            Action::Begin => {
                let Stage::Overview(before) = &self.stage else {
                    return Flow::Continue;
                };
                self.stage = Stage::Timing {
                    before: before.value(),
                };
                self.speaker.open(&self.session);
                Some(Event::Start)
            }
            Action::Back if matches!(self.stage, Stage::Overview(_)) => return Flow::Leave,
            Action::Yes if matches!(self.stage, Stage::AskingAfter { .. }) => {
                self.record();
                None
            }
            Action::Done => return Flow::Leave,
            Action::TogglePause => Some(Event::TogglePause),
            Action::Next => Some(Event::Next),
            Action::Previous => Some(Event::Previous),
            Action::Extend => Some(Event::Extend),
            Action::End => Some(Event::Quit),
            Action::Yes => Some(Event::ConfirmQuit),
            Action::No => Some(Event::CancelQuit),
            _ => None,
        };
        if let Some(event) = event {
            self.apply(event);
        }
        Flow::Continue
    }

    fn suspend(&mut self, guard: &mut TerminalGuard) -> io::Result<()> {
        self.apply(Event::Pause(PauseReason::Suspended));
        self.speaker.stop();
        guard.suspend()?;
        // The time stopped counts as the pause, not as a gap: tick from now on.
        self.tick();
        Ok(())
    }

    fn ring_bells(&mut self, guard: &mut TerminalGuard) -> io::Result<()> {
        let beat = self.metronome_beat();
        if self.bells.ring_now(self.clock.now()) || beat {
            let out = guard.terminal().backend_mut();
            out.write_all(b"\x07")?;
            out.flush()?;
        }
        Ok(())
    }

    /// Whether the metronome ticks now: once per beat of a step with a tempo, while the
    /// timer runs.
    fn metronome_beat(&mut self) -> bool {
        if !self.options.metronome || !self.session.is_running() {
            return false;
        }
        let (Some((segment, _)), Some((_, _, step, _))) =
            (self.session.current_segment(), self.session.current_step())
        else {
            return false;
        };
        let Some(tempo) = step.tempo else { return false };
        let beat = (
            segment,
            self.session.elapsed_in_segment().as_millis() / beat_length(tempo).as_millis(),
        );
        let new = self.beat != Some(beat);
        self.beat = Some(beat);
        new
    }

    fn next_beat(&self) -> Option<Duration> {
        if !self.options.metronome {
            return None;
        }
        let tempo = self.session.current_step()?.2.tempo?;
        let beat = beat_length(tempo);
        let into = self.session.elapsed_in_segment().as_millis() % beat.as_millis();
        Some(beat.saturating_sub(Duration::from_millis(into as u64)))
    }

    fn draw(&mut self, guard: &mut TerminalGuard) -> io::Result<()> {
        let (closing, prompt): (Vec<String>, Option<String>) = match &self.stage {
            Stage::Overview(before) if self.options.ask_tension && self.recorder.is_some() => {
                (Vec::new(), Some(before.rating("How tense do you feel?")))
            }
            Stage::AskingAfter { after, .. } => {
                (Vec::new(), Some(after.prompt("How tense do you feel now?")))
            }
            Stage::Closed(Some(Ok(lines))) => (lines.clone(), None),
            Stage::Closed(Some(Err(failure))) => (
                vec![
                    format!(
                        "The session could not be saved: {}",
                        failure.message.lines().next().unwrap_or_default()
                    ),
                    "Its record is printed when you quit knead, to keep by hand.".to_string(),
                ],
                None,
            ),
            _ => (Vec::new(), None),
        };
        if matches!(self.stage, Stage::Overview(_)) {
            let size = guard.terminal().size()?;
            let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
            let most = session_view::overview_max_scroll(
                &self.session,
                &self.options.theme,
                prompt.as_deref(),
                area,
            );
            self.scroll = self.scroll.min(most);
        }
        let screen = SessionScreen {
            session: &self.session,
            theme: &self.options.theme,
            help: self.help,
            closing: &closing,
            prompt,
            scroll: self.scroll,
            extended_at: self.extended_at,
        };
        // One synchronized update per frame: a terminal that knows the mode shows the frame
        // whole, so a resize (which clears the screen first) never shows a blank or half
        // frame; others ignore it.
        let terminal = guard.terminal();
        ratatui::crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
        terminal.draw(|frame| frame.render_widget(&screen, frame.area()))?;
        ratatui::crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
        Ok(())
    }

    /// How long the loop may sleep: until the countdown's next second, the stroke figure's
    /// next frame or the next bell, and never more than [`MAX_TICK`] while the timer runs.
    /// With nothing moving (paused, overview, end) it sleeps until a key.
    fn next_wake(&self) -> Option<Duration> {
        let now = self.clock.now();
        let bell = self.bells.next_in(now);
        // "+15 s" goes away on its own, paused or not.
        let flash = self.extended_at.and_then(|at| {
            let shown = self.session.now().saturating_since(at);
            (shown < EXTEND_FLASH).then(|| EXTEND_FLASH - shown + Duration::from_millis(2))
        });
        if !self.session.is_running() {
            return [bell, flash].into_iter().flatten().min();
        }
        let remaining = self.session.remaining();
        let to_next_second = Duration::from_nanos((remaining.as_nanos() % 1_000_000_000) as u64);
        let to_next_second = if to_next_second.is_zero() {
            MAX_TICK
        } else {
            to_next_second
        };
        let frame = self.session.current_step().map(|(_, _, step, _)| {
            stroke_figure::frame(step.stroke, step.tempo, self.session.elapsed_in_segment()).next_change
        });
        let wake = [
            Some(to_next_second),
            frame,
            bell,
            flash,
            self.next_beat(),
            Some(MAX_TICK),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(MAX_TICK);
        // Land just past the boundary, not just before it.
        Some(wake + Duration::from_millis(2))
    }
}

/// One beat of a step's tempo (strokes a minute); never zero, so it can divide.
fn beat_length(tempo: u32) -> Duration {
    Duration::from_millis(u64::from(60_000 / tempo.clamp(1, 60_000)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::{LogFile, LogOrigin};
    use crate::routine::Library;
    use crate::session::{ManualClock, Timing};
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    /// A recorder into a log in a folder that lasts as long as the `TempDir`.
    fn recorder(clock: &ManualClock) -> (tempfile::TempDir, Recorder<'_>) {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("log.jsonl"), LogOrigin::Named);
        (dir, Recorder::new(log, clock))
    }

    fn app<'a>(clock: &'a ManualClock, recorder: &'a Recorder<'a>, ask_tension: bool) -> SessionApp<'a> {
        let routine = Library::built_in().library.get("neck-release").unwrap().clone();
        let options = SessionOptions {
            ask_tension,
            bell: false,
            theme: Theme::choose(true, false),
            voice: None,
            metronome: false,
        };
        SessionApp::new(
            Session::new(vec![routine], Timing::default(), None),
            clock,
            options,
            Some(recorder),
        )
    }

    /// What `key` does on the screen the app shows now, as the loop would do it.
    fn press(app: &mut SessionApp, code: KeyCode) -> Flow {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        match keys::action(app.key_screen(), key) {
            Some(action) => app.act(action),
            None => Flow::Continue,
        }
    }

    fn began<'a>(clock: &'a ManualClock, recorder: &'a Recorder<'a>) -> SessionApp<'a> {
        let mut app = app(clock, recorder, true);
        press(&mut app, KeyCode::Char('6'));
        press(&mut app, KeyCode::Enter);
        clock.advance(Duration::from_secs(5));
        app.tick();
        app
    }

    #[test]
    fn help_pauses_a_running_timer_and_closing_it_resumes() {
        let clock = ManualClock::new();
        let (_dir, recorder) = recorder(&clock);
        let mut app = began(&clock, &recorder);
        assert_eq!(app.key_screen(), Screen::Session);
        press(&mut app, KeyCode::Char('?'));
        assert_eq!(app.key_screen(), Screen::Help);
        assert!(matches!(
            app.session().phase(),
            Phase::Paused {
                reason: PauseReason::Help,
                ..
            }
        ));
        let left = app.session().remaining();
        clock.advance(Duration::from_secs(4));
        app.tick();
        assert_eq!(
            app.session().remaining(),
            left,
            "reading the help takes no step time"
        );
        // Space does nothing under the help: it is closed first.
        press(&mut app, KeyCode::Char(' '));
        assert_eq!(app.key_screen(), Screen::Help);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.key_screen(), Screen::Session);
        assert!(app.session().is_running());
    }

    #[test]
    fn help_over_a_pause_leaves_it_paused() {
        let clock = ManualClock::new();
        let (_dir, recorder) = recorder(&clock);
        let mut app = began(&clock, &recorder);
        press(&mut app, KeyCode::Char(' '));
        assert_eq!(app.key_screen(), Screen::Paused);
        press(&mut app, KeyCode::Char('?'));
        press(&mut app, KeyCode::Char('?'));
        assert!(matches!(
            app.session().phase(),
            Phase::Paused {
                reason: PauseReason::Asked,
                ..
            }
        ));
        assert_eq!(app.key_screen(), Screen::Paused);
    }

    #[test]
    fn q_on_the_overview_leaves_it_and_digits_only_rate() {
        let clock = ManualClock::new();
        let (_dir, recorder) = recorder(&clock);
        let mut app = app(&clock, &recorder, true);
        assert_eq!(app.key_screen(), Screen::Overview { rating: true });
        press(&mut app, KeyCode::Char('7'));
        assert!(
            matches!(app.session().phase(), Phase::Ready),
            "a digit rates, it does not begin"
        );
        assert_eq!(press(&mut app, KeyCode::Char('q')), Flow::Leave);
        let mut quiet = self::app(&clock, &recorder, false);
        assert_eq!(quiet.key_screen(), Screen::Overview { rating: false });
        assert_eq!(press(&mut quiet, KeyCode::Esc), Flow::Leave);
    }

    #[test]
    fn ending_asks_then_the_end_screen_leaves_and_ctrl_c_quits() {
        let clock = ManualClock::new();
        let (_dir, recorder) = recorder(&clock);
        let mut app = began(&clock, &recorder);
        press(&mut app, KeyCode::Char('q'));
        assert_eq!(app.key_screen(), Screen::ConfirmEnd);
        press(&mut app, KeyCode::Char('n'));
        assert_eq!(app.key_screen(), Screen::Session);
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(app.key_screen(), Screen::AskAfter);
        press(&mut app, KeyCode::Char('3'));
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.key_screen(), Screen::End);
        assert_eq!(press(&mut app, KeyCode::Enter), Flow::Leave);

        let mut app = began(&clock, &recorder);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let action = keys::action(app.key_screen(), ctrl_c).unwrap();
        assert_eq!(app.act(action), Flow::Quit);
        assert!(
            app.session().outcome().is_some(),
            "Ctrl-C ends the session, recorded"
        );
    }
}
