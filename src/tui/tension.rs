//! The answer to "How tense do you feel? 0-10", typed as one or two digits.

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

    /// The question asked before the session, apart from how to begin: digits rate, Enter
    /// begins with or without a rating.
    pub fn rating(&self, question: &str) -> String {
        format!("{question} Type 0-10 (optional): {}▏", self.typed)
    }

    pub fn prompt(&self, question: &str) -> String {
        format!("{question} 0-10, then Enter (Enter alone skips): {}▏", self.typed)
    }
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
}
