//! How tense the person felt before and after a session, as the log keeps it.

/// Ratings before and after a session, each 0 to 10 when given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tension {
    pub before: Option<u8>,
    pub after: Option<u8>,
}

/// "Tension 6 → 3 (3 lower)", when both ratings exist.
pub fn change_line(tension: Tension) -> Option<String> {
    let (before, after) = (tension.before?, tension.after?);
    let change = match i16::from(after) - i16::from(before) {
        0 => "no change".to_string(),
        d if d < 0 => format!("{} lower", -d),
        d => format!("{d} higher"),
    };
    Some(format!("Tension: {before} → {after} ({change})"))
}

/// An average change in tension to a tenth, with its sign: "-1.7", "+0.4", and "±0.0" for one
/// that rounds to nothing either way, as the history screen shows it.
pub fn signed_change(change: f64) -> String {
    if (change * 10.0).round() == 0.0 {
        "±0.0".to_string()
    } else {
        format!("{change:+.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_that_rounds_to_nothing_has_no_sign() {
        assert_eq!(signed_change(-0.04), "±0.0");
        assert_eq!(signed_change(0.04), "±0.0");
        assert_eq!(signed_change(-1.66), "-1.7");
        assert_eq!(signed_change(0.4), "+0.4");
    }

    #[test]
    fn the_change_says_which_way() {
        assert_eq!(
            change_line(Tension {
                before: Some(6),
                after: Some(3)
            })
            .unwrap(),
            "Tension: 6 → 3 (3 lower)"
        );
        assert_eq!(
            change_line(Tension {
                before: Some(2),
                after: Some(4)
            })
            .unwrap(),
            "Tension: 2 → 4 (2 higher)"
        );
        assert_eq!(
            change_line(Tension {
                before: Some(5),
                after: Some(5)
            })
            .unwrap(),
            "Tension: 5 → 5 (no change)"
        );
        assert_eq!(
            change_line(Tension {
                before: None,
                after: Some(5)
            }),
            None
        );
    }
}
