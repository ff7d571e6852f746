//! How knead words what the log says of a person's tension: the effect figures and the end
//! screen's recap. The log layer (src/log/) gathers plain numbers; every view that speaks of
//! them (the picker, the history screen, the end screen, `knead stats`) phrases them here, so
//! the same routine reads the same everywhere.

use chrono::Month;

use crate::log::Tension;
use crate::log::digest::Recap;
use crate::log::effect::{Effect, FELT_DROP, MIN_RATED, Verdict};
use crate::log::recorder::Recorded;
use crate::log::stats::{HEAT_MAP_WEEKS, HeatMap};
use crate::suggest::ranking::Standing;

/// A change on the 0-10 scale with its sign: "-2.0", "+1.5", "±0.0".
pub fn signed(change: f64) -> String {
    let shown = (change * 10.0).round() / 10.0;
    if shown == 0.0 {
        "±0.0".to_string()
    } else {
        format!("{shown:+.1}")
    }
}

/// "Tension: 6 → 3 (3 lower)", when both ratings exist.
pub fn tension_change(tension: Tension) -> Option<String> {
    let (before, after) = (tension.before?, tension.after?);
    let change = match i16::from(after) - i16::from(before) {
        0 => "no change".to_string(),
        d if d < 0 => format!("{} lower", -d),
        d => format!("{d} higher"),
    };
    Some(format!("Tension: {before} → {after} ({change})"))
}

/// A whole change with its sign: "-3", "+1", "±0".
pub fn signed_whole(change: i8) -> String {
    match change {
        0 => "±0".to_string(),
        c => format!("{c:+}"),
    }
}

/// The figure in a few words, for a list row: "tension ↓2.0 (8 rated)", "3 rated: too few to
/// say", or nothing when no session was rated.
pub fn effect_mark(effect: &Effect) -> Option<String> {
    let rated = effect.rated;
    Some(match (effect.verdict(), effect.median) {
        (_, None) => return None,
        (Verdict::TooFew, _) => format!("{rated} rated: too few to say"),
        (Verdict::Eases, Some(m)) => format!("tension ↓{:.1} ({rated} rated)", m.abs()),
        (Verdict::Raises, Some(m)) => format!("tension ↑{:.1} ({rated} rated)", m.abs()),
        (Verdict::Unclear, Some(_)) => format!("no clear change ({rated} rated)"),
    })
}

/// The figure as a sentence's main clause: "tension down 2.0 (the median over 8 rated
/// sessions)", "no clear change in tension (median -0.5 over 6 rated sessions)", "3 rated: too
/// few to say", or `None` with no rating at all.
pub fn effect_headline(effect: &Effect) -> Option<String> {
    let rated = effect.rated;
    Some(match (effect.verdict(), effect.median) {
        (_, None) => return None,
        (Verdict::TooFew, _) => format!("{rated} rated: too few to say"),
        (Verdict::Eases, Some(m)) => format!(
            "tension down {:.1} (the median over {rated} rated sessions)",
            m.abs()
        ),
        (Verdict::Raises, Some(m)) => format!(
            "tension up {:.1} (the median over {rated} rated sessions)",
            m.abs()
        ),
        (Verdict::Unclear, Some(m)) => {
            format!(
                "no clear change in tension (median {} over {rated} rated sessions)",
                signed(m)
            )
        }
    })
}

/// The spread behind the median: "middle half -3 to -1 · 5 of 8 eased by 2 or more"; `None`
/// until there are enough ratings to speak of one.
pub fn effect_spread(effect: &Effect) -> Option<String> {
    effect.claimed_median()?;
    let (low, high) = effect.middle_half?;
    let middle = if low == high {
        format!("middle half {}", signed_whole(low))
    } else {
        format!("middle half {} to {}", signed_whole(low), signed_whole(high))
    };
    Some(format!(
        "{middle} · {} of {} eased by {FELT_DROP} or more",
        effect.felt_drops, effect.rated
    ))
}

