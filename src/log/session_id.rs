//! The id of a session, written and read back here so that its format lives in one place:
//! `20261125T103012Z-1a2b3c4d`, the start in UTC to the second, so ids sort by time, then
//! eight hex digits drawn at random, so two sessions started in the same second (in two
//! terminals, or on two machines whose logs are later merged) still get different ids.

use chrono::{DateTime, FixedOffset, Utc};

/// 2000-01-01T00:00:00Z, where the seconds of a packed id count from.
pub(crate) const Y2000: i64 = 946_684_800;

/// A new id for a session that started at `started`.
pub fn new(started: &DateTime<FixedOffset>) -> String {
    from_parts(started, fastrand::u32(..))
}

/// The id of the session that started at `started` with `suffix` for its hex digits.
pub(crate) fn from_parts(started: &DateTime<FixedOffset>, suffix: u32) -> String {
    format!(
        "{}-{suffix:08x}",
        started.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")
    )
}

/// An id knead made as one number: seconds from 2000-01-01 to its start in the high half and
/// its hex digits in the low half, so each such id has one number and each number one id.
/// `None` for an id of any other shape (written by hand or by another tool).
pub(crate) fn pack(id: &str) -> Option<u64> {
    let bytes = id.as_bytes();
    if bytes.len() != 25 || bytes[8] != b'T' || bytes[15] != b'Z' || bytes[16] != b'-' {
        return None;
    }
    let date = eight_digits(bytes[..8].try_into().ok()?)?;
    let [h1, h2, m1, m2, s1, s2] = bytes[9..15].try_into().ok()?;
    let time = eight_digits([b'0', b'0', h1, h2, m1, m2, s1, s2])?;
    let (year, month, day) = (date / 10_000, date / 100 % 100, date % 100);
    let (hour, minute, second) = (time / 10_000, time / 100 % 100, time % 100);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let start = days_from_epoch(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    let seconds = u32::try_from(start - Y2000).ok()?;
    // Lower-case only, as `from_parts` writes them: "ABCDEF01" and "abcdef01" are different ids.
    let suffix = bytes[17..].iter().try_fold(0u32, |n, &b| {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => return None,
        };
        Some(n << 4 | u32::from(digit))
    })?;
    Some(u64::from(seconds) << 32 | u64::from(suffix))
}

/// The number eight ASCII digits spell, or `None` if any is not a digit: all eight at once,
/// as one word, since every id of a long log is read (the usual SWAR way: check that each
/// byte is `0x30..=0x39`, then join neighbouring digits in pairs, pairs in fours, fours in
/// eights).
fn eight_digits(bytes: [u8; 8]) -> Option<u32> {
    const EACH: u64 = u64::from_ne_bytes([1; 8]);
    let word = u64::from_le_bytes(bytes);
    let digits = word.wrapping_sub(EACH * 0x30);
    // Each byte in 0x30..=0x3f, and then at most 9 above 0x30.
    if word & (EACH * 0xf0) != EACH * 0x30 || (digits + EACH * 6) & (EACH * 0xf0) != 0 {
        return None;
    }
    // The first digit is the lowest byte, and the most significant.
    let pairs = (digits * 10 + (digits >> 8)) & 0x00ff_00ff_00ff_00ff;
    let fours = (pairs * 100 + (pairs >> 16)) & 0x0000_ffff_0000_ffff;
    Some(((fours * 10_000 + (fours >> 32)) & 0xffff_ffff) as u32)
}

/// Days from 1970-01-01 to the date, by the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`): every id of a long log is read, and asking chrono for each costs more
/// than the rest of reading it.
fn days_from_epoch(year: u32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = i64::from((153 * ((month + 9) % 12) + 2) / 5 + day - 1);
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_written_packs_back_to_its_start_and_digits() {
        let started = DateTime::parse_from_rfc3339("2026-11-25T11:30:12+01:00").unwrap();
        let id = from_parts(&started, 0x1a2b_3c4d);
        assert_eq!(id, "20261125T103012Z-1a2b3c4d");
        assert_eq!(
            pack(&id),
            Some(((1_795_602_612 - 946_684_800) << 32) | 0x1a2b_3c4d)
        );
        let fresh = new(&started);
        assert!(
            fresh.starts_with("20261125T103012Z-") && pack(&fresh).is_some(),
            "{fresh}"
        );
    }

    use chrono::Datelike;

    #[test]
    fn eight_digits_read_as_a_number_and_anything_else_does_not() {
        for n in [
            0u32, 1, 9, 10, 12_345_678, 20_261_125, 99_999_999, 10_000_000, 7_007_007,
        ] {
            let text = format!("{n:08}");
            assert_eq!(
                eight_digits(text.as_bytes().try_into().unwrap()),
                Some(n),
                "{text}"
            );
            for at in 0..8 {
                for bad in [b'/', b':', b'?', b' ', b'a', 0x80, 0xb0, 0x3a, 0x2f, 0xff] {
                    let mut bytes: [u8; 8] = text.as_bytes().try_into().unwrap();
                    bytes[at] = bad;
                    assert_eq!(eight_digits(bytes), None, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn a_packed_start_is_the_one_chrono_gives_and_impossible_dates_do_not_pack() {
        use chrono::NaiveDate;
        let mut date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        while date.year() < 2136 {
            for time in ["000000", "235959", "120007"] {
                let id = format!("{}T{time}Z-0000abcd", date.format("%Y%m%d"));
                let expected = chrono::NaiveDateTime::parse_from_str(&id[..15], "%Y%m%dT%H%M%S")
                    .unwrap()
                    .and_utc()
                    .timestamp();
                assert_eq!(
                    pack(&id),
                    Some(((expected - Y2000) as u64) << 32 | 0xabcd),
                    "{id}"
                );
            }
            date = date + chrono::Days::new(1);
        }
        for impossible in [
            "20250229T000000Z-00000000",
            "21000229T000000Z-00000000",
            "20260431T000000Z-00000000",
            "20261300T000000Z-00000000",
            "20260100T000000Z-00000000",
            "20260101T240000Z-00000000",
            "20260101T006000Z-00000000",
            "21370101T000000Z-00000000",
        ] {
            assert_eq!(pack(impossible), None, "{impossible}");
        }
        assert!(pack("20240229T000000Z-00000000").is_some() && pack("20000229T000000Z-00000000").is_some());
    }
}
