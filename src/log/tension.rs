//! How tense the person felt before and after a session, as the log keeps it.

/// Ratings before and after a session, each 0 to 10 when given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tension {
    pub before: Option<u8>,
    pub after: Option<u8>,
}
