//! The sessions a read must remember while the log is in time order: those of the latest
//! second alone, so memory stays the same however long the log.
//!
//! A session's key begins with its start to the second (`seen::Key`). knead writes its log in
//! time order (appends at a session's end; `import` rewrites the whole log in order), so the
//! seconds of the keys, line after line, never go down. While they do not, a line that repeats
//! an earlier session comes while that session's second is still the latest: every line
//! between the two has that second too. So the keys met at the latest second are all a repeat
//! can match. The order is of seconds, not of whole keys: within one second, keys of ids knead
//! did not make come in the order of their hashes, which is no order at all.
//!
//! The first key whose second is before the latest (a log joined or shuffled by hand), or a
//! second with more than [`MAX_AT_ONE_SECOND`] sessions, ends this: `insert` says so, and the
//! reader reads again the lines before into a whole `SeenIds` (`once`).

use super::seen::{Key, SeenIds};

/// More sessions than this in one second is no log a person kept; its keys go to a `SeenIds`
/// instead of being searched one by one.
const MAX_AT_ONE_SECOND: usize = 64;

/// The sessions of a read met so far, while their seconds have not gone down.
#[derive(Debug, Default)]
pub(crate) struct RecentIds {
    /// Sessions with ids knead made.
    made: Recent,
    /// Sessions with ids in another shape: their own order, as in `SeenIds`.
    other: Recent,
}

impl RecentIds {
    /// Notes a session: whether it is new, or `None` when its second is before the latest
    /// (nothing is noted then, and this can no longer tell).
    pub(crate) fn insert_key(&mut self, key: Key) -> Option<bool> {
        match key {
            Key::Made(key) => self.made.insert(key),
            Key::Other(key) => self.other.insert(key),
        }
    }

    /// Whether no session met by `later`, read from the lines after those of `self`, was met
    /// by `self` too; false also when that cannot be told (`later` began before `self`'s
    /// latest second: then the two must be read one after the other).
    pub(crate) fn apart(&self, later: &RecentIds) -> bool {
        self.made.apart(&later.made) && self.other.apart(&later.other)
    }

    /// Takes in `later`, the sessions of the lines right after those these were met on,
    /// when none of them was met here, and says so: these then stand for both, as if read in
    /// one pass (the latest second's sessions, and the first second's left as they were).
    /// False, leaving these as they were, when one was met here or that cannot be told.
    pub(crate) fn absorb(&mut self, later: &RecentIds) -> bool {
        if !self.apart(later) {
            return false;
        }
        let (made, other) = (self.made.absorbed(&later.made), self.other.absorbed(&later.other));
        match (made, other) {
            (Some(made), Some(other)) => {
                self.made = made;
                self.other = other;
                true
            }
            _ => false,
        }
    }

    /// The same, for sessions read after all of `earlier`'s (a part read out of order).
    pub(crate) fn after(&self, earlier: &SeenIds) -> bool {
        let (made, other) = earlier.latest_seconds();
        self.made.after(made, |key| earlier.contains_key(Key::Made(key)))
            && self
                .other
                .after(other, |key| earlier.contains_key(Key::Other(key)))
    }
}

#[derive(Clone, Debug, Default)]
struct Recent {
    /// The first and the latest second met; `None` before any key.
    seconds: Option<(u32, u32)>,
    /// The keys of the first second, kept once a later second came (until then, `latest`
    /// holds them): a second half of the log is told apart from the first by them.
    first: Vec<u64>,
    /// The keys of the latest second.
    latest: Vec<u64>,
}

impl Recent {
    fn insert(&mut self, key: u64) -> Option<bool> {
        let second = (key >> 32) as u32;
        match &mut self.seconds {
            None => self.seconds = Some((second, second)),
            Some((first, latest)) if second > *latest => {
                if *first == *latest {
                    self.first = std::mem::take(&mut self.latest);
                } else {
                    self.latest.clear();
                }
                *latest = second;
            }
            Some((_, latest)) if second == *latest => {
                if self.latest.contains(&key) {
                    return Some(false);
                }
                if self.latest.len() == MAX_AT_ONE_SECOND {
                    return None;
                }
            }
            Some(_) => return None,
        }
        self.latest.push(key);
        Some(true)
    }

    fn at_first(&self) -> &[u64] {
        match self.seconds {
            Some((first, latest)) if first == latest => &self.latest,
            _ => &self.first,
        }
    }

