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

    /// The same, for sessions read after all of `earlier`'s (a part read out of order).
    pub(crate) fn after(&self, earlier: &SeenIds) -> bool {
        let (made, other) = earlier.latest_seconds();
        self.made.after(made, |key| earlier.contains_key(Key::Made(key)))
            && self
                .other
                .after(other, |key| earlier.contains_key(Key::Other(key)))
    }
}

#[derive(Debug, Default)]
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
