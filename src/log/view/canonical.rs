//! The line knead itself writes, read by hand: the keys in the order [`Record::to_json_line`]
//! writes them, no white space, strings without an escape or a control character, plain
//! whole numbers, and times to the second in the one shape `format_time` gives them
//! (`2026-11-25T11:30:12+01:00`). Nearly every line of a long log is one, and reading it this
//! way spares the general JSON parser and chrono's RFC 3339 parser, most of a pass's time.
//!
//! It never refuses a line: at the first thing it does not expect it gives up, and the line
//! is read by serde as before, so every line is accepted or refused exactly as it was, with
//! the same words. What it accepts it reads into the very [`RecordView`] serde would (the
//! tests in `view.rs` hold it to that, line by line and under many mutations).
//!
//! [`Record::to_json_line`]: crate::log::Record::to_json_line

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use super::{RecordView, Text};

/// The line read as knead writes it, or `None` when it is written any other way.
pub(super) fn read(line: &str) -> Option<RecordView<'_>> {
    let mut at = Cursor { line, at: 0 };
    let c = &mut at;
    c.literal("{\"v\":")?;
    let v = c.number()?;
    c.literal(",\"id\":")?;
    let id = c.text()?;
    c.literal(",\"routine\":")?;
    let routine = c.text()?;
    c.literal(",\"name\":")?;
    let name = c.text()?;
    c.literal(",\"areas\":[")?;
    let mut areas = Vec::new();
    if !c.eat("]") {
        areas.push(c.text()?);
        while c.eat(",") {
            areas.push(c.text()?);
        }
        c.literal("]")?;
    }
    c.literal(",\"started\":")?;
    let started = c.time()?;
    c.literal(",\"ended\":")?;
    let ended = c.time()?;
    c.literal(",\"planned_s\":")?;
    let planned_s = c.number()?;
    c.literal(",\"active_s\":")?;
    let active_s = c.number()?;
    c.literal(",\"steps_done\":")?;
    let steps_done = c.number()?;
    c.literal(",\"steps_total\":")?;
    let steps_total = c.number()?;
    let passes_done = c.optional(",\"passes_done\":", Cursor::number)?;
    let passes_skipped = c.optional(",\"passes_skipped\":", Cursor::number)?;
    c.literal(",\"completed\":")?;
    let completed = c.bool()?;
    let tension_before = c.optional(",\"tension_before\":", Cursor::small_number)?;
    let tension_after = c.optional(",\"tension_after\":", Cursor::small_number)?;
    let note = c.optional(",\"note\":", Cursor::text)?;
    c.literal("}")?;
    // Not even white space after the object: the line must end where knead ends it.
    if c.at != line.len() {
        return None;
    }
    Some(RecordView {
        v,
        id,
        routine,
        name,
        areas,
        started,
        ended,
        planned_s,
        active_s,
        steps_done,
        steps_total,
        passes_done,
        passes_skipped,
        completed,
        tension_before,
        tension_after,
        note,
    })
}

/// Where the reading has got to in the line.
struct Cursor<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a [u8] {
        &self.line.as_bytes()[self.at..]
    }

    /// Steps over `expected` if the line goes on with it. Inlined so that each key is
    /// compared as the constant it is, not through a call to `memcmp`.
    #[inline(always)]
    fn eat(&mut self, expected: &str) -> bool {
        let found = self.rest().starts_with(expected.as_bytes());
        if found {
            self.at += expected.len();
        }
        found
    }

    #[inline(always)]
    fn literal(&mut self, expected: &str) -> Option<()> {
        self.eat(expected).then_some(())
    }

    /// A field knead leaves out when it has no value: absent is `Some(None)`, present but not
    /// in knead's own shape (`null` among others) gives up on the line.
    #[inline(always)]
    fn optional<T>(&mut self, key: &str, value: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.eat(key) {
            value(self).map(Some)
        } else {
            Some(None)
        }
    }

    /// A string with neither an escape nor a control character: borrowed as it lies, as
    /// serde borrows it. Anything else (which serde unescapes, or refuses) gives up.
    fn text(&mut self) -> Option<Text<'a>> {
        self.literal("\"")?;
        let start = self.at;
        let bytes = self.line.as_bytes();
        loop {
            match *bytes.get(self.at)? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => self.at += 1,
            }
        }
        // Both ends sit on an ASCII quote, so the slice falls on character boundaries.
        let text = &self.line[start..self.at];
        self.at += 1;
        Some(Text(Cow::Borrowed(text)))
    }

    /// Digits without a sign, a leading zero, a fraction or an exponent, that fit a `u32`.
    /// A fraction or an exponent is left unread, and the literal after it then gives up.
    fn number(&mut self) -> Option<u32> {
        let digits = self.rest().iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || (digits > 1 && self.rest()[0] == b'0') {
            return None;
        }
        let mut value: u32 = 0;
        for &digit in &self.rest()[..digits] {
            value = value.checked_mul(10)?.checked_add(u32::from(digit - b'0'))?;
        }
        self.at += digits;
        Some(value)
    }

    /// A number that fits a `u8`, as the tensions are stored.
    fn small_number(&mut self) -> Option<u8> {
        u8::try_from(self.number()?).ok()
    }

    fn bool(&mut self) -> Option<bool> {
        if self.eat("true") {
            Some(true)
        } else if self.eat("false") {
            Some(false)
        } else {
            None
        }
    }

    /// A time exactly as `format_time` writes one to the second: `YYYY-MM-DDTHH:MM:SS±HH:MM`.
    /// A fraction, a `Z`, a leap second or `-00:00` gives up, and chrono reads it instead.
    fn time(&mut self) -> Option<DateTime<FixedOffset>> {
        const SHAPE: &[u8; 27] = b"\"dddd-dd-ddTdd:dd:dds00:00\"";
        let text = self.rest().get(..SHAPE.len())?;
        for (&byte, &shape) in text.iter().zip(SHAPE) {
            let fits = match shape {
                b'd' | b'0' => byte.is_ascii_digit(),
                b's' => byte == b'+' || byte == b'-',
                _ => byte == shape,
            };
            if !fits {
                return None;
            }
        }
        let n = |from: usize, len: usize| {
            text[from..from + len]
                .iter()
                .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'))
        };
        let (hour, minute, second) = (n(12, 2), n(15, 2), n(18, 2));
        let (offset_hours, offset_minutes) = (n(21, 2), n(24, 2));
        if second > 59 || offset_hours > 23 || offset_minutes > 59 {
            return None;
        }
        let east = (offset_hours * 3600 + offset_minutes * 60) as i32;
        let east = match text[20] {
            b'+' => east,
            _ if east == 0 => return None,
            _ => -east,
        };
        let local =
            NaiveDate::from_ymd_opt(n(1, 4) as i32, n(6, 2), n(9, 2))?.and_hms_opt(hour, minute, second)?;
        let time = FixedOffset::east_opt(east)?
            .from_local_datetime(&local)
            .single()?;
        self.at += SHAPE.len();
        Some(time)
    }
}