    fn apart(&self, later: &Recent) -> bool {
        let latest = self.seconds.map(|(_, latest)| latest);
        later.after(latest, |key| self.latest.contains(&key))
    }

    /// These followed by `later`, which [`Recent::apart`] showed met none of these: `None`
    /// when one second would hold more than [`MAX_AT_ONE_SECOND`] sessions.
    fn absorbed(&self, later: &Recent) -> Option<Recent> {
        let (Some((first, latest)), Some((later_first, later_latest))) = (self.seconds, later.seconds) else {
            return Some(if later.seconds.is_some() {
                later.clone()
            } else {
                self.clone()
            });
        };
        let mut latest_keys = later.latest.clone();
        // Both end on one second: its sessions are those of both.
        if later_latest == latest {
            debug_assert_eq!(later_first, latest);
            latest_keys.extend_from_slice(&self.latest);
            if latest_keys.len() > MAX_AT_ONE_SECOND {
                return None;
            }
        }
        let first_keys = match (first == latest, later_first == first) {
            (true, true) => [&self.latest[..], later.at_first()].concat(),
            (true, false) => self.latest.clone(),
            (false, _) => self.first.clone(),
        };
        Some(Recent {
            seconds: Some((first, later_latest)),
            first: first_keys,
            latest: latest_keys,
        })
    }

