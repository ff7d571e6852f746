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

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::{Areas, IN_LINE_AREAS, RecordView, Text};

/// The line read as knead writes it, or `None` when it is written any other way.
pub(super) fn read(line: &str) -> Option<RecordView<'_>> {
    let mut at = Cursor {
        line,
        at: 0,
        date: None,
    };
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
    let list_start = c.at;
    let mut spans = [(0, 0); IN_LINE_AREAS];
    let mut len = 0;
    if !c.eat("]") {
        loop {
            let start = c.at + 1;
            c.text()?;
            let span = (start - list_start, c.at - 1 - list_start);
            *spans.get_mut(len)? = (u16::try_from(span.0).ok()?, u16::try_from(span.1).ok()?);
            len += 1;
            if !c.eat(",") {
                break;
            }
        }
        c.literal("]")?;
    }
    let areas = Areas::InLine {
        list: &line[list_start..c.at],
        spans,
        len: len as u8,
    };
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
    /// The last date read, as the number its digits spell (`yyyymmdd`), and the date.
    date: Option<(u32, NaiveDate)>,
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
        let len = string_length(&self.line.as_bytes()[start..])?;
        self.at += len + 1;
        // Both ends sit on an ASCII quote, so the slice falls on character boundaries.
        Some(Text(Cow::Borrowed(&self.line[start..start + len])))
    }

    /// Digits without a sign, a leading zero, a fraction or an exponent, that fit a `u32`.
    /// A fraction or an exponent is left unread, and the literal after it then gives up.
    fn number(&mut self) -> Option<u32> {
        let rest = self.rest();
        let digit = |at: usize| rest.get(at).map(|b| b.wrapping_sub(b'0')).filter(|&d| d <= 9);
        let mut value = u32::from(digit(0)?);
        let mut len = 1;
        while let Some(next) = digit(len) {
            // Only a number that starts with a zero is still zero here: a leading zero.
            if value == 0 {
                return None;
            }
            value = value.checked_mul(10)?.checked_add(u32::from(next))?;
            len += 1;
        }
        self.at += len;
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
        let text: &[u8; 27] = self.rest().get(..27)?.try_into().ok()?;
        let punctuation = [
            (0, b'"'),
            (5, b'-'),
            (8, b'-'),
            (11, b'T'),
            (14, b':'),
            (17, b':'),
            (23, b':'),
            (26, b'"'),
        ];
        if punctuation.iter().any(|&(at, byte)| text[at] != byte) {
            return None;
        }
        let two = |at: usize| {
            let (tens, ones) = (text[at].wrapping_sub(b'0'), text[at + 1].wrapping_sub(b'0'));
            (tens <= 9 && ones <= 9).then(|| u32::from(tens) * 10 + u32::from(ones))
        };
        let year = two(1)? * 100 + two(3)?;
        let (month, day) = (two(6)?, two(9)?);
        let (hour, minute, second) = (two(12)?, two(15)?, two(18)?);
        let (offset_hours, offset_minutes) = (two(21)?, two(24)?);
        if second > 59 || offset_hours > 23 || offset_minutes > 59 {
            return None;
        }
        let east = (offset_hours * 3600 + offset_minutes * 60) as i32;
        let east = match text[20] {
            b'+' => east,
            b'-' if east != 0 => -east,
            _ => return None,
        };
        // A session's two times nearly always fall on one date: the calendar is asked once.
        let ymd = year * 10_000 + month * 100 + day;
        let date = match self.date {
            Some((known, date)) if known == ymd => date,
            _ => {
                let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
                self.date = Some((ymd, date));
                date
            }
        };
        let offset = FixedOffset::east_opt(east)?;
        let utc = date
            .and_hms_opt(hour, minute, second)?
            .checked_sub_offset(offset)?;
        let time = DateTime::from_naive_utc_and_offset(utc, offset);
        self.at += text.len();
        Some(time)
    }
}

/// The length of the string `bytes` starts with, up to its closing quote; `None` when an
/// escape, a control character or the end of the line comes first. Eight bytes are looked
/// at in one step: a string of the log is mostly ids and names, and this is most of a line.
fn string_length(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // The high bit of each byte below `limit` (at most 0x80). A borrow can mark a byte above
    // one that is truly marked, never one below it, so the lowest mark is exact.
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS;
    let equal = |word: u64, byte: u8| below(word ^ (ONES * u64::from(byte)), 1);
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        let marks = equal(word, b'"') | equal(word, b'\\') | below(word, 0x20);
        if marks != 0 {
            at += (marks.trailing_zeros() / 8) as usize;
            return (bytes[at] == b'"').then_some(at);
        }
        at += 8;
    }
    let rest = chunks.remainder();
    let end = rest.iter().position(|&b| matches!(b, b'"' | b'\\' | 0..=0x1f))?;
    (rest[end] == b'"').then_some(at + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `string_length` must say, a byte at a time.
    fn plainly(bytes: &[u8]) -> Option<usize> {
        let end = bytes.iter().position(|&b| matches!(b, b'"' | b'\\' | 0..=0x1f))?;
        (bytes[end] == b'"').then_some(end)
    }

    #[test]
    fn a_string_ends_at_its_first_quote_and_gives_up_at_an_escape_or_a_control_character() {
        let fillers: [&[u8]; 4] = [b"a", "é".as_bytes(), "✓".as_bytes(), b"\x7f"];
        for filler in fillers {
            for len in 0..40 {
                let text: Vec<u8> = filler.iter().copied().cycle().take(len).collect();
                for end in [b'"', b'\\', b'\n', 0, 0x1f, 0x20] {
                    let mut line = text.clone();
                    line.push(end);
                    line.extend_from_slice(b"\",\"id\":\"x\"");
                    assert_eq!(string_length(&line), plainly(&line), "{line:?}");
                    // And with every earlier byte in turn turned into the end mark.
                    for at in 0..len {
                        let mut marked = line.clone();
                        marked[at] = end;
                        assert_eq!(string_length(&marked), plainly(&marked), "{marked:?}");
                    }
                }
                assert_eq!(string_length(&text), None, "no end: {text:?}");
            }
        }
    }
}