/// How it compares with resting, as said beside the figure: "1.5 more than resting".
pub fn versus_rest(more: f64) -> String {
    let shown = (more.abs() * 10.0).round() / 10.0;
    if shown == 0.0 {
        "the same as resting".to_string()
    } else if more > 0.0 {
        format!("{shown:.1} more than resting")
    } else {
        format!("{shown:.1} less than resting")
    }
}

/// Everything said of an effect in one line, for the details pane and `knead stats`:
/// "tension down 2.0 (the median over 8 rated sessions); middle half -3 to -1 · 5 of 8 eased
/// by 2 or more; 1.5 more than resting".
pub fn effect_line(effect: &Effect, more_than_rest: Option<f64>) -> Option<String> {
    let mut line = effect_headline(effect)?;
    if let Some(spread) = effect_spread(effect) {
        line = format!("{line}; {spread}");
    }
    if let Some(more) = more_than_rest {
        line = format!("{line}; {}", versus_rest(more));
    }
    Some(line)
}

/// What the end screen says once the session is recorded: the change in tension, then the
/// routine's figures and the streak, or that nothing was recorded.
pub fn end_screen(tension: Tension, recorded: &Recorded) -> Vec<String> {
    let mut lines: Vec<String> = tension_change(tension).into_iter().collect();
    match recorded {
        Recorded::NothingDone => lines.push("Nothing was recorded: no step was done.".to_string()),
        Recorded::Saved(Some(recap)) => lines.extend(recap_lines(recap)),
        Recorded::Saved(None) => {}
    }
    lines
}

/// The end screen's lines: "5th time; tension down 2.0 (the median over 5 rated sessions),
/// 1.5 more than resting.", then the streak.
pub fn recap_lines(recap: &Recap) -> Vec<String> {
    let chain = recap.routines.len() > 1;
    let mut lines: Vec<String> = recap
        .ended_early
        .then(|| "Ended early, so it counts in none of your figures.".to_string())
        .into_iter()
        .collect();
    lines.extend(recap.routines.iter().map(|r| {
        let time = format!("{} time", ordinal(r.nth));
        let rated = r.effect.rated;
        let line = match effect_headline(&r.effect) {
            None => format!("{time}."),
            Some(_) if rated < MIN_RATED => match MIN_RATED - rated {
                1 => format!("{time}; 1 more rated session shows what it does for your tension."),
                n => format!("{time}; {n} more rated sessions show what it does for your tension."),
            },
            Some(headline) => match r.versus_rest {
                Some(more) => format!("{time}; {headline}, {}.", versus_rest(more)),
                None => format!("{time}; {headline}."),
            },
        };
        if chain { format!("{}: {line}", r.id) } else { line }
    }));
    match recap.streak_days {
        0 => {}
        1 => lines.push("Streak: 1 day.".to_string()),
        n => lines.push(format!("Streak: {n} days in a row.")),
    }
    lines
}