    /// Whether none of these sessions was met by an earlier part whose latest second is
    /// `latest` (`None`: it met none), `met` telling which keys of that second it met. A
    /// part can only have met a key of the first second of these if that is its latest.
    fn after(&self, latest: Option<u32>, met: impl Fn(u64) -> bool) -> bool {
        match (latest, self.seconds) {
            (Some(latest), Some((first, _))) if latest == first => {
                !self.at_first().iter().any(|&key| met(key))
            }
            (Some(latest), Some((first, _))) => latest < first,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(second: u32, low: u32) -> Key {
        Key::Other(u64::from(second) << 32 | u64::from(low))
    }

    #[test]
    fn a_repeat_within_the_latest_second_is_met_in_any_order_of_its_keys() {
        let mut recent = RecentIds::default();
        for (second, low, new) in [
            (10, 9, true),
            (10, 3, true),
            (10, 9, false),
            (10, 3, false),
            (11, 1, true),
            (11, 1, false),
        ] {
            assert_eq!(recent.insert_key(key(second, low)), Some(new), "{second} {low}");
        }
        // Knead's ids and the others keep their own order.
        assert_eq!(recent.insert_key(Key::Made(1 << 32 | 1)), Some(true));
        assert_eq!(recent.insert_key(Key::Other(11 << 32 | 1)), Some(false));
        // A second before the latest cannot be told.
        assert_eq!(recent.insert_key(key(10, 9)), None);
        assert_eq!(recent.insert_key(key(10, 77)), None);
        assert_eq!(recent.insert_key(Key::Made(1)), None);
    }

    #[test]
    fn a_crowded_second_cannot_be_told_and_an_emptied_one_is_forgotten() {
        let mut recent = RecentIds::default();
        for low in 0..MAX_AT_ONE_SECOND as u32 {
            assert_eq!(recent.insert_key(key(5, low)), Some(true));
        }
        assert_eq!(recent.insert_key(key(5, 0)), Some(false));
        assert_eq!(recent.insert_key(key(5, 1000)), None);
        for second in 6..1000 {
            assert_eq!(recent.insert_key(key(second, 1)), Some(true));
        }
        assert!(recent.other.latest.len() == 1 && recent.other.first.len() == MAX_AT_ONE_SECOND);
    }

    #[test]
    fn halves_are_apart_unless_they_share_a_session_or_cross() {
        let half = |keys: &[(u32, u32)]| {
            let mut recent = RecentIds::default();
            for &(second, low) in keys {
                assert_eq!(recent.insert_key(key(second, low)), Some(true));
            }
            recent
        };
        let first = half(&[(1, 1), (5, 2), (5, 7)]);
        assert!(first.apart(&half(&[(6, 7), (9, 9)])));
        assert!(first.apart(&half(&[(5, 3), (5, 1), (9, 9)])));
        assert!(!first.apart(&half(&[(5, 3), (5, 7), (9, 9)])));
        // The second half's first second, kept after later ones came.
        assert!(!first.apart(&half(&[(5, 2), (6, 1), (7, 1)])));
        // Begun before the first half ended: it cannot be told.
        assert!(!first.apart(&half(&[(4, 100), (9, 9)])));
        assert!(first.apart(&RecentIds::default()) && RecentIds::default().apart(&first));
    }

    /// Parts read one after the other, each on its own, taken in in order: whether each
    /// was told apart from all before it, and then what the whole says of the sessions read
    /// after it, against one read of every key in a single pass.
    fn absorbs(parts: &[&[Key]]) -> Vec<bool> {
        let mut whole = RecentIds::default();
        let mut one_pass = RecentIds::default();
        let mut told = Vec::new();
        for keys in parts {
            let mut part = RecentIds::default();
            let mut in_one_pass = true;
            for &key in *keys {
                assert_eq!(part.insert_key(key), Some(true), "{key:?}");
                in_one_pass &= one_pass.insert_key(key) == Some(true);
            }
            let absorbed = whole.absorb(&part);
            // Told apart only where a single pass meets no repeat and no key out of order.
            assert!(!absorbed || in_one_pass, "{keys:?}");
            told.push(absorbed);
            if !absorbed {
                break;
            }
        }
        told
    }

    #[test]
    fn parts_read_on_their_own_join_as_one_pass_would_read_them() {
        let made = |second: u32, low: u32| Key::Made(u64::from(second) << 32 | u64::from(low));
        // Each part later than the one before, or on the same second with other sessions.
        let a: &[Key] = &[key(1, 1), made(2, 1), key(5, 2)];
        let b: &[Key] = &[key(5, 3), made(6, 1), key(8, 1)];
        let c: &[Key] = &[key(9, 1), made(9, 2)];
        assert_eq!(absorbs(&[a, b, c]), [true, true, true]);
        // A session of the first part's latest second, again in the next.
        assert_eq!(absorbs(&[a, &[key(5, 2), key(6, 1)]]), [true, false]);
        // A part that begins before the one before it ends.
        assert_eq!(absorbs(&[a, &[key(4, 9), key(6, 1)]]), [true, false]);
        // A part holding only one second of the other kind, the second the part before it
        // ended on: the part after it must still meet the sessions of both at that second.
        let one_second: &[Key] = &[made(3, 1), key(5, 9), made(7, 1)];
        assert_eq!(absorbs(&[a, one_second, &[key(5, 2)]]), [true, true, false]);
        assert_eq!(absorbs(&[a, one_second, &[key(5, 9)]]), [true, true, false]);
        assert_eq!(
            absorbs(&[a, one_second, &[key(5, 4), key(6, 1)]]),
            [true, true, true]
        );
        // Parts with nothing of one kind pass it on untouched.
        assert_eq!(absorbs(&[a, &[made(4, 1)], &[key(5, 2)]]), [true, true, false]);
        assert_eq!(absorbs(&[&[], a, &[], &[key(6, 1)]]), [true, true, true, true]);
    }

    #[test]
    fn one_second_over_several_parts_holds_no_more_than_it_can_search() {
        let full: Vec<Key> = (0..MAX_AT_ONE_SECOND as u32).map(|low| key(5, low)).collect();
        let mut whole = RecentIds::default();
        let mut first = RecentIds::default();
        for &k in &full[..MAX_AT_ONE_SECOND - 1] {
            first.insert_key(k);
        }
        assert!(whole.absorb(&first));
        let mut last = RecentIds::default();
        last.insert_key(full[MAX_AT_ONE_SECOND - 1]);
        assert!(whole.absorb(&last));
        let mut one_more = RecentIds::default();
        one_more.insert_key(key(5, 1000));
        assert!(!whole.absorb(&one_more));
    }

    #[test]
    fn a_part_in_order_is_told_apart_from_every_session_of_one_before_it() {
        let mut earlier = SeenIds::default();
        for (second, low) in [(5, 2), (1, 1), (5, 7), (3, 3)] {
            assert!(earlier.insert_key(key(second, low)));
        }
        let later = |keys: &[(u32, u32)]| {
            let mut recent = RecentIds::default();
            for &(second, low) in keys {
                assert_eq!(recent.insert_key(key(second, low)), Some(true));
            }
            recent
        };
        assert!(later(&[(6, 7), (9, 9)]).after(&earlier));
        assert!(later(&[(5, 3), (5, 1), (9, 9)]).after(&earlier));
        assert!(!later(&[(5, 3), (5, 7), (9, 9)]).after(&earlier));
        assert!(!later(&[(4, 100), (9, 9)]).after(&earlier));
        assert!(RecentIds::default().after(&earlier));
        assert!(later(&[(1, 1)]).after(&SeenIds::default()));
    }
}
