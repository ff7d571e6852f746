//! The sessions a read has met, by id, so that a session whose line appears twice (two logs
//! joined by hand, a sync tool's merge) counts once. An id knead made is held in eight bytes,
//! exactly: the start to the second and the eight hex digits after it.
//!
//! A log is nearly in time order and its ids begin with the start, so they come nearly in
//! ascending order: each id greater than all before it is new without a look, and goes at
//! the end of a sorted list. Only the few out of order are looked up and kept in a hash set.
//! Memory is about eight bytes a session, and the cost next to parsing the line is small.
//!
//! An id in another shape (written by hand or by another tool) is held as a 128-bit
//! fingerprint of its text, not the text: its memory stays a few words whatever its length,
//! and two different ids share a fingerprint with a chance of about one in 10^26 for a
//! million of them.

use std::collections::HashSet;

use foldhash::fast::FixedState;

use super::session_id::pack;

#[derive(Default)]
pub(crate) struct SeenIds {
    /// Packed ids that were each greater than every one before: sorted.
    ascending: Vec<u64>,
    /// Packed ids that came out of order.
    scattered: HashSet<u64, FixedState>,
    /// Fingerprints of the ids in another shape.
    other: HashSet<u128, FixedState>,
}

impl SeenIds {
    /// Notes `id`; false when it was met before.
    pub(crate) fn insert(&mut self, id: &str) -> bool {
        match pack(id) {
            Some(packed) if self.ascending.last().is_none_or(|&last| packed > last) => {
                self.ascending.push(packed);
                true
            }
            Some(packed) => self.ascending.binary_search(&packed).is_err() && self.scattered.insert(packed),
            None => self.other.insert(fingerprint(id)),
        }
    }

    /// Whether `id` was met.
    pub(crate) fn contains(&self, id: &str) -> bool {
        match pack(id) {
            Some(packed) => self.contains_packed(packed),
            None => self.other.contains(&fingerprint(id)),
        }
    }

    fn contains_packed(&self, packed: u64) -> bool {
        let in_order = self.ascending.last().is_some_and(|&last| packed <= last)
            && self.ascending.binary_search(&packed).is_ok();
        in_order || self.scattered.contains(&packed)
    }

    /// Whether any id was met by both.
    pub(crate) fn overlaps(&self, other: &SeenIds) -> bool {
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
            _ => small.ascending.iter().any(|&id| large.contains_packed(id)),
        };
        in_order
            || small.scattered.iter().any(|&id| large.contains_packed(id))
            || large.scattered.iter().any(|&id| small.contains_packed(id))
            || self.other.iter().any(|id| other.other.contains(id))
    }
}

/// 128 bits from two SipHash runs over `id`, each under its own fixed key (the same in every
/// read, so the sets of two halves of a log compare).
fn fingerprint(id: &str) -> u128 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let half = |key: u8| {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        id.hash(&mut hasher);
        hasher.finish()
    };
    u128::from(half(1)) << 64 | u128::from(half(2))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(seen.insert(id), "{id}");
            assert!(!seen.insert(id), "{id} again");
        }
        let mut other = SeenIds::default();
        other.insert("y");
        assert!(!seen.overlaps(&other));
        other.insert("x");
        assert!(seen.overlaps(&other));
        let mut packed = SeenIds::default();
        packed.insert(a);
        assert!(packed.overlaps(&seen) && seen.overlaps(&packed));
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
            assert!(order.iter().all(|id| seen.insert(id)));
            assert!(order.iter().all(|id| !seen.insert(id)));
        }
        let (mut first, mut second) = (SeenIds::default(), SeenIds::default());
        for id in &sorted[..1000] {
            first.insert(id);
        }
        for id in &sorted[1000..] {
            second.insert(id);
        }
        assert!(!first.overlaps(&second) && !second.overlaps(&first));
        second.insert(&strided[7]);
        assert!(first.overlaps(&second) == sorted[..1000].contains(&strided[7]));
        second.insert(&sorted[500]);
        assert!(first.overlaps(&second) && second.overlaps(&first));
        let mut scattered = SeenIds::default();
        scattered.insert(&sorted[2999]);
        scattered.insert(&sorted[10]);
        assert!(scattered.overlaps(&first) && first.overlaps(&scattered));
    }
}