/// Why a routine is suggested, in one short phrase: "eased your tension by 2.0 over 10
/// sessions" (rated ones), "not done for 9 days", "a 3-minute start". The picker's Suggested row and the
/// composer give the same reasons, since they come from the same ranking.
pub fn suggestion_reason(standing: &Standing, routine_seconds: u32) -> String {
    if let (true, Some(median)) = (standing.eases(), standing.effect.median) {
        return format!(
            "eased your tension by {:.1} over {} sessions",
            median.abs(),
            standing.effect.rated
        );
    }
    match standing.days_since {
        None => {
            let minutes = routine_seconds.div_ceil(60).max(1);
            // "an 8-minute start", "an 11-minute start": the article goes by the sound.
            let spoken = minutes.to_string();
            let article = if spoken.starts_with('8')
                || minutes == 11
                || minutes == 18
                || (11_000..19_000).contains(&minutes)
            {
                "an"
            } else {
                "a"
            };
            format!("{article} {minutes}-minute start")
        }
        Some(0) => "done today".to_string(),
        Some(1) => "done yesterday".to_string(),
        Some(n) => format!("not done for {n} days"),
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "112th".
pub fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "1 day", "3 days": a streak's length.
pub fn days(n: u32) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// The calendar's characters by level: none, then the four quartiles. Every view draws the
/// levels with these, so the map reads the same without colour everywhere.
pub const HEAT_MAP_CELLS: [char; 5] = ['·', '░', '▒', '▓', '█'];

/// The calendar's row labels, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The character of a calendar level.
pub fn heat_cell(level: u8) -> char {
    HEAT_MAP_CELLS[usize::from(level).min(HEAT_MAP_CELLS.len() - 1)]
}

/// "Sep", "Oct": a month as the calendar names it.
pub fn month_abbreviation(month: Month) -> &'static str {
    &month.name()[..3]
}

/// The month names over the calendar's columns, where each month begins: a column is a
/// weekday label's four characters, then two a week.
pub fn month_header(map: &HeatMap) -> String {
    let mut line = vec![' '; 4 + 2 * HEAT_MAP_WEEKS];
    let mut free_from = 0;
    for (week, month) in map.month_starts().into_iter().enumerate() {
        let Some(name) = month.map(month_abbreviation) else {
            continue;
        };
        let at = 4 + 2 * week;
        if at >= free_from && at + name.len() <= line.len() {
            line.splice(at..at + name.len(), name.chars());
            free_from = at + name.len() + 1;
        }
    }
    line.into_iter().collect::<String>().trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::effect::Ratings;

    fn effect(pairs: &[(u8, u8)]) -> Effect {
        Ratings::of(pairs).effect()
    }

    #[test]
    fn a_change_that_rounds_to_nothing_has_no_sign() {
        assert_eq!(signed(-0.04), "±0.0");
        assert_eq!(signed(0.04), "±0.0");
        assert_eq!(signed(-1.66), "-1.7");
        assert_eq!(signed(0.4), "+0.4");
    }

    #[test]
    fn the_change_says_which_way() {
        assert_eq!(
            tension_change(Tension {
                before: Some(6),
                after: Some(3)
            })
            .unwrap(),
            "Tension: 6 → 3 (3 lower)"
        );
        assert_eq!(
            tension_change(Tension {
                before: Some(2),
                after: Some(4)
            })
            .unwrap(),
            "Tension: 2 → 4 (2 higher)"
        );
        assert_eq!(
            tension_change(Tension {
                before: Some(5),
                after: Some(5)
            })
            .unwrap(),
            "Tension: 5 → 5 (no change)"
        );
        assert_eq!(
            tension_change(Tension {
                before: None,
                after: Some(5)
            }),
            None
        );
    }

    #[test]
    fn ordinals() {
        let shown: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112]
            .map(ordinal)
            .to_vec();
        assert_eq!(
            shown,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th", "112th"
            ]
        );
    }

    #[test]
    fn too_few_ratings_claim_nothing() {
        let e = effect(&[(8, 2), (8, 2), (8, 2)]);
        assert_eq!(effect_mark(&e).unwrap(), "3 rated: too few to say");
        assert_eq!(
            effect_line(&e, Some(2.0)).unwrap(),
            "3 rated: too few to say; 2.0 more than resting"
        );
        assert_eq!(effect_spread(&e), None);
        assert_eq!(effect_mark(&effect(&[])), None);
    }

    #[test]
    fn the_figure_with_its_spread_and_resting() {
        let e = effect(&[(8, 4), (6, 3), (5, 3), (3, 2), (2, 2)]);
        assert_eq!(effect_mark(&e).unwrap(), "tension ↓2.0 (5 rated)");
        assert_eq!(
            effect_line(&e, Some(1.5)).unwrap(),
            "tension down 2.0 (the median over 5 rated sessions); middle half -3 to -1 · 3 of 5 eased by 2 or more; 1.5 more than resting"
        );
        let flat = effect(&[(5, 5), (5, 5), (5, 4), (5, 4), (5, 4), (5, 5)]);
        assert_eq!(effect_mark(&flat).unwrap(), "no clear change (6 rated)");
        assert_eq!(
            effect_headline(&flat).unwrap(),
            "no clear change in tension (median -0.5 over 6 rated sessions)"
        );
        assert_eq!(versus_rest(-0.5), "0.5 less than resting");
        assert_eq!(versus_rest(0.01), "the same as resting");
    }
}
