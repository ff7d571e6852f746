//! What the tension ratings of one routine (or one area) say, and no more than they can.
//!
//! Every view that speaks of a routine's effect (the picker's marks and details, the history
//! screen, the end screen, `knead stats`) reads the one [`Effect`] computed here, so the same
//! routine shows the same figure everywhere. Only completed sessions rated both before and
//! after count.
//!
//! Two published facts shape it. On a 0-10 scale a change of about 2 points is the smallest
//! that people feel as real (Farrar et al., 2001), so [`FELT_DROP`] counts the sessions that
//! eased by that much. And a change tracks where it started (a rating of 9 has room to fall
//! that a rating of 3 has not, and a high rating tends to be lower next time whatever was
//! done), so the changes are also kept by starting level ([`StartLevel`]) and the middle of
//! the changes is used rather than their mean, which one odd session can drag.

/// Below this many rated sessions nothing is claimed.
pub const MIN_RATED: u64 = 5;

/// A drop of this many points or more on the 0-10 scale is one people feel as real.
pub const FELT_DROP: i8 = 2;

/// A routine is said to ease this person only when its median change is at least this far
/// below zero (over at least [`MIN_RATED`] sessions).
pub const EASES_BY: f64 = 1.0;

/// Changes run from -10 to +10.
const CHANGES: usize = 21;

/// The rating before a session, in three bands: the changes are read against where they began.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StartLevel {
    /// 0 to 4.
    Low,
    /// 5 to 7.
    Middle,
    /// 8 to 10.
    High,
}

impl StartLevel {
    pub const ALL: [StartLevel; 3] = [StartLevel::Low, StartLevel::Middle, StartLevel::High];

    pub fn of(before: u8) -> StartLevel {
        match before {
            0..=4 => StartLevel::Low,
            5..=7 => StartLevel::Middle,
            _ => StartLevel::High,
        }
    }

    /// The ratings the band holds, as a reader sees them: "0-4".
    pub fn range(self) -> &'static str {
        match self {
            StartLevel::Low => "0-4",
            StartLevel::Middle => "5-7",
            StartLevel::High => "8-10",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Every rated session's change, counted by its size and starting level: enough for medians,
/// quartiles and counts without keeping one number per session, so its size never grows with
/// the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratings {
    counts: [[u32; CHANGES]; 3],
}

impl Ratings {
    /// Counts one session rated `before` and `after` (each 0 to 10; larger values are clamped,
    /// though the log's validation never lets them through).
    pub fn add(&mut self, before: u8, after: u8) {
        let (before, after) = (before.min(10), after.min(10));
        let change = i16::from(after) - i16::from(before);
        let slot = &mut self.counts[StartLevel::of(before).index()][(change + 10) as usize];
        *slot = slot.saturating_add(1);
    }

    pub fn merge(&mut self, other: &Ratings) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a = a.saturating_add(*b);
            }
        }
    }

    pub fn rated(&self) -> u64 {
        self.counts.iter().flatten().map(|&n| u64::from(n)).sum()
    }

    /// What all the rated sessions say.
    pub fn effect(&self) -> Effect {
        let mut all = [0u32; CHANGES];
        for band in &self.counts {
            for (a, b) in all.iter_mut().zip(band) {
                *a = a.saturating_add(*b);
            }
        }
        Effect::from_counts(&all)
    }

    /// What the sessions that began at `level` say.
    pub fn effect_from(&self, level: StartLevel) -> Effect {
        Effect::from_counts(&self.counts[level.index()])
    }
}

impl FromIterator<(u8, u8)> for Ratings {
    /// Counts sessions given as (before, after) ratings.
    fn from_iter<I: IntoIterator<Item = (u8, u8)>>(pairs: I) -> Self {
        let mut ratings = Ratings::default();
        for (before, after) in pairs {
            ratings.add(before, after);
        }
        ratings
    }
}

/// The figures of a set of rated sessions: how many, their median change, the middle half of
/// the changes, and how many eased by a felt amount. Changes are after minus before: negative
/// is less tense after.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Effect {
    pub rated: u64,
    /// `None` when nothing was rated.
    pub median: Option<f64>,
    /// The lower and upper quartile of the changes: half of the sessions fall between.
    pub middle_half: Option<(i8, i8)>,
    /// Sessions whose tension dropped by [`FELT_DROP`] points or more.
    pub felt_drops: u64,
}

/// What may honestly be said of an [`Effect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Fewer than [`MIN_RATED`] rated sessions.
    TooFew,
    /// The median dropped by at least [`EASES_BY`].
    Eases,
    /// The median rose by at least [`EASES_BY`].
    Raises,
    /// Enough ratings, no change either way worth naming.
    Unclear,
}

