//! What a session says aloud at each cue, so it can be followed with the eyes closed, and
//! the speaker that says it: the words come from the session's state (`session::words`),
//! `speech_program` runs the program.

use crate::session::words::SegmentWords;
use crate::session::{Cue, Session};
use crate::sound::speech_program::Voice;

/// The words for a cue, or `None` when the cue is silent.
pub fn utterance(session: &Session, cue: &Cue) -> Option<String> {
    match cue {
        Cue::Began(kind) => Some(SegmentWords::of(session.routines(), *kind)?.sentence()),
        Cue::TenSecondsLeft => Some("Ten seconds".to_string()),
        // Skipped through to the end is not a session done, and is not called one.
        Cue::Finished(outcome) if outcome.completed => Some("Session complete".to_string()),
        Cue::Finished(_) | Cue::Ended(_) => Some("Session ended".to_string()),
        Cue::Paused(_) | Cue::Resumed => None,
    }
}

/// A session's voice, for both front ends: it says each cue's words, and falls silent the
/// moment the session pauses. Without a voice it does nothing.
#[derive(Debug, Default)]
pub struct Speaker(Option<Voice>);

impl Speaker {
    pub fn new(voice: Option<Voice>) -> Self {
        Speaker(voice)
    }

    pub fn on_cue(&mut self, session: &Session, cue: &Cue) {
        let Some(voice) = &mut self.0 else { return };
        match cue {
            Cue::Paused(_) => voice.stop(),
            cue => {
                if let Some(words) = utterance(session, cue) {
                    voice.say(&words);
                }
            }
        }
    }

    /// Says, as the session starts, how the routines were fitted to the person's health
    /// profile: the get-ready has no cue of its own. Nothing when nothing changed.
    pub fn open(&mut self, session: &Session) {
        let Some(voice) = &mut self.0 else { return };
        // One sentence, not a line a step: the first step's cue cuts it short.
        if let Some(sentence) = crate::session::words::for_you_spoken(session.routines()) {
            voice.say(&sentence);
        }
    }

    /// Cuts short what is being said (the process is about to be suspended).
    pub fn stop(&mut self) {
        if let Some(voice) = &mut self.0 {
            voice.stop();
        }
    }

    /// Lets the last words ("Session complete") finish.
    pub fn finish(self) {
        if let Some(voice) = self.0 {
            voice.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Library, Side};
    use crate::session::{Outcome, SegmentKind, Timing};

    fn session() -> Session {
        let routines = vec![Library::built_in().library.get("neck-release").unwrap().clone()];
        Session::new(routines, Timing::default(), None)
    }

    fn outcome(completed: bool) -> Outcome {
        Outcome {
            routines: vec!["neck-release".into()],
            started: crate::session::Moment::ZERO,
            ended: crate::session::Moment::ZERO,
            planned: std::time::Duration::ZERO,
            active: std::time::Duration::ZERO,
            extended: std::time::Duration::ZERO,
            passes_done: 0,
            passes_skipped: 0,
            passes_total: 14,
            steps_done: 0,
            steps_total: 10,
            reached_end: true,
            completed,
        }
    }

    #[test]
    fn each_cue_has_its_words() {
        let s = session();
        let step = utterance(
            &s,
            &Cue::Began(SegmentKind::Step {
                routine: 0,
                step: 3,
                side: Side::Both,
            }),
        )
        .unwrap();
        assert!(
            step.starts_with(
                "Step 4 of 10. Squeeze and let go. Medium pressure, squeezing, back of your neck. Cup"
            ),
            "{step}"
        );
        assert_eq!(
            utterance(&s, &Cue::Began(SegmentKind::SwitchSide { routine: 0, step: 6 })).unwrap(),
            "Switch to the right side"
        );
        assert_eq!(utterance(&s, &Cue::TenSecondsLeft).unwrap(), "Ten seconds");
        assert_eq!(
            utterance(&s, &Cue::Finished(outcome(true))).unwrap(),
            "Session complete"
        );
        assert_eq!(
            utterance(&s, &Cue::Finished(outcome(false))).unwrap(),
            "Session ended"
        );
        assert_eq!(
            utterance(&s, &Cue::Ended(outcome(false))).unwrap(),
            "Session ended"
        );
        assert_eq!(utterance(&s, &Cue::Resumed), None);
    }
}
