//! The local day of each session, worked out once per hour of the log rather than once per
//! session: asking the system zone (`chrono::Local`) for an offset reads the clock and
//! searches the zone's transitions, and a pass over a long log did that a million times.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeZone};
use foldhash::fast::FixedState;

use super::local_day;

/// The local days of moments in one zone, with the zone's offset remembered per UTC hour.
/// An hour whose offset is the same at its first and its last second is taken to keep it
/// throughout (no zone changes its offset twice within an hour); an hour with a change in it
/// is asked about moment by moment. What is kept grows with the hours the log spans, never
/// with its sessions.
pub(crate) struct LocalDays<Tz: TimeZone> {
    tz: Tz,
    /// Seconds east of UTC in each hour met, `None` for an hour in which it changes.
    offsets: HashMap<i64, Option<i32>, FixedState>,
    /// The last hour asked about and its offset: a log in time order asks about the same
    /// hour many times in a row.
    last: Option<(i64, Option<i32>)>,
    /// The last local day met, as days from 1970-01-01, and the day.
    last_day: Option<(i64, NaiveDate)>,
}

impl<Tz: TimeZone> LocalDays<Tz> {
    pub(crate) fn new(tz: Tz) -> Self {
        LocalDays {
            tz,
            offsets: HashMap::default(),
            last: None,
            last_day: None,
        }
    }

    /// The local day `time` falls on: what [`local_day`] says.
    pub(crate) fn of(&mut self, time: &DateTime<FixedOffset>) -> NaiveDate {
        let seconds = time.timestamp();
        let hour = seconds.div_euclid(3600);
        let tz = &self.tz;
        let offset = match self.last {
            Some((last, offset)) if last == hour => offset,
            _ => *self.offsets.entry(hour).or_insert_with(|| {
                let east = |at: i64| {
                    let at = DateTime::from_timestamp(at, 0)?.naive_utc();
                    Some(tz.offset_from_utc_datetime(&at).fix().local_minus_utc())
                };
                let first = east(hour * 3600)?;
                (east(hour * 3600 + 3599)? == first).then_some(first)
            }),
        };
        self.last = Some((hour, offset));
        let Some(east) = offset else {
            return local_day(time, tz);
        };
        // Sessions in a row mostly fall on one local day: the calendar is asked once for it.
        let local_day_number = (seconds + i64::from(east)).div_euclid(86_400);
        if let Some((number, day)) = self.last_day
            && number == local_day_number
        {
            return day;
        }
        let day = DateTime::from_timestamp(local_day_number * 86_400, 0)
            .map(|midnight| midnight.date_naive())
            .unwrap_or_else(|| local_day(time, tz));
        self.last_day = Some((local_day_number, day));
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Local, MappedLocalTime, NaiveDateTime, Utc};

    /// +05:30, then -03:15 from a moment twenty minutes and seven seconds past an hour: a
    /// change in the middle of an hour, across midnight both ways.
    #[derive(Clone, Copy, Debug)]
    struct Shifting;

    impl Shifting {
        fn switch() -> NaiveDateTime {
            Utc.with_ymd_and_hms(2026, 3, 29, 20, 20, 7).unwrap().naive_utc()
        }
    }

    impl TimeZone for Shifting {
        type Offset = FixedOffset;
        fn from_offset(_: &FixedOffset) -> Self {
            Shifting
        }
        fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
            self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
        }
        fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<FixedOffset> {
            MappedLocalTime::Single(self.offset_from_utc_datetime(local))
        }
        fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
            self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
        }
        fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
            let east = if *utc >= Shifting::switch() {
                -(3 * 3600 + 15 * 60)
            } else {
                5 * 3600 + 30 * 60
            };
            FixedOffset::east_opt(east).unwrap()
        }
    }

    #[test]
    fn every_moment_gets_the_day_its_zone_gives_it_even_in_an_hour_that_changes() {
        let switch = Shifting::switch().and_utc().fixed_offset();
        let mut days = LocalDays::new(Shifting);
        // Every 13 seconds from two days before the change to two days after.
        for step in -(2 * 86_400 / 13)..2 * 86_400 / 13 {
            let at = switch + Duration::seconds(step * 13);
            assert_eq!(days.of(&at), local_day(&at, &Shifting), "{at}");
        }
    }

    #[test]
    fn the_system_zone_gives_the_same_days_as_asked_each_time() {
        let mut days = LocalDays::new(Local);
        let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap().fixed_offset();
        for step in 0..2 * 365 * 24 * 4 {
            let at = start + Duration::seconds(step * 907);
            assert_eq!(days.of(&at), local_day(&at, &Local), "{at}");
        }
    }
}
