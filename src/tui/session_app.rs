//! The event loop of a guided session: ticks and keys in, session events out, the screen
//! drawn from the session's state after each. It sleeps until a key arrives or the screen
//! must change (the next second of the countdown, the next animation frame, the next bell).

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use super::events::{Input, Inputs};
use super::session_view::SessionScreen;
use super::step_screen::EXTEND_FLASH;
use super::stroke_figure;
use super::tension::TensionInput;
use super::terminal::TerminalGuard;
use super::theme::Theme;
use crate::alert::BellSchedule;
use crate::log::tension::{self, Tension};
use crate::session::{Clock, Cue, Event, Moment, Outcome, PauseReason, Phase, Session};
use crate::speech::Speaker;
use crate::voice::Voice;

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

/// Writing a session's record failed: what went wrong, and the record itself, to be shown so
/// it can be kept by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordFailure {
    pub message: String,
    pub line: String,
}

/// Records a session that ended (the log lives outside the front end); gives the lines for
/// the end screen, such as the tension change and the streak.
pub type Recorder<'r> =
    Box<dyn FnMut(&Session, &Outcome, Tension) -> Result<Vec<String>, RecordFailure> + 'r>;

/// How the session screen was left.
#[derive(Debug)]
pub struct SessionEnd {
    pub outcome: Option<Outcome>,
    /// Set when a signal ended it: the program then exits with 128 + the signal.
    pub signal: Option<i32>,
    pub record_failure: Option<RecordFailure>,
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
enum Flow {
    Continue,
    Leave,
}

pub struct SessionApp<'c> {
    session: Session,
    clock: &'c dyn Clock,
    recorder: Option<Recorder<'c>>,
    stage: Stage,
    options: SessionOptions,
    speaker: Speaker,
    bells: BellSchedule,
    /// The keys overlay.
    help: bool,
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
        recorder: Option<Recorder<'c>>,
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
                    Flow::Leave
                }
            };
            if let Flow::Leave = flow {
                return Ok(self.leave(None));
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
        let (Some(recorder), Some(outcome)) = (self.recorder.as_mut(), self.session.outcome()) else {
            return;
        };
        let mut result = recorder(&self.session, outcome, tension);
        if let Ok(lines) = &mut result
            && let Some(change) = tension::change_line(tension)
        {
            lines.insert(0, change);
        }
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

    fn on_key(&mut self, key: KeyEvent, guard: &mut TerminalGuard) -> io::Result<Flow> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            self.end_now();
            return Ok(Flow::Leave);
        }
        if ctrl && key.code == KeyCode::Char('z') {
            self.suspend(guard)?;
            return Ok(Flow::Continue);
        }
        if self.help {
            if matches!(
                key.code,
                KeyCode::Char('?') | KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter
            ) {
                self.help = false;
            }
            return Ok(Flow::Continue);
        }
        let event = match &mut self.stage {
            Stage::Overview(before) => match key.code {
                KeyCode::Char(c) if c.is_ascii_digit() && self.options.ask_tension => {
                    before.push(c);
                    None
                }
                KeyCode::Backspace => {
                    before.pop();
                    None
                }
                KeyCode::Enter | KeyCode::Char(' ') => {
                    self.stage = Stage::Timing {
                        before: before.value(),
                    };
                    self.speaker.open(&self.session);
                    Some(Event::Start)
                }
                KeyCode::Char('q') | KeyCode::Esc => return Ok(Flow::Leave),
                KeyCode::Char('?') => {
                    self.help = true;
                    None
                }
                _ => None,
            },
            Stage::AskingAfter { after, .. } => match key.code {
                KeyCode::Char(c) if c.is_ascii_digit() => {
                    after.push(c);
                    None
                }
                KeyCode::Backspace => {
                    after.pop();
                    None
                }
                KeyCode::Enter => {
                    self.record();
                    None
                }
                KeyCode::Char('q') | KeyCode::Esc => return Ok(Flow::Leave),
                _ => None,
            },
            Stage::Closed(_) => match key.code {
                KeyCode::Enter | KeyCode::Char('q') | KeyCode::Esc => return Ok(Flow::Leave),
                _ => None,
            },
            Stage::Timing { .. } => match (self.session.phase(), key.code) {
                (Phase::ConfirmQuit { .. }, KeyCode::Char('y' | 'Y' | 'q') | KeyCode::Enter) => {
                    Some(Event::ConfirmQuit)
                }
                (Phase::ConfirmQuit { .. }, KeyCode::Char('n' | 'N') | KeyCode::Esc) => {
                    Some(Event::CancelQuit)
                }
                (Phase::ConfirmQuit { .. }, _) => None,
                (_, KeyCode::Char('?')) => {
                    self.help = true;
                    None
                }
                (_, KeyCode::Char(' ')) => Some(Event::TogglePause),
                (_, KeyCode::Right | KeyCode::Char('n')) => Some(Event::Next),
                (_, KeyCode::Left | KeyCode::Char('p')) => Some(Event::Previous),
                (_, KeyCode::Char('+' | '=')) => Some(Event::Extend),
                (_, KeyCode::Char('q') | KeyCode::Esc) => Some(Event::Quit),
                _ => None,
            },
        };
        if let Some(event) = event {
            self.apply(event);
        }
        Ok(Flow::Continue)
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

    fn draw(&self, guard: &mut TerminalGuard) -> io::Result<()> {
        let (closing, prompt): (Vec<String>, Option<String>) = match &self.stage {
            Stage::Overview(before) if self.options.ask_tension && self.recorder.is_some() => {
                (Vec::new(), Some(before.prompt("How tense do you feel?")))
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
                    "Its record is printed when you leave, to keep by hand.".to_string(),
                ],
                None,
            ),
            _ => (Vec::new(), None),
        };
        let screen = SessionScreen {
            session: &self.session,
            theme: &self.options.theme,
            help: self.help,
            closing: &closing,
            prompt,
            extended_at: self.extended_at,
        };
        // One synchronized update per frame: a terminal that knows the mode shows the frame
        // whole, so a resize (which clears the screen first) never shows a blank or half
        // frame; others ignore it.
        let terminal = guard.terminal();
        crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
        terminal.draw(|frame| frame.render_widget(&screen, frame.area()))?;
        crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
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
