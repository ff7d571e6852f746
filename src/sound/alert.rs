//! Which sounds a session makes, and when. The ear tells events apart by the count of bells:
//! one as a step begins, two at a side switch, three at the finish. The schedule is plain data
//! driven by the session's cues and the clock, so it is tested without a terminal.

use std::collections::VecDeque;
use std::time::Duration;

use crate::session::{Cue, Moment, SegmentKind};

/// The gap between the bells of one pattern: far enough apart to count.
pub const BELL_GAP: Duration = Duration::from_millis(350);

/// How many bells a cue rings.
pub fn bells_for(cue: &Cue) -> usize {
    match cue {
        Cue::Began(SegmentKind::Step { .. }) => 1,
        Cue::Began(SegmentKind::SwitchSide { .. }) => 2,
        Cue::Finished(_) => 3,
        _ => 0,
    }
}

/// Bells waiting to ring.
#[derive(Debug, Default)]
pub struct BellSchedule {
    enabled: bool,
    pending: VecDeque<Moment>,
}

impl BellSchedule {
    pub fn new(enabled: bool) -> Self {
        BellSchedule {
            enabled,
            pending: VecDeque::new(),
        }
    }

    /// Queues the pattern for `cue`, after any bells still waiting so patterns never merge.
    pub fn on_cue(&mut self, cue: &Cue, now: Moment) {
        if !self.enabled {
            return;
        }
        let mut at = self
            .pending
            .back()
            .map_or(now, |&last| (last + BELL_GAP).max(now));
        for _ in 0..bells_for(cue) {
            self.pending.push_back(at);
            at += BELL_GAP;
        }
    }

    /// Whether a bell should ring at `now`; it is taken off the schedule. At most one rings
    /// at a time: after a late wake the rest of the pattern moves later, so bells that came
    /// due together still sound apart and can be counted.
    pub fn ring_now(&mut self, now: Moment) -> bool {
        if self.pending.front().is_none_or(|&at| at > now) {
            return false;
        }
        self.pending.pop_front();
        let mut earliest = now + BELL_GAP;
        for at in self.pending.iter_mut() {
            *at = (*at).max(earliest);
            earliest = *at + BELL_GAP;
        }
        true
    }

    /// How long until the next bell, if one is waiting.
    pub fn next_in(&self, now: Moment) -> Option<Duration> {
        self.pending.front().map(|&at| at.saturating_since(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Side;

    fn step() -> Cue {
        Cue::Began(SegmentKind::Step {
            routine: 0,
            step: 0,
            side: Side::Both,
        })
    }

    fn switch() -> Cue {
        Cue::Began(SegmentKind::SwitchSide { routine: 0, step: 0 })
    }

    fn at(ms: u64) -> Moment {
        Moment(Duration::from_millis(ms))
    }

    #[test]
    fn patterns_ring_one_two_and_three_bells_spaced_apart() {
        let mut bells = BellSchedule::new(true);
        bells.on_cue(&switch(), at(0));
        assert!(bells.ring_now(at(0)));
        assert!(!bells.ring_now(at(100)));
        assert_eq!(bells.next_in(at(100)), Some(Duration::from_millis(250)));
        assert!(bells.ring_now(at(350)));
        assert_eq!(bells.next_in(at(350)), None);
    }

    #[test]
    fn a_late_wake_still_rings_every_bell_separately() {
        let mut bells = BellSchedule::new(true);
        bells.on_cue(&step(), at(0));
        bells.on_cue(&switch(), at(0));
        let mut rung = 0;
        let mut now = at(5_000);
        while let Some(wait) = bells.next_in(now) {
            now += wait;
            assert!(bells.ring_now(now));
            rung += 1;
        }
        assert_eq!(rung, 3);
    }

    #[test]
    fn switched_off_means_silent() {
        let mut bells = BellSchedule::new(false);
        bells.on_cue(&step(), at(0));
        assert!(!bells.ring_now(at(10_000)));
        assert_eq!(bells.next_in(at(0)), None);
    }
}
