//! Plans over days: the file format (a name, a goal, days of routines or areas, rest days,
//! a note a day), the built-in and personal plans, which plan runs (state in the data
//! folder), and where a person stands in it. Plain Rust, no terminal types.

pub mod library;
pub mod lint;
pub mod model;
pub mod parse;
pub mod progress;
pub mod running;
pub mod state;

pub use library::{PlanFile, Plans};
pub use model::{Plan, PlanDay, PlanSession};
pub use progress::{DoneSession, Progress, Today, progress, sessions_since};
pub use running::{PlanError, PlanToday, Running, running};
pub use state::{PlanState, STATE_FILE, StateError, clear_state, read_state, write_state};