impl Effect {
    fn from_counts(counts: &[u32; CHANGES]) -> Effect {
        let rated: u64 = counts.iter().map(|&n| u64::from(n)).sum();
        // The change at 0-based rank `k` in sorted order.
        let at = |k: u64| -> i8 {
            let mut seen = 0u64;
            for (i, &n) in counts.iter().enumerate() {
                seen += u64::from(n);
                if seen > k {
                    return i as i8 - 10;
                }
            }
            10
        };
        let felt_drops = counts[..=(10 - FELT_DROP) as usize]
            .iter()
            .map(|&n| u64::from(n))
            .sum();
        if rated == 0 {
            return Effect {
                rated,
                median: None,
                middle_half: None,
                felt_drops,
            };
        }
        let median = if rated % 2 == 1 {
            f64::from(at(rated / 2))
        } else {
            (f64::from(at(rated / 2 - 1)) + f64::from(at(rated / 2))) / 2.0
        };
        // Nearest-rank quartiles: each is a change some session really had.
        let rank = |q: u64| (q * rated).div_ceil(4).max(1) - 1;
        Effect {
            rated,
            median: Some(median),
            middle_half: Some((at(rank(1)), at(rank(3)))),
            felt_drops,
        }
    }

    /// The median, once there are enough ratings to say anything.
    pub fn claimed_median(&self) -> Option<f64> {
        self.median.filter(|_| self.rated >= MIN_RATED)
    }

    pub fn verdict(&self) -> Verdict {
        match self.claimed_median() {
            None => Verdict::TooFew,
            Some(m) if m <= -EASES_BY => Verdict::Eases,
            Some(m) if m >= EASES_BY => Verdict::Raises,
            Some(_) => Verdict::Unclear,
        }
    }

    /// How much more (positive) or less this eased than `rest` did, in points of median drop,
    /// when both rest on enough ratings.
    pub fn more_than(&self, rest: &Effect) -> Option<f64> {
        Some(rest.claimed_median()? - self.claimed_median()?)
    }
}

#[cfg(test)]
impl Ratings {
    /// The ratings of sessions rated `(before, after)`.
    pub(crate) fn of(pairs: &[(u8, u8)]) -> Ratings {
        let mut r = Ratings::default();
        for &(before, after) in pairs {
            r.add(before, after);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratings(pairs: &[(u8, u8)]) -> Ratings {
        Ratings::of(pairs)
    }

    #[test]
    fn the_median_and_middle_half_of_the_changes() {
        // Changes: -4, -3, -2, -1, 0
        let e = ratings(&[(8, 4), (6, 3), (5, 3), (3, 2), (2, 2)]).effect();
        assert_eq!(e.rated, 5);
        assert_eq!(e.median, Some(-2.0));
        assert_eq!(e.middle_half, Some((-3, -1)));
        assert_eq!(e.felt_drops, 3);
        assert_eq!(e.verdict(), Verdict::Eases);
        // An even count takes the middle two.
        let e = ratings(&[(5, 4), (5, 3), (5, 5), (5, 5)]).effect();
        assert_eq!(e.median, Some(-0.5));
    }

    #[test]
    fn one_odd_session_does_not_carry_the_median() {
        let e = ratings(&[(10, 0), (5, 5), (5, 5), (5, 5), (5, 4)]).effect();
        assert_eq!(e.median, Some(0.0));
        assert_eq!(e.verdict(), Verdict::Unclear);
    }

    #[test]
    fn nothing_is_claimed_under_five_rated_sessions() {
        let e = ratings(&[(8, 2), (8, 2), (8, 2), (8, 2)]).effect();
        assert_eq!(e.median, Some(-6.0));
        assert_eq!(e.claimed_median(), None);
        assert_eq!(e.verdict(), Verdict::TooFew);
        let e = ratings(&[(8, 2); 5]).effect();
        assert_eq!(e.verdict(), Verdict::Eases);
    }

    #[test]
    fn eases_only_from_a_median_drop_of_a_whole_point() {
        let half = ratings(&[(5, 5), (5, 5), (5, 4), (5, 4), (5, 4), (5, 5)]).effect();
        assert_eq!(half.median, Some(-0.5));
        assert_eq!(half.verdict(), Verdict::Unclear);
        let worse = ratings(&[(2, 4); 5]).effect();
        assert_eq!(worse.verdict(), Verdict::Raises);
    }

    #[test]
    fn changes_are_split_by_where_they_began() {
        let r = ratings(&[(9, 4), (8, 5), (6, 5), (2, 2), (0, 1)]);
        assert_eq!(r.effect_from(StartLevel::High).median, Some(-4.0));
        assert_eq!(r.effect_from(StartLevel::Middle).median, Some(-1.0));
        assert_eq!(r.effect_from(StartLevel::Low).median, Some(0.5));
        assert_eq!(r.effect().rated, 5);
    }

    #[test]
    fn merging_two_halves_is_counting_them_together() {
        let mut a = ratings(&[(8, 4), (6, 3)]);
        a.merge(&ratings(&[(5, 3), (3, 2), (2, 2)]));
        assert_eq!(a, ratings(&[(8, 4), (6, 3), (5, 3), (3, 2), (2, 2)]));
    }

    #[test]
    fn compared_with_resting_only_when_both_have_enough() {
        let routine = ratings(&[(7, 4); 5]).effect();
        let rest = ratings(&[(6, 5), (6, 5), (6, 4), (6, 5), (6, 5)]).effect();
        assert_eq!(routine.more_than(&rest), Some(2.0));
        let little_rest = ratings(&[(6, 5); 4]).effect();
        assert_eq!(routine.more_than(&little_rest), None);
    }
}
