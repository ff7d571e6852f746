//! Every session a read has met, so that a session whose line appears twice (two logs joined
//! by hand, a sync tool's merge) counts once. `import` keeps these for the file it reads and
//! the log it adds to; a read from the top keeps them only once the log proves out of order
//! (`once`), and while it is in order keeps the sessions of its latest second alone
//! (`recent`), with the same [`Key`]s. Each session is held in eight bytes, whatever the shape
//! of its id:
//!
//! - an id knead made is held exactly: the start to the second and the eight hex digits
//!   after it (`session_id::pack`);
//! - an id in any other shape (written by hand or by another tool) is held as the session's
//!   start to the second and 32 bits of a hash of the id. A session is the same when its id
//!   and its start are: two lines with one id but different starts are two sessions (two
//!   tools that each number their sessions from 1), and two different ids share a key only
//!   if they started in the same second and their hashes agree, a chance of one in four
//!   billion for each such pair.
//!
//! Both kinds begin with the start, and a log is nearly in time order, so keys come nearly
//! in ascending order: each key greater than all before it is new without a look, and goes at
//! the end of a sorted list. Only the few out of order are looked up and kept in a hash set.

use std::collections::HashSet;
use std::hash::BuildHasher;

use chrono::{DateTime, FixedOffset};
use foldhash::fast::FixedState;

use super::session_id::{Y2000, pack};

#[derive(Default)]
pub(crate) struct SeenIds {
    /// Sessions with ids knead made.
    made: Keys,
    /// Sessions with ids in another shape.
    other: Keys,
}

/// A session as the read remembers it: which kind of id it has, and its eight bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    Made(u64),
    Other(u64),
}

impl Key {
    pub(crate) fn of(id: &str, started: &DateTime<FixedOffset>) -> Key {
        match pack(id) {
            Some(packed) => Key::Made(packed),
            None => Key::Other(other_key(id, started)),
        }
    }
}

impl SeenIds {
    /// Notes the session `id` that started at `started`; false when it was met before.
    pub(crate) fn insert(&mut self, id: &str, started: &DateTime<FixedOffset>) -> bool {
        self.insert_key(Key::of(id, started))
    }

    /// [`SeenIds::insert`] of a session's key.
    pub(crate) fn insert_key(&mut self, key: Key) -> bool {
        match key {
            Key::Made(key) => self.made.insert(key),
            Key::Other(key) => self.other.insert(key),
        }
    }

    /// Whether the session `id` that started at `started` was met.
    pub(crate) fn contains(&self, id: &str, started: &DateTime<FixedOffset>) -> bool {
        match pack(id) {
            Some(packed) => self.made.contains(packed),
            None => self.other.contains(other_key(id, started)),
        }
    }

    /// Whether the session of `key` was met.
    pub(crate) fn contains_key(&self, key: Key) -> bool {
        match key {
            Key::Made(key) => self.made.contains(key),
            Key::Other(key) => self.other.contains(key),
        }
    }

    /// The latest second of a session met, of each kind of id (made, other).
    pub(crate) fn latest_seconds(&self) -> (Option<u32>, Option<u32>) {
        (self.made.latest_second(), self.other.latest_second())
    }

    /// Whether any session was met by both.
    pub(crate) fn overlaps(&self, other: &SeenIds) -> bool {
        self.made.overlaps(&other.made) || self.other.overlaps(&other.other)
    }
}

/// The key of a session whose id knead did not make: its start in the high half, as in a
/// packed id (wrapping outside 2000-2136, which only makes such keys come out of order), and
/// 32 bits of the id's hash, under a fixed seed so the two halves of a read agree.
fn other_key(id: &str, started: &DateTime<FixedOffset>) -> u64 {
    let seconds = (started.timestamp() - Y2000) as u32;
    let hash = FixedState::with_seed(0x6b6e_6561_6400_0001).hash_one(id) >> 32;
    u64::from(seconds) << 32 | hash
}

/// A set of keys that come nearly in ascending order.
#[derive(Default)]
struct Keys {
    /// Keys that were each greater than every one before: sorted.
    ascending: Vec<u64>,
    /// Keys that came out of order.
    scattered: HashSet<u64, FixedState>,
}

impl Keys {
    fn insert(&mut self, key: u64) -> bool {
        if self.ascending.last().is_none_or(|&last| key > last) {
            self.ascending.push(key);
            true
        } else {
            self.ascending.binary_search(&key).is_err() && self.scattered.insert(key)
        }
    }

    fn contains(&self, key: u64) -> bool {
        let in_order = self.ascending.last().is_some_and(|&last| key <= last)
            && self.ascending.binary_search(&key).is_ok();
        in_order || self.scattered.contains(&key)
    }

    /// The greatest key is the last of the sorted list: one out of order is below it.
    fn latest_second(&self) -> Option<u32> {
        self.ascending.last().map(|&key| (key >> 32) as u32)
    }

