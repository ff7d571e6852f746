//! Reminders without a resident program: the system's own timer (a systemd user timer, a
//! launchd agent, or cron) runs `knead remind` at the chosen times, and it posts a desktop
//! notification only when today's session is not done yet.

pub mod notify;
pub mod schedule;
pub mod units;

pub use schedule::{Schedule, TimeOfDay};
