//! What to suggest to this person: one order of routines from what their log says of each
//! (`ranking`), used by the picker, and the composer that builds a session for some areas
//! and minutes from it (`compose`). Plain Rust: the library, the log's figures and the time
//! are passed in.

pub mod compose;
pub mod ranking;
