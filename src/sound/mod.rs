//! What a session sounds like: the bells that mark its steps (`alert`), the words said at
//! each cue (`spoken_cues`) and the external program that says them (`speech_program`).

pub mod alert;
pub mod speech_program;
pub mod spoken_cues;