    fn overlaps(&self, other: &Keys) -> bool {
        let (small, large) = if self.ascending.len() <= other.ascending.len() {
            (self, other)
        } else {
            (other, self)
        };
        // The halves of a log in order do not overlap at all: one comparison settles it.
        let in_order = match (small.ascending.first(), large.ascending.first()) {
            (Some(&a), Some(&b))
                if small.ascending.last() < Some(&b) || large.ascending.last() < Some(&a) =>
            {
                false
            }
            _ => small.ascending.iter().any(|&key| large.contains(key)),
        };
        in_order
            || small.scattered.iter().any(|&key| large.contains(key))
            || large.scattered.iter().any(|&key| small.contains(key))
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    /// Any start: an id knead made carries its own.
    fn any() -> DateTime<FixedOffset> {
        at("2026-11-25T11:30:12+01:00")
    }

    #[test]
    fn ids_knead_makes_pack_one_to_one_and_others_are_each_met_once() {
        let a = "20261125T103012Z-1a2b3c4d";
        assert_eq!(pack(a), Some(((1_795_602_612 - 946_684_800) << 32) | 0x1a2b_3c4d));
        for other in [
            "20261125T103012Z-1A2B3C4D",
            "20261125T103012Z-+a2b3c4d",
            "20261325T103012Z-1a2b3c4d",
            "20261125T103060Z-1a2b3c4d",
            "19991231T235959Z-00000000",
            "x",
        ] {
            assert_eq!(pack(other), None, "{other}");
        }
        let mut seen = SeenIds::default();
        for id in [a, "20261125T103012Z-1a2b3c4e", "x", "20261125T103012Z-1A2B3C4D"] {
            assert!(seen.insert(id, &any()), "{id}");
            assert!(!seen.insert(id, &any()), "{id} again");
        }
        let mut other = SeenIds::default();
        other.insert("y", &any());
        assert!(!seen.overlaps(&other));
        other.insert("x", &any());
        assert!(seen.overlaps(&other));
        let mut packed = SeenIds::default();
        packed.insert(a, &any());
        assert!(packed.overlaps(&seen) && seen.overlaps(&packed));
    }

    #[test]
    fn an_id_knead_did_not_make_is_one_session_with_its_start() {
        let mut seen = SeenIds::default();
        let (nine, ten) = (at("2026-11-25T09:00:00+01:00"), at("2026-11-25T10:00:00+01:00"));
        assert!(seen.insert("1", &nine));
        // The same moment written in another zone is the same start.
        assert!(!seen.insert("1", &at("2026-11-25T08:00:00Z")));
        assert!(seen.contains("1", &nine) && !seen.contains("1", &ten));
        // Another tool that also numbers from 1: another session.
        assert!(seen.insert("1", &ten));
        assert!(seen.insert("2", &ten));
        assert!(!seen.insert("2", &ten));
        // Out of order, before 2000 and after 2136 alike.
        for start in [
            "2026-11-25T08:59:59+01:00",
            "1999-12-31T23:59:59Z",
            "2140-01-01T00:00:00Z",
        ] {
            assert!(seen.insert("1", &at(start)), "{start}");
            assert!(!seen.insert("1", &at(start)), "{start} again");
        }
        // An id knead made keeps its own start: the line's start does not change the session.
        let made = "20261125T103012Z-1a2b3c4d";
        assert!(seen.insert(made, &nine));
        assert!(!seen.insert(made, &ten));
    }

    #[test]
    fn ids_of_any_shape_in_time_order_are_held_in_the_sorted_list_alone() {
        let mut seen = SeenIds::default();
        for n in 0..10_000i64 {
            let start = DateTime::from_timestamp(1_790_000_000 + n * 60, 0)
                .unwrap()
                .fixed_offset();
            assert!(seen.insert(&format!("session {n}"), &start));
            assert!(seen.insert(&super::super::session_id::from_parts(&start, n as u32), &start));
        }
        assert_eq!(
            (seen.made.ascending.len(), seen.other.ascending.len()),
            (10_000, 10_000)
        );
        assert!(seen.made.scattered.is_empty() && seen.other.scattered.is_empty());
    }

    #[test]
    fn ids_in_any_order_are_each_met_once() {
        let id = |n: u32| {
            format!(
                "2026{:02}{:02}T0800{:02}Z-{n:08x}",
                1 + n % 12,
                1 + n % 28,
                n % 60
            )
        };
        let ids: Vec<String> = (0..3000).map(id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        // In order, in two sorted runs, and shuffled by a fixed stride.
        let runs: Vec<String> = [&sorted[1500..], &sorted[..1500]].concat();
        let strided: Vec<String> = (0..3000).map(|i| ids[(i * 1847) % 3000].clone()).collect();
        for order in [&sorted, &runs, &strided] {
            let mut seen = SeenIds::default();
            assert!(order.iter().all(|id| seen.insert(id, &any())));
            assert!(order.iter().all(|id| !seen.insert(id, &any())));
        }
        let (mut first, mut second) = (SeenIds::default(), SeenIds::default());
        for id in &sorted[..1000] {
            first.insert(id, &any());
        }
        for id in &sorted[1000..] {
            second.insert(id, &any());
        }
        assert!(!first.overlaps(&second) && !second.overlaps(&first));
        second.insert(&strided[7], &any());
        assert!(first.overlaps(&second) == sorted[..1000].contains(&strided[7]));
        second.insert(&sorted[500], &any());
        assert!(first.overlaps(&second) && second.overlaps(&first));
        let mut scattered = SeenIds::default();
        scattered.insert(&sorted[2999], &any());
        scattered.insert(&sorted[10], &any());
        assert!(scattered.overlaps(&first) && first.overlaps(&scattered));
    }
}
