//! The id of a session, written and read back here so that its format lives in one place:
//! `20261125T103012Z-1a2b3c4d`, the start in UTC to the second, so ids sort by time, then
//! eight hex digits drawn at random, so two sessions started in the same second (in two
//! terminals, or on two machines whose logs are later merged) still get different ids.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

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
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let start = NaiveDate::from_ymd_opt(number(0..4)? as i32, number(4..6)?, number(6..8)?)?
        .and_hms_opt(number(9..11)?, number(11..13)?, number(13..15)?)?
        .and_utc()
        .timestamp();

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
}
