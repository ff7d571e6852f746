//! Session time. Every moment comes from one injected clock, so the session itself never
//! reads a clock and tests drive time by hand.

use std::ops::{Add, AddAssign};
use std::time::Duration;

use chrono::{DateTime, Local, TimeDelta};

/// Time since an arbitrary origin (on Linux, the boot). Only differences between moments
/// from the same clock mean anything; [`Clock::wall`] turns one into a date for the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(pub Duration);

impl Moment {
    pub const ZERO: Moment = Moment(Duration::ZERO);

    /// How long after `earlier` this moment is; zero if it is not after it.
    pub fn saturating_since(self, earlier: Moment) -> Duration {
        self.0.saturating_sub(earlier.0)
    }
}

/// Saturates instead of overflowing: the state machine must not panic on absurd input.
impl Add<Duration> for Moment {
    type Output = Moment;
    fn add(self, rhs: Duration) -> Moment {
        Moment(self.0.saturating_add(rhs))
    }
}

impl AddAssign<Duration> for Moment {
    fn add_assign(&mut self, rhs: Duration) {
        *self = *self + rhs;
    }
}

pub trait Clock {
    fn now(&self) -> Moment;
    /// The local date and time of `at`, for logs and "started at 21:40".
    fn wall(&self, at: Moment) -> DateTime<Local>;
}

/// The real clock. On Linux it is CLOCK_BOOTTIME, which keeps counting while the machine is
/// suspended: a session that spans a sleep must see the gap to pause for it. Elsewhere it
/// falls back to `Instant`, which on some systems stops during sleep (then the gap is
/// simply not seen).
#[derive(Clone, Debug)]
pub struct SystemClock {
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    origin: std::time::Instant,
}

impl SystemClock {
    pub fn new() -> SystemClock {
        SystemClock {
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            origin: std::time::Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn now(&self) -> Moment {
        let since_boot = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
        Moment(Duration::try_from(since_boot).unwrap_or_default())
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    fn now(&self) -> Moment {
        Moment(self.origin.elapsed())
    }

    fn wall(&self, at: Moment) -> DateTime<Local> {
        let wall_now = Local::now();
        let now = self.now();
        // Two readings of one clock are never centuries apart, so the fallbacks (keep the
        // current time) are for impossible values, not a silent loss of precision.
        if now >= at {
            TimeDelta::from_std(now.saturating_since(at))
                .ok()
                .and_then(|back| wall_now.checked_sub_signed(back))
                .unwrap_or(wall_now)
        } else {
            TimeDelta::from_std(at.saturating_since(now))
                .ok()
                .and_then(|ahead| wall_now.checked_add_signed(ahead))
                .unwrap_or(wall_now)
        }
    }
}

/// A clock moved by hand, for tests. `wall` maps `Moment::ZERO` to a fixed local date so
/// that anything printed from it is reproducible. Not part of the program: only tests and the
/// benchmarks (the `test-support` feature) see it.
#[cfg(any(test, feature = "test-support"))]
#[derive(Clone, Debug)]
pub struct ManualClock {
    now: std::cell::Cell<Moment>,
    wall_at_zero: DateTime<Local>,
}

#[cfg(any(test, feature = "test-support"))]
impl ManualClock {
    /// Starts at `Moment::ZERO`, which is Monday 2025-01-06 08:00 local time.
    pub fn new() -> ManualClock {
        let monday_morning = chrono::NaiveDate::from_ymd_opt(2025, 1, 6)
            .and_then(|day| day.and_hms_opt(8, 0, 0))
            .and_then(|time| time.and_local_timezone(Local).earliest())
            .unwrap_or_default();
        ManualClock::with_wall(monday_morning)
    }

    pub fn with_wall(wall_at_zero: DateTime<Local>) -> ManualClock {
        ManualClock {
            now: std::cell::Cell::new(Moment::ZERO),
            wall_at_zero,
        }
    }

    pub fn advance(&self, by: Duration) {
        self.now.set(self.now.get() + by);
    }

    pub fn set(&self, to: Moment) {
        self.now.set(to);
    }
}

#[cfg(any(test, feature = "test-support"))]
impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}

#[cfg(any(test, feature = "test-support"))]
impl Clock for ManualClock {
    fn now(&self) -> Moment {
        self.now.get()
    }

    fn wall(&self, at: Moment) -> DateTime<Local> {
        TimeDelta::from_std(at.0)
            .ok()
            .and_then(|offset| self.wall_at_zero.checked_add_signed(offset))
            .unwrap_or(self.wall_at_zero)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_add_and_subtract_without_panicking() {
        let a = Moment(Duration::from_secs(10));
        let b = a + Duration::from_millis(1500);
        assert_eq!(b.saturating_since(a), Duration::from_millis(1500));
        assert_eq!(a.saturating_since(b), Duration::ZERO);
        assert_eq!(
            Moment(Duration::MAX) + Duration::from_secs(1),
            Moment(Duration::MAX)
        );
        let mut c = a;
        c += Duration::from_secs(5);
        assert_eq!(c, Moment(Duration::from_secs(15)));
        assert!(a < b);
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new();
        assert_eq!(clock.now(), Moment::ZERO);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), Moment(Duration::from_secs(90)));
        let zero = clock.wall(Moment::ZERO);
        assert_eq!(clock.wall(clock.now()) - zero, TimeDelta::seconds(90));
        clock.set(Moment(Duration::from_secs(3)));
        assert_eq!(clock.now(), Moment(Duration::from_secs(3)));
    }

    #[test]
    fn system_clock_is_monotonic_and_maps_to_the_present() {
        let clock = SystemClock::new();
        let a = clock.now();
        let b = clock.now();
        assert!(b >= a);
        let wall = clock.wall(b);
        let drift = (Local::now() - wall).num_seconds().abs();
        assert!(drift <= 2, "wall time off by {drift} s");
        let earlier = clock.wall(Moment(b.0.saturating_sub(Duration::from_secs(60))));
        let minute = (wall - earlier).num_seconds();
        assert!((59..=61).contains(&minute), "{minute}");
    }
}
