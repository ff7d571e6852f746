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

#[cfg(test)]
mod tests {
    use super::*;

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
