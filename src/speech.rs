//! What a session says aloud at each cue, so it can be followed with the eyes closed. Plain
//! text from the session's state; `voice` speaks it.

use crate::session::{Cue, Session};
use crate::text::sanitize;

/// The words for a cue, or `None` when the cue is silent.
pub fn utterance(session: &Session, cue: &Cue) -> Option<String> {
    match cue {
        Cue::StepBegan { routine, step, side } => {
            let r = session.routines().get(*routine)?;
            let s = r.steps.get(*step)?;
            let side = side.phrase();
            Some(format!(
                "Step {} of {}. {}. {} pressure, {}, {side}. {}",
                step + 1,
                r.steps.len(),
                end_sentence(&sanitize(&s.name)),
                capitalise(s.pressure.as_str()),
                s.stroke,
                sanitize(&s.cue)
            ))
        }
        Cue::SideSwitch { .. } => Some("Switch to the right side".to_string()),
        Cue::Transition { to_routine } => {
            let r = session.routines().get(*to_routine)?;
            Some(format!("Next routine: {}", sanitize(&r.name)))
        }
        Cue::TenSecondsLeft => Some("Ten seconds".to_string()),
        Cue::Finished(_) => Some("Session complete".to_string()),
        Cue::Ended(_) => Some("Session ended".to_string()),
        Cue::Paused(_) | Cue::Resumed => None,
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A step name is a title ("Knead the shoulder"); spoken, it ends where the sentence does.
fn end_sentence(name: &str) -> &str {
    name.trim_end_matches(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Library, Side};
    use crate::session::{Outcome, Plan, Timing};

    fn session() -> Session {
        let routines = vec![Library::built_in().library.get("neck-release").unwrap().clone()];
        let timing = Timing::default();
        let plan = Plan::new(&routines, &timing, None);
        Session::new(routines, plan, timing)
    }

    fn outcome(completed: bool) -> Outcome {
        Outcome {
            routines: vec!["neck-release".into()],
            started: crate::session::Moment::ZERO,
            ended: crate::session::Moment::ZERO,
            planned: std::time::Duration::ZERO,
            active: std::time::Duration::ZERO,
            extended: std::time::Duration::ZERO,
            steps_done: 0,
            steps_total: 10,
            completed,
        }
    }

    #[test]
    fn each_cue_has_its_words() {
        let s = session();
        let step = utterance(
            &s,
            &Cue::StepBegan {
                routine: 0,
                step: 3,
                side: Side::Both,
            },
        )
        .unwrap();
        assert!(
            step.starts_with("Step 4 of 10. Squeeze and let go. Medium pressure, squeezing, both sides. Cup"),
            "{step}"
        );
        assert_eq!(
            utterance(&s, &Cue::SideSwitch { routine: 0, step: 6 }).unwrap(),
            "Switch to the right side"
        );
        assert_eq!(utterance(&s, &Cue::TenSecondsLeft).unwrap(), "Ten seconds");
        assert_eq!(
            utterance(&s, &Cue::Finished(outcome(true))).unwrap(),
            "Session complete"
        );
        assert_eq!(
            utterance(&s, &Cue::Ended(outcome(false))).unwrap(),
            "Session ended"
        );
        assert_eq!(utterance(&s, &Cue::Resumed), None);
    }
}
