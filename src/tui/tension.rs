//! The answer to "How tense do you feel? 0-10", typed as one or two digits.

/// Ratings before and after a session, each 0 to 10 when given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tension {
    pub before: Option<u8>,
    pub after: Option<u8>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TensionInput {
    typed: String,
}

impl TensionInput {
    /// Takes a typed digit if the number stays within 0 to 10; returns whether it did.
    pub fn push(&mut self, c: char) -> bool {
        if !c.is_ascii_digit() {
            return false;
        }
        let candidate = format!("{}{c}", self.typed);
        match candidate.parse::<u8>() {
            Ok(n) if n <= 10 && candidate.len() <= 2 && self.typed != "0" => {
                self.typed = candidate;
                true
            }
            _ => false,
        }
    }

    pub fn pop(&mut self) {
        self.typed.pop();
    }

    /// The rating, or `None` when nothing was typed (the question was skipped).
    pub fn value(&self) -> Option<u8> {
        self.typed.parse().ok()
    }

    pub fn prompt(&self, question: &str) -> String {
        format!("{question} 0-10, then Enter (Enter alone skips): {}▏", self.typed)
    }
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
    fn takes_zero_to_ten_and_nothing_else() {
        let mut input = TensionInput::default();
        assert!(input.push('1'));
        assert!(input.push('0'));
        assert_eq!(input.value(), Some(10));
        assert!(!input.push('0'), "no 100");
        input.pop();
        input.pop();
        assert!(input.push('7'));
        assert!(!input.push('7'), "no 77");
        assert_eq!(input.value(), Some(7));
        let mut zero = TensionInput::default();
        assert!(zero.push('0'));
        assert!(!zero.push('5'), "no 05");
        assert!(!zero.push('x'));
        assert_eq!(TensionInput::default().value(), None);
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
